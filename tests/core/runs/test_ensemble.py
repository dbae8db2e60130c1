"""Ensemble bundles: the probabilities are the weighted mean of the members' (each through its own pipeline);
refusals name what is wrong; evaluation reads an ensemble like any model; an earlier ensemble is replaced only
with force."""

from __future__ import annotations

import json

import pytest
from dtf_run_factory import image_paths, make_run, tree_digest, write_images

from dtf_gui.core.errors import ExportError
from dtf_gui.core.runs.artifacts import load_bundle, load_predictor
from dtf_gui.core.runs.ensemble import export_ensemble
from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation
from dtf_gui.core.runs.predict import predict_images


@pytest.fixture(scope="module")
def ens(tmp_path_factory):
    """Two members with different architectures, input sizes (16, 20) and seeds, weighted 1:3."""
    base = tmp_path_factory.mktemp("ens")
    data = write_images(base / "data", per_class=3)
    make_run(base / "r1", data, image_size=16, seed=0)
    make_run(base / "r2", data, arch="mobilenet_v2", image_size=20, seed=1)
    written = export_ensemble([base / "r1", base / "r2"], base / "ens", [1, 3], onnx=False)
    return base, data, written, {}


def _probs_of(ens, name):
    """Class -> probability per val image of the run/ensemble ``name``, computed once per module."""
    base, data, written, cache = ens
    if name not in cache:
        cache[name] = _probs(written.out if name == "ens" else base / name, image_paths(data))
    return cache[name]


def _probs(model_path, images):
    tops = predict_images(load_predictor(model_path), images, top_k=3)
    return [dict(t) for t in tops]


def test_probabilities_are_the_weighted_mean_of_the_members(ens):
    base, data, written, _ = ens
    info = json.loads((written.out / "bundle.json").read_text())
    assert info["kind"] == "dtf_gui.ensemble" and [m["weight"] for m in info["members"]] == [0.25, 0.75]
    assert [i["input_size"] for i in info["inputs"]] == [[3, 16, 16], [3, 20, 20]]  # own pipeline each
    p1, p2, pe = _probs_of(ens, "r1"), _probs_of(ens, "r2"), _probs_of(ens, "ens")
    for a, b, e in zip(p1, p2, pe, strict=True):
        for c in e:
            assert e[c] == pytest.approx(0.25 * a[c] + 0.75 * b[c], abs=1e-6)
    assert any(max(a, key=a.get) != max(b, key=b.get) for a, b in zip(p1, p2, strict=True))  # members disagree


def test_evaluation_reads_an_ensemble_like_any_model(ens, tmp_path):
    base, data, written, _ = ens
    out = run_evaluation(EvalRequest(str(written.out), str(data)))
    single = run_evaluation(EvalRequest(str(base / "r1"), str(data)))
    assert out.extra["model_kind"] == "ensemble" and out.extra["members"] == ["resnet18", "mobilenet_v2"]
    assert list(out.result.paths) == list(single.result.paths)
    by_path = dict(zip(map(str, image_paths(data)), _probs_of(ens, "ens"), strict=True))
    for path, row in zip(out.result.paths, out.result.probs, strict=True):
        assert dict(zip(out.classes, row.tolist(), strict=True)) == pytest.approx(by_path[str(path)], abs=1e-6)
    out.result.write_reports(tmp_path / "e", extra=out.extra)
    single.result.write_reports(tmp_path / "s", extra=single.extra)
    assert sorted(p.name for p in (tmp_path / "e").iterdir()) == sorted(p.name for p in (tmp_path / "s").iterdir())


def test_members_are_plain_bundles(ens):
    _, _, written, _ = ens
    member = load_bundle(written.out / "members" / "1")
    assert member.arch == "mobilenet_v2" and (written.out / "members" / "1" / "model.pth").is_file()
    with pytest.raises(ExportError, match="ensemble bundle"):
        load_bundle(written.out)


def test_classes_that_differ_are_refused_naming_both(ens, tmp_path):
    base, data, _, _ = ens
    make_run(tmp_path / "dogs", data, classes=("ant", "bee", "dog"))
    with pytest.raises(ExportError) as e:
        export_ensemble([base / "r1", tmp_path / "dogs"], tmp_path / "out", onnx=False)
    text = str(e.value)
    assert "r1" in text and "dogs" in text and "'dog'" in text and "'cat'" in text
    make_run(tmp_path / "order", data, classes=("bee", "ant", "cat"))
    with pytest.raises(ExportError, match="different order"):
        export_ensemble([base / "r1", tmp_path / "order"], tmp_path / "out", onnx=False)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("weights", "words"), [
    ([1.0], "1 weights were given for 2 models"),
    ([1.0, -1.0], "Weight 2 is -1.0"),
    ([0.0, 0.0], "All weights are 0"),
])
def test_bad_weights_are_refused(ens, tmp_path, weights, words):
    base, _, _, _ = ens
    with pytest.raises(ExportError, match=words):
        export_ensemble([base / "r1", base / "r2"], tmp_path / "out", weights, onnx=False)
    assert not (tmp_path / "out").exists()


def test_one_member_or_one_twice_is_refused(ens, tmp_path):
    base, _, written, _ = ens
    with pytest.raises(ExportError, match="at least 2"):
        export_ensemble([base / "r1"], tmp_path / "out", onnx=False)
    with pytest.raises(ExportError, match="chosen twice"):
        export_ensemble([base / "r1", base / "r1"], tmp_path / "out", onnx=False)
    with pytest.raises(ExportError, match="already an ensemble"):
        export_ensemble([base / "r1", written.out], tmp_path / "out", onnx=False)


def test_earlier_ensemble_replaced_only_with_force_and_never_a_run(ens, tmp_path):
    base, _, _, _ = ens
    out = tmp_path / "out"
    export_ensemble([base / "r1", base / "r2"], out, onnx=False)
    before = tree_digest(out)
    with pytest.raises(ExportError, match="force"):
        export_ensemble([base / "r2", base / "r1"], out, onnx=False)
    assert tree_digest(out) == before
    export_ensemble([base / "r2", base / "r1"], out, [1, 1], force=True, onnx=False)
    assert json.loads((out / "bundle.json").read_text())["members"][0]["arch"] == "mobilenet_v2"
    run_before = tree_digest(base / "r1")
    with pytest.raises(ExportError, match="run"):
        export_ensemble([base / "r1", base / "r2"], base / "r1" / "ens", onnx=False)
    assert tree_digest(base / "r1") == run_before


def test_a_member_folder_outside_the_ensemble_is_refused(ens, tmp_path):
    import shutil

    _, _, written, _ = ens
    copy = tmp_path / "copy"
    shutil.copytree(written.out, copy)
    info = json.loads((copy / "bundle.json").read_text())
    info["members"][1]["folder"] = "../../elsewhere"
    (copy / "bundle.json").write_text(json.dumps(info))
    with pytest.raises(ExportError, match="outside"):
        load_predictor(copy)
    info["members"][1]["folder"] = "members/1"
    info["members"][1]["weight"] = -1
    (copy / "bundle.json").write_text(json.dumps(info))
    with pytest.raises(ExportError, match="Weight 2 is -1"):
        load_predictor(copy)
