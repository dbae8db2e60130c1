"""Typed transform pipelines: documents (spec), the transform registry, and the builder.

Names are imported lazily (PEP 562), so `import dtf_gui.core.pipeline.spec` or the `dtf`
command line does not pay for importing torch until a name that needs it is used.
"""

from __future__ import annotations

from dtf_gui.core._lazy import lazy_exports

_LAZY = {
    "BATCH": "dtf_gui.core.pipeline.spec",
    "CATEGORIES": "dtf_gui.core.pipeline.registry",
    "ConvertMode": "dtf_gui.core.pipeline.custom",
    "MedianFilter": "dtf_gui.core.pipeline.custom",
    "ParamSpec": "dtf_gui.core.pipeline.registry",
    "PipelineDocument": "dtf_gui.core.pipeline.spec",
    "PipelineSpec": "dtf_gui.core.pipeline.spec",
    "REGISTRY": "dtf_gui.core.pipeline.registry",
    "SCHEMA_VERSION": "dtf_gui.core.pipeline.spec",
    "SPLITS": "dtf_gui.core.pipeline.spec",
    "StepSpec": "dtf_gui.core.pipeline.spec",
    "TransformEntry": "dtf_gui.core.pipeline.registry",
    "build_batch_transform": "dtf_gui.core.pipeline.build",
    "build_document": "dtf_gui.core.pipeline.build",
    "build_step": "dtf_gui.core.pipeline.build",
    "build_steps": "dtf_gui.core.pipeline.build",
    "build_transform": "dtf_gui.core.pipeline.build",
    "check_document": "dtf_gui.core.pipeline.build",
    "default_step": "dtf_gui.core.pipeline.registry",
    "entries_by_category": "dtf_gui.core.pipeline.registry",
    "get_entry": "dtf_gui.core.pipeline.registry",
    "load_sample_pipeline": "dtf_gui.core.pipeline.build",
    "resolve_params": "dtf_gui.core.pipeline.build",
    "sample_pipelines": "dtf_gui.core.pipeline.build",
    "starter_document": "dtf_gui.core.pipeline.build",
    "step_is_random": "dtf_gui.core.pipeline.registry",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, globals(), _LAZY)
