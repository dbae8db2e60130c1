"""Parity: the Evaluate view's numbers equal `dtf eval`'s metrics.json on the same bundle and data."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from eval_fixtures import make_trained_run, write_dataset

from dtf_gui.cli.main import main
from dtf_gui.core.export import export_bundle
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.evaluation_panel import EvaluationPanel

CLASSES = ("red", "green", "blue")


def _same(a: Any, b: Any, where: str = "") -> None:
    """Equal structures; floats equal to 1e-12 relative (both sides went through the same float64 code)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), f"{where}: keys {set(a) ^ set(b)}"
        for k in a:
            _same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), f"{where}: lengths differ"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-15), f"{where}: {a} != {b}"
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def test_gui_numbers_equal_dtf_eval(qtbot, tmp_path: Path, capsys) -> None:
    root = write_dataset(tmp_path / "data", CLASSES, train=4, val=5)
    run = make_trained_run(tmp_path / "run", root, CLASSES, steps=30)
    bundle = export_bundle(run, tmp_path / "bundle", ("pth", "safetensors"))
    out = tmp_path / "cli-eval"
    assert main(["eval", str(bundle), str(root), "--out", str(out), "--quiet"]) == 0
    capsys.readouterr()
    cli = json.loads((out / "metrics.json").read_text(encoding="utf-8"))

    state = AppState()
    panel = EvaluationPanel(state)
    qtbot.addWidget(panel)
    panel.set_model_path(bundle)
    panel.set_data_root(root)
    with qtbot.waitSignal(panel.evaluation_finished, timeout=60000) as blocker:
        panel.evaluate()
    outcome = blocker.args[0]
    gui = json.loads(json.dumps({**outcome.extra, **outcome.result.metrics}))
    cli.pop("seconds")
    _same(gui, cli)
    assert gui["model_kind"] == "bundle" and gui["num_samples"] == 15
    # and what the panel shows is that result
    assert panel.cards["accuracy"][0].text() == f"{cli['accuracy']:.1%}"
    shown = [[int(panel.confusion.model.index(r, c).data()) for c in range(3)] for r in range(3)]
    assert shown == cli["confusion_matrix"]

    # the exported report of the panel carries the same metrics.json as the CLI
    report = panel.export_report(tmp_path / "gui-eval")
    exported = json.loads((report / "metrics.json").read_text(encoding="utf-8"))
    exported.pop("seconds")
    _same(exported, cli)
    assert (report / "predictions.csv").read_text() == (out / "predictions.csv").read_text()
