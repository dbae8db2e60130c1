"""Near-duplicates and train/val leaks by similarity: the edited copies a byte-for-byte SHA-1 misses.

The scan's duplicate check (:func:`~dtf_gui.core.data.scan.scan`) finds files with the same bytes. A copy that
was resized, re-saved as JPEG, cropped a little or made brighter has other bytes but is still the same
picture: in train and val it is leakage (val accuracy looks better than it is), under two classes it is a
label conflict, twice in one split it weighs that image double. Two signals find such copies:

* **features**: cosine similarity of the L2-normalised image features of :mod:`dtf_gui.core.trust.embed`
  (a frozen pretrained backbone). They see *what* is in the picture, so they survive crops and colour
  changes, but they also call two different photos of the same thing similar -- on a data set of one kind
  of image (handwritten digits) every "3" is close to every other "3";
* **pixel fingerprint** (``use_hash``): a perceptual hash kept as numbers -- the grey image shrunk to
  12 × 12, zero mean, unit length, so the dot product is a correlation that ignores brightness and contrast
  and barely moves under resizing or JPEG. It is taken of the whole image and of its centre 90 % and 80 %,
  and two images are compared at the best of those, so a copy cropped by up to ~25 % still matches. It
  tells a copy from a look-alike far better than features (measured on the demo digits: ``bench/
  near_duplicates.py``), and costs almost nothing.

By default both must agree (features as a loose gate on *what*, the fingerprint as the strict test of
*copy*); either can be used alone (``use_hash=False``: features only, then a higher ``threshold``;
``use_embeddings=False``: the fingerprint only, no backbone needed, fastest).

Pairs above the thresholds are found exactly (matrix products in row blocks, memory bounded) up to
``exact_limit`` images, above that by an approximate nearest-neighbour graph (pynndescent, installed with
umap-learn; without it the exact search runs, only slower). Groups are the connected components of those
pairs. Nothing here moves a file: the Data tab's Near-duplicates view and ``dtf curate`` do that through
the curation journal.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.data.scan import Finding
from dtf_gui.core.errors import Cancelled, ConfigError
from dtf_gui.core.messages import msg
from dtf_gui.core.trust.embed import DEFAULT_ARCH, EmbedRequest

#: Input size of the backbone for similarity: small is fast (the features only gate the fingerprint).
DEFAULT_SIZE = 64
#: Cosine similarity of features a pair needs when the fingerprint decides too (a loose gate) ...
DEFAULT_THRESHOLD = 0.70
#: ... and when the features decide alone (no fingerprint).
FEATURES_ONLY_THRESHOLD = 0.93
#: Correlation of the pixel fingerprints a pair needs (tuned on the demo digits: bench/near_duplicates.py).
DEFAULT_HASH_THRESHOLD = 0.993
FINGERPRINT_SIDE = 12
#: Centre crops (share of each side) fingerprinted: a copy cropped to about these sizes still matches.
FINGERPRINT_CROPS = (1.0, 0.9, 0.8)
#: Up to this many images the pairs are found exactly; above, by an approximate neighbour graph.
EXACT_LIMIT = 30_000
#: Neighbours per image in the approximate graph.
APPROX_NEIGHBOURS = 20
#: Entries of one block of the similarity matrix (bounds memory: 4M float32 = 16 MB per matrix).
BLOCK_ENTRIES = 4_000_000
KINDS = ("label_conflict", "leak", "within_split")


@dataclass(frozen=True)
class SimilarRequest:
    """Which images (the dataset split as training splits it, like :class:`EmbedRequest`) and how to compare.

    ``threshold``: cosine similarity of features (None: :data:`DEFAULT_THRESHOLD` with the fingerprint,
    :data:`FEATURES_ONLY_THRESHOLD` without). ``use_hash``: the pixel fingerprint must agree too
    (``hash_threshold``). ``use_embeddings=False`` compares fingerprints only. The backbone settings are
    EmbedRequest's (features are cached and shared with the other trust tools of the same settings).
    """

    data_root: str | Path
    val_root: str | Path | None = None
    val_fraction: float | None = None
    seed: int = 0
    splits: tuple[str, ...] = ("train", "val")
    report: Any = None  # ScanReport | None: the folder is not listed again
    threshold: float | None = None
    use_hash: bool = True
    hash_threshold: float = DEFAULT_HASH_THRESHOLD
    use_embeddings: bool = True
    arch: str = DEFAULT_ARCH
    image_size: int = DEFAULT_SIZE
    weights_file: str | None = None
    allow_download: bool = False
    run: str | Path | None = None
    batch_size: int = 64
    device: str = "cpu"
    cache: bool = True
    exact_limit: int = EXACT_LIMIT

    def cosine_threshold(self) -> float:
        """The features' threshold in force."""
        if self.threshold is not None:
            return float(self.threshold)
        return DEFAULT_THRESHOLD if self.use_hash else FEATURES_ONLY_THRESHOLD

    def embed_request(self) -> EmbedRequest:
        return EmbedRequest(self.data_root, val_root=self.val_root, val_fraction=self.val_fraction, seed=self.seed,
                            splits=self.splits, arch=self.arch, image_size=self.image_size,
                            weights_file=self.weights_file, allow_download=self.allow_download, run=self.run,
                            batch_size=self.batch_size, device=self.device, report=self.report, cache=self.cache)

    def check(self) -> None:
        """ConfigError naming the setting when a threshold is outside (0, 1] or nothing compares images."""
        for name, value in (("threshold", self.threshold), ("hash_threshold", self.hash_threshold)):
            if value is not None and not (isinstance(value, (int, float)) and 0.0 < float(value) <= 1.0):
                raise ConfigError(msg("similar.bad_threshold", name=name, value=repr(value)), name)
        if not (self.use_hash or self.use_embeddings):
            raise ConfigError(msg("similar.no_method"), "use_hash")


@dataclass
class SimilarGroup:
    """Images that are copies of one another (a connected component of similar pairs).

    ``kind``: ``label_conflict`` (the copies carry different classes), else ``leak`` (they are in train and
    val), else ``within_split``. ``max_similarity``: the highest similarity of a pair in the group (cosine of
    features; the fingerprint's correlation when features are not used).
    """

    paths: list[str]
    splits: list[str]
    labels: list[str]
    max_similarity: float
    kind: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "max_similarity": round(float(self.max_similarity), 6),
                "images": [{"path": p, "split": s, "label": c}
                           for p, s, c in zip(self.paths, self.splits, self.labels, strict=True)]}


@dataclass
class SimilarPair:
    """Two images above the thresholds: ``similarity`` (features' cosine) and ``fingerprint`` (correlation),
    each None when not computed."""

    a: str
    b: str
    similarity: float | None
    fingerprint: float | None

    def to_json(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(float(x), 6)

        return {"a": self.a, "b": self.b, "similarity": r(self.similarity), "fingerprint": r(self.fingerprint)}


@dataclass
class SimilarReport:
    """What :func:`find_similar` found, and how (for the report and the benchmark)."""

    groups: list[SimilarGroup]
    pairs: list[SimilarPair]
    n_images: int
    seconds: float
    threshold: float | None  # the features' threshold in force (None: not used)
    hash_threshold: float | None  # the fingerprint's (None: not used)
    method: str  # "exact" | "approximate"
    backbone: str = ""
    from_cache: bool = False
    skipped: list[str] = field(default_factory=list)

    @property
    def images_per_second(self) -> float:
        return self.n_images / self.seconds if self.seconds > 0 else float("inf")

    def by_kind(self, kind: str) -> list[SimilarGroup]:
        return [g for g in self.groups if g.kind == kind]

    def to_json(self) -> dict[str, Any]:
        ips = self.images_per_second
        return {"n_images": self.n_images, "seconds": round(self.seconds, 3),
                "images_per_second": round(ips, 2) if np.isfinite(ips) else None,
                "threshold": self.threshold, "hash_threshold": self.hash_threshold, "method": self.method,
                "backbone": self.backbone, "from_cache": self.from_cache, "skipped": list(self.skipped),
                "counts": {k: len(self.by_kind(k)) for k in KINDS},
                "groups": [g.to_json() for g in self.groups], "pairs": [p.to_json() for p in self.pairs]}


# -- the pixel fingerprint -------------------------------------------------------------------------------
def fingerprint(path: str, side: int = FINGERPRINT_SIDE,
                crops: Sequence[float] = FINGERPRINT_CROPS) -> np.ndarray | None:
    """``float32 [len(crops), side*side]``: the grey image (each centre crop) shrunk to ``side`` × ``side``
    by averaging, zero mean, unit length; None when the file cannot be read. A flat image gives zeros (it
    matches nothing: there is no picture to compare)."""
    from PIL import Image

    from dtf_gui.core.data.datasets import load_rgb
    from dtf_gui.core.errors import DataError

    try:
        img = load_rgb(path, draft_side=side * 8).convert("L")
    except (DataError, OSError, ValueError):
        return None
    w, h = img.size
    rows = []
    for f in crops:
        box = ((w - w * f) / 2, (h - h * f) / 2, (w + w * f) / 2, (h + h * f) / 2)
        a = np.asarray(img.resize((side, side), Image.Resampling.BOX, box=box), dtype=np.float32).ravel()
        a = a - a.mean()
        norm = float(np.linalg.norm(a))
        rows.append(a / norm if norm > 1e-3 else np.zeros_like(a))
    return np.stack(rows)


def fingerprints(paths: Sequence[str], *, stop: StopToken | None = None, progress: Progress | None = None,
                 workers: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """``(float32 [n_crops, N, D], ok [N])`` for ``paths`` in order, decoded on a few threads (Pillow releases
    the GIL); ``stop`` raises Cancelled between chunks."""
    n = len(paths)
    out = np.zeros((len(FINGERPRINT_CROPS), n, FINGERPRINT_SIDE ** 2), dtype=np.float32)
    ok = np.zeros(n, dtype=bool)
    chunk = 256
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for start in range(0, n, chunk):
            _check(stop)
            for i, fp in enumerate(pool.map(fingerprint, paths[start:start + chunk]), start):
                if fp is not None:
                    out[:, i] = fp
                    ok[i] = True
            if progress is not None:
                progress(min(n, start + chunk), n)
    return out, ok


def _fp_similarity(fa: np.ndarray, fb: np.ndarray) -> np.ndarray:
    """Fingerprint correlation of row sets ``fa [C, A, D]`` x ``fb [C, B, D]``: the best of whole-vs-whole and
    each crop of one against the whole other -> ``[A, B]``."""
    s = fa[0] @ fb[0].T
    for k in range(1, fa.shape[0]):
        np.maximum(s, fa[k] @ fb[0].T, out=s)
        np.maximum(s, fa[0] @ fb[k].T, out=s)
    return s


def _fp_rows(fa: np.ndarray, fb: np.ndarray) -> np.ndarray:
    """Fingerprint correlation of matching rows (pair lists): ``[C, P, D]`` x ``[C, P, D]`` -> ``[P]``."""
    s = np.einsum("pd,pd->p", fa[0], fb[0])
    for k in range(1, fa.shape[0]):
        np.maximum(s, np.einsum("pd,pd->p", fa[k], fb[0]), out=s)
        np.maximum(s, np.einsum("pd,pd->p", fa[0], fb[k]), out=s)
    return s


# -- finding pairs --------------------------------------------------------------------------------------
def _check(stop: StopToken | None) -> None:
    if stop is not None and (stop.wait_if_paused() or stop.stop_requested):
        raise Cancelled(msg("similar.cancelled"))


@dataclass
class _Pairs:
    i: np.ndarray  # int64 [P], i < j
    j: np.ndarray
    cos: np.ndarray | None  # float32 [P]
    fp: np.ndarray | None


def exact_pairs(x: np.ndarray | None, fps: np.ndarray | None, t_cos: float, t_fp: float,
                stop: StopToken | None = None) -> _Pairs:
    """Every pair ``i < j`` with cosine ``>= t_cos`` (rows of ``x``, unit length) and fingerprint
    correlation ``>= t_fp`` (where given), by row blocks of the upper triangle."""
    n = x.shape[0] if x is not None else fps.shape[1]  # type: ignore[union-attr]
    rows = max(1, min(n, BLOCK_ENTRIES // max(n, 1)))
    found_i, found_j, found_c, found_f = [], [], [], []
    for s in range(0, n, rows):
        _check(stop)
        e = min(n, s + rows)
        keep = np.arange(s, n)[None, :] > np.arange(s, e)[:, None]  # upper triangle only
        cos = fp = None
        if x is not None:
            cos = x[s:e] @ x[s:].T
            keep &= cos >= t_cos
        if fps is not None:
            fp = _fp_similarity(fps[:, s:e], fps[:, s:])
            keep &= fp >= t_fp
        r, c = np.nonzero(keep)
        found_i.append(r + s)
        found_j.append(c + s)
        if cos is not None:
            found_c.append(cos[r, c])
        if fp is not None:
            found_f.append(fp[r, c])
    return _Pairs(_cat(found_i, np.int64), _cat(found_j, np.int64),
                  _cat(found_c, np.float32) if x is not None else None,
                  _cat(found_f, np.float32) if fps is not None else None)


def knn_candidates(vectors: np.ndarray, queries: Sequence[np.ndarray], k: int) -> np.ndarray | None:
    """Candidate pairs ``[P, 2]`` (``i < j``) from an approximate neighbour graph of ``vectors`` (cosine), plus
    each of ``queries``' rows' neighbours among ``vectors``; None when pynndescent is not installed."""
    try:
        from pynndescent import NNDescent  # lazy: optional (umap-learn), and it compiles on first use
    except ImportError:
        return None
    n = vectors.shape[0]
    k = max(2, min(k, n - 1))
    index = NNDescent(vectors, metric="cosine", n_neighbors=k, random_state=0)
    nbrs, _ = index.neighbor_graph
    sets = [np.column_stack([np.repeat(np.arange(n), nbrs.shape[1]), nbrs.ravel()])]
    for q in queries:
        qn, _ = index.query(q, k=k)
        sets.append(np.column_stack([np.repeat(np.arange(n), qn.shape[1]), qn.ravel()]))
    return _unique_pairs(np.concatenate(sets))


def _unique_pairs(pairs: np.ndarray) -> np.ndarray:
    pairs = pairs[(pairs[:, 0] != pairs[:, 1]) & (pairs >= 0).all(axis=1)]
    pairs = np.sort(pairs, axis=1)
    return np.unique(pairs, axis=0) if len(pairs) else pairs.reshape(0, 2)


def candidate_pairs(cands: np.ndarray, x: np.ndarray | None, fps: np.ndarray | None, t_cos: float,
                    t_fp: float, stop: StopToken | None = None) -> _Pairs:
    """The candidate pairs ``[P, 2]`` that pass both thresholds, checked exactly (in chunks)."""
    keep_i, keep_j, keep_c, keep_f = [], [], [], []
    for s in range(0, len(cands), 200_000):
        _check(stop)
        i, j = cands[s:s + 200_000, 0], cands[s:s + 200_000, 1]
        ok = np.ones(len(i), dtype=bool)
        cos = fp = None
        if x is not None:
            cos = np.einsum("pd,pd->p", x[i], x[j])
            ok &= cos >= t_cos
        if fps is not None:
            fp = _fp_rows(fps[:, i], fps[:, j])
            ok &= fp >= t_fp
        keep_i.append(i[ok])
        keep_j.append(j[ok])
        if cos is not None:
            keep_c.append(cos[ok])
        if fp is not None:
            keep_f.append(fp[ok])
    return _Pairs(_cat(keep_i, np.int64), _cat(keep_j, np.int64),
                  _cat(keep_c, np.float32) if x is not None else None,
                  _cat(keep_f, np.float32) if fps is not None else None)


def _cat(parts: list[np.ndarray], dtype: Any) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)


# -- groups ---------------------------------------------------------------------------------------------
def group_pairs(pairs: _Pairs, paths: list[str], splits: list[str], labels: list[str]) -> list[SimilarGroup]:
    """Connected components of the pairs (a copy of a copy is in the same group), most serious kind first."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(paths)
    if len(pairs.i) == 0:
        return []
    graph = coo_matrix((np.ones(len(pairs.i)), (pairs.i, pairs.j)), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    score = pairs.cos if pairs.cos is not None else pairs.fp
    assert score is not None
    best: dict[int, float] = {}
    for a, s in zip(comp[pairs.i], score, strict=True):
        best[int(a)] = max(best.get(int(a), -1.0), float(s))
    members: dict[int, list[int]] = {}
    for idx in np.unique(np.concatenate([pairs.i, pairs.j])):
        members.setdefault(int(comp[idx]), []).append(int(idx))
    order = {"train": 0, "val": 1}
    groups = []
    for c, idx in members.items():
        idx.sort(key=lambda k: (order.get(splits[k], 2), paths[k]))
        g_splits, g_labels = [splits[k] for k in idx], [labels[k] for k in idx]
        kind = ("label_conflict" if len(set(g_labels)) > 1 else
                "leak" if {"train", "val"} <= set(g_splits) else "within_split")
        groups.append(SimilarGroup([paths[k] for k in idx], g_splits, g_labels, best[c], kind))
    groups.sort(key=lambda g: (KINDS.index(g.kind), -g.max_similarity, g.paths[0]))
    return groups


# -- the use case ---------------------------------------------------------------------------------------
def _phase(progress: Progress | None, offset: int, total: int) -> Progress | None:
    if progress is None:
        return None
    return lambda done, _n: progress(offset + done, total)


def find_similar(request: SimilarRequest, *, stop: StopToken | None = None, progress: Progress | None = None,
                 cache_dir: str | Path | None = None) -> SimilarReport:
    """Groups of near-identical images in the request's splits (see the module docstring).

    ``progress(done, total)`` counts images through the features, then the fingerprints; ``stop`` raises
    ``Cancelled``. Raises ConfigError for bad settings, DataError for a folder without usable images,
    WeightsError when the backbone's weights are missing (``use_embeddings=False`` needs none).
    """
    t0 = time.perf_counter()
    request.check()
    _check(stop)
    from dtf_gui.core.trust.embed import embed_dataset, list_samples

    x = None
    backbone, from_cache, skipped = "", False, []
    if request.use_embeddings:
        scale = 2 if request.use_hash else 1  # features, then fingerprints: one bar over both
        embed_progress = None if progress is None else (lambda done, n: progress(done, scale * n))
        emb = embed_dataset(request.embed_request(), stop=stop, progress=embed_progress, cache_dir=cache_dir)
        paths, splits = list(emb.paths), list(emb.splits)
        labels = [emb.classes[int(y)] for y in emb.labels]
        x = emb.normalized().astype(np.float32)
        backbone, from_cache, skipped = emb.backbone, emb.from_cache, list(emb.skipped)
        offset = len(paths)
    else:
        samples, classes = list_samples(request.embed_request(), stop)
        paths, splits = [p for p, _, _ in samples], [s for _, _, s in samples]
        labels = [classes[y] for _, y, _ in samples]
        offset = 0
    fps = None
    if request.use_hash:
        fps, ok = fingerprints(paths, stop=stop, progress=_phase(progress, offset, offset + len(paths)))
        if not ok.all():  # unreadable now (features were read before): leave them out, named
            keep = np.flatnonzero(ok)
            skipped += [paths[i] for i in np.flatnonzero(~ok)]
            paths, splits, labels = ([v[i] for i in keep] for v in (paths, splits, labels))
            fps = fps[:, keep]
            x = x[keep] if x is not None else None
    t_cos = request.cosine_threshold()
    t_fp = float(request.hash_threshold)
    n = len(paths)
    method = "exact"
    pairs = None
    if n > request.exact_limit:
        # the neighbours of the signal that decides: the fingerprint when it is used (its crops as queries)
        vectors = fps[0] if fps is not None else x
        queries = [fps[k] for k in range(1, fps.shape[0])] if fps is not None else []
        cands = knn_candidates(vectors, queries, APPROX_NEIGHBOURS)
        if cands is not None:
            pairs = candidate_pairs(cands, x, fps, t_cos, t_fp, stop)
            method = "approximate"
    if pairs is None:
        pairs = exact_pairs(x, fps, t_cos, t_fp, stop)
    groups = group_pairs(pairs, paths, splits, labels)
    pair_list = [SimilarPair(paths[a], paths[b], None if pairs.cos is None else float(pairs.cos[k]),
                             None if pairs.fp is None else float(pairs.fp[k]))
                 for k, (a, b) in enumerate(zip(pairs.i.tolist(), pairs.j.tolist(), strict=True))]
    return SimilarReport(groups=groups, pairs=pair_list, n_images=n, seconds=time.perf_counter() - t0,
                         threshold=t_cos if x is not None else None,
                         hash_threshold=t_fp if fps is not None else None, method=method, backbone=backbone,
                         from_cache=from_cache, skipped=skipped)


# -- as scan findings ------------------------------------------------------------------------------------
FINDING_CODES = {"leak": "near_leakage", "label_conflict": "near_label_conflict", "within_split": "near_duplicate"}


def similar_findings(report: SimilarReport, scan_report: Any = None) -> list[Finding]:
    """The groups as health-report findings (the shape of the scan's exact-duplicate ones, so the Data tab and
    ``dtf scan`` list them): ``near_leakage`` and ``near_label_conflict`` warnings, ``near_duplicate`` notes.

    A group whose files all have the same bytes (by the scan's SHA-1, when ``scan_report`` was decoded) is
    left out: the scan already reports it as a duplicate.
    """
    sha1: dict[str, str | None] = {}
    if scan_report is not None:
        sha1 = {r.path: r.sha1 for recs in scan_report.splits.values() for r in recs}
    out = []
    for g in report.groups:
        hashes = {sha1.get(p) for p in g.paths}
        if len(hashes) == 1 and None not in hashes:
            continue
        shown = "; ".join(f"{s}/{c}: {p}" for p, s, c in list(zip(g.paths, g.splits, g.labels, strict=True))[:6])
        where = msg("scan.list_more", shown=shown, n=len(g.paths) - 6) if len(g.paths) > 6 else shown
        sim = f"{g.max_similarity:.3f}"
        code = FINDING_CODES[g.kind]
        if g.kind == "label_conflict":
            text = msg("similar.label_conflict", n=len(g.paths), labels=", ".join(sorted(set(g.labels))),
                       similarity=sim, where=where)
        elif g.kind == "leak":
            text = msg("similar.leak", n=len(g.paths), similarity=sim, where=where)
        else:
            split_name = msg(f"scan.where.{g.splits[0]}") if g.splits[0] in ("train", "val") else g.splits[0]
            text = msg("similar.duplicate", n=len(g.paths), split=split_name, similarity=sim, where=where)
        level = "note" if g.kind == "within_split" else "warning"
        split = g.splits[0] if len(set(g.splits)) == 1 else None
        out.append(Finding(level, code, text, g.paths[0], split, list(g.paths)))
    return out


def summary_message(report: SimilarReport) -> Any:
    """One line for a report: groups of each kind, images compared, images per second."""
    return msg("similar.summary", groups=len(report.groups), leaks=len(report.by_kind("leak")),
               conflicts=len(report.by_kind("label_conflict")), n=report.n_images,
               seconds=f"{report.seconds:.1f}", ips=f"{report.images_per_second:.0f}")


__all__ = ["DEFAULT_HASH_THRESHOLD", "DEFAULT_SIZE", "DEFAULT_THRESHOLD", "EXACT_LIMIT", "FEATURES_ONLY_THRESHOLD",
           "FINDING_CODES", "KINDS", "SimilarGroup", "SimilarPair", "SimilarReport", "SimilarRequest",
           "candidate_pairs", "exact_pairs", "find_similar", "fingerprint", "fingerprints", "group_pairs",
           "knn_candidates", "similar_findings", "summary_message"]
