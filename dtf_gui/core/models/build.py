"""Assemble a model: a zoo architecture with its new head, loaded with weights from wherever they are.

The one module above both :mod:`~dtf_gui.core.models.zoo` (structure) and
:mod:`~dtf_gui.core.models.weights` (sources and safe loading), so neither imports the other's caller.
"""

from __future__ import annotations

import logging

from torch import nn

from dtf_gui.core.models import weights as weight_sources
from dtf_gui.core.models.zoo import arch_info, build_plain

log = logging.getLogger(__name__)


def build_model(
    arch: str,
    num_classes: int,
    *,
    weights: str = "imagenet",
    dropout: float = 0.0,
    allow_download: bool = False,
) -> nn.Module:
    """Build ``arch`` for ``num_classes`` classes with pretrained or random weights.

    Parameters
    ----------
    weights
        ``"imagenet"``: official torchvision ImageNet weights, found offline first (see
        :mod:`dtf_gui.core.models.weights`); ``"none"``: random init (training from scratch); otherwise a
        path to a ``.pth``/``.pt``/``.safetensors`` state_dict or checkpoint. A checkpoint with a head for
        another number of classes loads its backbone and keeps the new head -- the normal ImageNet case.
    allow_download
        Only with ``True`` is a download tried when no offline copy exists.
    """
    info = arch_info(arch)
    model = build_plain(arch, num_classes, dropout=dropout)
    choice = str(weights).strip()
    if choice.lower() in ("none", "", "scratch", "random"):
        return model
    if choice.lower() == "imagenet":
        sd = weight_sources.pretrained_state_dict(info.name, allow_download=allow_download)
        source = f"ImageNet weights for {info.name}"
    else:
        sd = weight_sources.load_state_dict_file(choice)
        source = str(choice)
    report = weight_sources.load_weights(model, arch, sd, source=source)
    log.info(report.message)
    return model


__all__ = ["build_model"]
