"""How far a model's confidence can be trusted: the math of calibration, as pure functions over numpy arrays.

Why separate from the use case (:mod:`.calibration`): the same few definitions -- expected calibration error
over 15 equal-width bins, the reliability bins behind the diagram, negative log-likelihood, the
accuracy/coverage curve of a confidence threshold and the temperature that minimises NLL -- are tested on
hand-made arrays with known answers and reused by the CLI, the GUI and the bench, so they cannot drift apart.

Conventions: ``probs`` is (n, classes), each row a probability vector; ``labels`` the true class indices;
*confidence* is a row's largest probability and an image is *correct* when that class is its label.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

#: Bins of the reliability diagram and of ECE: the usual 15 of equal width over (0, 1].
N_BINS = 15
#: The temperatures :func:`fit_temperature` searches between (a wider range only fits noise).
T_MIN, T_MAX = 0.05, 100.0
_TINY = 1e-300  # the smallest probability taken as a log (a softmax in float64 can underflow to 0)


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """softmax(logits / T) row by row, in float64 and shifted by the row maximum (no overflow)."""
    z = np.asarray(logits, dtype=np.float64) / float(temperature)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def logits_from_probs(probs: np.ndarray) -> np.ndarray:
    """log(probs): logits up to a per-row constant, so softmax(log p / T) equals softmax(logits / T)."""
    return np.log(np.maximum(np.asarray(probs, dtype=np.float64), _TINY))


def confidence_and_correct(probs: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(top probability, whether the top class is the label) per image."""
    p = np.asarray(probs, dtype=np.float64)
    return p.max(axis=1), p.argmax(axis=1) == np.asarray(labels)


def nll(probs: np.ndarray, labels: np.ndarray) -> float:
    """Mean negative log-likelihood of the true class (natural log)."""
    p = np.asarray(probs, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)
    return float(-np.log(np.maximum(p[np.arange(len(y)), y], _TINY)).mean())


@dataclass(frozen=True)
class ReliabilityBin:
    """One bin of a reliability diagram: images whose confidence lies in (lower, upper]; their mean confidence
    and their accuracy (both NaN when the bin is empty)."""

    lower: float
    upper: float
    confidence: float
    accuracy: float
    count: int

    def to_json(self) -> dict[str, float | int | None]:
        nan = math.isnan
        return {"lower": self.lower, "upper": self.upper, "count": self.count,
                "confidence": None if nan(self.confidence) else self.confidence,
                "accuracy": None if nan(self.accuracy) else self.accuracy}

    @classmethod
    def from_json(cls, obj: dict[str, float | int | None]) -> ReliabilityBin:
        def num(key: str) -> float:
            v = obj.get(key)
            return float("nan") if v is None else float(v)

        return cls(num("lower"), num("upper"), num("confidence"), num("accuracy"), int(obj.get("count") or 0))


def reliability_bins(probs: np.ndarray, labels: np.ndarray, n_bins: int = N_BINS) -> list[ReliabilityBin]:
    """``n_bins`` equal-width bins over (0, 1] (the first also takes a confidence of exactly 0)."""
    conf, correct = confidence_and_correct(probs, labels)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.searchsorted(edges, conf, side="left") - 1, 0, n_bins - 1)
    out = []
    for b in range(n_bins):
        inside = which == b
        count = int(inside.sum())
        out.append(ReliabilityBin(float(edges[b]), float(edges[b + 1]),
                                  float(conf[inside].mean()) if count else float("nan"),
                                  float(correct[inside].mean()) if count else float("nan"), count))
    return out


def ece_of_bins(bins: list[ReliabilityBin]) -> float:
    """Expected calibration error of reliability bins: sum over bins of share of images x |accuracy - confidence|."""
    n = sum(b.count for b in bins)
    if n == 0:
        return 0.0
    return float(sum(b.count / n * abs(b.accuracy - b.confidence) for b in bins if b.count))


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, n_bins: int = N_BINS) -> float:
    """ECE over ``n_bins`` equal-width confidence bins (Guo et al. 2017): 0 is perfectly calibrated."""
    return ece_of_bins(reliability_bins(probs, labels, n_bins))


@dataclass(frozen=True)
class CoverageCurve:
    """What a confidence threshold trades: answering only images whose confidence is at least the threshold.

    ``thresholds`` are the distinct confidences, highest first; ``coverage[i]`` the share of images answered
    at ``thresholds[i]`` and ``accuracy[i]`` the accuracy on those.
    """

    thresholds: np.ndarray
    coverage: np.ndarray
    accuracy: np.ndarray
    _sorted: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))  # confidences, highest first
    _hits: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))  # correct answers so far

    def at(self, threshold: float) -> tuple[float | None, float]:
        """(accuracy on the answered images or None when none is answered, coverage) at ``threshold``."""
        n = len(self._sorted)
        answered = int(np.searchsorted(-self._sorted, -float(threshold), side="right")) if n else 0
        if answered == 0:
            return None, 0.0
        return float(self._hits[answered - 1] / answered), answered / n


def coverage_curve(confidence: np.ndarray, correct: np.ndarray) -> CoverageCurve:
    """The accuracy/coverage curve over every threshold that changes which images are answered."""
    conf = np.asarray(confidence, dtype=np.float64)
    ok = np.asarray(correct, dtype=bool)
    order = np.argsort(-conf, kind="stable")
    c, hits = conf[order], np.cumsum(ok[order])
    n = len(c)
    if n == 0:
        empty = np.zeros(0)
        return CoverageCurve(empty, empty, empty, empty, empty)
    last = np.flatnonzero(np.append(c[1:] != c[:-1], True))  # the last image of each distinct confidence
    answered = last + 1
    return CoverageCurve(c[last], answered / n, hits[last] / answered, c, hits)


def threshold_for_coverage(confidence: np.ndarray, target: float) -> float:
    """A threshold answering at least ``target`` (0..1] of the images: half-way between the confidence of the
    last image needed and the next one, so a rounding difference between two runtimes cannot flip an image.
    0.0 (answer everything) when every image is needed."""
    c = np.sort(np.asarray(confidence, dtype=np.float64))[::-1]
    n = len(c)
    k = min(max(int(math.ceil(float(target) * n - 1e-9)), 1), n) if n else 0
    if k >= n:
        return 0.0
    return float((c[k - 1] + c[k]) / 2)


def nll_at_temperature(logits: np.ndarray, labels: np.ndarray, temperature: float) -> float:
    """Mean NLL of softmax(logits / T), computed with log-sum-exp (exact for very confident rows)."""
    z = np.asarray(logits, dtype=np.float64) / float(temperature)
    y = np.asarray(labels, dtype=np.int64)
    zmax = z.max(axis=1, keepdims=True)
    lse = (zmax + np.log(np.exp(z - zmax).sum(axis=1, keepdims=True)))[:, 0]
    return float((lse - z[np.arange(len(y)), y]).mean())


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The temperature T in [T_MIN, T_MAX] minimising the NLL of softmax(logits / T) (a bounded scalar search
    on log T; NLL is convex in 1/T, so it has one minimum)."""
    from scipy.optimize import minimize_scalar  # lazy: scipy loads in ~0.3 s

    z = np.asarray(logits, dtype=np.float64)
    res = minimize_scalar(lambda log_t: nll_at_temperature(z, labels, math.exp(log_t)),
                          bounds=(math.log(T_MIN), math.log(T_MAX)), method="bounded",
                          options={"xatol": 1e-5})
    return float(math.exp(res.x))
