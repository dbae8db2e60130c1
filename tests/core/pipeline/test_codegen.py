from __future__ import annotations

import ast
import random

import numpy as np
import pytest
import torch
from PIL import Image

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.pipeline.build import build_transform, starter_document
from dtf_gui.core.pipeline.codegen import step_expression, to_python
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec, StepSpec

IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}

TRAIN = PipelineSpec((
    StepSpec("ConvertMode", {"mode": "RGB"}),
    StepSpec("MedianFilter", {"size": 3}),
    StepSpec("RandomResizedCrop", {"size": [28, 28], "scale": [0.5, 1.0], "interpolation": "bicubic"}),
    StepSpec("RandomHorizontalFlip", {"p": 0.5}),
    StepSpec("RandomRotation", {"degrees": 15, "interpolation": "bilinear"}),
    StepSpec("ColorJitter", {"brightness": 0.3, "contrast": [0.8, 1.2], "hue": 0.05}),
    StepSpec("RandomGrayscale", {"p": 0.3}),
    StepSpec("GaussianBlur", {"kernel_size": 3, "sigma": [0.1, 1.0]}, enabled=False),
    StepSpec("AutoAugment", {"policy": "cifar10"}),
    StepSpec("ToImage", {}),
    StepSpec("MedianFilter", {"size": 3}),
    StepSpec("ToDtype", {"dtype": "float32", "scale": True}),
    StepSpec("RandomErasing", {"p": 0.5}),
    StepSpec("Normalize", IMAGENET),
))
VAL = PipelineSpec.of(("Resize", {"size": 32, "interpolation": "nearest-exact"}), ("CenterCrop", {"size": 28}),
                      ("ToTensor", {}), ("Normalize", IMAGENET))
DOC = PipelineDocument(train=TRAIN, val=VAL)


def _photo(seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (40, 50, 3), dtype=np.uint8), "RGB")


def _run(transform, image, seed: int) -> torch.Tensor:
    torch.manual_seed(seed)
    random.seed(seed)
    return transform(image)


def test_generated_code_reproduces_the_builder_with_random_steps():
    code = to_python(DOC)
    namespace: dict = {}
    exec(compile(code, "<generated>", "exec"), namespace)  # noqa: S102 - our own generated code under test
    built = {split: build_transform(DOC.get(split), split=split) for split in ("train", "val")}
    for seed in range(4):
        image = _photo(seed)
        for split in ("train", "val"):
            expected = _run(built[split], image, seed)
            got = _run(namespace[f"{split}_transform"], image, seed)
            assert got.dtype == torch.float32 and got.shape == (3, 28, 28)
            assert torch.equal(got.as_subclass(torch.Tensor), expected.as_subclass(torch.Tensor)), (split, seed)
    # the agreement above means something only if the generated *train* transform is random: one image,
    # four seeds, four different outputs (a generated file that dropped the random steps would repeat itself)
    image = _photo(0)
    generated_train = namespace["train_transform"]
    outputs = {_run(generated_train, image, seed).sum().item() for seed in range(4)}
    assert len(outputs) == 4


def test_generated_code_is_readable_torchvision():
    code = to_python(DOC)
    ast.parse(code)
    assert "from torchvision.transforms import v2" in code
    assert "train_transform = v2.Compose([" in code and "val_transform = v2.Compose([" in code
    assert "v2.ToDtype(dtype=torch.float32, scale=True)" in code
    assert "interpolation=v2.InterpolationMode.BICUBIC" in code
    assert "interpolation=v2.InterpolationMode.NEAREST_EXACT" in code
    assert "v2.AutoAugment(policy=v2.AutoAugmentPolicy.CIFAR10)" in code
    assert "transforms.ToTensor()" in code and "from torchvision import transforms" in code
    assert "# v2.GaussianBlur(kernel_size=3, sigma=[0.1, 1.0]),  # disabled" in code
    assert "class MedianFilter" in code and "class ConvertMode" in code


def test_generated_code_imports_only_torch_torchvision_and_pillow():
    tree = ast.parse(to_python(DOC))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {m.split(".")[0] for m in modules} == {"torch", "torchvision", "PIL"}


def test_starter_document_round_trips_through_code():
    doc = starter_document(16)
    namespace: dict = {}
    exec(to_python(doc), namespace)  # noqa: S102
    image = _photo(7)
    for split in ("train", "val"):
        expected = _run(build_transform(doc.get(split)), image, 1)
        assert torch.equal(_run(namespace[f"{split}_transform"], image, 1), expected)


def test_empty_or_all_disabled_split_becomes_identity_like_the_builder():
    doc = PipelineDocument(train=PipelineSpec((StepSpec("Grayscale", {}, enabled=False),)))
    namespace: dict = {}
    exec(to_python(doc), namespace)  # noqa: S102
    image = _photo(1)
    for split in ("train", "val"):
        assert namespace[f"{split}_transform"](image) is image
        assert build_transform(doc.get(split))(image) is image


def test_only_imports_what_is_used():
    code = to_python(PipelineDocument(train=PipelineSpec.of(("Resize", {"size": [8, 8]}))))
    assert "class MedianFilter" not in code and "ImageFilter" not in code
    assert "from torchvision import" not in code


@pytest.mark.parametrize(("step", "message"), [
    (StepSpec("Resise", {"size": 8}), "did you mean 'Resize'"),
    (StepSpec("Resize", {"size": 8, "sise": 3}), "sise"),
    (StepSpec("ToDtype", {"dtype": "float33"}), "dtype"),
])
def test_invalid_documents_are_refused_like_the_builder(step, message):
    doc = PipelineDocument(train=PipelineSpec((step,)))
    with pytest.raises(PipelineError, match=message):
        to_python(doc)


def test_step_expression_of_a_single_step():
    assert step_expression(StepSpec("Resize", {"size": [224, 224], "antialias": True})) == \
        "v2.Resize(size=[224, 224], antialias=True)"
