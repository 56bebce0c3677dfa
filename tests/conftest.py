"""Test-wide settings: property tests draw the same examples on every run.

Hypothesis explores with a fixed seed (``derandomize``) and keeps no example
database, so a run on a fresh clone (CI) tries exactly what a developer's run
tried: a property test never passes on one run and fails on the next.
"""

from hypothesis import settings

settings.register_profile("randinspect", derandomize=True, database=None)
settings.load_profile("randinspect")
