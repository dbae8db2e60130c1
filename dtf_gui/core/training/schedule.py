"""How the weights move: the optimizer, the learning-rate schedule, the loss and the sample order.

:func:`prepare_optimization` builds them all for one run (restoring their state on a resume) and returns
them as one frozen :class:`Optimization`; the epoch loop only steps them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from dtf_gui.core.config import RunConfig
from dtf_gui.core.errors import ConfigError
from dtf_gui.core.messages import msg
from dtf_gui.core.models import zoo
from dtf_gui.core.training.distributed import DistContext
from dtf_gui.core.training.regression import is_regression, regression_criterion


class EpochSampler(torch.utils.data.Sampler[int]):
    """The sample order of one epoch, a pure function of (seed, epoch): resumable mid-epoch.

    Single process: a seeded permutation (or, with ``weights``, a seeded weighted draw with replacement
    -- a WeightedRandomSampler). Several processes: torch's ``DistributedSampler`` (padded, ``rank::world``)
    or, with weights, the same padding and sharding over one weighted draw shared by all ranks.
    ``set_epoch(epoch, skip)`` picks the epoch and how many leading indices were already trained on.
    """

    def __init__(self, n: int, *, seed: int, weights: torch.Tensor | None = None,
                 rank: int = 0, world: int = 1) -> None:
        self.n, self.seed, self.weights, self.rank, self.world = n, seed, weights, rank, max(1, world)
        self.epoch = 0
        self.skip = 0
        self.per_rank = math.ceil(n / self.world)

    def set_epoch(self, epoch: int, skip: int = 0) -> None:
        self.epoch, self.skip = epoch, max(0, skip)

    def indices(self) -> list[int]:
        if self.weights is None and self.world > 1:
            inner = torch.utils.data.DistributedSampler(range(self.n), num_replicas=self.world, rank=self.rank,
                                                        shuffle=True, seed=self.seed, drop_last=False)
            inner.set_epoch(self.epoch)
            return list(inner)
        g = torch.Generator().manual_seed(self.seed + self.epoch)
        total = self.per_rank * self.world
        if self.weights is not None:
            idx = torch.multinomial(self.weights, total, replacement=True, generator=g).tolist()
        else:
            idx = torch.randperm(self.n, generator=g).tolist()
            idx += idx[: total - len(idx)]
        return idx[self.rank:total:self.world]

    def __iter__(self) -> Iterator[int]:
        return iter(self.indices()[self.skip:])

    def __len__(self) -> int:
        return max(0, self.per_rank - self.skip)


class WarmupCosine:
    """Linear warm-up to the base lr, then cosine to zero (a LambdaLR factor; pickles as two ints)."""

    def __init__(self, warmup_steps: int, total_steps: int) -> None:
        self.warmup_steps = int(warmup_steps)
        self.total_steps = int(total_steps)

    def __call__(self, step: int) -> float:
        if step < self.warmup_steps:
            return (step + 1) / self.warmup_steps
        span = max(1, self.total_steps - self.warmup_steps)
        t = min(1.0, (step - self.warmup_steps) / span)
        return 0.5 * (1.0 + math.cos(math.pi * t))


def build_scheduler(optimizer: torch.optim.Optimizer, cfg: RunConfig, batches_per_epoch: int
                    ) -> tuple[Any, str]:
    """(scheduler or None, "batch" | "epoch" | "plateau"): when ``step()`` is called.

    cosine, warmup_cosine and onecycle move every batch (smooth over short runs); step and exponential
    every epoch; plateau after each validation, on the val loss (factor ``train.gamma``, patience
    ``train.step_size`` epochs).
    """
    t = cfg.train
    total = max(1, t.epochs * batches_per_epoch)
    s = torch.optim.lr_scheduler
    if t.schedule == "none":
        return None, "epoch"
    if t.schedule == "step":
        return s.StepLR(optimizer, step_size=t.step_size, gamma=t.gamma), "epoch"
    if t.schedule == "exponential":
        return s.ExponentialLR(optimizer, gamma=t.gamma), "epoch"
    if t.schedule == "cosine":
        return s.CosineAnnealingLR(optimizer, T_max=total), "batch"
    if t.schedule == "warmup_cosine":
        return s.LambdaLR(optimizer, WarmupCosine(t.warmup_epochs * batches_per_epoch, total)), "batch"
    if t.schedule == "onecycle":
        return s.OneCycleLR(optimizer, max_lr=[g["lr"] for g in optimizer.param_groups], total_steps=total), "batch"
    if t.schedule == "plateau":
        return s.ReduceLROnPlateau(optimizer, mode="min", factor=t.gamma, patience=t.step_size), "plateau"
    raise ConfigError(msg("training.unknown_schedule", name=repr(t.schedule)), field="train.schedule")


def build_optimizer(groups: list[dict[str, Any]], cfg: RunConfig) -> torch.optim.Optimizer:
    t = cfg.train
    if t.optimizer == "sgd":
        if t.nesterov and t.momentum <= 0:
            raise ConfigError(msg("training.nesterov_needs_momentum"), field="train.nesterov")
        return torch.optim.SGD(groups, lr=t.lr, momentum=t.momentum, nesterov=t.nesterov,
                               weight_decay=t.weight_decay)
    if t.optimizer == "adam":
        return torch.optim.Adam(groups, lr=t.lr, weight_decay=t.weight_decay)
    return torch.optim.AdamW(groups, lr=t.lr, weight_decay=t.weight_decay)


@dataclass(frozen=True)
class Optimization:
    """Everything that moves the weights, built once per run."""

    optimizer: torch.optim.Optimizer
    scheduler: Any  # an LRScheduler, ReduceLROnPlateau or None
    scheduler_steps: str  # when the scheduler steps: "batch" | "epoch" | "plateau" (see build_scheduler)
    scaler: torch.amp.GradScaler  # enabled for fp16 only
    criterion: nn.Module
    sampler: EpochSampler
    drop_last: bool  # a last batch of one sample would break BatchNorm in train mode
    batches_per_epoch: int

    def lr(self) -> float:
        """The learning rate of the last parameter group (the head's)."""
        return float(self.optimizer.param_groups[-1]["lr"])


def _classification_loss(cfg: RunConfig, train_targets: list[int], n_classes: int, device: torch.device
                         ) -> tuple[nn.Module, torch.Tensor | None]:
    """Cross-entropy (class weights, label smoothing) and the balanced sampler's weights, as imbalance says."""
    targets = torch.tensor(train_targets, dtype=torch.long)
    counts = torch.bincount(targets, minlength=n_classes).double()
    class_weight = None
    sample_weights = None
    if cfg.train.imbalance == "class_weights":
        w = torch.where(counts > 0, counts.sum() / (n_classes * counts.clamp(min=1)), 0.0)
        class_weight = w.float().to(device)
    elif cfg.train.imbalance == "sampler":
        sample_weights = (1.0 / counts.clamp(min=1))[targets]
    return nn.CrossEntropyLoss(weight=class_weight, label_smoothing=cfg.train.label_smoothing), sample_weights


def prepare_optimization(cfg: RunConfig, model: nn.Module, train_targets: list[int], n_classes: int, *,
                         device: torch.device, precision: str, ctx: DistContext,
                         checkpoint: dict[str, Any] | None) -> Optimization:
    """Optimizer over the model's parameter groups, loss (class weights), sampler and schedule for a run."""
    plan = cfg.freeze.plan
    mult = cfg.freeze.backbone_lr_mult if plan in ("discriminative", "gradual") else 1.0
    groups = zoo.param_groups(model, cfg.model.arch, cfg.train.lr, mult, include_frozen=(plan == "gradual"))
    optimizer = build_optimizer(groups, cfg)
    if is_regression(cfg):  # float targets: MSE/Huber, no class weights, no balanced sampler
        criterion, sample_weights = regression_criterion(cfg), None
    else:
        criterion, sample_weights = _classification_loss(cfg, train_targets, n_classes, device)
    sampler = EpochSampler(len(train_targets), seed=cfg.seed, weights=sample_weights, rank=ctx.rank,
                           world=ctx.world_size)
    bs = cfg.train.batch_size
    drop_last = sampler.per_rank % bs == 1 and sampler.per_rank > 1
    batches_per_epoch = sampler.per_rank // bs if drop_last else math.ceil(sampler.per_rank / bs)
    scheduler, scheduler_steps = build_scheduler(optimizer, cfg, batches_per_epoch)
    scaler = torch.amp.GradScaler(device.type, enabled=precision == "fp16")
    if checkpoint is not None:
        optimizer.load_state_dict(checkpoint["optimizer"])
        if scheduler is not None and checkpoint.get("scheduler"):
            scheduler.load_state_dict(checkpoint["scheduler"])
        if checkpoint.get("scaler"):
            scaler.load_state_dict(checkpoint["scaler"])
    return Optimization(optimizer, scheduler, scheduler_steps, scaler, criterion, sampler, drop_last,
                        batches_per_epoch)
