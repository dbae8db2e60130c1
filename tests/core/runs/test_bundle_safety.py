"""Exporting and reading bundles never destroys or reads outside what they should.

``--force`` replaces only an earlier bundle (never a run, a dataset, or anything else), a bundle is never
written into a run folder, every file a bundle names is read from inside it, bundle.json / run.json fields of
the wrong type are clear errors, and a best.pt that lags run.json is not exported as "best".
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import torch
from dtf_run_factory import make_run, tree_digest, write_images

from dtf_gui.core.errors import ExportError
from dtf_gui.core.runs import bundle as X
from dtf_gui.core.runs.artifacts import load_bundle, load_model_from
from dtf_gui.core.runs.bundle import export_bundle

CLASSES = ("ant", "bee", "cat")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A dataset, a run on it and one pth bundle of that run (shared; tests copy what they change)."""
    base = tmp_path_factory.mktemp("safety")
    data = write_images(base / "data", CLASSES, per_class=1)
    make_run(base / "run", data, which=("best", "last"))
    export_bundle(base / "run", base / "bundle", "pth,safetensors")
    return base


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


# -- 1. what --force may replace -------------------------------------------------------------------------


def _refused(run: Path, out: Path, match: str) -> None:
    before = tree_digest(out) if out.exists() else None
    for force in (False, True):
        with pytest.raises(ExportError, match=match):
            export_bundle(run, out, "pth", force=force)
        after = tree_digest(out) if out.exists() else None
        assert after == before  # byte-identical: nothing deleted, moved or added
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temp folders left


def test_force_never_replaces_a_run(base, tmp_path):
    run = _copy(base / "run", tmp_path / "run")
    other = _copy(base / "run", tmp_path / "other_run")
    _refused(run, run, "is a run folder")  # `dtf export RUN --out RUN --force`
    _refused(run, other, "is a run folder")
    holder = tmp_path / "project"
    _copy(base / "run", holder / "runs" / "r1")
    _refused(run, holder, "holds the run folder")


@pytest.mark.parametrize("shape", ["class_folders", "splits", "flat_images", "deep"])
def test_force_never_replaces_a_dataset(base, tmp_path, shape):
    run = _copy(base / "run", tmp_path / "run")
    out = tmp_path / "data"
    if shape == "class_folders":
        _copy(base / "data" / "train", out)
    elif shape == "splits":
        _copy(base / "data", out)
    elif shape == "flat_images":
        out.mkdir()
        for p in (base / "data" / "train").rglob("*.png"):
            shutil.copy(p, out / p.name)
    else:  # a folder that holds a dataset a few levels down, beside other things
        (out / "notes").mkdir(parents=True)
        (out / "notes" / "todo.txt").write_text("label the cats")
        _copy(base / "data", out / "projects" / "insects" / "photos")
    _refused(run, out, "images")


def test_force_never_replaces_an_unrelated_folder(base, tmp_path):
    run = _copy(base / "run", tmp_path / "run")
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.txt").write_text("three years of work")
    (out / "sub").mkdir()
    (out / "sub" / "x.bin").write_bytes(b"\x00\x01")
    _refused(run, out, "not a bundle")
    # a bundle the user put their own file into is not replaced either
    bundle = _copy(base / "bundle", tmp_path / "bundle")
    (bundle / "my_notes.txt").write_text("keep")
    _refused(run, bundle, "my_notes.txt")
    # a bundle.json that is not dtf's
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "bundle.json").write_text(json.dumps({"kind": "something else"}))
    _refused(run, fake, "not a bundle")


def test_never_writes_into_a_run_folder(base, tmp_path):
    run = _copy(base / "run", tmp_path / "run")
    other = _copy(base / "run", tmp_path / "other")
    for out in (run / "export", run / "checkpoints" / "b", other / "deep" / "er"):
        before_run, before_other = tree_digest(run), tree_digest(other)
        with pytest.raises(ExportError, match="inside the run folder"):
            export_bundle(run, out, "pth", force=True)
        assert tree_digest(run) == before_run and tree_digest(other) == before_other


def test_out_that_is_a_link_or_a_file_is_refused(base, tmp_path):
    run = _copy(base / "run", tmp_path / "run")
    bundle = _copy(base / "bundle", tmp_path / "bundle")
    link = tmp_path / "link"
    link.symlink_to(bundle, target_is_directory=True)
    before = tree_digest(bundle)
    with pytest.raises(ExportError, match="is a link"):
        export_bundle(run, link, "pth", force=True)
    assert tree_digest(bundle) == before and link.is_symlink()
    (tmp_path / "f").write_text("x")
    with pytest.raises(ExportError, match="is a file"):
        export_bundle(run, tmp_path / "f", "pth", force=True)


def test_force_replaces_an_earlier_bundle_and_keeps_it_if_the_swap_fails(base, tmp_path, monkeypatch):
    run = _copy(base / "run", tmp_path / "run")
    out = _copy(base / "bundle", tmp_path / "bundle")
    assert X.check_out_folder(out, run) == "bundle"
    with pytest.raises(ExportError, match="already holds a bundle"):
        export_bundle(run, out, "pth")
    before = tree_digest(out)
    # the swap fails at the last rename: the earlier bundle is back, byte for byte
    real_replace = os.replace

    def failing_replace(src, dst):
        if Path(src).name.startswith(".bundle.tmp-"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(X.os, "replace", failing_replace)
    with pytest.raises(OSError):
        export_bundle(run, out, "pth", force=True)
    monkeypatch.undo()
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle", "run"]
    # and with a working disk it is replaced (pth only now: no model.safetensors left)
    export_bundle(run, out, "pth", force=True)
    assert sorted(p.name for p in out.iterdir()) == ["bundle.json", "model.pth", "predict.py"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle", "run"]
    assert X.check_out_folder(tmp_path / "new", run) == "new"


# -- 2. a bundle reads only itself ----------------------------------------------------------------------


def _edit_bundle(bundle: Path, **changes) -> None:
    info = json.loads((bundle / "bundle.json").read_text())
    info.update(changes)
    (bundle / "bundle.json").write_text(json.dumps(info))


@pytest.mark.parametrize("how", ["dotdot", "absolute", "etc_passwd"])
def test_bundle_files_outside_the_bundle_are_refused(base, tmp_path, how):
    sibling = _copy(base / "bundle", tmp_path / "other_bundle")
    bundle = _copy(base / "bundle", tmp_path / "bundle")
    (bundle / "model.safetensors").unlink()
    name = {"dotdot": "../other_bundle/model.safetensors", "absolute": str(sibling / "model.safetensors"),
            "etc_passwd": "/etc/passwd"}[how]
    _edit_bundle(bundle, files={"pth": "model.pth", "safetensors": name})
    with pytest.raises(ExportError, match="outside the bundle"):
        load_bundle(bundle)
    with pytest.raises(ExportError, match="outside the bundle"):
        load_model_from(bundle)


def test_a_symlink_in_the_bundle_pointing_outside_is_refused(base, tmp_path):
    sibling = _copy(base / "bundle", tmp_path / "other_bundle")
    bundle = _copy(base / "bundle", tmp_path / "bundle")
    (bundle / "model.safetensors").unlink()
    (bundle / "model.safetensors").symlink_to(sibling / "model.safetensors")
    with pytest.raises(ExportError, match="outside the bundle"):
        load_bundle(bundle)
    # bundle.json itself may not come from elsewhere either
    b2 = _copy(base / "bundle", tmp_path / "b2")
    (b2 / "bundle.json").unlink()
    (b2 / "bundle.json").symlink_to(sibling / "bundle.json")
    with pytest.raises(ExportError, match="outside the bundle"):
        load_bundle(b2)
    # a link that stays inside is fine
    b3 = _copy(base / "bundle", tmp_path / "b3")
    (b3 / "weights.safetensors").symlink_to("model.safetensors")
    _edit_bundle(b3, files={"pth": "model.pth", "safetensors": "weights.safetensors"})
    assert load_bundle(b3).info["weights_file"] == "weights.safetensors"


@pytest.mark.parametrize(("field", "value", "match"), [
    ("files", ["model.pth"], "'files' must be an object"),
    ("files", {"pth": 3}, "'files' must be an object"),
    ("classes", "antbee", "'classes' must be a list of texts"),
    ("classes", ["ant", 2, "cat"], "'classes' must be a list of texts"),
    ("arch", 5, "'arch' must be a text"),
    ("dropout", "much", "'dropout' must be a number"),
    ("val_pipeline", [], "'val_pipeline' must be an object"),
    ("data", [1], "'data' must be an object"),
    ("schema_version", True, "schema_version"),
])
def test_bundle_fields_of_the_wrong_type_are_clear_errors(base, tmp_path, field, value, match):
    bundle = _copy(base / "bundle", tmp_path / "bundle")
    _edit_bundle(bundle, **{field: value})
    with pytest.raises(ExportError, match=match):
        load_bundle(bundle)


def test_bundle_json_that_is_not_an_object_or_not_json(base, tmp_path):
    bundle = _copy(base / "bundle", tmp_path / "bundle")
    (bundle / "bundle.json").write_text("[1, 2]")
    with pytest.raises(ExportError, match="must hold a JSON object"):
        load_bundle(bundle)
    (bundle / "bundle.json").write_text("[" * 100_000)
    with pytest.raises(ExportError, match="nests too deeply"):
        load_bundle(bundle)


@pytest.mark.parametrize(("doc", "field", "value", "match"), [
    ("run.json", "classes", "ab", "'classes' must be a list of texts"),
    ("run.json", "arch", ["resnet18"], "'arch' must be a text"),
    ("run.json", "best_epoch", "1", "'best_epoch' must be a whole number"),
    ("run.json", "input_size", ["a", "b"], "'input_size' must be"),
    ("config.json", "model", "resnet18", "'model' must be an object"),
    ("config.json", "data", {"seed": "zero"}, "'data.seed' must be a whole number"),
    ("config.json", "pipeline", [], "'pipeline' must be an object"),
])
def test_run_fields_of_the_wrong_type_are_clear_errors(base, tmp_path, doc, field, value, match):
    run = _copy(base / "run", tmp_path / "run")
    info = json.loads((run / doc).read_text())
    info[field] = value
    (run / doc).write_text(json.dumps(info))
    with pytest.raises(ExportError, match=match):
        export_bundle(run, tmp_path / "b", "pth")
    assert not (tmp_path / "b").exists()


# -- 3. best.pt behind run.json ---------------------------------------------------------------------------


def test_best_checkpoint_lagging_run_json_is_not_exported_as_best(base, tmp_path):
    run = _copy(base / "run", tmp_path / "run")
    info = json.loads((run / "run.json").read_text())
    info["best_epoch"] = 2  # the run found a better epoch 2, but stopped before best.pt was replaced
    (run / "run.json").write_text(json.dumps(info))
    ckpt = torch.load(run / "checkpoints" / "best.pt", weights_only=True)
    assert ckpt["epoch"] == 1
    with pytest.raises(ExportError, match=r"best.pt holds epoch 1 but .*run.json says the best epoch is 2.*"
                                          r"Resume the run"):
        export_bundle(run, tmp_path / "b", "pth")
    assert not (tmp_path / "b").exists()
    # the last checkpoint is still exported, and says which epoch it is
    out = export_bundle(run, tmp_path / "b", "pth", which="last")
    meta = json.loads((out / "bundle.json").read_text())
    assert meta["source"]["checkpoint"] == "last" and meta["source"]["epoch"] == 1
