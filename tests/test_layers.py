"""The architecture of ../shared/DESIGN.md: layers, no cycles, modules of a readable size.

A module imports only from its own layer or the layers below it, the
imports between modules form no cycle, and no module is much over 900
lines (a big engine is split into private rooms, as ``_staffing`` is).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "randinspect"

LAYERS = {
    "errors": 1,
    "_checks": 2,
    "_values": 2,
    "_plain": 2,
    "_documents": 2,
    "_labels": 2,
    "_plan_rules": 2,
    "_enums": 3,
    "_outcomes": 3,
    "_result": 3,
    "_policies": 3,
    "model": 3,
    "draw": 4,
    "_schedule": 4,
    "_rows": 4,
    "_tablerows": 4,
    "calendar": 4,
    "registry": 5,
    "loading": 5,
    "caps": 5,
    "sampling": 5,
    "streaming": 5,
    "deadlines": 5,
    "results": 5,
    "staffing": 6,
    "_staffing": 6,
    "assignment": 6,
    "campaign": 6,
    "_verdict": 7,
    "_records": 7,
    "reporting": 7,
    "_estimate": 7,
    "disclosure": 7,
    "verify": 7,
    "sql": 7,
    "_verify_staffing": 7,
    "presets": 7,
    "_sqltext": 7,
    "analysis": 7,
    "_analysis_exact": 7,
    "_analysis_checks": 7,
    "_analysis_policy": 7,
    "testing": 8,
    "__init__": 9,
}
"""Each module's layer (DESIGN.md "Layers"); a package's modules share its layer."""

MOST_LINES = 950
"""About 900 lines at the most (DESIGN.md: "no module much over 900 lines")."""


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name below ``randinspect``."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def layer(name: str) -> int:
    """The layer of a dotted module name (a package's modules share the package's)."""
    return LAYERS[name.split(".", maxsplit=1)[0]]


def imports(path: Path) -> set[str]:
    """The randinspect modules ``path`` imports, as dotted names below ``randinspect``."""
    out: set[str] = set()
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "randinspect":  # from randinspect import x
                names = [f"randinspect.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            if name.startswith("randinspect."):
                short = name.removeprefix("randinspect.")
                if short in known:
                    out.add(short)
    return out


def test_every_module_has_a_layer() -> None:
    """A new module is placed in a layer before it lands."""
    assert set() == {name.split(".")[0] for name in modules()} - set(LAYERS)


@pytest.mark.parametrize("name", sorted(modules()))
def test_imports_go_down_never_up(name: str) -> None:
    """A module imports only from its own layer or below (DESIGN.md "Layers")."""
    upward = {other for other in imports(modules()[name]) if layer(other) > layer(name)}
    assert set() == upward


def test_no_module_imports_in_a_circle() -> None:
    """The import graph between modules is acyclic (a depth-first search finds no back edge)."""
    graph = {name: imports(path) - {name} for name, path in modules().items()}
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for other in sorted(graph[name]):
            assert state.get(other) != "open", " -> ".join([*trail, name, other])
            if other not in state:
                visit(other, [*trail, name])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_is_much_over_900_lines(name: str) -> None:
    """One concept per module, readable in one sitting (DESIGN.md, STYLE.md)."""
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MOST_LINES, f"{name} has {lines} lines"
