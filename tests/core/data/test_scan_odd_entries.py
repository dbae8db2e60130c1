"""The scan never crashes on odd entries (links it cannot read, permission denied, special files) and
refuses roots that are not datasets (the file system's top, /proc) instead of walking the whole disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from datatree import noise
from PIL import Image

from dtf_gui.core.data.scan import scan
from dtf_gui.core.errors import DataError


def _two_classes(root: Path, n: int = 3) -> None:
    for k, cls in enumerate(("cat", "dog")):
        (root / cls).mkdir(parents=True, exist_ok=True)
        for i in range(n):
            Image.fromarray(noise(10 * k + i)).save(root / cls / f"{i}.png")


def test_a_link_whose_target_cannot_be_read_is_reported_not_raised(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """/proc/1/cwd: a link that readlink refuses (EACCES); /dev/fd/3: one gone by the time it is read."""
    _two_classes(tmp_path)
    os.symlink(tmp_path / "nowhere.png", tmp_path / "cat" / "cwd.png")
    os.symlink(tmp_path / "gone.png", tmp_path / "dog" / "fd3.png")
    real = os.readlink

    def readlink(path, *a, **k):  # what /proc and /dev/fd do to a process without the rights
        name = os.path.basename(os.fspath(path))
        if name == "cwd.png":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        if name == "fd3.png":
            raise FileNotFoundError(2, "No such file or directory", os.fspath(path))
        return real(path, *a, **k)

    monkeypatch.setattr(os, "readlink", readlink)
    report = scan(tmp_path, decode=False)
    by_name = {os.path.basename(r.path): r for r in report.excluded()}
    assert by_name["cwd.png"].error == "unreadable" and "Permission denied" in by_name["cwd.png"].error_detail
    assert by_name["fd3.png"].error == "unreadable"
    assert report.counts()["train"] == {"cat": 3, "dog": 3}


@pytest.mark.parametrize("root", ["/", "/proc", "/sys", "/dev", "/proc/self"])
def test_system_roots_are_refused_at_once(root: str) -> None:
    if not os.path.isdir(root):
        pytest.skip(f"{root} is not on this system")
    with pytest.raises(DataError) as err:
        scan(root, decode=False)
    assert "not a dataset folder" in str(err.value) and err.value.path == root


def test_a_dataset_on_the_ram_disk_is_not_a_system_folder() -> None:
    import shutil
    import tempfile

    if not os.access("/dev/shm", os.W_OK):
        pytest.skip("no writable /dev/shm")
    root = Path(tempfile.mkdtemp(dir="/dev/shm"))
    try:
        _two_classes(root)
        os.symlink("/dev", root / "cat" / "dev")
        report = scan(root, decode=False)
        assert report.counts()["train"] == {"cat": 3, "dog": 3}
        assert [f.path for f in report.findings if f.code == "system_folder"] == [str(root / "cat" / "dev")]
    finally:
        shutil.rmtree(root)


def test_a_class_folder_linking_to_the_top_of_the_disk_is_not_walked(tmp_path: Path) -> None:
    _two_classes(tmp_path)
    os.symlink("/", tmp_path / "cat" / "everything")
    os.symlink("/proc", tmp_path / "dog" / "proc")
    report = scan(tmp_path, decode=False)
    assert report.counts()["train"] == {"cat": 3, "dog": 3}
    assert not any(r.path.startswith(str(tmp_path / "cat" / "everything") + os.sep)
                   for recs in report.splits.values() for r in recs)
    skipped = [f for f in report.findings if f.code == "system_folder"]
    assert {os.path.basename(f.path) for f in skipped} == {"everything", "proc"}


def test_the_listing_of_a_big_tree_can_be_stopped(tmp_path: Path) -> None:
    """A big folder that is not a dataset (a home folder, /usr: 18 s for 137k entries here) is walked like
    ImageFolder would, so the GUI's Stop must reach the listing, not only the decoding."""
    from dtf_gui.core.cancel import StopToken
    from dtf_gui.core.errors import Cancelled

    _two_classes(tmp_path)
    stop = StopToken()
    stop.stop()
    with pytest.raises(Cancelled):
        scan(tmp_path, decode=False, stop=stop)
