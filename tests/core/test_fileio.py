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


# -- the checked document reader --------------------------------------------------------------------------
import os as _os  # noqa: E402

import pytest as _pytest  # noqa: E402

from dtf_gui.core.errors import ConfigError  # noqa: E402
from dtf_gui.core.fileio import display_name, read_json_document  # noqa: E402


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "cfg.json"
    _os.mkfifo(fifo)
    with _pytest.raises(ConfigError, match="named pipe"):
        read_json_document(fifo, "config", ConfigError)  # would block forever if it opened the FIFO


def test_a_device_and_a_folder_are_refused(tmp_path):
    with _pytest.raises(ConfigError, match="device file"):
        read_json_document("/dev/zero", "pipeline", ConfigError)
    with _pytest.raises(ConfigError, match="folder"):
        read_json_document(tmp_path, "pipeline", ConfigError)


def test_size_limit_encoding_and_nesting_get_messages(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2000)
    with _pytest.raises(ConfigError, match="more than the 1000 bytes"):
        read_json_document(big, "config", ConfigError, limit=1000)
    utf16 = tmp_path / "u16.json"
    utf16.write_text('{"a": 1}', encoding="utf-16")
    with _pytest.raises(ConfigError, match="not UTF-8"):
        read_json_document(utf16, "config", ConfigError)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100000 + "]" * 100000)
    with _pytest.raises(ConfigError, match="nests too deeply"):
        read_json_document(deep, "config", ConfigError)
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": 1,\n}')
    with _pytest.raises(ConfigError, match="line 2"):
        read_json_document(bad, "config", ConfigError)
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + b'{"a": 1}')
    assert read_json_document(bom, "config", ConfigError) == {"a": 1}


def test_display_name_escapes_terminal_codes_and_undecodable_bytes():
    assert display_name("cat\x1b[31mred") == "cat\\x1b[31mred"
    assert display_name(_os.fsdecode(b"caf\xe9")) == "caf\\xe9"
    assert display_name("猫 dog") == "猫 dog"


@pytest.fixture
def raising_sigint():
    """Ctrl-C raises KeyboardInterrupt here, whatever the test runner installed (xdist workers ignore it)."""
    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    yield lambda: os.kill(os.getpid(), signal.SIGINT)
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_in_the_middle_of_a_write_waits_until_the_file_is_whole(tmp_path: Path, raising_sigint) -> None:
    """A second Ctrl-C inside torch.save broke its zip writer ("unexpected pos", exit 1): the interrupt now
    arrives after the write, and the file is the new one, whole."""
    target = atomic_write_text(tmp_path / "last.pt", "old")

    def writer(fh) -> None:
        fh.write(b"first half, ")
        raising_sigint()  # Python runs the handler at once, in the middle of the write
        fh.write(b"second half")

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, writer)
    assert target.read_bytes() == b"first half, second half"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["last.pt"]


def test_ctrl_c_between_last_and_best_leaves_them_equal(tmp_path: Path, raising_sigint,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    from dtf_gui.core.runs import rundir

    link = rundir.atomic_link_or_copy

    def interrupted_link(src, dst):
        raising_sigint()
        return link(src, dst)

    monkeypatch.setattr(rundir, "atomic_link_or_copy", interrupted_link)
    ckpt = {"model": {"w": torch.arange(6.0)}, "epoch": 3}
    with pytest.raises(KeyboardInterrupt):
        rundir.save_checkpoint(tmp_path, ckpt, best=True)
    last, best = rundir.checkpoint_path(tmp_path, "last"), rundir.checkpoint_path(tmp_path, "best")
    assert best.read_bytes() == last.read_bytes()
    assert rundir.load_checkpoint(best)["epoch"] == 3
