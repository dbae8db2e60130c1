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


def test_relabel_from_a_sub_folder_and_a_loose_file(root: Path, capsys) -> None:
    (root / "train" / "cat" / "batch1").mkdir()
    src = root / "train" / "cat" / "batch1" / "7.png"
    src.write_bytes((root / "train" / "cat" / "0.png").read_bytes())
    assert main(["curate", str(root), "--move", str(src), "dog"]) == 0
    assert "cat -> dog" in capsys.readouterr().out
    moved = root / "train" / "dog" / "batch1" / "7.png"
    assert {r.path: r.label for r in scan(root, decode=False).splits["train"]}[str(moved)] == "dog"
    loose = root / "train" / "x.png"
    loose.write_bytes(b"loose")
    before = _files(root)
    assert main(["curate", str(root), "--move", str(loose), "dog"]) == 1
    assert "not an image the scan uses" in capsys.readouterr().err
    assert _files(root) == before and not (root / "dog").exists()


def test_a_forged_record_is_refused_and_said_so(root: Path, tmp_path: Path, capsys) -> None:
    import hashlib

    outside = tmp_path / "outside"
    (outside / "empty").mkdir(parents=True)
    (outside / "secret.png").write_bytes(b"not yours")
    forged = {"id": "deadbeef" * 4, "op": "move", "kind": "quarantine", "src": str(root / "train" / "cat" / "s.png"),
              "dst": str(outside / "secret.png"), "root": str(root), "label_from": "cat", "label_to": None,
              "sha1": hashlib.sha1(b"not yours").hexdigest(), "size": 9, "method": "rename", "time": "2024-01-01",
              "created_dirs": [str(outside / "empty")]}
    Curator(root).log_path.write_text(json.dumps(forged) + "\n", encoding="utf-8")
    before = _files(root)
    assert main(["curate", str(root), "--undo", "deadbeef"]) == 1
    err = capsys.readouterr().err
    assert "Refused journal record deadbeef" in err and "outside the dataset" in err
    assert (outside / "secret.png").read_bytes() == b"not yours" and (outside / "empty").is_dir()
    assert _files(root) == before


def test_a_broken_journal_line_is_a_warning_and_later_moves_can_be_undone(root: Path, capsys) -> None:
    Curator(root).log_path.write_text('{"id": "cut short', encoding="utf-8")
    assert main(["curate", str(root), "--move", str(root / "train" / "cat" / "0.png"), "dog", "--json"]) == 0
    moved = json.loads(capsys.readouterr().out)
    assert main(["curate", str(root), "--history"]) == 0
    out, err = capsys.readouterr()
    assert moved["id"][:8] in out and "line(s) that cannot be read: 1" in err
    assert main(["curate", str(root), "--undo", moved["id"]]) == 0
    assert (root / "train" / "cat" / "0.png").is_file()


def test_names_that_are_not_utf8_or_hold_escape_codes_print_safely(root: Path, capsys) -> None:
    import base64
    import os

    raw = os.path.join(os.fsencode(root / "train" / "cat"), b"caf\xe9.png")
    try:
        with open(raw, "wb") as fh:
            fh.write(b"bytes")
    except OSError:
        pytest.skip("this file system refuses file names that are not UTF-8")
    evil = "\x1b[2Jevil"
    assert main(["curate", str(root), "--move", os.fsdecode(raw), evil]) == 0
    out = capsys.readouterr().out
    assert "caf\\xe9.png" in out and "\x1b" not in out and "\\x1b[2Jevil" in out
    assert main(["curate", str(root), "--history", "--json"]) == 0
    line = capsys.readouterr().out.encode("utf-8").decode("utf-8")    # valid UTF-8 ...
    rec = json.loads(line)                                               # ... and valid JSON
    assert base64.b64decode(rec["src_b64"]) == raw                       # the exact bytes, losslessly
    assert main(["curate", str(root), "--undo", "last"]) == 0
    capsys.readouterr()
    with open(raw, "rb") as fh:
        assert fh.read() == b"bytes"


def test_the_file_system_root_is_a_clear_error(capsys) -> None:
    assert main(["curate", "/"]) == 1
    assert "has no folder name" in capsys.readouterr().err


def test_history_piped_into_head_exits_quietly(root: Path) -> None:
    import os
    import subprocess
    import sys

    rec = {"id": "0" * 32, "op": "move", "kind": "class", "src": str(root / "train" / "cat" / "0.png"),
           "dst": str(root / "train" / "dog" / "0.png"), "root": str(root), "label_from": "cat", "label_to": "dog",
           "sha1": "0" * 40, "size": 1, "method": "rename", "time": "2024-01-01T00:00:00", "created_dirs": []}
    lines = [json.dumps(dict(rec, id=f"{i:032x}")) for i in range(3000)]     # far more than a pipe holds
    Curator(root).log_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.Popen([sys.executable, "-m", "dtf_gui.cli", "curate", str(root), "--history", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    first = proc.stdout.readline()
    proc.stdout.close()                                   # what `| head -1` does
    err = proc.stderr.read().decode()
    rc = proc.wait(timeout=60)
    assert json.loads(first)["op"] == "move"
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err
    assert rc == 0
