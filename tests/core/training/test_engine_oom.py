"""Out of memory while training (a huge Resize, a big batch) is a TrainingError that names the batch size
and the image size and says what to lower, whatever torch raised; the run keeps its last checkpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
import torchvision
from tiny import TINY_ARCH, tiny_config

from dtf_gui.core.errors import TrainingError
from dtf_gui.core.training.engine import load_checkpoint, train
from dtf_gui.core.training.staging import StagedDataset

# What torch raises, word for word: the CPU allocator, CUDA, and Python's own (a huge PIL / numpy array).
CPU = RuntimeError("DefaultCPUAllocator: can't allocate memory: you tried to allocate 19200000000 bytes. "
                   "Error code 12 (Cannot allocate memory)")
CUDA = torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 18.00 GiB. GPU 0 has a total capacity of "
                              "139.72 GiB of which 2.31 GiB is free.")
WORKER = RuntimeError("Caught RuntimeError in DataLoader worker process 0.\nOriginal Traceback (most recent "
                      "call last):\n  ...\nRuntimeError: DefaultCPUAllocator: can't allocate memory: you tried "
                      "to allocate 4800000000 bytes. Error code 12 (Cannot allocate memory)\n")


@pytest.mark.parametrize(("where", "error", "after_batches"), [
    ("forward", CPU, 5),  # epoch 1 (5 batches of 8) is done and checkpointed, epoch 2 fails
    ("forward", CUDA, 0),
    ("loader", MemoryError(), 1),  # call 1 is the engine's probe of one val image; then the train loader
    ("loader", WORKER, 1),
    ("loader", MemoryError(), 0),  # the probe itself: no run folder yet, the size is the pipeline's
])
def test_out_of_memory_is_a_training_error_naming_batch_and_image_size(
        tiny_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, error: BaseException,
        after_batches: int) -> None:
    calls = {"n": 0}
    if where == "forward":
        real = torchvision.models.MobileNetV3.forward  # the tiny runs' model (tiny.TINY_ARCH)

        def forward(self, x):
            if self.training:
                calls["n"] += 1
                if calls["n"] > after_batches:
                    raise error
            return real(self, x)

        monkeypatch.setattr(torchvision.models.MobileNetV3, "forward", forward)
    else:
        real_item = StagedDataset.__getitem__

        def getitem(self, i):
            calls["n"] += 1
            if calls["n"] > after_batches:
                raise error
            return real_item(self, i)

        monkeypatch.setattr(StagedDataset, "__getitem__", getitem)
        monkeypatch.setattr(StagedDataset, "fill", lambda self, *a, **k: 0)  # the loader, not the cache
    with pytest.raises(TrainingError) as err:
        train(tiny_config(tiny_data, tmp_path, train__epochs=2, random_train=True, data__cache="off"))
    said = str(err.value)
    assert "train.batch_size=8" in said and "16×16" in said, said
    assert "batch size" in said and "image size" in said, said
    runs = list(tmp_path.glob(f"*-{TINY_ARCH}"))
    if where == "loader" and not after_batches:
        assert runs == []  # failed before the run folder was made
        return
    info = json.loads((runs[0] / "run.json").read_text())
    assert info["status"] == "failed" and info["message"] == said
    run = runs[0]
    if where == "forward" and after_batches:  # the checkpoint of epoch 1 is still there and loads
        ckpt = load_checkpoint(run / "checkpoints" / "last.pt")
        assert ckpt["epoch"] == 1 and info["epochs_done"] == 1
        assert str(run / "checkpoints" / "last.pt") in said  # the message says it is kept
