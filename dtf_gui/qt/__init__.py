"""The Qt front end (the only place PySide6 and pyqtgraph appear)."""

from dtf_gui.qt._refcount_guard import install as _install_refcount_guard

_install_refcount_guard()  # PySide6 6.12.0 + Python 3.11: see _refcount_guard.py
