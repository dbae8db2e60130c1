"""Lint of the batch stage: num_classes that does not match the data's classes, a batch step in the val (or
train) pipeline, a per-image step in the batch stage, and a batch stage that fails on the train pipeline's
output -- bilingual messages, with fixes that lint accepts afterwards."""

from __future__ import annotations

from dtf_gui.core.messages import render
from dtf_gui.core.pipeline.lint import apply_fix, lint
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec, StepSpec

IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
GOOD = PipelineSpec.of(("Resize", {"size": [16, 16]}), ("ToImage", {}),
                       ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", IMAGENET))


def _batch_findings(doc: PipelineDocument, **kw):
    return [f for f in lint(doc, **kw) if f.rule.startswith("batch-") or f.split == "batch"]


def test_a_clean_batch_stage_has_no_findings():
    doc = PipelineDocument(train=GOOD, val=GOOD, batch=PipelineSpec.of(("CutMix", {"num_classes": None})))
    assert _batch_findings(doc, num_classes=10) == []
    assert lint(doc, num_classes=10) == []


def test_num_classes_that_does_not_match_the_data_is_an_error_with_a_fix():
    doc = PipelineDocument(train=GOOD, val=GOOD, batch=PipelineSpec.of(("MixUp", {"alpha": 0.2, "num_classes": 5})))
    assert _batch_findings(doc) == []  # the data's classes unknown: nothing to compare with
    [finding] = _batch_findings(doc, num_classes=3)
    assert (finding.rule, finding.severity, finding.split, finding.step_index) == (
        "batch-num-classes", "error", "batch", 0)
    en, zh = render(finding.msg, "en"), render(finding.msg, "zh_CN")
    assert "batch stage, step 1 (MixUp)" in en and "num_classes is 5" in en and "3 classes" in en
    assert "批次阶段" in zh and "3" in zh
    assert render(finding.fix, "en") and render(finding.fix, "zh_CN") != render(finding.fix, "en")
    fixed = apply_fix(doc, finding)
    assert fixed.batch[0].params == {"alpha": 0.2, "num_classes": None}
    assert _batch_findings(fixed, num_classes=3) == []


def test_a_batch_step_in_the_val_pipeline_is_an_error_and_the_fix_removes_it():
    doc = PipelineDocument(train=GOOD, val=GOOD.append(StepSpec("CutMix", {})))
    found = [f for f in lint(doc) if f.split == "val"]
    assert [(f.rule, f.step_index, f.severity) for f in found] == [("batch-step-in-split", 4, "error")]
    assert "validation" in found[0].message and "CutMix" in found[0].message
    assert "验证" in render(found[0].msg, "zh_CN")
    fixed = apply_fix(doc, found[0])
    assert [s.name for s in fixed.val] == [s.name for s in GOOD] and len(fixed.batch) == 0
    assert lint(fixed) == []


def test_a_batch_step_in_the_train_pipeline_moves_to_the_batch_stage():
    doc = PipelineDocument(train=GOOD.append(StepSpec("MixUp", {"alpha": 0.2})), val=GOOD)
    [finding] = [f for f in lint(doc) if f.split == "train"]
    assert finding.rule == "batch-step-in-split" and "batch stage" in render(finding.fix, "en")
    fixed = apply_fix(doc, finding)
    assert [s.name for s in fixed.train] == [s.name for s in GOOD]
    assert fixed.batch == PipelineSpec.of(("MixUp", {"alpha": 0.2}))
    assert lint(fixed) == []


def test_a_per_image_step_in_the_batch_stage_moves_to_the_train_pipeline():
    doc = PipelineDocument(train=GOOD, val=GOOD,
                           batch=PipelineSpec.of(("RandomHorizontalFlip", {"p": 0.5}), ("CutMix", {})))
    [finding] = _batch_findings(doc)
    assert (finding.rule, finding.split, finding.step_index) == ("batch-per-image-step", "batch", 0)
    fixed = apply_fix(doc, finding)
    assert [s.name for s in fixed.batch] == ["CutMix"]
    assert [s.name for s in fixed.train] == ["Resize", "RandomHorizontalFlip", "ToImage", "ToDtype", "Normalize"]
    assert lint(fixed) == []


def test_a_batch_stage_on_a_train_pipeline_that_gives_no_batchable_tensor_is_reported():
    doc = PipelineDocument(train=PipelineSpec.of(("Resize", {"size": [16, 16]})), val=GOOD,
                           batch=PipelineSpec.of(("CutMix", {})))
    found = _batch_findings(doc)
    assert [(f.rule, f.split) for f in found] == [("step-fails", "batch")]
    assert "batch" in found[0].message.lower()
