"""The machinery of the fuzz test (tests/test_fuzz.py): hostile values, targets, one guarded call.

``test_fuzz.py`` holds the tables that change with the API (one valid value of
every public class, valid arguments of every function and method); this
module holds what does not:

- :data:`HOSTILE`, the fixed list of hostile values, each made fresh for every
  call (a generator is used up once, a list could be changed);
- :func:`targets`, every public callable behind ``randinspect.__all__``,
  dispatched on what each name is (constants, warning categories and errors
  apart); a name of a kind it does not know is returned as such, so that the
  test fails until someone says how to fuzz it;
- :func:`probe`, one call under a 1 s alarm, judged: it returns, or it raises
  a ``RandInspectError`` whose message is non-empty, under 1,000 characters
  and names the argument at fault.

Infinite generators are not among the hostile values: a function that takes
any iterable (``registry``, ``history``, ``roster``, ``off``) has to read it to
validate it, and no bound short of refusing legitimate streams could make it
refuse an endless one within a second. ``MAX_COLLECTION`` in ``_checks`` bounds
memory, not time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import inspect
import math
import re
import reprlib
import signal
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from types import ModuleType
from typing import Any

from randinspect import RandInspectError

LIMIT = 1.0
"""Seconds a call may take: a refusal takes milliseconds (issue 9)."""
LONGEST_MESSAGE = 1000
"""A message must be shorter than this many characters."""


# --- hostile values ------------------------------------------------------------------


class HostileError(Exception):
    """What a hostile value's own ``__repr__``, ``__eq__`` or ``__hash__`` raises."""


class BadRepr:
    """A value whose ``repr()`` raises: a message that shows it must still build."""

    def __repr__(self) -> str:
        raise HostileError("hostile __repr__")


class BadEq:
    """A value whose ``==`` and ``hash()`` raise: check its type before comparing or hashing."""

    def __eq__(self, other: object) -> bool:
        raise HostileError("hostile __eq__")

    def __hash__(self) -> int:
        raise HostileError("hostile __hash__")

    def __repr__(self) -> str:
        return "BadEq()"


def nested(depth: int = 20_000) -> list[Any]:
    """A list nested ``depth`` deep: ``repr()`` of it raises RecursionError."""
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


HUGE = 10**5000  # str() of it raises ValueError (the int-to-text digit limit)
NESTED = nested()  # built once: building it afresh for every call would cost seconds

HOSTILE: tuple[tuple[str, Callable[[], object]], ...] = (
    ("None", lambda: None),
    ("True", lambda: True),
    ("False", lambda: False),
    ("0", lambda: 0),
    ("-1", lambda: -1),
    ("0.5", lambda: 0.5),
    ("3000", lambda: 3000),  # a year no calendar has published
    ("9999", lambda: 9999),
    ("2**63", lambda: 2**63),
    ("10**5000", lambda: HUGE),
    ("nan", lambda: math.nan),
    ("inf", lambda: math.inf),
    ("1e308", lambda: 1e308),
    ("Decimal('NaN')", lambda: Decimal("NaN")),
    ("Decimal('sNaN')", lambda: Decimal("sNaN")),
    ("Fraction(10**5000, 3)", lambda: Fraction(HUGE, 3)),
    ("''", lambda: ""),
    ("' '", lambda: " "),
    ("'x' * 100_000", lambda: "x" * 100_000),
    ("'a|b'", lambda: "a|b"),
    ("'\\x00'", lambda: "\x00"),
    ("'\\ud800'", lambda: "\ud800"),
    ("'2024'", lambda: "2024"),
    ("'2024-13-01'", lambda: "2024-13-01"),
    ("'1e-9999999'", lambda: "1e-9999999"),
    ("'nobody'", lambda: "nobody"),
    ("b'bytes'", lambda: b"bytes"),
    ("bytearray(b'bytes')", lambda: bytearray(b"bytes")),
    ("[]", list),
    ("[[]]", lambda: [[]]),
    ("[{}]", lambda: [{}]),
    ("{}", dict),
    ("{1: 2}", lambda: {1: 2}),
    ("{'k': []}", lambda: {"k": []}),
    ("['nobody']", lambda: ["nobody"]),
    ("('nobody', 'nobody')", lambda: ("nobody", "nobody")),
    ("a list nested 20,000 deep", lambda: NESTED),
    ("object()", object),
    ("BadRepr()", BadRepr),
    ("BadEq()", BadEq),
    ("datetime(2024, 6, 1, 12, 0)", lambda: dt.datetime(2024, 6, 1, 12, 0)),
    ("date.min", lambda: dt.date.min),
    ("date.max", lambda: dt.date.max),
    ("[(date.min, date.max)]", lambda: [(dt.date.min, dt.date.max)]),
    ("a generator", lambda: (n for n in range(3))),
)
"""Label and factory of each hostile value: wrong types, None, NaN, huge numbers, bools
for ints, datetimes for dates, bad strings, unhashables, deep nesting, unknown ids."""


def show(value: object) -> str:
    """A short repr of a generated value for a finding (never fails, never long)."""
    try:
        return reprlib.repr(value)
    except Exception as error:
        return f"<{type(value).__name__} whose repr raises {type(error).__name__}>"


# --- the public callables -----------------------------------------------------------

INSTANCE_DUNDERS = ("__getitem__", "__contains__")
"""The special methods fuzzed like public ones: ``registry[x]``, ``x in period``."""


@dataclasses.dataclass(frozen=True)
class Target:
    """One public callable: a class, an enum, a class method, a method or a function.

    Attributes:
        name: ``"Plan"``, ``"Plan.from_mapping"``, ``"SubjectDraw.fate"``, ``"draw_subjects"``.
        module: The module that defines it, to group findings by owner.
        kind: ``class``, ``enum``, ``classmethod``, ``method`` or ``function``.
        owner: The public class for class members, else ``None``.
        function: The class, class method or function; for ``method``, the plain function.
    """

    name: str
    module: str
    kind: str
    owner: type | None
    function: Callable[..., Any]

    def parameters(self) -> tuple[inspect.Parameter, ...]:
        """The parameters a caller passes (no ``self``; an enum's call takes ``value``)."""
        if self.kind == "enum":
            return (inspect.Parameter("value", inspect.Parameter.POSITIONAL_ONLY),)
        params = tuple(inspect.signature(self.function).parameters.values())
        return params[1:] if self.kind == "method" else params

    def bind(self, receiver: object | None) -> Callable[..., Any]:
        """The callable itself, or for a method the method bound to ``receiver``."""
        if self.kind == "method":
            return getattr(receiver, self.function.__name__)  # type: ignore[no-any-return]
        return self.function


def kind_of(value: object) -> str:
    """What a public name is: constant, warning, error, enum, class, function or unknown."""
    if isinstance(value, str | int | tuple | frozenset | Mapping):
        return "constant"  # a name, a version, a table of names
    if isinstance(value, type):
        if issubclass(value, RandInspectError):
            return "error"
        if issubclass(value, Warning):
            return "warning"
        if issubclass(value, enum.Enum):
            return "enum"
        return "class"
    if inspect.isfunction(inspect.unwrap(value)):  # type: ignore[arg-type]
        return "function"  # a plain function, or one wrapped (lru_cache, a deprecation shim)
    return "unknown"


def targets(package: ModuleType) -> tuple[list[Target], list[str]]:
    """Every public callable with parameters behind ``package.__all__``, and unknown names.

    Constants (str, int), warning categories (the library builds them with its
    own text) and errors (fuzzed by their own test) are not targets. Methods
    without parameters take no input and are left out.
    """
    found: list[Target] = []
    unknown: list[str] = []
    for name in package.__all__:
        value = getattr(package, name)
        kind = kind_of(value)
        if kind == "function":
            found.append(Target(name, value.__module__, "function", None, value))
        elif kind == "enum":
            found.append(Target(name, value.__module__, "enum", value, value))
            found.extend(_members(value))
        elif kind == "class":
            found.append(Target(name, value.__module__, "class", value, value))
            found.extend(_members(value))
        elif kind == "unknown":
            unknown.append(name)
    return [t for t in found if t.parameters()], unknown


def _members(cls: type) -> Iterator[Target]:
    """The public class methods and methods of ``cls`` (and its private randinspect bases)."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("randinspect"):
            continue
        for attribute, member in vars(klass).items():
            if attribute in seen or (
                attribute.startswith("_") and attribute not in INSTANCE_DUNDERS
            ):
                continue
            seen.add(attribute)
            name = f"{cls.__name__}.{attribute}"
            if isinstance(member, classmethod | staticmethod):
                yield Target(name, cls.__module__, "classmethod", cls, getattr(cls, attribute))
            elif inspect.isfunction(member):
                yield Target(name, cls.__module__, "method", cls, member)


def arguments(
    params: tuple[inspect.Parameter, ...], values: Mapping[str, Any]
) -> tuple[list[Any], dict[str, Any]]:
    """Positional and keyword arguments passing ``values`` by parameter name.

    A ``*args`` parameter's value is the tuple of its arguments; parameters
    before it go by position. A ``**kwargs`` parameter's value is the mapping
    of its arguments (a hostile value there is passed as its only one).
    """
    star = any(p.kind is p.VAR_POSITIONAL for p in params)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in params:
        if p.name not in values:
            continue
        if p.kind is p.VAR_POSITIONAL:
            args.extend(values[p.name])
        elif p.kind is p.VAR_KEYWORD:
            given = values[p.name]
            kwargs.update(given if isinstance(given, dict) else {"unit": given})
        elif p.kind is p.POSITIONAL_ONLY or (star and p.kind is p.POSITIONAL_OR_KEYWORD):
            args.append(values[p.name])
        else:
            kwargs[p.name] = values[p.name]
    return args, kwargs


# --- one guarded call ---------------------------------------------------------------------


class Hang(BaseException):
    """The alarm went off. A BaseException, so that no ``except Exception`` swallows it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the block after ``seconds`` (SIGALRM; main thread only)."""

    def alarm(signum: int, frame: object) -> None:
        raise Hang

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclasses.dataclass(frozen=True)
class Finding:
    """One hostile input that broke the promise.

    Attributes:
        module: The module that defines the callable.
        call: The callable, e.g. ``"Plan.from_mapping"``.
        argument: The argument replaced, e.g. ``"year"`` or ``"data['periods']"``.
        value: The hostile value's label.
        kind: ``escaped <Type>``, ``hang``, ``unbuildable message``, ``empty message``,
            ``long message`` or ``field not named``.
        detail: The exception's first line, the time, or the message.
    """

    module: str
    call: str
    argument: str
    value: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.call}({self.argument}={self.value}): {self.kind}: {self.detail}"


def first_line(error: BaseException) -> str:
    """The first line of an exception's text, cut to 160 characters (never fails)."""
    try:
        text = str(error)
    except Exception as inner:
        return f"<str() raises {type(inner).__name__}>"
    lines = text.splitlines() or [""]
    return lines[0][:160]


def names(field: str, text: str) -> bool:
    """Whether ``text`` holds ``field`` as a word, in any case: ``periods[0]`` names periods."""
    pattern = rf"(?<![A-Za-z0-9_]){re.escape(field)}(?![A-Za-z0-9_])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def judge(error: RandInspectError, fields: tuple[str, ...]) -> tuple[str, str] | None:
    """What is wrong with a refusal's message, or ``None``.

    It must name one of ``fields``; with no ``fields``, any name will do.
    """
    try:
        message = str(error)
    except Exception as inner:
        return "unbuildable message", f"str(error) raises {type(inner).__name__}"
    if not message.strip():
        return "empty message", repr(message)
    if len(message) >= LONGEST_MESSAGE:
        return "long message", f"{len(message)} characters: {message[:120]}..."
    field = error.field if isinstance(getattr(error, "field", None), str) else ""
    if fields and not any(names(f, field) or names(f, message) for f in fields):
        return "field not named", f"{type(error).__name__}: {message[:200]}"
    return None


def probe(
    call: Callable[..., Any],
    args: list[Any],
    kwargs: dict[str, Any],
    fields: tuple[str, ...],
    *,
    allowed: tuple[type[BaseException], ...] = (),
    limit: float = LIMIT,
) -> tuple[str, str] | None:
    """Call ``call(*args, **kwargs)`` within ``limit`` s; return what went wrong, or ``None``.

    Python's own refusal to bind the arguments (a missing or unexpected
    keyword) is fine and never reaches the call. Warnings are not judged
    here: calendar warnings are part of the API.
    """
    try:
        inspect.signature(call).bind(*args, **kwargs)
    except TypeError:
        return None
    except ValueError:  # no signature to check (a builtin): call it anyway
        pass
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with time_limit(limit):
                call(*args, **kwargs)
    except Hang:
        return "hang", f"no answer within {limit:g} s"
    except RandInspectError as error:
        verdict = judge(error, fields)
    except allowed:
        verdict = None
    except Exception as error:
        return f"escaped {type(error).__name__}", first_line(error)
    else:
        verdict = None
    elapsed = time.perf_counter() - start
    if elapsed > limit:
        return "hang", f"took {elapsed:.1f} s"
    return verdict


def probe_error(cls: type[RandInspectError], kwargs: dict[str, Any]) -> tuple[str, str] | None:
    """Build an error and its message: never fails, always under :data:`LONGEST_MESSAGE`."""
    try:
        with time_limit(LIMIT):
            message = str(cls(**kwargs))
    except Hang:
        return "hang", f"no message within {LIMIT:g} s"
    except Exception as error:
        return f"escaped {type(error).__name__}", first_line(error)
    if len(message) >= LONGEST_MESSAGE:
        return "long message", f"{len(message)} characters: {message[:120]}..."
    return None
