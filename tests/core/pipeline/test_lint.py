from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.pipeline.build import starter_document
from dtf_gui.core.pipeline.lint import RULES, apply_fix, lint, synthetic_sample
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec

IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
RESIZE = ("Resize", {"size": [32, 32]})
TO_IMAGE = ("ToImage", {})
TO_FLOAT = ("ToDtype", {"dtype": "float32", "scale": True})
NORMALIZE = ("Normalize", IMAGENET)
GOOD = PipelineSpec.of(RESIZE, TO_IMAGE, TO_FLOAT, NORMALIZE)


def make(train, val=GOOD) -> PipelineDocument:
    train = train if isinstance(train, PipelineSpec) else PipelineSpec.of(*train)
    val = val if isinstance(val, PipelineSpec) else PipelineSpec.of(*val)
    return PipelineDocument(train=train, val=val)


def rules(findings) -> set[tuple[str, str]]:
    return {(f.rule, f.split) for f in findings}


def only(findings, rule: str):
    hits = [f for f in findings if f.rule == rule]
    assert len(hits) == 1, findings
    return hits[0]


def fix_and_recheck(doc: PipelineDocument, rule: str, split: str = "train", **kw) -> PipelineDocument:
    """Apply the finding's fix; the finding must be gone and nothing may newly go wrong."""
    findings = lint(doc, **kw)
    finding = only([f for f in findings if f.split == split], rule)
    assert finding.fix_label and finding.edits
    fixed = apply_fix(doc, finding)
    after = lint(fixed, **kw)
    assert (rule, split) not in rules(after), after
    assert rules(after) <= rules(findings), after
    return fixed


def test_good_pipelines_have_no_findings():
    assert lint(starter_document(32)) == []
    assert lint(make(GOOD)) == []


# -- normalize-before-float ------------------------------------------------------------------------
def test_normalize_before_float_fires_and_moving_it_fixes_it():
    doc = make([RESIZE, NORMALIZE, TO_IMAGE, TO_FLOAT])
    finding = only(lint(doc), "normalize-before-float")
    assert finding.severity == "error" and finding.step_index == 1
    assert "step 2 (Normalize)" in finding.message and "move it after step 4 (ToDtype)" in finding.message
    assert "step-fails" not in {f.rule for f in lint(doc)}
    fixed = fix_and_recheck(doc, "normalize-before-float")
    assert [s.name for s in fixed.train] == ["Resize", "ToImage", "ToDtype", "Normalize"]


@pytest.mark.parametrize(("train", "inserted"), [
    ([RESIZE, NORMALIZE], ["ToImage", "ToDtype"]),
    ([RESIZE, TO_IMAGE, NORMALIZE], ["ToDtype"]),
])
def test_normalize_before_float_inserts_the_missing_conversions(train, inserted):
    finding = only(lint(make(train)), "normalize-before-float")
    assert "ToDtype(float32, scale=True) before it" in finding.message
    assert ("ToImage" in finding.message) == ("ToImage" in inserted)
    fixed = fix_and_recheck(make(train), "normalize-before-float")
    names = [s.name for s in fixed.train]
    assert names[names.index("Normalize") - len(inserted):names.index("Normalize")] == inserted


def test_normalize_after_totensor_does_not_fire():
    doc = make([RESIZE, ("ToTensor", {}), NORMALIZE])
    assert "normalize-before-float" not in {f.rule for f in lint(doc)}


# -- todtype-no-scale --------------------------------------------------------------------------------
def test_todtype_without_scale_on_uint8_fires_and_setting_scale_fixes_it():
    doc = make([RESIZE, TO_IMAGE, ("ToDtype", {"dtype": "float32"}), NORMALIZE])
    finding = only(lint(doc), "todtype-no-scale")
    assert finding.step_index == 2 and "scale=True" in finding.message
    fixed = fix_and_recheck(doc, "todtype-no-scale")
    assert fixed.train[2].params["scale"] is True
    assert lint(fixed) == []


def test_todtype_without_scale_on_float_data_does_not_fire():
    doc = make([RESIZE, ("ToTensor", {}), ("ToDtype", {"dtype": "float32"}), NORMALIZE])
    assert "todtype-no-scale" not in {f.rule for f in lint(doc)}


# -- normalize-on-0-255 --------------------------------------------------------------------------------
def test_imagenet_normalize_on_0_255_data_fires_and_fix_scales_the_todtype():
    doc = make([RESIZE, TO_IMAGE, ("ToDtype", {"dtype": "float32"}), NORMALIZE])
    finding = only(lint(doc), "normalize-on-0-255")
    assert finding.step_index == 3 and "0–255" in finding.message
    fixed = fix_and_recheck(doc, "normalize-on-0-255")
    assert fixed.train[2].params["scale"] is True


def test_imagenet_normalize_on_0_255_float_sample_fix_scales_mean_std():
    sample = torch.rand(3, 20, 20) * 255
    doc = make([NORMALIZE], [NORMALIZE])
    fixed = fix_and_recheck(doc, "normalize-on-0-255", sample=sample)
    assert fixed.train[0].params["mean"] == pytest.approx([0.485 * 255, 0.456 * 255, 0.406 * 255])


def test_normalize_with_byte_scale_mean_does_not_fire():
    doc = make([RESIZE, TO_IMAGE, ("ToDtype", {"dtype": "float32"}),
                ("Normalize", {"mean": [127.5] * 3, "std": [127.5] * 3})])
    assert "normalize-on-0-255" not in {f.rule for f in lint(doc)}


# -- channels --------------------------------------------------------------------------------------------
def test_one_channel_output_fires_and_fix_sets_grayscale_to_three():
    doc = make([RESIZE, ("Grayscale", {"num_output_channels": 1}), TO_IMAGE, TO_FLOAT,
                ("Normalize", {"mean": [0.5], "std": [0.5]})])
    finding = only(lint(doc), "channels")
    assert finding.step_index == 1 and "1 channel" in finding.message
    fixed = fix_and_recheck(doc, "channels")
    assert fixed.train[1].params["num_output_channels"] == 3


def test_four_channel_output_fires_and_fix_converts_to_rgb():
    doc = make([RESIZE, ("ConvertMode", {"mode": "RGBA"}), TO_IMAGE, TO_FLOAT])
    finding = only(lint(doc), "channels")
    assert "4 channel" in finding.message
    fixed = fix_and_recheck(doc, "channels")
    assert fixed.train[1].params["mode"] == "RGB"


def test_normalize_broadcasting_one_channel_to_three_fires_and_fix_sets_grayscale_to_three():
    doc = make([RESIZE, ("Grayscale", {}), TO_IMAGE, TO_FLOAT, NORMALIZE])
    finding = only(lint(doc), "channels")  # the output has 3 channels, made by Normalize's broadcast
    assert finding.step_index == 4 and "broadcasts" in finding.message
    fixed = fix_and_recheck(doc, "channels")
    assert fixed.train[1].params["num_output_channels"] == 3


def test_three_channel_grayscale_does_not_fire():
    doc = make([RESIZE, ("Grayscale", {"num_output_channels": 3}), TO_IMAGE, TO_FLOAT, NORMALIZE])
    assert lint(doc) == []


# -- no-fixed-size ----------------------------------------------------------------------------------------
def test_no_resize_fires_and_fix_resizes_to_the_other_splits_size():
    doc = make([TO_IMAGE, TO_FLOAT, NORMALIZE], [("Resize", {"size": [32, 24]}), TO_IMAGE, TO_FLOAT, NORMALIZE])
    finding = only(lint(doc), "no-fixed-size")
    assert finding.severity == "error" and "317×251" in finding.message
    fixed = fix_and_recheck(doc, "no-fixed-size")
    assert fixed.train[0].name == "Resize" and fixed.train[0].params["size"] == [32, 24]
    assert lint(fixed) == []


def test_resize_of_the_shorter_side_only_fires_and_fix_adds_a_center_crop():
    doc = make([("Resize", {"size": 32}), TO_IMAGE, TO_FLOAT, NORMALIZE])
    only(lint(doc), "no-fixed-size")
    fixed = fix_and_recheck(doc, "no-fixed-size")
    assert (fixed.train[1].name, fixed.train[1].params["size"]) == ("CenterCrop", 32)
    assert lint(fixed) == []


def test_resize_then_center_crop_does_not_fire():
    doc = make([("Resize", {"size": 36}), ("CenterCrop", {"size": 32}), TO_IMAGE, TO_FLOAT, NORMALIZE])
    assert lint(doc) == []


# -- random-in-val ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("step", "replacement"), [
    (("RandomHorizontalFlip", {}), None),
    (("RandomCrop", {"size": [32, 32]}), "CenterCrop"),
    (("RandomResizedCrop", {"size": [32, 32]}), "Resize"),
])
def test_random_step_in_val_fires_and_fix_makes_it_deterministic(step, replacement):
    val = PipelineSpec.of(RESIZE, step, TO_IMAGE, TO_FLOAT, NORMALIZE)
    doc = make(GOOD, val)
    finding = only(lint(doc), "random-in-val")
    assert finding.split == "val" and finding.step_index == 1
    fixed = fix_and_recheck(doc, "random-in-val", split="val")
    names = [s.name for s in fixed.val]
    assert step[0] not in names
    if replacement:
        assert names[1] == replacement and fixed.val[1].params["size"] == [32, 32]
    assert lint(fixed) == []


def test_random_steps_in_train_or_with_p_zero_do_not_fire():
    doc = make([RESIZE, ("RandomHorizontalFlip", {}), TO_IMAGE, TO_FLOAT, NORMALIZE],
               [RESIZE, ("RandomHorizontalFlip", {"p": 0}), TO_IMAGE, TO_FLOAT, NORMALIZE])
    assert lint(doc) == []


# -- output-not-float32 ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("train", "appended"), [
    ([RESIZE], ["ToImage", "ToDtype"]),
    ([RESIZE, TO_IMAGE], ["ToDtype"]),
    ([RESIZE, TO_IMAGE, ("ToDtype", {"dtype": "float64", "scale": True})], ["ToDtype"]),
])
def test_output_not_float32_fires_and_fix_appends_the_conversion(train, appended):
    doc = make(train)
    finding = only(lint(doc), "output-not-float32")
    assert finding.step_index is None and "float32 tensor" in finding.message
    fixed = fix_and_recheck(doc, "output-not-float32")
    assert [s.name for s in fixed.train][-len(appended):] == appended


def test_float32_output_without_normalize_does_not_fire():
    assert lint(make([RESIZE, TO_IMAGE, TO_FLOAT], [RESIZE, TO_IMAGE, TO_FLOAT])) == []


# -- train-val-size --------------------------------------------------------------------------------------------
def test_train_val_size_mismatch_fires_and_fix_resizes_val():
    doc = make(GOOD, [("Resize", {"size": [28, 28]}), TO_IMAGE, TO_FLOAT, NORMALIZE])
    finding = only(lint(doc), "train-val-size")
    assert finding.split == "val" and "32×32" in finding.message and "28×28" in finding.message
    fixed = fix_and_recheck(doc, "train-val-size", split="val")
    assert fixed.val[0].params["size"] == [32, 32]
    assert lint(fixed) == []


def test_same_output_size_by_different_steps_does_not_fire():
    doc = make([("RandomResizedCrop", {"size": [32, 32]}), TO_IMAGE, TO_FLOAT, NORMALIZE],
               [("Resize", {"size": 36}), ("CenterCrop", {"size": 32}), TO_IMAGE, TO_FLOAT, NORMALIZE])
    assert lint(doc) == []


# -- uint8-after-normalize ----------------------------------------------------------------------------------------
def test_uint8_after_normalize_fires_and_fix_removes_it():
    doc = make([RESIZE, TO_IMAGE, TO_FLOAT, NORMALIZE, ("ToDtype", {"dtype": "uint8", "scale": True})])
    finding = only(lint(doc), "uint8-after-normalize")
    assert finding.step_index == 4 and finding.severity == "error"
    fixed = fix_and_recheck(doc, "uint8-after-normalize")
    assert lint(fixed) == []


def test_uint8_before_normalize_does_not_fire():
    doc = make([RESIZE, TO_IMAGE, ("ToDtype", {"dtype": "uint8"}), TO_FLOAT, NORMALIZE])
    assert lint(doc) == []


# -- others -------------------------------------------------------------------------------------------------------------
def test_failing_step_is_reported_without_an_automatic_fix():
    doc = make([("RandomCrop", {"size": 1000}), TO_IMAGE, TO_FLOAT, NORMALIZE])
    finding = only(lint(doc), "step-fails")
    assert finding.step_index == 0 and finding.fix_label is None and "pad_if_needed" in finding.message
    with pytest.raises(PipelineError, match="no automatic fix"):
        apply_fix(doc, finding)


def test_fix_is_refused_on_a_document_that_changed():
    doc = make([RESIZE, TO_IMAGE, ("ToDtype", {"dtype": "float32"}), NORMALIZE])
    finding = only(lint(doc), "todtype-no-scale")
    changed = doc.with_split("train", doc.train.remove(0))
    with pytest.raises(PipelineError, match="changed since it was checked"):
        apply_fix(changed, finding)


def test_lint_uses_a_given_sample_file_and_findings_serialise(tmp_path):
    path = tmp_path / "digit.png"
    Image.fromarray(np.zeros((40, 30), dtype=np.uint8), "L").save(path)
    doc = make([TO_IMAGE, TO_FLOAT])
    findings = lint(doc, sample=path)
    assert ("no-fixed-size", "train") in rules(findings)
    data = json.loads(json.dumps([f.to_json() for f in findings]))
    assert {d["rule"] for d in data} <= set(RULES)
    assert all(d["edits"] for d in data if d["fix_label"])


def test_synthetic_sample_is_an_odd_sized_full_range_rgb_image():
    img = synthetic_sample()
    arr = np.asarray(img)
    assert img.mode == "RGB" and img.size == (317, 251)
    assert arr.min() == 0 and arr.max() == 255
