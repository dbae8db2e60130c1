"""UI preferences in QSettings, behind one typed table of keys and defaults (Orange ``canvas/config.py``).

Only preferences live here (window layout, recent files, language). Pipelines and run configs are
documents (JSON files), never settings (STYLE §11).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "dtf_gui"
APPLICATION = "dtf_gui"
MAX_RECENT = 8


@dataclass(frozen=True)
class Key:
    """One preference: its QSettings name, Python type and default."""

    name: str
    type: type
    default: Any
    doc: str = ""


KEYS: dict[str, Key] = {k.name: k for k in (
    Key("window/geometry", QByteArray, QByteArray(), "main window geometry (saveGeometry)"),
    Key("window/state", QByteArray, QByteArray(), "dock/toolbar layout (saveState)"),
    Key("window/tab", int, 0, "the panel shown last"),
    Key("pipeline/outer", QByteArray, QByteArray(), "Pipeline tab: pipelines above / preview below (saveState)"),
    Key("pipeline/top", QByteArray, QByteArray(), "Pipeline tab: palette | pipelines | parameters (saveState)"),
    Key("pipeline/bottom", QByteArray, QByteArray(), "Pipeline tab: preview | checks (saveState)"),
    Key("ui/language", str, "system", "'system', 'en' or 'zh_CN'"),
    Key("data/last_root", str, "", "the dataset folder opened last"),
    Key("data/last_val_root", str, "", "the val folder chosen with it (\"\" = none)"),
    Key("recent/folders", list, [], "recently opened dataset folders, newest first"),
    Key("recent/pipelines", list, [], "recently opened or saved pipeline documents"),
    Key("recent/configs", list, [], "recently opened or saved run configs"),
    Key("preview/samples", int, 1, "rows in the preview strip (augmentation variety)"),
    Key("first_run_done", bool, False, "the demo dataset was opened once"),
    Key("runs/workspace", str, "", "the workspace chosen in the Runs tab (\"\" = the user data folder's runs/)"),
)}


class Settings:
    """Typed access to :data:`KEYS`; unknown keys are a programming error (KeyError)."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings if qsettings is not None else QSettings(ORGANIZATION, APPLICATION)

    def get(self, name: str) -> Any:
        key = KEYS[name]
        raw = self.qsettings.value(name, None)
        if raw is None:
            return _copy(key.default)
        try:
            return _coerce(raw, key.type)
        except (TypeError, ValueError):
            return _copy(key.default)  # a hand-edited or stale value: fall back rather than crash

    def set(self, name: str, value: Any) -> None:
        key = KEYS[name]
        value = _coerce(value, key.type)
        if key.type is list:
            # QSettings stores an empty list as an invalid value in ini files; keep it explicit.
            self.qsettings.setValue(name, list(value) if value else "")
        else:
            self.qsettings.setValue(name, value)

    def add_recent(self, name: str, path: str | Path, limit: int = MAX_RECENT) -> list[str]:
        """Put ``path`` first in a recent-files list (deduplicated, capped); return the new list."""
        path = str(path)
        items = [p for p in self.get(name) if p != path]
        items.insert(0, path)
        items = items[:limit]
        self.set(name, items)
        return items

    def sync(self) -> None:
        self.qsettings.sync()


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else QByteArray(value) if isinstance(value, QByteArray) else value


def _coerce(raw: Any, typ: type) -> Any:
    if typ is bool:
        if isinstance(raw, str):
            if raw.lower() in ("true", "1", "yes"):
                return True
            if raw.lower() in ("false", "0", "no", ""):
                return False
            raise ValueError(raw)
        return bool(raw)
    if typ is int:
        return int(raw)
    if typ is str:
        return str(raw)
    if typ is list:
        if raw in ("", None):
            return []
        if isinstance(raw, str):
            return [raw]  # ini files give a single-item list back as a plain string
        return [str(x) for x in raw]
    if typ is QByteArray:
        return raw if isinstance(raw, QByteArray) else QByteArray(raw)
    raise TypeError(typ)
