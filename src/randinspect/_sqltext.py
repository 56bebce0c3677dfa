"""The text of :func:`randinspect.sql.draw_sql`: dialects, quoting, columns (R7.6).

Private to :mod:`randinspect.sql`: how each engine spells what the draw
needs, identifiers and literals written so that no name or value can change
the query, the mapping of columns to the fields the draw reads, and the
query being written (:class:`_Query`). The steps of the query themselves are
in :mod:`randinspect.sql`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from randinspect._checks import check_type, type_error
from randinspect._records import kinds
from randinspect.draw import SPEC_VERSION, Seed
from randinspect.errors import ValidationError, _shown
from randinspect.model import Flag, Plan

_OBJ = "draw_sql"
_RULE = "R7.6"

HISTORY_FIELDS = ("subject_id", "kind", "year", "department", "unit")
"""The history fields the yearly cap reads (R5), as ``columns`` names them: ``history.<field>``."""

PARTNERS = "history.partners"
"""The optional history field of a joint task's other departments (R4.6, R5.2): read only
when ``columns`` maps a column to it, as ``";"``-joined department names."""

MAX_NAME = 255
"""The longest table or column name :func:`draw_sql` quotes (``sql.MAX_IDENTIFIER``)."""

_CTES = (
    "ri_subjects", "ri_scoped", "ri_history", "ri_capped", "ri_members", "ri_plan",
    "ri_counts", "ri_sizes", "ri_keyed", "ri_candidates", "ri_pool", "ri_ranked", "ri_drawn",
    "ri_totals", "ri_cutoffs",
)  # fmt: skip

# --- dialects and quoting ----------------------------------------------------------------


def _refuse(
    problem: str, field: str, value: object, fix: str, rule: str = _RULE
) -> ValidationError:
    """The error for a bad argument of :func:`draw_sql`."""
    return ValidationError(problem, obj=_OBJ, field=field, value=value, rule=rule, fix=fix)


@attrs.frozen(kw_only=True)
class _Dialect:
    """How one SQL engine spells what the draw needs."""

    name: str
    quote: str  # the identifier quote character
    sha256: str  # format with {0}: the lowercase hex SHA-256 of a text's UTF-8 bytes
    div: str  # format with {0}, {1}: integer division
    error: str  # format with {0}: abort the query with a message
    matches: str  # format with {0}, {1}: a text matches a whole regular expression
    from_hex: str  # format with {0}: the text whose UTF-8 bytes are the hex literal {0}


_DIALECTS = {
    "duckdb": _Dialect(
        name="duckdb",
        quote='"',
        sha256="sha256({0})",
        div="(({0}) // ({1}))",
        error="error({0})",
        matches="regexp_full_match({0}, {1})",
        from_hex="decode(unhex({0}))",
    ),
    "spark": _Dialect(
        name="spark",
        quote="`",
        sha256="sha2({0}, 256)",
        div="(({0}) div ({1}))",
        error="raise_error({0})",
        matches="({0} RLIKE {1})",
        from_hex="decode(unhex({0}), 'UTF-8')",
    ),
}


def _dialect(value: object) -> _Dialect:
    if type(value) is str and value in _DIALECTS:
        return _DIALECTS[value]
    problem = "is not a text" if not isinstance(value, str) else "is not a dialect draw_sql writes"
    raise _refuse(problem, "dialect", value, f"pass one of {list(_DIALECTS)}")


def _plain_text(value: str) -> str:
    return value if type(value) is str else str.__str__(value)


def _unsafe_name(name: str) -> str:
    """Why ``name`` cannot be quoted as an identifier, or "" when it can."""
    if not name:
        return "is empty"
    if len(name) > MAX_NAME:
        return f"is longer than {MAX_NAME} characters"
    for char in name:
        code = ord(char)
        if code < 0x20 or 0x7F <= code <= 0x9F:  # noqa: PLR2004  # C0, DEL and C1 controls
            return f"holds the control character U+{code:04X}, which no quoting makes safe"
        if 0xD800 <= code <= 0xDFFF:  # noqa: PLR2004
            return "holds a lone surrogate, which has no UTF-8 form"
    return ""


def _identifier(name: object, dialect: _Dialect, *, field: str, fix: str) -> str:
    """``name`` quoted as one identifier of ``dialect`` (the quote character doubled)."""
    if not isinstance(name, str):
        raise type_error(name, str, obj=_OBJ, field=field, rule=_RULE, fix=fix)
    text = _plain_text(name)
    why = _unsafe_name(text)
    if why:
        raise _refuse(f"{why}: it cannot be a quoted SQL identifier", field, text, fix)
    quote = dialect.quote
    return quote + text.replace(quote, quote * 2) + quote


def _table(value: object, dialect: _Dialect, *, field: str) -> str:
    """A table name: one identifier (a str) or a qualified one (a tuple of 1 to 3 parts)."""
    fix = (
        f"pass the {field} table's name as a str (one identifier, quoted as a whole), or a"
        ' tuple of its parts for a qualified name, e.g. ("warehouse", "registry", "subjects")'
    )
    if isinstance(value, str):
        parts: tuple[object, ...] = (value,)
    elif type(value) is tuple and 1 <= len(value) <= 3:  # noqa: PLR2004  # catalog.schema.table
        parts = value
    else:
        why = f"must be a str or a tuple of 1 to 3 str, not {kinds(value)}"
        raise _refuse(why, field, value, fix)
    quoted = [
        _identifier(p, dialect, field=f"{field}[{i}]" if len(parts) > 1 else field, fix=fix)
        for i, p in enumerate(parts)
    ]
    last = _plain_text(parts[-1]).casefold()  # type: ignore[arg-type]  # checked above
    if len(parts) == 1 and last in _CTES:
        why = "is the name of a step of the generated query, which would hide the table"
        hint = "rename the table, or name it qualified, e.g. ('main', 'ri_subjects')"
        raise _refuse(why, field, parts[-1], hint)
    return ".".join(quoted)


def _literal(text: str, dialect: _Dialect) -> str:
    """``text`` as a SQL string literal of ``dialect``, safe whatever it holds.

    Printable text without a quote or a backslash is written as itself;
    anything else as the UTF-8 bytes in hex, decoded by the engine, so no
    escaping rule of either engine (Spark reads backslashes in literals)
    is ever relied on.
    """
    if text.isprintable() and "'" not in text and "\\" not in text:
        return f"'{text}'"
    try:
        data = text.encode()
    except UnicodeEncodeError:
        why, fix = "holds a lone surrogate, which has no UTF-8 form", "pass text UTF-8 can encode"
        raise _refuse(why, "text", text, fix, rule=SPEC_VERSION) from None
    return dialect.from_hex.format(f"'{data.hex()}'")


# --- the columns --------------------------------------------------------------------------


def _columns(
    columns: object, attributes: Sequence[str], *, flags: bool, history: bool
) -> dict[str, str]:
    """Each field the query reads to its column: ``columns`` maps column to field(s)."""
    needed = ["id", "grade", *(["flags"] if flags else []), *attributes]
    known = ["id", "grade", "flags", *attributes, *(f"history.{f}" for f in HISTORY_FIELDS)]
    known.append(PARTNERS)  # read only when named (the table may not have the column)
    resolved = {name: name for name in needed}
    resolved.update((f"history.{f}", f) for f in HISTORY_FIELDS)
    if columns is None:
        return resolved
    fix = (
        "map column names to field names, as the loaders do, e.g. {'统一社会信用代码': 'id',"
        " '区县': 'region', 'subject': 'history.subject_id'}"
    )
    check_type(columns, Mapping, obj=_OBJ, field="columns", rule=_RULE, fix=fix)
    try:
        pairs = list(columns.items())  # type: ignore[attr-defined]  # a Mapping
    except Exception as error:  # a hostile mapping: its own error, chained
        why = f"could not be read as a mapping ({type(error).__name__}, chained as the cause)"
        raise _refuse(why, "columns", columns, fix) from error
    named: dict[str, str] = {}  # field -> the column that names it
    for key, value in pairs:
        if not isinstance(key, str):
            raise type_error(key, str, obj=_OBJ, field="columns", rule=_RULE, fix=fix)
        column = _plain_text(key)
        where = f"columns[{_shown(column, limit=80)}]"
        if why := _unsafe_name(column):
            raise _refuse(f"{why}: it cannot be a quoted SQL identifier", where, column, fix)
        for field in _fields_of(value, where, fix):
            other = _shown(named.get(field), limit=80)
            for failed, problem, hint, rule in (
                (field not in known, "is not a field this plan's draw reads",
                 f"name one of {known}; attributes the plan does not filter on are not read",
                 _RULE),
                (field.startswith("history.") and not history,
                 "names a history field, but no history table is given",
                 "pass history='<table>' or leave the history columns out", "R5"),
                (field in named, f"names the field {field!r}, which the column {other} names too",
                 f"map one column to {field!r}", _RULE),
            ):  # fmt: skip
                if failed:
                    raise _refuse(problem, where, field, hint, rule=rule)
            named[field] = resolved[field] = column
    return resolved


def _fields_of(value: object, where: str, fix: str) -> tuple[str, ...]:
    """The field names one ``columns`` value gives: a str, or a tuple of 1 to 5 of them."""
    values: tuple[object, ...] = (value,) if isinstance(value, str) else ()
    if type(value) is tuple and 1 <= len(value) <= len(HISTORY_FIELDS):
        values = value
    if not values:
        why = f"must be a field name or a tuple of 1 to 5 of them, not {kinds(value)}"
        raise _refuse(why, where, value, fix)
    for field in values:
        if not isinstance(field, str):
            raise type_error(field, str, obj=_OBJ, field=where, rule=_RULE, fix=fix)
    return tuple(_plain_text(field) for field in values)  # type: ignore[arg-type]  # checked


def _flag_test(flags: Iterable[Flag], column: str) -> str:
    """SQL true when the normalised flags text ``column`` holds any of ``flags``."""
    tests = [f"instr({column}, ';{flag.value};') > 0" for flag in sorted(flags, key=str)]
    return "(" + " OR ".join(tests) + ")" if tests else "FALSE"


@attrs.frozen(kw_only=True)
class _Query:
    """One query being written: the plan, the dialect and the resolved column names."""

    plan: Plan
    seed: Seed
    d: _Dialect
    names: Mapping[str, str]
    history: str | None  # the quoted history table, or None
    reads_flags: bool
    exempt: frozenset[Flag]

    def lit(self, text: str) -> str:
        """A string literal."""
        return _literal(text, self.d)

    def col(self, field: str) -> str:
        """The quoted column of a field."""
        return _identifier(
            self.names[field],
            self.d,
            field=f"the column of {field!r}",
            fix="rename the column, or map a plain-named one to it in columns",
        )

    def out(self, name: str) -> str:
        """One of the output's own column names (plain ASCII), quoted."""
        return self.d.quote + name + self.d.quote

    def fail(self, *parts: str) -> str:
        """An expression that aborts the query: literal text and SQL expressions, joined."""
        return self.d.error.format(" || ".join(parts))

    def text_of(self, expression: str) -> str:
        """``expression`` as text for a message, ``NULL`` when it is null."""
        return f"COALESCE(CAST({expression} AS STRING), 'NULL')"


def _cte(name: str, *lines: str) -> str:
    """One step of the query: ``name AS (lines)``, indented."""
    return f"{name} AS (\n  " + "\n  ".join(lines) + "\n)"
