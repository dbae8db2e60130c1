"""Shared image embeddings: the cache answers without loading the model and notices a changed file; an
unreadable file is left out and named; ``run=`` embeds with the run's own backbone and val pipeline."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from dtf_run_factory import make_run
from PIL import Image

from dtf_gui.core.trust import embed
from dtf_gui.core.trust.embed import EmbedRequest, embed_dataset

SIZE = 32


@pytest.fixture
def counted_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the backbone was built (each one reads the weights file)."""
    calls: list[int] = []
    real = embed.load_backbone

    def load(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(embed, "load_backbone", load)
    return calls


def test_a_cache_hit_gives_the_same_features_without_loading_the_model(colours: Path, tmp_path: Path,
                                                                       imagenet_weights: None,
                                                                       counted_loads: list[int]) -> None:
    req = EmbedRequest(colours, image_size=SIZE)
    first = embed_dataset(req, cache_dir=tmp_path / "cache")
    second = embed_dataset(req, cache_dir=tmp_path / "cache")
    assert len(counted_loads) == 1  # the second answer came from disk
    assert second.from_cache and not first.from_cache
    assert second.paths == first.paths and len(first) == 3 * 16
    assert np.array_equal(second.features, first.features)
    assert np.array_equal(second.labels, first.labels) and second.classes == first.classes == ["blue", "green", "red"]


def test_a_changed_file_is_computed_again(colours: Path, tmp_path: Path, imagenet_weights: None,
                                          counted_loads: list[int]) -> None:
    req = EmbedRequest(colours, image_size=SIZE)
    before = embed_dataset(req, cache_dir=tmp_path / "cache")
    changed = colours / "train" / "red" / "red_3.png"
    Image.new("RGB", (20, 20), (0, 0, 250)).save(changed)  # now a blue square, same name
    st = changed.stat()
    os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    after = embed_dataset(req, cache_dir=tmp_path / "cache")
    assert len(counted_loads) == 2 and not after.from_cache
    row = after.paths.index(str(changed))
    assert not np.allclose(after.features[row], before.features[row], atol=1e-3)
    others = [i for i in range(len(after)) if i != row]
    assert np.allclose(after.features[others], before.features[others], atol=1e-4)


def test_an_unreadable_file_is_skipped_and_named(colours: Path, tmp_path: Path, imagenet_weights: None) -> None:
    bad = colours / "train" / "green" / "green_broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really an image" * 5)
    for attempt in ("computed", "cached"):
        emb = embed_dataset(EmbedRequest(colours, image_size=SIZE), cache_dir=tmp_path / "cache")
        assert emb.from_cache == (attempt == "cached")
        assert emb.skipped == [str(bad)], attempt
        assert str(bad) not in emb.paths and len(emb) == 3 * 16
        assert len(emb.labels) == len(emb.features) == len(emb.splits) == len(emb)
        assert not np.isnan(emb.features).any()


def test_run_embeds_with_the_runs_own_backbone_and_val_pipeline(colours: Path, tmp_path: Path) -> None:
    """The features are exactly what the run's head sees: its head on them gives the Evaluate view's probabilities."""
    import torch

    from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation

    run = tmp_path / "run"
    model = make_run(run, colours, arch="mobilenet_v2", classes=("blue", "green", "red"), image_size=24)
    emb = embed_dataset(EmbedRequest(colours, run=run, splits=("val",)), cache_dir=tmp_path / "cache")
    assert emb.backbone == str(run) and emb.features.shape == (12, 1280)
    head = model.classifier[1]
    with torch.no_grad():
        probs = torch.softmax(head(torch.from_numpy(emb.features)), dim=1).numpy()
    result = run_evaluation(EvalRequest(str(run), str(colours), split="val")).result
    expected = {p: result.probs[i] for i, p in enumerate(result.paths)}
    assert sorted(expected) == sorted(emb.paths)
    for i, p in enumerate(emb.paths):
        assert np.allclose(probs[i], expected[p], atol=1e-5), p
