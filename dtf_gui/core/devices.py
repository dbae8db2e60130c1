"""The devices this machine can train on, best first, with their names: the one listing.

The Training panel's device picker, the main window's status bar and the engine's ``device: auto`` all read
it, so what the GUI names is what a run uses. torch is imported on call (``dtf --help`` stays fast).
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Device:
    """One device: ``value`` is what the run config's ``device`` takes (``cuda:0``, ``mps``, ``cpu``)."""

    value: str
    kind: str  # "cuda" | "mps" | "cpu"
    name: str  # the hardware's own name ("NVIDIA H200", the processor)
    memory_bytes: int | None = None

    @property
    def label(self) -> str:
        """How a picker shows it: ``cuda:0 — NVIDIA H200, 141 GiB``, ``Apple MPS`` or ``CPU``."""
        if self.kind == "cuda":
            memory = f", {self.memory_bytes / 2**30:.0f} GiB" if self.memory_bytes else ""
            return f"{self.value} — {self.name}{memory}"
        return "Apple MPS" if self.kind == "mps" else "CPU"


def _cpu_name() -> str:
    return platform.processor() or platform.machine() or "CPU"


def available_devices() -> list[Device]:
    """Every CUDA GPU, then Apple MPS, then the CPU (always there): the order ``device: auto`` prefers.

    A broken driver never breaks the listing: the devices it hides are left out and the CPU stays.
    """
    import torch

    devices: list[Device] = []
    try:
        if torch.cuda.is_available():
            for index in range(torch.cuda.device_count()):
                props = torch.cuda.get_device_properties(index)
                devices.append(Device(f"cuda:{index}", "cuda", props.name, int(props.total_memory)))
    except Exception:  # noqa: BLE001 - a driver error: list what works
        devices = []
    try:
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            devices.append(Device("mps", "mps", "Apple MPS"))
    except Exception:  # noqa: BLE001
        pass
    devices.append(Device("cpu", "cpu", _cpu_name()))
    return devices


def device_name(device: Any) -> str:
    """The hardware name of a ``torch.device`` (``cuda`` without an index is the first GPU)."""
    kind = getattr(device, "type", str(device))
    index = getattr(device, "index", None)
    value = f"cuda:{index or 0}" if kind == "cuda" else kind
    for listed in available_devices():
        if listed.value == value:
            return listed.name
    return _cpu_name() if kind == "cpu" else kind


__all__ = ["Device", "available_devices", "device_name"]
