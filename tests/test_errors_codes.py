"""Stable error codes: every error the library raises has one, documented, never changed.

The codes live in ``randinspect.errors`` (one table, each code with the class,
the rules it is raised under, and its English and Chinese wording). These
tests read the library's source with ``ast``: every call that builds one of
the library's errors, and the ``rule=`` it passes, followed back to the text
it stands for (a constant, a module constant, a branch of two, a loop over a
table, a classmethod's return, a mapping's values, or a ``rule`` parameter
filled by the helper's callers), so a raise site of a new kind, in any
module, fails here until its (class, rule) pair has a code. The published
codes are held here too, and in docs/errors.md and docs/zh/errors.md.
"""

from __future__ import annotations

import ast
import importlib
import json
import pickle
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

import randinspect
from randinspect import errors
from randinspect.errors import (
    _CODE_OF,
    ERROR_CODES,
    InfeasibleAssignmentError,
    InvalidDateError,
    InvalidRatioError,
    LoadError,
    RandInspectError,
    RuleViolationError,
    ValidationError,
    _code_of,
    _relocated,
)

PACKAGE = Path(randinspect.__file__).resolve().parent
ROOT = PACKAGE.parents[1]

ERROR_CLASSES = {
    name
    for name in errors.__all__
    if isinstance(getattr(errors, name), type)
    and issubclass(getattr(errors, name), RandInspectError)
}
"""The names of the library's error classes."""


# --- reading the raise sites from the source ----------------------------------------------


class UnresolvedError(Exception):
    """A rule expression the scan cannot follow back to text."""


class Inherited:
    """A rule copied from a caught error of the same class: the pair is raised elsewhere."""


INHERITED = Inherited()


class Source:
    """The package's modules, parsed once: each node's parent, and the defs and calls by name."""

    def __init__(self, package: Path = PACKAGE) -> None:
        self.trees: dict[str, ast.Module] = {}
        self.module_of: dict[int, str] = {}
        self.parent: dict[int, ast.AST] = {}
        self.defs: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        self.calls: dict[str, list[ast.Call]] = {}
        self.paths: dict[str, Path] = {}
        self._origin: dict[Any, str] = {}
        self._top = package.parent
        for path in sorted(package.rglob("*.py")):
            parts = path.relative_to(package.parent).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            module = ".".join(parts)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            self.trees[module] = tree
            self.paths[module] = path
            for node in ast.walk(tree):
                self.module_of[id(node)] = module
                for child in ast.iter_child_nodes(node):
                    self.parent[id(child)] = node
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    self.defs.setdefault(node.name, []).append(node)
                elif isinstance(node, ast.Call) and (name := _called(node)) is not None:
                    self.calls.setdefault(name, []).append(node)

    def where(self, node: ast.AST) -> str:
        """``path:line`` of ``node``, relative to the package's parent."""
        module = self.module_of[id(node)]
        path = self.paths[module].relative_to(self._top).as_posix()
        return f"{path}:{getattr(node, 'lineno', 0)}"

    def scopes(self, node: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
        """The functions enclosing ``node``, innermost first."""
        current = self.parent.get(id(node))
        while current is not None:
            if isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef):
                yield current
            current = self.parent.get(id(current))

    def enclosing_class(self, function: ast.AST) -> ast.ClassDef | None:
        """The class ``function`` is a method of, if it is one."""
        parent = self.parent.get(id(function))
        return parent if isinstance(parent, ast.ClassDef) else None

    def error_calls(self) -> Iterator[tuple[str, ast.Call]]:
        """Every call that builds one of the library's errors, with the class's name."""
        for name in sorted(ERROR_CLASSES):
            for call in self.calls.get(name, []):
                yield name, call

    # --- following an expression back to the objects it can be --------------------------

    def objects(self, node: ast.expr, seen: frozenset[Any] = frozenset()) -> list[Any]:
        """Every value ``node`` can stand for (raises :class:`UnresolvedError` if unknown)."""
        if isinstance(node, ast.Constant):
            self._origin.setdefault(node.value, self.where(node))
            return [node.value]
        if isinstance(node, ast.IfExp):
            return self.objects(node.body, seen) + self.objects(node.orelse, seen)
        if isinstance(node, ast.BoolOp):
            return [value for part in node.values for value in self.objects(part, seen)]
        if isinstance(node, ast.Name):
            return self._name(node, seen)
        if isinstance(node, ast.Attribute):
            if node.attr == "rule" and self._caught(node.value) is not None:
                return [INHERITED]
            return [getattr(base, node.attr) for base in self.objects(node.value, seen)]
        if isinstance(node, ast.Subscript):
            return list(_members(self.objects(node.value, seen)))
        if isinstance(node, ast.Call) and (name := _called(node)) in self.defs:
            return self._returns(node, name, seen)
        raise UnresolvedError(f"{self.where(node)}: cannot follow {ast.unparse(node)!r}")

    def _caught(self, node: ast.expr) -> ast.ExceptHandler | None:
        """The ``except ... as name`` handler that binds ``node``, if it is such a name."""
        if not isinstance(node, ast.Name):
            return None
        current = self.parent.get(id(node))
        while current is not None and not isinstance(current, ast.FunctionDef):
            if isinstance(current, ast.ExceptHandler) and current.name == node.id:
                return current
            current = self.parent.get(id(current))
        return None

    def _name(self, node: ast.Name, seen: frozenset[Any]) -> list[Any]:
        for function in self.scopes(node):
            if node.id in _parameters(function):
                return self._parameter(function, node.id, seen)
            assigned = [
                assign.value
                for assign in ast.walk(function)
                if isinstance(assign, ast.Assign | ast.AnnAssign)
                and assign.value is not None
                and any(
                    isinstance(target, ast.Name) and target.id == node.id
                    for target in (
                        assign.targets if isinstance(assign, ast.Assign) else [assign.target]
                    )
                )
                and next(self.scopes(assign), None) is function
            ]
            if assigned:
                return [value for expr in assigned for value in self.objects(expr, seen)]
            looped = self._looped(function, node.id, seen)
            if looped is not None:
                return looped
        module = importlib.import_module(self.module_of[id(node)])
        if not hasattr(module, node.id):
            raise UnresolvedError(f"{self.where(node)}: {node.id!r} is not a module constant")
        value = getattr(module, node.id)
        if isinstance(value, str):
            self._origin.setdefault(value, self.where(node))
        return [value]

    def _may_call(self, call: ast.Call, function: ast.AST) -> bool:
        """Whether ``call`` may call ``function``: a method by attribute, a function by name."""
        if self.enclosing_class(function) is not None:
            return isinstance(call.func, ast.Attribute)
        if isinstance(call.func, ast.Attribute):
            return not (
                isinstance(call.func.value, ast.Name) and call.func.value.id in {"self", "cls"}
            )
        same = self.module_of[id(call)] == self.module_of[id(function)]
        return same or call.func.id in _imported(self.trees[self.module_of[id(call)]])  # type: ignore[attr-defined]

    def _looped(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, name: str, seen: frozenset[Any]
    ) -> list[Any] | None:
        """What ``name`` takes as the target (or a part of it) of a ``for`` in ``function``."""
        for loop in ast.walk(function):
            if not isinstance(loop, ast.For) or next(self.scopes(loop), None) is not function:
                continue
            literal = loop.iter.elts if isinstance(loop.iter, ast.Tuple | ast.List) else None
            if isinstance(loop.target, ast.Name) and loop.target.id == name:
                if literal is not None:
                    return [value for row in literal for value in self.objects(row, seen)]
                return list(_members(self.objects(loop.iter, seen)))
            if isinstance(loop.target, ast.Tuple):
                for index, part in enumerate(loop.target.elts):
                    if not (isinstance(part, ast.Name) and part.id == name):
                        continue
                    if literal is None:
                        return [row[index] for row in _members(self.objects(loop.iter, seen))]
                    if not all(isinstance(row, ast.Tuple) for row in literal):
                        raise UnresolvedError(f"{self.where(loop)}: rows that are not tuples")
                    return [
                        value
                        for row in literal
                        for value in self.objects(row.elts[index], seen)  # type: ignore[attr-defined]
                    ]
        return None

    def _parameter(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, name: str, seen: frozenset[Any]
    ) -> list[Any]:
        key = (id(function), name)
        if key in seen:
            return []
        seen |= {key}
        found: list[Any] = []
        default = _default(function, name)
        if default is not None:
            found.extend(self.objects(default, seen))
        positional = [arg.arg for arg in (*function.args.posonlyargs, *function.args.args)]
        method = self.enclosing_class(function) is not None
        for call in self.calls.get(function.name, []):
            if not self._may_call(call, function):
                continue
            keyword = next((kw for kw in call.keywords if kw.arg == name), None)
            if keyword is not None:
                found.extend(self.objects(keyword.value, seen))
                continue
            if name in positional:
                index = positional.index(name) - (
                    1 if method and isinstance(call.func, ast.Attribute) else 0
                )
                before = call.args[: index + 1]
                if any(isinstance(arg, ast.Starred) for arg in before):
                    raise UnresolvedError(f"{self.where(call)}: {name!r} passed inside *args")
                if index < len(call.args):
                    found.extend(self.objects(call.args[index], seen))
                    continue
            if any(kw.arg is None for kw in call.keywords):
                raise UnresolvedError(f"{self.where(call)}: {name!r} may come in **kwargs")
            if default is None:
                raise UnresolvedError(f"{self.where(call)}: {name!r} is not given")
        return found

    def _returns(self, call: ast.Call, name: str, seen: frozenset[Any]) -> list[Any]:
        found: list[Any] = []
        for function in self.defs[name]:
            if not self._may_call(call, function):
                continue
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Return)
                    and node.value is not None
                    and next(self.scopes(node), None) is function
                ):
                    found.extend(self.objects(node.value, seen))
        return found

    def raised_pairs(self) -> dict[tuple[str, str], list[str]]:
        """Every (class name, rule) pair the source builds, with where each is built.

        A site is the raise site, ``via`` the helper that builds the error
        when the rule is written elsewhere (the text's own place first).
        """
        pairs: dict[tuple[str, str], list[str]] = {}
        for name, call in self.error_calls():
            keyword = next((kw for kw in call.keywords if kw.arg == "rule"), None)
            self._origin = {}
            if keyword is None:
                if any(kw.arg is None for kw in call.keywords):
                    raise UnresolvedError(f"{self.where(call)}: the rule may come in **kwargs")
                rules: list[Any] = [""]
            else:
                rules = self.objects(keyword.value)
            for rule in rules:
                if rule is INHERITED:
                    handler = self._caught(keyword.value.value)  # type: ignore[union-attr]
                    caught = {ast.unparse(handler.type)} if handler and handler.type else set()
                    if name not in caught:
                        raise UnresolvedError(
                            f"{self.where(call)}: copies the rule of another class"
                        )
                    continue
                if type(rule) is not str:
                    raise UnresolvedError(f"{self.where(call)}: a rule that is not text: {rule!r}")
                site = self.where(call)
                origin = self._origin.get(rule, site)
                same_file = origin.rsplit(":", 1)[0] == site.rsplit(":", 1)[0]
                pairs.setdefault((name, rule), []).append(
                    site if same_file else f"{origin} via {site}"
                )
        return pairs


def _imported(tree: ast.Module) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def _members(containers: list[Any]) -> Iterator[Any]:
    for container in containers:
        yield from container.values() if isinstance(container, Mapping) else container


def _called(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    args = function.args
    return {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}


def _default(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> ast.expr | None:
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    for arg, default in zip(
        positional[len(positional) - len(args.defaults) :], args.defaults, strict=True
    ):
        if arg.arg == name:
            return default
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        if arg.arg == name:
            return kw_default
    return None


# --- every raised kind has a code ---------------------------------------------------------


@pytest.fixture(scope="module")
def source() -> Source:
    """The package's source, parsed once for this module's tests."""
    return Source()


def _suggestion(pairs: Mapping[tuple[str, str], list[str]]) -> str:
    lines = ["add to _CODES in src/randinspect/errors.py (and to the docs and PUBLISHED):"]
    for (cls, rule), sites in sorted(pairs.items()):
        lines.append(f'    _kind("RI-...", {cls}, {rule!r}, en=..., zh=...),  # {sites[0]}')
    return "\n".join(lines)


def test_every_raised_error_has_a_code(source: Source) -> None:
    """Each (class, rule) pair a raise site builds is listed in the code table, exactly."""
    listed = {(cls.__name__, rule) for cls, rule in _CODE_OF}
    missing = {pair: sites for pair, sites in source.raised_pairs().items() if pair not in listed}
    assert {} == missing, _suggestion(missing)


def test_the_scan_sees_every_way_a_rule_is_given(source: Source) -> None:
    """The scan follows constants, helpers' parameters, loops, classmethods and mappings.

    Each pair below is given one of those ways (so a scan that stopped
    following it would miss real kinds), and about 200 raise sites are seen.
    """
    pairs = source.raised_pairs()
    assert sum(len(sites) for sites in pairs.values()) >= 200
    for pair in (
        ("InvalidRatioError", "R2.1"),  # a module constant, _RATIO_RULE
        ("InvalidSeedError", "randinspect-draw/1"),  # an imported constant, SPEC_VERSION
        ("ValidationError", "R6"),  # rule="R6" passed to _checks.check_type(..., rule=rule)
        ("InvalidDateError", "R6.5"),  # a loop over _DATE_ORDER into check_order's rule
        ("ValidationError", "003 art. 22"),  # cls._rule(), a classmethod's return
        ("RuleViolationError", "R7.3"),  # public[name], a mapping's values
        ("UnknownIdError", "R4.3"),  # a local name set by a branch of two
        ("InfeasibleAssignmentError", "R4.2, R4.3, R4.5, R4.6"),
    ):
        assert pair in pairs, pair


def test_error_classes_are_only_called_caught_or_checked(source: Source) -> None:
    """Outside errors.py an error class is called, caught, isinstance-checked or annotated.

    So every error is built by a call the scan reads: no class is passed
    around, aliased or subclassed where the scan could not follow it.
    """
    strays = [
        f"{source.where(node)}: {ast.unparse(source.parent[id(node)])}"
        for module, tree in source.trees.items()
        if module != "randinspect.errors"
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id in ERROR_CLASSES and not _plain_use(source, node)
    ]
    assert [] == strays


def _plain_use(source: Source, node: ast.Name) -> bool:
    parent = source.parent[id(node)]
    holder = source.parent.get(id(parent))
    checks = ("isinstance", "issubclass")
    if isinstance(parent, ast.Call) and (
        parent.func is node or (isinstance(parent.func, ast.Name) and parent.func.id in checks)
    ):
        return True
    if isinstance(parent, ast.ExceptHandler) or (
        isinstance(parent, ast.Tuple)
        and (
            isinstance(holder, ast.ExceptHandler)
            or (isinstance(holder, ast.Call) and getattr(holder.func, "id", "") in checks)
        )
    ):
        return True
    current: ast.AST = node
    while (parent := source.parent.get(id(current))) is not None:
        if isinstance(parent, ast.arg | ast.AnnAssign) and parent.annotation is current:
            return True
        if (
            isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef)
            and parent.returns is current
        ):
            return True
        if isinstance(parent, ast.stmt):
            return False
        current = parent
    return False


def test_every_error_class_is_defined_in_errors() -> None:
    """No module defines an error class of its own: the table covers every class there is."""
    for name in sorted(_modules()):
        importlib.import_module(name)
    found, todo = set(), [RandInspectError]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo.extend(cls.__subclasses__())
    library = {cls for cls in found if cls.__module__.startswith("randinspect")}
    assert {getattr(errors, name) for name in ERROR_CLASSES} == library


def _modules() -> set[str]:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_a_new_kind_in_any_module_is_found(tmp_path: Path) -> None:
    """A raise site with a rule no code lists, given directly or through a helper, is reported."""
    package = tmp_path / "fake"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "checks.py").write_text(
        "def check(value, *, rule=''):\n"
        "    if value is None:\n"
        "        raise ValidationError('missing', rule=rule)\n"
        "\n"
        "def refuse(kind):\n"
        "    raise RuleViolationError('no', rule='R9.9' if kind else 'R9.8')\n"
    )
    (package / "use.py").write_text(
        "from fake.checks import check\n"
        "\n"
        "def load(row):\n"
        "    for field, rule in (('a', 'R9.1'), ('b', 'R9.2')):\n"
        "        check(row.get(field), rule=rule)\n"
    )
    pairs = Source(package).raised_pairs()
    assert {
        ("ValidationError", ""),
        ("ValidationError", "R9.1"),
        ("ValidationError", "R9.2"),
        ("RuleViolationError", "R9.8"),
        ("RuleViolationError", "R9.9"),
    } == set(pairs)
    listed = {(cls.__name__, rule) for cls, rule in _CODE_OF}
    assert {pair for pair in pairs if pair not in listed} == set(pairs) - {("ValidationError", "")}


def test_a_rule_the_scan_cannot_follow_fails_loudly(tmp_path: Path) -> None:
    """A rule read from data at run time is not silently skipped: the scan says where it is."""
    package = tmp_path / "opaque"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text(
        "def refuse(row):\n    raise ValidationError('bad', rule=row.pick().rule)\n"
    )
    with pytest.raises(UnresolvedError, match=r"opaque/mod.py:2"):
        Source(package).raised_pairs()


# --- the table itself -----------------------------------------------------------------------

CODE = re.compile(r"RI(-[A-Z0-9]+)+")


def test_codes_are_unique_well_formed_and_name_library_classes() -> None:
    """Each code is RI-WORDS, listed once, of a library class; a pair (class, rule) has one."""
    kinds = [kind for _, kind in errors._CODES]
    assert len(kinds) == len(ERROR_CODES)
    assert all(CODE.fullmatch(kind.code) for kind in kinds)
    assert all(kind.error in ERROR_CLASSES for kind in kinds)
    pairs = [(kind.error, rule) for kind in kinds for rule in kind.rules]
    assert len(pairs) == len(set(pairs)) == len(_CODE_OF)
    assert all(kind.en.endswith(".") and kind.zh.endswith("。") for kind in kinds)


def test_every_error_class_has_a_code_of_its_own() -> None:
    """Each class lists rule "": an error of it with an unlisted rule still has its kind's code."""
    own = {cls.__name__ for cls, rule in _CODE_OF if rule == ""}
    assert ERROR_CLASSES == own


def test_the_table_is_read_only() -> None:
    """ERROR_CODES cannot be changed by a caller, nor can its entries."""
    with pytest.raises(TypeError):
        ERROR_CODES["RI-NEW"] = ERROR_CODES["RI-ERROR"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        ERROR_CODES["RI-ERROR"].zh = "x"  # type: ignore[misc]


PUBLISHED: dict[str, tuple[str, tuple[str, ...]]] = {
    "RI-ERROR": ("RandInspectError", ("",)),
    "RI-VALUE": ("ValidationError", ("",)),
    "RI-ID": ("InvalidIdError", ("", "randinspect-draw/1 ids")),
    "RI-RATIO": ("InvalidRatioError", ("", "R2.1")),
    "RI-SEED": ("InvalidSeedError", ("", "randinspect-draw/1", "randinspect-seed/1")),
    "RI-DATE": ("InvalidDateError", ("",)),
    "RI-DUPLICATE-ID": ("DuplicateIdError", ("",)),
    "RI-RULE": ("RuleViolationError", ("",)),
    "RI-RECORD": ("RecordError", ("", "R7.6")),
    "RI-UNKNOWN-ID": ("UnknownIdError", ("",)),
    "RI-CALENDAR-UNPUBLISHED": ("UnpublishedYearError", ("", "R6")),
    "RI-TEAM-INFEASIBLE": ("InfeasibleAssignmentError", ("", "R4.2, R4.3, R4.5, R4.6")),
    "RI-LOAD": ("LoadError", ("", "R1.1")),
    "RI-REGISTRY-INPUT": ("ValidationError", ("R1.1",)),
    "RI-ROSTER": ("ValidationError", ("R1.3",)),
    "RI-SUBJECT": ("ValidationError", ("R1.4",)),
    "RI-CHECK-ITEMS": ("ValidationError", ("R1.2",)),
    "RI-REGISTRY-STATE": ("ValidationError", ("R1.5",)),
    "RI-GRADE-RATIOS": ("ValidationError", ("R2.1",)),
    "RI-RATIO-EXACT": ("ValidationError", ("R2.2",)),
    "RI-RAISED-RATIO": ("ValidationError", ("R2.3",)),
    "RI-BOOST": ("ValidationError", ("R2.4",)),
    "RI-SCOPE": ("ValidationError", ("R3.1",)),
    "RI-QUALIFICATION": ("ValidationError", ("R3.2",)),
    "RI-PERIODS": ("ValidationError", ("R3.3",)),
    "RI-TEAM": ("ValidationError", ("R4",)),
    "RI-TEAM-SIZE": ("ValidationError", ("R4.2",)),
    "RI-CONFLICT": ("ValidationError", ("R4.3",)),
    "RI-ABSENCE": ("ValidationError", ("R4.4",)),
    "RI-LEADER": ("ValidationError", ("R4.5",)),
    "RI-PLACE": ("ValidationError", ("R4.5, R4.6",)),
    "RI-JOINT": ("ValidationError", ("R4.6",)),
    "RI-ITEMS": ("ValidationError", ("R4.7",)),
    "RI-CAPS": ("ValidationError", ("R5",)),
    "RI-DEPARTMENT-RULE": ("ValidationError", ("R5.2",)),
    "RI-HISTORY": ("ValidationError", ("R5.1",)),
    "RI-AMENDMENT": ("ValidationError", ("R5.6",)),
    "RI-CALENDAR": ("ValidationError", ("R6",)),
    "RI-MONTH-END": ("ValidationError", ("R6.1",)),
    "RI-ROUNDS": ("ValidationError", ("R6.2",)),
    "RI-ITEM-DATES": ("ValidationError", ("R6.4",)),
    "RI-YEAR-OFFSET": ("ValidationError", ("R6.10",)),
    "RI-PUBLICATION": ("ValidationError", ("R7.1",)),
    "RI-CONFIDENTIAL": ("ValidationError", ("R7.2",)),
    "RI-RESULTS": ("ValidationError", ("R7.4",)),
    "RI-ANNUAL-REPORT": ("ValidationError", ("R7.5",)),
    "RI-TRACE": ("ValidationError", ("R7.6",)),
    "RI-RECTIFICATION": ("ValidationError", ("003 art. 22",)),
    "RI-HANDLING": ("ValidationError", ("004 §2(8)",)),
    "RI-DRAW": ("ValidationError", ("randinspect-draw/1",)),
    "RI-FINGERPRINT": ("ValidationError", ("randinspect-fingerprint/1",)),
    "RI-ROSTER-DUPLICATE": ("DuplicateIdError", ("R1.3",)),
    "RI-SUBJECT-DUPLICATE": ("DuplicateIdError", ("R1.4",)),
    "RI-RECORD-DUPLICATE": ("DuplicateIdError", ("R1.5",)),
    "RI-PERIOD-DUPLICATE": ("DuplicateIdError", ("R3.3",)),
    "RI-RESULT-DUPLICATE": ("DuplicateIdError", ("R4.6",)),
    "RI-ITEM-DUPLICATE": ("DuplicateIdError", ("R4.7",)),
    "RI-TASK-DUPLICATE": ("DuplicateIdError", ("R5.1",)),
    "RI-DEADLINE-DUPLICATE": ("DuplicateIdError", ("R6",)),
    "RI-ROUND-DUPLICATE": ("DuplicateIdError", ("R6.2",)),
    "RI-CAMPAIGN-DUPLICATE": ("DuplicateIdError", ("R7.5",)),
    "RI-PERIOD-DATE": ("InvalidDateError", ("R3.3",)),
    "RI-YEAR-DATE": ("InvalidDateError", ("R5.1",)),
    "RI-CALENDAR-DATE": ("InvalidDateError", ("R6",)),
    "RI-WINDOW-DATE": ("InvalidDateError", ("R6.3",)),
    "RI-REPORT-DATE": ("InvalidDateError", ("R6.4",)),
    "RI-FEEDBACK-DATE": ("InvalidDateError", ("R6.5",)),
    "RI-COMMENT-DATE": ("InvalidDateError", ("R6.6",)),
    "RI-PUBLISH-DATE": ("InvalidDateError", ("R6.7",)),
    "RI-PENALTY-DATE": ("InvalidDateError", ("R6.8",)),
    "RI-VIOLATION-DATE": ("InvalidDateError", ("R6.9",)),
    "RI-RECTIFICATION-DATE": ("InvalidDateError", ("002 §5",)),
    "RI-FOLLOW-UP": ("RuleViolationError", ("002 §5",)),
    "RI-RECTIFICATION-RULE": ("RuleViolationError", ("003 art. 22",)),
    "RI-HANDLING-RULE": ("RuleViolationError", ("004 §2(8)",)),
    "RI-SCOPE-ITEMS": ("RuleViolationError", ("R1.2, R3.1",)),
    "RI-RATIO-BELOW-MINIMUM": ("RuleViolationError", ("R2.2",)),
    "RI-RATIO-NOT-RAISED": ("RuleViolationError", ("R2.3",)),
    "RI-BOOST-BELOW": ("RuleViolationError", ("R2.4",)),
    "RI-BOOST-RELIEF": ("RuleViolationError", ("R2.4, R2.5",)),
    "RI-RESULT-SUBJECT": ("RuleViolationError", ("R4.1",)),
    "RI-TEAM-TOO-SMALL": ("RuleViolationError", ("R4.2",)),
    "RI-RECUSAL": ("RuleViolationError", ("R4.3",)),
    "RI-LEADER-RULE": ("RuleViolationError", ("R4.5",)),
    "RI-JOINT-DEPARTMENT": ("RuleViolationError", ("R4.6",)),
    "RI-RESULT-ITEMS": ("RuleViolationError", ("R4.7",)),
    "RI-CAMPAIGN-HISTORY": ("RuleViolationError", ("R5.1, R7.6",)),
    "RI-AMENDMENT-RULE": ("RuleViolationError", ("R5.6",)),
    "RI-CALENDAR-RULE": ("RuleViolationError", ("R6",)),
    "RI-ROUNDS-PERIODS": ("RuleViolationError", ("R6.2, R3.3",)),
    "RI-PENALTY-RULE": ("RuleViolationError", ("R6.8",)),
    "RI-PUBLIC-FIELD": ("RuleViolationError", ("R7.1",)),
    "RI-PUBLIC-REFUSAL": ("RuleViolationError", ("R7.3",)),
    "RI-RESULTS-RULE": ("RuleViolationError", ("R7.4",)),
    "RI-ANNUAL-YEAR": ("RuleViolationError", ("R7.5",)),
    "RI-TRACE-MISMATCH": ("RuleViolationError", ("R7.6",)),
    "RI-SUBJECT-UNKNOWN": ("UnknownIdError", ("R1.4",)),
    "RI-CONFLICT-UNKNOWN": ("UnknownIdError", ("R4.3",)),
    "RI-LEADER-UNKNOWN": ("UnknownIdError", ("R4.5",)),
    "RI-ABSENCE-UNKNOWN": ("UnknownIdError", ("R4.4",)),
    "RI-CONFIDENTIAL-UNKNOWN": ("UnknownIdError", ("R7.2",)),
    "RI-ROSTER-UNKNOWN": ("UnknownIdError", ("R7.6",)),
}
"""Every code as published, with its class and its rules: append-only.

A published code keeps its class, and keeps every rule it was published
with (a new rule text for the same kind, e.g. a new spec version, is added
to it); a new kind gets a new code, added here and in both docs pages."""


def test_published_codes_never_change() -> None:
    """Every published code is still there, of the same class, with at least its rules."""
    changed = {
        code: (error, rules)
        for code, (error, rules) in PUBLISHED.items()
        if code not in ERROR_CODES
        or ERROR_CODES[code].error != error
        or not set(rules) <= set(ERROR_CODES[code].rules)
    }
    assert {} == changed


def test_every_code_is_published() -> None:
    """A new code is published on purpose: listed in PUBLISHED (and so in the docs)."""
    assert list(PUBLISHED) == list(ERROR_CODES)


ROW = re.compile(r"^\| `(RI-[A-Z0-9-]+)` \| `(\w+)` \| (.*?) \| (.*?) \|$", re.MULTILINE)


def _documented(page: str) -> list[tuple[str, str, tuple[str, ...], str]]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    rows = []
    for code, error, rules, wording in ROW.findall(text):
        listed = tuple(re.findall(r"`([^`]*)`", rules)) if rules != "—" else ()
        rows.append((code, error, listed, wording.replace("\\|", "|")))
    return rows


def _table(language: str) -> list[tuple[str, str, tuple[str, ...], str]]:
    return [
        (
            kind.code,
            kind.error,
            tuple(rule for rule in kind.rules if rule),
            getattr(kind, language),
        )
        for kind in ERROR_CODES.values()
    ]


@pytest.mark.parametrize(("page", "language"), [("errors.md", "en"), ("zh/errors.md", "zh")])
def test_the_documented_table_is_the_code_table(page: str, language: str) -> None:
    """docs/errors.md (English) and docs/zh/errors.md (Chinese) list the codes of the table."""
    assert _table(language) == _documented(page)


# --- error.code on the errors themselves ----------------------------------------------------


def _build(cls: type[RandInspectError], rule: str) -> RandInspectError:
    if cls is InfeasibleAssignmentError:
        return cls("no team", certificate=None, rule=rule)
    return cls("is wrong", obj="Plan 'p1'", field="f", value=3, rule=rule, fix="fix it")


@pytest.mark.parametrize(
    ("cls", "rule", "code"),
    [
        (getattr(errors, error), rule, code)
        for code, (error, rules) in PUBLISHED.items()
        for rule in rules
    ],
    ids=[f"{code}:{rule or '-'}" for code, (_, rules) in PUBLISHED.items() for rule in rules],
)
def test_an_error_carries_the_code_of_its_class_and_rule(
    cls: type[RandInspectError], rule: str, code: str
) -> None:
    """error.code is the published code of the error's class and rule, on every published pair."""
    assert code == _build(cls, rule).code


def test_a_rule_no_code_lists_gets_the_code_of_its_class() -> None:
    """An unlisted rule falls back to the class's own code; a subclass to its nearest kind."""

    class DownstreamError(RuleViolationError):
        pass

    assert "RI-VALUE" == ValidationError("x", rule="R99").code
    assert "RI-DATE" == InvalidDateError("x", rule="R6.1").code
    assert "RI-TEAM-INFEASIBLE" == InfeasibleAssignmentError("x", certificate=0, rule="R4.2").code
    assert "RI-TEAM-TOO-SMALL" == DownstreamError("x", rule="R4.2").code
    assert "RI-RULE" == DownstreamError("x", rule="R99").code
    assert "RI-ERROR" == RandInspectError("x").code
    assert "RI-ERROR" == _code_of(RandInspectError, "R99")


def test_the_code_survives_pickling_and_relocation() -> None:
    """The code travels with the error: pickled, unpickled, and re-told from an outer object."""
    error = InvalidRatioError("is not a ratio", obj="Ratios", field="B", value="x", rule="R2.1")
    assert "RI-RATIO" == error.code
    assert "RI-RATIO" == pickle.loads(pickle.dumps(error)).code
    load = LoadError(
        "2 of 9 rows could not be read", problems=("p",), count=2, rows=9, rule="R1.1"
    )
    copied = pickle.loads(pickle.dumps(load))
    assert ("RI-LOAD", ("p",)) == (copied.code, copied.problems)
    outer = _relocated(error, obj="Plan 'p1'", field="ratios")
    assert ("RI-RATIO", "ratios.B") == (outer.code, outer.field)


def test_to_data_is_plain_json_with_the_code() -> None:
    """to_data() gives code, class and parts as JSON-ready text, the value shown as in messages."""
    error = RuleViolationError(
        "ratio for grade B is 3%, below the check item 'elder' minimum of 10%",
        obj="Plan 'p1'",
        field="ratios",
        value=object.__new__(_Hostile),
        rule="R2.2",
        fix="raise it to at least 10%",
    )
    data = error.to_data()
    assert json.loads(json.dumps(data)) == data
    assert ("RI-RATIO-BELOW-MINIMUM", "RuleViolationError") == (data["code"], data["error"])
    assert ("Plan 'p1'", "ratios", "R2.2") == (data["obj"], data["field"], data["rule"])
    assert "<unprintable _Hostile>" == data["value"]
    assert str(error) == data["message"]
    assert RandInspectError("no value").to_data()["value"] is None


class _Hostile:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")
