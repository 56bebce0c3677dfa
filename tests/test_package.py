"""The package's surface: exports, docstrings, and what importing it costs."""

from __future__ import annotations

import inspect
import subprocess
import sys

import randinspect


def test_all_is_sorted_and_complete() -> None:
    """__all__ is explicit, sorted (constants, classes, functions), and every name exists."""

    def group(name: str) -> tuple[bool, bool, str]:
        return (not name.isupper(), not name[:1].isupper(), name)

    assert sorted(randinspect.__all__, key=group) == randinspect.__all__
    assert all(hasattr(randinspect, name) for name in randinspect.__all__)


def test_every_public_name_has_a_docstring() -> None:
    """Every exported class and function, and every public method, is documented."""
    missing = []
    for name in randinspect.__all__:
        value = getattr(randinspect, name)
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        if not inspect.getdoc(value):
            missing.append(name)
        if inspect.isclass(value):
            for attr, member in vars(value).items():
                if not attr.startswith("_") and inspect.isfunction(member) and not member.__doc__:
                    missing.append(f"{name}.{attr}")
    assert [] == missing


_PROBE = """
import sys
before = set(sys.modules)
import randinspect
new = {m.split(".")[0] for m in set(sys.modules) - before}
print(" ".join(sorted(new)))
"""
_STDLIB = set(sys.stdlib_module_names) | {"_distutils_hack"}


def test_import_pulls_in_only_the_runtime_dependencies() -> None:
    """`import randinspect` loads nothing beyond attrs, dateutil, holidays and the stdlib."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    ).stdout.split()
    third_party = {m for m in out if m not in _STDLIB and not m.startswith("_")}
    assert third_party <= {"randinspect", "attr", "attrs", "dateutil", "holidays", "six"}, (
        third_party
    )
