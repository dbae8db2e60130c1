"""``dtf export RUN --script DIR``: train.py and split.csv for a run; an existing train.py is kept unless --force."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_runs import make_script_run

from dtf_gui.cli.main import main


@pytest.fixture
def run(tmp_path: Path) -> Path:
    return make_script_run(tmp_path)


def _dtf(capsys, *argv) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_export_script_writes_train_py_and_its_file_list(run, capsys, tmp_path):
    rc, out, err = _dtf(capsys, "export", run, "--script", tmp_path / "script")
    assert rc == 0, err
    assert out.strip().splitlines()[-1] == str(tmp_path / "script")  # the folder, last, as for a bundle
    text = (tmp_path / "script" / "train.py").read_text(encoding="utf-8")
    compile(text, "train.py", "exec")
    assert "class ImageDataset" in text and "CLASSES = ['ant', 'bee']" in text
    rows = (tmp_path / "script" / "split.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "split,class,path" and rows[1] == "train,ant,train/ant/0.png" and len(rows) == 1 + 10


def test_an_existing_train_py_is_kept_without_force(run, capsys, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "train.py").write_text("# my own training script\n", encoding="utf-8")
    rc, _, err = _dtf(capsys, "export", run, "--script", folder)
    assert rc == 1 and "train.py" in err and "--force" in err and "Traceback" not in err
    assert (folder / "train.py").read_text(encoding="utf-8") == "# my own training script\n"
    assert sorted(p.name for p in folder.iterdir()) == ["train.py"]
    rc, _, err = _dtf(capsys, "export", run, "--script", folder, "--force")
    assert rc == 0, err
    assert "class ImageDataset" in (folder / "train.py").read_text(encoding="utf-8")


def test_export_needs_a_bundle_or_a_script_folder(run, capsys):
    rc, _, err = _dtf(capsys, "export", run)
    assert rc == 1 and "--out" in err and "--script" in err


def test_the_script_is_never_written_into_the_run(run, capsys):
    rc, _, err = _dtf(capsys, "export", run, "--script", run / "script", "--force")
    assert rc == 1 and "inside the run folder" in err
    assert not (run / "script").exists()
