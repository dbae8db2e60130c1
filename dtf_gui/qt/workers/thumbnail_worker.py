"""Thumbnails for the data panel's grid, decoded on a small thread pool and cached.

The grid asks for a path when a cell is painted; the first ask queues a decode, later asks get the
cached image. Results come back as numpy arrays (plain payloads) and are turned into QPixmaps on the
GUI thread.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

THUMB_PX = 96
CACHE_SIZE = 2000


class _Relay(QObject):
    # path, ndarray HxWx3 uint8 (an empty array when undecodable: never None across threads, which
    # PySide6 has been seen to mis-count references for)
    loaded = Signal(str, object)


class _Decode(QRunnable):
    def __init__(self, path: str, size: int, relay: _Relay) -> None:
        super().__init__()
        self.path, self.size, self.relay = path, size, relay

    def run(self) -> None:
        arr = np.zeros((0, 0, 3), np.uint8)
        try:
            # the training loader's own conversion: 16-bit scaled (not white), alpha composited, EXIF applied
            from dtf_gui.core.data.datasets import load_display

            arr = load_display(self.path, self.size)
            k = self.size // max(arr.shape[:2])
            if k >= 2:  # tiny images (the 32 px demo digits): enlarge by a whole factor, pixels stay crisp
                arr = np.ascontiguousarray(arr.repeat(k, axis=0).repeat(k, axis=1))
        except Exception:
            pass
        try:
            self.relay.loaded.emit(self.path, arr)
        except RuntimeError:  # the loader was deleted while this decode ran
            pass


class ThumbnailLoader(QObject):
    """Lazy, cached, off-thread thumbnail decoding (at most two decoder threads)."""

    loaded = Signal(str)

    def __init__(self, parent: QObject | None = None, size: int = THUMB_PX) -> None:
        super().__init__(parent)
        self.size = size
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._relay = _Relay(self)
        self._relay.loaded.connect(self._on_relay_loaded)
        self._cache: OrderedDict[str, np.ndarray | None] = OrderedDict()
        self._pending: set[str] = set()

    def get(self, path: str) -> np.ndarray | None:
        """The thumbnail if decoded, else None after queueing it (``loaded(path)`` follows)."""
        if path in self._cache:
            self._cache.move_to_end(path)
            return self._cache[path]
        if path not in self._pending:
            self._pending.add(path)
            self._pool.start(_Decode(path, self.size, self._relay))
        return None

    def failed(self, path: str) -> bool:
        return path in self._cache and self._cache[path] is None

    def forget_pending(self) -> None:
        """Drop queued decodes (e.g. the grid switched to another class)."""
        self._pool.clear()
        self._pending.clear()

    def _on_relay_loaded(self, path: str, arr: object) -> None:
        self._pending.discard(path)
        self._cache[path] = arr if isinstance(arr, np.ndarray) and arr.size else None
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        self.loaded.emit(path)

    def shutdown(self) -> None:
        self._pool.clear()
        self._pool.waitForDone()
