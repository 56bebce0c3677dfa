"""The first random: draw the subjects of a plan, stratified by credit grade (R2, R3, R5).

:func:`draw_subjects` follows randinspect-draw/1 (``docs/draw-spec.md``): it
splits the plan's in-scope subjects into strata, sizes each stratum's sample
as ``ceil(N_s x r_s)`` exactly, leaves out the subjects the yearly cap
excludes, and draws the eligible subjects with the smallest keys. The
returned :class:`SubjectDraw` accounts for every subject of the registry and
carries the record a third party needs to re-run the draw.
"""

from __future__ import annotations

import functools
import hashlib
import math
import operator
import warnings
from collections.abc import Container, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from randinspect._checks import check_type
from randinspect._tablerows import draw_rows
from randinspect._values import ParseEnum
from randinspect.caps import (
    Exclusion,
    capped_among,
    check_history,
    counted_tasks,
    exclusion,
    is_exempt,
)
from randinspect.draw import (
    PURPOSE_SUBJECTS,
    SPEC_VERSION,
    Seed,
    check_seed,
    fingerprint,
    key_prefix,
)
from randinspect.errors import RuleViolationError, UnknownIdError, ValidationError
from randinspect.model import (
    CheckItem,
    Flag,
    Grade,
    Period,
    Plan,
    Subject,
    Task,
    format_ratio,
)
from randinspect.registry import Registry

__all__ = [
    "BOOST",
    "RAISED_RATIO_ATTRIBUTES",
    "RECORD_KIND",
    "RELIEF",
    "DrawnSubject",
    "Fate",
    "StratumDraw",
    "SubjectDraw",
    "SubjectFate",
    "draw_subjects",
    "items_for",
]

BOOST = "boost"
"""Name of the stratum of flagged subjects drawn at a higher ratio (R2.4)."""
RELIEF = "relief"
"""Name of the stratum of trusted subjects drawn at a lower ratio (R2.5)."""

RAISED_RATIO_ATTRIBUTES = ("region", "industry")
"""The scope attributes that together make a draw call for a raised ratio (R2.3).

A draw directed by both region (地理区域) and industry (行业), that is whose
scope names both ``attributes["region"]`` and ``attributes["industry"]``,
should draw above the check items' listed ratios (001 §2(3)); see
:func:`draw_subjects`' ``strict``.
"""

RECORD_KIND = "draw"
"""The ``record`` tag of a subject draw's record (an assignment's record has its own)."""

_TOP = (1 << 256) - 1


class Fate(ParseEnum):
    """What a draw did with one subject of the registry.

    ``Fate("drawn")`` and :meth:`parse` read a value or a name; anything else
    is the library's :class:`~randinspect.ValidationError`.
    """

    DRAWN = "drawn"
    """Eligible, with a key at most its stratum's cutoff: to be inspected."""
    NOT_DRAWN = "not_drawn"
    """Eligible, with a key above its stratum's cutoff."""
    EXCLUDED = "excluded"
    """In scope but not eligible: the yearly cap or the department rule (R5)."""
    OUT_OF_SCOPE = "out_of_scope"
    """Outside the directed draw's filter or the check items' subject type (R3.1)."""


@attrs.frozen(kw_only=True)
class DrawnSubject:
    """A drawn subject, with its stratum, key and the period it is dealt to (R3.3).

    Attributes:
        subject: The subject.
        stratum: The stratum it was drawn in: a grade letter, ``boost`` or ``relief``.
        key: Its key, as 64 hex characters.
        rank: Its place in the stratum's sample in key order, from 0.
        period: The period it is dealt to: ``periods[rank mod P]``.
        items: Ids of the plan's check items that apply to the subject
            (:func:`items_for`: its type's and those without a type), in the
            plan's order, done in one visit (R1.2, R4.6, R4.7).
    """

    subject: Subject
    stratum: str
    key: str
    rank: int
    period: Period
    items: tuple[str, ...]


@attrs.frozen(kw_only=True)
class StratumDraw:
    """One stratum of a draw: its sizes, its cutoff and who was drawn (R2.1, R2.2).

    Attributes:
        name: A grade letter, ``boost`` or ``relief``.
        ratio: The stratum's sampling ratio.
        in_scope: ``N_s``, the in-scope subjects of the stratum.
        eligible: ``E_s``, those the yearly cap leaves drawable.
        required: ``n_s = ceil(N_s x r_s)``, in exact arithmetic.
        drawn: Ids drawn, in key order: ``min(n_s, E_s)`` of them.
        keys: The drawn ids' 32-byte keys, in the same order.
        cutoff: The largest drawn key as hex; ``None`` when nobody is drawn.
        excluded: Ids of the in-scope subjects the yearly cap left out, in id
            order; :attr:`SubjectDraw.excluded` gives each one's reason.
    """

    name: str
    ratio: Fraction
    in_scope: int
    eligible: int
    required: int
    drawn: tuple[str, ...]
    keys: tuple[bytes, ...] = attrs.field(repr=False)
    cutoff: str | None
    excluded: tuple[str, ...]

    @property
    def shortfall(self) -> int:
        """How many fewer were drawn than required, for lack of eligible subjects."""
        return self.required - len(self.drawn)

    @property
    def inclusion_probability(self) -> Fraction:
        """The chance an eligible subject of this stratum is drawn: drawn / eligible."""
        return Fraction(len(self.drawn), self.eligible) if self.eligible else Fraction(0)

    def to_data(self) -> dict[str, Any]:
        """Plain data for the published record."""
        return {
            "name": self.name,
            "ratio": format_ratio(self.ratio),
            "in_scope": self.in_scope,
            "eligible": self.eligible,
            "required": self.required,
            "drawn_count": len(self.drawn),
            "shortfall": self.shortfall,
            "inclusion_probability": str(self.inclusion_probability),
            "cutoff": self.cutoff,
            "drawn": list(self.drawn),
            "excluded": list(self.excluded),
        }


@attrs.frozen(kw_only=True)
class SubjectFate:
    """What happened to one subject in a draw, and why.

    Attributes:
        subject_id: The subject.
        fate: Drawn, not drawn, excluded or out of scope.
        stratum: Its stratum, or ``None`` when out of scope.
        key: Its key as hex, or ``None`` when out of scope or excluded.
        period: The period it is dealt to, when drawn.
        detail: Why, in words with the rule (``fate`` is the kind of reason).
    """

    subject_id: str
    fate: Fate
    stratum: str | None
    key: str | None
    period: Period | None
    detail: str

    @property
    def reason(self) -> str:
        """Deprecated: the :attr:`detail` (a ``reason`` is an enum elsewhere in randinspect).

        .. deprecated:: Unreleased
            Use :attr:`detail`; this name warns and returns it.
        """
        warnings.warn(
            "SubjectFate.reason is deprecated: use SubjectFate.detail (the words);"
            " SubjectFate.fate is the kind of reason",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.detail

    def to_data(self) -> dict[str, Any]:
        """A flat row of plain data (for a DataFrame)."""
        return {
            "subject_id": self.subject_id,
            "fate": self.fate.value,
            "stratum": self.stratum,
            "key": self.key,
            "period": self.period.name if self.period else None,
            "period_start": self.period.start.isoformat() if self.period else None,
            "period_end": self.period.end.isoformat() if self.period else None,
            "detail": self.detail,
        }


@attrs.frozen(kw_only=True)
class SubjectDraw:
    """The result of :func:`draw_subjects`: who is drawn, and the record of how.

    Attributes:
        plan: The plan drawn for.
        seed: The seed.
        registry: The registry drawn from.
        strata: Per stratum: ``boost`` and ``relief`` when the plan has them,
            then grades A to D.
        out_of_scope: How many registry subjects the plan's scope left out.
        notes: What a reader should know: empty scopes, shortfalls, a draw
            directed by region and industry at an unraised ratio (R2.3).
    """

    plan: Plan
    seed: Seed
    registry: Registry = attrs.field(repr=False)
    strata: tuple[StratumDraw, ...]
    out_of_scope: int
    notes: tuple[str, ...]
    # The cap's findings for the in-scope subjects; `excluded` writes them up on first use.
    _capped: Mapping[str, Sequence[Task]] = attrs.field(repr=False, eq=False)
    # The history tasks the draw read: random ones counting in the plan's year (R5.1, R5.5).
    _counted: tuple[Task, ...] = attrs.field(default=(), repr=False, eq=False)

    @functools.cached_property
    def excluded(self) -> tuple[Exclusion, ...]:
        """The in-scope subjects the yearly cap left out, with reasons, in id order (R5)."""
        return tuple(
            exclusion(self.plan, subject_id, self._capped[subject_id])
            for subject_id in sorted(self._capped)
        )

    @functools.cached_property
    def drawn(self) -> tuple[DrawnSubject, ...]:
        """The drawn subjects of every stratum in key order, with stratum and period (R3.3).

        Built from the strata on first use: the i-th of a stratum's sample
        (from 0) goes to period ``i mod P``.
        """
        plan = self.plan
        periods = plan.periods
        of_type: dict[str | None, tuple[str, ...]] = {}  # a subject type's item ids, once each
        drawn = []
        for stratum in self.strata:
            for rank, (subject_id, key) in enumerate(
                zip(stratum.drawn, stratum.keys, strict=True)
            ):
                subject = self.registry[subject_id]
                kind = subject.attributes.get("type")
                items = of_type.get(kind)
                if items is None:
                    items = of_type[kind] = tuple(i.id for i in _items_of_type(plan, kind))
                drawn.append(
                    DrawnSubject(
                        subject=subject,
                        stratum=stratum.name,
                        key=key.hex(),
                        rank=rank,
                        period=periods[rank % len(periods)],
                        items=items,
                    )
                )
        drawn.sort(key=lambda d: (d.key, d.subject.id))
        return tuple(drawn)

    @property
    def spec(self) -> str:
        """The draw specification followed: ``randinspect-draw/1``."""
        return SPEC_VERSION

    @property
    def fingerprint(self) -> str:
        """The registry's fingerprint (R1.5)."""
        return self.registry.fingerprint

    def stratum(self, name: str | Grade) -> StratumDraw:
        """The stratum called ``name``: ``boost``, ``relief``, or a grade.

        A grade is a :class:`Grade` or anything :meth:`Grade.parse` reads
        (``"A"``, ``"a"``, ``"低"``).

        Raises:
            ValidationError: ``name`` is neither a str nor a Grade.
            UnknownIdError: the draw has no such stratum.
        """
        check_type(
            name,
            (str, Grade),
            obj=f"SubjectDraw of plan {self.plan.id!r}",
            field="stratum",
            fix=f"name a stratum: one of {[s.name for s in self.strata]}",
        )
        if isinstance(name, Grade):
            wanted = name.value
        else:
            wanted = name if name in {BOOST, RELIEF} else _grade_name(name)
        for stratum in self.strata:
            if stratum.name == wanted:
                return stratum
        raise UnknownIdError(
            "no such stratum in this draw",
            obj=f"SubjectDraw of plan {self.plan.id!r}",
            field="stratum",
            value=name,
            fix=f"use one of {[s.name for s in self.strata]}",
        )

    def fate(self, subject_id: str) -> SubjectFate:
        """What the draw did with one subject, and why.

        Raises:
            ValidationError: ``subject_id`` is not a str.
            UnknownIdError: the subject is not in the registry.
        """
        if not isinstance(subject_id, str):
            check_type(
                subject_id,
                str,
                obj=f"SubjectDraw of plan {self.plan.id!r}",
                field="subject_id",
                fix="ask about a subject by its id, a str",
            )
        subject = self.registry.get(subject_id)
        if subject is None:
            raise UnknownIdError(
                "no such subject in the registry drawn from",
                obj=f"SubjectDraw of plan {self.plan.id!r}",
                field="subject_id",
                value=subject_id,
                fix="ask about a subject of the registry passed to draw_subjects",
            )
        return self._fate(subject)

    def fates(self) -> tuple[SubjectFate, ...]:
        """Every registry subject's fate, once each, in the registry's canonical order."""
        return tuple(self._fate(s) for s in self.registry)

    def to_rows(
        self, *, table: str = "subjects", labels: str | None = None
    ) -> list[dict[str, Any]]:
        """The draw as a table: ``subjects``, ``strata`` or ``exclusions`` (docs/rows.md).

        ``subjects`` has one flat row per registry subject (its grade, flags,
        fate, stratum, key, period and attributes), for
        ``pandas.DataFrame(draw.to_rows())``; ``labels="zh"`` writes enum
        values as the offices' Chinese labels, which the loaders read back.
        """
        return draw_rows(self, table=table, labels=labels)

    @functools.cached_property
    def history_fingerprint(self) -> str:
        """The fingerprint of the history tasks the draw read (R5.1, R5.5, R7.6).

        Those are the random tasks counting in the plan's year, the only ones
        the yearly cap reads; :func:`~randinspect.draw.history_fingerprint`
        gives the same for any history, ``docs/draw-spec.md`` section 7 the text.
        """
        return fingerprint(self._counted)

    @property
    def history_size(self) -> int:
        """How many history tasks the draw read: random ones counting in the plan's year."""
        return len(self._counted)

    def record(self) -> dict[str, Any]:
        """The publishable record (R7.1, R7.6): with the registry and history, enough to re-run.

        Self-contained: the plan in full (scope, ratios, boost and relief
        strata, check items with their subject types, periods, cap policy,
        amendments), the seed, the fingerprints and sizes of the registry and
        of the history read, and per stratum its sizes, cutoff, drawn and
        excluded ids. Plain JSON data: ``json.loads(json.dumps(record))`` is
        equal to it. ``docs/draw-spec.md`` section 8 lists every field;
        :func:`randinspect.verify.verify_draw` re-runs it.
        """
        plan = self.plan.to_data()
        return {
            "record": RECORD_KIND,
            "spec": SPEC_VERSION,
            "seed": self.seed.hex,
            "plan_id": self.plan.id,
            "year": self.plan.year,
            "plan": plan,
            "amendments": [a.to_data() for a in self.plan.amendments],
            "fingerprint": self.fingerprint,
            "registry_size": len(self.registry),
            "history_fingerprint": self.history_fingerprint,
            "history_size": self.history_size,
            "out_of_scope": self.out_of_scope,
            "periods": [p.to_data() for p in self.plan.periods],
            "strata": [s.to_data() for s in self.strata],
            "excluded": [e.to_data() for e in self.excluded],
            "notes": list(self.notes),
        }

    @functools.cached_property
    def _drawn_by_id(self) -> dict[str, DrawnSubject]:
        return {d.subject.id: d for d in self.drawn}

    @functools.cached_property
    def _excluded_by_id(self) -> dict[str, Exclusion]:
        return {e.subject_id: e for e in self.excluded}

    @functools.cached_property
    def _item_types(self) -> frozenset[str]:
        return _item_types(self.plan)

    @functools.cached_property
    def _prefix(self) -> bytes:
        return key_prefix(self.seed, PURPOSE_SUBJECTS, self.plan.id)

    def _fate(self, subject: Subject) -> SubjectFate:
        drawn = self._drawn_by_id.get(subject.id)
        if drawn is not None:
            return SubjectFate(
                subject_id=subject.id,
                fate=Fate.DRAWN,
                stratum=drawn.stratum,
                key=drawn.key,
                period=drawn.period,
                detail=f"key at most the cutoff of stratum {drawn.stratum}",
            )
        outside = _outside_scope(self.plan, subject, self._item_types)
        if outside:
            return SubjectFate(
                subject_id=subject.id,
                fate=Fate.OUT_OF_SCOPE,
                stratum=None,
                key=None,
                period=None,
                detail=outside,
            )
        stratum = _stratum_of(self.plan, subject)
        exclusion = self._excluded_by_id.get(subject.id)
        if exclusion is not None:
            return SubjectFate(
                subject_id=subject.id,
                fate=Fate.EXCLUDED,
                stratum=stratum,
                key=None,
                period=None,
                detail=exclusion.detail,
            )
        key = hashlib.sha256(self._prefix + subject.id.encode()).hexdigest()
        return SubjectFate(
            subject_id=subject.id,
            fate=Fate.NOT_DRAWN,
            stratum=stratum,
            key=key,
            period=None,
            detail=f"key above the cutoff of stratum {stratum}",
        )


# --- scope and strata -------------------------------------------------------------------


def _grade_name(name: str) -> str:
    """The stratum name of a grade written as :meth:`Grade.parse` reads it; else ``name``."""
    try:
        grade: Grade = Grade.parse(name)
    except ValidationError:
        return name  # not a grade: the caller reports the unknown stratum
    return grade.value


def _items_of_type(plan: Plan, kind: str | None) -> tuple[CheckItem, ...]:
    """The plan's items that apply to a subject whose ``type`` attribute is ``kind``.

    The one rule of which items apply (R1.2): an item applies to the
    subjects of its ``subject_type``, and an item without one to every
    subject. :func:`items_for` is its public form, :func:`_item_types` and
    :func:`_outside_scope` its consequence for the scope.
    """
    return tuple(i for i in plan.items if i.subject_type is None or i.subject_type == kind)


def items_for(plan: Plan, subject: Subject) -> tuple[CheckItem, ...]:
    """The check items of ``plan`` that apply to ``subject``, in the plan's order (R1.2, R4.7).

    An item applies to the subjects whose ``attributes["type"]`` is its
    ``subject_type``, and an item without a subject type to every subject.
    A drawn subject's :attr:`DrawnSubject.items`, and so its task's, are
    these; a subject to which none applies is out of the plan's scope
    (R3.1), whatever the plan's ``scope`` says. ``docs/draw-spec.md``
    section 4.

    Raises:
        ValidationError: ``plan`` is not a Plan or ``subject`` not a Subject.
    """
    check_type(
        plan,
        Plan,
        obj="items_for",
        field="plan",
        rule="R1.2",
        fix="build it with Plan(...) or Plan.from_mapping(data)",
    )
    check_type(
        subject, Subject, obj="items_for", field="subject", rule="R1.2", fix="pass a Subject"
    )
    return _items_of_type(plan, subject.attributes.get("type"))


def _item_types(plan: Plan) -> frozenset[str]:
    """The subject types some item applies to; empty when every type has one (R1.2, R3.1).

    That is empty when an item has no subject type: then the type leaves
    nobody out. Either way a subject is in scope by type exactly when
    :func:`_items_of_type` gives it an item (a plan has at least one).
    """
    types = set()
    for item in plan.items:
        if item.subject_type is None:
            return frozenset()
        types.add(item.subject_type)
    return frozenset(types)


def _outside_scope(plan: Plan, subject: Subject, types: frozenset[str]) -> str:
    """Why ``subject`` is outside ``plan``'s scope, or "" when it is inside (R1.2, R3.1).

    Inside means every scope attribute among its allowed values and, when
    ``types`` is not empty, the subject's ``type`` one of them: some check
    item applies to it. ``types`` is ``_item_types(plan)``, worked out once by
    the caller.
    """
    for name, allowed in plan.scope.items():
        value = subject.attributes.get(name)
        if value not in allowed:
            return f"attribute {name!r} is {value!r}, not one of {sorted(allowed)} (R3.1)"
    if types:
        kind = subject.attributes.get("type")
        if kind not in types:
            return (
                f"type {kind!r} is not a subject type of the check items {sorted(types)}:"
                " no item applies to it (R1.2, R3.1)"
            )
    return ""


def _stratum_of(plan: Plan, subject: Subject) -> str:
    if plan.boost is not None and subject.flags & plan.boost.flags:
        return BOOST
    if plan.relief is not None and subject.flags & plan.relief.flags:
        return RELIEF
    return subject.grade.value


def _ratios(plan: Plan) -> dict[str, Fraction]:
    ratios = {}
    if plan.boost is not None:
        ratios[BOOST] = plan.boost.ratio
    if plan.relief is not None:
        ratios[RELIEF] = plan.relief.ratio
    ratios.update((grade.value, ratio) for grade, ratio in plan.ratios.items())
    return ratios


def _members(
    plan: Plan, registry: Registry, types: frozenset[str]
) -> tuple[dict[str, Sequence[str]], int]:
    """In-scope ids per stratum, and how many subjects are out of scope.

    ``types`` is ``_item_types(plan)``; with it and the scope empty, the
    plan is undirected and the registry's own indexes serve.
    """
    names = _ratios(plan)
    if plan.scope or types:
        members: dict[str, list[str]] = {name: [] for name in names}
        outside = 0
        for subject in registry:
            if _outside_scope(plan, subject, types):
                outside += 1
            else:
                members[_stratum_of(plan, subject)].append(subject.id)
        return dict(members), outside
    # Undirected: the registry's own indexes; a flag stratum takes the subjects with its
    # flags that an earlier one has not, a grade those with none of them (from the index
    # by flag: the grade's subjects are not filtered one by one).
    found: dict[str, Sequence[str]] = {}
    moved: frozenset[Flag] = frozenset()
    for name, stratum in ((BOOST, plan.boost), (RELIEF, plan.relief)):
        if stratum is not None:
            found[name] = [s.id for s in registry.with_flags(stratum.flags) if not s.flags & moved]
            moved |= stratum.flags
    for grade in Grade:
        found[grade.value] = registry.ids_with_grade(grade, without=moved)
    return found, 0


def _unraised(plan: Plan) -> list[tuple[Grade, Fraction, Fraction]]:
    """The grades a draw directed by region and industry does not draw above the listed ratio.

    Each as ``(grade, the plan's ratio, the listed ratio)``: the undirected
    ratio of a grade is the highest of the check items' ``min_ratios`` (0%
    when none lists one), and R2.3 (001 §2(3)) asks a draw directed by both
    region and industry to go above it. A grade at 0% is not drawn at all
    (R2.5) and needs no raise. Empty when the scope does not name both
    :data:`RAISED_RATIO_ATTRIBUTES`.
    """
    if not all(name in plan.scope for name in RAISED_RATIO_ATTRIBUTES):
        return []
    found = []
    for grade, ratio in plan.ratios.items():
        listed = max((item.min_ratios[grade] for item in plan.items), default=Fraction(0))
        if ratio and ratio <= listed:
            found.append((grade, ratio, listed))
    return found


def _ratio_notes(plan: Plan, *, strict: object, obj: str) -> list[str]:
    """The R2.3 note on a draw directed by region and industry at unraised ratios.

    With ``strict`` the note is a :class:`RuleViolationError` instead.
    """
    check_type(
        strict,
        bool,
        obj=obj,
        field="strict",
        rule="R2.3",
        fix="pass True to refuse what would be a note, False (the default) to note it",
    )
    unraised = _unraised(plan)
    if not unraised:
        return []
    grades = ", ".join(f"{g.value} {format_ratio(r)}" for g, r, _ in unraised)
    listed = ", ".join(f"{g.value} {format_ratio(m)}" for g, _, m in unraised)
    problem = (
        "the draw is directed by both region and industry (scope attributes"
        f" {list(RAISED_RATIO_ATTRIBUTES)}), but its ratio for grade {grades} is not above"
        f" the check items' listed ratio {listed} (R2.3)"
    )
    if strict:
        raise RuleViolationError(
            problem,
            obj=f"Plan {plan.id!r}",
            field="ratios",
            value={g.value: format_ratio(r) for g, r, _ in unraised},
            rule="R2.3",
            fix="raise each of those ratios above the listed one (001 §2(3)), direct the draw"
            " by region or by industry alone, or draw with strict=False to note it instead",
        )
    return [f"{problem}: a raised ratio is expected (001 §2(3))"]


# --- selection ---------------------------------------------------------------------------


def _sample_size(population: int, ratio: Fraction) -> int:
    """``ceil(population x ratio)`` in exact integer arithmetic (R2.2)."""
    return -(-population * ratio.numerator // ratio.denominator)


def _threshold(wanted: int, eligible: int) -> bytes:
    """A key bound below which about ``wanted`` of ``eligible`` uniform keys fall."""
    if wanted >= eligible:
        return _TOP.to_bytes(32, "big")
    return min(_TOP, (wanted << 256) // eligible).to_bytes(32, "big")


_key_part, _id_part = operator.itemgetter(slice(32)), operator.itemgetter(slice(32, None))


def _select(
    prefix: bytes, members: Sequence[str], excluded: Container[str], size: int, eligible: int
) -> tuple[tuple[bytes, ...], tuple[str, ...]]:
    """The ``size`` eligible members with the smallest keys: their keys and ids, in key order.

    Keys are uniform, so the ``size`` smallest lie below a bound set a safe
    margin (8 standard deviations) above the expected ``size``-th smallest;
    only keys under it are kept and sorted. Should fewer than ``size`` fall
    under it (about once in 10^15 draws), the margin widens and the pass
    repeats, up to the whole stratum. The result is exactly that of sorting
    every key; the bound only saves time and memory.

    Each key's hash starts from a copy of one hash of the prefix, which is
    faster than hashing the prefix again for every member. A kept member is
    one bytes value, its key then its UTF-8 id: sorting those orders by key
    and breaks a tie, should SHA-256 ever give one, by id bytes as the spec
    says, and makes no tuple per member for the garbage collector to scan.
    """
    if size <= 0:
        return (), ()
    primed = hashlib.sha256(prefix).copy
    margin = 8 * math.isqrt(size) + 16
    while True:
        bound = _threshold(size + margin, eligible)
        found: list[bytes] = []
        for i in members:
            utf8 = i.encode()
            sha = primed()
            sha.update(utf8)
            key = sha.digest()
            if key <= bound and i not in excluded:
                found.append(key + utf8)
        if len(found) >= size or size + margin >= eligible:
            break
        margin *= 4
    found.sort()
    del found[size:]
    return tuple(map(_key_part, found)), tuple(map(bytes.decode, map(_id_part, found)))


def draw_subjects(
    plan: Plan,
    registry: Registry | Iterable[Subject],
    *,
    seed: Seed,
    history: Iterable[Task] = (),
    strict: bool = False,
) -> SubjectDraw:
    """Draw the subjects ``plan`` inspects this year (randinspect-draw/1).

    In scope is a subject that the plan's ``scope`` admits and to which at
    least one check item applies (:func:`items_for`); the strata are formed
    over all of them, whatever their type, and each drawn subject carries
    the items that apply to it (``docs/draw-spec.md`` section 4).

    A draw directed by both region and industry (the scope names both
    :data:`RAISED_RATIO_ATTRIBUTES`) whose ratio for a grade is not above the
    check items' listed ratio gets a note: R2.3 asks for a raised ratio.

    Args:
        plan: The plan: scope, strata ratios, periods and cap policy.
        registry: The subject registry as it stands (R1.5); a :class:`Registry`
            or any collection of :class:`Subject`.
        seed: The draw's seed, published or derived (never chosen by the library).
        history: Earlier tasks of any department, for the yearly cap (R5).
        strict: Refuse, rather than note, a draw directed by region and
            industry at a ratio not above the listed one (R2.3).

    Returns:
        The draw, accounting for every registry subject, with its record.

    Raises:
        InvalidSeedError: ``seed`` is not a :class:`Seed`.
        ValidationError: ``plan`` is not a Plan, ``strict`` not a bool, or the
            registry or history is malformed.
        RuleViolationError: with ``strict``, the draw is directed by region
            and industry at a ratio not above the listed one (R2.3).
        DuplicateIdError: two subjects, or two history tasks, share an id.
        InvalidDateError: a random history task has no date or year to count in.
    """
    check_type(
        plan,
        Plan,
        obj="draw_subjects",
        field="plan",
        fix="build it with Plan(...) or Plan.from_mapping(data)",
    )
    check_seed(seed, obj="draw_subjects")
    notes = _ratio_notes(plan, strict=strict, obj="draw_subjects")
    if not isinstance(registry, Registry):
        registry = Registry(registry)
    tasks = check_history(history)
    types = _item_types(plan)
    directed = bool(plan.scope or types)
    members, outside = _members(plan, registry, types)
    ratios = _ratios(plan)
    capped: dict[str, list[Task]] = {}  # the in-scope ones
    left_out: dict[str, list[str]] = {name: [] for name in ratios}
    get = registry.by_id.get
    counted = counted_tasks(plan, tasks)
    for subject_id, found in capped_among(plan, counted).items():
        subject = get(subject_id)
        if subject is None or is_exempt(plan, subject):
            continue
        if not (directed and _outside_scope(plan, subject, types)):
            capped[subject_id] = found
            left_out[_stratum_of(plan, subject)].append(subject_id)
    prefix = key_prefix(seed, PURPOSE_SUBJECTS, plan.id)
    strata = []
    for name, ratio in ratios.items():
        ids = members[name]
        stratum_excluded = tuple(sorted(left_out[name]))
        eligible = len(ids) - len(stratum_excluded)
        required = _sample_size(len(ids), ratio)
        keys, ids_drawn = _select(prefix, ids, capped, min(required, eligible), eligible)
        strata.append(
            StratumDraw(
                name=name,
                ratio=ratio,
                in_scope=len(ids),
                eligible=eligible,
                required=required,
                drawn=ids_drawn,
                keys=keys,
                cutoff=keys[-1].hex() if keys else None,
                excluded=stratum_excluded,
            )
        )
        if required > eligible:
            notes.append(
                f"stratum {name}: {required} required but only {eligible} eligible;"
                f" all drawn, shortfall {required - eligible} (R2.2)"
            )
    if len(registry) == 0:
        notes.append("the registry is empty: nothing to draw")
    elif outside == len(registry):
        notes.append(
            f"no subject of the {len(registry)} in the registry is in the plan's scope"
            f" { ({k: sorted(v) for k, v in plan.scope.items()}) }"
            f" and subject types {sorted(types)} (R3.1): the draw is empty"
        )
    return SubjectDraw(
        plan=plan,
        seed=seed,
        registry=registry,
        strata=tuple(strata),
        out_of_scope=outside,
        notes=tuple(notes),
        capped=capped,
        counted=tuple(counted),
    )
