"""Codegen of the batch stage: ``batch_transform = v2.CutMix(...)`` plus the line that applies it after the
DataLoader; the generated code gives the builder's tensors for the same seed -- images AND labels."""

from __future__ import annotations

import ast
import random

import numpy as np
import pytest
import torch
from PIL import Image
from torch.utils.data import default_collate

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.pipeline.build import build_batch_transform, build_transform
from dtf_gui.core.pipeline.codegen import to_python
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec, StepSpec

IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
TRAIN = PipelineSpec.of(("RandomResizedCrop", {"size": [16, 16], "scale": [0.5, 1.0]}),
                        ("RandomHorizontalFlip", {"p": 0.5}), ("ToImage", {}),
                        ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", IMAGENET))
C = 5


def _images() -> list[Image.Image]:
    rng = np.random.default_rng(0)
    return [Image.fromarray(rng.integers(0, 256, (20, 24, 3), dtype=np.uint8), "RGB") for _ in range(6)]


def _batch(train, batch, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """What a training step gets: per-image train transform, collation, then the batch stage."""
    torch.manual_seed(seed)
    random.seed(seed)
    x, y = default_collate([(train(img), k % C) for k, img in enumerate(_images())])
    return batch(x, y)


@pytest.mark.parametrize("batch_steps", [
    (StepSpec("CutMix", {"alpha": 1.0, "num_classes": None}),),
    (StepSpec("RandomChoice", {"mixup_alpha": 0.2, "cutmix_alpha": 1.0, "p": [0.5, 0.5]}),),
    (StepSpec("MixUp", {"alpha": 0.4}), StepSpec("CutMix", {}, enabled=False), StepSpec("CutMix", {"alpha": 2.0})),
])
def test_generated_code_gives_the_builder_images_and_labels_for_the_same_seed(batch_steps):
    doc = PipelineDocument(train=TRAIN, val=TRAIN, batch=PipelineSpec(batch_steps))
    namespace: dict = {}
    exec(compile(to_python(doc, num_classes=C), "<generated>", "exec"), namespace)  # noqa: S102 - ours, under test
    built_train, built_batch = build_transform(doc.train, split="train"), build_batch_transform(doc.batch, C)
    outputs = set()
    for seed in range(4):
        images, labels = _batch(built_train, built_batch, seed)
        got_images, got_labels = _batch(namespace["train_transform"], namespace["batch_transform"], seed)
        assert labels.dtype == torch.float32 and labels.shape == (6, C)
        assert torch.equal(got_images.as_subclass(torch.Tensor), images.as_subclass(torch.Tensor)), seed
        assert torch.equal(got_labels, labels), seed
        outputs.add((round(float(labels[1].max()), 6), round(float(images.sum()), 3)))
    assert len(outputs) > 1  # the mixing is random: equal outputs mean something


def test_the_generated_batch_stage_reads_like_torchvision():
    doc = PipelineDocument(train=TRAIN, val=TRAIN, batch=PipelineSpec.of(("CutMix", {"alpha": 1.0, "num_classes": None})))
    code = to_python(doc, num_classes=10)
    ast.parse(code)
    assert "NUM_CLASSES = 10" in code
    assert "batch_transform = v2.CutMix(alpha=1.0, num_classes=NUM_CLASSES)" in code
    assert "images, labels = batch_transform(images, labels)" in code  # the line after the DataLoader
    unknown = to_python(doc)  # the class count is not known: said, not guessed
    assert "NUM_CLASSES = None" in unknown
    choice = to_python(PipelineDocument(train=TRAIN, batch=PipelineSpec.of(("RandomChoice", {}))), num_classes=3)
    assert ("batch_transform = v2.RandomChoice([v2.MixUp(alpha=0.2, num_classes=NUM_CLASSES), "
            "v2.CutMix(alpha=1.0, num_classes=NUM_CLASSES)], p=[0.5, 0.5])") in choice
    plain = to_python(PipelineDocument(train=TRAIN, val=TRAIN))
    assert "batch_transform" not in plain and "NUM_CLASSES" not in plain  # no batch stage: as before


def test_codegen_refuses_what_the_builder_refuses():
    with pytest.raises(PipelineError, match=r"train pipeline, step 6 \(MixUp\)"):
        to_python(PipelineDocument(train=TRAIN.append(StepSpec("MixUp", {}))))
    with pytest.raises(PipelineError, match=r"batch stage, step 1 \(Resize\)"):
        to_python(PipelineDocument(train=TRAIN, batch=PipelineSpec.of(("Resize", {"size": 8}))))
    with pytest.raises(PipelineError, match="num_classes"):
        to_python(PipelineDocument(train=TRAIN, batch=PipelineSpec.of(("MixUp", {"num_classes": 4}))), num_classes=3)
