"""Import boundaries: core and CLI never import Qt; core's layers (STYLE.md section 1) hold; no import cycles."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

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


def test_dtf_help_loads_no_torch():
    """`dtf --help` answers fast: the sub-commands import torch, torchvision and sklearn only when they run."""
    code = textwrap.dedent(
        """
        import sys
        from dtf_gui.cli.main import build_parser
        build_parser()
        print(sorted(m for m in ('torch', 'torchvision', 'sklearn') if m in sys.modules))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


REPO = Path(__file__).resolve().parents[1]


def _lint_imports(contract: str) -> subprocess.CompletedProcess:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.skip("import-linter not installed")
    return subprocess.run([lint, "--contract", contract, "--no-cache"], capture_output=True, text=True,
                          timeout=300, cwd=REPO)


@pytest.mark.parametrize("contract", ["no-qt", "core-layers", "models-layers"])
def test_import_linter_contract(contract):
    """pyproject's contracts: no Qt in core/cli; core's layers (STYLE.md section 1); models' build on top."""
    out = _lint_imports(contract)
    assert out.returncode == 0, out.stdout + out.stderr


def _cycles(graph, package: str) -> list[list[str]]:
    """Strongly connected components (more than one module) of ``package``'s import graph (Tarjan)."""
    mods = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    inside = set(mods)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & inside) for m in mods}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in mods:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = len(index)
                stack.append(v)
                on_stack.add(v)
            if i < len(edges[v]):
                work.append((v, i + 1))
                w = edges[v][i]
                if w not in index:
                    work.append((w, 0))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return found


def test_no_import_cycle_in_core():
    """No two core modules import each other, directly or round a loop (function-local imports count)."""
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("dtf_gui", cache_dir=None)
    assert _cycles(graph, "dtf_gui.core") == []


def test_cycle_finder_finds_a_loop():
    grimp = pytest.importorskip("grimp")
    graph = grimp.ImportGraph()
    for a, b in [("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d"), ("p.d", "p.e")]:
        graph.add_import(importer=a, imported=b)
    assert _cycles(graph, "p") == [["p.a", "p.b", "p.c"]]


def test_benchmarks_of_core_use_cases_import_no_qt():
    """bench/*.py (except the GUI benches, gui_*.py) import only the core: what they time runs without Qt.

    Their direct imports are checked here; the no-qt contract covers everything dtf_gui.core imports.
    """
    import ast

    bad = []
    for path in sorted((REPO / "bench").glob("*.py")):
        if path.name.startswith("gui_"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            bad += [f"{path.name}: {n}" for n in names
                    if n.split(".")[0] in ("PySide6", "pyqtgraph") or n == "dtf_gui.qt" or n.startswith("dtf_gui.qt.")]
    assert bad == []
