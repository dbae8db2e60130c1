"""Torchvision models for fine-tuning: the zoo (heads, freeze groups, plans) and offline-first weights.

Names are imported lazily (PEP 562), so `import dtf_gui.core.pipeline.spec` or the `dtf`
command line does not pay for importing torch until a name that needs it is used.
"""

from __future__ import annotations

from dtf_gui.core._lazy import lazy_exports

_LAZY = {
    "ARCHS": "dtf_gui.core.models.zoo",
    "ArchInfo": "dtf_gui.core.models.zoo",
    "FreezeGroup": "dtf_gui.core.models.zoo",
    "HEAD": "dtf_gui.core.models.zoo",
    "LoadReport": "dtf_gui.core.models.weights",
    "PLANS": "dtf_gui.core.models.zoo",
    "WeightsStatus": "dtf_gui.core.models.weights",
    "apply_freeze": "dtf_gui.core.models.zoo",
    "arch_choices": "dtf_gui.core.models.zoo",
    "arch_info": "dtf_gui.core.models.zoo",
    "backbone_frozen": "dtf_gui.core.models.zoo",
    "build_model": "dtf_gui.core.models.build",
    "freeze_groups": "dtf_gui.core.models.zoo",
    "group_param_counts": "dtf_gui.core.models.freeze",
    "get_head": "dtf_gui.core.models.zoo",
    "head_recipe": "dtf_gui.core.models.zoo",
    "input_size": "dtf_gui.core.models.zoo",
    "load_state_dict_file": "dtf_gui.core.models.weights",
    "load_weights": "dtf_gui.core.models.weights",
    "param_counts": "dtf_gui.core.models.zoo",
    "param_groups": "dtf_gui.core.models.zoo",
    "plan_from_ticked_group": "dtf_gui.core.models.freeze",
    "plan_groups": "dtf_gui.core.models.zoo",
    "pretrained_state_dict": "dtf_gui.core.models.weights",
    "replace_head": "dtf_gui.core.models.zoo",
    "set_frozen_bn_eval": "dtf_gui.core.models.zoo",
    "set_head": "dtf_gui.core.models.zoo",
    "trainable_at_epoch": "dtf_gui.core.models.zoo",
    "weights_status": "dtf_gui.core.models.weights",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, globals(), _LAZY)
