"""torchrun / DDP helpers: one process per device, rank 0 writes, metrics summed across ranks.

``torchrun --nproc-per-node N -m dtf_gui.cli train run.json`` sets ``RANK``, ``WORLD_SIZE`` and
``LOCAL_RANK``; :func:`setup` then joins the process group (NCCL on CUDA, Gloo on CPU). Without those
variables everything here is a no-op, so the engine has one code path for one and for many processes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import torch
import torch.distributed as dist
from torch import nn

from dtf_gui.core.errors import TrainingError
from dtf_gui.core.messages import msg
from dtf_gui.core.models.state_dict import strip_prefixes


@dataclass(frozen=True)
class DistContext:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    backend: str = ""
    owns_group: bool = False  # True when setup() created the process group (and cleanup() ends it)

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def active(self) -> bool:
        return self.world_size > 1


def env_world() -> tuple[int, int, int]:
    """(rank, world_size, local_rank) from the torchrun environment; (0, 1, 0) without it."""
    try:
        return (int(os.environ.get("RANK", 0)), int(os.environ.get("WORLD_SIZE", 1)),
                int(os.environ.get("LOCAL_RANK", 0)))
    except ValueError as e:
        raise TrainingError(msg("training.torchrun_env", reason=str(e))) from e


def setup(device_type: str) -> DistContext:
    """Join the process group torchrun prepared; a single process gets an inactive context."""
    rank, world, local = env_world()
    if world <= 1:
        return DistContext()
    backend = "nccl" if device_type == "cuda" else "gloo"
    if dist.is_initialized():
        return DistContext(dist.get_rank(), dist.get_world_size(), local, dist.get_backend(), False)
    if device_type == "cuda":
        torch.cuda.set_device(local)
    try:
        dist.init_process_group(backend=backend)
    except Exception as e:  # noqa: BLE001 - shown to the user as one clear line
        raise TrainingError(msg("training.torchrun_join", backend=backend, reason=str(e))) from e
    return DistContext(rank, world, local, backend, True)


def cleanup(ctx: DistContext) -> None:
    if ctx.owns_group and dist.is_initialized():
        dist.destroy_process_group()


def rank_device(device: torch.device, ctx: DistContext) -> torch.device:
    """Each rank gets its own GPU (``cuda:LOCAL_RANK``); CPU ranks share the CPU."""
    if ctx.active and device.type == "cuda":
        return torch.device("cuda", ctx.local_rank)
    return device


def _comm_device(ctx: DistContext, device: torch.device) -> torch.device:
    return device if ctx.backend == "nccl" else torch.device("cpu")


def all_reduce_sum(ctx: DistContext, values: Sequence[float], device: torch.device) -> list[float]:
    """Sum a few numbers over all ranks (float64), e.g. loss sums and sample counts."""
    if not ctx.active:
        return [float(v) for v in values]
    t = torch.tensor([float(v) for v in values], dtype=torch.float64, device=_comm_device(ctx, device))
    dist.all_reduce(t, op=dist.ReduceOp.SUM)
    return t.cpu().tolist()


def any_rank(ctx: DistContext, flag: bool, device: torch.device) -> bool:
    """True on every rank when ``flag`` is true on any rank (so all ranks stop at the same batch)."""
    if not ctx.active:
        return bool(flag)
    t = torch.tensor([1 if flag else 0], dtype=torch.int32, device=_comm_device(ctx, device))
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item())


def broadcast_object(ctx: DistContext, obj: Any) -> Any:
    """Rank 0's ``obj`` on every rank (the run directory name, for one)."""
    if not ctx.active:
        return obj
    box = [obj]
    dist.broadcast_object_list(box, src=0)
    return box[0]


def barrier(ctx: DistContext) -> None:
    if ctx.active:
        dist.barrier()


def wrap(model: nn.Module, ctx: DistContext, device: torch.device) -> nn.Module:
    """DistributedDataParallel around ``model`` when several ranks run; the model itself otherwise."""
    if not ctx.active:
        return model
    from torch.nn.parallel import DistributedDataParallel as DDP

    ids = [device.index] if device.type == "cuda" else None
    return DDP(model, device_ids=ids)


def unwrap(model: nn.Module) -> nn.Module:
    """The plain torchvision module inside DDP / DataParallel / torch.compile wrappers."""
    while True:
        if hasattr(model, "module") and isinstance(model.module, nn.Module):
            model = model.module
        elif hasattr(model, "_orig_mod") and isinstance(model._orig_mod, nn.Module):
            model = model._orig_mod
        else:
            return model


def clean_state_dict(sd: Mapping[str, Any]) -> dict[str, Any]:
    """Strip ``module.`` and ``_orig_mod.`` prefixes so the keys match ``torchvision.models.<arch>()``."""
    return strip_prefixes(sd)


class ShardSampler(torch.utils.data.Sampler[int]):
    """Indices ``rank::world`` in order, without padding: exact val metrics after summing over ranks."""

    def __init__(self, n: int, ctx: DistContext) -> None:
        self.indices = list(range(ctx.rank, n, max(1, ctx.world_size)))

    def __iter__(self) -> Iterator[int]:
        return iter(self.indices)

    def __len__(self) -> int:
        return len(self.indices)
