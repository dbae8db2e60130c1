"""The regression targets CSV: every problem is named (row, column, value, path), a bad row is left out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dtf_gui.core.data.targets import make_regression_datasets, read_targets, scan_regression


def _images(root: Path, names: list[str]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(np.full((8, 8, 3), 10 * i, np.uint8)).save(root / name)


def _by_code(table) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in table.findings:
        out.setdefault(f.code, []).append(f)
    return out


def test_each_problem_of_the_csv_is_named_and_its_row_left_out(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _images(root, ["a.png", "b.png", "c.png", "d.png", "sub/e.png", "stray.png"])
    (tmp_path / "outside.png").write_bytes((root / "a.png").read_bytes())
    (root / "targets.csv").write_text(
        "file,age,height\n"
        "a.png,1.5,10\n"
        "gone.png,2,20\n"          # row 3: missing file
        "b.png,abc,30\n"           # row 4: non-numeric (column age)
        "c.png,3,nan\n"            # row 5: non-finite (column height)
        "../outside.png,4,40\n"    # row 6: outside the folder
        "a.png,5,50\n"             # row 7: duplicate of row 2
        "sub/e.png,6,60\n", encoding="utf-8")
    table = read_targets(root)
    found = _by_code(table)
    assert table.names == ["age", "height"]
    assert [(r.row, Path(r.path).name, r.values) for r in table.rows] == [(2, "a.png", (1.5, 10.0)),
                                                                           (8, "e.png", (6.0, 60.0))]
    assert found["missing_file"][0].msg.params == {"row": 3, "path": "gone.png"}
    assert found["not_numeric"][0].msg.params == {"row": 4, "column": "age", "value": "abc"}
    assert found["not_finite"][0].msg.params == {"row": 5, "column": "height", "value": "nan"}
    assert found["outside_root"][0].msg.params["row"] == 6
    assert found["duplicate"][0].msg.params == {"row": 7, "path": "a.png", "first": 2}
    no_target = found["no_target"][0]  # d.png and stray.png have no row (b.png and c.png have bad ones)
    assert no_target.level == "warning" and sorted(Path(p).name for p in no_target.paths) == ["d.png", "stray.png"]
    assert "gone.png" in str(found["missing_file"][0].msg) and "abc" in str(found["not_numeric"][0].msg)
    assert table.can_train()


def test_bom_split_column_and_several_targets(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _images(root, ["a.png", "b.png", "c.png", "d.png"])
    csv_path = tmp_path / "elsewhere.csv"
    csv_path.write_bytes("\ufefffile,x,split,y\r\na.png,1,train,2\r\nb.png,3,val,4\r\nc.png,5,,6\r\n"
                         "d.png,7,train,8\r\n".encode())
    report = scan_regression(root, csv_path, val_fraction=0.5, seed=0)
    assert report.table.names == ["x", "y"] and report.can_train()
    splits = {Path(rec.path).name: rec.split for rec in report.records}
    assert splits["a.png"] == "train" and splits["b.png"] == "val" and splits["d.png"] == "train"
    train, val, norm = make_regression_datasets(report)
    assert val.samples[0][1].dtype.is_floating_point and tuple(val.samples[0][1].shape) == (2,)
    # the targets are normalised by the train rows' mean and std, and undo gives the CSV's numbers back
    by_name = {Path(p).name: t for p, t in train.samples + val.samples}
    assert norm.undo(by_name["b.png"].double()).tolist() == pytest.approx([3.0, 4.0], rel=1e-6)


def test_a_csv_without_a_file_header_or_missing_blocks_training(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _images(root, ["a.png", "b.png"])
    assert [f.code for f in read_targets(root).findings][:1] == ["csv_missing"]
    (root / "targets.csv").write_text("a.png,1\nb.png,2\n", encoding="utf-8")
    table = read_targets(root)
    assert not table.can_train() and table.findings[0].code == "csv_header"
    assert "a.png,1" in str(table.findings[0].msg)
