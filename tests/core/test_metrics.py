from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.errors import Cancelled, DataError
from dtf_gui.core.metrics import EvalResult, compute_metrics, evaluate, format_table, summary

CLASSES3 = ["cat", "dog", "fox"]
Y3 = [0, 0, 1, 1, 2, 2]
P3 = [[0.7, 0.2, 0.1],   # 0 -> 0
      [0.3, 0.6, 0.1],   # 0 -> 1 (wrong)
      [0.1, 0.8, 0.1],   # 1 -> 1
      [0.2, 0.5, 0.3],   # 1 -> 1
      [0.1, 0.3, 0.6],   # 2 -> 2
      [0.5, 0.2, 0.3]]   # 2 -> 0 (wrong)


def test_multiclass_hand_checked():
    m = compute_metrics(Y3, P3, CLASSES3, top_k=(1, 2, 5))
    assert m["accuracy"] == pytest.approx(4 / 6)
    assert m["top_k_accuracy"] == {"1": pytest.approx(4 / 6), "2": pytest.approx(1.0)}  # 5 >= 3 classes: left out
    assert m["confusion_matrix"] == [[1, 1, 0], [0, 2, 0], [1, 0, 1]]
    pc = m["per_class"]
    assert pc["precision"] == pytest.approx([0.5, 2 / 3, 1.0])
    assert pc["recall"] == pytest.approx([0.5, 1.0, 0.5])
    assert pc["f1"] == pytest.approx([0.5, 0.8, 2 / 3])
    assert pc["support"] == [2, 2, 2]
    assert m["macro"]["precision"] == pytest.approx((0.5 + 2 / 3 + 1.0) / 3)
    assert m["per_sample"]["y_pred"] == [0, 1, 1, 1, 2, 0]
    assert m["per_sample"]["loss"] == pytest.approx([-math.log(v) for v in (0.7, 0.3, 0.8, 0.5, 0.6, 0.3)])
    assert m["log_loss"] == pytest.approx(np.mean([-math.log(v) for v in (0.7, 0.3, 0.8, 0.5, 0.6, 0.3)]))
    # class 0 scores: positives .7, .3 against negatives .1 .2 .1 .5 -> 7 of 8 pairs ranked right
    assert m["roc"]["kind"] == "ovr"
    assert m["roc"]["auc"][0] == pytest.approx(7 / 8)
    assert len(m["roc"]["curves"]) == 3
    json.loads(json.dumps(m, allow_nan=False))  # strict JSON: numbers and lists only, no inf/nan


def test_multiclass_matches_sklearn_on_random_data():
    rng = np.random.default_rng(0)
    n, c = 200, 5
    logits = rng.normal(size=(n, c))
    probs = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    y = rng.integers(0, c, n)
    m = compute_metrics(y, probs, [f"c{i}" for i in range(c)], top_k=(1, 3))
    pred = probs.argmax(1)
    assert m["accuracy"] == pytest.approx((pred == y).mean())
    for avg in ("macro", "weighted"):
        assert m[avg]["precision"] == pytest.approx(precision_score(y, pred, average=avg, zero_division=0))
        assert m[avg]["recall"] == pytest.approx(recall_score(y, pred, average=avg, zero_division=0))
        assert m[avg]["f1"] == pytest.approx(f1_score(y, pred, average=avg, zero_division=0))
    assert m["roc"]["macro_auc"] == pytest.approx(roc_auc_score(y, probs, multi_class="ovr", average="macro"))
    top3 = np.argsort(-probs, 1)[:, :3]
    assert m["top_k_accuracy"]["3"] == pytest.approx(np.mean([y[i] in top3[i] for i in range(n)]))


def test_binary_roc_uses_class_1_as_positive():
    y = [0, 1, 1, 0]
    p1 = np.array([0.4, 0.7, 0.2, 0.9])
    m = compute_metrics(y, np.stack([1 - p1, p1], 1), ["neg", "pos"])
    roc = m["roc"]
    assert roc["kind"] == "binary" and roc["positive_class"] == "pos"
    assert len(roc["curves"]) == 1
    # positives .7 and .2 vs negatives .4 and .9: only (.7 > .4) is ranked right -> 1/4
    assert roc["macro_auc"] == pytest.approx(0.25)
    assert roc["auc"] == [pytest.approx(roc_auc_score(y, p1))]
    curve = roc["curves"][0]
    assert curve["fpr"][0] == 0.0 and curve["tpr"][-1] == 1.0
    assert curve["thresholds"][0] is None  # sklearn's inf, made JSON-safe
    assert m["top_k_accuracy"] == {"1": 0.5}


def test_class_absent_from_y_true_does_not_crash():
    y = [0, 1, 0, 1]
    probs = [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.1, 0.4], [0.3, 0.3, 0.4]]
    m = compute_metrics(y, probs, CLASSES3)
    assert m["roc"]["curves"][2] is None and m["roc"]["auc"][2] is None
    assert m["roc"]["macro_auc"] == pytest.approx(np.mean([a for a in m["roc"]["auc"] if a is not None]))
    assert m["per_class"]["support"] == [2, 2, 0]
    assert m["confusion_matrix"][1] == [0, 1, 1]
    json.dumps(m, allow_nan=False)
    assert "n/a" in format_table(m)
    # a split holding one class only: no ROC at all, still a report
    one = compute_metrics([1, 1], [[0.2, 0.8, 0.0], [0.6, 0.4, 0.0]], CLASSES3)
    assert one["roc"]["macro_auc"] is None and one["accuracy"] == 0.5


def test_bad_inputs_name_the_problem():
    with pytest.raises(DataError, match="shape"):
        compute_metrics([0, 1], [[0.5, 0.5]], ["a", "b"])
    with pytest.raises(DataError, match="0..1"):
        compute_metrics([0, 2], [[0.5, 0.5], [0.5, 0.5]], ["a", "b"])
    with pytest.raises(DataError, match="empty"):
        compute_metrics([], np.zeros((0, 2)), ["a", "b"])


class _Tensors(torch.utils.data.Dataset):
    def __init__(self, n: int = 23, c: int = 3) -> None:
        g = torch.Generator().manual_seed(0)
        self.x = torch.randn(n, 4, generator=g)
        self.y = torch.randint(0, c, (n,), generator=g)
        self.classes = [f"k{i}" for i in range(c)]
        self.samples = [(f"/img/{i}.png", int(self.y[i])) for i in range(n)]

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, i: int):
        return self.x[i], int(self.y[i])


def test_evaluate_batches_match_one_full_forward():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Dropout(0.5), torch.nn.Linear(8, 3))
    model.train()
    ds = _Tensors()
    calls = []
    res = evaluate(model, ds, batch_size=5, progress=lambda d, t: calls.append((d, t)))
    assert model.training  # mode restored
    assert calls[-1] == (23, 23) and len(calls) == 5
    with torch.no_grad():
        model.eval()
        logits = model(ds.x).double()
    assert np.allclose(res.probs, torch.softmax(logits, 1).numpy(), atol=1e-6)
    assert np.allclose(res.losses, torch.nn.functional.cross_entropy(logits, ds.y, reduction="none").numpy(),
                       atol=1e-6)
    assert res.metrics["accuracy"] == pytest.approx((logits.argmax(1) == ds.y).double().mean().item())
    assert res.paths[3] == "/img/3.png"
    csv_text = res.predictions_csv(top_k=2)
    header, first = csv_text.splitlines()[:2]
    assert header == "path,true,pred,prob,loss,correct,top_k"
    assert first.startswith("/img/0.png,") and first.count("|") == 1


def test_evaluate_stops_between_batches():
    stop = StopToken()
    ds = _Tensors()
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        stop.stop()

    with pytest.raises(Cancelled, match="5 of 23"):
        evaluate(torch.nn.Linear(4, 3), ds, batch_size=5, progress=progress, stop=stop)
    assert seen == [5]


def test_write_reports(tmp_path):
    probs = np.asarray(P3)
    res = EvalResult(classes=CLASSES3, y_true=np.array(Y3), y_pred=probs.argmax(1), probs=probs,
                     losses=-np.log(probs[np.arange(6), Y3]), paths=[f"p{i}.png" for i in range(6)],
                     metrics=compute_metrics(Y3, P3, CLASSES3))
    out = res.write_reports(tmp_path / "ev", extra={"model": "run1"})
    data = json.loads((out / "metrics.json").read_text())
    assert data["model"] == "run1" and data["accuracy"] == pytest.approx(4 / 6)
    cm = (out / "confusion_matrix.csv").read_text().splitlines()
    assert cm[0] == "true \\ pred,cat,dog,fox" and cm[3] == "fox,1,0,1"
    rows = (out / "predictions.csv").read_text().splitlines()
    assert rows[2].startswith("p1.png,cat,dog,0.600000,") and ",0," in rows[2]
    assert set(summary(res.metrics)) >= {"accuracy", "macro", "weighted", "macro_auc", "top_k_accuracy"}
