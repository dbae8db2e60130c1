"""One device listing: what the Training panel offers, what the status bar names and what "auto" trains on."""

from __future__ import annotations

from types import SimpleNamespace

import torch

from dtf_gui.core.devices import available_devices, device_name
from dtf_gui.core.training import engine


def fake_gpus(monkeypatch, names: list[str], mps: bool = False) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: bool(names))
    monkeypatch.setattr(torch.cuda, "device_count", lambda: len(names))
    monkeypatch.setattr(torch.cuda, "get_device_properties",
                        lambda i: SimpleNamespace(name=names[i], total_memory=(i + 1) * 80 * 2**30))
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: mps)


def test_gpus_first_with_their_names_then_the_cpu(monkeypatch):
    fake_gpus(monkeypatch, ["NVIDIA H200", "NVIDIA A100"])
    devices = available_devices()
    assert [d.value for d in devices] == ["cuda:0", "cuda:1", "cpu"]
    assert devices[1].name == "NVIDIA A100" and devices[1].memory_bytes == 160 * 2**30
    assert devices[0].label == "cuda:0 — NVIDIA H200, 80 GiB"
    assert engine.resolve_device("auto").type == "cuda"  # auto trains on the first one listed
    assert device_name(torch.device("cuda")) == device_name(torch.device("cuda:0")) == "NVIDIA H200"


def test_without_a_gpu_the_cpu_or_mps(monkeypatch):
    fake_gpus(monkeypatch, [], mps=True)
    assert [d.value for d in available_devices()] == ["mps", "cpu"]
    assert engine.resolve_device("auto").type == "mps"
    fake_gpus(monkeypatch, [])
    assert [d.value for d in available_devices()] == ["cpu"]
    assert engine.resolve_device("auto").type == "cpu"
    assert device_name(torch.device("cpu"))  # the processor's name, never empty


def test_a_broken_driver_still_lists_the_cpu(monkeypatch):
    def broken() -> int:
        raise RuntimeError("CUDA driver initialization failed")

    fake_gpus(monkeypatch, ["x"])
    monkeypatch.setattr(torch.cuda, "device_count", broken)
    assert [d.value for d in available_devices()] == ["cpu"]
