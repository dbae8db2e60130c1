"""The batch stage's registry entries and builder: MixUp / CutMix / RandomChoice of them turn int64 [B] labels
into float32 [B, C] soft labels; batch steps are refused in per-image pipelines and per-image steps in the batch
stage, with a message naming the step."""

from __future__ import annotations

import pytest
import torch
from torchvision.transforms import v2

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.messages import render
from dtf_gui.core.pipeline.build import build_batch_transform, build_step, build_transform, check_document
from dtf_gui.core.pipeline.registry import REGISTRY, default_step, entries_by_category, step_is_random
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec, StepSpec

B, C = 6, 4


def _batch():
    g = torch.Generator().manual_seed(0)
    return torch.rand(B, 3, 8, 8, generator=g), torch.arange(B) % C


def test_the_batch_category_holds_mixup_cutmix_and_randomchoice_with_bilingual_help():
    names = [e.name for e in entries_by_category()["batch"]]
    assert names == ["MixUp", "CutMix", "RandomChoice"]
    for name in names:
        entry = REGISTRY[name]
        assert entry.random and step_is_random(default_step(name))
        assert entry.help_zh and all(p.help_zh for p in entry.params)
        assert "num_classes" in entry.param_names() and entry.param("num_classes").optional
    assert REGISTRY["RandomChoice"].param_names() == ["mixup_alpha", "cutmix_alpha", "p", "num_classes"]


@pytest.mark.parametrize("name", ["MixUp", "CutMix", "RandomChoice"])
def test_each_batch_step_turns_int64_labels_into_float32_soft_labels(name):
    tf = build_batch_transform(PipelineSpec((default_step(name),)), C)
    images, labels = _batch()
    torch.manual_seed(0)
    out_images, out_labels = tf(images, labels)
    assert out_images.shape == images.shape and out_images.dtype == torch.float32
    assert out_labels.dtype == torch.float32 and out_labels.shape == (B, C)
    assert torch.allclose(out_labels.sum(1), torch.ones(B))
    assert not torch.equal(out_images, images)  # mixed
    assert labels.dtype == torch.int64  # the caller's hard labels are left as they were


def test_num_classes_null_is_filled_with_the_data_class_count_and_a_mismatch_is_refused():
    spec = PipelineSpec.of(("CutMix", {"alpha": 1.0, "num_classes": None}))
    tf = build_batch_transform(spec, C)
    assert tf.transforms[0].num_classes == C
    with pytest.raises(PipelineError) as e:
        build_batch_transform(PipelineSpec.of(("CutMix", {"num_classes": 3})), C)
    text = render(e.value.message, "en")
    assert "batch stage, step 1 (CutMix)" in text and "num_classes" in text and "4 classes" in text
    assert e.value.param == "num_classes"
    assert "批次阶段" in render(e.value.message, "zh_CN")
    with pytest.raises(PipelineError, match="number of classes is not known"):
        build_batch_transform(spec, None)


def test_an_empty_or_all_disabled_batch_stage_builds_nothing():
    assert build_batch_transform(PipelineSpec(), C) is None
    assert build_batch_transform(PipelineSpec((StepSpec("MixUp", {}, enabled=False),)), C) is None


def test_randomchoice_draws_mixup_or_cutmix_with_the_given_probabilities():
    tf = build_batch_transform(PipelineSpec.of(("RandomChoice", {"mixup_alpha": 0.2, "cutmix_alpha": 1.0,
                                                                 "p": [1.0, 0.0]})), C)
    choice = tf.transforms[0]
    assert isinstance(choice, v2.RandomChoice) and choice.p == [1.0, 0.0]
    assert isinstance(choice.transforms[0], v2.MixUp) and choice.transforms[0].alpha == 0.2
    assert isinstance(choice.transforms[1], v2.CutMix) and choice.transforms[1].num_classes == C
    with pytest.raises(PipelineError, match="p"):
        build_batch_transform(PipelineSpec.of(("RandomChoice", {"p": [0.0, 0.0]})), C)


@pytest.mark.parametrize("split", ["train", "val"])
def test_a_batch_step_in_a_per_image_pipeline_is_refused_naming_the_step(split):
    spec = PipelineSpec.of(("Resize", {"size": 8}), ("CutMix", {}))
    with pytest.raises(PipelineError) as e:
        build_transform(spec, split=split)
    text = render(e.value.message, "en")
    assert f"{split} pipeline, step 2 (CutMix)" in text and "batch stage" in text
    assert e.value.step_index == 1 and e.value.split == split
    with pytest.raises(PipelineError, match="batch stage"):
        build_step(StepSpec("MixUp", {}))


def test_a_per_image_step_in_the_batch_stage_is_refused_naming_the_step():
    with pytest.raises(PipelineError) as e:
        build_batch_transform(PipelineSpec.of(("MixUp", {}), ("Resize", {"size": 8})), C)
    text = render(e.value.message, "en")
    assert "batch stage, step 2 (Resize)" in text and "train pipeline" in text
    assert e.value.split == "batch" and e.value.step_index == 1


def test_check_document_reports_problems_in_the_batch_stage_too():
    doc = PipelineDocument(train=PipelineSpec.of(("MixUp", {})),
                           batch=PipelineSpec.of(("Resize", {"size": 8}), ("CutMix", {"alpha": -1})))
    problems = check_document(doc)
    assert [(p.split, p.step_index) for p in problems] == [("train", 0), ("batch", 0), ("batch", 1)]
