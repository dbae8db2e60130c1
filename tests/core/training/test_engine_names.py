"""Class folder names that are not UTF-8 or carry terminal escape codes: training runs and writes them
losslessly (run.json is valid UTF-8; os.fsencode of each class gives back the folder's bytes)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
from PIL import Image
from tiny import tiny_config

from dtf_gui.core.training.engine import load_checkpoint, train

NAMES = (b"r\xe9d", b"gr\x1b[31meen", b"blue")


def _write(root: Path) -> Path:
    rng = np.random.default_rng(0)
    for split, n in (("train", 6), ("val", 2)):
        for k, raw in enumerate(NAMES):
            folder = os.path.join(os.fsencode(root), split.encode(), raw)
            os.makedirs(folder)
            for i in range(n):
                arr = np.clip(rng.normal(40, 30, (16, 16, 3)), 0, 255).astype(np.uint8)
                arr[..., k] = 220
                Image.fromarray(arr).save(os.fsdecode(os.path.join(folder, b"%d.png" % i)))
    return root


def test_non_utf8_class_names_train_and_are_written_losslessly(tmp_path: Path) -> None:
    data = _write(tmp_path / "data")
    result = train(tiny_config(data, tmp_path / "runs", train__epochs=1))
    assert result.status == "completed"
    raw = (result.run_dir / "run.json").read_bytes()
    info = json.loads(raw.decode("utf-8"))  # strict UTF-8
    assert sorted(os.fsencode(c) for c in info["classes"]) == sorted(NAMES)
    assert info["status"] == "completed"
    ckpt = load_checkpoint(result.run_dir / "checkpoints" / "last.pt")
    assert ckpt["classes"] == info["classes"]
