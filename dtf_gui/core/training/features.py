"""Frozen-backbone fast path: compute the backbone's features once, then train only the head on them.

When every parameter outside the head is frozen and the train pipeline has no random step (nor a batch
stage: MixUp/CutMix mix the images of each batch anew), the backbone
maps each image to the same feature vector in every epoch: recomputing it is pure waste. So the engine
runs the backbone once (eval mode, no autograd) over train and val, keeps the features in memory, and
trains the head on them; later epochs cost a few matrix products instead of a forward pass of a CNN.

Frozen layers run in eval mode here (BatchNorm uses its stored statistics, which is what
``set_frozen_bn_eval`` does in the normal path too). The family's own Dropout right before the head
(MobileNet, EfficientNet) is kept in front of the head while training, so ``model.dropout`` still acts.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import torch
from torch import nn

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.errors import Cancelled
from dtf_gui.core.messages import Message, msg
from dtf_gui.core.models.zoo import arch_info, get_head, set_head


@dataclass
class FeatureSet:
    """Backbone features of one split, in dataset order (``features[i]`` belongs to sample ``i``)."""

    features: torch.Tensor  # float32 [N, D], on the training device
    labels: torch.Tensor  # int64 [N], on the training device
    seconds: float

    def __len__(self) -> int:
        return int(self.labels.shape[0])


def cache_applies(*, plan_trainable: set[str], plan: str, train_random: bool, val_random: bool,
                  world_size: int, enabled: bool, batch_stage: bool = False) -> tuple[bool, Message | str]:
    """Whether the fast path applies, and why not (for the log) when it does not."""
    if not enabled:
        return False, msg("training.why.off")
    if plan == "gradual" or plan_trainable != {"head"}:
        return False, msg("training.why.not_frozen")
    if train_random:
        return False, msg("training.why.train_random")
    if batch_stage:
        return False, msg("batch.why_no_feature_cache")
    if val_random:
        return False, msg("training.why.val_random")
    if world_size > 1:
        return False, msg("training.why.processes")
    return True, ""


def head_module(model: nn.Module, arch: str) -> nn.Module:
    """What the cached path trains: the family's Dropout (if any) followed by the head."""
    info = arch_info(arch)
    head = get_head(model, arch)
    if info.dropout is not None:
        drop = model.get_submodule(info.dropout)
        if isinstance(drop, nn.Dropout) and drop.p > 0:
            return nn.Sequential(drop, head)
    return head


@contextlib.contextmanager
def backbone_only(model: nn.Module, arch: str) -> Iterator[nn.Module]:
    """Temporarily replace the head by ``nn.Identity`` so ``model(x)`` returns the head's input."""
    old = set_head(model, arch, nn.Identity())
    try:
        yield model
    finally:
        set_head(model, arch, old)


@torch.no_grad()
def extract_features(
    model: nn.Module,
    arch: str,
    loader: torch.utils.data.DataLoader,
    *,
    device: torch.device,
    autocast: Callable[[], contextlib.AbstractContextManager],
    channels_last: bool = False,
    stop: StopToken | None = None,
    progress: Progress | None = None,
) -> FeatureSet:
    """Run the frozen backbone over ``loader`` (unshuffled) and keep its output; Cancelled on stop."""
    t0 = time.perf_counter()
    was_training = model.training
    model.eval()
    feats: list[torch.Tensor] = []
    labels: list[torch.Tensor] = []
    total = len(loader)
    try:
        with backbone_only(model, arch):
            for i, (x, y) in enumerate(loader):
                if stop is not None and (stop.wait_if_paused() or stop.stop_requested):
                    raise Cancelled("Stopped while computing the cached backbone features.")
                x = x.to(device, non_blocking=True)
                if channels_last and x.dim() == 4:
                    x = x.contiguous(memory_format=torch.channels_last)
                with autocast():
                    f = model(x)
                feats.append(f.float().flatten(1))
                labels.append(torch.as_tensor(y).to(device))
                if progress is not None:
                    progress(i + 1, total)
    finally:
        model.train(was_training)
    y_all = torch.cat(labels)  # class indices; float targets of a regression run stay float
    return FeatureSet(torch.cat(feats), y_all if y_all.is_floating_point() else y_all.long(), time.perf_counter() - t0)
