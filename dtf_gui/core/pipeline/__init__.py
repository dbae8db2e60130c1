"""Typed transform pipelines: documents (spec), the transform registry, and the builder."""

from __future__ import annotations

from dtf_gui.core.pipeline.build import (
    build_document,
    build_step,
    build_steps,
    build_transform,
    check_document,
    load_sample_pipeline,
    resolve_params,
    sample_pipelines,
    starter_document,
)
from dtf_gui.core.pipeline.custom import ConvertMode, MedianFilter
from dtf_gui.core.pipeline.registry import (
    CATEGORIES,
    REGISTRY,
    ParamSpec,
    TransformEntry,
    default_step,
    entries_by_category,
    get_entry,
    step_is_random,
)
from dtf_gui.core.pipeline.spec import SCHEMA_VERSION, SPLITS, PipelineDocument, PipelineSpec, StepSpec

__all__ = [
    "CATEGORIES", "REGISTRY", "SCHEMA_VERSION", "SPLITS", "ConvertMode", "MedianFilter", "ParamSpec",
    "PipelineDocument", "PipelineSpec", "StepSpec", "TransformEntry", "build_document", "build_step",
    "build_steps", "build_transform", "check_document", "default_step", "entries_by_category", "get_entry",
    "load_sample_pipeline", "resolve_params", "sample_pipelines", "starter_document", "step_is_random",
]
