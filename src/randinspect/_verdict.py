"""The verdict of re-running a record: ok, or the discrepancies, first first (R7.6).

Private: public from ``randinspect.verify`` (and from ``randinspect``).
"""

from __future__ import annotations

from typing import Any

import attrs

from randinspect._values import ParseEnum


class DiscrepancyKind(ParseEnum):
    """What kind of difference a verification found between a record and its inputs."""

    MALFORMED = "malformed"
    """The record lacks a field, or a field has the wrong type or form."""
    SPEC_VERSION = "spec_version"
    """The record follows a spec version this release does not implement."""
    SEED = "seed"
    """The record's seed is not the one expected."""
    PLAN = "plan"
    """The record's plan (id, year, scope, strata, items, periods, caps, amendments)
    is not the plan expected, or does not give the record's own sizes."""
    SUBJECT_ADDED = "subject_added"
    """The registry holds a subject the draw's registry did not."""
    SUBJECT_REMOVED = "subject_removed"
    """The draw's registry held a subject the registry given does not."""
    SUBJECT_CHANGED = "subject_changed"
    """A subject's grade, flags or attributes differ (it moved between strata or scope)."""
    REGISTRY = "registry"
    """The registry's fingerprint differs, for a reason no count or id shows."""
    HISTORY_TASK_ADDED = "history_task_added"
    """The history holds a task the draw's history did not."""
    HISTORY_TASK_REMOVED = "history_task_removed"
    """The draw's history held a task the history given does not."""
    HISTORY = "history"
    """The history's fingerprint differs, for a reason no exclusion shows."""
    SELECTION = "selection"
    """Re-running the draw selects, excludes or counts otherwise than the record says."""
    DRAW = "draw"
    """An assignment record's draw is not the draw record given."""
    ROSTER = "roster"
    """The roster differs: an inspector added, removed or changed."""
    CONFLICTS = "conflicts"
    """The declared conflicts of interest differ."""
    UNAVAILABLE = "unavailable"
    """The unavailable inspectors differ."""
    STAFFING = "staffing"
    """Re-running the staffing gives other teams, leaders, loads or log lines."""
    REPLACEMENT = "replacement"
    """A recorded replacement does not follow the task's draw order (R4.4)."""

    @classmethod
    def _rule(cls) -> str:
        return "R7.6"


@attrs.frozen(kw_only=True)
class Discrepancy:
    """One difference between a record and what re-running it gives.

    Attributes:
        kind: What kind of difference.
        field: Where in the record, as a path (``strata[1].drawn``).
        expected: What re-running gives (or the expected value), as plain data.
        found: What the record says, as plain data.
        detail: One sentence for a reader, naming ids where known.
    """

    kind: DiscrepancyKind
    field: str
    expected: Any
    found: Any
    detail: str

    def to_data(self) -> dict[str, Any]:
        """Plain data for a published verification."""
        return {
            "kind": self.kind.value,
            "field": self.field,
            "expected": self.expected,
            "found": self.found,
            "detail": self.detail,
        }


@attrs.frozen(kw_only=True)
class Verdict:
    """What :func:`~randinspect.verify.verify_draw` or ``verify_assignment`` found.

    Attributes:
        discrepancies: Every difference found, the most fundamental first
            (a malformed record or another spec version before anything else,
            inputs before outcomes); empty when the record verifies.
    """

    discrepancies: tuple[Discrepancy, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the record verifies: re-running it gives exactly the record."""
        return not self.discrepancies

    @property
    def first(self) -> Discrepancy | None:
        """The first discrepancy, or ``None`` when the record verifies."""
        return self.discrepancies[0] if self.discrepancies else None

    def __bool__(self) -> bool:
        return self.ok

    def explain(self) -> str:
        """The verdict in words: ``ok``, or one line per discrepancy."""
        if self.ok:
            return "ok: re-running the record gives exactly the record"
        return "\n".join(f"{d.kind.value} at {d.field}: {d.detail}" for d in self.discrepancies)

    def to_data(self) -> dict[str, Any]:
        """Plain data for a published verification."""
        return {"ok": self.ok, "discrepancies": [d.to_data() for d in self.discrepancies]}
