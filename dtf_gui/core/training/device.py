"""The model on its device: which device, which precision and memory format, which layers train.

precision "auto": bf16 autocast on CUDA (fp16 + GradScaler where bf16 is missing); on CPUs with native bf16
(AVX512-BF16/AMX) for the dense-convolution families (ResNet, RegNet, ConvNeXt), where it measured ~2x; fp32
for depthwise families (MobileNet, EfficientNet), where bf16 measured slower. channels_last "auto": on for
convnets on CPU and with autocast on CUDA.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from dtf_gui.core.config import RunConfig
from dtf_gui.core.devices import available_devices
from dtf_gui.core.errors import ConfigError, TrainingError
from dtf_gui.core.messages import Message, msg
from dtf_gui.core.models import zoo
from dtf_gui.core.models.build import build_model
from dtf_gui.core.models.zoo import arch_info
from dtf_gui.core.training.distributed import DistContext
from dtf_gui.core.training.features import cache_applies

_CPU_BF16_FAMILIES = frozenset({"resnet", "regnet", "convnext"})


def resolve_device(name: str) -> torch.device:
    """"auto" -> cuda, then mps, then cpu; an explicit device must exist (TrainingError otherwise)."""
    name = (name or "auto").strip().lower()
    if name == "auto":
        return torch.device(available_devices()[0].kind)  # best first: cuda, then mps, then cpu
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            raise TrainingError(msg("training.no_cuda", name=name))
        dev = torch.device(name)
        if dev.index is not None and dev.index >= torch.cuda.device_count():
            raise TrainingError(msg("training.no_such_cuda", name=name, n=torch.cuda.device_count()))
        return dev
    if name == "mps":
        if not (getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()):
            raise TrainingError(msg("training.no_mps"))
        return torch.device("mps")
    if name == "cpu":
        return torch.device("cpu")
    raise ConfigError(msg("training.bad_device", name=repr(name)), field="device")


def cpu_bf16_supported() -> bool:
    """True when the CPU has native bf16 instructions (oneDNN's check)."""
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except Exception:  # noqa: BLE001 - older builds lack the op
        return False


def _family(arch: str) -> str:
    try:
        return arch_info(arch).family
    except Exception:  # noqa: BLE001
        return arch


def resolve_precision(precision: str, device: torch.device, arch: str) -> str:
    """"auto" -> the fastest precision that is safe for training on this device and architecture."""
    if precision == "fp32":
        return "fp32"
    if device.type == "cuda":
        bf16_ok = torch.cuda.is_bf16_supported()
        if precision == "auto":
            return "bf16" if bf16_ok else "fp16"
        if precision == "bf16" and not bf16_ok:
            raise TrainingError(msg("training.no_bf16"))
        return precision
    if device.type == "cpu":
        if precision == "fp16":
            raise TrainingError(msg("training.fp16_needs_cuda"))
        if precision == "bf16":
            return "bf16"
        return "bf16" if cpu_bf16_supported() and _family(arch) in _CPU_BF16_FAMILIES else "fp32"
    return "fp32" if precision == "auto" else precision  # mps


def resolve_channels_last(value: str | bool, device: torch.device, precision: str) -> bool:
    if isinstance(value, bool):
        return value
    if device.type == "cuda":
        return precision in ("bf16", "fp16")
    return device.type == "cpu"


def amp_dtype(precision: str) -> torch.dtype | None:
    return {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision)


@dataclass(frozen=True)
class PreparedModel:
    """The model built, frozen as the plan says for epoch 0 and placed on its device."""

    model: nn.Module
    device: torch.device
    group_names: list[str]  # the freeze groups, stem to head
    trainable: set[str]  # the groups that train in the first epoch (the loop follows later epochs)
    precision: str  # resolved: "fp32" | "bf16" | "fp16"
    channels_last: bool
    use_features: bool  # train the head on cached backbone features (see :mod:`.features`)

    def autocast(self) -> contextlib.AbstractContextManager:
        dtype = amp_dtype(self.precision)
        if dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=dtype)


def prepare_model(cfg: RunConfig, classes: list[str], *, device: torch.device, ctx: DistContext,
                  train_random: bool, val_random: bool, checkpoint: dict[str, Any] | None,
                  say: Callable[[Message | str], None], batch_stage: bool = False) -> PreparedModel:
    """Build the model (from the checkpoint on a resume), freeze it for epoch 0, put it on ``device``."""
    arch, n_classes = cfg.model.arch, len(classes)
    if arch not in zoo.ARCHS:
        hint = difflib.get_close_matches(arch, list(zoo.ARCHS), n=1)
        names = ", ".join(zoo.ARCHS)
        raise ConfigError(msg("training.unknown_arch_hint", name=repr(arch), hint=hint[0], names=names) if hint
                          else msg("training.unknown_arch", name=repr(arch), names=names), field="model.arch")
    if checkpoint is not None:
        if list(checkpoint.get("classes", [])) != classes:
            raise TrainingError(msg("training.resume_other_classes", root=cfg.data.root, classes=str(classes),
                                    run_classes=str(checkpoint.get("classes"))))
        say(msg("training.building_resume", arch=arch, n=n_classes))
        model = build_model(arch, n_classes, weights="none", dropout=cfg.model.dropout)
        model.load_state_dict(checkpoint["model"])
    else:
        say(msg("training.building", arch=arch, n=n_classes, weights=cfg.model.weights))
        model = build_model(arch, n_classes, weights=cfg.model.weights, dropout=cfg.model.dropout,
                            allow_download=cfg.model.allow_download)
    group_names = [g.name for g in zoo.freeze_groups(model, arch)]
    trainable = zoo.trainable_at_epoch(group_names, cfg.freeze.plan, 0, k=cfg.freeze.k,
                                       unfreeze_epoch=cfg.freeze.unfreeze_epoch)
    zoo.apply_freeze(model, arch, trainable)
    precision = resolve_precision(cfg.precision, device, arch)
    channels_last = resolve_channels_last(cfg.channels_last, device, precision)
    model.to(device)
    if channels_last:
        model.to(memory_format=torch.channels_last)
    applies, why = cache_applies(plan_trainable=set(trainable), plan=cfg.freeze.plan, train_random=train_random,
                                 val_random=val_random, world_size=ctx.world_size, enabled=cfg.train.feature_cache,
                                 batch_stage=batch_stage)
    if cfg.freeze.plan == "head" and not applies:
        say(msg("training.no_feature_cache", why=why))
    return PreparedModel(model, device, group_names, trainable, precision, channels_last, applies)
