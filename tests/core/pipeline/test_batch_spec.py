"""Batch stage in the pipeline document: schema version 2 with a "batch" list, version-1 documents still load,
documents without batch steps are still written as version 1 (readable by earlier dtf_gui)."""

from __future__ import annotations

import json

import pytest

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.pipeline.spec import BATCH, SCHEMA_VERSION, SPLITS, PipelineDocument, PipelineSpec, StepSpec

V1_TEXT = '''{
  "schema_version": 1,
  "train": [
    {"name": "Resize", "params": {"size": [16, 16]}, "enabled": true},
    {"name": "ToImage", "params": {}, "enabled": true}
  ],
  "val": [
    {"name": "Resize", "params": {"size": [16, 16]}, "enabled": true}
  ]
}
'''


def _with_batch() -> PipelineDocument:
    doc = PipelineDocument.loads(V1_TEXT)
    return doc.with_split(BATCH, PipelineSpec.of(("CutMix", {"alpha": 1.0, "num_classes": None})))


def test_version_1_document_loads_without_a_batch_stage_and_is_written_back_byte_for_byte():
    doc = PipelineDocument.loads(V1_TEXT)
    assert doc.batch == PipelineSpec() and len(doc.get(BATCH)) == 0
    assert doc.dumps() == V1_TEXT  # no batch steps: still version 1, as earlier dtf_gui wrote and reads it
    assert doc.to_json()["schema_version"] == 1 and "batch" not in doc.to_json()


def test_version_2_round_trips_the_batch_stage_through_text_and_file(tmp_path):
    assert SCHEMA_VERSION == 2 and SPLITS == ("train", "val") and BATCH == "batch"
    doc = _with_batch()
    text = doc.dumps()
    obj = json.loads(text)
    assert obj["schema_version"] == 2
    assert obj["batch"] == [{"name": "CutMix", "params": {"alpha": 1.0, "num_classes": None}, "enabled": True}]
    assert '    {"name": "CutMix"' in text  # one step per line, like the other lists
    again = PipelineDocument.loads(text)
    assert again == doc and again.batch[0].name == "CutMix"
    assert PipelineDocument.load(doc.save(tmp_path / "p.json")) == doc
    # removing the batch steps writes version 1 again
    assert PipelineDocument.loads(doc.with_split(BATCH, PipelineSpec()).dumps()).dumps() == V1_TEXT


def test_a_batch_key_in_a_version_1_document_names_the_version():
    obj = json.loads(V1_TEXT)
    obj["batch"] = [{"name": "MixUp"}]
    with pytest.raises(PipelineError) as e:
        PipelineDocument.from_json(obj)
    text = str(e.value)
    assert '"schema_version": 1' in text and '"schema_version": 2' in text and "batch" in text


def test_batch_stage_errors_name_the_batch_stage():
    with pytest.raises(PipelineError) as e:
        PipelineDocument.loads('{"schema_version": 2, "batch": [{"name": "MixUp", "parms": {}}]}')
    assert "batch stage, step 1" in str(e.value) and e.value.split == "batch"
    with pytest.raises(PipelineError, match="newer dtf_gui"):
        PipelineDocument.loads('{"schema_version": 3, "train": [], "val": []}')


def test_with_split_and_get_accept_the_batch_stage_but_not_other_names():
    doc = _with_batch()
    assert doc.get("batch") is doc.batch
    moved = doc.with_split("train", PipelineSpec())
    assert moved.batch == doc.batch and moved.val == doc.val  # editing one list keeps the others
    assert doc.with_split("batch", PipelineSpec.of(StepSpec("MixUp", {}))).train == doc.train
    with pytest.raises(PipelineError, match="'batch'"):
        doc.get("test")
