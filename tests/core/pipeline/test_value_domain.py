"""Every registry entry declares the values it assumes (``value_domain``), and the declaration is checked
against what the step really does after Normalize, so a wrong declaration fails here; lint flags every
unit/uint8 step placed after Normalize and its fix moves the step before the conversion tail."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from dtf_gui.core.pipeline.inspect import trace
from dtf_gui.core.pipeline.lint import apply_fix, lint, synthetic_sample
from dtf_gui.core.pipeline.registry import (
    REGISTRY,
    VALUE_DOMAINS,
    conversion_tail_start,
    default_step,
    insertion_index,
)
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec, StepSpec

SAMPLE = synthetic_sample((32, 24))
TO_FLOAT = (StepSpec("ToImage", {}), StepSpec("ToDtype", {"dtype": "float32", "scale": True}))
# A Normalize that only scales ([0, 1] -> [0, 4]): a step that works on any values (geometry, linear filters,
# fill 0) gives the same result before or after it, one that assumes image values does not.
SCALE_ONLY = StepSpec("Normalize", {"mean": [0.0, 0.0, 0.0], "std": [0.25, 0.25, 0.25]})
IMAGENET = StepSpec("Normalize", {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]})
# Parameters for a float image in [0, 1] (the registry's default threshold, 128, is for uint8 data).
FLOAT_PARAMS = {"RandomSolarize": {"threshold": 0.5}}


def _step(name: str) -> StepSpec:
    """The step as the palette adds it, made to fire (p=1)."""
    step = default_step(name)
    params = dict(step.params)
    if "p" in params:
        params["p"] = 1.0
    if "size" in params and name != "MedianFilter":
        params["size"] = [16, 16]       # small outputs keep the test fast (the registry suggests 224)
    params.update(FLOAT_PARAMS.get(name, {}))
    return StepSpec(name, params)


def _same(a, b) -> bool:
    return (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and a.shape == b.shape
            and torch.allclose(a.float(), b.float(), atol=1e-4, rtol=1e-4))


def test_an_entry_without_a_value_domain_is_refused():
    entry = REGISTRY["ColorJitter"]
    with pytest.raises(ValueError, match="value_domain"):
        dataclasses.replace(entry, value_domain="")
    assert {e.value_domain for e in REGISTRY.values()} <= set(VALUE_DOMAINS)


@pytest.mark.parametrize("name", sorted(n for n, e in REGISTRY.items() if e.category != "batch"))
def test_declared_value_domain_matches_what_the_step_does_after_normalize(name):
    entry = REGISTRY[name]
    step = _step(name)
    seeds = range(4) if entry.random else range(1)
    changed = failed_after = failed_before = False
    for seed in seeds:
        before = trace(PipelineSpec((*TO_FLOAT, step, SCALE_ONLY)), SAMPLE, seed, thumb_size=8)
        after = trace(PipelineSpec((*TO_FLOAT, SCALE_ONLY, step)), SAMPLE, seed, thumb_size=8)
        failed_before |= not before.ok
        failed_after |= not after.ok
        if before.ok and after.ok and not _same(before.output, after.output):
            changed = True
        if changed or failed_before or failed_after:
            break
    if entry.value_domain == "any":
        assert not failed_before, f"{name}: cannot check a step that fails on float images in [0, 1]"
        assert not changed and not failed_after, (
            f"{name} is declared value_domain='any' but gives other values after Normalize")
    else:
        assert changed or failed_before or failed_after, (
            f"{name} is declared value_domain={entry.value_domain!r} but behaves the same after Normalize")


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_lint_flags_every_unit_or_uint8_step_after_normalize(name):
    entry = REGISTRY[name]
    spec = PipelineSpec((StepSpec("Resize", {"size": [16, 16]}), *TO_FLOAT, IMAGENET, _step(name)))
    doc = PipelineDocument(train=spec, val=PipelineSpec(()))
    found = [f for f in lint(doc) if f.rule == "range-after-normalize"]
    if entry.value_domain == "any":
        assert found == []
        return
    assert [(f.split, f.step_index, f.severity) for f in found] == [("train", 4, "error")], found
    finding = found[0]
    assert name in finding.message and finding.fix_label
    assert not any(f.rule == "step-fails" and f.step_index == 4 for f in lint(doc))  # one finding, not two
    fixed = apply_fix(doc, finding)
    assert not [f for f in lint(fixed) if f.rule == "range-after-normalize"]
    names = [s.name for s in fixed.train]
    if entry.category not in ("type", "normalize"):
        # moved before the conversion tail (before ToImage when it takes PIL images, else before Normalize)
        assert names.index(name) < names.index("Normalize")
        if "pil" in entry.accepts:
            assert names[:3] == ["Resize", name, "ToImage"]
    else:
        assert names == ["Resize", "ToImage", "ToDtype", "Normalize"]


def test_colorjitter_after_normalize_is_flagged_in_both_languages():
    from dtf_gui.core.messages import render

    spec = PipelineSpec((*TO_FLOAT, IMAGENET, _step("ColorJitter")))
    finding = next(f for f in lint(PipelineDocument(train=spec, val=PipelineSpec(())))
                   if f.rule == "range-after-normalize")
    assert "ColorJitter" in render(finding.msg, "en") and "Normalize" in render(finding.msg, "en")
    assert "Normalize 之后" in render(finding.msg, "zh_CN")
    assert render(finding.fix, "en") == "Move it before step 1 (ToImage)"
    assert render(finding.fix, "zh_CN") == "把它移到第 1 步（ToImage）之前"


def test_a_normalize_that_keeps_values_in_0_1_is_not_flagged():
    identity = StepSpec("Normalize", {"mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0]})
    spec = PipelineSpec((*TO_FLOAT, identity, _step("ColorJitter")))
    assert not [f for f in lint(PipelineDocument(train=spec, val=PipelineSpec(())))
                if f.rule == "range-after-normalize"]


STARTER = (StepSpec("Resize", {"size": 64}), *TO_FLOAT, IMAGENET)


@pytest.mark.parametrize(("name", "where"), [
    ("ColorJitter", 1), ("RandomHorizontalFlip", 1), ("JPEG", 1), ("MedianFilter", 1),  # before ToImage
    ("GaussianNoise", 3),                                                              # before Normalize
    ("RandomErasing", 4), ("Normalize", 4), ("ToImage", 4),                            # at the end
])
def test_palette_insertion_index_keeps_colour_and_geometry_before_the_conversion_tail(name, where):
    assert conversion_tail_start(STARTER) == 1
    assert insertion_index(STARTER, name) == where
    assert insertion_index((), name) == 0
    assert insertion_index(STARTER[:1], name) == 1    # no tail: append
