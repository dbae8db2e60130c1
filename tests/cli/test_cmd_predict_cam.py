"""``dtf predict MODEL IMAGE... --cam OUT_DIR``: one Grad-CAM overlay PNG per image, the same pixels the core draws,
and a user's file already in OUT_DIR is left as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from eval_fixtures import make_trained_run, write_dataset
from PIL import Image

from dtf_gui.cli.main import main
from dtf_gui.core.trust.cam import CamRequest, cam_images


@pytest.fixture(scope="module")
def run_and_images(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    base = tmp_path_factory.mktemp("cam")
    root = write_dataset(base / "data", train=2, val=2)
    run = make_trained_run(base / "run", root, image_size=64, steps=10)
    a = root / "val" / "red" / "red_0.png"
    b = base / "other" / "red_0.png"  # the same file name from another folder
    b.parent.mkdir()
    shutil.copy(root / "val" / "blue" / "blue_1.png", b)
    return run, [a, b, root / "val" / "green" / "green_0.png"]


def test_cam_writes_one_overlay_per_image_and_keeps_the_users_file(run_and_images, tmp_path: Path, capsys) -> None:
    run, images = run_and_images
    out = tmp_path / "cams"
    out.mkdir()
    mine = out / "red_0_cam.png"
    mine.write_bytes(b"my own picture")
    assert main(["predict", str(run), *map(str, images), "--cam", str(out), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert mine.read_bytes() == b"my own picture"
    written = [Path(d["cam"]) for d in printed]
    assert len(set(written)) == 3 and mine not in written
    assert sorted(p.name for p in out.iterdir()) == sorted([mine.name, *(p.name for p in written)])
    want = cam_images(CamRequest(str(run), tuple(map(str, images))))
    for path, res, d in zip(written, want, printed, strict=True):
        assert path.parent == out and path.suffix == ".png"
        assert np.array_equal(np.asarray(Image.open(path).convert("RGB")), res.overlay)
        assert d["top_k"][0]["class"] == res.class_name


def test_cam_text_output_names_the_files(run_and_images, tmp_path: Path, capsys) -> None:
    run, images = run_and_images
    out = tmp_path / "new" / "cams"  # created
    assert main(["predict", str(run), str(images[2]), "--cam", str(out)]) == 0
    text = capsys.readouterr().out
    [written] = list(out.iterdir())
    assert written.name == "green_0_cam.png" and str(written) in text


def test_cam_into_a_file_is_refused(run_and_images, tmp_path: Path, capsys) -> None:
    run, images = run_and_images
    target = tmp_path / "a_file.png"
    target.write_bytes(b"keep")
    assert main(["predict", str(run), str(images[0]), "--cam", str(target)]) != 0
    assert "not a folder" in capsys.readouterr().err and target.read_bytes() == b"keep"
