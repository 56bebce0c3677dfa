"""MkDocs hook: the docstrings' Sphinx roles (:func:`draw_subjects`) as links to the API pages.

The library's docstrings cross-reference each other the Sphinx way, with
``:func:``, ``:class:``, ``:meth:``, ``:attr:``, ``:data:``, ``:mod:``,
``:exc:``, ``:obj:`` or ``:const:`` before a code span. mkdocstrings renders
such a reference as the role's text followed by the code (``:func:<code>x</code>``).
This hook drops the role and, where the name is documented on an API page,
links the code to it: every page's rendered content is read first for the
ids that mkdocstrings gives documented objects (``randinspect.model.Plan``),
then each page's references are resolved against all of them. A name is
found as written (``randinspect.sampling.SubjectDraw``), else as the end of
a documented path (``Plan.year``, ``draw_subjects``), preferring the page's
own module; a name found nowhere, or in several modules at once, stays code.
``~a.b.C`` shows ``C``, as in Sphinx.

It is build code, not a page: mkdocs.yml excludes ``hooks/`` from the site.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from mkdocs.utils import get_relative_url

ROLE = re.compile(r":(?:func|meth|class|attr|data|mod|exc|obj|const):<code>([^<]*)</code>")
OBJECT_ID = re.compile(r'\bid="(randinspect(?:\.\w+)*)"')

_ids: dict[str, str] = {}  # documented object id -> url of the page that documents it


def on_pre_build(config: Any) -> None:
    """Forget the ids of an earlier build (``mkdocs serve`` rebuilds in one process)."""
    _ids.clear()


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    """Note the ids that mkdocstrings gave the objects documented on this page."""
    for object_id in OBJECT_ID.findall(html_text):
        _ids.setdefault(object_id, page.url)
    return html_text


def resolve(name: str, module: str, ids: dict[str, str]) -> str | None:
    """The documented id ``name`` refers to, from a page of ``module``, or None."""
    if name in ids:
        return name
    found = [object_id for object_id in ids if object_id.endswith("." + name)]
    own = [object_id for object_id in found if object_id.startswith(module + ".")]
    if len(own) == 1:
        return own[0]
    return found[0] if len(found) == 1 else None


def link_roles(html_text: str, page_url: str, ids: dict[str, str]) -> str:
    """``html_text`` with each Sphinx role's code linked to its object, the role dropped."""
    module = "randinspect." + posixpath.basename(page_url.rstrip("/")) if page_url else ""

    def replace(match: re.Match[str]) -> str:
        written = match[1]
        name = written.lstrip("~").removesuffix("()")
        shown = name.rsplit(".", 1)[-1] if written.startswith("~") else written.lstrip("~")
        code = f"<code>{shown}</code>"
        target = resolve(name, module, ids)
        if target is None:
            return code
        href = "" if ids[target] == page_url else get_relative_url(ids[target], page_url)
        return f'<a class="autorefs" href="{href}#{target}">{code}</a>'

    return ROLE.sub(replace, html_text)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Resolve this page's Sphinx roles against every page's documented objects."""
    return link_roles(output, page.url, _ids)
