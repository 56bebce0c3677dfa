"""The worked example: a draw on built-in sample data, re-checked with hashlib alone.

Run it with ``uv run python docs/example.py``.
"""

from __future__ import annotations

import hashlib
import math

from randinspect import Grade, Ratios, Seed, Subject, order_by_key, registry_fingerprint

REGISTRY = [
    Subject(id=f"elder-{i:02d}", grade=grade, attributes={"region": region})
    for i, (grade, region) in enumerate(
        [(g, r) for g in "ABCD" for r in ("卫东区", "新华区", "湛河区")] * 2, start=1
    )
]
RATIOS = Ratios(A="5%", B="10%", C="15%", D="20%")  # variant W, document 000 (R2.1)


def main() -> None:
    """Draw each grade stratum of the sample registry and check it independently."""
    seed = Seed.derive("commitment:2024-weidong-elder", "lottery 2024-07-01: 03 17 22 28 31 09")
    print(f"seed         {seed}")
    print(f"fingerprint  {registry_fingerprint(REGISTRY)}")
    for grade in Grade:
        stratum = [s.id for s in REGISTRY if s.grade is grade]
        size = math.ceil(len(stratum) * RATIOS[grade])
        drawn = order_by_key(stratum, seed=seed, purpose="S", scope="2024-weidong-elder")[:size]
        check = sorted(
            stratum,
            key=lambda i: hashlib.sha256(f"{seed}|S|2024-weidong-elder|{i}".encode()).digest(),
        )[:size]
        assert list(drawn) == check, "the draw must match plain SHA-256"
        print(f"grade {grade.value}: {len(stratum)} in stratum, draw {size}: {', '.join(drawn)}")


if __name__ == "__main__":
    main()
