"""Factories of realistic registries, rosters, histories and plans, for your tests too.

Plain functions that need nothing beyond randinspect's runtime dependencies::

    from randinspect import testing as rit

    registry = rit.registry(10_000, seed=1, grades={"A": "40%", "B": "60%"})
    roster = rit.roster(12, seed=1, registry=registry, conflicts="25%")
    history = rit.history(registry, seed=1, year=2024)
    plan = rit.plan(year=2024)

The data looks like a Henan registry (unit names such as
平顶山市卫东区福寿养老院, the districts of the city as ``region``,
industries, nature, scale) and is the same for the same arguments on every
machine and Python version: every random choice is read from a counter-mode
SHA-256 stream (never :mod:`random`, never global state), block ``i`` of
stream ``purpose`` being::

    SHA-256(UTF-8("randinspect-testing/1|" + seed + "|" + purpose + "|" + str(i)))

where an int seed is written in decimal (so ``seed=7`` and ``seed="7"`` are
the same seed). Subject ``i`` of a registry depends only on the seed and
``i``, except for its grade (see :func:`registry`). Changing the word lists
(:mod:`randinspect.testing._tables`) or this encoding changes the data and
is a breaking change of the factories (``randinspect-testing/1``).

Hypothesis strategies for every public type are in
:mod:`randinspect.testing.strategies`, which needs the ``testing`` extra
(``pip install "randinspect[testing]"``). For compatibility the strategies
this module held before it became a package (``subjects``, ``plans``,
``seeds``, ...) are still reachable from here: the first use imports
:mod:`randinspect.testing.strategies`, so ``import randinspect.testing`` itself
never needs Hypothesis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from randinspect.testing._factories import (
    CITIES,
    DEFAULT_FLAGS,
    DEFAULT_GRADES,
    FACTORY_VERSION,
    TYPES,
    history,
    plan,
    registry,
    roster,
)

if TYPE_CHECKING:  # the forwarded strategies, for type checkers (imported lazily at run time)
    from randinspect.testing.strategies import check_items as check_items
    from randinspect.testing.strategies import dates as dates
    from randinspect.testing.strategies import flags as flags
    from randinspect.testing.strategies import grades as grades
    from randinspect.testing.strategies import ids as ids
    from randinspect.testing.strategies import inspectors as inspectors
    from randinspect.testing.strategies import plans as plans
    from randinspect.testing.strategies import ratios as ratios
    from randinspect.testing.strategies import results as results
    from randinspect.testing.strategies import seeds as seeds
    from randinspect.testing.strategies import subjects as subjects
    from randinspect.testing.strategies import tasks as tasks

__all__ = [
    "CITIES",
    "DEFAULT_FLAGS",
    "DEFAULT_GRADES",
    "FACTORY_VERSION",
    "TYPES",
    "history",
    "plan",
    "registry",
    "roster",
]

_STRATEGIES = frozenset(
    {
        "check_items", "dates", "flags", "grades", "ids", "inspectors",
        "plans", "ratios", "results", "seeds", "subjects", "tasks",
    }
)  # fmt: skip
"""The strategies this module held before it became a package, forwarded to ``.strategies``."""


def __getattr__(name: str) -> Any:
    """A strategy of :mod:`randinspect.testing.strategies`, imported on first use.

    Raises:
        ModuleNotFoundError: Hypothesis is not installed; the message names the fix.
        AttributeError: no such name.
    """
    if name in _STRATEGIES:
        from randinspect.testing import strategies  # noqa: PLC0415  # lazy: needs Hypothesis

        return getattr(strategies, name)
    raise AttributeError(f"module 'randinspect.testing' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_STRATEGIES})
