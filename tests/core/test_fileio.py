from __future__ import annotations

import os
from pathlib import Path

import pytest

from dtf_gui.core import fileio
from dtf_gui.core.fileio import atomic_link_or_copy, atomic_write, atomic_write_text


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = atomic_write_text(tmp_path / "config.json", "old")

    def broken(fh) -> None:
        fh.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, broken)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.json"]


@pytest.mark.parametrize("links", [True, False])
def test_link_or_copy_keeps_the_bytes_when_the_source_is_rewritten(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool) -> None:
    if not links:
        def no_link(*_a, **_k):
            raise OSError("links not supported here")
        monkeypatch.setattr(fileio.os, "link", no_link)
    last = atomic_write_text(tmp_path / "last.pt", "epoch 1")
    best = atomic_link_or_copy(last, tmp_path / "best.pt")
    assert best.read_text() == "epoch 1"
    assert (os.stat(best).st_ino == os.stat(last).st_ino) is links
    atomic_write_text(last, "epoch 2")  # the next epoch replaces last.pt by rename
    assert best.read_text() == "epoch 1" and last.read_text() == "epoch 2"
    atomic_link_or_copy(last, best)  # a new best replaces the old one
    assert best.read_text() == "epoch 2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["best.pt", "last.pt"]
