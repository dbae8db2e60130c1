"""core.metrics.regression_metrics: scikit-learn's definitions, overall and per target."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

from dtf_gui.core.metrics import regression_metrics


def test_regression_metrics_equal_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    t = rng.normal(size=(50, 2)) * [1.0, 100.0]
    p = t + rng.normal(size=(50, 2)) * [0.3, 20.0]
    m = regression_metrics(t, p, ["a", "b"])
    assert m["per_target"]["mse"] == pytest.approx(list(mean_squared_error(t, p, multioutput="raw_values")))
    assert m["per_target"]["mae"] == pytest.approx(list(mean_absolute_error(t, p, multioutput="raw_values")))
    assert m["per_target"]["r2"] == pytest.approx(list(r2_score(t, p, multioutput="raw_values")))
    assert m["r2"] == pytest.approx(r2_score(t, p))
    assert m["rmse"] == pytest.approx(np.mean(np.sqrt(mean_squared_error(t, p, multioutput="raw_values"))))
    assert m["num_samples"] == 50 and m["targets"] == ["a", "b"]


def test_r2_of_a_constant_target_is_null_not_a_crash() -> None:
    m = regression_metrics([[1.0], [1.0], [1.0]], [[1.0], [2.0], [0.0]], ["c"])
    assert m["r2"] is None and m["per_target"]["r2"] == [None] and m["mae"] == pytest.approx(2 / 3)
