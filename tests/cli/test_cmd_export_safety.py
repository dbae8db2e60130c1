"""`dtf export --force` refuses runs and datasets; the bundle's predict.py and `dtf predict` on bad input."""

from __future__ import annotations

import ast
import json
import os
import re
import runpy
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from dtf_run_factory import image_paths, make_run, pipeline, tree_digest, write_images
from PIL import Image

from dtf_gui.cli.main import main
from dtf_gui.core.errors import ExportError
from dtf_gui.core.runs.bundle import predict_script

CLASSES = ("ant", "bee", "cat")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli_safety")
    data = write_images(base / "data", CLASSES, per_class=1)
    make_run(base / "run", data)
    assert main(["export", str(base / "run"), "--out", str(base / "bundle"), "--format", "pth"]) == 0
    return base, base / "run", data, base / "bundle"


def _dtf(capsys, *argv) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_export_force_onto_a_run_or_a_dataset_is_refused(made, capsys, tmp_path):
    base, run, data, _ = made
    run = shutil.copytree(run, tmp_path / "run")
    data = shutil.copytree(data, tmp_path / "data")
    for out, says in ((run, "is a run folder"), (data, "images"), (run / "export", "inside the run folder")):
        before = tree_digest(run), tree_digest(data)
        rc, _, err = _dtf(capsys, "export", run, "--out", out, "--force", "--format", "pth")
        assert rc == 1 and says in err, err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert (tree_digest(run), tree_digest(data)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "run"]


def test_export_of_a_lagging_best_checkpoint_says_what_to_do(made, capsys, tmp_path):
    _, run, _, _ = made
    run = shutil.copytree(run, tmp_path / "run")
    info = json.loads((run / "run.json").read_text())
    info["best_epoch"] = 7
    (run / "run.json").write_text(json.dumps(info))
    rc, _, err = _dtf(capsys, "export", run, "--out", tmp_path / "b")
    assert rc == 1 and "best epoch is 7" in err and "--which last" in err and "dtf train --resume" in err
    assert not (tmp_path / "b").exists()


# -- predict.py and dtf predict on bad input ----------------------------------------------------------------


def _png_header_only(path: Path, width: int, height: int) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b""))


@pytest.fixture
def bad_inputs(tmp_path) -> dict[str, Path]:
    bad = {"fifo": tmp_path / "pipe.png", "folder": tmp_path / "a_folder", "text": tmp_path / "notes.png",
           "bomb": tmp_path / "bomb.png", "bomb2": tmp_path / "bomb2.png", "missing": tmp_path / "gone.png",
           "float": tmp_path / "float.tif", "truncated": tmp_path / "cut.png"}
    os.mkfifo(bad["fifo"])
    bad["folder"].mkdir()
    bad["text"].write_text("not an image\n")
    _png_header_only(bad["bomb"], 10_000, 9_000)  # over our limit, under Pillow's own error limit
    _png_header_only(bad["bomb2"], 20_000, 20_000)
    Image.fromarray(np.zeros((8, 8), np.float32), "F").save(bad["float"])
    good = tmp_path / "good.png"
    Image.fromarray(np.full((40, 40, 3), 200, np.uint8), "RGB").save(good)
    bad["truncated"].write_bytes(good.read_bytes()[:60])
    return bad


@pytest.mark.parametrize("as_json", [False, True])
def test_predict_py_prints_one_line_per_bad_input_and_goes_on(made, bad_inputs, as_json, capsys):
    """The bundle's own predict.py, run in this process through its ``main(argv)`` (a subprocess costs ~5 s
    of torch import each; that predict.py runs on its own, with torch and torchvision only, is the
    subprocess check in test_cmd_eval_export)."""
    _, _, data, bundle = made
    good = image_paths(data)[:2]
    args = [str(good[0]), *map(str, bad_inputs.values()), str(good[1]), "--top-k", "1"]
    if as_json:
        args.append("--json")
    script = runpy.run_path(str(bundle / "predict.py"), run_name="bundle_predict")
    capsys.readouterr()
    t0 = time.monotonic()
    rc = script["main"](args)
    assert time.monotonic() - t0 < 180
    out, err = capsys.readouterr()
    assert rc == 1, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == len(bad_inputs), err
    for (kind, path), line in zip(bad_inputs.items(), lines, strict=True):
        assert line.startswith(f"{path}: "), line
        expect = {"fifo": "named pipe", "folder": "folder", "text": "not an image", "bomb": "pixels",
                  "bomb2": "pixels", "missing": "does not exist", "float": "float",
                  "truncated": "cannot be read"}[kind]
        assert expect in line, (kind, line)
    if as_json:
        rows = json.loads(out)
        assert [r["path"] for r in rows] == [str(p) for p in good]
    else:
        lines_out = out.splitlines()
        assert lines_out[0] == str(good[0]) and lines_out[2] == str(good[1]) and len(lines_out) == 4


def test_dtf_predict_names_a_fifo(made, capsys, tmp_path):
    _, _, _, bundle = made
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    rc, _, err = _dtf(capsys, "predict", bundle, fifo)
    assert rc == 1 and "named pipe (FIFO)" in err and "does not exist" not in err


# -- the predict.py template ---------------------------------------------------------------------------------


def test_predict_script_embeds_class_names_as_data():
    names = ['a"b', "c'd", 'tri"""ple', "back\\slash", "new\nline", "{x}", "猫", "bad\udcffbyte", "\x1b[2J"]
    text = predict_script("resnet18", names, "m.fc = nn.Linear(m.fc.in_features, 9)\n", pipeline())
    text.encode("utf-8")  # writable as UTF-8 even with an undecodable folder name
    tree = ast.parse(text)
    classes = [n.value for n in tree.body if isinstance(n, ast.Assign)
               and any(isinstance(t, ast.Name) and t.id == "CLASSES" for t in n.targets)]
    assert len(classes) == 1 and ast.literal_eval(classes[0]) == names
    assert not re.search(r"\{\{[A-Z_]+\}\}", text)  # every placeholder filled
    with pytest.raises(ExportError, match="architecture"):
        predict_script("resnet18(weights=None)\nimport os\nx = torchvision.models.resnet18", ["a", "b"],
                       "", pipeline())


def test_predict_template_is_a_resource():
    from importlib.resources import files

    tmpl = files("dtf_gui.resources.templates").joinpath("predict.py.tmpl").read_text(encoding="utf-8")
    assert "def load_image" in tmpl and "{{CLASSES}}" in tmpl
    text = predict_script("resnet18", ["a", "b"], "m.fc = nn.Linear(m.fc.in_features, 2)\n", pipeline())
    assert not re.search(r"\{\{[A-Z_]+\}\}", text) and "CLASSES = ['a', 'b']" in text
    compile(text, "predict.py", "exec")
