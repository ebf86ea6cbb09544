"""The shape of the code, checked: a pure core that never imports Scrapy or Twisted, no import
cycle between modules or between packages, and no module over 400 lines.

The import graph is read from the source (every import, including the ones inside functions
and under TYPE_CHECKING: a cycle that only typing sees is still two modules that cannot be
understood apart)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "crawler"
CORE = "crawler.core"
FRAMEWORKS = ("scrapy", "twisted")
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module name this module imports, absolute."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name if path.name == "__init__.py" else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            for alias in node.names:
                full = f"{base}.{alias.name}"
                names.add(full if full in MODULES else base)
        elif (
            isinstance(node, ast.Call)
            and _called(node.func) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)  # importlib.import_module("scrapy.http") too
    return names


def _called(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _own(target: str) -> str | None:
    """The project module an imported name belongs to (a name inside a module: that module)."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in MODULES.items():
        for target in _imports(name, path):
            own = _own(target) if target.startswith("crawler") else None
            if own and own != name:
                graph[name].add(own)
    return graph


def _package(module: str) -> str:
    # crawler/__init__.py holds the version string and imports nothing: a node of its own,
    # or every package importing the version would be in a loop with the top-level modules.
    if module == "crawler":
        return "crawler.__init__"
    # crawler/settings.py is plain values (Scrapy's settings module), where every default is
    # read from (crawler.runtime.defaults): a leaf of its own, as test_settings_table checks.
    if module == "crawler.settings":
        return module
    return module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    nodes = set(graph) | {n for targets in graph.values() for n in targets}
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_core_never_imports_scrapy_or_twisted() -> None:
    offenders = []
    for name, path in MODULES.items():
        # The demo site counts as pure too: the core's quality evaluation reads its pages.
        if name.startswith((CORE, "crawler.demo")):
            for target in _imports(name, path):
                # scrapy_redis, twisted_xyz: a package built on the framework is the framework
                if target.split(".")[0].startswith(FRAMEWORKS):
                    offenders.append(f"{name} imports {target}")
                own = _own(target) if target.startswith("crawler") else None
                # The bundled demo site is plain Python too (the quality gate reads its pages).
                outside = own and not own.startswith((CORE, "crawler.demo")) and own != "crawler"
                if outside:
                    offenders.append(f"{name} imports the adapter module {own}")
    assert not offenders


def test_no_import_cycle_between_modules() -> None:
    assert _cycles(_graph()) == []


def test_no_import_cycle_between_packages() -> None:
    packages: dict[str, set[str]] = defaultdict(set)
    for module, targets in _graph().items():
        for target in targets:
            mine, theirs = _package(module), _package(target)
            if mine != theirs:
                packages[mine].add(theirs)
    assert _cycles(packages) == []


def test_the_boundary_check_sees_every_import_form(tmp_path: Path) -> None:
    """The check itself: plain, from, relative, lazy, TYPE_CHECKING and importlib imports."""
    module = tmp_path / "probe.py"
    module.write_text(
        "import scrapy.http\n"
        "from twisted.internet import reactor\n"
        "import importlib\n"
        "if TYPE_CHECKING:\n    from scrapy_redis import x\n"
        "def f():\n    importlib.import_module('scrapy.signals')\n    __import__('twisted.web')\n"
    )
    found = _imports("crawler.core.probe", module)
    assert {"scrapy.http", "twisted.internet", "scrapy_redis", "scrapy.signals"} <= found
    assert "twisted.web" in found


def test_the_cycle_check_finds_a_cycle() -> None:
    """The check itself: a two-module loop and a three-package loop are found."""
    assert _cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b"]]
    assert _cycles({"p": {"q"}, "q": {"r"}, "r": {"p"}, "s": {"p"}}) == [["p", "q", "r"]]
    assert _cycles({"a": {"b"}, "b": {"c"}}) == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_400_lines(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines"
