"""The same draw in a warehouse: randinspect-draw/1 as SQL for DuckDB and Spark (R2-R5, R7.6).

A national registry (180M subjects) does not fit in one process. :func:`draw_sql`
writes the SQL text that computes a plan's draw where the registry lives, in
DuckDB or Spark SQL, and :func:`verify_sql_draw` checks the warehouse's output
against the library's own draw. Nothing here connects to anything: the SQL is
text, the verification compares values.

The SQL follows ``docs/draw-spec.md`` exactly: the directed scope and the check
items' subject type (R3.1), the strata (boost before relief before the grade,
R2.1, R2.4, R2.5), ``n_s = ceil(N_s x r_s)`` in integer arithmetic (R2.2), the
yearly cap and the department rule read from a history table with exempt
flags and complaint tasks left out, a joint task counted once and for each
partner department (R4.6, R5), keys ``sha256(seed|S|plan|id)`` as
lowercase hex (whose order is the bytes' order), and the period of each drawn
subject as its rank modulo the number of periods (R3.3). The tables it reads
are described in ``docs/sql.md``.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from randinspect._checks import check_collection, check_type, type_error
from randinspect._records import kinds
from randinspect._sqltext import (
    HISTORY_FIELDS,
    MAX_NAME,
    PARTNERS,
    _columns,
    _cte,
    _dialect,
    _flag_test,
    _plain_text,
    _Query,
    _refuse,
    _table,
)
from randinspect._values import is_valid_id
from randinspect._verdict import Discrepancy, DiscrepancyKind, Verdict
from randinspect.draw import PURPOSE_SUBJECTS, SPEC_VERSION, Seed, check_seed
from randinspect.errors import _shown
from randinspect.model import Flag, Grade, Plan, TaskKind, format_ratio
from randinspect.sampling import SubjectDraw, _item_types, _ratios
from randinspect.streaming import StreamedDraw

__all__ = [
    "DIALECTS",
    "DRAWN_COLUMNS",
    "HISTORY_FIELDS",
    "OUTPUTS",
    "STRATA_COLUMNS",
    "draw_sql",
    "verify_sql_draw",
]

DIALECTS = ("duckdb", "spark")
"""The SQL dialects :func:`draw_sql` writes: DuckDB and Spark SQL (3.4 and later)."""

OUTPUTS = ("drawn", "strata")
"""What the SQL returns: one row per drawn subject, or one row per stratum of the plan."""

DRAWN_COLUMNS = ("subject_id", "stratum", "key", "rank", "period", "period_name")
"""The columns of ``output="drawn"``, in order: the subject, its stratum, its key as
64 lowercase hex characters, its rank in the stratum's sample (from 0), the index of
its period (``rank mod P``) and that period's name. Rows come in key order."""

STRATA_COLUMNS = (
    "stratum", "position", "ratio", "in_scope", "eligible", "required", "drawn_count",
    "cutoff", "registry_size", "out_of_scope",
)  # fmt: skip
"""The columns of ``output="strata"``, in order: the stratum, its place in draw order
(from 0), its ratio as the record writes it, ``N_s``, ``E_s``, ``n_s``, how many are
drawn, the cutoff key (``NULL`` when none), and, the same on every row, the subjects
the table holds and how many of them are out of scope."""

MAX_DENOMINATOR = 10**9
"""The largest ratio denominator the SQL computes ``ceil(N x r)`` for exactly in 64-bit
integers (``N x numerator`` stays below 2**63 for any table under 9 billion rows)."""

MAX_IDENTIFIER = MAX_NAME
"""The longest table or column name :func:`draw_sql` quotes."""

MAX_DISCREPANCIES = 100
"""The most discrepancies :func:`verify_sql_draw` lists one by one; one more counts the rest."""

_OBJ = "draw_sql"
_VOBJ = "verify_sql_draw"
_RULE = "R7.6"
_HEX = frozenset("0123456789abcdef")
_TWO_52 = 4503599627370496  # the threshold's resolution: 13 hex digits of the key


# --- the query ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Margin:
    """How far above the expected ``n_s``-th smallest key the pre-filter keeps candidates.

    ``scale x n + sigmas x sqrt(n) + extra`` of ``E`` eligible keys; should
    fewer than ``n`` fall under it, the stratum takes every eligible key, so
    the result is exact whatever the margin (the tests shrink it to see).
    """

    scale: float = 1.0
    sigmas: float = 8.0
    extra: float = 16.0


def _plan_ratio(ratio: Fraction, name: str) -> tuple[int, int]:
    if ratio.denominator > MAX_DENOMINATOR:
        raise _refuse(
            f"stratum {name}: the ratio {format_ratio(ratio)} has a denominator above"
            f" {MAX_DENOMINATOR:,}, beyond the SQL's exact 64-bit arithmetic",
            "plan",
            format_ratio(ratio),
            "round the ratio, e.g. to a percentage with a few decimals; draw such a plan"
            " in memory with draw_subjects",
            rule="R2.2",
        )
    return ratio.numerator, ratio.denominator


def _subjects_cte(q: _Query, table: str) -> str:
    """Every row of the subjects table, with what the draw reads and whether it is in scope."""
    plan, types = q.plan, sorted(_item_types(q.plan))
    conditions = []
    for attribute in plan.scope:
        allowed = ", ".join(q.lit(v) for v in sorted(plan.scope[attribute]))
        conditions.append(f"COALESCE({q.col(attribute)} IN ({allowed}), FALSE)")
    if types:  # some item applies to the subject's type (sampling._outside_scope, R1.2)
        listed = ", ".join(q.lit(t) for t in types)
        conditions.append(f"COALESCE({q.col('type')} IN ({listed}), FALSE)")
    select = [f"{q.col('id')} AS ri_id", f"{q.col('grade')} AS ri_grade"]
    if q.reads_flags:  # flags text as the loader reads it: "high_risk; blacklisted"
        values = "|".join(f.value for f in Flag)
        wrapped = f"';' || replace(COALESCE({q.col('flags')}, ''), ' ', '') || ';'"
        bad = q.fail(
            "'randinspect: subject '",
            q.text_of(q.col("id")),
            "' has the flags '",
            q.text_of(q.col("flags")),
            f"', not values of {values.replace('|', ', ')} separated by semicolons (R1.4)'",
        )
        pattern = q.lit(f"^;+(({values});+)*$")
        select.append(
            f"CASE WHEN {q.d.matches.format(wrapped, pattern)} THEN {wrapped}"
            f" ELSE {bad} END AS ri_flags"
        )
    select.append(f"({' AND '.join(conditions) or 'TRUE'}) AS ri_in_scope")
    return _cte("ri_subjects", "SELECT\n    " + ",\n    ".join(select), f"FROM {table}")


def _scoped_cte(q: _Query) -> str:
    """The in-scope subjects, each in its stratum: boost, then relief, then its grade."""
    grades = ", ".join(f"'{g.value}'" for g in Grade)
    bad = q.fail(
        "'randinspect: subject '",
        q.text_of("ri_id"),
        "' has grade '",
        q.text_of("ri_grade"),
        f"', not one of {grades.replace(chr(39), '')} (R2.1)'",
    )
    branches = [f"WHEN ri_grade IS NULL OR ri_grade NOT IN ({grades}) THEN {bad}"]
    for name, stratum in (("boost", q.plan.boost), ("relief", q.plan.relief)):
        if stratum is not None:
            branches.append(f"WHEN {_flag_test(stratum.flags, 'ri_flags')} THEN '{name}'")
    exempt = _flag_test(q.exempt, "ri_flags")
    return _cte(
        "ri_scoped",
        f"SELECT ri_id, CASE {' '.join(branches)} ELSE ri_grade END AS ri_stratum,"
        f" {exempt} AS ri_exempt",
        "FROM ri_subjects",
        "WHERE ri_in_scope",
    )


def _cap_ctes(q: _Query) -> list[str]:
    """The yearly cap, as ``caps.find_capped`` decides it, then each member's eligibility.

    Random tasks of the plan's year count (R5.1, R5.5); a subject with
    ``max_per_year`` of them is capped, and with the department rule so is
    one with a task of the plan's department by another unit (R5.2); an
    exempt flag lifts both (R5.3). With a partners column, a joint task whose
    partners name the plan's department is that department's task of unit
    ``""`` (R4.6).
    """
    if q.history is None:
        return [
            _cte("ri_members", "SELECT ri_id, ri_stratum, FALSE AS ri_excluded FROM ri_scoped")
        ]
    plan, caps = q.plan, q.plan.caps
    kinds_sql = ", ".join(f"'{k.value}'" for k in TaskKind)
    kind, year, subject = q.col("history.kind"), q.col("history.year"), q.col("history.subject_id")
    bad_kind = q.fail(
        "'randinspect: a history task of subject '",
        q.text_of(subject),
        "' has the kind '",
        q.text_of(kind),
        f"', not one of {kinds_sql.replace(chr(39), '')} (R5.5)'",
    )
    no_year = q.fail(
        "'randinspect: a random history task of subject '",
        q.text_of(subject),
        "' has no year to count in (R5.1)'",
    )
    counted = (
        f"CASE WHEN {kind} IS NULL OR {kind} NOT IN ({kinds_sql}) THEN {bad_kind}"
        f" WHEN {kind} = 'random' AND {year} IS NULL THEN {no_year}"
        f" ELSE {kind} = 'random' AND {year} = {plan.year} END"
    )
    having = f"count(*) >= {caps.max_per_year}"
    strict = caps.unknown_unit_is_other  # else a missing unit is the plan's own (R5.2)
    department, unit = q.col("history.department"), f"COALESCE({q.col('history.unit')}, '')"
    done_by = f"{department} AS ri_department, {unit} AS ri_unit"
    if caps.department_rule and (strict or plan.unit):
        differs = f"ri_unit <> {q.lit(plan.unit)}" + ("" if strict else " AND ri_unit <> ''")
        ours = f"ri_department = {q.lit(plan.department)}"
        if PARTNERS in q.names:  # a joint task is the partner's too, its unit unknown ("")
            own = f"COALESCE({department} = {q.lit(plan.department)}, FALSE)"
            listed = f"';' || COALESCE({q.col(PARTNERS)}, '') || ';'"
            partner = f"instr({listed}, {q.lit(';' + plan.department + ';')}) > 0"
            done_by = (
                f"({own} OR {partner}) AS ri_ours, CASE WHEN {own} THEN {unit} ELSE '' END"
                " AS ri_unit"
            )
            ours = "ri_ours"
        other_unit = f"CASE WHEN {ours} AND {differs} THEN 1 ELSE 0 END"
        having += f" OR max({other_unit}) = 1"
    return [
        _cte(
            "ri_history",
            f"SELECT {subject} AS ri_id, {done_by}",
            f"FROM {q.history}",
            f"WHERE {counted}",
        ),
        _cte("ri_capped", "SELECT ri_id FROM ri_history", "GROUP BY ri_id", f"HAVING {having}"),
        _cte(
            "ri_members",
            "SELECT m.ri_id, m.ri_stratum,"
            " (c.ri_id IS NOT NULL AND NOT m.ri_exempt) AS ri_excluded",
            "FROM ri_scoped m LEFT JOIN ri_capped c ON c.ri_id = m.ri_id",
        ),
    ]


def _size_ctes(q: _Query, margin: _Margin) -> list[str]:
    """The plan's strata and their sizes: ``n_s = ceil(N_s x r_s)`` in integers (R2.2).

    ``ri_threshold`` bounds the keys worth sorting (see :class:`_Margin`).
    """
    strata = _ratios(q.plan)
    rows = []
    for position, (name, ratio) in enumerate(strata.items()):
        num, den = _plan_ratio(ratio, name)
        rows.append(
            f"SELECT '{name}' AS ri_stratum, {position} AS ri_position,"
            f" {q.lit(format_ratio(ratio))} AS ri_ratio,"
            f" CAST({num} AS BIGINT) AS ri_num, CAST({den} AS BIGINT) AS ri_den"
        )
    required = q.d.div.format("COALESCE(c.ri_n, 0) * p.ri_num + p.ri_den - 1", "p.ri_den")
    want = (
        f"(CAST({margin.scale!r} AS DOUBLE) * ri_take"
        f" + CAST({margin.sigmas!r} AS DOUBLE) * sqrt(CAST(ri_take AS DOUBLE))"
        f" + CAST({margin.extra!r} AS DOUBLE))"
    )
    share = f"greatest({want}, CAST(0 AS DOUBLE)) / CAST(ri_eligible AS DOUBLE)"
    prefix = f"CAST(floor({share} * CAST({_TWO_52} AS DOUBLE)) AS BIGINT)"
    threshold = (
        f"CASE WHEN ri_take = 0 THEN '' WHEN {want} >= ri_eligible THEN 'g'"
        f" ELSE lpad(lower(hex({prefix})), 13, '0') END"
    )
    return [
        _cte("ri_plan", "\n  UNION ALL ".join(rows)),
        _cte(
            "ri_counts",
            "SELECT ri_stratum, count(*) AS ri_n,"
            " CAST(SUM(CASE WHEN ri_excluded THEN 0 ELSE 1 END) AS BIGINT) AS ri_e",
            "FROM ri_members GROUP BY ri_stratum",
        ),
        _cte(
            "ri_sizes",
            f"SELECT *, {threshold} AS ri_threshold",
            "FROM (",
            "  SELECT *, least(ri_required, ri_eligible) AS ri_take",
            "  FROM (",
            "    SELECT p.ri_stratum, p.ri_position, p.ri_ratio,"
            " COALESCE(c.ri_n, 0) AS ri_in_scope, COALESCE(c.ri_e, 0) AS ri_eligible,"
            f" {required} AS ri_required",
            "    FROM ri_plan p LEFT JOIN ri_counts c ON c.ri_stratum = p.ri_stratum",
            "  ) AS ri_a",
            ") AS ri_b",
        ),
    ]


def _sample_ctes(q: _Query) -> list[str]:
    """Keys of the eligible, and each stratum's sample: its ``n_s`` smallest keys, ranked."""
    prefix = f"{q.seed.hex}|{PURPOSE_SUBJECTS}|{q.plan.id}|"
    bad = q.fail("'randinspect: a subject id is empty, NULL or holds a bar: '", q.text_of("ri_id"))
    key = (
        f"CASE WHEN ri_id IS NULL OR ri_id = '' OR instr(ri_id, '|') > 0 THEN {bad}"
        f" ELSE {q.d.sha256.format(q.lit(prefix) + ' || ri_id')} END"
    )
    return [
        _cte(
            "ri_keyed",
            f"SELECT ri_id, ri_stratum, {key} AS ri_key",
            "FROM ri_members WHERE NOT ri_excluded",
        ),
        _cte(
            "ri_candidates",
            "SELECT k.ri_stratum, count(*) AS ri_found",
            "FROM ri_keyed k JOIN ri_sizes s ON s.ri_stratum = k.ri_stratum",
            "WHERE k.ri_key < s.ri_threshold GROUP BY k.ri_stratum",
        ),
        _cte(
            "ri_pool",
            "SELECT k.ri_id, k.ri_stratum, k.ri_key, s.ri_take",
            "FROM ri_keyed k JOIN ri_sizes s ON s.ri_stratum = k.ri_stratum",
            "LEFT JOIN ri_candidates c ON c.ri_stratum = k.ri_stratum",
            "WHERE k.ri_key < s.ri_threshold OR COALESCE(c.ri_found, 0) < s.ri_take",
        ),
        _cte(
            "ri_ranked",
            "SELECT ri_id, ri_stratum, ri_key, ri_take,"
            " row_number() OVER (PARTITION BY ri_stratum ORDER BY ri_key, ri_id) - 1 AS ri_rank",
            "FROM ri_pool",
        ),
        _cte(
            "ri_drawn",
            "SELECT ri_id, ri_stratum, ri_key, ri_rank FROM ri_ranked WHERE ri_rank < ri_take",
        ),
    ]


def _drawn_body(q: _Query) -> str:
    periods = q.plan.periods
    count = len(periods)
    names = " ".join(f"WHEN {i} THEN {q.lit(p.name)}" for i, p in enumerate(periods))
    return (
        f"SELECT ri_id AS {q.out('subject_id')}, ri_stratum AS {q.out('stratum')},"
        f" ri_key AS {q.out('key')}, ri_rank AS {q.out('rank')},"
        f" ri_rank % {count} AS {q.out('period')},"
        f" CASE ri_rank % {count} {names} END AS {q.out('period_name')}\n"
        f"FROM ri_drawn\nORDER BY {q.out('key')}, {q.out('subject_id')}"
    )


def _strata_body(q: _Query) -> tuple[list[str], str]:
    ctes = [
        _cte(
            "ri_totals",
            "SELECT count(*) AS ri_registry,"
            " CAST(COALESCE(SUM(CASE WHEN ri_in_scope THEN 0 ELSE 1 END), 0) AS BIGINT)"
            " AS ri_outside",
            "FROM ri_subjects",
        ),
        _cte(
            "ri_cutoffs",
            "SELECT ri_stratum, max(ri_key) AS ri_cutoff FROM ri_drawn GROUP BY ri_stratum",
        ),
    ]
    o = q.out
    body = (
        f"SELECT s.ri_stratum AS {o('stratum')}, s.ri_position AS {o('position')},"
        f" s.ri_ratio AS {o('ratio')}, s.ri_in_scope AS {o('in_scope')},"
        f" s.ri_eligible AS {o('eligible')}, s.ri_required AS {o('required')},"
        f" s.ri_take AS {o('drawn_count')}, c.ri_cutoff AS {o('cutoff')},"
        f" t.ri_registry AS {o('registry_size')}, t.ri_outside AS {o('out_of_scope')}\n"
        "FROM ri_sizes s LEFT JOIN ri_cutoffs c ON c.ri_stratum = s.ri_stratum"
        " CROSS JOIN ri_totals t\n"
        f"ORDER BY {o('position')}"
    )
    return ctes, body


def _build(
    plan: Plan,
    *,
    seed: Seed,
    dialect: object,
    subjects: object,
    history: object,
    columns: object,
    output: object,
    margin: _Margin,
) -> str:
    """:func:`draw_sql`, with the pre-filter's margin as a knob for the tests."""
    fix = "build it with Plan(...) or Plan.from_mapping(data)"
    check_type(plan, Plan, obj=_OBJ, field="plan", fix=fix)
    check_seed(seed, obj=_OBJ)
    d = _dialect(dialect)
    if not (type(output) is str and output in OUTPUTS):
        why = "is not an output draw_sql writes"
        raise _refuse(why, "output", output, f"pass one of {list(OUTPUTS)}")
    subjects_table = _table(subjects, d, field="subjects")
    history_table = None if history is None else _table(history, d, field="history")
    attributes = list(plan.scope)
    if _item_types(plan) and "type" not in attributes:
        attributes.append("type")
    exempt = plan.caps.exempt_flags if history_table is not None else frozenset()
    reads_flags = bool(plan.boost or plan.relief or exempt)
    names = _columns(columns, attributes, flags=reads_flags, history=history_table is not None)
    if PARTNERS in names and ";" in plan.department:
        why = (
            f"the plan's department {_shown(plan.department, limit=80)} holds ';', which"
            " separates the names of the history's partners column (R4.6, R5.2)"
        )
        fix = "give the department a name without ';', or draw the plan in memory (draw_subjects)"
        raise _refuse(why, "columns", PARTNERS, fix, rule="R5.2")
    q = _Query(
        plan=plan,
        seed=seed,
        d=d,
        names=names,
        history=history_table,
        reads_flags=reads_flags,
        exempt=exempt,
    )
    ctes = [
        _subjects_cte(q, subjects_table),
        _scoped_cte(q),
        *_cap_ctes(q),
        *_size_ctes(q, margin),
        *_sample_ctes(q),
    ]
    if output == "drawn":
        body = _drawn_body(q)
    else:
        more, body = _strata_body(q)
        ctes += more
    header = f"-- randinspect {SPEC_VERSION}: plan {plan.id}, {plan.year}, {d.name}, {output}"
    return f"{header}\nWITH\n" + ",\n".join(ctes) + f"\n{body}\n"


def draw_sql(
    plan: Plan,
    *,
    seed: Seed,
    dialect: str,
    subjects: str | tuple[str, ...] = "subjects",
    history: str | tuple[str, ...] | None = None,
    columns: Mapping[str, str | tuple[str, ...]] | None = None,
    output: str = "drawn",
) -> str:
    """The SQL that computes ``plan``'s draw (randinspect-draw/1) in DuckDB or Spark.

    Pure: it returns text and connects to nothing. Run it where the registry
    lives; the rows it returns are those of ``draw_subjects`` on the same data,
    bit for bit, and :func:`verify_sql_draw` checks them. The tables it reads
    and the rows it returns are described in ``docs/sql.md``: one row per
    subject with ``id``, ``grade`` (``A`` to ``D``), ``flags`` (semicolon-separated
    flag values, read only when the plan's strata or cap need them) and one
    text column per attribute the plan filters on; the history with
    ``subject_id``, ``kind`` (``random`` or ``complaint``), ``year``,
    ``department`` and ``unit``, and optionally ``partners``: a joint task's
    other departments joined by ``;``, read when ``columns`` names it
    (``{"partners": "history.partners"}``). A joint task counts once for the
    cap and, for the department rule, as a task of each partner department
    with no known unit (``""``), as :func:`~randinspect.caps.cap_exclusions`
    counts it (R4.6, R5.1, R5.2).

    Args:
        plan: The plan: scope, subject types, strata, periods and cap policy.
        seed: The draw's seed.
        dialect: ``"duckdb"`` or ``"spark"`` (Spark SQL).
        subjects: The subjects table: a name (quoted as one identifier) or a
            tuple of the parts of a qualified name.
        history: The history table for the yearly cap (R5), or ``None`` for none.
        columns: Column name to field name where they differ, the direction
            of the loaders' ``columns`` (``{"统一社会信用代码": "id",
            "主体代码": "history.subject_id"}``). The fields are ``id``,
            ``grade``, ``flags``, the plan's scope attributes and ``type``,
            ``history.subject_id`` and the other :data:`HISTORY_FIELDS`, and
            ``history.partners`` (read only when named here); a column that
            holds several of them (the subjects' and the history's id
            columns, named alike) maps to a tuple of them.
        output: ``"drawn"`` (:data:`DRAWN_COLUMNS`, in key order) or
            ``"strata"`` (:data:`STRATA_COLUMNS`, in draw order).

    Returns:
        One SQL query.

    Raises:
        ValidationError: ``plan`` is not a Plan; an unknown dialect or output;
            a table or column name that is not text or that no quoting makes
            safe (empty, control characters), as a ``columns`` key too; a
            ``columns`` value that is not a field the draw reads; two columns
            mapped to the same field; a ratio whose denominator is above
            :data:`MAX_DENOMINATOR`; ``history.partners`` named for a plan
            whose department holds ``;``.
        InvalidSeedError: ``seed`` is not a Seed.
    """
    return _build(
        plan,
        seed=seed,
        dialect=dialect,
        subjects=subjects,
        history=history,
        columns=columns,
        output=output,
        margin=_Margin(),
    )


# --- verification -------------------------------------------------------------------------

Kind = DiscrepancyKind
_index = operator.index


def _cell(row: object, index: int, name: str) -> object:
    """The ``name`` cell of a row given as a mapping or as a sequence in column order."""
    if isinstance(row, Mapping):
        return row[name]
    return row[index]  # type: ignore[index]  # a Sequence, checked by the caller


def _read_rows(
    rows: tuple[object, ...], fields: Sequence[str], types: Sequence[str], where: str
) -> tuple[list[dict[str, Any]], list[Discrepancy]]:
    """Rows as dicts of plain values; a row that cannot be read is a MALFORMED discrepancy."""
    read: list[dict[str, Any]] = []
    for number, row in enumerate(rows):
        path = f"{where}[{number}]"
        if not isinstance(row, Mapping) and not (
            isinstance(row, Sequence) and not isinstance(row, str | bytes)
        ):
            detail = f"{path} is {kinds(row)}, not a mapping or a sequence of {len(fields)} cells"
            return read, [_malformed(path, row, detail)]
        try:
            if not isinstance(row, Mapping) and len(row) != len(fields):
                detail = f"{path} has {len(row)} cells, not the {len(fields)} of {list(fields)}"
                return read, [_malformed(path, len(row), detail)]
            cells = {name: _cell(row, i, name) for i, name in enumerate(fields)}
        except Exception as error:  # a hostile or short row: anything it raises is malformed
            detail = f"{path} cannot be read ({type(error).__name__}): it needs {list(fields)}"
            return read, [_malformed(path, None, detail)]
        for name, kind in zip(fields, types, strict=True):
            value, problem = _plain(cells[name], kind)
            if problem:
                detail = f"{path}.{name} {problem}"
                return read, [_malformed(f"{path}.{name}", _shown(value, limit=80), detail)]
            cells[name] = value
        read.append(cells)
    return read, []


def _plain(value: object, kind: str) -> tuple[Any, str]:
    """``value`` as the plain ``kind`` (id, text, key, count), or why it is not one."""
    if kind == "count":
        if isinstance(value, bool) or not hasattr(type(value), "__index__"):
            return value, f"must be a whole number, not {kinds(value)}"
        try:
            number = _index(value)  # type: ignore[arg-type]  # numpy, database ints
        except Exception:  # a hostile __index__ is malformed
            return None, "must be a whole number"
        return number, "" if number >= 0 else "must be 0 or more"
    if kind == "key?" and value is None:
        return None, ""
    if not isinstance(value, str):
        return value, f"must be text, not {kinds(value)}"
    text = _plain_text(value)
    if kind in {"key", "key?"} and not (len(text) == 64 and set(text) <= _HEX):  # noqa: PLR2004
        return text, "must be 64 lowercase hex characters"
    if kind == "id" and not is_valid_id(text):
        return text, "is not a valid id (non-empty, no '|', no control characters)"
    return text, ""


def _malformed(field: str, found: Any, detail: str) -> Discrepancy:
    return Discrepancy(kind=Kind.MALFORMED, field=field, expected=None, found=found, detail=detail)


def _selection(field: str, expected: Any, found: Any, detail: str) -> Discrepancy:
    return Discrepancy(
        kind=Kind.SELECTION, field=field, expected=expected, found=found, detail=detail
    )


_DRAWN_TYPES = ("id", "text", "key", "count", "count", "text")
_STRATA_TYPES = (
    "text", "count", "text", "count", "count", "count", "count", "key?", "count", "count",
)  # fmt: skip


def _differences(path: str, what: str, mine: dict[str, Any], theirs: dict[str, Any]) -> list[Any]:
    """A SELECTION discrepancy for each field where the warehouse's row is not the library's."""
    return [
        _selection(
            f"{path}.{name}",
            value,
            theirs[name],
            f"{what}: the library gives {name} {_shown(value, limit=80)},"
            f" the warehouse {_shown(theirs[name], limit=80)}",
        )
        for name, value in mine.items()
        if theirs[name] != value
    ]


def _strata_checks(read: list[dict[str, Any]], draw: SubjectDraw) -> list[Discrepancy]:
    # A streamed draw holds only its sample, and counts the registry it read.
    size = draw.registry_size if isinstance(draw, StreamedDraw) else len(draw.registry)
    expected = [
        dict(
            zip(
                STRATA_COLUMNS,
                (s.name, position, format_ratio(s.ratio), s.in_scope, s.eligible, s.required,
                 len(s.drawn), s.cutoff, size, draw.out_of_scope),
                strict=True,
            )
        )
        for position, s in enumerate(draw.strata)
    ]  # fmt: skip
    names, wanted = [row["stratum"] for row in read], [s.name for s in draw.strata]
    if names != wanted:
        detail = f"the warehouse's strata {names} are not the draw's {wanted}"
        return [_selection("strata", wanted, names, detail)]
    found = []
    for index, (mine, theirs) in enumerate(zip(expected, read, strict=True)):
        found += _differences(f"strata[{index}]", f"stratum {mine['stratum']}", mine, theirs)
    return found


def _drawn_checks(read: list[dict[str, Any]], draw: SubjectDraw) -> list[Discrepancy]:
    count = len(draw.plan.periods)
    expected = {
        d.subject.id: dict(
            zip(
                DRAWN_COLUMNS,
                (d.subject.id, d.stratum, d.key, d.rank, d.rank % count, d.period.name),
                strict=True,
            )
        )
        for d in draw.drawn
    }
    found: list[Discrepancy] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(read):
        subject_id, path = row["subject_id"], f"rows[{number}]"
        mine = expected.get(subject_id)
        if subject_id in seen:
            detail = f"subject {subject_id!r} is drawn twice, in rows[{seen[subject_id]}] too"
            found.append(_selection(path, None, subject_id, detail))
        elif mine is None:
            why = draw.fate(subject_id).detail if subject_id in draw.registry else "not drawn"
            detail = f"subject {subject_id!r} is drawn by the warehouse, not by the library: {why}"
            found.append(_selection(path, None, subject_id, detail))
        else:
            found += _differences(path, f"subject {subject_id!r}", mine, row)
        seen.setdefault(subject_id, number)
    found.extend(
        _selection(
            "rows",
            mine,
            None,
            f"subject {subject_id!r}, drawn by the library in stratum {mine['stratum']}"
            f" (rank {mine['rank']}), is not in the warehouse's rows",
        )
        for subject_id, mine in expected.items()
        if subject_id not in seen
    )
    return found


def verify_sql_draw(
    rows: Iterable[Any],
    draw: SubjectDraw,
    *,
    strata: Iterable[Any] | None = None,
) -> Verdict:
    """Check a warehouse's output of :func:`draw_sql` against the library's own draw (R7.6).

    ``draw`` is the library's computation of the same plan, seed, registry
    and history: ``draw_subjects``, or ``draw_stream`` over the same table
    read once in id order (memory proportional to the sample).
    Every drawn row must match one drawn subject exactly (stratum, key,
    rank, period index and name), and every drawn subject must have its row;
    with ``strata`` (the rows of ``output="strata"``), every stratum's ratio,
    ``N_s``, ``E_s``, ``n_s``, drawn count and cutoff, and the registry's size
    and out-of-scope count, must match too. A row may be a mapping by column
    name (a dict, pandas ``to_dict("records")``) or a sequence in column order
    (DuckDB's ``fetchall()``, Spark's ``Row``); integers may be any integer
    type (numpy's too).

    Args:
        rows: The rows of ``draw_sql(..., output="drawn")``.
        draw: The library's draw to check them against.
        strata: The rows of ``draw_sql(..., output="strata")``, if fetched.

    Returns:
        ``Verdict.ok`` when the warehouse gives exactly the library's draw;
        otherwise the discrepancies: ``MALFORMED`` for a row that cannot be
        read, ``SELECTION`` for each difference (strata first, then rows in
        their order, then the subjects missing), at most
        :data:`MAX_DISCREPANCIES` of them and one more that counts the rest.

    Raises:
        ValidationError: ``rows`` or ``strata`` is not a collection, or
            ``draw`` is not a SubjectDraw.
    """
    fix = "pass the rows the warehouse returned, e.g. connection.execute(sql).fetchall()"
    got: tuple[Any, ...] = check_collection(
        rows, obj=_VOBJ, field="rows", what="rows", rule=_RULE, fix=fix
    )
    if not isinstance(draw, SubjectDraw):
        raise type_error(
            draw,
            SubjectDraw,
            obj=_VOBJ,
            field="draw",
            rule=_RULE,
            fix="pass the library's draw of the same data: draw_subjects(plan, registry, ...)",
        )
    found: list[Discrepancy] = []
    if strata is not None:
        strata_rows: tuple[Any, ...] = check_collection(
            strata, obj=_VOBJ, field="strata", what="rows", rule=_RULE, fix=fix
        )
        read_strata, bad = _read_rows(strata_rows, STRATA_COLUMNS, _STRATA_TYPES, "strata")
        if bad:
            return Verdict(discrepancies=tuple(bad))
        found += _strata_checks(read_strata, draw)
    read, bad = _read_rows(got, DRAWN_COLUMNS, _DRAWN_TYPES, "rows")
    if bad:
        return Verdict(discrepancies=tuple(bad))
    found += _drawn_checks(read, draw)
    if len(found) > MAX_DISCREPANCIES:
        rest = len(found) - MAX_DISCREPANCIES
        found = [
            *found[:MAX_DISCREPANCIES],
            _selection("rows", None, rest, f"… and {rest:,} more differences, not listed"),
        ]
    return Verdict(discrepancies=tuple(found))
