"""The builder: every kind of bad input names split / step / parameter; built pipelines are right and pickle."""

from __future__ import annotations

import pickle

import PIL.Image
import pytest
import torch
from torchvision import tv_tensors

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.pipeline import (
    ConvertMode,
    MedianFilter,
    PipelineDocument,
    PipelineSpec,
    StepSpec,
    build_document,
    build_steps,
    build_transform,
    check_document,
    load_sample_pipeline,
    resolve_params,
    sample_pipelines,
    starter_document,
    step_is_random,
)


def _fail(steps, split="train") -> PipelineError:
    with pytest.raises(PipelineError) as e:
        build_transform(PipelineSpec.of(*steps), split=split)
    return e.value


OK = ("ToImage", {})


@pytest.mark.parametrize("steps, index, name, param, words", [
    # unknown step name, with a suggestion
    ([OK, ("Resise", {"size": 8})], 1, "Resise", None, "Unknown transform 'Resise'; did you mean 'Resize'?"),
    # unknown parameter: suggestion and the list of valid ones
    ([("Resize", {"size": 8, "interp": "nearest"})], 0, "Resize", "interp",
     "unknown parameter; did you mean 'interpolation'? Valid parameters: size, interpolation, max_size, antialias"),
    ([OK, ("ToImage", {"x": 1})], 1, "ToImage", "x", "none (this step takes no parameters)"),
    # wrong type
    ([("Resize", {"size": "big"})], 0, "Resize", "size", 'expected an integer ≥ 1 or a list [height, width]'),
    ([("ToDtype", {"dtype": "float32", "scale": "yes"})], 0, "ToDtype", "scale", 'true or false, got "yes"'),
    # out of range
    ([("RandomHorizontalFlip", {"p": 1.5})], 0, "RandomHorizontalFlip", "p", "a number from 0 to 1, got 1.5"),
    ([("Normalize", {"mean": [0.5], "std": [0.0]})], 0, "Normalize", "std", "> 0"),
    ([("RandomPosterize", {"bits": 9})], 0, "RandomPosterize", "bits", "from 1 to 8, got 9"),
    # bad choices
    ([("Pad", {"padding": 2, "padding_mode": "wrap"})], 0, "Pad", "padding_mode", '"constant", "edge"'),
    ([OK, ("ToDtype", {"dtype": "float"})], 1, "ToDtype", "dtype", 'a dtype name: "float32"'),
    ([("RandomRotation", {"degrees": 5, "interpolation": "bicubic"})], 0, "RandomRotation", "interpolation",
     'one of "nearest", "bilinear", got "bicubic"'),
    ([("AutoAugment", {"policy": "coco"})], 0, "AutoAugment", "policy", '"imagenet", "cifar10", "svhn"'),
    # missing required
    ([("Resize", {})], 0, "Resize", "size", "missing; Resize needs it"),
    # reversed range
    ([("RandomResizedCrop", {"size": 8, "scale": [1.0, 0.5]})], 0, "RandomResizedCrop", "scale",
     "minimum 1 is above the maximum 0.5"),
    # errors torchvision's constructor raises, re-raised in the same form
    ([("GaussianBlur", {"kernel_size": 4})], 0, "GaussianBlur", "kernel_size", "odd"),
    ([("RandomRotation", {"degrees": -5})], 0, "RandomRotation", "degrees", "RandomRotation refused the value: If degrees is a single number"),
    ([("RandAugment", {"magnitude": 31})], 0, "RandAugment", "magnitude", "below num_magnitude_bins"),
    ([("MedianFilter", {"size": 4})], 0, "MedianFilter", "size", "odd"),
])
def test_every_kind_of_bad_input_names_split_step_and_param(steps, index, name, param, words):
    err = _fail(steps, split="val")
    msg = str(err)
    assert (err.split, err.step_index, err.step_name, err.param) == ("val", index, name, param)
    assert msg.startswith(f"val pipeline, step {index + 1} ({name})"), msg
    if param:
        assert f"parameter '{param}'" in msg
    assert words in msg, msg


def test_disabled_steps_are_skipped_and_indices_are_the_documents():
    spec = PipelineSpec.of(("Resize", {"size": 8}), StepSpec("Bogus", {}, enabled=False), OK,
                           ("ToDtype", {"dtype": "float32", "scale": True}))
    built = build_steps(spec, split="train")
    assert [(i, s.name) for i, s, _ in built] == [(0, "Resize"), (2, "ToImage"), (3, "ToDtype")]
    out = build_transform(spec)(PIL.Image.new("RGB", (20, 10), (255, 0, 0)))
    assert out.dtype == torch.float32 and tuple(out.shape) == (3, 8, 16) and out.max() == 1.0


def test_empty_pipeline_is_identity():
    img = PIL.Image.new("RGB", (5, 5))
    assert build_transform(PipelineSpec())(img) is img


def test_resolve_params_fills_defaults_and_converts_names():
    kw = resolve_params(StepSpec("Resize", {"size": 32}))
    assert kw["size"] == 32 and kw["interpolation"].value == "bilinear" and kw["antialias"] is True
    assert kw["max_size"] is None
    assert resolve_params(StepSpec("ToDtype", {"dtype": "uint8"}))["dtype"] is torch.uint8


def test_check_document_reports_every_problem():
    doc = PipelineDocument(
        train=PipelineSpec.of(("Resize", {"size": 0}), OK, ("Normalize", {"mean": [0.5]})),
        val=PipelineSpec.of(("CenterCrop", {"size": 8}), ("Nope", {})),
    )
    problems = check_document(doc)
    assert [(e.split, e.step_index, e.param) for e in problems] == [
        ("train", 0, "size"), ("train", 2, "std"), ("val", 1, None)]
    with pytest.raises(PipelineError, match=r"train pipeline, step 1 \(Resize\)"):
        build_document(doc)


def test_errors_from_a_file_name_the_file(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"schema_version": 1, "train": [{"name": "Resize"}, {"name": "ToImage"}], "val": []}')
    doc = PipelineDocument.load(path)  # params and enabled may be omitted
    assert doc.train[1] == StepSpec("ToImage", {}, True)
    with pytest.raises(PipelineError, match="parameter 'size': missing"):
        build_document(doc)


def test_no_code_in_documents():
    """A document can only name registry entries: no Lambda, no module paths, no eval."""
    for name in ("Lambda", "os.system", "torchvision.transforms.v2.Resize", "__import__"):
        with pytest.raises(PipelineError, match="Unknown transform"):
            build_transform(PipelineSpec.of((name, {})))


def test_built_pipeline_pickles_and_gives_the_same_tensor_for_the_same_seed():
    doc = starter_document(32, hflip=True)
    compose = build_transform(doc.train, split="train")
    clone = pickle.loads(pickle.dumps(compose))
    img = PIL.Image.effect_mandelbrot((40, 30), (-2, -1, 1, 1), 50).convert("RGB")
    torch.manual_seed(7)
    a = compose(img)
    torch.manual_seed(7)
    b = clone(img)
    assert torch.equal(a, b)


@pytest.mark.parametrize("size", [64, 224])
def test_starter_document(size):
    doc = starter_document(size)
    assert [s.name for s in doc.val] == ["Resize", "ToImage", "ToDtype", "Normalize"]
    assert [s.name for s in doc.train] == ["Resize", "RandomAffine", "ToImage", "ToDtype", "Normalize"]
    assert not any(step_is_random(s) for s in doc.val)
    assert "RandomHorizontalFlip" not in [s.name for s in doc.train]  # wrong for digits
    assert "RandomHorizontalFlip" in [s.name for s in starter_document(size, hflip=True).train]
    built = build_document(doc)
    digit = PIL.Image.new("L", (8, 8), 0).convert("RGB")  # what load_rgb makes of a demo digit
    for split in ("train", "val"):
        out = built[split](digit)
        assert out.dtype == torch.float32 and tuple(out.shape) == (3, size, size)
    # black in [0, 1] normalised with the ImageNet mean/std
    assert built["val"](digit)[0].mean().item() == pytest.approx(-0.485 / 0.229, abs=1e-4)
    with pytest.raises(PipelineError, match="image_size"):
        starter_document(0)


def test_sample_pipelines_ship_and_build():
    assert {"tutorial_resize224", "digits_64"} <= set(sample_pipelines())
    assert load_sample_pipeline("digits_64") == starter_document(64)
    tut = load_sample_pipeline("tutorial_resize224")
    assert [s.name for s in tut.val] == ["Resize", "ToTensor", "Normalize"]
    out = build_transform(tut.val)(PIL.Image.new("RGB", (50, 30), (255, 255, 255)))
    assert type(out) is torch.Tensor and out.dtype == torch.float32 and tuple(out.shape) == (3, 224, 224)
    assert out[0].mean().item() == pytest.approx((1 - 0.485) / 0.229, abs=1e-4)
    with pytest.raises(PipelineError, match="did you mean 'digits_64'"):
        load_sample_pipeline("digits64")


# -- dtf_gui's own cleaning steps --------------------------------------------------------------------


def _speckled() -> torch.Tensor:
    x = torch.full((3, 12, 12), 100, dtype=torch.uint8)
    x[:, 3, 4] = 255
    x[:, 8, 9] = 0
    return x


def test_median_filter_removes_speckles_on_tensors_and_pil_alike():
    x = _speckled()
    out = MedianFilter(3)(tv_tensors.Image(x))
    assert isinstance(out, tv_tensors.Image) and out.dtype == torch.uint8
    assert torch.equal(out, torch.full_like(x, 100))
    pil = PIL.Image.fromarray(x.permute(1, 2, 0).numpy())
    out_pil = MedianFilter(3)(pil)
    assert isinstance(out_pil, PIL.Image.Image) and out_pil.getextrema() == ((100, 100),) * 3
    f = MedianFilter(3)(x.float() / 255)  # float tensors too, values unchanged where flat
    assert f.dtype == torch.float32 and torch.allclose(f, torch.full_like(f, 100 / 255))


def test_convert_mode():
    img = PIL.Image.new("LA", (4, 4), (30, 255))
    assert ConvertMode("RGB")(img).mode == "RGB" and ConvertMode("L")(img).mode == "L"
    with pytest.raises(TypeError, match="move it before ToImage"):
        ConvertMode("RGB")(torch.zeros(3, 4, 4))
    with pytest.raises(ValueError, match="mode must be one of"):
        ConvertMode("XYZ")
