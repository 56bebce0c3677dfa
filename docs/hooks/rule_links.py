"""MkDocs hook: every rule number (R2.2, R5, ...) on a rendered page links to docs/rules.md.

Docstrings and error messages cite the rulebook as ``R2.2`` or ``[R2.2]``, and
sections as ``R6``. After a page is rendered, this hook turns each such number
in its text into a link to the rule's anchor on the rules page (``#r2-2``,
``#r6``), on the API reference and on every other page but the rules page
itself. It leaves alone what must not become a link: text inside a link
already, a heading, a code block (``<pre>``), and tag attributes. A number
that the rules page has no anchor for is logged as a warning, so that
``mkdocs build --strict`` fails on a rule that does not exist.

It is build code, not a page: mkdocs.yml excludes ``hooks/`` from the site.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

RULES_PAGE = "rules.md"

# R1..R7 and R1.1.. ; not inside a longer word or number (R2.2x, XR2, R2.2.1).
RULE = re.compile(r"(?<![\w.])R([1-9]\d*)(?:\.(\d+))?(?!\w|\.\d)")
# An anchor of the rules page, as written there: {#r2-2} or id="r2-2".
ANCHOR = re.compile(r"""\{#(r\d+(?:-\d+)?)\}|\bid=["'](r\d+(?:-\d+)?)["']""")
TAG = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
# Inside these elements no rule number becomes a link.
SKIPPED = {"a", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "title"}

log = logging.getLogger("mkdocs.hooks.rule_links")


def anchor(major: str, minor: str | None) -> str:
    """The rules page's anchor of R<major>[.<minor>]: ``r2-2`` or ``r2``."""
    return f"r{major}-{minor}" if minor is not None else f"r{major}"


def rule_anchors(markdown: str) -> frozenset[str]:
    """The anchors that the rules page's Markdown defines."""
    return frozenset(a or b for a, b in ANCHOR.findall(markdown))


def link_rules(text: str, href: str, anchors: frozenset[str], where: str) -> str:
    """``text`` (HTML) with each rule number outside links, headings and code blocks linked."""
    parts = TAG.split(text)
    depth: dict[str, int] = dict.fromkeys(SKIPPED, 0)

    def replace(match: re.Match[str]) -> str:
        name = anchor(match[1], match[2])
        if name not in anchors:
            log.warning("%s cites %s: docs/%s has no anchor for it", where, match[0], RULES_PAGE)
            return match[0]
        title = html.escape(f"rule {match[0]} of the rulebook", quote=True)
        return f'<a class="rule-link" href="{href}#{name}" title="{title}">{match[0]}</a>'

    for index, part in enumerate(parts):
        if index % 2:  # a tag
            found = TAG_NAME.match(part)
            if found and found[2].lower() in depth and not part.endswith("/>"):
                tag = found[2].lower()
                depth[tag] = max(0, depth[tag] + (-1 if found[1] else 1))
            continue
        if part and not any(depth.values()):
            parts[index] = RULE.sub(replace, part)
    return "".join(parts)


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    """Link the rule numbers of every page but the rules page (a MkDocs event)."""
    rules = files.get_file_from_path(RULES_PAGE)
    if rules is None:
        log.warning("docs/%s is missing: rule numbers are not linked", RULES_PAGE)
        return html_text
    if page.file.src_uri == RULES_PAGE:
        return html_text
    anchors = rule_anchors(rules.content_string)
    href = rules.url_relative_to(page.file)
    return link_rules(html_text, href, anchors, page.file.src_uri)
