"""Pipeline documents: JSON round trip, frozen edits, clear errors for malformed files."""

from __future__ import annotations

import json

import pytest

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.pipeline import PipelineDocument, PipelineSpec, StepSpec


def _doc() -> PipelineDocument:
    spec = PipelineSpec.of(("Resize", {"size": [32, 32]}), ("ToImage", {}),
                           StepSpec("ToDtype", {"dtype": "float32", "scale": True}, enabled=False))
    return PipelineDocument(train=spec, val=spec.remove(2))


def test_round_trip_through_text_and_file(tmp_path):
    doc = _doc()
    text = doc.dumps()
    assert json.loads(text) == doc.to_json()
    assert text.count("\n") == 12  # one step per line: hand-editable and diff-friendly
    assert PipelineDocument.loads(text) == doc
    path = doc.save(tmp_path / "sub" / "p.json")
    assert PipelineDocument.load(path) == doc
    assert PipelineDocument.loads(PipelineDocument().dumps()) == PipelineDocument()


def test_edits_return_new_specs():
    spec = _doc().train
    moved = spec.move(0, 2)
    assert [s.name for s in moved] == ["ToImage", "ToDtype", "Resize"]
    assert [s.name for s in spec] == ["Resize", "ToImage", "ToDtype"]
    step = spec[0].with_params(size=8, antialias=False).without_param("antialias")
    assert step.params == {"size": 8} and spec[0].params == {"size": [32, 32]}
    assert [i for i, _ in spec.enabled_steps()] == [0, 1]
    assert _doc().with_split("val", PipelineSpec()).val == PipelineSpec()


@pytest.mark.parametrize("text, words, index", [
    ('{"schema_version": 3, "train": [], "val": []}', "newer dtf_gui", None),
    ('{"train": [], "val": [], "test": []}', "Unknown key(s) ['test']", None),
    ('{"train": {}, "val": []}', "expected a list of steps", None),
    ('{"train": [{"name": "Resize", "parms": {}}]}', "unknown key(s) ['parms']", 0),
    ('{"train": [{"name": "ToImage"}, {"params": {}}]}', "step 2: 'name' must be", 1),
    ('{"train": [{"name": "Resize", "enabled": "yes"}]}', "'enabled' must be true or false", 0),
    ('{"train": [{"name": "Resize", "params": [224]}]}', "'params' must be an object", 0),
    ('{"train": [', "not valid JSON (line 1", None),
])
def test_malformed_documents_say_where(text, words, index):
    with pytest.raises(PipelineError) as e:
        PipelineDocument.loads(text)
    assert words in str(e.value)
    assert e.value.step_index == index


def test_load_names_the_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"train": [{"name": 3}]}')
    with pytest.raises(PipelineError, match=r"bad\.json: train pipeline, step 1"):
        PipelineDocument.load(path)
    with pytest.raises(PipelineError, match="Cannot read pipeline file"):
        PipelineDocument.load(tmp_path / "missing.json")


def test_load_refuses_a_fifo_a_device_and_an_oversized_file(tmp_path):
    import os
    import threading

    fifo = tmp_path / "p.json"
    os.mkfifo(fifo)
    out = {}

    def load() -> None:
        try:
            PipelineDocument.load(fifo)
        except PipelineError as e:
            out["error"] = e

    t = threading.Thread(target=load, daemon=True)
    t.start()
    t.join(10)
    if t.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        t.join(10)
        pytest.fail("PipelineDocument.load blocked on a FIFO")
    assert "named pipe" in str(out.get("error"))
    with pytest.raises(PipelineError, match="device file"):
        PipelineDocument.load("/dev/null")
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(17 * 2**20)
    with pytest.raises(PipelineError, match="more than the 16777216 bytes"):
        PipelineDocument.load(big)
    with pytest.raises(PipelineError, match="Cannot read pipeline file"):
        PipelineDocument.load(tmp_path / "missing.json")
