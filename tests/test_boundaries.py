"""The core and the CLI never import Qt: proven in a subprocess where PySide6 and pyqtgraph cannot load."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import textwrap

import dtf_gui.cli
import dtf_gui.core


def _modules(pkg) -> list[str]:
    return [m.name for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")]


def test_core_and_cli_import_without_qt():
    mods = _modules(dtf_gui.core) + _modules(dtf_gui.cli)
    mods = [m for m in mods if not m.endswith("__main__")]
    code = textwrap.dedent(
        f"""
        import importlib, sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6') or name.startswith('dtf_gui.qt'):
                    raise ImportError('blocked Qt import: ' + name)
        sys.meta_path.insert(0, Block())
        for m in {mods!r}:
            importlib.import_module(m)
        from dtf_gui.cli.main import build_parser
        build_parser()
        print('ok', len({mods!r}))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok")


def test_import_linter_contract():
    import shutil

    lint = shutil.which("lint-imports", path=str(__import__("pathlib").Path(sys.executable).parent))
    if lint is None:
        import pytest

        pytest.skip("import-linter not installed")
    out = subprocess.run([lint], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
