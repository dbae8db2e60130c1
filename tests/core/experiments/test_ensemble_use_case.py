"""The ensemble use case: weights parsed from text, runs ranked by validation accuracy for "top k"."""

from __future__ import annotations

import json

import pytest
from dtf_run_factory import make_run, write_images

from dtf_gui.core.errors import ExportError
from dtf_gui.core.experiments.ensemble import parse_weights, top_k_runs


def test_parse_weights():
    assert parse_weights("1, 1,2") == (1.0, 1.0, 2.0)
    assert parse_weights("") is None
    with pytest.raises(ExportError, match="not numbers separated by commas"):
        parse_weights("1;2")
    with pytest.raises(ExportError, match="not numbers"):
        parse_weights("1,nan")


def test_top_k_runs_ranks_by_best_val_acc(tmp_path):
    data = write_images(tmp_path / "data", per_class=1, size=8)
    runs = []
    for name, acc in (("a", 0.5), ("b", 0.9), ("c", 0.7)):
        make_run(tmp_path / name, data, image_size=8)
        info = json.loads((tmp_path / name / "run.json").read_text())
        (tmp_path / name / "run.json").write_text(json.dumps({**info, "best_val_acc": acc}))
        runs.append(tmp_path / name)
    assert top_k_runs(runs, 2) == [tmp_path / "b", tmp_path / "c"]
    with pytest.raises(ExportError, match="at least 2"):
        top_k_runs(runs, 1)
