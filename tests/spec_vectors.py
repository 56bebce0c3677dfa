"""Read the test vectors of docs/draw-spec.md, the one place they are kept."""

from __future__ import annotations

import re
from pathlib import Path

SPEC = Path(__file__).resolve().parent.parent / "docs" / "draw-spec.md"


def section(name: str) -> str:
    """The text between ``<!-- vectors:NAME -->`` and ``<!-- /vectors:NAME -->``."""
    match = re.search(
        rf"<!-- vectors:{name} -->\n(.*?)<!-- /vectors:{name} -->", SPEC.read_text("utf-8"), re.S
    )
    assert match, f"docs/draw-spec.md has no vectors:{name} section"
    return match.group(1)


def table(name: str) -> list[list[str]]:
    """The data rows of the markdown table in section ``name``, cells stripped."""
    rows = [line for line in section(name).splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]
