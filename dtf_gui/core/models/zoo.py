"""Model zoo: torchvision classifiers with a new head, freeze groups and freeze plans.

The model stays a plain torchvision module (no wrapper class), so ``model.state_dict()`` loads into
``torchvision.models.<arch>()`` after the head recipe from :func:`head_recipe` -- the export bundle and its
generated ``predict.py`` rely on that.

Freeze groups split each architecture into a handful of blocks from input to output (the stem, the
resolution stages, the head), which is the granularity people actually fine-tune at: "train the head",
"train the last two stages", "everything, with a lower learning rate near the input".
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from dtf_gui.core.errors import ModelError
from dtf_gui.core.messages import msg

PLANS: tuple[str, ...] = ("full", "head", "last_k", "discriminative", "gradual")
"""Freeze plans, as used by ``freeze.plan`` in the run config."""

HEAD = "head"
"""Name of the group holding the classification layer (always the last group)."""


@dataclass(frozen=True)
class ArchInfo:
    """What the zoo knows about one torchvision architecture.

    ``head`` is the dotted path of the final ``nn.Linear`` that gets replaced; ``dropout`` the path of
    the ``nn.Dropout`` right before it where the family has one (its ``p`` is set instead of adding a new
    Dropout). ``groups`` lists the backbone freeze groups from input to output as
    ``(name, module path prefixes)``; the head group is added after them. ``cam_layer`` is the dotted path
    of the default Grad-CAM target layer: the last convolutional block before global pooling (what the
    grad-cam README picks per family: ``layer4[-1]`` of a ResNet, ``features[-1]`` of a MobileNet or
    EfficientNet, the last stage of a ConvNeXt or RegNet), so its output is still a spatial map.
    """

    name: str
    display: str
    family: str
    head: str
    dropout: str | None
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    cam_layer: str
    input_size: int = 224
    resize_size: int = 256
    params_m: float = 0.0
    notes: str = ""

    @property
    def group_names(self) -> list[str]:
        """Backbone group names from input to output, then ``"head"``."""
        return [name for name, _ in self.groups] + [HEAD]


def _features(*ranges: tuple[str, int, int]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Groups over ``features.<i>`` blocks: ``("stage1", 1, 3)`` covers features.1 to features.3."""
    return tuple((name, tuple(f"features.{i}" for i in range(lo, hi + 1))) for name, lo, hi in ranges)


_RESNET_GROUPS = (
    ("stem", ("conv1", "bn1")),
    ("layer1", ("layer1",)),
    ("layer2", ("layer2",)),
    ("layer3", ("layer3",)),
    ("layer4", ("layer4",)),
)
_REGNET_GROUPS = (("stem", ("stem",)),) + tuple(
    (f"block{i}", (f"trunk_output.block{i}",)) for i in range(1, 5)
)
# EfficientNet B0-B7 share the layout: features.0 stem, features.1-7 the seven MBConv stages,
# features.8 the 1x1 conv to 1280 channels. Grouped by output resolution.
_EFFICIENTNET_GROUPS = _features(
    ("stem", 0, 0), ("stage1", 1, 2), ("stage2", 3, 3), ("stage3", 4, 5), ("stage4", 6, 8)
)


def _resnet(name: str, display: str, params_m: float, blocks: int) -> ArchInfo:
    """``blocks``: how many blocks layer4 has (its last one is the Grad-CAM layer)."""
    return ArchInfo(name, display, "resnet", "fc", None, _RESNET_GROUPS, f"layer4.{blocks - 1}", params_m=params_m)


def _regnet(name: str, display: str, params_m: float) -> ArchInfo:
    return ArchInfo(name, display, "regnet", "fc", None, _REGNET_GROUPS, "trunk_output.block4", params_m=params_m)


ARCHS: dict[str, ArchInfo] = {
    a.name: a
    for a in [
        _resnet("resnet18", "ResNet-18", 11.7, 2),
        _resnet("resnet34", "ResNet-34", 21.8, 3),
        _resnet("resnet50", "ResNet-50", 25.6, 3),
        _resnet("resnet101", "ResNet-101", 44.5, 3),
        _resnet("resnext50_32x4d", "ResNeXt-50 32x4d", 25.0, 3),
        ArchInfo(
            "mobilenet_v2",
            "MobileNetV2",
            "mobilenet_v2",
            "classifier.1",
            "classifier.0",
            # features.0 stem conv; 1-3 -> 24 ch at 1/4; 4-6 -> 32 ch at 1/8; 7-13 -> 64/96 ch at 1/16;
            # 14-18 -> 160/320 ch at 1/32 plus the final 1x1 conv to 1280.
            _features(
                ("stem", 0, 0), ("stage1", 1, 3), ("stage2", 4, 6), ("stage3", 7, 13), ("stage4", 14, 18)
            ),
            cam_layer="features.18",
            params_m=3.5,
        ),
        ArchInfo(
            "mobilenet_v3_small",
            "MobileNetV3 Small",
            "mobilenet_v3",
            "classifier.3",
            "classifier.2",
            _features(("stem", 0, 0), ("stage1", 1, 3), ("stage2", 4, 6), ("stage3", 7, 8))
            + (("stage4", ("features.9", "features.10", "features.11", "features.12", "classifier.0")),),
            cam_layer="features.12",
            params_m=2.5,
            notes="the hidden Linear before the head (classifier.0) belongs to stage4",
        ),
        ArchInfo(
            "mobilenet_v3_large",
            "MobileNetV3 Large",
            "mobilenet_v3",
            "classifier.3",
            "classifier.2",
            _features(("stem", 0, 0), ("stage1", 1, 3), ("stage2", 4, 6), ("stage3", 7, 12))
            + (("stage4", tuple(f"features.{i}" for i in range(13, 17)) + ("classifier.0",)),),
            cam_layer="features.16",
            params_m=5.5,
            notes="the hidden Linear before the head (classifier.0) belongs to stage4",
        ),
        ArchInfo(
            "efficientnet_b0",
            "EfficientNet-B0",
            "efficientnet",
            "classifier.1",
            "classifier.0",
            _EFFICIENTNET_GROUPS,
            cam_layer="features.8",
            params_m=5.3,
        ),
        ArchInfo(
            "efficientnet_b1",
            "EfficientNet-B1",
            "efficientnet",
            "classifier.1",
            "classifier.0",
            _EFFICIENTNET_GROUPS,
            cam_layer="features.8",
            input_size=240,
            resize_size=256,
            params_m=7.8,
        ),
        ArchInfo(
            "efficientnet_b2",
            "EfficientNet-B2",
            "efficientnet",
            "classifier.1",
            "classifier.0",
            _EFFICIENTNET_GROUPS,
            cam_layer="features.8",
            input_size=288,
            resize_size=288,
            params_m=9.1,
        ),
        ArchInfo(
            "convnext_tiny",
            "ConvNeXt Tiny",
            "convnext",
            "classifier.2",
            None,
            # features.0 stem; odd indices are the four stages, even ones (2, 4, 6) the downsampling layers
            # that open the next stage. The LayerNorm before the head (classifier.0) belongs to stage4.
            (
                ("stem", ("features.0",)),
                ("stage1", ("features.1",)),
                ("stage2", ("features.2", "features.3")),
                ("stage3", ("features.4", "features.5")),
                ("stage4", ("features.6", "features.7", "classifier.0")),
            ),
            cam_layer="features.7",
            params_m=28.6,
            notes="the LayerNorm before the head (classifier.0) belongs to stage4",
        ),
        _regnet("regnet_y_400mf", "RegNetY-400MF", 4.3),
        _regnet("regnet_y_800mf", "RegNetY-800MF", 6.4),
        ArchInfo(
            "shufflenet_v2_x1_0",
            "ShuffleNetV2 x1.0",
            "shufflenet",
            "fc",
            None,
            (
                ("stem", ("conv1",)),
                ("stage2", ("stage2",)),
                ("stage3", ("stage3",)),
                ("stage4", ("stage4", "conv5")),
            ),
            cam_layer="conv5",
            params_m=2.3,
        ),
    ]
}


def arch_info(arch: str) -> ArchInfo:
    """The :class:`ArchInfo` for ``arch``; ModelError naming the known ones otherwise."""
    try:
        return ARCHS[arch]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(str(arch), list(ARCHS), n=1)
        names = ", ".join(ARCHS)
        raise ModelError(msg("models.unknown_arch_hint", arch=arch, hint=close[0], names=names) if close
                         else msg("models.unknown_arch", arch=arch, names=names)) from None


def arch_choices() -> list[tuple[str, str]]:
    """``(name, display name)`` pairs for a GUI picker, in a sensible order (small to large per family)."""
    return [(a.name, f"{a.display} ({a.params_m:.1f}M params)") for a in ARCHS.values()]


def input_size(arch: str) -> int:
    """Default square input size (the crop size torchvision's ImageNet weights were evaluated at)."""
    return arch_info(arch).input_size


# ---------------------------------------------------------------------------------------------- head


def _py_path(path: str) -> str:
    """``classifier.1`` -> ``m.classifier[1]``: how a tutorial writes the attribute path."""
    out = "m"
    for part in path.split("."):
        out += f"[{part}]" if part.isdigit() else f".{part}"
    return out


def _check_head_args(num_classes: int, dropout: float) -> None:
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 1:
        raise ModelError(msg("models.bad_num_classes", value=repr(num_classes)))
    if not (0.0 <= float(dropout) < 1.0) or math.isnan(float(dropout)):
        raise ModelError(msg("models.bad_dropout", value=repr(dropout)))


def head_recipe(arch: str, num_classes: int, dropout: float = 0.0) -> str:
    """Python lines that replace the head of ``m = torchvision.models.<arch>()`` for ``num_classes``.

    Written exactly as a tutorial would (``m.fc = nn.Linear(m.fc.in_features, N)``) so a user can read
    it and paste it; it expects ``from torch import nn``. The export bundle stores it and the generated
    ``predict.py`` runs it before ``load_state_dict``.
    """
    info = arch_info(arch)
    _check_head_args(num_classes, dropout)
    head = _py_path(info.head)
    linear = f"nn.Linear({head}.in_features, {num_classes})"
    lines: list[str] = []
    if dropout > 0 and info.dropout is not None:
        lines.append(f"{_py_path(info.dropout)}.p = {float(dropout)!r}")
        lines.append(f"{head} = {linear}")
    elif dropout > 0:
        lines.append(f"{head} = nn.Sequential(nn.Dropout(p={float(dropout)!r}), {linear})")
    else:
        lines.append(f"{head} = {linear}")
    return "\n".join(lines) + "\n"


def _set_submodule(model: nn.Module, path: str, module: nn.Module) -> None:
    parent_path, _, last = path.rpartition(".")
    parent = model.get_submodule(parent_path) if parent_path else model
    setattr(parent, last, module)


def get_head(model: nn.Module, arch: str) -> nn.Module:
    """The head module (an ``nn.Linear``, or ``nn.Sequential(nn.Dropout, nn.Linear)`` after dropout)."""
    return model.get_submodule(arch_info(arch).head)


def set_head(model: nn.Module, arch: str, module: nn.Module) -> nn.Module:
    """Put ``module`` where the head is and return the old head.

    The frozen-backbone feature cache uses it: with ``nn.Identity()`` as head the model's output is the
    feature vector the head consumes (for every architecture in :data:`ARCHS`).
    """
    info = arch_info(arch)
    old = model.get_submodule(info.head)
    _set_submodule(model, info.head, module)
    return old


def _head_linear(model: nn.Module, arch: str) -> nn.Linear:
    head = get_head(model, arch)
    if isinstance(head, nn.Sequential):
        head = head[-1]
    if not isinstance(head, nn.Linear):
        raise ModelError(msg("models.head_not_linear", arch=arch, kind=type(head).__name__))
    return head


def replace_head(model: nn.Module, arch: str, num_classes: int, dropout: float = 0.0) -> nn.Module:
    """Replace the head in place for ``num_classes`` (what :func:`head_recipe` says), return ``model``.

    ``dropout > 0`` sets the family's own Dropout where it has one, otherwise the new head is
    ``nn.Sequential(nn.Dropout(p), nn.Linear)``; ``dropout == 0`` keeps the architecture as torchvision
    builds it (MobileNet/EfficientNet keep their default Dropout, e.g. p=0.2).
    """
    info = arch_info(arch)
    _check_head_args(num_classes, dropout)
    old = _head_linear(model, arch)
    linear = nn.Linear(old.in_features, num_classes, device=old.weight.device, dtype=old.weight.dtype)
    if dropout > 0 and info.dropout is not None:
        drop = model.get_submodule(info.dropout)
        if not isinstance(drop, nn.Dropout):
            raise ModelError(msg("models.no_dropout_at", path=info.dropout, arch=arch, kind=type(drop).__name__))
        drop.p = float(dropout)
        new: nn.Module = linear
    elif dropout > 0:
        new = nn.Sequential(nn.Dropout(p=float(dropout)), linear)
    else:
        new = linear
    _set_submodule(model, info.head, new)
    return model


def head_num_classes(model: nn.Module, arch: str) -> int:
    """How many classes the model's head currently predicts."""
    return _head_linear(model, arch).out_features


def build_plain(arch: str, num_classes: int, *, dropout: float = 0.0) -> nn.Module:
    """A randomly initialised torchvision ``arch`` with the head replaced (no weights loaded).

    Build it inside ``with torch.device("meta"):`` to get the structure without memory (where the
    torchvision builder allows it).
    """
    import torchvision

    info = arch_info(arch)
    builder = getattr(torchvision.models, info.name, None)
    if builder is None:  # pragma: no cover - depends on the torchvision version
        raise ModelError(msg("models.no_builder", version=torchvision.__version__, arch=arch))
    model = builder(weights=None)
    return replace_head(model, arch, num_classes, dropout)


# ------------------------------------------------------------------------------------ freeze groups


@dataclass
class FreezeGroup:
    """A block of parameters frozen or trained together; ``modules`` says which modules it covers."""

    name: str
    param_names: list[str]
    n_params: int
    modules: list[str] = field(default_factory=list)
    n_trainable: int = 0


def _belongs(param: str, prefix: str) -> bool:
    return param == prefix or param.startswith(prefix + ".")


def freeze_groups(model: nn.Module, arch: str) -> list[FreezeGroup]:
    """The model's freeze groups from input to output, the head last, with parameter counts.

    Every parameter is in exactly one group; ModelError if the model does not look like ``arch``.
    """
    info = arch_info(arch)
    specs = list(info.groups) + [(HEAD, (info.head,))]
    groups = [FreezeGroup(name, [], 0, list(prefixes)) for name, prefixes in specs]
    stray: list[str] = []
    for pname, p in model.named_parameters():
        for g, (_, prefixes) in zip(groups, specs, strict=True):
            if any(_belongs(pname, pre) for pre in prefixes):
                g.param_names.append(pname)
                g.n_params += p.numel()
                g.n_trainable += p.numel() if p.requires_grad else 0
                break
        else:
            stray.append(pname)
    if stray:
        raise ModelError(msg("models.stray_params", arch=arch, names=str(stray[:3])))
    empty = [g.name for g in groups if not g.param_names]
    if empty:
        raise ModelError(msg("models.empty_groups", arch=arch, names=str(empty)))
    return groups


def group_names(arch: str) -> list[str]:
    """Group names for ``arch`` without building a model (input to output, ``"head"`` last)."""
    return arch_info(arch).group_names


def apply_freeze(model: nn.Module, arch: str, trainable: Iterable[str]) -> None:
    """Make exactly the parameters of the ``trainable`` groups trainable (``requires_grad``).

    Frozen BatchNorm layers are put in eval mode right away if the model is training; call
    :func:`set_frozen_bn_eval` again after every ``model.train()``.
    """
    wanted = set(trainable)
    groups = freeze_groups(model, arch)
    unknown = wanted - {g.name for g in groups}
    if unknown:
        raise ModelError(msg("models.unknown_groups", names=str(sorted(unknown)), arch=arch,
                             groups=str([g.name for g in groups])))
    params = dict(model.named_parameters())
    for g in groups:
        flag = g.name in wanted
        for pname in g.param_names:
            params[pname].requires_grad_(flag)
    if model.training:
        set_frozen_bn_eval(model)


def plan_groups(arch_groups: list[str], plan: str, k: int = 1) -> set[str]:
    """Groups trainable at the start of training under ``plan``.

    ``full`` and ``discriminative``: all (discriminative differs in learning rates, see
    :func:`param_groups`); ``head``: the head only; ``last_k``: the head and the last ``k`` backbone
    groups; ``gradual``: the head first -- :func:`trainable_at_epoch` says when everything thaws.
    """
    groups = list(arch_groups)
    if HEAD not in groups:
        raise ModelError(msg("models.no_head_group", groups=str(groups), head=HEAD))
    backbone = [g for g in groups if g != HEAD]
    if plan in ("full", "discriminative"):
        return set(groups)
    if plan in ("head", "gradual"):
        return {HEAD}
    if plan == "last_k":
        if isinstance(k, bool) or not isinstance(k, int) or k < 0:
            raise ModelError(msg("models.bad_k", value=repr(k)))
        return {HEAD, *(backbone[len(backbone) - k :] if k else [])}
    raise ModelError(msg("models.unknown_plan", plan=plan, names=", ".join(PLANS)))


def trainable_at_epoch(
    arch_groups: list[str], plan: str, epoch: int, *, k: int = 1, unfreeze_epoch: int = 1
) -> set[str]:
    """Groups trainable during 0-based ``epoch``.

    Only ``gradual`` changes over time (fastai's ``fine_tune``): the head alone for epochs before
    ``unfreeze_epoch``, then everything. The engine calls this at each epoch start and, when the set
    changes, :func:`apply_freeze`. Build the optimizer over *all* parameters (:func:`param_groups` does)
    so thawed parameters are already in it; frozen ones have no gradient and optimizers skip them.
    """
    if plan == "gradual":
        if epoch >= max(0, int(unfreeze_epoch)):
            return set(arch_groups)
        return {HEAD}
    return plan_groups(arch_groups, plan, k)


def lr_factors(arch_groups: list[str], backbone_lr_mult: float) -> dict[str, float]:
    """Learning-rate factor per group for discriminative fine-tuning.

    The head gets 1; the backbone groups are spaced geometrically from ``backbone_lr_mult`` at the stem
    towards 1 (like fastai's ``slice(lr * mult, lr)``): with 5 backbone groups and mult 0.1 the factors
    are 0.1, 0.16, 0.25, 0.40, 0.63, then 1 for the head. Early layers hold generic features and move
    least.
    """
    mult = float(backbone_lr_mult)
    if not (0 < mult <= 1) or math.isnan(mult):
        raise ModelError(msg("models.bad_lr_mult", value=repr(backbone_lr_mult)))
    backbone = [g for g in arch_groups if g != HEAD]
    n = len(backbone)
    out = {g: mult ** ((n - i) / n) for i, g in enumerate(backbone)}
    out[HEAD] = 1.0
    return out


def param_groups(
    model: nn.Module,
    arch: str,
    lr: float,
    backbone_lr_mult: float = 1.0,
    *,
    include_frozen: bool = True,
) -> list[dict[str, Any]]:
    """Optimizer parameter groups, one per freeze group, each with its own ``lr`` and ``name``.

    ``backbone_lr_mult=1`` gives every group ``lr`` (plain fine-tuning); below 1, see :func:`lr_factors`.
    Frozen parameters are included by default so gradual unfreezing needs no new optimizer (they get no
    gradient while frozen, and optimizers skip parameters without one).
    """
    groups = freeze_groups(model, arch)
    factors = lr_factors([g.name for g in groups], backbone_lr_mult)
    params = dict(model.named_parameters())
    out: list[dict[str, Any]] = []
    for g in groups:
        ps = [params[n] for n in g.param_names if include_frozen or params[n].requires_grad]
        if ps:
            out.append({"params": ps, "lr": float(lr) * factors[g.name], "name": g.name})
    return out


def param_counts(model: nn.Module) -> tuple[int, int]:
    """``(trainable, total)`` parameter counts."""
    total = trainable = 0
    for p in model.parameters():
        total += p.numel()
        if p.requires_grad:
            trainable += p.numel()
    return trainable, total


def backbone_frozen(model: nn.Module, arch: str) -> bool:
    """True when nothing outside the head is trainable (the feature-cache fast path applies)."""
    head = arch_info(arch).head
    return not any(p.requires_grad for n, p in model.named_parameters() if not _belongs(n, head))


def set_frozen_bn_eval(model: nn.Module) -> None:
    """Put BatchNorm layers whose parameters are all frozen in eval mode; call after ``model.train()``.

    Why: in train mode BatchNorm normalises with the statistics of the current batch and updates its
    running mean/variance even when its weights are frozen. A frozen backbone is meant to compute the
    same features it learned on ImageNet; letting its running statistics drift towards a few small
    batches of a small dataset changes those features under the head (and makes train and eval
    behave differently). So frozen BN layers use and keep their stored statistics.
    """
    for module in model.modules():
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            ps = list(module.parameters(recurse=False))
            if ps and not any(p.requires_grad for p in ps):
                module.eval()


def describe_groups(model: nn.Module, arch: str) -> list[dict[str, Any]]:
    """Plain rows for a GUI table / CLI listing: name, modules, trainable and total parameter counts."""
    return [
        {"name": g.name, "modules": ", ".join(g.modules), "trainable": g.n_trainable, "total": g.n_params}
        for g in freeze_groups(model, arch)
    ]


def meta_skeleton(arch: str, num_classes: int = 1000, dropout: float = 0.0) -> nn.Module:
    """The structure of ``arch`` without allocating weights (meta device; CPU where a builder needs data)."""
    try:
        with torch.device("meta"):
            return build_plain(arch, num_classes, dropout=dropout)
    except (NotImplementedError, RuntimeError):
        return build_plain(arch, num_classes, dropout=dropout)
