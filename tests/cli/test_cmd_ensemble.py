"""``dtf ensemble``: the bundle it writes, and its predict.py (plain torch, in a subprocess) and ONNX graph
giving the same top-1 as ``dtf predict``; ``dtf eval`` on it writes the files it writes for a single bundle."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from dtf_run_factory import image_paths, make_run, write_images

from dtf_gui.cli.main import main
from dtf_gui.core.data.datasets import load_rgb
from dtf_gui.core.runs.artifacts import load_bundle


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli_ens")
    data = write_images(base / "data", per_class=3)
    make_run(base / "r1", data, image_size=16, seed=0)
    make_run(base / "r2", data, arch="mobilenet_v2", image_size=20, seed=1)
    rc = main(["ensemble", str(base / "r1"), str(base / "r2"), "--out", str(base / "ens"), "--weights", "1,2"])
    assert rc == 0
    return base, data, base / "ens"


def _dtf(capsys, *argv) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_predict_py_and_onnx_agree_with_dtf_predict(made, capsys):
    base, data, ens = made
    info = json.loads((ens / "bundle.json").read_text())
    assert info["onnx"]["made"] and info["onnx"]["checked_with"].startswith("onnxruntime")
    images = image_paths(data)
    rc, out, err = _dtf(capsys, "predict", ens, *images, "--top-k", "3", "--json")
    assert rc == 0, err
    ours = [r["top_k"][0]["class"] for r in json.loads(out)]

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, "-I", str(ens / "predict.py"), *map(str, images), "--json"],
                          capture_output=True, text=True, env=env, cwd=base, timeout=120)
    assert proc.returncode == 0, proc.stderr
    theirs = json.loads(proc.stdout)
    assert [r["top_k"][0]["class"] for r in theirs] == ours
    probs = {r["path"]: r["top_k"][0]["prob"] for r in json.loads(out)}
    for r in theirs:
        assert r["top_k"][0]["prob"] == pytest.approx(probs[r["path"]], abs=1e-5)

    import onnxruntime as ort

    session = ort.InferenceSession(str(ens / "model.onnx"), providers=["CPUExecutionProvider"])
    transforms = [load_bundle(ens / "members" / str(i["members"][0])).transform for i in info["inputs"]]
    feeds = {i["name"]: np.stack([t(load_rgb(p)).numpy() for p in images])
             for i, t in zip(info["inputs"], transforms, strict=True)}
    got = session.run([info["onnx"]["output"]], feeds)[0]
    assert [info["classes"][k] for k in got.argmax(axis=1)] == ours


def test_dtf_eval_on_an_ensemble_writes_the_single_bundle_files(made, capsys, tmp_path):
    base, data, ens = made
    rc, out, err = _dtf(capsys, "export", base / "r1", "--out", tmp_path / "single")
    assert rc == 0, err
    rc, out, err = _dtf(capsys, "eval", tmp_path / "single", data, "--out", tmp_path / "e1")
    assert rc == 0, err
    rc, out, err = _dtf(capsys, "eval", ens, data, "--out", tmp_path / "e2")
    assert rc == 0, err
    assert sorted(p.name for p in (tmp_path / "e2").iterdir()) == sorted(p.name for p in (tmp_path / "e1").iterdir())
    metrics = json.loads((tmp_path / "e2" / "metrics.json").read_text())
    assert metrics["model_kind"] == "ensemble" and metrics["num_samples"] == 9


def test_dtf_ensemble_refusals_name_what_is_wrong(made, capsys, tmp_path):
    base, data, _ = made
    make_run(tmp_path / "dogs", data, classes=("ant", "bee", "dog"))
    rc, _, err = _dtf(capsys, "ensemble", base / "r1", tmp_path / "dogs", "--out", tmp_path / "o")
    assert rc == 1 and "dogs" in err and "'dog'" in err and "different classes" in err
    rc, _, err = _dtf(capsys, "ensemble", base / "r1", base / "r2", "--out", tmp_path / "o", "--weights", "1,x")
    assert rc == 1 and "'1,x'" in err
    rc, _, err = _dtf(capsys, "ensemble", base / "r1", base / "r2", "--out", tmp_path / "o", "--weights", "0,0")
    assert rc == 1 and "All weights are 0" in err
    rc, _, err = _dtf(capsys, "ensemble", base / "r1", base / "r2", "--out", tmp_path / "o", "--top", "1")
    assert rc == 1 and "at least 2" in err
    assert not (tmp_path / "o").exists()


def test_dtf_ensemble_of_a_search_uses_its_top_trials(made, capsys, tmp_path):
    """``--study NAME --top 2``: the bundle's members are exactly the runs of the 2 best complete trials."""
    from tests.fake_runs import make_fake_run
    from tests.fake_study import make_study

    base, data, _ = made
    ws = tmp_path / "ws"
    low = make_fake_run(ws, "low")  # never read: ranked third
    make_study(ws / "search.db", "s", [("COMPLETE", 0.6, low), ("COMPLETE", 0.9, base / "r2"),
                                       ("PRUNED", None, low), ("COMPLETE", 0.7, base / "r1")])
    rc, out, err = _dtf(capsys, "ensemble", "--study", "s", "--workspace", ws, "--top", "2", "--out",
                        tmp_path / "ens", "--no-onnx")
    assert rc == 0, err
    info = json.loads((tmp_path / "ens" / "bundle.json").read_text())
    assert [m["source"]["run_dir"] for m in info["members"]] == [str(base / "r2"), str(base / "r1")]
    assert out.strip().splitlines()[-1] == str(tmp_path / "ens")

    rc, _, err = _dtf(capsys, "ensemble", base / "r1", "--study", "s", "--workspace", ws, "--out", tmp_path / "o")
    assert rc == 1 and "--study" in err
    rc, _, err = _dtf(capsys, "ensemble", "--study", "nope", "--storage", f"sqlite:///{ws / 'search.db'}",
                      "--out", tmp_path / "o")
    assert rc == 1 and "nope" in err
    rc, _, err = _dtf(capsys, "ensemble", "--study", "s", "--workspace", tmp_path / "empty", "--out", tmp_path / "o")
    assert rc == 1 and str(tmp_path / "empty" / "search.db") in err and not (tmp_path / "empty").exists()
    assert not (tmp_path / "o").exists()
