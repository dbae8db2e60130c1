from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from dtf_gui.qt.settings import KEYS, Settings


def test_defaults_types_and_recent_lists(tmp_path):
    ini = str(tmp_path / "s.ini")
    s = Settings(QSettings(ini, QSettings.Format.IniFormat))
    assert s.get("ui/language") == "system"
    assert s.get("recent/folders") == []
    for p in ["/a", "/b", "/a", *[f"/x{i}" for i in range(10)]]:
        s.add_recent("recent/folders", p)
    s.set("preview/samples", 3)
    s.set("first_run_done", True)
    s.set("window/geometry", QByteArray(b"\x01\x02"))
    s.add_recent("recent/pipelines", "/only.json")
    s.sync()
    again = Settings(QSettings(ini, QSettings.Format.IniFormat))   # read back from the file
    folders = again.get("recent/folders")
    assert folders[0] == "/x9" and len(folders) == 8 and len(set(folders)) == 8
    assert again.get("recent/pipelines") == ["/only.json"]
    assert again.get("preview/samples") == 3 and again.get("first_run_done") is True
    assert bytes(again.get("window/geometry")) == b"\x01\x02"
    assert set(KEYS) >= {"window/geometry", "ui/language", "recent/folders"}
