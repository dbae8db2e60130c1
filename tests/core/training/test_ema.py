"""Model EMA on a tiny model: the average is the hand-computed one, warms up, and survives a checkpoint."""

from __future__ import annotations

import torch
from torch import nn

from dtf_gui.core.training.ema import ModelEma, choose_weights


def _tiny() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))


def _fake_step(model: nn.Module, k: int) -> None:
    """Move every parameter and BatchNorm statistic as a training step would (a known amount)."""
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.5 * k)
        bn = model[1]
        bn.running_mean.add_(float(k))
        bn.running_var.mul_(1.5)


def _tensors(model: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone().float() for k, v in model.state_dict().items()}


def test_average_equals_the_hand_computed_one() -> None:
    model = _tiny()
    ema = ModelEma(model, decay=0.75, warmup_epochs=0)
    expected: dict[str, torch.Tensor] | None = None
    for k in range(1, 5):
        _fake_step(model, k)
        ema.update(model, epoch=0)
        now = _tensors(model)
        # the first update copies the weights; each later one is decay * average + (1 - decay) * weights
        expected = now if expected is None else {n: 0.75 * expected[n] + 0.25 * now[n] for n in now}
    got = _tensors(ema.module)
    for name in ("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var"):
        assert torch.allclose(got[name], expected[name], atol=1e-6), name  # buffers too: use_buffers=True
    assert not torch.allclose(got["0.weight"], _tensors(model)["0.weight"])  # it lags the raw weights
    assert ema.n_averaged == 4


def test_warm_up_epochs_keep_the_average_on_the_weights() -> None:
    model = _tiny()
    ema = ModelEma(model, decay=0.5, warmup_epochs=2)
    for k in range(1, 4):
        _fake_step(model, k)
        ema.update(model, epoch=1)  # still warming up: the average restarts from the weights every step
        assert all(torch.equal(a, b) for a, b in zip(_tensors(ema.module).values(), _tensors(model).values(),
                                                          strict=True))
    before = _tensors(model)
    _fake_step(model, 4)
    ema.update(model, epoch=2)  # averaging starts
    after = _tensors(model)
    assert torch.allclose(_tensors(ema.module)["0.weight"], 0.5 * before["0.weight"] + 0.5 * after["0.weight"])


def test_state_round_trip_continues_the_same_average() -> None:
    model = _tiny()
    a = ModelEma(model, decay=0.8)
    for k in range(1, 3):
        _fake_step(model, k)
        a.update(model, epoch=0)
    state = a.state_dict()
    assert set(state) == {"model", "n_averaged"} and not any(k.startswith("module.") for k in state["model"])
    b = ModelEma(_tiny(), decay=0.8)  # a fresh copy, as a resumed run builds it
    b.load_state_dict(state)
    for k in range(3, 5):
        _fake_step(model, k)
        a.update(model, epoch=0)
        b.update(model, epoch=0)
    assert all(torch.equal(x, y) for x, y in zip(_tensors(a.module).values(), _tensors(b.module).values(),
                                                      strict=True))
    assert b.n_averaged == a.n_averaged == 4


def test_choose_weights() -> None:
    assert choose_weights("best", raw=(0.5, 1.0), ema=(0.6, 1.2)) == "ema"
    assert choose_weights("best", raw=(0.7, 1.0), ema=(0.6, 0.9)) == "raw"
    assert choose_weights("best", raw=(0.6, 1.0), ema=(0.6, 0.9)) == "ema"  # a tie goes to the lower loss
    assert choose_weights("raw", raw=(0.1, 1.0), ema=(0.9, 0.1)) == "raw"
    assert choose_weights("ema", raw=(0.9, 0.1), ema=(0.1, 1.0)) == "ema"
