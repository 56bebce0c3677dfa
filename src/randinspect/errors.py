"""The exception hierarchy of randinspect.

Every error the library raises derives from :class:`RandInspectError`, and
each subclass also derives from the matching built-in (``ValueError``,
``TypeError`` or ``LookupError``), so ``except ValueError`` keeps working for
callers who do not know randinspect.

A message names the object and field, the rule it enforces (an R-number of
the rulebook where one applies), the value received and the fix, and the same
facts are attributes of the exception for programs that handle it.

Every error also has a stable code (``error.code``, e.g. ``"RI-RATIO"``) that
names its kind: its class and the rule it enforces. :data:`ERROR_CODES` lists
every code with its wording in English and Chinese, so a back end can show
its own message (in Chinese, say) from the code and the facts, never parsing
the English message. A code, once published, never changes its meaning.
"""

from __future__ import annotations

import copy
import types
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

__all__ = [
    "ERROR_CODES",
    "DuplicateIdError",
    "ErrorCode",
    "InfeasibleAssignmentError",
    "InvalidDateError",
    "InvalidIdError",
    "InvalidRatioError",
    "InvalidSeedError",
    "LoadError",
    "RandInspectError",
    "RecordError",
    "RuleViolationError",
    "UnknownIdError",
    "UnpublishedYearError",
    "ValidationError",
]

_NO_VALUE: Any = object()

MAX_MESSAGE = 999
"""The longest message an error carries, in characters: every part is cut to fit."""

_VALUE_LIMIT = 240
"""The most characters of a value a message shows before it is cut with an ellipsis."""
_ITEM_LIMIT = 24
"""The most members of a collection a message shows."""
_DEPTH_LIMIT = 6
"""The deepest nesting a message shows; deeper members are written ``…``."""
_INT_BITS_LIMIT = 1024
"""Ints longer than this are described by their size, not written out (int-to-text is
quadratic and refused by Python beyond 4,300 digits)."""
_SUFFIX_LIMIT = 40
"""Room after a cut value for its size, e.g. ``(100,000 characters)``."""
_ELLIPSIS = "\u2026"

# How much of each part a message keeps: generous first, tight when the whole is too long.
_LOOSE = {"obj": 200, "field": 200, "problem": 600, "value": _VALUE_LIMIT, "rule": 100, "fix": 600}
_TIGHT = {"obj": 100, "field": 80, "problem": 240, "value": 160, "rule": 40, "fix": 240}


class RandInspectError(Exception):
    """The root of every error randinspect raises.

    Building one never fails, whatever it is given: a part that is not text is
    written as text, a value whose ``repr`` fails or would be huge (an int of
    5,000 digits, a list nested 20,000 deep, a 100,000-character id) is shown
    in part, cut with an ellipsis, and the whole message stays under 1,000
    characters. The attributes keep what was given, uncut.

    Attributes:
        problem: What is wrong, e.g. ``"is not a ratio"``.
        obj: The object the error is about, e.g. ``"Plan 'p1'"`` (may be empty).
        field: The field or argument at fault (may be empty).
        value: The value received, as given (``None`` when there is none to show).
        rule: The rule enforced, e.g. ``"R2.2"`` (may be empty).
        fix: What to do about it.
        code: The stable code of the error's kind, e.g. ``"RI-RATIO"``: a key of
            :data:`ERROR_CODES`, found from the class and the rule (a class or
            rule the table does not list gets the code of the nearest class
            it derives from, ``"RI-ERROR"`` at the root).
    """

    def __init__(
        self,
        problem: str,
        *,
        obj: str = "",
        field: str = "",
        value: Any = _NO_VALUE,
        rule: str = "",
        fix: str = "",
    ) -> None:
        self.problem = _text(problem)
        self.obj = _text(obj)
        self.field = _text(field)
        self.value = None if value is _NO_VALUE else value
        self.rule = _text(rule)
        self.fix = _text(fix)
        self._has_value = value is not _NO_VALUE
        super().__init__(self._compose())

    @property
    def code(self) -> str:
        """The stable code of the error's kind: its class and rule (see :data:`ERROR_CODES`)."""
        return _code_of(type(self), self.rule)

    def to_data(self) -> dict[str, Any]:
        """The error as plain JSON-ready data, for a back end to render in its own words.

        ``value`` is shown as the message shows it (its ``repr``, cut to fit),
        or ``None`` when the error has no value; ``message`` is the English
        message. Look the code up in :data:`ERROR_CODES` for its wording.
        """
        return {
            "code": self.code,
            "error": type(self).__name__,
            "problem": self.problem,
            "obj": self.obj,
            "field": self.field,
            "value": _shown(self.value) if self._has_value else None,
            "rule": self.rule,
            "fix": self.fix,
            "message": str(self),
        }

    def _compose(self) -> str:
        value = self.value if self._has_value else _NO_VALUE
        parts = (self.problem, self.obj, self.field, value, self.rule, self.fix)
        text = _compose(*parts, limits=_LOOSE)
        if len(text) > MAX_MESSAGE:
            text = _compose(*parts, limits=_TIGHT)
        return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + _ELLIPSIS

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle as ``cls(*args)``, which keyword-only parts defeat.
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _rebuild(cls: type[RandInspectError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


def _relocated(error: RandInspectError, *, obj: str, field: str) -> RandInspectError:
    """``error`` as raised inside ``obj``'s field ``field`` (for nested values).

    An error about a period read inside a plan says ``Plan 'p1' field
    'periods[0].end'`` instead of ``Period field 'end'``: the same class, problem,
    value, rule, fix and code, with the path of the outer object in front.
    """
    clone: RandInspectError = copy.copy(error)
    clone.obj = _text(obj)
    clone.field = f"{_text(field)}.{error.field}" if error.field else _text(field)
    clone.args = (clone._compose(),)
    return clone


def _compose(  # noqa: PLR0917  # the six parts of a message, in their order
    problem: str, obj: str, field: str, value: Any, rule: str, fix: str, *, limits: dict[str, int]
) -> str:
    obj, field = _cut(obj, limits["obj"]), _cut(field, limits["field"])
    where = " ".join(part for part in (obj, f"field {field!r}" if field else "") if part)
    problem = _cut(problem, limits["problem"])
    text = f"{where}: {problem}" if where else problem
    if value is not _NO_VALUE:
        text += f" (got {_shown(value, limit=limits['value'])})"
    if rule:
        text += f" [{_cut(rule, limits['rule'])}]"
    if fix:
        text += f"; {_cut(fix, limits['fix'])}"
    return text


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + _ELLIPSIS


def _text(part: object) -> str:
    """A message part as plain ``str``: text as is (a subclass as its plain value), else shown."""
    if type(part) is str:
        return part
    if isinstance(part, str):
        return str.__str__(part)
    return _shown(part)


def _shown(value: object, *, limit: int = _VALUE_LIMIT) -> str:
    """Write ``value`` for a message: its ``repr``, cut to about ``limit`` characters.

    Never raises and never takes long: collections show their first members
    down to a few levels, huge ints their size, and a value whose ``repr``
    fails its type. Used by every message the library builds.
    """
    try:
        text = _render(value, limit, _DEPTH_LIMIT)
    except Exception:  # a hostile __repr__, __iter__ or __len__
        text = f"<unprintable {_type_name(value)}>"
    return _cut(text, limit + _SUFFIX_LIMIT)


def _type_name(value: object) -> str:
    name = type(value).__name__
    return name if type(name) is str else "object"


_SEQUENCES: dict[type, tuple[str, str]] = {list: ("[", "]"), tuple: ("(", ")")}


def _render(value: object, limit: int, depth: int) -> str:
    kind = type(value)
    if kind is str or kind is bytes:
        text: str | bytes = value  # type: ignore[assignment]
        if len(text) <= limit:
            return repr(text)
        return f"{text[:limit]!r}{_ELLIPSIS} ({len(text):,} characters)"
    if kind is int:
        number: int = value  # type: ignore[assignment]
        if number.bit_length() <= _INT_BITS_LIMIT:
            return repr(number)
        return f"<int of about {int(number.bit_length() * 0.30103) + 1:,} digits>"
    if kind is Fraction:
        ratio: Fraction = value  # type: ignore[assignment]
        if max(ratio.numerator.bit_length(), ratio.denominator.bit_length()) <= _INT_BITS_LIMIT:
            return repr(ratio)
        numerator = _render(ratio.numerator, limit, depth)
        return f"Fraction({numerator}, {_render(ratio.denominator, limit, depth)})"
    if kind in _SEQUENCES or kind is set or kind is frozenset or kind is dict:
        return _render_collection(value, limit, depth)
    if isinstance(value, Mapping):  # FrozenMap and friends: their repr may nest deep
        return f"{_type_name(value)}({_render_collection(value, limit, depth)})"
    return _cut(repr(value), limit)


def _render_collection(value: Any, limit: int, depth: int) -> str:
    kind = type(value)
    if not value:
        return "{}" if isinstance(value, Mapping) else repr(value)
    if depth <= 0:
        return _ELLIPSIS
    pairs = isinstance(value, Mapping)
    members = iter(value.items() if pairs else value)
    shown: list[str] = []
    size = 0
    for index, member in enumerate(members):
        if index >= _ITEM_LIMIT or size > limit:
            shown.append(f"{_ELLIPSIS} {len(value) - index:,} more")
            break
        if pairs:
            key, item = member
            text = f"{_render(key, limit, depth - 1)}: {_render(item, limit, depth - 1)}"
        else:
            text = _render(member, limit, depth - 1)
        shown.append(text)
        size += len(text) + 2
    inner = ", ".join(shown)
    if kind is tuple and len(value) == 1:
        return f"({inner},)"
    if kind in _SEQUENCES:
        opening, closing = _SEQUENCES[kind]
        return f"{opening}{inner}{closing}"
    if kind is frozenset:
        return f"frozenset({{{inner}}})"
    return f"{{{inner}}}"


class ValidationError(RandInspectError, ValueError):
    """A value is malformed or breaks a rule of the rulebook."""


class InvalidIdError(ValidationError):
    """An id is empty, or holds ``|`` or a control character (randinspect-draw/1)."""


class InvalidRatioError(ValidationError):
    """A sampling ratio cannot be read exactly, or lies outside 0%..100% (R2)."""


class InvalidSeedError(ValidationError):
    """A seed is not exactly 32 bytes written as 64 hexadecimal characters."""


class InvalidDateError(ValidationError, TypeError):
    """A date field got a ``datetime`` or a non-date, or dates run backwards."""


class DuplicateIdError(ValidationError):
    """Two objects in one collection share an id."""


class RuleViolationError(ValidationError):
    """Values that are each well-formed break a rule together (e.g. R2.2, R4.2)."""


class RecordError(ValidationError):
    """A stored record cannot be read (R7.6).

    A field is missing or of the wrong type, or the record follows another
    spec version than this release implements.
    """


class UnknownIdError(RandInspectError, LookupError):
    """A reference names an id that the collection it refers to does not hold."""


class UnpublishedYearError(RandInspectError, LookupError):
    """A date falls in a year whose official holiday schedule is not known (R6).

    China's State Council publishes each year's holidays and make-up working
    days late in the year before; randinspect never guesses them.
    """


class InfeasibleAssignmentError(RuleViolationError):
    """No assignment of inspectors meets the team rules; the certificate shows why (R4).

    Raised only when no valid assignment exists at all, never because a search
    gave up. The certificate is a Hall-type obstruction: a set of places on
    some tasks that need more inspectors than those able to fill them can
    give, with the reason every other roster inspector cannot help.

    Attributes:
        certificate: The obstruction, a ``randinspect.assignment.Infeasibility``
            (its ``explain()`` spells it out).
    """

    def __init__(
        self,
        problem: str,
        *,
        certificate: Any,
        obj: str = "",
        field: str = "",
        value: Any = _NO_VALUE,
        rule: str = "",
        fix: str = "",
    ) -> None:
        super().__init__(problem, obj=obj, field=field, value=value, rule=rule, fix=fix)
        self.certificate = certificate


class LoadError(ValidationError):
    """Some rows of a bulk load could not be read; ``problems`` names each (up to a cap).

    Raised by :func:`~randinspect.loading.load_registry` and its siblings once
    every row has been read, so one error lists every bad row.

    Attributes:
        problems: The bad rows (``randinspect.loading.RowProblem``), in row order.
        count: How many rows could not be read in all (``problems`` may be capped).
        rows: How many rows were read.
    """

    def __init__(
        self,
        problem: str,
        *,
        problems: Any = (),
        count: Any = 0,
        rows: Any = 0,
        obj: str = "",
        field: str = "",
        value: Any = _NO_VALUE,
        rule: str = "",
        fix: str = "",
    ) -> None:
        super().__init__(problem, obj=obj, field=field, value=value, rule=rule, fix=fix)
        self.problems = problems
        self.count = count
        self.rows = rows


# --- stable error codes -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ErrorCode:
    """One stable error code: the kind of error it names, in English and in Chinese.

    A code names a class of error and the rules it is raised under; the
    error's ``obj``, ``field``, ``value`` and ``fix`` say which one. Codes are
    published in ``docs/errors.md`` and never change meaning: a new kind of
    error gets a new code, and a code's class and rules stay.

    Attributes:
        code: The code, e.g. ``"RI-RATIO"``.
        error: The name of the class raised with it, e.g. ``"InvalidRatioError"``.
        rules: The ``rule`` texts the library raises it with; ``""`` marks the
            class's own code, for an error of the class with no rule or with a
            rule no other code lists.
        en: What it means, in English.
        zh: What it means, in Chinese (简体中文).
    """

    code: str
    error: str
    rules: tuple[str, ...]
    en: str
    zh: str


_E = RandInspectError
_V = ValidationError
_DUP = DuplicateIdError
_DATE = InvalidDateError
_RULE = RuleViolationError
_UNKNOWN = UnknownIdError


def _kind(
    code: str, cls: type[RandInspectError], *rules: str, en: str, zh: str
) -> tuple[type[RandInspectError], ErrorCode]:
    return cls, ErrorCode(code=code, error=cls.__name__, rules=rules, en=en, zh=zh)


# Every (class, rule) pair the library raises has a code here: tests/test_errors_codes.py
# reads each raise site's class and rule from the source and fails on a pair not listed.
# Append new codes (or a new rule to the code of the same kind); never change or drop one.
_CODES: tuple[tuple[type[RandInspectError], ErrorCode], ...] = (
    # Each class's own code: an error of the class that no code below names.
    _kind("RI-ERROR", _E, "",
          en="An error of randinspect that no more specific code names.",
          zh="randinspect 的错误，没有更具体的代码。"),
    _kind("RI-VALUE", _V, "",
          en="A value has the wrong type, form or range.",
          zh="取值的类型、格式或范围不正确。"),
    _kind("RI-ID", InvalidIdError, "", "randinspect-draw/1 ids",
          en=("An id is not text, is empty, or holds '|', a control character or a lone "
              "surrogate."),
          zh="编号不是文本、为空，或含有“|”、控制字符或孤立代理字符。"),
    _kind("RI-RATIO", InvalidRatioError, "", "R2.1",
          en=("A sampling ratio cannot be read exactly, is ambiguous, or lies outside 0%..100% "
              "(R2.1)."),
          zh="抽查比例无法精确读取、有歧义，或不在 0%～100% 之间（R2.1）。"),
    _kind("RI-SEED", InvalidSeedError, "", "randinspect-draw/1", "randinspect-seed/1",
          en=("A seed is not 32 bytes written as 64 hexadecimal characters, or cannot be "
              "derived."),
          zh="随机种子不是以 64 个十六进制字符写出的 32 字节，或无法派生。"),
    _kind("RI-DATE", _DATE, "",
          en="A date field got a datetime, text that is not an ISO date, or no date at all.",
          zh="日期字段收到的是带时刻的 datetime、不是 ISO 日期的文本，或根本不是日期。"),
    _kind("RI-DUPLICATE-ID", _DUP, "",
          en="Two members of one collection share an id.",
          zh="同一集合中有两个成员编号相同。"),
    _kind("RI-RULE", _RULE, "",
          en="Values that are each well-formed break a rule together.",
          zh="各项取值本身合法，合在一起却违反规则。"),
    _kind("RI-RECORD", RecordError, "", "R7.6",
          en=("A stored record cannot be read, follows another spec version, or does not "
              "verify (R7.6)."),
          zh="存档记录无法读取、规范版本不符，或核验不通过（R7.6）。"),
    _kind("RI-UNKNOWN-ID", _UNKNOWN, "",
          en="A reference names an id that the collection it refers to does not hold.",
          zh="引用的编号在所指的集合中不存在。"),
    _kind("RI-CALENDAR-UNPUBLISHED", UnpublishedYearError, "", "R6",
          en="A date falls in a year whose official holiday schedule is not known (R6).",
          zh="日期所在年份的法定节假日安排未知，尚未公布或未提供（R6）。"),
    _kind("RI-TEAM-INFEASIBLE", InfeasibleAssignmentError, "", "R4.2, R4.3, R4.5, R4.6",
          en=("No assignment of inspectors meets the team rules; the certificate shows why "
              "(R4)."),
          zh="没有满足检查组规则的人员分配方案，证明书列出了原因（R4）。"),
    _kind("RI-LOAD", LoadError, "", "R1.1",
          en="Rows of a bulk load could not be read; the error lists each bad row (R1.1).",
          zh="批量导入时有若干行无法读取，错误中逐行列出（R1.1）。"),
    # A malformed value, by the rule it serves.
    _kind("RI-REGISTRY-INPUT", _V, "R1.1",
          en=("A check-item list, registry or roster, or a row of one, is not of the form "
              "expected (R1.1)."),
          zh=("检查事项清单、"
              "检查对象名录库或执法检查人员名录库（或其中一行）的格式不符合要求（R1.1）。")),
    _kind("RI-ROSTER", _V, "R1.3",
          en="The inspector roster, or an inspector in it, is malformed or empty (R1.3).",
          zh="执法检查人员名录库或其中的人员信息格式不正确，或名录库为空（R1.3）。"),
    _kind("RI-SUBJECT", _V, "R1.4",
          en=("The subject registry, or a subject's type, attributes or flags, is malformed "
              "(R1.4)."),
          zh="检查对象名录库，或检查对象的类型、属性、标记格式不正确（R1.4）。"),
    _kind("RI-CHECK-ITEMS", _V, "R1.2",
          en="A check item, or what it is matched against, is malformed (R1.2).",
          zh="检查事项或与之匹配的数据有误（R1.2）。"),
    _kind("RI-REGISTRY-STATE", _V, "R1.5",
          en=("The registry as it stood for a draw cannot be told: malformed, out of id order, "
              "not one per round, or read differently a second time (R1.5)."),
          zh=("无法确定抽取时名录库的状态：格式不正确、未按编号排序、与轮次不一一对应，"
              "或两次读取结果不同（R1.5）。")),
    _kind("RI-GRADE-RATIOS", _V, "R2.1",
          en=("Ratios or shares by credit grade are malformed: a grade named twice, shares "
              "that do not add up, no ratio variant (R2.1)."),
          zh="按信用等级设定的比例或占比有误：等级重复、占比之和不对，或未指定比例方案（R2.1）。"),
    _kind("RI-RATIO-EXACT", _V, "R2.2",
          en=("A ratio cannot be applied exactly as a minimum share, e.g. its denominator is "
              "too large for the SQL draw (R2.2)."),
          zh="抽查比例无法作为最低比例精确执行，例如分母超出 SQL 抽取的精确运算范围（R2.2）。"),
    _kind("RI-RAISED-RATIO", _V, "R2.3",
          en=("A setting of the raised ratio of a draw directed by both region and industry "
              "is malformed (R2.3)."),
          zh="按区域和行业双重定向抽取时提高比例的相关设置有误（R2.3）。"),
    _kind("RI-BOOST", _V, "R2.4",
          en="A boost (a higher ratio for flagged subjects) is malformed (R2.4).",
          zh="对重点检查对象提高抽查比例的设置有误（R2.4）。"),
    _kind("RI-SCOPE", _V, "R3.1",
          en=("A directed draw's scope (attributes and their allowed values) is malformed "
              "(R3.1)."),
          zh="定向抽取的筛选条件（属性及其允许的取值）有误（R3.1）。"),
    _kind("RI-QUALIFICATION", _V, "R3.2",
          en="A qualification required of the inspectors is malformed (R3.2).",
          zh="对检查人员资格的要求有误（R3.2）。"),
    _kind("RI-PERIODS", _V, "R3.3",
          en="The periods a plan splits its year into are malformed (R3.3).",
          zh="计划划分的检查时段有误（R3.3）。"),
    _kind("RI-TEAM", _V, "R4",
          en="A team rule is malformed (R4).",
          zh="检查组规则的设置有误（R4）。"),
    _kind("RI-TEAM-SIZE", _V, "R4.2",
          en="A team size is not a whole number in range (R4.2).",
          zh="检查组人数不是有效范围内的整数（R4.2）。"),
    _kind("RI-CONFLICT", _V, "R4.3",
          en="A conflict of interest, or the recusal rule, is malformed (R4.3).",
          zh="利害关系或回避方式的设置有误（R4.3）。"),
    _kind("RI-ABSENCE", _V, "R4.4",
          en="An inspector's absence or replacement is malformed (R4.4).",
          zh="检查人员缺席或递补的设置有误（R4.4）。"),
    _kind("RI-LEADER", _V, "R4.5",
          en="The team leader rule, or an appointment of a leader, is malformed (R4.5).",
          zh="组长规则或组长任命有误（R4.5）。"),
    _kind("RI-PLACE", _V, "R4.5, R4.6",
          en=("A place on a team (its department, its leader) was checked against something "
              "that is not an inspector (R4.5, R4.6)."),
          zh="检查组岗位（所属部门、组长）核对的对象不是检查人员（R4.5、R4.6）。"),
    _kind("RI-JOINT", _V, "R4.6",
          en="A joint inspection's departments, or its one result, are malformed (R4.6).",
          zh="联合检查的部门设置或其结果有误（R4.6）。"),
    _kind("RI-ITEMS", _V, "R4.7",
          en="A task's check items are malformed: a task needs at least one (R4.7).",
          zh="任务的检查事项有误：每个任务至少需要一项（R4.7）。"),
    _kind("RI-CAPS", _V, "R5",
          en="A yearly frequency cap is malformed or lacks its plan (R5).",
          zh="年度抽查频次上限的设置有误或缺少计划（R5）。"),
    _kind("RI-DEPARTMENT-RULE", _V, "R5.2",
          en=("A value the department rule reads is malformed, e.g. a department name holding "
              "';' for the SQL draw (R5.2)."),
          zh=("部门内各单位不重复检查规则所读取的数据有误，"
              "例如 SQL 抽取时部门名称含有“;”（R5.2）。")),
    _kind("RI-HISTORY", _V, "R5.1",
          en="An inspection history, or the year an inspection counts in, is malformed (R5.1).",
          zh="检查历史或检查计入的年份有误（R5.1）。"),
    _kind("RI-AMENDMENT", _V, "R5.6",
          en=("A plan amendment is malformed: it changes nothing, or a field that cannot "
              "change (R5.6)."),
          zh="计划调整有误：没有任何改动，或改动了不可调整的字段（R5.6）。"),
    _kind("RI-CALENDAR", _V, "R6",
          en=("A calendar, holiday schedule, working-day count or deadline policy is malformed "
              "(R6)."),
          zh="日历、节假日安排、工作日天数或时限规则有误（R6）。"),
    _kind("RI-MONTH-END", _V, "R6.1",
          en="A month-end deadline is malformed: its year, month or roll (R6.1).",
          zh="月末时限有误：年份、月份或顺延方式（R6.1）。"),
    _kind("RI-ROUNDS", _V, "R6.2",
          en="The rounds of a year, or their windows, are malformed (R6.2).",
          zh="年度抽查轮次或其时间窗口有误（R6.2）。"),
    _kind("RI-ITEM-DATES", _V, "R6.4",
          en="The result dates of the check items are malformed (R6.4).",
          zh="各检查事项的结果日期有误（R6.4）。"),
    _kind("RI-YEAR-OFFSET", _V, "R6.10",
          en="A deadline's year offset is not a whole number in range (R6.10).",
          zh="时限的年份偏移量不是有效范围内的整数（R6.10）。"),
    _kind("RI-PUBLICATION", _V, "R7.1",
          en="What a public notice publishes, or what it is made from, is malformed (R7.1).",
          zh="公示的内容或其依据的数据有误（R7.1）。"),
    _kind("RI-CONFIDENTIAL", _V, "R7.2",
          en="The fields to withhold from publication are malformed (R7.2).",
          zh="不予公开的字段设置有误（R7.2）。"),
    _kind("RI-RESULTS", _V, "R7.4",
          en=("A result's outcomes or findings, or an estimate's confidence level, are "
              "malformed (R7.4)."),
          zh="检查结果的结论或发现的问题，或估计的置信水平有误（R7.4）。"),
    _kind("RI-ANNUAL-REPORT", _V, "R7.5",
          en="An annual report's input is malformed: its campaigns, year or results (R7.5).",
          zh="年度执行情况报告的输入有误：抽查活动、年份或结果（R7.5）。"),
    _kind("RI-TRACE", _V, "R7.6",
          en="An input of a record, or of its verification, is malformed (R7.6).",
          zh="记录或其核验的输入有误（R7.6）。"),
    _kind("RI-RECTIFICATION", _V, "003 art. 22",
          en="A rectification (整改) value is malformed (003 art. 22).",
          zh="整改信息有误（003 第二十二条）。"),
    _kind("RI-HANDLING", _V, "004 §2(8)",
          en="A handling decision (后续处理) is malformed (004 §2(8)).",
          zh="后续处理决定有误（004 §2(8)）。"),
    _kind("RI-DRAW", _V, "randinspect-draw/1",
          en=("An argument of the draw is malformed, or a streamed draw cannot be settled in "
              "one reading of a source that can be read only once (randinspect-draw/1)."),
          zh=("抽取参数有误，"
              "或只能读取一次的数据源无法在一次读取中完成流式抽取（randinspect-draw/1）。")),
    _kind("RI-FINGERPRINT", _V, "randinspect-fingerprint/1",
          en=("A record's data is not plain JSON, so it cannot be fingerprinted "
              "(randinspect-fingerprint/1)."),
          zh=("记录数据不是纯 JSON，"
              "无法计算指纹（randinspect-fingerprint/1）。")),
    # Two members share an id.
    _kind("RI-ROSTER-DUPLICATE", _DUP, "R1.3",
          en="Two inspectors of the roster share an id (R1.3).",
          zh="执法检查人员名录库中有两人编号相同（R1.3）。"),
    _kind("RI-SUBJECT-DUPLICATE", _DUP, "R1.4",
          en="Two subjects of the registry share an id (R1.4).",
          zh="检查对象名录库中有两个对象编号相同（R1.4）。"),
    _kind("RI-RECORD-DUPLICATE", _DUP, "R1.5",
          en="Two records fingerprinted together share an id (R1.5).",
          zh="一同计算指纹的两条记录编号相同（R1.5）。"),
    _kind("RI-PERIOD-DUPLICATE", _DUP, "R3.3",
          en="A period is listed twice (R3.3).",
          zh="检查时段重复列出（R3.3）。"),
    _kind("RI-RESULT-DUPLICATE", _DUP, "R4.6",
          en="Two results are for the same task: a joint inspection has one result (R4.6).",
          zh="两份结果对应同一任务：联合检查只出一份结果（R4.6）。"),
    _kind("RI-ITEM-DUPLICATE", _DUP, "R4.7",
          en="Two check items share an id (R4.7).",
          zh="两个检查事项编号相同（R4.7）。"),
    _kind("RI-TASK-DUPLICATE", _DUP, "R5.1",
          en=("Two tasks, plans or history entries share an id, so one inspection would count "
              "twice (R5.1)."),
          zh="两个任务、计划或历史记录编号相同，同一次检查会被重复计数（R5.1）。"),
    _kind("RI-DEADLINE-DUPLICATE", _DUP, "R6",
          en="Two deadline rules share a name (R6).",
          zh="两条时限规则名称相同（R6）。"),
    _kind("RI-ROUND-DUPLICATE", _DUP, "R6.2",
          en="Two rounds share a name, so their plans would share an id (R6.2).",
          zh="两个轮次名称相同，其计划编号会重复（R6.2）。"),
    _kind("RI-CAMPAIGN-DUPLICATE", _DUP, "R7.5",
          en="Two campaigns given to an annual report share a plan id (R7.5).",
          zh="年度执行情况报告中两项抽查活动的计划编号相同（R7.5）。"),
    # Dates out of place.
    _kind("RI-PERIOD-DATE", _DATE, "R3.3",
          en="A period lies outside the plan year (R3.3).",
          zh="检查时段超出计划年度（R3.3）。"),
    _kind("RI-YEAR-DATE", _DATE, "R5.1",
          en=("A date falls outside the years the library accepts, or an inspection is counted "
              "in another year than its own (R5.1)."),
          zh="日期超出本库接受的年份范围，或检查计入的年份与检查日期所在年份不符（R5.1）。"),
    _kind("RI-CALENDAR-DATE", _DATE, "R6",
          en=("A day off or make-up working day lies outside its year, or a span of days off "
              "ends before it starts (R6)."),
          zh="休息日或调休上班日不在所属年份内，或休息日区间的结束早于开始（R6）。"),
    _kind("RI-WINDOW-DATE", _DATE, "R6.3",
          en=("An inspection window ends before it starts, or names a day that does not exist "
              "(R6.3)."),
          zh="检查时间窗口的结束早于开始，或指定了不存在的日期（R6.3）。"),
    _kind("RI-REPORT-DATE", _DATE, "R6.4",
          en=("An inspection report is dated before the inspection or before a check item's "
              "result (R6.4)."),
          zh="检查报告的日期早于检查日期或某检查事项的结果日期（R6.4）。"),
    _kind("RI-FEEDBACK-DATE", _DATE, "R6.5",
          en="The feedback on a result is dated before its report (R6.5).",
          zh="结果反馈的日期早于检查报告（R6.5）。"),
    _kind("RI-COMMENT-DATE", _DATE, "R6.6",
          en=("The feedback's receipt or the subject's comments are dated before what they "
              "follow (R6.6)."),
          zh="收到书面反馈或检查对象陈述意见的日期早于其前一环节（R6.6）。"),
    _kind("RI-PUBLISH-DATE", _DATE, "R6.7",
          en="A result is published before the inspection (R6.7).",
          zh="结果公示的日期早于检查日期（R6.7）。"),
    _kind("RI-PENALTY-DATE", _DATE, "R6.8",
          en=("A penalty's days disagree, or come before the inspection or their decision "
              "(R6.8)."),
          zh="行政处罚的日期前后不一致，或早于检查日期或处罚决定日期（R6.8）。"),
    _kind("RI-VIOLATION-DATE", _DATE, "R6.9",
          en="A violation is handled before the inspection that found it (R6.9).",
          zh="违法行为的处理日期早于发现它的检查（R6.9）。"),
    _kind("RI-RECTIFICATION-DATE", _DATE, "002 §5",
          en="A rectification's deadline or completion is dated before the inspection (002 §5).",
          zh="整改期限或整改完成日期早于检查日期（002 §5）。"),
    # Well-formed values that break a rule together.
    _kind("RI-FOLLOW-UP", _RULE, "002 §5",
          en="A rectification or handling follows no problem found (002 §5).",
          zh="未发现问题，却记录了整改或后续处理（002 §5）。"),
    _kind("RI-RECTIFICATION-RULE", _RULE, "003 art. 22",
          en=("A rectification's state, deadline and completion day do not fit together (003 "
              "art. 22)."),
          zh="整改状态、整改期限与整改完成日期相互矛盾（003 第二十二条）。"),
    _kind("RI-HANDLING-RULE", _RULE, "004 §2(8)",
          en=("Handling decisions contradict each other, or a referral does not name who the "
              "case went to (004 §2(8))."),
          zh="后续处理决定相互矛盾，或移送未写明接收单位（004 §2(8)）。"),
    _kind("RI-SCOPE-ITEMS", _RULE, "R1.2, R3.1",
          en=("A directed draw's scope admits no subject type that the plan's check items "
              "apply to (R1.2, R3.1)."),
          zh="定向抽取范围允许的检查对象类型，没有一种适用计划中的检查事项（R1.2、R3.1）。"),
    _kind("RI-RATIO-BELOW-MINIMUM", _RULE, "R2.2",
          en="A grade's ratio is below a check item's minimum ratio (R2.2).",
          zh="某信用等级的抽查比例低于检查事项规定的最低比例（R2.2）。"),
    _kind("RI-RATIO-NOT-RAISED", _RULE, "R2.3",
          en=("A draw directed by both region and industry does not raise its ratios above "
              "the check items' (R2.3)."),
          zh="按区域和行业双重定向的抽取，没有把抽查比例提高到检查事项所列比例以上（R2.3）。"),
    _kind("RI-BOOST-BELOW", _RULE, "R2.4",
          en="A boost ratio is below the ratio of the grade it should raise (R2.4).",
          zh="提高后的抽查比例低于相应信用等级的比例（R2.4）。"),
    _kind("RI-BOOST-RELIEF", _RULE, "R2.4, R2.5",
          en="A flag places subjects in both the boost and the relief stratum (R2.4, R2.5).",
          zh="同一标记使检查对象同时进入提高比例和降低比例的分层（R2.4、R2.5）。"),
    _kind("RI-RESULT-SUBJECT", _RULE, "R4.1",
          en="A result names another subject than its task inspects (R4.1).",
          zh="检查结果所写的检查对象与任务不符（R4.1）。"),
    _kind("RI-TEAM-TOO-SMALL", _RULE, "R4.2",
          en="An inspection needs at least 2 inspectors (R4.2).",
          zh="每次检查至少需要 2 名执法检查人员（R4.2）。"),
    _kind("RI-RECUSAL", _RULE, "R4.3",
          en=("An inspector who must recuse for a conflict of interest with the subject is "
              "placed or appointed on its task (R4.3)."),
          zh="与检查对象有利害关系、应当回避的检查人员被安排到或任命于该任务（R4.3）。"),
    _kind("RI-LEADER-RULE", _RULE, "R4.5",
          en="The team leader is not a member of the team, or may not lead it (R4.5).",
          zh="组长不是检查组成员，或不具备担任该组组长的条件（R4.5）。"),
    _kind("RI-JOINT-DEPARTMENT", _RULE, "R4.6",
          en="A check item belongs to a department that does not take part in the plan (R4.6).",
          zh="检查事项所属部门没有参加该计划（R4.6）。"),
    _kind("RI-RESULT-ITEMS", _RULE, "R4.7",
          en="A result has outcomes for check items its task does not have (R4.7).",
          zh="检查结果包含任务以外的检查事项（R4.7）。"),
    _kind("RI-CAMPAIGN-HISTORY", _RULE, "R5.1, R7.6",
          en=("A round was not drawn with the tasks of the campaign's rounds before it (R5.1, "
              "R7.6)."),
          zh="该轮抽取没有计入本次活动此前各轮的任务（R5.1、R7.6）。"),
    _kind("RI-AMENDMENT-RULE", _RULE, "R5.6",
          en=("A draw belongs to the plan as it stood before an amendment, or an amendment's "
              "facts would be withheld (R5.6)."),
          zh="抽取对应的是调整前的计划，或计划调整信息被设为不公开（R5.6）。"),
    _kind("RI-CALENDAR-RULE", _RULE, "R6",
          en=("A day is both a day off and a working day, or a make-up working day is not a "
              "Saturday or Sunday (R6)."),
          zh="同一天既是休息日又是工作日，或调休上班日不是周六、周日（R6）。"),
    _kind("RI-ROUNDS-PERIODS", _RULE, "R6.2, R3.3",
          en=("A plan splits its year into periods of its own, which half-year rounds would "
              "replace (R6.2, R3.3)."),
          zh="计划已自行划分检查时段，会被按半年划分的轮次取代（R6.2、R3.3）。"),
    _kind("RI-PENALTY-RULE", _RULE, "R6.8",
          en=("A penalty lacks the day it was decided, from which its publication is due "
              "(R6.8)."),
          zh="行政处罚缺少决定日期，无法计算公示期限（R6.8）。"),
    _kind("RI-PUBLIC-FIELD", _RULE, "R7.1",
          en="A field that every notice of its kind publishes cannot be withheld (R7.1).",
          zh="该类公告必须公开的字段不能设为不公开（R7.1）。"),
    _kind("RI-PUBLIC-REFUSAL", _RULE, "R7.3",
          en="A result's refusal or falsification is published and cannot be withheld (R7.3).",
          zh="拒绝检查或弄虚作假的情况必须公示，不能设为不公开（R7.3）。"),
    _kind("RI-RESULTS-RULE", _RULE, "R7.4",
          en=("The results cannot give what a report needs: no assessable result for the "
              "estimate, or a reported field withheld (R7.4)."),
          zh=("检查结果无法满足报告的要求：没有可用于估计的结果，"
              "或报告必需的字段被设为不公开（R7.4）。")),
    _kind("RI-ANNUAL-YEAR", _RULE, "R7.5",
          en="A campaign of another year is given to an annual report (R7.5).",
          zh="年度执行情况报告中包含其他年度的抽查活动（R7.5）。"),
    _kind("RI-TRACE-MISMATCH", _RULE, "R7.6",
          en=("Inputs that must belong together do not: a draw made with another history, an "
              "assignment of another draw, or a traced field withheld (R7.6)."),
          zh=("应当相互对应的输入不一致：抽取所用的检查历史不同、人员分配属于另一次抽取，"
              "或需留痕的字段被设为不公开（R7.6）。")),
    # A reference to an id that is not there.
    _kind("RI-SUBJECT-UNKNOWN", _UNKNOWN, "R1.4",
          en="No such subject in the registry (R1.4).",
          zh="检查对象名录库中没有该检查对象（R1.4）。"),
    _kind("RI-CONFLICT-UNKNOWN", _UNKNOWN, "R4.3",
          en=("A conflict of interest names an inspector not in the roster or a subject not in "
              "the registry (R4.3)."),
          zh=("利害关系中的检查人员不在执法检查人员名录库中，"
              "或检查对象不在检查对象名录库中（R4.3）。")),
    _kind("RI-LEADER-UNKNOWN", _UNKNOWN, "R4.5",
          en="An appointed leader is not an inspector of the roster (R4.5).",
          zh="任命的组长不在执法检查人员名录库中（R4.5）。"),
    _kind("RI-ABSENCE-UNKNOWN", _UNKNOWN, "R4.4",
          en=("An absence names an inspector not in the roster, or not on the task's team "
              "(R4.4)."),
          zh="缺席记录中的检查人员不在执法检查人员名录库中，或不在该任务的检查组中（R4.4）。"),
    _kind("RI-CONFIDENTIAL-UNKNOWN", _UNKNOWN, "R7.2",
          en="A field to withhold is not a field of the notice (R7.2).",
          zh="设为不公开的字段不是该公告的字段（R7.2）。"),
    _kind("RI-ROSTER-UNKNOWN", _UNKNOWN, "R7.6",
          en="A record names an inspector that its roster does not hold (R7.6).",
          zh="记录中的检查人员不在其执法检查人员名录库中（R7.6）。"),
)  # fmt: skip

ERROR_CODES: Mapping[str, ErrorCode] = types.MappingProxyType(
    {kind.code: kind for _, kind in _CODES}
)
"""Every stable error code, in the order of ``docs/errors.md``: code → :class:`ErrorCode`.

Read-only. ``ERROR_CODES[error.code].zh`` is the Chinese wording of an error's
kind; the error's ``obj``, ``field``, ``value`` and ``fix`` complete it.
"""

_CODE_OF: Mapping[tuple[type[RandInspectError], str], str] = types.MappingProxyType(
    {(cls, rule): kind.code for cls, kind in _CODES for rule in kind.rules}
)
"""(class, rule) → code, for every pair :data:`ERROR_CODES` lists."""


def _code_of(cls: type[RandInspectError], rule: str) -> str:
    """The code of an error of class ``cls`` raised with ``rule``.

    The pair itself where the table lists it; otherwise, walking ``cls``'s MRO
    from ``cls`` up, the first class that lists ``rule`` or has a code of its
    own (rule ``""``): an error with a rule no code lists, or of a subclass
    made outside the library, gets the code of the nearest kind it belongs to,
    ``"RI-ERROR"`` at the root.
    """
    for base in cls.__mro__:
        code = _CODE_OF.get((base, rule)) or _CODE_OF.get((base, ""))
        if code is not None:
            return code
    return "RI-ERROR"  # not a RandInspectError at all: only through a bad __class__
