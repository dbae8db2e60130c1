"""The embedding map with UMAP (the optional ``umap-learn`` extra). Slow: numba compiles UMAP's layout code on
its first use in a process (~25 s of CPU), so this lives apart from the fast map tests."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("umap")

from dtf_gui.core.trust.embed import Embeddings  # noqa: E402
from dtf_gui.core.trust.embed_map import map_from_embeddings  # noqa: E402


def two_blobs(n: int, dim: int = 64, seed: int = 0) -> Embeddings:
    """Two classes around two far-apart centres (as in test_embed_map.py)."""
    rng = np.random.default_rng(seed)
    centre = rng.normal(0, 1, dim)
    feats = np.concatenate([rng.normal(0, 1, (n, dim)) + 4 * centre, rng.normal(0, 1, (n, dim)) - 4 * centre])
    labels = np.repeat([0, 1], n).astype(np.int64)
    return Embeddings(paths=[f"/data/{i}.png" for i in range(2 * n)], labels=labels, splits=["train"] * (2 * n),
                      classes=["a", "b"], features=feats.astype(np.float32), backbone="synthetic")


@pytest.mark.slow
def test_umap_map_separates_two_classes_and_auto_picks_umap() -> None:
    emb = two_blobs(n=30)
    m = map_from_embeddings(emb, method="auto", seed=3)
    assert m.method == "umap"  # auto = UMAP when it imports
    assert m.xy.shape == (60, 2) and m.xy.dtype == np.float32 and np.isfinite(m.xy).all()
    centres = np.stack([m.xy[m.labels == k].mean(0) for k in (0, 1)])
    nearest = np.argmin(((m.xy[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
    assert (nearest == m.labels).all()
    again = map_from_embeddings(emb, method="umap", seed=3)
    np.testing.assert_allclose(again.xy, m.xy, atol=1e-4)  # the seed makes the map repeatable
