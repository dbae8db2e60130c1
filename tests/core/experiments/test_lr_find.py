"""The learning-rate finder: leaves model, optimizer and RNG as they were; the sweep's shape; stop; the rule."""

from __future__ import annotations

import hashlib
import io
import math
import random
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))

from tiny import tiny_config, write_tiny_folder  # noqa: E402

from dtf_gui.core.errors import Cancelled, ConfigError  # noqa: E402
from dtf_gui.core.experiments.lr_find import (  # noqa: E402
    LrFindRequest,
    lr_find,
    prepare_sweep,
    schedule_mean,
    suggest,
    sweep,
    valley,
)
from dtf_gui.core.messages import render  # noqa: E402


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_folder(tmp_path_factory.mktemp("lr_data"), n_train=8, n_val=2, size=16)


def _config(data: Path, tmp: Path, **kw: object):
    base = {"model__arch": "mobilenet_v3_small", "train__batch_size": 4, "train__optimizer": "sgd",
            "train__momentum": 0.9}
    base.update(kw)
    return tiny_config(data, tmp / "runs", **base)


def _sha(obj: object) -> str:
    buf = io.BytesIO()
    torch.save(obj, buf)
    return hashlib.sha256(buf.getvalue()).hexdigest()


def _rng_state() -> tuple:
    return (torch.get_rng_state().numpy().tobytes(), repr(random.getstate()),
            repr([a.tolist() if hasattr(a, "tolist") else a for a in np.random.get_state()]))


def test_sweep_leaves_model_and_optimizer_byte_identical(data: Path, tmp_path: Path) -> None:
    """Full fine-tuning with momentum: the sweep changes weights, BatchNorm statistics and the optimizer's
    state; afterwards both hash exactly as before (and they did change in between)."""
    parts = prepare_sweep(_config(data, tmp_path, freeze__plan="full"))
    model, opt = parts.model, parts.optimizer
    before = (_sha(model.state_dict()), _sha(opt.state_dict()))
    modes = [m.training for m in model.modules()]
    grads = [p.requires_grad for p in model.parameters()]
    during: list[tuple[str, str]] = []

    def progress(done: int, total: int) -> None:
        if done == 3:
            during.append((_sha(model.state_dict()), _sha(opt.state_dict())))

    cfg = _config(data, tmp_path, freeze__plan="full")
    result = sweep(parts, LrFindRequest(cfg, start_lr=1e-4, end_lr=1e-1, num_iter=6), progress=progress)
    assert len(result.lrs) == 6
    assert during and during[0][0] != before[0] and during[0][1] != before[1]  # the sweep did train
    assert (_sha(model.state_dict()), _sha(opt.state_dict())) == before
    assert [m.training for m in model.modules()] == modes and [p.requires_grad for p in model.parameters()] == grads
    assert all(p.grad is None for p in model.parameters())


def test_lr_find_restores_the_global_rng_and_writes_nothing(data: Path, tmp_path: Path) -> None:
    """lr_find seeds as a run does (prepare_parts) and draws random numbers while it trains: the caller's
    RNG streams continue afterwards exactly where they were."""
    cfg = _config(data, tmp_path, freeze__plan="head", random_train=False)  # the feature-cache path
    torch.manual_seed(123)
    random.seed(5)
    np.random.seed(7)
    state = _rng_state()
    result = lr_find(LrFindRequest(cfg, start_lr=1e-4, end_lr=1.0, num_iter=6))
    assert len(result.lrs) >= 2
    assert _rng_state() == state
    assert not (tmp_path / "runs").exists()


def test_the_lrs_grow_exponentially_from_start_to_end(data: Path, tmp_path: Path) -> None:
    cfg = _config(data, tmp_path, freeze__plan="head", random_train=False)
    result = lr_find(LrFindRequest(cfg, start_lr=1e-5, end_lr=1e-3, num_iter=7, diverge=1e9))
    lrs = result.lrs
    assert len(lrs) == 7 and len(result.losses) == 7 and len(result.smoothed) == 7
    assert lrs[0] == pytest.approx(1e-5) and lrs[-1] == pytest.approx(1e-3)
    ratios = [b / a for a, b in zip(lrs, lrs[1:], strict=False)]
    assert ratios == pytest.approx([10 ** (2 / 6)] * 6)
    # fastai's bias-corrected moving average: the first point is the first loss itself
    assert result.smoothed[0] == pytest.approx(result.losses[0])
    avg = 0.0
    for i, loss in enumerate(result.losses):
        avg = 0.98 * avg + 0.02 * loss
        assert result.smoothed[i] == pytest.approx(avg / (1 - 0.98 ** (i + 1)))


def test_the_sweep_cycles_a_short_loader(data: Path, tmp_path: Path) -> None:
    """24 images in batches of 4 are 6 batches an epoch: 14 steps need three passes."""
    cfg = _config(data, tmp_path, freeze__plan="full")
    result = lr_find(LrFindRequest(cfg, start_lr=1e-6, end_lr=1e-5, num_iter=14, diverge=1e9))
    assert len(result.lrs) == 14 and all(math.isfinite(v) for v in result.losses)


def test_stop_cancels_and_still_restores(data: Path, tmp_path: Path) -> None:
    from dtf_gui.core.cancel import StopToken

    cfg = _config(data, tmp_path, freeze__plan="full")
    parts = prepare_sweep(cfg)
    before = _sha(parts.model.state_dict())
    stop = StopToken()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done == 2:
            stop.stop()

    with pytest.raises(Cancelled):
        sweep(parts, LrFindRequest(cfg, start_lr=1e-4, end_lr=1e-1, num_iter=50), stop=stop, progress=progress)
    assert seen == [1, 2]
    assert _sha(parts.model.state_dict()) == before


def test_bad_sweep_settings_are_refused_with_the_setting_named(data: Path, tmp_path: Path) -> None:
    cfg = _config(data, tmp_path)
    with pytest.raises(ConfigError) as e:
        lr_find(LrFindRequest(cfg, start_lr=1.0, end_lr=1e-3))
    assert e.value.field == "start_lr" and e.value.message.code == "lr_find.bad_range"
    with pytest.raises(ConfigError) as e:
        lr_find(LrFindRequest(cfg, num_iter=2))
    assert e.value.field == "num_iter" and "2" in render(e.value.message, "zh_CN")


# -- the rule on hand-made curves ------------------------------------------------------------------------
def _curve() -> tuple[list[float], list[float]]:
    """100 points over 1e-7..10: flat at 2.0 up to 1e-4, falling linearly in log(lr) to 0.5 at 1e-2, then
    blowing up. The valley is 1e-4..1e-2; its middle is 1e-3."""
    lrs = list(np.logspace(-7, 1, 100))
    losses = []
    for lr in lrs:
        x = math.log10(lr)
        if x <= -4:
            losses.append(2.0)
        elif x <= -2:
            losses.append(2.0 - 1.5 * (x + 4) / 2)
        else:
            losses.append(0.5 + 5.0 * (x + 2) ** 2)
    return lrs, losses


def test_valley_picks_the_middle_of_the_falling_stretch() -> None:
    lrs, losses = _curve()
    idx, message = valley(lrs, losses, 100)
    assert idx is not None and message.code == "lr_find.suggestion"
    assert 10 ** -3.5 < lrs[idx] < 10 ** -2.5  # half way down (in log lr) the stretch 1e-4..1e-2
    assert losses[idx] < 2.0 and idx < losses.index(min(losses))


def test_valley_refuses_degenerate_curves() -> None:
    lrs = list(np.logspace(-7, 1, 100))
    rising = [1.0 + 0.01 * i for i in range(100)]
    idx, message = valley(lrs, rising, 100)
    assert idx is None and message.code == "lr_find.no_fall"
    flat = [1.0 + 1e-6 * ((i * 7919) % 13) for i in range(100)]  # noise, no real fall
    idx, message = valley(lrs, flat, 100)
    assert idx is None and message.code == "lr_find.no_fall"
    idx, message = valley(lrs[:12], [3.0, 2.0, 1.0, 0.5, 9.0, 20.0, 50, 80, 90, 99, 100, 120], 100)
    assert idx is None and message.code == "lr_find.too_short"
    assert "12" in render(message, "en") and "12" in render(message, "zh_CN")
    idx, message = valley(lrs[:30], [1.0] * 20 + [float("nan")] * 10, 30)
    assert idx is None and message.code == "lr_find.not_finite"


def test_suggest_scales_the_valley_to_the_schedules_average_rate() -> None:
    """On the hand-made curve the valley is ~1e-3 and the loss is lowest at 1e-2: a run held at a constant
    rate gets the valley; a cosine run (average half its peak) twice the valley; a schedule averaging 1% of
    its peak would ask 100x the valley, past the lowest loss, so it gets the rate of the lowest loss."""
    lrs, losses = _curve()
    idx, _ = valley(lrs, losses, 100)
    assert idx is not None
    base, lowest = lrs[idx], lrs[losses.index(min(losses))]
    lr, vidx, message = suggest(lrs, losses, 100, 1.0)
    assert (lr, vidx) == (base, idx) and message.code == "lr_find.suggestion"
    lr, vidx, message = suggest(lrs, losses, 100, 0.5)
    assert vidx == idx and lr == pytest.approx(2 * base) and lr not in lrs
    assert f"{2 * base:.2e}" in render(message, "en") and "2.00" in render(message, "zh_CN")
    lr, _, _ = suggest(lrs, losses, 100, 0.01)
    assert lr == lowest and 0.009 < lowest < 0.011
    lr, vidx, message = suggest(lrs, [1.0 + 0.01 * i for i in range(100)], 100, 0.5)
    assert lr is None and vidx is None and message.code == "lr_find.no_fall"


def test_schedule_mean_is_the_runs_average_rate(data: Path, tmp_path: Path) -> None:
    """Worked by hand: cosine over 10 steps averages 0.5 + 0.5 * sum(cos(pi k / 10), k < 10) / 10 = 0.55;
    'step' with gamma 0.1 every epoch over 2 epochs (1 + 0.1) / 2; none and plateau 1."""
    cfg = _config(data, tmp_path)
    assert schedule_mean(cfg.with_overrides({"train.schedule": "cosine", "train.epochs": 1}), 10) == pytest.approx(0.55)
    step = cfg.with_overrides({"train.schedule": "step", "train.epochs": 2, "train.step_size": 1, "train.gamma": 0.1})
    assert schedule_mean(step, 7) == pytest.approx(0.55)
    assert schedule_mean(cfg.with_overrides({"train.schedule": "none"}), 10) == 1.0
    assert schedule_mean(cfg.with_overrides({"train.schedule": "plateau"}), 10) == 1.0
    one_cycle = schedule_mean(cfg.with_overrides({"train.schedule": "onecycle", "train.epochs": 3}), 50)
    assert 0.4 < one_cycle < 0.6
    long_run = cfg.with_overrides({"train.schedule": "cosine", "train.epochs": 500})
    assert schedule_mean(long_run, 10_000) == pytest.approx(0.5, abs=1e-3)  # sampled, not 5 million steps
