"""The factories of :mod:`randinspect.testing` (private; public from there).

Kept apart from the package's ``__init__`` so that
:mod:`randinspect.testing.strategies` can build on them without importing
the package that forwards to it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import struct
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from types import MappingProxyType

import attrs

import randinspect.testing._tables as _tables  # noqa: PLR0402  # not the package: no cycle
from randinspect._checks import check_collection, check_int, check_type, check_year
from randinspect._values import (
    RatioLike,
    check_id,
    is_text,
    is_valid_id,
    parse_ratio,
    sorted_text_map,
)
from randinspect.errors import RandInspectError, ValidationError, _relocated
from randinspect.model import (
    CapPolicy,
    CheckItem,
    Flag,
    FlagStratum,
    Grade,
    Inspector,
    Period,
    Plan,
    Ratios,
    Subject,
    Task,
    TaskKind,
    TeamRule,
)
from randinspect.registry import Registry

FACTORY_VERSION = "randinspect-testing/1"
"""The version of the factories' stream encoding and word lists (:mod:`randinspect.testing`)."""

CITIES: tuple[str, ...] = tuple(_tables.CITIES)
"""The cities :func:`registry` can place subjects in (their districts are the regions)."""

TYPES: tuple[str, ...] = tuple(kind.type for kind in _tables.KINDS)
"""The kinds of unit (a subject's ``type`` attribute) :func:`registry` and :func:`plan` know."""

DEFAULT_GRADES: Mapping[str, Fraction] = MappingProxyType(
    {
        "A": Fraction(3, 10),
        "B": Fraction(4, 10),
        "C": Fraction(2, 10),
        "D": Fraction(1, 10),
    }
)
"""The grade mix of :func:`registry` when none is given: A 30%, B 40%, C 20%, D 10%."""

DEFAULT_FLAGS: Mapping[str, Fraction] = MappingProxyType(
    {
        "high_risk": Fraction(5, 100),
        "abnormal": Fraction(2, 100),
        "penalized": Fraction(3, 100),
        "blacklisted": Fraction(1, 100),
        "trusted": Fraction(10, 100),
    }
)
"""The flag rates of :func:`registry` when none are given (each flag independently)."""
# --- the stream ----------------------------------------------------------------------

_BLOCK = struct.Struct(">6x6B5I")
"""A subject's block: 6 bytes of grade key, then one byte each for kind, trade name, name
ending, district, nature and scale, then a 32-bit draw for each flag of :data:`_FLAG_SLOTS`."""
_FLAG_SLOTS = (Flag.BLACKLISTED, Flag.ABNORMAL, Flag.PENALIZED, Flag.HIGH_RISK, Flag.TRUSTED)
"""The flags the factory sets, in the order of their draws in a subject's block."""


def _seed_text(seed: object, *, obj: str) -> str:
    if isinstance(seed, int) and not isinstance(seed, bool):
        if abs(seed).bit_length() > 256:  # noqa: PLR2004
            raise ValidationError(
                "is too long a number for a seed",
                obj=obj,
                field="seed",
                value=seed,
                fix="pass an int of at most 256 bits, or text",
            )
        return str(int(seed))
    if isinstance(seed, str):
        return check_id(str.__str__(seed), obj=obj, field="seed")
    raise ValidationError(
        f"must be an int or text, not {type(seed).__name__}",
        obj=obj,
        field="seed",
        value=seed,
        fix="pass e.g. seed=1 or seed='ci'",
    )


def _stream(seed: str, purpose: str) -> Callable[[int], bytes]:
    """Block ``i`` of the counter-mode SHA-256 stream of ``seed`` and ``purpose``."""
    base = hashlib.sha256(f"{FACTORY_VERSION}|{seed}|{purpose}|".encode())

    def block(index: int) -> bytes:
        h = base.copy()
        h.update(str(index).encode())
        return h.digest()

    return block


def _rate(value: object, *, obj: str, field: str) -> Fraction:
    return parse_ratio(value, obj=obj, field=field)


def _share_threshold(rate: Fraction) -> int:
    """The 32-bit threshold below which a draw is a hit: ``floor(rate * 2**32)``."""
    return int(rate * (1 << 32))  # int() of a non-negative Fraction floors it


def _exact_counts(n: int, shares: Mapping[Grade, Fraction]) -> dict[Grade, int]:
    """``n`` split by ``shares`` (summing to 1) exactly: the largest-remainder rule.

    Each grade gets ``floor(n * share)``; the few left over go one each to the
    grades with the largest remainders ``n * share - floor(n * share)``, ties
    to the better grade (A before B). The counts sum to ``n`` and each is
    within 1 of ``n * share``.
    """
    exact = {grade: n * share for grade, share in shares.items()}
    counts = {grade: int(value) for grade, value in exact.items()}
    left = n - sum(counts.values())
    order = sorted(exact, key=lambda g: (-(exact[g] - counts[g]), list(Grade).index(g)))
    for grade in order[:left]:
        counts[grade] += 1
    return counts


def _counts_share(n: int, share: Fraction) -> int:
    """``n * share`` rounded half up: how many of ``n`` members get a property."""
    return int(n * share + Fraction(1, 2))


# --- registry ------------------------------------------------------------------------

_SUBJECT_FIELDS = ("id", "grade", "name", "attributes", "flags")
_FAST = tuple(f.name for f in attrs.fields(Subject)) == _SUBJECT_FIELDS
"""Whether Subject has exactly the fields the fast build sets (else the checked one)."""


def _grade_shares(grades: object, *, obj: str) -> dict[Grade, Fraction]:
    if grades is None:
        grades = DEFAULT_GRADES
    check_type(grades, Mapping, obj=obj, field="grades", fix='pass e.g. {"A": "30%", "B": "70%"}')
    try:
        ratios = Ratios.of(grades)  # type: ignore[arg-type]  # a Mapping, checked
    except RandInspectError as error:
        raise _relocated(error, obj=obj, field="grades") from None
    shares = dict(ratios.items())
    if sum(shares.values()) != 1:
        raise ValidationError(
            f"the shares add up to {sum(shares.values())}, not 1",
            obj=obj,
            field="grades",
            value={g.value: str(s) for g, s in shares.items()},
            rule="R2.1",
            fix='give shares of the whole registry that add up to 100%, e.g. {"A": "30%",'
            ' "B": "40%", "C": "20%", "D": "10%"}',
        )
    return shares


def _flag_rates(flags: object, *, obj: str) -> dict[Flag, Fraction]:
    if flags is None:
        flags = DEFAULT_FLAGS
    check_type(flags, Mapping, obj=obj, field="flags", fix='pass e.g. {"high_risk": "5%"}')
    rates: dict[Flag, Fraction] = {}
    for key, value in flags.items():  # type: ignore[attr-defined]  # a Mapping, checked
        flag = Flag.parse(key, obj=obj, field="flags")
        if flag in rates or flag not in _FLAG_SLOTS:
            raise ValidationError(
                "names a flag twice" if flag in rates else "names a flag the factory cannot set",
                obj=obj,
                field="flags",
                value=key,
                rule="R1.4",
                fix=f"name each of {[f.value for f in _FLAG_SLOTS]} at most once",
            )
        rates[flag] = _rate(value, obj=obj, field=f"flags[{flag.value}]")
    return rates


def _kinds(types: object, *, obj: str) -> tuple[_tables.Kind, ...]:
    if types is None:
        return _tables.KINDS
    wanted: tuple[object, ...] = check_collection(
        types, obj=obj, field="types", what="subject types", fix=f"pass some of {list(TYPES)}"
    )
    by_type = {kind.type: kind for kind in _tables.KINDS}
    chosen = []
    for each in wanted:
        if not isinstance(each, str) or each not in by_type:
            raise ValidationError(
                "is not a subject type the factories know",
                obj=obj,
                field="types",
                value=each,
                rule="R1.4",
                fix=f"pass some of {list(TYPES)}",
            )
        if by_type[each] not in chosen:
            chosen.append(by_type[each])
    if not chosen:
        raise ValidationError(
            "names no subject type",
            obj=obj,
            field="types",
            value=wanted,
            rule="R1.4",
            fix=f"pass at least one of {list(TYPES)}, or None for all",
        )
    return tuple(chosen)


def _districts(city: object, *, obj: str) -> tuple[str, ...]:
    if not isinstance(city, str) or city not in _tables.CITIES:
        raise ValidationError(
            "is not a city the factories know",
            obj=obj,
            field="city",
            value=city,
            fix=f"pass one of {list(CITIES)}",
        )
    return _tables.CITIES[city]


def _texts(
    value: object, *, obj: str, field: str, empty: bool = False, fix: str
) -> tuple[str, ...]:
    """The members of a collection of text (non-empty text unless ``empty``), as ``str``."""
    members: tuple[object, ...] = check_collection(
        value, obj=obj, field=field, what="text", fix=fix
    )
    for member in members:
        if not (isinstance(member, str) and is_text(member) and (empty or member.strip())):
            raise ValidationError(
                "must be text" if empty else "must be non-empty text",
                obj=obj,
                field=field,
                value=member,
                fix=fix,
            )
    return tuple(str.__str__(m) for m in members if isinstance(m, str))  # all of them


def _text(value: object, *, obj: str, field: str, empty: bool = False, fix: str) -> str:
    (text,) = _texts((value,), obj=obj, field=field, empty=empty, fix=fix)
    return text


def _prefix(prefix: object, *, obj: str) -> str:
    if not isinstance(prefix, str) or not is_valid_id(str.__str__(prefix) + "0"):
        raise ValidationError(
            "must be text that starts a valid id (no '|', no control characters)",
            obj=obj,
            field="prefix",
            value=prefix,
            rule="R1.4",
            fix="pass e.g. prefix='s'",
        )
    return str.__str__(prefix)


def registry(
    n: int,
    *,
    seed: int | str = 0,
    grades: Mapping[Grade | str, RatioLike] | None = None,
    flags: Mapping[Flag | str, RatioLike] | None = None,
    types: Iterable[str] | None = None,
    city: str = "平顶山市",
    prefix: str = "s",
) -> Registry:
    """A registry of ``n`` subjects that looks like a Henan city's (R1.4).

    Subject ``i`` has the id ``prefix + str(i)``, zero-padded to the width of
    ``n - 1`` (``s0`` to ``s9`` for 10 subjects, ``s00000`` to ``s99999`` for
    100,000, so id order is number order); a name such as
    ``平顶山市卫东区福寿养老院``; and the attributes ``type`` (one of
    ``types``, by default all of :data:`TYPES`), ``industry``, ``region`` (a
    district of ``city``), ``nature`` and ``scale``, each drawn near
    uniformly (nature and scale weighted towards private, small units).

    Grades follow the mix ``grades`` (shares of the registry per grade that
    add up to 1; by default :data:`DEFAULT_GRADES`) exactly: the counts are
    the largest-remainder split of ``n`` (the largest-remainder rule, each within 1
    of ``n * share``), dealt out in the order of a per-subject key from the
    stream. Flags are drawn independently for each subject and flag: a
    subject carries a flag with probability ``floor(rate * 2**32) / 2**32``
    (within 2⁻³² of the rate), so a flag's count is binomial around
    ``n * rate`` (by default :data:`DEFAULT_FLAGS`; ``{}`` for none).

    Built through the same trusted path as the fast row loader (every field
    is made from the tables here, valid by construction), with the
    attribute maps shared between subjects: 100,000 subjects take about as
    long as hashing them.

    Raises:
        ValidationError: ``n`` is not 0 to 10,000,000; the seed is not an int
            or valid id text; the grade shares do not add up to 1; a flag or
            type is unknown or named twice; the city is not in :data:`CITIES`;
            the prefix cannot start an id.
    """
    obj = "randinspect.testing.registry"
    count = check_int(n, obj=obj, field="n", minimum=0, maximum=10_000_000)
    text = _seed_text(seed, obj=obj)
    shares = _grade_shares(grades, obj=obj)
    rates = _flag_rates(flags, obj=obj)
    kinds = _kinds(types, obj=obj)
    districts = _districts(city, obj=obj)
    start = _prefix(prefix, obj=obj)
    width = len(str(count - 1)) if count > 1 else 1
    block = _stream(text, "S")
    blocks = [block(i) for i in range(count)]

    # Grades: exact counts, dealt in key order (ties, never seen, by index).
    counts = _exact_counts(count, shares)
    order = sorted(range(count), key=blocks.__getitem__)
    grade_of: list[Grade] = [Grade.A] * count
    at = 0
    for grade in Grade:
        for i in order[at : at + counts[grade]]:
            grade_of[i] = grade
        at += counts[grade]

    return Registry(
        _subjects(blocks, grade_of, rates, kinds, districts, city=city, start=start, width=width)
    )


def _subjects(
    blocks: list[bytes],
    grade_of: list[Grade],
    rates: Mapping[Flag, Fraction],
    kinds: tuple[_tables.Kind, ...],
    districts: tuple[str, ...],
    *,
    city: str,
    start: str,
    width: int,
) -> list[Subject]:
    """The subjects of :func:`registry`, one per block, built trusted (fields from the tables)."""
    trades, natures, scales = _tables.TRADE_NAMES, _tables.NATURES, _tables.SCALES
    # Every attribute map there can be, built once and shared (they are immutable).
    maps = [
        sorted_text_map(
            {
                "industry": kind.industry,
                "nature": nature,
                "region": region,
                "scale": scale,
                "type": kind.type,
            }
        )
        for kind in kinds
        for region in districts
        for nature in natures
        for scale in scales
    ]
    # The flag sets by bit mask (bit k: the k-th of _FLAG_SLOTS), built once each.
    slots = tuple(_FLAG_SLOTS)
    limits = [_share_threshold(rates.get(flag, Fraction(0))) for flag in slots]
    t0, t1, t2, t3, t4 = limits
    marks = [frozenset(f for k, f in enumerate(slots) if mask >> k & 1) for mask in range(32)]
    k_n, d_n, n_n, s_n = len(kinds), len(districts), len(natures), len(scales)
    t_n = len(trades)
    prefix = [f"{city}{region}" for region in districts]
    unpack = _BLOCK.unpack
    subjects: list[Subject] = []
    append = subjects.append
    set_id, set_grade, set_name, set_attributes, set_flags = (
        getattr(Subject, name).__set__ for name in _SUBJECT_FIELDS
    )
    new = object.__new__
    for i, b in enumerate(blocks):
        kind_b, trade_b, ending_b, region_b, nature_b, scale_b, f0, f1, f2, f3, f4 = unpack(b)
        k, d = kind_b % k_n, region_b % d_n
        endings = kinds[k].endings
        name = f"{prefix[d]}{trades[trade_b % t_n]}{endings[ending_b % len(endings)]}"
        attributes = maps[((k * d_n + d) * n_n + nature_b % n_n) * s_n + scale_b % s_n]
        flags = marks[
            (f0 < t0) | (f1 < t1) << 1 | (f2 < t2) << 2 | (f3 < t3) << 3 | (f4 < t4) << 4
        ]
        ident = f"{start}{i:0{width}d}"
        if _FAST:
            subject = new(Subject)
            set_id(subject, ident)
            set_grade(subject, grade_of[i])
            set_name(subject, name)
            set_attributes(subject, attributes)
            set_flags(subject, flags)
        else:  # pragma: no cover  # Subject gained a field: the checked constructor
            subject = Subject(
                id=ident, grade=grade_of[i], name=name, attributes=attributes, flags=flags
            )
        append(subject)
    return subjects


# --- roster --------------------------------------------------------------------------


def _subjects_of(value: object, *, obj: str) -> tuple[Subject, ...]:
    if value is None:
        return ()
    if isinstance(value, Registry):
        return value.subjects
    members: tuple[object, ...] = check_collection(
        value, obj=obj, field="registry", what="subjects", fix="pass a Registry"
    )
    for member in members:
        check_type(member, Subject, obj=obj, field="registry", fix="pass a Registry")
    return members  # type: ignore[return-value]  # each checked


def _chosen(count: int, share: Fraction, block: Callable[[int], bytes], offset: int) -> set[int]:
    """The ``round(count * share)`` indices whose keys (at ``offset``) come first."""
    order = sorted(range(count), key=lambda i: block(i)[offset : offset + 8])
    return set(order[: _counts_share(count, share)])


def roster(
    n: int,
    *,
    seed: int | str = 0,
    departments: Iterable[str] = (_tables.DEPARTMENT,),
    can_lead: RatioLike = "30%",
    certified: RatioLike = "100%",
    qualified: RatioLike = "20%",
    registry: Registry | Iterable[Subject] | None = None,
    conflicts: RatioLike = 0,
    year: int = 2024,
    prefix: str = "i",
) -> tuple[Inspector, ...]:
    """A roster of ``n`` inspectors with Chinese names, posts and certificates (R1.3).

    Inspector ``i`` (id ``prefix + str(i)``, zero-padded as in :func:`registry`)
    belongs to ``departments[i % len(departments)]`` and a unit (股室) of it.
    The shares are exact counts, ``round(n * share)`` with halves up, given to
    the inspectors whose keys from the stream come first: ``can_lead`` (a
    section head's post, R4.5), ``certified`` (the others hold no
    certificate, R1.3), ``qualified`` (one expertise such as 消防安全, R3.2)
    and ``conflicts`` (a declared conflict with one to three subjects of
    ``registry``, R4.3). Certificates expire on 31 December of ``year + 1`` to
    ``year + 4``.

    Raises:
        ValidationError: ``n`` is not 0 to 1,000,000; a share is not a ratio;
            ``departments`` is empty or not text; ``conflicts`` is above 0
            without a ``registry`` (an empty one gives no conflicts); the seed,
            year or prefix is invalid.
    """
    obj = "randinspect.testing.roster"
    count = check_int(n, obj=obj, field="n", minimum=0, maximum=1_000_000)
    text = _seed_text(seed, obj=obj)
    names: tuple[str, ...] = check_collection(
        departments, obj=obj, field="departments", what="department names",
        fix="pass e.g. departments=('卫东区民政局',)",
    )  # fmt: skip
    if not names or not all(isinstance(d, str) and d.strip() for d in names):
        raise ValidationError(
            "must name at least one department, each as non-empty text",
            obj=obj,
            field="departments",
            value=names,
            rule="R1.3",
            fix="pass e.g. departments=('卫东区民政局',)",
        )
    shares = {
        field: _rate(value, obj=obj, field=field)
        for field, value in (
            ("can_lead", can_lead), ("certified", certified),
            ("qualified", qualified), ("conflicts", conflicts),
        )
    }  # fmt: skip
    subjects = _subjects_of(registry, obj=obj)
    if shares["conflicts"] and registry is None:
        raise ValidationError(
            "declares conflicts but names no subjects to have them with",
            obj=obj,
            field="registry",
            value=None,
            rule="R4.3",
            fix="pass registry=... (the registry the roster is drawn against), or conflicts=0",
        )
    first = check_year(year, obj=obj)
    start = _prefix(prefix, obj=obj)
    width = len(str(count - 1)) if count > 1 else 1
    block = _stream(text, "I")
    leads = _chosen(count, shares["can_lead"], block, 0)
    certified_ = _chosen(count, shares["certified"], block, 8)
    qualified_ = _chosen(count, shares["qualified"], block, 16)
    conflicted = _chosen(count, shares["conflicts"], block, 24)
    details = _stream(text, "I2")
    t = _tables
    built = []
    for i in range(count):
        b2 = details(i)
        lead = i in leads
        posts = t.LEADER_POSTS if lead else t.POSTS
        with_conflicts: frozenset[str] = frozenset()
        if i in conflicted and subjects:
            many = 1 + b2[0] % 3
            with_conflicts = frozenset(
                subjects[int.from_bytes(b2[1 + 4 * k : 5 + 4 * k], "big") % len(subjects)].id
                for k in range(many)
            )
        is_certified = i in certified_
        built.append(
            Inspector(
                id=f"{start}{i:0{width}d}",
                department=names[i % len(names)],
                name=t.SURNAMES[b2[13] % len(t.SURNAMES)]
                + t.GIVEN_NAMES[b2[14] % len(t.GIVEN_NAMES)],
                unit=t.UNITS[b2[15] % len(t.UNITS)],
                certified=is_certified,
                certificate_no=f"410400{first % 100:02d}{i:06d}" if is_certified else "",
                certificate_expires=dt.date(min(first + 1 + b2[16] % 4, 9999), 12, 31)
                if is_certified
                else None,
                qualifications=frozenset(
                    {t.QUALIFICATIONS[b2[17] % len(t.QUALIFICATIONS)]} if i in qualified_ else ()
                ),
                can_lead=lead,
                conflicts=with_conflicts,
                attributes={
                    "gender": "男" if b2[18] % 2 else "女",
                    "post": posts[b2[19] % len(posts)],
                },
            )
        )
    return tuple(built)


# --- history -------------------------------------------------------------------------


def history(
    registry: Registry | Iterable[Subject],
    *,
    seed: int | str = 0,
    year: int = 2024,
    inspected: RatioLike = "20%",
    twice: RatioLike = "5%",
    complaints: RatioLike = "10%",
    department: str = _tables.DEPARTMENT,
    units: Iterable[str] = ("",),
    plan_id: str = "earlier",
    items: Iterable[str] = ("earlier-item",),
) -> tuple[Task, ...]:
    """Earlier inspections of ``registry``'s subjects in ``year``: a history for the caps (R5).

    ``round(N * inspected)`` subjects (halves up, N the registry's size), those
    whose keys from the stream come first, were inspected once; of them,
    ``round(N * twice)`` twice (``twice`` at most ``inspected``). Each task
    is on a day of ``year`` from the stream, of ``department`` and of one of
    ``units`` (cycled), under ``plan_id`` with ``items``; ``round(T *
    complaints)`` of the T tasks are complaint-driven (never capped, R5.5),
    the others random. Task ids are ``h`` and a zero-padded number, in
    subject order.

    Raises:
        ValidationError: ``registry`` is not subjects; a share is not a
            ratio, or ``twice`` is above ``inspected``; the year, department,
            units, plan id or items are invalid (named as :class:`Task` names them).
    """
    obj = "randinspect.testing.history"
    subjects = _subjects_of(registry, obj=obj)
    text = _seed_text(seed, obj=obj)
    first = check_year(year, obj=obj)
    once = _rate(inspected, obj=obj, field="inspected")
    again = _rate(twice, obj=obj, field="twice")
    complaint = _rate(complaints, obj=obj, field="complaints")
    if again > once:
        raise ValidationError(
            "is more than the share inspected at all",
            obj=obj,
            field="twice",
            value=str(again),
            rule="R5.1",
            fix=f"pass twice at most inspected ({once})",
        )
    unit_names = _texts(
        units, obj=obj, field="units", empty=True, fix="pass e.g. units=('', '养老服务股')"
    ) or ("",)
    item_ids: tuple[str, ...] = check_collection(
        items, obj=obj, field="items", what="item ids", fix="pass e.g. items=('item',)"
    )
    for item in item_ids:
        check_id(item, obj=obj, field="items")
    check_id(plan_id, obj=obj, field="plan_id")
    department = _text(department, obj=obj, field="department", fix="pass e.g. '卫东区民政局'")
    block = _stream(text, "H")
    size = len(subjects)
    order = sorted(range(size), key=lambda i: block(i)[:8])
    inspected_ = sorted(order[: _counts_share(size, once)])
    twice_ = set(order[: _counts_share(size, again)])
    days = (dt.date(first, 12, 31) - dt.date(first, 1, 1)).days + 1
    rows = []
    for i in inspected_:
        b = block(i)
        times = 2 if i in twice_ else 1
        for k in range(times):
            day = int.from_bytes(b[8 + 4 * k : 12 + 4 * k], "big") % days
            rows.append((subjects[i].id, dt.date(first, 1, 1) + dt.timedelta(days=day), b[16 + k]))
    complaint_rows = _chosen(len(rows), complaint, _stream(text, "HC"), 0)
    width = len(str(len(rows) - 1)) if len(rows) > 1 else 1
    return tuple(
        Task(
            id=f"h{k:0{width}d}",
            plan_id=plan_id,
            subject_id=subject_id,
            items=item_ids,
            department=department,
            unit=unit_names[byte % len(unit_names)],
            kind=TaskKind.COMPLAINT if k in complaint_rows else TaskKind.RANDOM,
            on=day,
        )
        for k, (subject_id, day, byte) in enumerate(rows)
    )


# --- plan ----------------------------------------------------------------------------

_VARIANTS: dict[str, Ratios] = {
    "W": Ratios(A="5%", B="10%", C="15%", D="20%"),
    "F": Ratios(A="1%", B="3%", C="10%", D="20%"),
}
"""The ratio variants of RULES.md R2.1: W of document 000, F of document 001."""


def _periods(year: int, count: object, *, obj: str) -> tuple[Period, ...]:
    if type(count) is not int or count not in {1, 2, 3, 4, 6, 12}:
        raise ValidationError(
            "must divide the year into equal months: 1, 2, 3, 4, 6 or 12",
            obj=obj,
            field="periods",
            value=count,
            rule="R3.3",
            fix="pass periods=2 for two half-years (R6.2)",
        )
    months = 12 // count
    out = []
    for k in range(count):
        start = dt.date(year, 1 + k * months, 1)
        end_month = (k + 1) * months
        end = (
            dt.date(year, 12, 31)
            if end_month == 12  # noqa: PLR2004
            else dt.date(year, end_month + 1, 1) - dt.timedelta(days=1)
        )
        out.append(Period(start=start, end=end, name=f"P{k + 1}" if count != 2 else f"H{k + 1}"))  # noqa: PLR2004
    return tuple(out)


def plan(
    *,
    id: str = "p2024",  # noqa: A002  # the field's name
    year: int = 2024,
    department: str = _tables.DEPARTMENT,
    types: Iterable[str] = ("养老机构",),
    ratios: str | Ratios | Mapping[Grade | str, RatioLike] = "W",
    partners: Iterable[str] = (),
    periods: int = 2,
    boost: RatioLike | None = "30%",
    relief: RatioLike | None = None,
    team: TeamRule | None = None,
    caps: CapPolicy | None = None,
    unit: str = "",
) -> Plan:
    """A plan like document 000's (平卫民〔2024〕16号): one check item per subject type.

    Each of ``types`` (from :data:`TYPES`) gets a check item of ``department``
    (``{id}-1``, ``{id}-2``, ...) whose ``subject_type`` is that type, so the
    draw covers the registry's subjects of those types (R3.1); each partner
    of a joint plan brings an item of its own (R4.6; document 000's are
    :data:`~randinspect.testing._tables.PARTNERS`). ``ratios`` is ``"W"``
    (A 5%, B 10%, C 15%, D 20%; document 000), ``"F"`` (A 1%, B 3%, C 10%,
    D 20%; document 001) or any ratios (R2.1). ``boost`` is the ratio of the
    stratum of high-risk and blacklisted subjects (R2.4), ``relief`` that of
    trusted ones (R2.5), each ``None`` for none. ``periods`` splits the year
    into equal windows (2: the half-years of R6.2). Nothing is random: no seed.

    Raises:
        ValidationError: a type is unknown; ``ratios`` names no variant; the
            periods do not divide the year; or the plan itself is invalid (as
            :class:`Plan` names it).
    """
    obj = "randinspect.testing.plan"
    kinds = _kinds(types, obj=obj)
    first = check_year(year, obj=obj)
    if isinstance(ratios, str):
        if ratios not in _VARIANTS:
            raise ValidationError(
                "names no ratio variant",
                obj=obj,
                field="ratios",
                value=ratios,
                rule="R2.1",
                fix="pass 'W' (document 000), 'F' (document 001) or Ratios(...)",
            )
        ratios = _VARIANTS[ratios]
    check_id(id, obj=obj, field="id")
    department = _text(department, obj=obj, field="department", fix="pass e.g. '卫东区民政局'")
    unit = _text(unit, obj=obj, field="unit", empty=True, fix="pass e.g. '' or '养老服务股'")
    joint = _texts(partners, obj=obj, field="partners", fix=f"pass e.g. {_tables.PARTNERS}")
    boost_ratio = None if boost is None else _rate(boost, obj=obj, field="boost")
    relief_ratio = None if relief is None else _rate(relief, obj=obj, field="relief")
    for field, value, cls in (("team", team, TeamRule), ("caps", caps, CapPolicy)):
        if value is not None:
            check_type(value, cls, obj=obj, field=field, fix=f"pass a {cls.__name__}, or None")
    items = [
        CheckItem(
            id=f"{id}-{k}",
            name=kind.item,
            department=department,
            basis=kind.basis,
            subject_type=kind.type,
            content=kind.item,
            method="现场检查",
            frequency="每年不少于1次",
            responsible_unit=unit,
        )
        for k, kind in enumerate(kinds, start=1)
    ]
    items += [
        CheckItem(
            id=f"{id}-{len(kinds) + k}",
            name=f"{partner}随机抽查事项",
            department=partner,
            subject_type=kinds[0].type,
            method="现场检查",
        )
        for k, partner in enumerate(joint, start=1)
    ]
    return Plan(
        id=id,
        year=first,
        department=department,
        unit=unit,
        items=items,
        partners=joint,
        ratios=ratios,
        boost=None
        if boost_ratio is None
        else FlagStratum(flags={Flag.HIGH_RISK, Flag.BLACKLISTED}, ratio=boost_ratio),
        relief=None
        if relief_ratio is None
        else FlagStratum(flags={Flag.TRUSTED}, ratio=relief_ratio),
        periods=_periods(first, periods, obj=obj),
        team=TeamRule() if team is None else team,
        caps=CapPolicy() if caps is None else caps,
    )
