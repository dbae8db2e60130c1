"""Engine parts without training: samplers, schedules, device/precision choice, RNG round trip, DDP helpers."""

from __future__ import annotations

import random

import numpy as np
import pytest
import torch

from dtf_gui.core.config import RunConfig
from dtf_gui.core.training import distributed as D
from dtf_gui.core.training.device import resolve_channels_last, resolve_device, resolve_precision
from dtf_gui.core.training.rng import capture_rng, restore_rng
from dtf_gui.core.training.schedule import EpochSampler, build_scheduler


def test_epoch_sampler_is_a_function_of_seed_and_epoch() -> None:
    s = EpochSampler(10, seed=3)
    s.set_epoch(0)
    a = list(s)
    s.set_epoch(1)
    b = list(s)
    s.set_epoch(0, skip=4)
    assert sorted(a) == list(range(10)) and a != b and list(s) == a[4:] and len(s) == 6


def test_epoch_sampler_shards_like_distributed_sampler() -> None:
    shards = []
    for rank in range(3):
        s = EpochSampler(10, seed=0, rank=rank, world=3)
        s.set_epoch(2)
        shards.append(list(s))
    assert all(len(x) == 4 for x in shards)  # padded to equal length
    assert set().union(*shards) == set(range(10))
    ref = torch.utils.data.DistributedSampler(range(10), num_replicas=3, rank=1, shuffle=True, seed=0)
    ref.set_epoch(2)
    assert shards[1] == list(ref)


def test_weighted_sampler_balances_classes() -> None:
    targets = torch.tensor([0] * 90 + [1] * 10)
    counts = torch.bincount(targets).double()
    s = EpochSampler(100, seed=0, weights=(1.0 / counts)[targets])
    drawn = []
    for epoch in range(20):
        s.set_epoch(epoch)
        drawn.append(targets[torch.tensor(list(s))])
    drawn = torch.cat(drawn)
    assert 0.4 < drawn.float().mean().item() < 0.6


def _lrs(schedule: str, epochs: int = 4, bpe: int = 5, **kw: object) -> list[float]:
    cfg = RunConfig().with_overrides({"train.schedule": schedule, "train.epochs": epochs, "train.lr": 0.1,
                                      **{f"train.{k}": v for k, v in kw.items()}})
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    sched, mode = build_scheduler(opt, cfg, bpe)
    out = []
    for _epoch in range(epochs):
        for _ in range(bpe):
            out.append(opt.param_groups[0]["lr"])
            opt.step()
            if mode == "batch":
                sched.step()
        if mode == "epoch" and sched is not None:
            sched.step()
        elif mode == "plateau":
            sched.step(1.0)  # never improves
    return out


def test_schedules_have_their_shapes() -> None:
    assert set(_lrs("none")) == {0.1}
    step = _lrs("step", step_size=2, gamma=0.1)
    assert step[0] == step[9] == 0.1 and step[10] == pytest.approx(0.01)
    exp = _lrs("exponential", gamma=0.5)
    assert exp[5] == pytest.approx(0.05) and exp[15] == pytest.approx(0.0125)
    cos = _lrs("cosine")
    assert cos[0] == 0.1 and all(a >= b for a, b in zip(cos, cos[1:], strict=False)) and cos[-1] < 0.002
    warm = _lrs("warmup_cosine", warmup_epochs=1)
    assert warm[0] == pytest.approx(0.02) and max(warm) == pytest.approx(0.1) and warm.index(max(warm)) == 4
    one = _lrs("onecycle")
    assert one[0] < 0.01 and max(one) == pytest.approx(0.1, rel=0.05) and one[-1] < 1e-3
    plateau = _lrs("plateau", step_size=1, gamma=0.5)
    assert plateau[0] == 0.1 and plateau[-1] < 0.1


def test_device_and_precision_choice() -> None:
    cpu = resolve_device("cpu")
    assert cpu.type == "cpu"  # "auto": test_learning.test_auto_device_prefers_cuda_then_mps_then_cpu
    assert resolve_precision("fp32", cpu, "resnet18") == "fp32"
    assert resolve_precision("auto", cpu, "mobilenet_v2") == "fp32"  # depthwise convs are slower in bf16
    assert resolve_channels_last("auto", cpu, "fp32") is True
    assert resolve_channels_last(False, cpu, "bf16") is False


def test_rng_state_round_trip_is_weights_only_safe(tmp_path) -> None:
    random.seed(1)
    np.random.seed(1)
    torch.manual_seed(1)
    state = capture_rng()
    torch.save({"rng": state}, tmp_path / "r.pt")
    expected = (random.random(), np.random.rand(), torch.rand(1).item())
    restore_rng(torch.load(tmp_path / "r.pt", weights_only=True)["rng"])
    assert (random.random(), np.random.rand(), torch.rand(1).item()) == expected


def test_clean_state_dict_and_unwrap() -> None:
    sd = {"module.fc.weight": 1, "_orig_mod.module.fc.bias": 2, "conv1.weight": 3}
    assert D.clean_state_dict(sd) == {"fc.weight": 1, "fc.bias": 2, "conv1.weight": 3}
    inner = torch.nn.Linear(2, 2)
    wrapper = torch.nn.Module()
    wrapper.module = inner
    assert D.unwrap(wrapper) is inner
    ctx = D.DistContext()
    assert not ctx.active and D.all_reduce_sum(ctx, [1, 2], torch.device("cpu")) == [1.0, 2.0]
    assert list(D.ShardSampler(5, D.DistContext(rank=1, world_size=2))) == [1, 3]


def test_a_bad_torchrun_environment_is_a_training_error_in_both_languages(monkeypatch) -> None:
    from dtf_gui.core.errors import TrainingError

    monkeypatch.setenv("RANK", "first")
    with pytest.raises(TrainingError) as err:
        D.env_world()
    assert "RANK" in err.value.render("en") and "first" in err.value.render("en")
    assert "整数" in err.value.render("zh_CN")
