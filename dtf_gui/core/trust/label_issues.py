"""The label-error finder: which images of a dataset are most likely filed under the wrong class.

Confident learning (Northcutt et al., the ``cleanlab`` package) needs, for every image, class probabilities
that did not see that image's label while they were made ("out of fold"). Two ways to get them:

* ``"kfold features"`` (no run): the shared image embeddings (:mod:`.embed`, a frozen ImageNet backbone,
  cached) and a k-fold logistic regression on them (scikit-learn). Fast, needs no training, and is what
  the Data tab uses before any run exists.
* ``"run predictions"`` (``LabelIssuesRequest.run``): a trained run's predictions on its own val split, made
  by :func:`~dtf_gui.core.runs.evaluate.run_evaluation` (the Evaluate view's use case); the val images never
  trained that model, so its probabilities are out of sample.

cleanlab then flags the issues (:func:`cleanlab.filter.find_label_issues`) and scores every image's label
(:func:`cleanlab.rank.get_label_quality_scores`: lower = more suspect); the flagged images, worst first, are
the suspects. Each suggests the most likely *other* class, so "relabel as" always changes something.
cleanlab, scikit-learn and torch are imported inside the functions: opening the app must not pay for them.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.errors import Cancelled, DataError
from dtf_gui.core.fileio import display_name
from dtf_gui.core.messages import msg
from dtf_gui.core.trust.embed import DEFAULT_ARCH

#: The input size the label finder embeds at: the measured balance of speed and precision (bench/label_issues.py).
LABEL_IMAGE_SIZE = 96
#: The k-fold classifier: logistic regression on features scaled to unit length ("l2") or standardised
#: ("standard"), with this inverse regularisation (bench/label_issues.py measured the alternatives).
SCALING = "standard"
LOGREG_C = 0.1
#: cleanlab's filter and ranking (bench/label_issues.py measured the alternatives).
FILTER_BY = "prune_by_class"
RANK_BY = "self_confidence"
#: Also a suspect: predicted as another class while its own gets less than this probability (see rank_issues).
CONFIDENTLY_WRONG = 0.02
METHOD_KFOLD = "kfold features"
METHOD_RUN = "run predictions"


@dataclass(frozen=True)
class LabelIssuesRequest:
    """Which dataset (split the way training splits it) and where the out-of-fold probabilities come from.

    ``run``: a run folder (or a single-model bundle) whose predictions on its val split are used instead of
    k-fold on embeddings; ``splits`` and the embedding settings then do not apply. ``splits``: the splits
    whose images are checked (all of them train the k-fold classifier). ``report``: a scan report of
    ``data_root`` already made (the app's), so the folder is not listed again. ``max_issues``: keep at most
    this many suspects (the worst), None for all that cleanlab flags.
    """

    data_root: str | Path
    val_root: str | Path | None = None
    val_fraction: float | None = None
    seed: int = 0
    run: str | Path | None = None
    splits: tuple[str, ...] = ("train", "val")
    folds: int = 5
    arch: str = DEFAULT_ARCH
    image_size: int = LABEL_IMAGE_SIZE
    weights_file: str | None = None
    allow_download: bool = False
    batch_size: int = 128
    device: str = "cpu"
    report: Any = None  # ScanReport | None
    max_issues: int | None = None


@dataclass(frozen=True)
class Suspect:
    """One image whose label looks wrong: filed as ``given``, most likely ``suggested``.

    ``score`` is cleanlab's label quality in [0, 1] (lower = more suspect); ``given_prob`` and
    ``suggested_prob`` are the out-of-fold probabilities of the two classes.
    """

    path: str
    split: str
    given: str
    suggested: str
    score: float
    given_prob: float
    suggested_prob: float

    def to_json(self, root: str | Path | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path}
        if root is not None:
            out["file"] = _relative(self.path, root)
        out.update(split=self.split, given=self.given, suggested=self.suggested, score=self.score,
                   given_prob=self.given_prob, suggested_prob=self.suggested_prob)
        return out


@dataclass
class LabelIssues:
    """The suspects, worst first, and how they were found."""

    suspects: list[Suspect]
    n_images: int
    seconds: float
    backbone: str
    method: str  # METHOD_KFOLD | METHOD_RUN
    data_root: str = ""
    classes: list[str] = field(default_factory=list)
    n_flagged: int = 0  # what cleanlab flagged, before max_issues
    skipped: list[str] = field(default_factory=list)  # unreadable files (left out, named)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (``fileio.json_text`` writes it losslessly); ``file`` is relative to the data root."""
        return {"data_root": self.data_root, "method": self.method, "backbone": self.backbone,
                "n_images": self.n_images, "n_flagged": self.n_flagged, "seconds": round(self.seconds, 3),
                "classes": list(self.classes), "skipped": list(self.skipped),
                "suspects": [s.to_json(self.data_root or None) for s in self.suspects]}


def _relative(path: str, root: str | Path) -> str:
    try:
        return str(Path(path).relative_to(Path(root)))
    except ValueError:
        return path


def _check_stop(stop: StopToken | None) -> None:
    if stop is not None and (stop.wait_if_paused() or stop.stop_requested):
        raise Cancelled(msg("labels.cancelled"))


# -- out-of-fold probabilities ------------------------------------------------------------------------
def out_of_fold_probs(features: np.ndarray, labels: np.ndarray, n_classes: int, *, folds: int = 5, seed: int = 0,
                      c: float = LOGREG_C, scaling: str = SCALING, stop: StopToken | None = None,
                      on_fold: Any = None) -> np.ndarray:
    """``[N, n_classes]`` probabilities of each row from a logistic regression that did not train on it.

    Stratified folds when every class has ``folds`` images, else plain shuffled folds; a class missing from a
    fold's training part gets probability 0 there.
    """
    from sklearn.linear_model import LogisticRegression  # lazy: scikit-learn is slow to import
    from sklearn.model_selection import KFold, StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import Normalizer, StandardScaler

    counts = np.bincount(labels, minlength=n_classes)
    k = int(min(folds, len(labels)))
    smallest = int(counts[counts > 0].min())
    splitter = (StratifiedKFold(k, shuffle=True, random_state=seed) if smallest >= k
                else KFold(k, shuffle=True, random_state=seed))
    probs = np.zeros((len(labels), n_classes), dtype=np.float64)
    for i, (fit_rows, held_rows) in enumerate(splitter.split(features, labels)):
        _check_stop(stop)
        seen = np.unique(labels[fit_rows])
        if len(seen) == 1:
            probs[np.ix_(held_rows, seen)] = 1.0
        else:
            scaler = Normalizer() if scaling == "l2" else StandardScaler()
            clf = make_pipeline(scaler, LogisticRegression(C=c, max_iter=1000, tol=1e-3))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # convergence chatter; the result is still usable
                clf.fit(features[fit_rows], labels[fit_rows])
            probs[np.ix_(held_rows, clf.classes_)] = clf.predict_proba(features[held_rows])
        if on_fold is not None:
            on_fold(i + 1, k)
    return probs


def rank_issues(labels: np.ndarray, probs: np.ndarray, *, filter_by: str = FILTER_BY,
                rank_by: str = RANK_BY) -> tuple[np.ndarray, np.ndarray]:
    """(row numbers cleanlab flags, worst first; every row's label quality score). cleanlab does the work.

    Confident learning counts an image as "confidently another class" only when that class's probability
    beats the class's average self-confidence; in a small, well-separated dataset that bar is ~0.99, and an
    image plainly filed in the wrong folder (its own class at 0.3 %, another at 97 %) is not flagged. Such
    images (cleanlab's ``predicted_neq_given`` with the given class under :data:`CONFIDENTLY_WRONG`) are
    flagged too: on the demo digits they also lift precision at N (bench/label_issues.py).
    """
    from cleanlab.filter import find_label_issues as cl_find_label_issues  # lazy: cleanlab imports pandas
    from cleanlab.rank import get_label_quality_scores

    probs = np.clip(probs, 1e-12, None)
    probs = probs / probs.sum(axis=1, keepdims=True)
    scores = get_label_quality_scores(labels, probs, method=rank_by)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # small classes make cleanlab warn; its answer stands
        flagged = cl_find_label_issues(labels, probs, filter_by=filter_by, n_jobs=1)
        elsewhere = cl_find_label_issues(labels, probs, filter_by="predicted_neq_given", n_jobs=1)
    given = probs[np.arange(len(labels)), labels]
    rows = np.flatnonzero(flagged | (elsewhere & (given < CONFIDENTLY_WRONG)))
    rows = rows[np.argsort(scores[rows], kind="stable")]
    return rows, np.asarray(scores, dtype=np.float64)


def suggested_class(probs: np.ndarray, given: int) -> int:
    """The most likely class other than ``given``: "relabel as" must change something, also for an image
    flagged while its own class is still (narrowly) the most likely one."""
    other = np.array(probs, dtype=np.float64)
    other[given] = -np.inf
    return int(np.argmax(other))


# -- the use case --------------------------------------------------------------------------------------
def find_label_issues(request: LabelIssuesRequest, *, stop: StopToken | None = None,
                      progress: Progress | None = None, cache_dir: str | Path | None = None) -> LabelIssues:
    """The dataset's suspects, worst first (what ``dtf label-issues`` prints and Data → Suspects lists).

    ``progress(done, total)`` counts images embedded (or evaluated), then the folds; ``stop`` raises
    ``Cancelled`` between batches and folds. Raises ``DataError`` naming the folder when it has fewer than two
    classes or too few images to hold any out, ``WeightsError`` when the backbone's weights are missing.
    """
    t0 = time.perf_counter()
    if request.run is not None:
        labels, probs, paths, splits, classes, backbone, skipped = _from_run(request, stop, progress)
        method = METHOD_RUN
    else:
        labels, probs, paths, splits, classes, backbone, skipped = _from_features(request, stop, progress,
                                                                                 cache_dir)
        method = METHOD_KFOLD
    _check_stop(stop)
    rows, scores = rank_issues(labels, probs)
    n_flagged = len(rows)
    if request.max_issues is not None:
        rows = rows[: max(0, int(request.max_issues))]
    suspects = []
    for i in rows:
        given = int(labels[i])
        best = suggested_class(probs[i], given)
        suspects.append(Suspect(paths[i], splits[i], classes[given], classes[best], float(scores[i]),
                                float(probs[i, given]), float(probs[i, best])))
    return LabelIssues(suspects, len(paths), time.perf_counter() - t0, backbone, method,
                       str(request.data_root), list(classes), n_flagged, skipped)


def _check_usable(labels: np.ndarray, root: str | Path, need: int) -> None:
    present = len(np.unique(labels))
    if present < 2:
        raise DataError(msg("labels.too_few_classes", root=display_name(root), n=present), str(root))
    if len(labels) < need:
        raise DataError(msg("labels.too_few_images", root=display_name(root), n=len(labels), need=need), str(root))


def _from_features(request: LabelIssuesRequest, stop: StopToken | None, progress: Progress | None,
                   cache_dir: str | Path | None) -> tuple[Any, ...]:
    from dtf_gui.core.data.scan import scan
    from dtf_gui.core.trust.embed import EmbedRequest, embed_dataset

    folds = max(2, int(request.folds))
    report = request.report or scan(request.data_root, val_root=request.val_root or None,
                                    val_fraction=request.val_fraction, seed=request.seed, decode=False, stop=stop)
    index = {c: i for i, c in enumerate(report.classes)}
    listed = np.array([index[r.label] for split in request.splits for r in report.usable(split) if r.label in index],
                      dtype=np.int64)
    _check_usable(listed, request.data_root, need=2 * folds)  # before the backbone is loaded
    total = [0]

    def embed_progress(done: int, n: int) -> None:
        total[0] = n
        if progress is not None:
            progress(done, n + folds)

    ereq = EmbedRequest(request.data_root, val_root=request.val_root, val_fraction=request.val_fraction,
                        seed=request.seed, splits=tuple(request.splits), arch=request.arch,
                        image_size=request.image_size, weights_file=request.weights_file,
                        allow_download=request.allow_download, batch_size=request.batch_size,
                        device=request.device, report=report, layout=True)
    emb = embed_dataset(ereq, stop=stop, progress=embed_progress, cache_dir=cache_dir)
    _check_usable(emb.labels, request.data_root, need=2 * folds)  # unreadable files may have left too few

    def on_fold(i: int, _k: int) -> None:
        if progress is not None:
            progress(total[0] + i, total[0] + folds)

    probs = out_of_fold_probs(emb.features, emb.labels, len(emb.classes), folds=folds, seed=request.seed,
                              stop=stop, on_fold=on_fold)
    if progress is not None:
        progress(total[0] + folds, total[0] + folds)
    return emb.labels, probs, emb.paths, emb.splits, emb.classes, emb.backbone, emb.skipped


def _from_run(request: LabelIssuesRequest, stop: StopToken | None, progress: Progress | None) -> tuple[Any, ...]:
    from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation

    outcome = run_evaluation(EvalRequest(str(request.run), str(request.data_root), split="val",
                                         batch_size=request.batch_size, device=request.device),
                             progress=progress, stop=stop)
    result = outcome.result
    labels = np.asarray(result.y_true, dtype=np.int64)
    _check_usable(labels, request.data_root, need=2)
    paths = [str(p) for p in result.paths]
    return (labels, np.asarray(result.probs, dtype=np.float64), paths, ["val"] * len(paths),
            list(result.classes), str(request.run), [])


__all__ = ["LABEL_IMAGE_SIZE", "METHOD_KFOLD", "METHOD_RUN", "LabelIssues", "LabelIssuesRequest", "Suspect",
           "find_label_issues", "out_of_fold_probs", "rank_issues", "suggested_class"]
