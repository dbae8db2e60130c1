from __future__ import annotations

import json
import random

import numpy as np
import pytest
import torch
from PIL import Image
from torchvision import tv_tensors

from dtf_gui.core.errors import DataError
from dtf_gui.core.pipeline.build import build_transform
from dtf_gui.core.pipeline.inspect import describe, trace
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec, StepSpec

IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
TUTORIAL = PipelineSpec.of(("Resize", {"size": [224, 224]}), ("ToTensor", {}), ("Normalize", IMAGENET))


def _photo(w: int = 64, h: int = 48, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8), "RGB")


@pytest.fixture
def jpeg(tmp_path):
    path = tmp_path / "photo.jpg"
    _photo(80, 60).save(path, quality=90)
    return path


# -- describe ------------------------------------------------------------------------------------
def test_badges_match_the_documented_format():
    assert describe(Image.new("RGB", (500, 375))).badge() == "PIL RGB 500×375"
    t = torch.zeros(3, 224, 224, dtype=torch.uint8)
    t[0, 0, 0] = 255
    assert describe(t).badge() == "Tensor uint8 3×224×224 [0, 255]"
    f = torch.zeros(3, 224, 224)
    f[0, 0, 0], f[1, 0, 0] = -2.1179, 2.64
    assert describe(f).badge() == "Tensor float32 3×224×224 [-2.12, 2.64]"
    assert describe(tv_tensors.Image(f)).badge() == "Image float32 3×224×224 [-2.12, 2.64]"


def test_pil_description_has_per_channel_stats_and_layout():
    arr = np.zeros((10, 20, 3), dtype=np.uint8)
    arr[..., 0] = 200
    arr[:5, :, 1] = 100
    info = describe(Image.fromarray(arr, "RGB"))
    assert (info.kind, info.mode, info.size, info.layout, info.channels) == ("PIL.Image", "RGB", (20, 10), "HWC", 3)
    assert info.shape == (10, 20, 3)
    assert info.min == [200.0, 0.0, 0.0] and info.max == [200.0, 100.0, 0.0]
    assert info.mean == pytest.approx([200.0, 50.0, 0.0])
    assert info.std == pytest.approx([0.0, 50.0, 0.0])
    gray = describe(Image.fromarray(arr[..., 1], "L"))
    assert (gray.layout, gray.channels, gray.shape) == ("HW", 1, (10, 20))


def test_tensor_and_ndarray_layouts():
    chw = describe(torch.rand(3, 8, 6))
    assert (chw.layout, chw.channels, chw.size, chw.dtype) == ("CHW", 3, (6, 8), "float32")
    hwc_tensor = describe(torch.rand(8, 6, 3))  # e.g. torch.from_numpy on an HWC array
    assert (hwc_tensor.layout, hwc_tensor.channels, hwc_tensor.size) == ("HWC", 3, (6, 8))
    hwc = describe(np.zeros((8, 6, 3), dtype=np.uint8))
    assert (hwc.kind, hwc.layout, hwc.channels, hwc.shape) == ("ndarray", "HWC", 3, (8, 6, 3))
    batch = describe(torch.rand(2, 3, 5, 5))
    assert (batch.layout, batch.channels) == ("NCHW", 3)


def test_stats_are_per_channel_on_full_data():
    t = torch.stack([torch.full((50, 40), 0.25), torch.linspace(0, 1, 2000).reshape(50, 40)])
    info = describe(t)
    assert info.channels == 2
    assert info.min == pytest.approx([0.25, 0.0]) and info.max == pytest.approx([0.25, 1.0])
    assert info.mean == pytest.approx([0.25, 0.5], abs=1e-6)
    assert info.std[1] == pytest.approx(float(t[1].std(correction=0)), rel=1e-5)


@pytest.mark.parametrize("obj", [
    Image.new("L", (300, 200), 7),
    Image.new("RGBA", (40, 30), (255, 0, 0, 0)),
    Image.new("I;16", (40, 30), 4000),
    Image.new("P", (40, 30)),
    torch.rand(1, 300, 200),
    torch.rand(4, 30, 40),
    torch.zeros(3, 30, 40, dtype=torch.bool),
    torch.full((3, 30, 40), 3000, dtype=torch.int32),
    np.zeros((30, 40), dtype=np.float64),
])
def test_thumbnails_are_small_uint8_rgb(obj):
    thumb = describe(obj, thumb_size=64).thumbnail
    assert thumb.dtype == np.uint8 and thumb.ndim == 3 and thumb.shape[2] == 3
    assert max(thumb.shape[:2]) <= 64


def test_thumbnail_composites_alpha_on_white():
    transparent_red = describe(Image.new("RGBA", (10, 10), (255, 0, 0, 0))).thumbnail
    assert (transparent_red == 255).all()


def test_thumbnail_min_max_scales_float_out_of_range_without_normalize():
    t = torch.linspace(-5, 5, 100).reshape(1, 10, 10).expand(3, 10, 10)
    thumb = describe(t).thumbnail
    assert thumb.min() == 0 and thumb.max() == 255


def test_type_changed_compares_kind_dtype_and_mode():
    a = describe(Image.new("L", (4, 4)))
    b = describe(Image.new("RGB", (4, 4)), previous=a)
    c = describe(Image.new("RGB", (8, 8)), previous=b)
    d = describe(torch.zeros(3, 4, 4, dtype=torch.uint8), previous=c)
    assert (b.type_changed, c.type_changed, d.type_changed) == (True, False, True)


# -- trace ---------------------------------------------------------------------------------------
def test_tutorial_pipeline_on_jpeg_shows_pil_then_unit_float_then_normalised(jpeg):
    result = trace(TUTORIAL, jpeg, 0)
    assert result.ok, result.error
    raw, loaded, resized, tensor, normalized = result.infos
    assert raw.badge() == "PIL RGB 80×60" and raw.step_index is None
    assert loaded.kind == "PIL.Image" and loaded.mode == "RGB" and loaded.step_index is None
    assert resized.badge() == "PIL RGB 224×224" and not resized.type_changed
    assert (tensor.kind, tensor.dtype, tensor.shape, tensor.layout) == ("Tensor", "float32", (3, 224, 224), "CHW")
    assert tensor.type_changed
    lo, hi = tensor.value_range()
    assert 0.0 <= lo and hi <= 1.0
    nlo, nhi = normalized.value_range()
    assert nlo < -1.5 and nhi > 2.0  # (0 - 0.485) / 0.229 = -2.12, (1 - 0.406) / 0.225 = 2.64
    assert normalized.badge().startswith("Tensor float32 3×224×224 [-")
    expected = (np.asarray(tensor.mean) - IMAGENET["mean"]) / IMAGENET["std"]
    assert normalized.mean == pytest.approx(list(expected), abs=1e-4)
    assert isinstance(result.output, torch.Tensor) and result.output.shape == (3, 224, 224)


def test_normalize_moved_first_stops_there_with_the_fix(jpeg):
    moved = TUTORIAL.move(2, 0)
    result = trace(moved, jpeg, 0)
    assert not result.ok and result.failed_index == 0
    assert len(result.infos) == 3 and result.infos[-1].error == result.error
    assert "step 1 (normalize)" in str(result.error).lower()
    assert "Normalize needs a float tensor: add ToImage and ToDtype(float32, scale=True) before it" in str(result.error)


def test_normalize_on_uint8_tensor_suggests_todtype():
    spec = PipelineSpec.of(("ToImage", {}), ("Normalize", IMAGENET))
    result = trace(spec, _photo(), 0, split="val")
    assert result.failed_index == 1
    assert "val pipeline, step 2 (Normalize)" in str(result.error)
    assert "ToDtype(float32, scale=True)" in str(result.error) and "uint8" in str(result.error)


def test_bad_parameter_stops_trace_at_that_step_with_the_builders_message():
    spec = PipelineSpec.of(("Resize", {"size": [16, 16]}), ("CenterCrop", {"size": -3}))
    result = trace(spec, _photo(), 0)
    assert result.failed_index == 1 and len(result.infos) == 3
    assert result.infos[1].badge() == "PIL RGB 16×16"
    assert "step 2" in str(result.error) and "size" in str(result.error)


def test_crop_larger_than_image_suggests_resize_or_padding():
    result = trace(PipelineSpec.of(("RandomCrop", {"size": 100})), _photo(20, 20), 0)
    assert result.failed_index == 0 and "pad_if_needed" in str(result.error)


def test_grayscale_file_is_shown_raw_then_as_loaded_rgb(tmp_path):
    path = tmp_path / "digit.png"
    Image.fromarray(np.arange(32 * 32, dtype=np.uint16).reshape(32, 32).astype(np.uint8), "L").save(path)
    result = trace(PipelineSpec(), path, 0)
    raw, loaded = result.infos
    assert raw.badge() == "PIL L 32×32" and raw.step_name == "file digit.png"
    assert loaded.badge() == "PIL RGB 32×32" and loaded.type_changed


def test_sixteen_bit_file_shows_its_raw_range_then_the_scaled_rgb(tmp_path):
    path = tmp_path / "scan16.png"
    Image.fromarray(np.linspace(0, 60000, 24 * 24).reshape(24, 24).astype(np.uint16)).save(path)
    raw, loaded = trace(PipelineSpec(), path, 0).infos
    assert raw.mode.startswith("I") and raw.max[0] >= 59999
    assert raw.thumbnail.max() == 255 and raw.thumbnail.min() == 0  # min-max scaled for display
    assert loaded.badge() == "PIL RGB 24×24" and loaded.type_changed
    assert 200 <= loaded.max[0] <= 255 and loaded.mean[0] > 50  # scaled, not clipped to white


def test_unreadable_file_is_a_data_error(tmp_path):
    bad = tmp_path / "notes.jpg"
    bad.write_text("not an image")
    with pytest.raises(DataError, match="notes.jpg"):
        trace(TUTORIAL, bad, 0)
    with pytest.raises(DataError, match="not found"):
        trace(TUTORIAL, tmp_path / "missing.png", 0)


def test_disabled_steps_are_skipped_and_indices_kept():
    spec = PipelineSpec((StepSpec("Resize", {"size": [10, 10]}), StepSpec("Grayscale", {}, enabled=False),
                         StepSpec("ToImage", {})))
    result = trace(spec, _photo(), 0)
    assert [i.step_index for i in result.infos] == [None, 0, 2]
    assert result.infos[-1].channels == 3


RANDOM = PipelineSpec.of(
    ("RandomResizedCrop", {"size": [24, 24]}),
    ("RandomHorizontalFlip", {}),
    ("ColorJitter", {"brightness": 0.4, "hue": 0.1}),
    ("ToImage", {}),
    ("ToDtype", {"dtype": "float32", "scale": True}),
    ("RandomErasing", {"p": 0.5}),
)


def test_trace_is_seeded_and_matches_the_compose_builder():
    image = _photo()
    a = trace(RANDOM, image, 3).output
    b = trace(RANDOM, image, 3).output
    c = trace(RANDOM, image, 4).output
    assert torch.equal(a, b) and not torch.equal(a, c)
    torch.manual_seed(3)
    random.seed(3)
    assert torch.equal(build_transform(RANDOM)(image), a)


def test_trace_restores_the_global_rng_state():
    torch.manual_seed(123)
    random.seed(123)
    expected = (torch.rand(3), random.random())
    torch.manual_seed(123)
    random.seed(123)
    trace(RANDOM, _photo(), 0)
    assert torch.equal(torch.rand(3), expected[0]) and random.random() == expected[1]


def test_thumbnail_after_normalize_is_mapped_back_by_its_mean_std():
    spec = PipelineSpec.of(("ToImage", {}), ("ToDtype", {"dtype": "float32", "scale": True}),
                           ("Normalize", IMAGENET))
    result = trace(spec, _photo(40, 30), 0, thumb_size=64)
    before, after = result.infos[-2].thumbnail, result.infos[-1].thumbnail
    assert np.abs(before.astype(int) - after.astype(int)).max() <= 1


def test_trace_accepts_a_document_and_serialises_to_json():
    doc = PipelineDocument(train=TUTORIAL, val=PipelineSpec.of(("Resize", {"size": [8, 8]})))
    result = trace(doc, _photo(), 0, split="val")
    assert result.final.badge() == "PIL RGB 8×8"
    data = json.loads(json.dumps(result.to_json()))
    assert data["ok"] and data["steps"][-1]["badge"] == "PIL RGB 8×8"
    assert data["steps"][-1]["min"] == result.final.min
