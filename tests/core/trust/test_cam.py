"""Grad-CAM (core.trust.cam): a default target layer for every zoo architecture, the map drawn on the image the
model actually saw (the val pipeline up to its Normalize), for the class asked about."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from dtf_run_factory import make_run
from PIL import Image

from dtf_gui.core.errors import DtfError
from dtf_gui.core.messages import render
from dtf_gui.core.models import zoo
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec
from dtf_gui.core.trust.cam import CamRequest, blend, cam_for_tensor, cam_images, save_overlays

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
CLASSES = ("ant", "bee", "cat")


def _blob_image(size: int = 64, seed: int = 0) -> torch.Tensor:
    """A normalised image with one bright blob off-centre: something for a map to point at."""
    g = torch.Generator().manual_seed(seed)
    yy, xx = torch.meshgrid(torch.arange(size), torch.arange(size), indexing="ij")
    blob = torch.exp(-(((yy - size * 0.3) ** 2 + (xx - size * 0.7) ** 2) / (2 * (size / 8) ** 2)))
    img = 0.2 + 0.7 * blob[None].repeat(3, 1, 1) + 0.05 * torch.randn(3, size, size, generator=g)
    return ((img - torch.tensor(MEAN)[:, None, None]) / torch.tensor(STD)[:, None, None])[None]


@pytest.mark.parametrize("arch", list(zoo.ARCHS))
def test_every_zoo_arch_has_a_cam_layer_and_gets_an_overlay(arch: str) -> None:
    torch.manual_seed(0)
    model = zoo.build_plain(arch, 3).eval()
    layer = zoo.arch_info(arch).cam_layer
    assert layer and model.get_submodule(layer) is not None
    x = _blob_image(64)
    with torch.no_grad():
        probs = torch.softmax(model(x).double(), 1)[0]
    cam = cam_for_tensor(model, arch, x, None)
    assert cam.class_index == int(probs.argmax())  # None = the predicted class
    assert cam.probability == pytest.approx(float(probs.max()), abs=1e-5)
    # a random network need not hold evidence *for* its top class; some class of the three it has
    maps = [cam_for_tensor(model, arch, x, k) for k in range(3)]
    for m in maps:
        assert m.heat.shape == (64, 64) and m.heat.dtype == np.float32
        assert 0.0 <= m.heat.min() and m.heat.max() <= 1.0
        assert m.heat.max() - m.heat.min() > 0.2 or m.note.code == "cam.no_evidence", "a flat map, unexplained"
    best = max(maps, key=lambda m: m.heat.max() - m.heat.min())
    assert best.heat.max() - best.heat.min() > 0.2, "a constant map shows nothing"
    shown = np.full((64, 64, 3), 128, np.uint8)
    over = blend(shown, best.heat)
    assert over.shape == (64, 64, 3) and over.dtype == np.uint8 and not np.array_equal(over, shown)


def test_cam_for_tensor_leaves_the_callers_model_as_it_found_it() -> None:
    model = zoo.build_plain("mobilenet_v3_small", 3).train()
    before = {n: p.requires_grad for n, p in model.named_parameters()}
    model.get_submodule("classifier.0").weight.requires_grad_(False)
    before["classifier.0.weight"] = False
    cam_for_tensor(model, "mobilenet_v3_small", _blob_image(64), 1)
    assert model.training
    assert {n: p.requires_grad for n, p in model.named_parameters()} == before
    assert all(p.grad is None for p in model.parameters())
    assert not any(m._forward_hooks for m in model.modules()), "hooks left behind"


def _run_with_pipeline(tmp_path: Path, val: PipelineSpec, arch: str = "resnet18") -> Path:
    """A run folder (random weights) whose val pipeline is ``val``."""
    data = tmp_path / "data"
    data.mkdir()
    run = tmp_path / "run"
    make_run(run, data, arch=arch, classes=CLASSES)
    config = json.loads((run / "config.json").read_text())
    config["pipeline"] = PipelineDocument(train=val, val=val).to_json()
    (run / "config.json").write_text(json.dumps(config))
    return run


def _photo(path: Path, w: int = 90, h: int = 70, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w]
    arr = np.stack([xx * 255 // w, yy * 255 // h, (xx + yy) % 256], -1).astype(float)
    arr = np.clip(arr + rng.normal(0, 20, arr.shape), 0, 255).astype(np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(arr, "RGB").save(path)
    return path


def test_shown_is_the_val_pipeline_output_before_normalize(tmp_path: Path) -> None:
    from torchvision.transforms import v2

    val = PipelineSpec.of(("Resize", {"size": 72}), ("CenterCrop", {"size": [64, 64]}), ("ToImage", {}),
                          ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", {"mean": MEAN, "std": STD}))
    run = _run_with_pipeline(tmp_path, val)
    img = _photo(tmp_path / "img" / "wide.png")
    [res] = cam_images(CamRequest(str(run), (str(img),)))
    pre = v2.Compose([v2.Resize(72), v2.CenterCrop([64, 64]), v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
    want = (pre(Image.open(img).convert("RGB")) * 255).round().clamp(0, 255).byte().permute(1, 2, 0).numpy()
    assert res.shown.shape == (64, 64, 3) and res.shown.dtype == np.uint8
    assert np.array_equal(res.shown, want)
    assert res.heat.shape == (64, 64) and res.overlay.shape == (64, 64, 3)
    assert res.path == str(img) and res.class_name == CLASSES[res.class_index]
    from dtf_gui.core.runs.artifacts import load_predictor
    from dtf_gui.core.runs.predict import predict_images

    [top] = predict_images(load_predictor(run), [img], top_k=1)
    assert top[0] == (res.class_name, pytest.approx(res.probability, abs=1e-5))  # the same answer as dtf predict


def test_the_target_class_changes_the_map(tmp_path: Path) -> None:
    val = PipelineSpec.of(("Resize", {"size": [64, 64]}), ("ToImage", {}),
                          ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", {"mean": MEAN, "std": STD}))
    run = _run_with_pipeline(tmp_path, val)
    img = str(_photo(tmp_path / "img" / "a.png"))
    maps = {}
    for target in (0, 1, 2):
        [res] = cam_images(CamRequest(str(run), (img,), target=target))
        assert (res.class_index, res.class_name) == (target, CLASSES[target])
        maps[target] = res.heat
    assert np.abs(maps[0] - maps[1]).mean() > 0.02 and np.abs(maps[1] - maps[2]).mean() > 0.02
    with pytest.raises(DtfError) as err:
        cam_images(CamRequest(str(run), (img,), target=3))
    assert "3" in render(err.value.message, "en") and "ant" in render(err.value.message, "en")


def test_a_too_small_input_is_said_not_drawn_as_a_flat_map(tmp_path: Path) -> None:
    val = PipelineSpec.of(("Resize", {"size": [32, 32]}), ("ToImage", {}),
                          ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", {"mean": MEAN, "std": STD}))
    run = _run_with_pipeline(tmp_path, val)
    [res] = cam_images(CamRequest(str(run), (str(_photo(tmp_path / "img" / "a.png")),)))
    assert res.note is not None and "1×1" in render(res.note, "en") and render(res.note, "zh") != render(res.note, "en")


def test_an_ensemble_is_refused_in_both_languages(tmp_path: Path) -> None:
    ens = tmp_path / "ens"
    ens.mkdir()  # what an ensemble bundle is known by (core.runs.artifacts.is_ensemble); nothing else is read
    (ens / "bundle.json").write_text(json.dumps({"kind": "dtf_gui.ensemble", "schema_version": 1}))
    with pytest.raises(DtfError) as err:
        cam_images(CamRequest(str(ens), (str(_photo(tmp_path / "img" / "a.png")),)))
    assert err.value.message.code == "cam.ensemble"
    assert "members" in render(err.value.message, "en") and "members" in render(err.value.message, "zh")


def test_save_overlays_never_overwrites_and_names_each_file_once(tmp_path: Path) -> None:
    val = PipelineSpec.of(("Resize", {"size": [64, 64]}), ("ToImage", {}),
                          ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", {"mean": MEAN, "std": STD}))
    run = _run_with_pipeline(tmp_path, val)
    a = _photo(tmp_path / "x" / "same.png", seed=1)
    b = _photo(tmp_path / "y" / "same.png", seed=2)
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "same_cam.png"
    mine.write_bytes(b"the user's file")
    results = cam_images(CamRequest(str(run), (str(a), str(b))))
    written = save_overlays(results, out)
    assert len(written) == 2 and len(set(written)) == 2 and mine not in written
    assert mine.read_bytes() == b"the user's file"
    for path, res in zip(written, results, strict=True):
        assert np.array_equal(np.asarray(Image.open(path).convert("RGB")), res.overlay)
    again = save_overlays(results, out)
    assert not set(again) & set(written) and sorted(p.name for p in out.iterdir()) == sorted(
        [mine.name, *(p.name for p in written), *(p.name for p in again)])
