"""``--tta`` on dtf eval / predict / export: the same numbers as the core, and as the bundle's own predict.py."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest
from dtf_run_factory import image_paths, make_run, write_images

from dtf_gui.cli.main import main
from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation
from dtf_gui.core.runs.predict import PredictRequest, predict


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    base = tmp_path_factory.mktemp("tta")
    data = write_images(base / "data", per_class=2)
    make_run(base / "run", data)
    return base, base / "run", data


def _dtf(capsys, *argv: object) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def _tops(rows: list[dict]) -> list[list[tuple[str, float]]]:
    return [[(t["class"], t["prob"]) for t in r["top_k"]] for r in rows]


def test_dtf_predict_and_eval_with_tta_agree_with_the_core(made, capsys):
    base, run, data = made
    images = image_paths(data)
    rc, out, err = _dtf(capsys, "predict", run, *images, "--top-k", "3", "--json", "--tta", "flip")
    assert rc == 0, err
    core = predict(PredictRequest(str(run), tuple(map(str, images)), top_k=3, traces=False, tta="flip"))
    assert _tops(json.loads(out)) == [it.top for it in core.items]
    plain = predict(PredictRequest(str(run), tuple(map(str, images)), top_k=3, traces=False))
    assert _tops(json.loads(out)) != [it.top for it in plain.items]  # the option changed the answer
    # the run was trained with a flip: no note
    assert "mirrored" not in err

    rc, out, err = _dtf(capsys, "eval", run, data, "--split", "all", "--tta", "flip", "--out", base / "ev",
                        "--quiet")
    assert rc == 0, err
    metrics = json.loads((base / "ev" / "metrics.json").read_text())
    ev = run_evaluation(EvalRequest(str(run), str(data), split="all", tta="flip"))
    assert metrics["tta"] == "flip"
    assert metrics["mean_loss"] == pytest.approx(ev.result.metrics["mean_loss"], rel=1e-9)


def test_exported_predict_py_with_tta_answers_as_dtf_predict(made, capsys):
    base, run, data = made
    rc, _, err = _dtf(capsys, "export", run, "--out", base / "bundle", "--format", "pth", "--tta", "five_crop")
    assert rc == 0, err
    assert json.loads((base / "bundle" / "bundle.json").read_text())["tta"] == "five_crop"
    images = [str(p) for p in image_paths(data)[:4]]
    rc, out, err = _dtf(capsys, "predict", base / "bundle", *images, "--top-k", "3", "--json", "--tta", "five_crop")
    assert rc == 0, err
    ours = _tops(json.loads(out))
    script = runpy.run_path(str(base / "bundle" / "predict.py"), run_name="bundle_predict")
    capsys.readouterr()
    assert script["TTA"] == "five_crop"
    assert script["main"]([*images, "--top-k", "3", "--json"]) == 0  # the export's choice is its default
    theirs = _tops(json.loads(capsys.readouterr().out))
    for a, b in zip(ours, theirs, strict=True):
        assert [c for c, _ in a] == [c for c, _ in b]
        assert [v for _, v in a] == pytest.approx([v for _, v in b], abs=1e-9)
    assert script["main"]([*images, "--top-k", "3", "--json", "--tta", "none"]) == 0
    assert _tops(json.loads(capsys.readouterr().out)) != theirs


def test_an_unknown_tta_is_refused_by_the_parser(made, capsys):
    _, run, data = made
    with pytest.raises(SystemExit):
        main(["predict", str(run), str(Path(data)), "--tta", "mirror"])
    assert "flip" in capsys.readouterr().err
