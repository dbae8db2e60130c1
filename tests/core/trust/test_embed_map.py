"""The embedding map: a 2-D projection of image features, selection by rectangle and polygon, the run's
mistakes and the label finder's suspects marked on it."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from eval_fixtures import expected_predictions, make_trained_run, write_dataset

from dtf_gui.core.errors import DataError
from dtf_gui.core.trust.embed import Embeddings, EmbedRequest
from dtf_gui.core.trust.embed_map import (
    EmbeddingMap,
    MapRequest,
    embedding_map,
    map_from_embeddings,
    suspect_paths,
)


def two_blobs(n: int = 40, dim: int = 64, seed: int = 0) -> Embeddings:
    """Two classes whose features sit around two far-apart centres, plus noise in every dimension."""
    rng = np.random.default_rng(seed)
    centre = rng.normal(0, 1, dim)
    feats = np.concatenate([rng.normal(0, 1, (n, dim)) + 4 * centre, rng.normal(0, 1, (n, dim)) - 4 * centre])
    labels = np.repeat([0, 1], n)
    paths = [f"/data/{'ab'[y]}/{i}.png" for i, y in enumerate(labels)]
    return Embeddings(paths=paths, labels=labels.astype(np.int64), splits=["train"] * (2 * n), classes=["a", "b"],
                      features=feats.astype(np.float32), backbone="synthetic")


def grid_map(n: int = 400, seed: int = 1) -> EmbeddingMap:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-10, 10, (n, 2)).astype(np.float32)
    return EmbeddingMap(xy=xy, paths=[f"/d/{i}.png" for i in range(n)], labels=np.zeros(n, dtype=np.int64),
                        classes=["a"], splits=["train"] * n, method="pca")


def test_pca_map_separates_two_well_separated_classes() -> None:
    emb = two_blobs()
    m = map_from_embeddings(emb, method="pca")
    assert m.method == "pca"
    assert m.xy.shape == (80, 2) and m.xy.dtype == np.float32
    assert m.paths == emb.paths and list(m.labels) == list(emb.labels) and m.classes == ["a", "b"]
    # the classes separate on the map: every point is nearer its own class's centre than the other's
    centres = np.stack([m.xy[m.labels == k].mean(0) for k in (0, 1)])
    nearest = np.argmin(((m.xy[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
    assert (nearest == m.labels).all()
    # and the gap between the centres is wide compared with the spread inside a class
    spread = max(np.linalg.norm(m.xy[m.labels == k] - centres[k], axis=1).max() for k in (0, 1))
    assert np.linalg.norm(centres[0] - centres[1]) > 2 * spread


def test_map_of_one_or_two_images_still_has_two_columns() -> None:
    emb = two_blobs(n=1)
    m = map_from_embeddings(emb, method="pca")
    assert m.xy.shape == (2, 2) and np.isfinite(m.xy).all()
    one = Embeddings(paths=["/x.png"], labels=np.zeros(1, dtype=np.int64), splits=["val"], classes=["a"],
                     features=np.ones((1, 8), dtype=np.float32), backbone="synthetic")
    assert map_from_embeddings(one, method="pca").xy.shape == (1, 2)


def test_rectangle_selection_returns_exactly_the_points_inside() -> None:
    m = grid_map()
    x, y = m.xy[:, 0], m.xy[:, 1]
    want = np.flatnonzero((x >= -3.5) & (x <= 6.25) & (y >= -8) & (y <= 1.5))
    assert 0 < len(want) < len(m)
    assert sorted(m.points_in_rect(-3.5, -8, 6.25, 1.5).tolist()) == want.tolist()
    # corners given the other way round (a drag to the upper left) select the same points
    assert sorted(m.points_in_rect(6.25, 1.5, -3.5, -8).tolist()) == want.tolist()
    assert m.points_in_rect(20, 20, 30, 30).tolist() == []


def test_polygon_selection_returns_exactly_the_points_inside_a_concave_lasso() -> None:
    m = grid_map()
    x, y = m.xy[:, 0], m.xy[:, 1]
    # an L: the union of [-8, -2] x [-8, 8] and [-8, 6] x [-8, -3]; its inner corner is at (-2, -3)
    poly = [(-8, -8), (6, -8), (6, -3), (-2, -3), (-2, 8), (-8, 8)]
    inside = (((x > -8) & (x < -2) & (y > -8) & (y < 8)) | ((x > -8) & (x < 6) & (y > -8) & (y < -3)))
    want = np.flatnonzero(inside)
    assert 0 < len(want) < len(m)
    assert sorted(m.points_in_polygon(poly).tolist()) == want.tolist()
    # the same lasso drawn the other way round, and closed explicitly
    back = [*poly[::-1], poly[-1]]
    assert sorted(m.points_in_polygon(np.array(back)).tolist()) == want.tolist()
    # a lasso too short to enclose anything selects nothing
    assert m.points_in_polygon([(0, 0), (5, 5)]).tolist() == []


def test_suspects_from_the_label_finder_result_are_marked() -> None:
    m = map_from_embeddings(two_blobs(n=5), method="pca")
    result = SimpleNamespace(suspects=[SimpleNamespace(path=m.paths[3], score=0.9),
                                       SimpleNamespace(path=m.paths[7], score=0.8),
                                       SimpleNamespace(path="/elsewhere/not_on_map.png", score=0.7)])
    assert suspect_paths(result) == {m.paths[3], m.paths[7], "/elsewhere/not_on_map.png"}
    marked = m.with_suspects(result)
    assert marked.suspects == {m.paths[3], m.paths[7]}  # only what the map shows
    assert marked.suspect_mask().nonzero()[0].tolist() == [3, 7]
    assert m.suspects == set()  # the map itself is unchanged
    assert m.with_suspects([m.paths[1]]).suspects == {m.paths[1]}  # plain paths work too


def test_auto_uses_pca_when_umap_cannot_be_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "umap", None)  # `import umap` raises ImportError
    assert map_from_embeddings(two_blobs(n=6), method="auto").method == "pca"
    with pytest.raises(DataError) as err:
        map_from_embeddings(two_blobs(n=6), method="umap")
    assert "umap-learn" in str(err.value)


def test_unknown_method_is_refused_with_the_choices() -> None:
    with pytest.raises(DataError) as err:
        map_from_embeddings(two_blobs(n=4), method="tsne")
    assert "tsne" in str(err.value) and "pca" in str(err.value)


def test_mistakes_are_the_paths_the_run_gets_wrong(tmp_path: Path) -> None:
    classes = ("red", "green", "blue")
    root = write_dataset(tmp_path / "data", classes, train=4, val=4)
    run = make_trained_run(tmp_path / "run", root, classes, steps=30)
    request = MapRequest(EmbedRequest(root, run=run, image_size=32), method="pca", mistakes_from=run)
    seen: list[tuple[int, int]] = []
    m = embedding_map(request, cache_dir=tmp_path / "cache", progress=lambda d, t: seen.append((d, t)))
    # the predictions computed independently of the map (core.runs.predict), for both splits
    expected = {**expected_predictions(run, root, "val"), **expected_predictions(run, root, "train")}
    wrong = {p for p, (true, pred) in expected.items() if true != pred}
    assert wrong  # the fixture's mislabelled val images
    assert m.mistakes == wrong
    assert set(m.paths) == set(expected)
    assert m.xy.shape == (len(expected), 2) and np.isfinite(m.xy).all()
    assert m.mistake_mask().sum() == len(wrong)
    for p, (_true, pred) in expected.items():  # what the gallery shows for a selected tile
        assert m.predictions[p].pred_label == pred
    assert seen and seen[-1][0] == seen[-1][1]  # progress ends at 100 %
    # without a run nothing is marked
    plain = embedding_map(MapRequest(EmbedRequest(root, run=run, image_size=32), method="pca"),
                          cache_dir=tmp_path / "cache")
    assert plain.mistakes == set() and plain.predictions == {}
