from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ.get("PYTEST_XDIST_WORKER"):
    # `./dev test` runs one pytest worker per CPU (pytest-xdist): each uses one thread for torch, so the
    # workers share the cores instead of fighting over them (set before anything imports torch)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("MKL_NUM_THREADS", "1")
