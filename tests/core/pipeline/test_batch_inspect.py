"""The batch trace: a batch of B samples through the train pipeline, collated, then each batch step, with the
label type and shape before (int64 [B]) and after (float32 [B, C]) and the image tensor's type."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from dtf_gui.core.pipeline.inspect import trace_batch
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec, StepSpec

IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
TRAIN = PipelineSpec.of(("Resize", {"size": [16, 16]}), ("RandomHorizontalFlip", {"p": 0.5}), ("ToImage", {}),
                        ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", IMAGENET))


def _doc(*batch: StepSpec) -> PipelineDocument:
    return PipelineDocument(train=TRAIN, val=TRAIN.remove(1), batch=PipelineSpec(batch))


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "photo.png"
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 256, (20, 24, 3), dtype=np.uint8), "RGB").save(path)
    return path


def test_cutmix_turns_int64_labels_into_float32_soft_labels_in_the_trace(photo):
    result = trace_batch(_doc(StepSpec("CutMix", {"alpha": 1.0})), [(photo, k % 10) for k in range(8)],
                         num_classes=10, seed=0)
    assert result.ok, result.error
    before, after = result.infos
    assert (before.step_index, after.step_index, after.step_name) == (None, 0, "CutMix")
    assert before.label_badge() == "int64 [8]" and after.label_badge() == "float32 [8, 10]"
    assert before.images_badge() == after.images_badge() == "Tensor float32 8×3×16×16"
    assert not before.type_changed and after.type_changed
    assert len(after.thumbnails) == 4 and after.thumbnails[0].shape == (16, 16, 3)
    assert after.thumbnails[0].dtype == np.uint8
    assert before.label_texts[:3] == ["0", "1", "2"]
    assert any("+" in text for text in after.label_texts)  # mixed: two classes with their shares
    data = result.to_json()
    assert data["batch_size"] == 8 and data["num_classes"] == 10 and data["num_classes_source"] == "data"
    assert [(s["labels"]["dtype"], s["labels"]["shape"]) for s in data["steps"]] == [
        ("int64", [8]), ("float32", [8, 10])]
    assert data["steps"][1]["images"]["shape"] == [8, 3, 16, 16]


def test_the_same_seed_gives_the_same_batch_and_leaves_the_global_rng_alone(photo):
    doc = _doc(StepSpec("RandomChoice", {}))
    torch.manual_seed(123)
    expected_next = torch.rand(1)
    torch.manual_seed(123)
    a = trace_batch(doc, [(photo, k % 3) for k in range(6)], num_classes=3, seed=4)
    assert torch.equal(torch.rand(1), expected_next)
    b = trace_batch(doc, [(photo, k % 3) for k in range(6)], num_classes=3, seed=4)
    assert torch.equal(a.output[0], b.output[0]) and torch.equal(a.output[1], b.output[1])
    assert a.output[1].shape == (6, 3)


def test_the_class_count_comes_from_the_step_when_the_data_is_not_known(photo):
    result = trace_batch(_doc(StepSpec("MixUp", {"num_classes": 5})), [(photo, 0), (photo, 4)])
    assert result.num_classes == 5 and result.num_classes_source == "step"
    assert result.infos[-1].label_badge() == "float32 [2, 5]"
    assumed = trace_batch(_doc(StepSpec("MixUp", {})), [(photo, 0), (photo, 1)])
    assert assumed.num_classes_source == "assumed" and assumed.infos[-1].label_badge().startswith("float32 [2, ")


def test_a_failing_batch_step_stops_the_trace_with_a_message_naming_it(photo):
    result = trace_batch(_doc(StepSpec("MixUp", {}), StepSpec("Resize", {"size": 8})), [(photo, 0), (photo, 1)],
                         num_classes=2)
    assert not result.ok and result.failed_index == 1
    assert "batch stage, step 2 (Resize)" in str(result.error)
    assert result.infos[-1].error is not None and result.infos[1].label_badge() == "float32 [2, 2]"
