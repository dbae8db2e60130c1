from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch
import torchvision
from dtf_run_factory import image_paths, make_run, pipeline, plain_model, write_images
from torch import nn

from dtf_gui.core.data.datasets import load_rgb
from dtf_gui.core.errors import ExportError, WeightsError
from dtf_gui.core.models.zoo import head_recipe
from dtf_gui.core.pipeline.build import build_transform
from dtf_gui.core.runs.artifacts import load_bundle, load_model_from, read_state_dict
from dtf_gui.core.runs.bundle import export_bundle, parse_formats
from dtf_gui.core.runs.predict import predict_images

CLASSES = ("ant", "bee", "cat")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """One resnet18 run exported in all four formats (the slow part), shared by the tests below."""
    base = tmp_path_factory.mktemp("export")
    data = write_images(base / "data", CLASSES)
    model = make_run(base / "run", data)
    bundle = export_bundle(base / "run", base / "bundle", "pth,safetensors,torchscript,onnx")
    x = torch.stack([build_transform(pipeline().val)(load_rgb(p)) for p in image_paths(data)])
    with torch.no_grad():
        ref = model(x)
    return {"base": base, "data": data, "model": model, "bundle": bundle, "x": x, "ref": ref}


def _snippet_logits(bundle: Path, arch: str, recipe: str, x: torch.Tensor, tmp: Path) -> torch.Tensor:
    """Run the README snippet in a fresh interpreter that imports only torch and torchvision."""
    torch.save(x, tmp / "x.pt")
    code = textwrap.dedent(f"""\
        import sys
        import torch, torchvision
        from torch import nn
        m = torchvision.models.{arch}()
        {{recipe}}
        m.load_state_dict(torch.load("model.pth", weights_only=True))
        m.eval()
        with torch.no_grad():
            torch.save(m(torch.load({str(tmp / 'x.pt')!r}, weights_only=True)), {str(tmp / 'y.pt')!r})
        assert not any(k.startswith("dtf_gui") for k in sys.modules), "snippet imported dtf_gui"
    """).replace("{recipe}", recipe.strip())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=bundle, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return torch.load(tmp / "y.pt", weights_only=True)


def test_bundle_json_describes_the_model(exported):
    b = exported["bundle"]
    names = {p.name for p in b.iterdir()}
    assert names == {"bundle.json", "predict.py", "model.pth", "model.safetensors", "model.torchscript.pt",
                     "model.onnx"}
    assert not [p for p in b.parent.iterdir() if p.name.startswith(".")]  # no temp folders left
    info = json.loads((b / "bundle.json").read_text())
    assert info["arch"] == "resnet18" and info["classes"] == list(CLASSES) and info["num_classes"] == 3
    assert info["head_recipe"] == head_recipe("resnet18", 3) == "m.fc = nn.Linear(m.fc.in_features, 3)\n"
    assert info["input_size"] == [3, 32, 32]
    assert info["val_pipeline"]["val"] == pipeline().val.to_json() and info["val_pipeline"]["train"] == []
    assert set(info["versions"]) >= {"torch", "torchvision", "dtf_gui"}
    assert info["metrics"]["best_val_acc"] == 0.5 and info["metrics"]["at_epoch"]["val_loss"] == 1.1
    assert info["checks"]["torchscript"]["max_rel_diff"] < 1e-4
    assert info["checks"]["onnx"]["checked_with"].startswith("onnxruntime")
    assert info["data"] == {"val_fraction": 0.2, "seed": 0}


def test_model_pth_loads_with_the_plain_snippet(exported, tmp_path):
    info = json.loads((exported["bundle"] / "bundle.json").read_text())
    y = _snippet_logits(exported["bundle"], "resnet18", info["head_recipe"], exported["x"], tmp_path)
    torch.testing.assert_close(y, exported["ref"], rtol=0, atol=1e-5)
    sd = torch.load(exported["bundle"] / "model.pth", weights_only=True)
    assert type(sd) is dict and all(isinstance(v, torch.Tensor) for v in sd.values())
    assert not any(k.startswith(("module.", "_orig_mod.")) for k in sd)


def test_every_format_reproduces_the_logits(exported):
    from safetensors.torch import load_file

    b, x, ref = exported["bundle"], exported["x"], exported["ref"]
    m = torchvision.models.resnet18()
    m.fc = nn.Linear(512, 3)
    m.load_state_dict(load_file(str(b / "model.safetensors")))
    with torch.no_grad():
        torch.testing.assert_close(m.eval()(x), ref, rtol=0, atol=1e-5)
        ts = torch.jit.load(str(b / "model.torchscript.pt"))
        torch.testing.assert_close(ts(x), ref, rtol=0, atol=1e-4)
        for prefer in ("pth", "safetensors"):
            torch.testing.assert_close(load_bundle(b, prefer=prefer).model(x), ref, rtol=0, atol=1e-5)
    ort = pytest.importorskip("onnxruntime")
    session = ort.InferenceSession(str(b / "model.onnx"), providers=["CPUExecutionProvider"])
    got = session.run(None, {"input": x.numpy()})[0]  # batch of 12 though exported with 2: dynamic axis
    torch.testing.assert_close(torch.from_numpy(got), ref, rtol=0, atol=1e-4)


def test_predict_images_and_load_model_from_agree(exported):
    paths = image_paths(exported["data"])
    bundle = load_bundle(exported["bundle"])
    assert bundle.classes == list(CLASSES) and bundle.arch == "resnet18"
    tops = predict_images(bundle, paths, top_k=2, batch_size=5)
    probs = torch.softmax(exported["ref"].double(), 1)
    for row, p in zip(tops, probs, strict=True):
        assert len(row) == 2 and row[0][1] >= row[1][1]
        assert row[0] == (CLASSES[int(p.argmax())], pytest.approx(float(p.max()), abs=1e-6))
    for source in (exported["base"] / "run", exported["bundle"]):
        model, classes, doc, info = load_model_from(source)
        assert classes == list(CLASSES) and doc.val == pipeline().val and info["data"]["val_fraction"] == 0.2
        with torch.no_grad():
            torch.testing.assert_close(model(exported["x"]), exported["ref"], rtol=0, atol=1e-5)


class _Payload:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
@pytest.mark.parametrize("how", ["torch.save", "raw pickle"])
def test_code_running_pickle_is_refused(exported, tmp_path, how):
    bundle = export_bundle(exported["base"] / "run", tmp_path / "b", "pth")
    assert sorted(p.name for p in bundle.iterdir()) == ["bundle.json", "model.pth", "predict.py"]
    marker = tmp_path / "pwned"
    evil = {"fc.weight": _Payload(marker)}
    if how == "torch.save":
        torch.save(evil, bundle / "model.pth")
    else:
        (bundle / "model.pth").write_bytes(pickle.dumps(evil))
    with pytest.raises(WeightsError, match=r"Refused to load model\.pth.*nothing ran"):
        load_bundle(bundle)
    with pytest.raises(WeightsError, match="Refused"):
        read_state_dict(bundle / "model.pth")
    assert not marker.exists()
    # the payload is real: an unsafe load would have run it
    if how == "torch.save":
        torch.load(bundle / "model.pth", weights_only=False)
    else:
        pickle.loads((bundle / "model.pth").read_bytes())
    assert marker.exists()


def test_existing_bundle_folder_needs_force(exported, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    for force in (False, True):  # a folder that is not an earlier bundle is never replaced
        with pytest.raises(ExportError, match="not a bundle"):
            export_bundle(exported["base"] / "run", out, "pth", force=force)
    assert (out / "keep.txt").read_text() == "mine"
    (out / "keep.txt").unlink()
    export_bundle(exported["base"] / "run", out, "pth,safetensors")
    with pytest.raises(ExportError, match="already holds a bundle.*--force"):
        export_bundle(exported["base"] / "run", out, "pth")
    export_bundle(exported["base"] / "run", out, "pth", force=True)
    assert sorted(p.name for p in out.iterdir()) == ["bundle.json", "model.pth", "predict.py"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # temp and old folders are gone
    empty = tmp_path / "empty"
    empty.mkdir()
    assert export_bundle(exported["base"] / "run", empty, ["pth"]) == empty.absolute()


def test_mobilenet_with_dropout_plain_snippet(tmp_path):
    data = write_images(tmp_path / "data", CLASSES, per_class=1)
    model = make_run(tmp_path / "run", data, arch="mobilenet_v2", dropout=0.3, which=("last",))
    with pytest.raises(ExportError, match="no best checkpoint yet.*Export the last checkpoint instead"):
        export_bundle(tmp_path / "run", tmp_path / "b")
    bundle = export_bundle(tmp_path / "run", tmp_path / "b", "pth", which="last")
    info = json.loads((bundle / "bundle.json").read_text())
    assert info["dropout"] == 0.3 and "m.classifier[0].p = 0.3" in info["head_recipe"]
    x = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(1))
    # the snippet in-process this time (the subprocess test above covers the isolation)
    ns = {"m": torchvision.models.mobilenet_v2(), "nn": nn}
    exec(info["head_recipe"], ns)
    ns["m"].load_state_dict(torch.load(bundle / "model.pth", weights_only=True))
    with torch.no_grad():
        torch.testing.assert_close(ns["m"].eval()(x), model(x), rtol=0, atol=1e-5)


def test_clear_errors(tmp_path):
    with pytest.raises(ExportError, match="not a run directory"):
        export_bundle(tmp_path, tmp_path / "b")
    with pytest.raises(ExportError, match="Unknown export format.*'tflite'"):
        parse_formats("pth,tflite")
    assert parse_formats("onnx") == ("pth", "onnx")
    with pytest.raises(ExportError, match="not an export bundle"):
        load_bundle(tmp_path)
    # weights of another shape: the message names the run and the architecture
    data = write_images(tmp_path / "data", CLASSES, per_class=1)
    make_run(tmp_path / "run", data)
    run = json.loads((tmp_path / "run" / "run.json").read_text())
    run["classes"] = ["a", "b"]
    (tmp_path / "run" / "run.json").write_text(json.dumps(run))
    with pytest.raises(ExportError, match="do not fit resnet18 with 2 classes"):
        export_bundle(tmp_path / "run", tmp_path / "b")
    assert not (tmp_path / "b").exists()


def test_plain_model_helper_matches_zoo_recipe():
    # the factory's tutorial-style head is what dtf_gui's recipe says
    m = plain_model("mobilenet_v2", 4, dropout=0.25)
    ns = {"m": torchvision.models.mobilenet_v2(), "nn": nn}
    exec(head_recipe("mobilenet_v2", 4, 0.25), ns)  # our own generated code, as predict.py runs it
    assert repr(ns["m"].classifier) == repr(m.classifier)
