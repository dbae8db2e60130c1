"""The registry: coverage of the issue's list, schema sanity, every entry builds/runs/round-trips."""

from __future__ import annotations

import pickle
import re

import PIL.Image
import pytest
import torch
from torchvision import tv_tensors
from torchvision.transforms import InterpolationMode

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.pipeline import (
    CATEGORIES,
    REGISTRY,
    PipelineDocument,
    PipelineSpec,
    StepSpec,
    build_step,
    build_transform,
    default_step,
    entries_by_category,
    get_entry,
    step_is_random,
)
from dtf_gui.core.pipeline.registry import INPUT_KINDS, PARAM_KINDS, ParamSpec, ParamValueError

REQUIRED = {
    "geometry": ["Resize", "CenterCrop", "RandomResizedCrop", "RandomCrop", "Pad", "RandomHorizontalFlip",
                 "RandomVerticalFlip", "RandomRotation", "RandomAffine", "RandomPerspective"],
    "color": ["ColorJitter", "Grayscale", "RandomGrayscale", "GaussianBlur", "RandomAutocontrast",
              "RandomEqualize", "RandomInvert", "RandomPosterize", "RandomSolarize", "RandomAdjustSharpness"],
    "augment": ["AutoAugment", "RandAugment", "TrivialAugmentWide", "RandomErasing"],
    "type": ["ToImage", "ToDtype", "PILToTensor", "ToPILImage", "ToPureTensor", "ToTensor"],
    "normalize": ["Normalize"],
    "cleaning": ["MedianFilter", "ConvertMode"],
    "batch": ["MixUp", "CutMix", "RandomChoice"],
}
#: The per-image steps (the batch stage's steps run on whole batches: tests/core/pipeline/test_batch_build.py).
PER_IMAGE = sorted(n for n, e in REGISTRY.items() if e.category != "batch")
DETERMINISTIC = {"Resize", "CenterCrop", "Pad", "Grayscale", "ToImage", "ToDtype", "PILToTensor", "ToPILImage",
                 "ToPureTensor", "ToTensor", "Normalize", "MedianFilter", "ConvertMode"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _sample_for(entry) -> object:
    """The input the entry's metadata says it takes: a small PIL RGB image, else a uint8 / float tensor."""
    g = torch.Generator().manual_seed(0)
    if "pil" in entry.accepts:
        return PIL.Image.new("RGB", (48, 40), (200, 30, 90))
    if "tensor" in entry.accepts:
        return tv_tensors.Image(torch.randint(0, 256, (3, 40, 48), dtype=torch.uint8, generator=g))
    return tv_tensors.Image(torch.rand(3, 40, 48, generator=g))


def test_registry_covers_the_issue_list_in_the_right_categories():
    assert len(REGISTRY) == 41  # the README's count: update both together
    for category, names in REQUIRED.items():
        for name in names:
            assert REGISTRY[name].category == category, name
    assert set(entries_by_category()) == set(CATEGORIES)
    assert sum(len(v) for v in entries_by_category().values()) == len(REGISTRY)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_entry_schema_is_complete(name):
    entry = REGISTRY[name]
    assert entry.name == name and entry.category in CATEGORIES
    assert entry.help_en and entry.help_zh and CJK.search(entry.help_zh) and not CJK.search(entry.help_en)
    assert entry.accepts and set(entry.accepts) <= set(INPUT_KINDS)
    assert entry.qualname.endswith("." + name)
    assert entry.random is (name not in DETERMINISTIC)
    assert set(entry.suggested) <= set(entry.param_names())
    for p in entry.params:
        assert p.kind in PARAM_KINDS
        assert p.help_en and CJK.search(p.help_zh), (name, p.name)
        if p.kind in ("choice", "interpolation") and p.default is not None:
            assert p.default in p.choices
        assert entry.param(p.name) is p


@pytest.mark.parametrize("name", PER_IMAGE)
def test_every_entry_builds_with_defaults_runs_pickles_and_round_trips(name):
    entry = REGISTRY[name]
    step = default_step(name)
    assert step.params == entry.defaults()
    # document -> JSON text -> document is equal, and still builds
    doc = PipelineDocument(train=PipelineSpec((step,)), val=PipelineSpec((step.with_enabled(False),)))
    again = PipelineDocument.loads(doc.dumps())
    assert again == doc
    transform = build_step(again.train[0], index=0, split="train")
    torch.manual_seed(0)
    out = transform(_sample_for(entry))
    assert isinstance(out, (PIL.Image.Image, torch.Tensor))
    # the built pipeline pickles (spawn DataLoader workers) and behaves the same after it
    compose = build_transform(again.train, split="train")
    clone = pickle.loads(pickle.dumps(compose))
    x = _sample_for(entry)
    torch.manual_seed(1)
    a = compose(x)
    torch.manual_seed(1)
    b = clone(x)
    if isinstance(a, PIL.Image.Image):
        assert a.tobytes() == b.tobytes() and a.mode == b.mode
    else:
        assert torch.equal(a, b)


def test_params_are_the_constructor_keywords_and_attributes():
    """Params are exactly the v2 keywords, kept as same-named attributes (codegen/inspect read them back)."""
    t = build_step(StepSpec("Resize", {"size": [32, 24], "interpolation": "nearest", "antialias": False}))
    assert t.size == [32, 24] and t.interpolation is InterpolationMode.NEAREST and t.antialias is False
    t = build_step(StepSpec("ToDtype", {"dtype": "float16", "scale": True}))
    assert t.dtype is torch.float16 and t.scale is True
    t = build_step(StepSpec("MedianFilter", {"size": 5}))
    assert t.size == 5


def test_defaults_match_torchvision_so_omitting_a_param_means_what_it_means_there():
    import inspect

    from torchvision.transforms import v2

    for entry in REGISTRY.values():
        if not entry.qualname.startswith("torchvision.transforms.v2.") or entry.name == "RandomChoice":
            continue  # the batch stage's RandomChoice is of MixUp and CutMix: its params are theirs (a factory)
        sig = inspect.signature(getattr(v2, entry.name))
        fixed = {"labels_getter"} if entry.category == "batch" else set()  # always "default": t(images, labels)
        assert set(entry.param_names()) == set(sig.parameters) - fixed, entry.name
        for p in entry.params:
            tv_default = sig.parameters[p.name].default
            if tv_default is inspect.Parameter.empty:
                assert p.required, (entry.name, p.name)
                continue
            assert not p.required, (entry.name, p.name)
            ours = p.convert(p.default)
            if isinstance(tv_default, str) and p.kind == "interpolation":
                tv_default = InterpolationMode(tv_default)
            if hasattr(tv_default, "value") and p.kind == "choice":  # AutoAugmentPolicy
                tv_default = tv_default.value
            if isinstance(tv_default, tuple):
                tv_default = list(tv_default)
            assert ours == pytest.approx(tv_default) if isinstance(ours, (list, float)) else ours == tv_default, (
                entry.name, p.name, ours, tv_default)


def test_get_entry_suggests_close_names():
    assert get_entry("Resize").name == "Resize"
    with pytest.raises(PipelineError, match=r"Unknown transform 'Resise'; did you mean 'Resize'") as e:
        get_entry("Resise")
    assert e.value.step_name == "Resise"
    with pytest.raises(PipelineError, match="did you mean 'RandomHorizontalFlip'"):
        get_entry("randomhorizontalflip")
    with pytest.raises(PipelineError, match="Known transforms: .*Normalize"):
        get_entry("Zzzzzz")


def test_entry_param_lists_valid_names():
    with pytest.raises(PipelineError, match=r"no parameter 'sise'; did you mean 'size'\?.*interpolation") as e:
        REGISTRY["Resize"].param("sise")
    assert e.value.param == "sise"


@pytest.mark.parametrize("spec, value, expected", [
    (ParamSpec("x", "int", 1, minimum=1), 3, 3),
    (ParamSpec("x", "float", 0.5), 1, 1.0),
    (ParamSpec("x", "size", 224, minimum=1), [10, 20], [10, 20]),
    (ParamSpec("x", "int_seq", 4, minimum=0, lengths=(1, 2, 4)), [1, 2, 3, 4], [1, 2, 3, 4]),
    (ParamSpec("x", "range", 1.0, minimum=0), [0.5, 1.5], [0.5, 1.5]),
    (ParamSpec("x", "range", 1.0, lengths=(2, 4)), [-1, 1, -2, 2], [-1.0, 1.0, -2.0, 2.0]),
    (ParamSpec("x", "dtype", "float32"), "uint8", torch.uint8),
    (ParamSpec("x", "interpolation", "bilinear"), "bicubic", InterpolationMode.BICUBIC),
    (ParamSpec("x", "fill", 0), [0, 128, 255], [0, 128, 255]),
    (ParamSpec("x", "mean_std", [0.5]), [0.1, 0.2, 0.3], [0.1, 0.2, 0.3]),
    (ParamSpec("x", "choice", 1, choices=(1, 3)), 3, 3),
    (ParamSpec("x", "float", None, optional=True), None, None),
])
def test_param_kinds_convert_json_values(spec, value, expected):
    assert spec.convert(value) == expected


@pytest.mark.parametrize("spec, value, words", [
    (ParamSpec("x", "int", 1, minimum=1, maximum=8), 9, "an integer from 1 to 8, got 9"),
    (ParamSpec("x", "int", 1), True, "an integer, got true"),
    (ParamSpec("x", "int", 1), 2.5, "an integer, got 2.5"),
    (ParamSpec("x", "float", 1.0), float("nan"), "a number"),
    (ParamSpec("x", "float", 1.0, minimum=0, exclusive_minimum=True), 0, "> 0"),
    (ParamSpec("x", "bool", False), "yes", 'true or false, got "yes"'),
    (ParamSpec("x", "size", 224, minimum=1), [1, 2, 3], "[height, width]"),
    (ParamSpec("x", "range", 1.0, scalar=False), 0.5, "[min, max]"),
    (ParamSpec("x", "range", 1.0), [2, 1], "minimum 2 is above the maximum 1"),
    (ParamSpec("x", "dtype", "float32"), "float", "float32"),
    (ParamSpec("x", "interpolation", "bilinear", choices=("nearest", "bilinear")), "lanczos", '"nearest"'),
    (ParamSpec("x", "mean_std", [0.5], lengths=(1, 3)), [0.1, 0.2], "a list of 1 or 3 numbers"),
    (ParamSpec("x", "float", 1.0), None, "a number, got null"),
])
def test_param_kinds_reject_bad_values_saying_what_is_expected(spec, value, words):
    with pytest.raises(ParamValueError) as e:
        spec.convert(value)
    assert words in str(e.value)


def test_step_is_random_reads_the_flag_and_p():
    assert step_is_random(default_step("RandomHorizontalFlip"))
    assert not step_is_random(StepSpec("RandomHorizontalFlip", {"p": 0}))
    assert not step_is_random(default_step("Resize"))
    assert not step_is_random(StepSpec("NoSuchStep"))
    assert step_is_random(default_step("GaussianBlur"))  # sigma drawn from [0.1, 2.0]
    assert not step_is_random(StepSpec("GaussianBlur", {"kernel_size": 3, "sigma": 1.0}))
    assert not step_is_random(StepSpec("GaussianBlur", {"kernel_size": 3, "sigma": [1.0, 1.0]}))
    if "JPEG" in REGISTRY:
        assert not step_is_random(StepSpec("JPEG", {"quality": 50}))
        assert step_is_random(StepSpec("JPEG", {"quality": [50, 90]}))


def test_param_spec_rejects_unknown_kind():
    with pytest.raises(ValueError, match="unknown kind"):
        ParamSpec("x", "complex", 0)
