"""model.allow_download: off, a run without offline ImageNet weights is refused and says how to allow the
download; on, the engine hands it to weight resolution and the downloader runs (faked: nothing downloads)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import torch

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.errors import WeightsError
from dtf_gui.core.models import weights
from dtf_gui.core.models.zoo import build_plain
from dtf_gui.core.training.callbacks import BaseCallbacks
from dtf_gui.core.training.engine import train

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
from tiny import tiny_config, write_tiny_folder  # noqa: E402

ARCH = "mobilenet_v3_small"  # no installed package carries its weights


@pytest.fixture
def no_weights_here(tmp_path, monkeypatch) -> list:
    """An empty torch hub cache and a fake downloader that records its calls and writes ImageNet-shaped weights."""
    monkeypatch.setattr(torch.hub, "_hub_dir", str(tmp_path / "hub"))
    weights.refresh_packages()
    calls: list = []

    def fake_download(cand, *, timeout, progress, stop):
        calls.append((cand.arch, timeout))
        dest = weights.hub_checkpoint_dir() / cand.file_name
        dest.parent.mkdir(parents=True, exist_ok=True)
        torch.save(build_plain(ARCH, 1000).state_dict(), dest)
        return dest

    monkeypatch.setattr(weights, "_download", fake_download)
    yield calls
    weights.refresh_packages()


def _config(tmp_path: Path, allow: bool):
    data = write_tiny_folder(tmp_path / "data", n_train=4, n_val=2, size=16)
    return tiny_config(data, tmp_path / "runs", **{"model.arch": ARCH, "model.weights": "imagenet",
                                                   "model.allow_download": allow, "train.epochs": 1})


def test_off_refuses_and_says_how_to_allow_the_download(tmp_path, no_weights_here):
    assert not weights.weights_status(ARCH).available
    with pytest.raises(WeightsError) as caught:
        train(_config(tmp_path, allow=False))
    assert no_weights_here == []  # never tried the network
    text = caught.value.render("en")
    assert "not available offline" in text and "--allow-download" in text and "model.allow_download" in text
    assert "--allow-download" in caught.value.render("zh_CN")


def test_on_the_run_downloads_the_missing_weights(tmp_path, no_weights_here):
    stop = StopToken()

    class StopOnceStarted(BaseCallbacks):  # the model is built by then: no need to train
        def on_run_start(self, e) -> None:
            stop.stop()

    result = train(_config(tmp_path, allow=True), callbacks=StopOnceStarted(), stop=stop)
    assert no_weights_here == [(ARCH, weights.DOWNLOAD_TIMEOUT_S)]
    assert result.status == "stopped"
