"""docs/rules.md has an anchor for every rule that the code and the docs cite.

Errors and docstrings cite the rulebook as ``[R2.2]``, ``(R2.2)`` or ``R6``;
the docs site links each such number to its anchor on the rules page
(``#r2-2``, ``#r6``) through the MkDocs hook docs/hooks/rule_links.py. These
tests hold the page to the citations, to the project's rulebook, and the hook
to what it must and must not link.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES_PAGE = ROOT / "docs" / "rules.md"
RULEBOOK = ROOT.parent / "shared" / "RULES.md"  # the project's rulebook, beside the clone
CITATION = re.compile(r"(?<![\w.])R([1-9]\d*)(?:\.(\d+))?(?!\w|\.\d)")
ANCHOR = re.compile(r"\{#(r\d+(?:-\d+)?)\}")


def load_hook() -> ModuleType:
    """The hook module, loaded from its file as MkDocs loads it."""
    spec = importlib.util.spec_from_file_location(
        "rule_links", ROOT / "docs" / "hooks" / "rule_links.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def anchors() -> list[str]:
    """Every anchor the rules page defines, in page order."""
    return ANCHOR.findall(RULES_PAGE.read_text("utf-8"))


def cited(paths: list[Path]) -> dict[str, str]:
    """Anchor of each rule cited in ``paths`` -> the first file citing it."""
    found: dict[str, str] = {}
    for path in paths:
        for major, minor in CITATION.findall(path.read_text("utf-8")):
            name = f"r{major}-{minor}" if minor else f"r{major}"
            found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_every_rule_cited_in_src_has_an_anchor() -> None:
    """Each R-number in src/ (errors' rule=, docstrings) can be looked up on the rules page."""
    citations = cited(sorted((ROOT / "src").rglob("*.py")))
    assert "r2-2" in citations  # the scan finds citations at all
    missing = {name: path for name, path in citations.items() if name not in anchors()}
    assert {} == missing


def test_every_rule_cited_in_the_docs_has_an_anchor() -> None:
    """Each R-number on a docs page or in the README links to an anchor that exists."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    missing = {name: path for name, path in cited(pages).items() if name not in anchors()}
    assert {} == missing


def test_anchors_are_unique_and_one_per_rule_and_section() -> None:
    """R1–R7 each have a section anchor and every rule its own, none twice."""
    names = anchors()
    assert len(names) == len(set(names))
    assert {f"r{i}" for i in range(1, 8)} <= set(names)
    assert "r6-10" in names  # two-digit rule numbers are anchors of their own
    assert 7 + 43 == len(names)  # 7 sections, 43 rules: R1.1-R1.5 ... R7.1-R7.7


@pytest.mark.skipif(not RULEBOOK.is_file(), reason="the rulebook is not beside this clone")
def test_the_page_restates_every_rule_of_the_rulebook() -> None:
    """Each rule of the project's RULES.md is on the page, with its number and its text."""
    book = RULEBOOK.read_text("utf-8")
    page = RULES_PAGE.read_text("utf-8")
    rules = re.findall(r"^- (R\d+\.\d+) (.*)$", book, re.M)
    listed = re.compile(r"^- \[\*\*(R\d+\.\d+)\*\*\]\(#r[\d-]+\)\{#r[\d-]+\} (.*)$", re.M)
    restated = dict(listed.findall(page))
    assert dict(rules) == restated


def test_hook_links_rule_numbers_in_text() -> None:
    """R2.2, a section (R5) and both ends of a range (R2-R5, R7.1-R7.3) become links."""
    hook = load_hook()
    known = frozenset({"r2", "r5", "r2-2", "r7-1", "r7-3"})
    html = "<p>ratio (R2.2) [R2.2]; caps R5; plan R2-R5; notices R7.1-R7.3.</p>"
    linked = hook.link_rules(html, "../../rules/", known, "api/x.md")
    hrefs = re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', linked)
    expected = [
        ("../../rules/#r2-2", "R2.2"),
        ("../../rules/#r2-2", "R2.2"),
        ("../../rules/#r5", "R5"),
        ("../../rules/#r2", "R2"),
        ("../../rules/#r5", "R5"),
        ("../../rules/#r7-1", "R7.1"),
        ("../../rules/#r7-3", "R7.3"),
    ]
    assert expected == hrefs


def test_hook_leaves_links_headings_code_blocks_and_attributes_alone() -> None:
    """Nothing is linked in a link, a heading, a <pre> block or an attribute, nor in a word."""
    hook = load_hook()
    known = frozenset({"r2-2"})
    html = (
        '<h2 id="x">R2.2 heading</h2><a href="#y">see R2.2</a>'
        '<pre><code>rule="R2.2"</code></pre><span title="R2.2">XR2.2 R2.2x R2.2.1</span>'
    )
    assert html == hook.link_rules(html, "rules/", known, "api/x.md")


def test_hook_warns_on_a_rule_the_page_lacks(caplog: pytest.LogCaptureFixture) -> None:
    """A cited rule with no anchor is left as text and logged, so a strict build fails."""
    hook = load_hook()
    with caplog.at_level(logging.WARNING):
        linked = hook.link_rules("<p>R9.9</p>", "rules/", frozenset({"r2-2"}), "api/x.md")
    assert "<p>R9.9</p>" == linked
    assert ["api/x.md cites R9.9: docs/rules.md has no anchor for it"] == [
        record.getMessage() for record in caplog.records
    ]


def test_hook_reads_the_pages_anchors() -> None:
    """The hook finds on the rules page the same anchors as this test does."""
    hook = load_hook()
    assert set(anchors()) == hook.rule_anchors(RULES_PAGE.read_text("utf-8"))
