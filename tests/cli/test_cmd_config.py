"""`dtf config` prints the one default policy; `--allow-download` on `dtf config` and `dtf train` sets
model.allow_download, and without it a run missing its ImageNet weights is refused saying how to allow it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import torch

from dtf_gui.cli.main import main
from dtf_gui.core import config as config_module
from dtf_gui.core.config import default_run_config
from dtf_gui.core.data.demo import ensure_demo_dataset
from dtf_gui.core.models import weights
from dtf_gui.core.training import engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "training"))
from tiny import write_tiny_folder  # noqa: E402


@pytest.mark.parametrize("present", [("mobilenet_v2",), ()])
def test_dtf_config_prints_the_default_policy(capsys, tmp_path, monkeypatch, present):
    monkeypatch.setenv("DTF_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setattr(config_module, "imagenet_weights_available", lambda arch: arch in present)
    assert main(["config"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == default_run_config(ensure_demo_dataset()).to_json()
    assert printed["model"]["arch"] == ("mobilenet_v2" if present else "resnet18")
    assert printed["model"]["allow_download"] is False


def test_allow_download_flag_on_config_and_train(capsys, tmp_path, monkeypatch):
    data = write_tiny_folder(tmp_path / "data", n_train=4, n_val=2, size=16)
    out = tmp_path / "run.json"
    assert main(["config", "--data", str(data), "--allow-download", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["model"]["allow_download"] is True
    assert main(["config", "--data", str(data), "-o", str(out)]) == 0
    assert json.loads(out.read_text())["model"]["allow_download"] is False

    seen: list = []

    def fake_train(config, **kwargs):
        seen.append(config.model.allow_download)
        raise KeyboardInterrupt  # enough: the engine got the config

    monkeypatch.setattr(engine, "train", fake_train)
    main(["train", str(out), "--allow-download"])
    main(["train", str(out)])
    assert seen == [True, False]


def test_train_without_weights_is_refused_naming_the_flag(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(torch.hub, "_hub_dir", str(tmp_path / "hub"))  # an empty hub cache
    weights.refresh_packages()
    monkeypatch.setattr(weights, "_download", lambda *a, **k: pytest.fail("downloaded without permission"))
    data = write_tiny_folder(tmp_path / "data", n_train=4, n_val=2, size=16)
    out = tmp_path / "run.json"
    sets = ["model.arch=mobilenet_v3_small", "model.weights=imagenet", "device=cpu", f"runs_dir={tmp_path / 'runs'}"]
    assert main(["config", "--data", str(data), "--image-size", "16", "-o", str(out),
                 *[a for s in sets for a in ("--set", s)]]) == 0
    capsys.readouterr()
    assert main(["train", str(out)]) == 1
    err = capsys.readouterr().err
    assert "not available offline" in err and "--allow-download" in err
