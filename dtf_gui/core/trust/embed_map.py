"""The embedding map: every image of a dataset as a point on a 2-D map of its features, coloured by class.

Images the backbone sees as alike lie close together, so a class that falls apart into islands, an image in
the wrong class's cloud, or a cluster of odd ones out show at a glance. The features are
:mod:`~dtf_gui.core.trust.embed`'s (cached, shared with the label finder and the near-duplicate finder); the
projection is PCA (scikit-learn) or UMAP (the optional ``umap-learn`` package, imported only when used):
``method="auto"`` takes UMAP when it imports, else PCA. UMAP first reduces the features to 50 dimensions by
PCA (faster, and the usual recipe); its first use in a process spends ~25 s of CPU compiling (numba).

Marks: ``mistakes_from`` names a run (or bundle) whose mistakes are marked -- found by the evaluation use
case (:func:`~dtf_gui.core.runs.evaluate.run_evaluation`, what ``dtf eval`` computes) on each split of the
map, never a second prediction loop; the label finder's suspects are marked from its public result
(anything with ``.suspects`` whose items have ``.path``) or from plain paths (:meth:`EmbeddingMap.with_suspects`).

Selection (the GUI's rectangle and lasso) is plain numpy here, so it is the same rule wherever it is used:
:meth:`EmbeddingMap.points_in_rect` (edges included) and :meth:`EmbeddingMap.points_in_polygon` (even-odd rule).
"""

from __future__ import annotations

import dataclasses
import os
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.errors import Cancelled, DataError
from dtf_gui.core.messages import msg
from dtf_gui.core.trust.embed import Embeddings, EmbedRequest, embed_dataset

#: What ``MapRequest.method`` accepts; ``EmbeddingMap.method`` is one of the last two.
METHODS = ("auto", "pca", "umap")
#: UMAP's neighbourhood size (its default) and the PCA dimensions it starts from.
UMAP_NEIGHBOURS = 15
UMAP_PCA_DIMS = 50
# shares of the progress bar: features, then the run's evaluation (when asked for), then the projection
_TOTAL = 1000
_EMBED_SHARE, _EVAL_SHARE = 0.75, 0.15


@dataclass(frozen=True)
class MapRequest:
    """Which images (``embed``: the dataset, splits and backbone), how to project them, what to mark.

    ``mistakes_from``: a run directory or bundle whose wrong answers are marked (``which`` checkpoint);
    ``suspects``: paths the label finder flagged (see :func:`suspect_paths`).
    """

    embed: EmbedRequest
    method: str = "auto"
    seed: int = 0
    mistakes_from: str | Path | None = None
    which: str = "best"
    suspects: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Prediction:
    """What the run answered for one image (from its evaluation): the gallery shows it on a selected tile."""

    pred_label: str
    prob: float  # probability of the predicted class
    true_prob: float
    loss: float


@dataclass
class EmbeddingMap:
    """Point ``i`` at ``xy[i]`` is ``paths[i]`` of class ``classes[labels[i]]`` in ``splits[i]``."""

    xy: np.ndarray  # float32 [N, 2]
    paths: list[str]
    labels: np.ndarray  # int64 [N]
    classes: list[str]
    splits: list[str]
    method: str  # what made it: "pca" or "umap"
    mistakes: set[str] = field(default_factory=set)  # paths the run gets wrong
    suspects: set[str] = field(default_factory=set)  # paths the label finder flagged
    predictions: dict[str, Prediction] = field(default_factory=dict)  # the run's answers (with mistakes_from)
    mistakes_run: str | None = None
    backbone: str = ""
    skipped: list[str] = field(default_factory=list)  # unreadable files (not on the map)
    seconds: float = 0.0

    def __len__(self) -> int:
        return len(self.paths)

    # -- selection --------------------------------------------------------------------------------------
    def points_in_rect(self, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
        """Indices of the points in the rectangle with corners (x0, y0), (x1, y1), edges included."""
        lo_x, hi_x = min(x0, x1), max(x0, x1)
        lo_y, hi_y = min(y0, y1), max(y0, y1)
        x, y = self.xy[:, 0].astype(np.float64), self.xy[:, 1].astype(np.float64)
        return np.flatnonzero((x >= lo_x) & (x <= hi_x) & (y >= lo_y) & (y <= hi_y))

    def points_in_polygon(self, polygon: Any) -> np.ndarray:
        """Indices of the points inside ``polygon`` (vertices [K, 2], open or closed; even-odd rule).

        A lasso is such a polygon: the mouse path, closed from its last point back to its first.
        """
        return np.flatnonzero(inside_polygon(self.xy, polygon))

    # -- marks ---------------------------------------------------------------------------------------------
    def mask_of(self, paths: Iterable[str]) -> np.ndarray:
        """Boolean [N]: which points are among ``paths``."""
        wanted = set(paths)
        return np.fromiter((p in wanted for p in self.paths), dtype=bool, count=len(self.paths))

    def mistake_mask(self) -> np.ndarray:
        return self.mask_of(self.mistakes)

    def suspect_mask(self) -> np.ndarray:
        return self.mask_of(self.suspects)

    def with_suspects(self, suspects: Any) -> EmbeddingMap:
        """A copy marking ``suspects`` (a label-finder result or paths) that are on the map; this map is unchanged."""
        on_map = set(self.paths)
        return dataclasses.replace(self, suspects={p for p in suspect_paths(suspects) if p in on_map})


def suspect_paths(suspects: Any) -> set[str]:
    """The paths of a label finder's result (``.suspects`` whose items have ``.path``), or of an iterable of
    paths or of items with ``.path``. Only that public shape is read: the finder's internals stay its own."""
    if suspects is None:
        return set()
    items = getattr(suspects, "suspects", suspects)
    return {str(getattr(it, "path", it)) for it in items}


def inside_polygon(points: np.ndarray, polygon: Any) -> np.ndarray:
    """Boolean [N]: is each of ``points`` [N, 2] inside ``polygon`` [K, 2]? Even-odd ray casting, vectorised
    over the points (one pass per edge); fewer than 3 distinct vertices enclose nothing."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    poly = np.asarray(polygon, dtype=np.float64).reshape(-1, 2)
    if len(poly) > 1 and np.array_equal(poly[0], poly[-1]):
        poly = poly[:-1]
    inside = np.zeros(len(pts), dtype=bool)
    if len(poly) < 3:
        return inside
    x, y = pts[:, 0], pts[:, 1]
    xj, yj = poly[-1]
    for xi, yi in poly:
        crosses = (yi > y) != (yj > y)  # the edge spans the point's height (half-open: a vertex counts once)
        if crosses.any():
            with np.errstate(divide="ignore", invalid="ignore"):
                x_at = xi + (y - yi) * (xj - xi) / (yj - yi)
            inside ^= crosses & (x < x_at)
        xj, yj = xi, yi
    return inside


# -- the projection ----------------------------------------------------------------------------------------
def umap_available() -> bool:
    """Whether ``umap`` imports (the optional ``umap-learn`` package); importing it takes seconds."""
    try:
        import umap  # noqa: F401  # lazy: optional and slow to import
    except ImportError:
        return False
    return True


def resolve_method(method: str) -> str:
    """"pca" or "umap" for a request's ``method``; DataError for an unknown one or a missing UMAP."""
    if method not in METHODS:
        raise DataError(msg("embed_map.unknown_method", method=repr(method), choices=", ".join(METHODS)))
    if method == "pca":
        return "pca"
    if umap_available():
        return "umap"
    if method == "umap":
        raise DataError(msg("embed_map.umap_missing"))
    return "pca"


def _pca(x: np.ndarray, dims: int, seed: int) -> np.ndarray:
    """The first ``dims`` principal components, exactly, from the eigenvectors of the covariance matrix
    (scikit-learn's "covariance_eigh": a matrix product and NumPy's eigh, which both release the GIL, so the
    GUI stays responsive while a map computes; SciPy's SVD, behind the "full" and "randomized" solvers,
    holds it: a full SVD of 1797 x 1280 features froze the GUI for a minute on a loaded 2-core machine)."""
    from sklearn.decomposition import PCA  # lazy: scikit-learn loads in ~0.5 s

    k = min(dims, x.shape[0], x.shape[1])
    out = PCA(n_components=k, svd_solver="covariance_eigh", random_state=seed).fit_transform(x)
    if k < dims:  # one image, or one feature: pad the missing axes with zeros
        out = np.concatenate([out, np.zeros((x.shape[0], dims - k))], axis=1)
    return out


def project(features: np.ndarray, method: str = "auto", seed: int = 0) -> tuple[np.ndarray, str]:
    """(float32 [N, 2] map, the method used). UMAP needs a few neighbours: under 4 images PCA is used."""
    used = resolve_method(method)
    x = np.asarray(features, dtype=np.float64)
    n = x.shape[0]
    if n == 0:
        return np.zeros((0, 2), dtype=np.float32), used
    x = x - x.mean(axis=0, keepdims=True)
    if used == "umap" and n >= 4:
        import umap  # lazy: optional, seconds to import

        reduced = _pca(x, UMAP_PCA_DIMS, seed) if x.shape[1] > UMAP_PCA_DIMS else x
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "n_jobs overridden by random_state", spectral-init notes
            reducer = umap.UMAP(n_components=2, n_neighbors=min(UMAP_NEIGHBOURS, n - 1), random_state=seed,
                                init="spectral" if n > UMAP_NEIGHBOURS + 2 else "random", n_jobs=1)
            xy = reducer.fit_transform(reduced)
        return np.asarray(xy, dtype=np.float32), "umap"
    if n == 1:
        return np.zeros((1, 2), dtype=np.float32), "pca"
    return _pca(x, 2, seed).astype(np.float32), "pca"


def map_from_embeddings(embeddings: Embeddings, *, method: str = "auto", seed: int = 0) -> EmbeddingMap:
    """The map of features already computed (no marks): the projection step of :func:`embedding_map`."""
    xy, used = project(embeddings.features, method, seed)
    return EmbeddingMap(xy=xy, paths=list(embeddings.paths), labels=np.asarray(embeddings.labels, dtype=np.int64),
                        classes=list(embeddings.classes), splits=list(embeddings.splits), method=used,
                        backbone=embeddings.backbone, skipped=list(embeddings.skipped))


# -- the run's mistakes ------------------------------------------------------------------------------------
def _key(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def run_predictions(run: str | Path, request: EmbedRequest, *, which: str = "best",
                    stop: StopToken | None = None, progress: Progress | None = None) -> dict[str, Prediction]:
    """The run's answer for every image of the request's splits, by its evaluation (``dtf eval``'s use case):
    realpath of the image -> Prediction. The split is rebuilt the way the run was trained (its val share and
    seed), so each split of the map is evaluated and the answers merged."""
    from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation

    out: dict[str, Prediction] = {}
    splits = [s for s in dict.fromkeys(request.splits) if s in ("train", "val")]
    for k, split in enumerate(splits):
        def part(done: int, total: int, k: int = k) -> None:
            if progress is not None and total:
                progress(k * total + done, len(splits) * total)

        outcome = run_evaluation(EvalRequest(str(run), str(request.data_root), split=split, which=which,
                                             batch_size=request.batch_size, device=request.device),
                                 progress=part, stop=stop)
        r = outcome.result
        for i, path in enumerate(r.paths):
            t, p = int(r.y_true[i]), int(r.y_pred[i])
            out[_key(str(path))] = Prediction(r.classes[p], float(r.probs[i, p]), float(r.probs[i, t]),
                                              float(r.losses[i]))
    return out


def embedding_map(request: MapRequest, *, stop: StopToken | None = None, progress: Progress | None = None,
                  cache_dir: str | Path | None = None) -> EmbeddingMap:
    """Features (cached), the run's answers (``mistakes_from``), then the 2-D projection.

    ``progress(done, total)`` runs over all three steps; ``stop`` raises ``Cancelled`` between batches and
    between steps. Raises DataError (unknown method, UMAP asked for but missing, no usable images, a run
    whose classes the dataset lacks) and WeightsError (the backbone's weights are not on this machine).
    """
    t0 = time.perf_counter()
    resolve_method(request.method)  # an unknown method fails before minutes of features
    emb_share = _EMBED_SHARE if request.mistakes_from is not None else _EMBED_SHARE + _EVAL_SHARE

    def scaled(start: float, share: float) -> Progress | None:
        if progress is None:
            return None
        return lambda done, total: progress(int(_TOTAL * (start + share * done / max(total, 1))), _TOTAL)

    def check() -> None:
        if stop is not None and (stop.wait_if_paused() or stop.stop_requested):
            raise Cancelled(msg("embed_map.cancelled"))

    emb = embed_dataset(request.embed, stop=stop, progress=scaled(0.0, emb_share), cache_dir=cache_dir)
    check()
    predictions: dict[str, Prediction] = {}
    if request.mistakes_from is not None:
        by_key = run_predictions(request.mistakes_from, request.embed, which=request.which, stop=stop,
                                 progress=scaled(emb_share, _EVAL_SHARE))
        for path in emb.paths:
            pred = by_key.get(_key(path))
            if pred is not None:
                predictions[path] = pred
        check()
    m = map_from_embeddings(emb, method=request.method, seed=request.seed)
    m.predictions = predictions
    m.mistakes = {p for p, y in zip(m.paths, m.labels, strict=True)
                  if p in predictions and predictions[p].pred_label != m.classes[int(y)]}
    m.mistakes_run = str(request.mistakes_from) if request.mistakes_from is not None else None
    if request.suspects:
        m = m.with_suspects(request.suspects)
    m.seconds = time.perf_counter() - t0
    if progress is not None:
        progress(_TOTAL, _TOTAL)
    return m


__all__ = ["METHODS", "EmbeddingMap", "MapRequest", "Prediction", "embedding_map", "inside_polygon",
           "map_from_embeddings", "project", "resolve_method", "run_predictions", "suspect_paths",
           "umap_available"]
