"""`dtf curate`: relabel and quarantine from the command line, on the app's journal, with undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from dtf_gui.cli.main import main
from dtf_gui.core.data.curate import Curator
from dtf_gui.core.data.scan import scan


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for split, n in (("train", 3), ("val", 1)):
        for k, cls in enumerate(("cat", "dog")):
            (tmp_path / "pets" / split / cls).mkdir(parents=True)
            for i in range(n):
                Image.new("RGB", (8, 8), (40 * k, 20 * i, 100)).save(tmp_path / "pets" / split / cls / f"{i}.png")
    return tmp_path / "pets"


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_move_quarantine_list_and_undo_leave_the_dataset_as_it_was(root: Path, capsys) -> None:
    before = _files(root)
    cat0 = root / "train" / "cat" / "0.png"
    assert main(["curate", str(root), "--move", str(cat0), "dog"]) == 0
    out, err = capsys.readouterr()
    assert "cat -> dog" in out and "dtf scan" in err
    assert not cat0.exists() and (root / "train" / "dog" / "0-1.png").read_bytes() == before["train/cat/0.png"]
    assert scan(root).counts()["train"] == {"cat": 2, "dog": 4}           # relabelled, nothing overwritten
    assert main(["curate", str(root), "--quarantine", str(root / "val" / "dog" / "0.png"),
                 "--reason", "blurry", "--json"]) == 0
    q = json.loads(capsys.readouterr().out)
    assert q["kind"] == "quarantine" and q["reason"] == "blurry"
    assert Path(q["dst"]) == root.with_name("pets.quarantine") / "val" / "dog" / "0.png"

    assert main(["curate", str(root)]) == 0                                 # newest first
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "quarantine" in lines[0] and "cat -> dog" in lines[1]
    assert main(["curate", str(root), "--undo", "last"]) == 0
    assert "quarantine -> dog" in capsys.readouterr().out
    first = Curator(root).pending_moves()[0].id
    assert main(["curate", str(root), "--undo", first[:6]]) == 0
    capsys.readouterr()
    assert _files(root) == before                                           # byte-identical again
    assert main(["curate", str(root), "--history"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4                  # 2 moves + 2 undos, oldest first


def test_a_move_made_in_the_app_can_be_undone_here(root: Path, capsys) -> None:
    rec = Curator(root).quarantine(root / "train" / "dog" / "2.png")     # what the gallery calls
    assert main(["curate", str(root), "--undo", rec.id]) == 0
    assert (root / "train" / "dog" / "2.png").is_file()


def test_mistakes_are_one_clear_line(root: Path, tmp_path: Path, capsys) -> None:
    assert main(["curate", str(root), "--undo", "last"]) == 1
    assert "Nothing to undo" in capsys.readouterr().err
    assert main(["curate", str(root), "--move", str(root / "train" / "cat" / "0.png"), "cat"]) == 1
    assert "already in class 'cat'" in capsys.readouterr().err
    assert main(["curate", str(root), "--move", str(root / "train" / "cat" / "9.png"), "dog"]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["curate", str(root), "--move", str(root / "train" / "cat" / "1.png"), "a/b"]) == 1
    assert "cannot be a class folder name" in capsys.readouterr().err
    assert main(["curate", str(tmp_path / "nope")]) == 1
    assert "does not exist" in capsys.readouterr().err
    main(["curate", str(root), "--move", str(root / "train" / "cat" / "1.png"), "dog"])
    rec = Curator(root).pending_moves()[0]
    main(["curate", str(root), "--undo", rec.id])
    capsys.readouterr()
    assert main(["curate", str(root), "--undo", rec.id]) == 1
    assert "Nothing to undo" in capsys.readouterr().err
