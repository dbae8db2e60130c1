"""One short epoch on CUDA with mixed precision and channels_last (skipped without CUDA)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "training"))

from tiny import tiny_config, write_tiny_folder  # noqa: E402

from dtf_gui.core.training.engine import load_checkpoint, train  # noqa: E402

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")]


@pytest.mark.parametrize("precision", ["auto", "fp16"])
def test_one_epoch_on_cuda_mixed_precision_channels_last(tmp_path: Path, precision: str) -> None:
    data = write_tiny_folder(tmp_path / "data", size=32)
    cfg = tiny_config(data, tmp_path / "runs", size=32, device="cuda", precision=precision,
                      channels_last="auto", train__epochs=1, workers=1, random_train=False)
    result = train(cfg)
    assert result.status == "completed"
    info = json.loads((result.run_dir / "run.json").read_text())
    assert info["device"].startswith("cuda") and info["channels_last"] is True
    expected = "fp16" if precision == "fp16" else ("bf16" if torch.cuda.is_bf16_supported() else "fp16")
    assert info["precision"] == expected
    ckpt = load_checkpoint(result.run_dir / "checkpoints" / "last.pt")
    assert all(t.device.type == "cpu" for t in ckpt["model"].values())
    if expected == "fp16":
        assert ckpt["scaler"]  # GradScaler state is saved for resume
    # it learned on the GPU: the tiny colour task is easy (3 classes, chance 0.33)
    assert result.history[0]["val_acc"] >= 0.9
