"""The trailing ToDtype/Normalize steps run once per batch (after the move to the device), not per image,
and give exactly the numbers the whole per-image pipeline gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import torch
from tiny import MEAN, STD, tiny_config

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.pipeline.build import build_steps
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec
from dtf_gui.core.training import distributed as D
from dtf_gui.core.training import staging
from dtf_gui.core.training.device import prepare_model
from dtf_gui.core.training.loop import on_device
from dtf_gui.core.training.rng import seed_everything
from dtf_gui.core.training.schedule import prepare_optimization
from dtf_gui.core.training.staging import StagedDataset, compose, make_loaders, prepare_data, stage


@dataclasses.dataclass
class _Prepared:
    cfg: object
    data: staging.PreparedData
    staged: staging.Staged
    sampler: object
    loaders: staging.Loaders
    channels_last: bool

    def on_device(self, x: torch.Tensor, split: str) -> torch.Tensor:
        return on_device(x, self.staged.batch_tf(split), device=torch.device("cpu"), channels_last=self.channels_last)


def _prepared(cfg) -> _Prepared:
    """The engine's preparation steps, in its order, for a single CPU process."""
    ctx, device, say = D.setup("cpu"), torch.device("cpu"), (lambda _text: None)
    seed_everything(cfg.seed)
    data = prepare_data(cfg, StopToken(), say)
    model = prepare_model(cfg, data.classes, device=device, ctx=ctx, train_random=data.train_random,
                          val_random=data.val_random, checkpoint=None, say=say)
    staged = stage(cfg, data, use_features=model.use_features, world_size=1, say=say)
    optim = prepare_optimization(cfg, model.model, data.base_train.targets, len(data.classes), device=device,
                                 precision=model.precision, ctx=ctx, checkpoint=None)
    loaders = make_loaders(staged, optim.sampler, optim.drop_last, cfg=cfg, ctx=ctx, device=device)
    return _Prepared(cfg, data, staged, optim.sampler, loaders, model.channels_last)


def _per_image(t: _Prepared, split: str, indices: list[int]) -> torch.Tensor:
    """What the pipeline gives image by image, all steps, no cache -- stacked."""
    spec = t.cfg.pipeline.val if split == "val" else t.cfg.pipeline.train
    full = compose([fn for *_, fn in build_steps(spec, split=split)])
    base = t.data.base_val if split == "val" else t.data.base_train
    return torch.stack([full(base[i][0]) for i in indices])


@pytest.mark.parametrize("cache", ["auto", "off"])
@pytest.mark.parametrize("channels_last", [False, True])
def test_batched_tail_equals_the_per_image_pipeline(tiny_data: Path, tmp_path: Path, cache: str,
                                                   channels_last: bool) -> None:
    cfg = tiny_config(tiny_data, tmp_path, random_train=False, **{"data.cache": cache,
                                                                  "channels_last": channels_last})
    t = _prepared(cfg)
    assert t.staged.batch_tf("train") is not None and t.staged.batch_tf("val") is not None
    t.sampler.set_epoch(0)
    order = list(t.sampler)
    for split, loader, idx in (("train", t.loaders.train, order),
                               ("val", t.loaders.val, list(range(len(t.staged.val))))):
        x, _ = next(iter(loader))
        assert x.dtype == torch.uint8  # the loader collates 1-byte pixels
        got = t.on_device(x, split)
        want = _per_image(t, split, idx[: x.shape[0]])
        assert got.dtype == torch.float32 and torch.equal(got, want)
        assert got.is_contiguous(memory_format=torch.channels_last) == channels_last


def test_random_train_steps_stay_per_image(tiny_data: Path, tmp_path: Path) -> None:
    t = _prepared(tiny_config(tiny_data, tmp_path, random_train=True))
    x, _ = next(iter(t.loaders.train))
    assert x.dtype == torch.uint8  # flipped per image, converted per batch
    out = t.on_device(x, "train")
    assert out.dtype == torch.float32 and out.shape == (8, 3, 16, 16)
    # normalised: the same affine map of the pixels as Normalize(ToDtype(x))
    ref = (x.float() / 255 - torch.tensor(MEAN)[:, None, None]) / torch.tensor(STD)[:, None, None]
    torch.testing.assert_close(out, ref)


def test_no_tail_when_normalize_is_not_last(tiny_data: Path, tmp_path: Path) -> None:
    steps = PipelineSpec.of(("Resize", {"size": [16, 16]}), ("ToImage", {}),
                            ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", {"mean": MEAN, "std": STD}),
                            ("RandomErasing", {"p": 0.5}))
    cfg = dataclasses.replace(tiny_config(tiny_data, tmp_path), pipeline=PipelineDocument(
        train=steps, val=tiny_config(tiny_data, tmp_path).pipeline.val))
    t = _prepared(cfg)
    assert t.staged.batch_tf("train") is None and t.staged.batch_tf("val") is not None
    x, _ = next(iter(t.loaders.train))
    assert x.dtype == torch.float32  # the whole pipeline ran per image


def test_training_with_the_batched_tail_matches_per_image(tiny_data: Path, tmp_path: Path, monkeypatch) -> None:
    """One run with the tail batched, one with it forced per image: the same weights, bit for bit."""
    from dtf_gui.core.training import engine

    cfg = tiny_config(tiny_data, tmp_path / "a", random_train=False, **{"train.epochs": 1})
    a = engine.train(cfg)
    monkeypatch.setattr(staging, "BATCH_STEPS", frozenset())
    b = engine.train(cfg.with_overrides({"runs_dir": str(tmp_path / "b")}))
    wa = engine.load_checkpoint(a.run_dir / "checkpoints" / "last.pt")["model"]
    wb = engine.load_checkpoint(b.run_dir / "checkpoints" / "last.pt")["model"]
    assert all(torch.equal(wa[k], wb[k]) for k in wa)
    assert a.history[0]["val_acc"] == b.history[0]["val_acc"]


def test_finding_the_tail_does_not_move_the_seeded_rng(tiny_data: Path, tmp_path: Path) -> None:
    import random

    t = _prepared(tiny_config(tiny_data, tmp_path, random_train=True))
    steps = build_steps(t.cfg.pipeline.train, split="train")  # Resize, RandomHorizontalFlip, ToImage, ...
    before = (torch.get_rng_state(), random.getstate())
    assert staging.batch_tail(t.data.base_train, steps) == 3
    assert torch.equal(torch.get_rng_state(), before[0]) and random.getstate() == before[1]


def test_cache_is_filled_before_the_first_epoch_on_threads(tiny_data: Path, tmp_path: Path) -> None:
    t = _prepared(tiny_config(tiny_data, tmp_path, random_train=True))  # Resize is cached, the flip is not
    ds = t.staged.train
    assert isinstance(ds, StagedDataset) and ds.store == {} and ds.prefix is not None
    serial = StagedDataset(ds.base, ds.prefix, ds.rest, cache=True)
    serial.fill(1)
    assert ds.fill(4) == len(ds) and ds.fill(4) == 0                 # a second fill has nothing to do
    assert sorted(ds.store) == list(range(len(ds)))
    for i in range(len(ds)):                                          # the same images, whatever the order
        a, b = ds.store[i], serial.store[i]
        assert torch.equal(a, b) if isinstance(a, torch.Tensor) else np.array_equal(np.asarray(a), np.asarray(b))


def test_a_run_fills_its_caches_first_and_stops_cleanly_there(tiny_data: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from dtf_gui.core.cancel import StopToken
    from dtf_gui.core.training import engine

    seen: list[tuple[int, int]] = []
    fill = StagedDataset.fill

    def spy(self, threads, stop=None, probe=0):
        n = fill(self, threads, stop, probe)
        seen.append((n, threads))
        return n

    monkeypatch.setattr(StagedDataset, "fill", spy)
    cfg = tiny_config(tiny_data, tmp_path / "a", random_train=False, train__epochs=1)
    assert engine.train(cfg).status == "completed"
    # train, then val, before epoch 1 (val image 0 is already in: reading the input size put it there)
    assert [n for n, _ in seen] == [36, 11] and all(threads >= 1 for _, threads in seen)

    stop = StopToken()

    def stopping(self, threads, stop_token=None, probe=0):
        stop.stop()
        return fill(self, threads, stop_token, probe)

    monkeypatch.setattr(StagedDataset, "fill", stopping)
    r = engine.train(dataclasses.replace(cfg, runs_dir=str(tmp_path / "b")), stop=stop)
    assert r.status == "stopped" and "decode-once cache" in str(r.message) and r.history == []
    assert (r.run_dir / "checkpoints" / "last.pt").is_file()           # resumable from the start


@pytest.mark.parametrize("min_s, threaded", [(0.0, True), (1e9, False)])
def test_threads_fill_the_cache_only_where_an_image_is_slow_to_prepare(tiny_data: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        min_s: float, threaded: bool) -> None:
    import threading

    t = _prepared(tiny_config(tiny_data, tmp_path, random_train=False))

    class Recording:
        def __init__(self, base) -> None:
            self.base, self.names = base, set()

        def __len__(self) -> int:
            return len(self.base)

        def __getitem__(self, i: int):
            self.names.add(threading.current_thread().name)
            return self.base[i]

    monkeypatch.setattr(staging, "FILL_THREADS_MIN_S", min_s)
    base = Recording(t.staged.train.base)
    ds = StagedDataset(base, t.staged.train.prefix, t.staged.train.rest, cache=True)
    assert ds.fill(2, probe=4) == len(ds)
    assert any(n.startswith("dtf-cache") for n in base.names) == threaded
