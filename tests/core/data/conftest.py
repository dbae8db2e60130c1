"""Fixtures for the data tests: the health tree is built once per module."""

from __future__ import annotations

from pathlib import Path

import pytest
from datatree import build_health_tree


@pytest.fixture(scope="module")
def health_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    root = tmp_path_factory.mktemp("health")
    return root, build_health_tree(root)
