"""Every code block in README.md and on every page under docs/ is executed by the test suite.

``pycon`` blocks run as doctests (pytest's --doctest-glob=*.md); ``sql`` blocks
run here in DuckDB; ``console`` blocks are the README's two commands, run here,
and on the docs pages shell transcripts (a ``$ `` command, its output), each
command run here by ``/bin/sh`` and its output compared; ``text`` blocks are
not code. Any other kind of block fails this test, so no
example can quietly go unexecuted. The pages are every ``*.md`` under docs/,
in subfolders too (docs/zh/, docs/howto/, docs/api/), named by their path
under docs/.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import duckdb
import pytest

import randinspect

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
EXECUTED = {"pycon", "sql", "console", "text"}


def name(page: Path) -> str:
    """A page's name: ``README.md``, or its path under docs/ (``zh/index.md``)."""
    return page.relative_to(DOCS).as_posix() if page.is_relative_to(DOCS) else page.name


def blocks(kind: str) -> list[tuple[str, str]]:
    """(page name, code) of every block of ``kind`` on every page."""
    return [
        (name(page), code)
        for page in PAGES
        for lang, code in FENCE.findall(page.read_text("utf-8"))
        if lang == kind
    ]


def test_pages_include_the_subfolders() -> None:
    """Pages in docs/'s subfolders are executed too: the Chinese quickstart is one of them."""
    assert "zh/index.md" in [name(page) for page in PAGES]


@pytest.mark.parametrize("page", PAGES, ids=[name(p) for p in PAGES])
def test_every_block_is_of_an_executed_kind(page: Path) -> None:
    """A block must be pycon, sql, console or text, so that the suite runs it."""
    kinds = [lang for lang, _ in FENCE.findall(page.read_text("utf-8"))]
    assert set(kinds) <= EXECUTED, f"{name(page)}: blocks of kind {set(kinds) - EXECUTED}"


@pytest.mark.parametrize("page", PAGES, ids=[name(p) for p in PAGES])
def test_every_pycon_block_is_run_as_a_doctest(page: Path, pytestconfig: pytest.Config) -> None:
    """The doctest collection reaches each page with pycon blocks, in subfolders too."""
    if "```pycon" not in page.read_text("utf-8"):
        return
    globs = pytestconfig.getoption("doctestglob")
    roots = [ROOT / path for path in pytestconfig.getini("testpaths")]
    assert any(page.match(glob) for glob in globs), f"{name(page)} is not a doctest file"
    assert any(page == root or root in page.parents for root in roots), f"{name(page)} unreached"


def test_pycon_blocks_have_prompts() -> None:
    """A pycon block without '>>>' would be skipped by doctest; none may exist."""
    assert all(">>>" in code for _, code in blocks("pycon"))


def test_readme_gives_exactly_two_commands_and_the_example_runs() -> None:
    """The README's commands are the worked example and the tests; the example succeeds."""
    readme = [code for page, code in blocks("console") if page == "README.md"]
    commands = [line for code in readme for line in code.splitlines() if line]
    assert ["uv run python docs/example.py", "uv run pytest"] == commands
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "example.py")],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert 0 == done.returncode, done.stderr
    # Worked by hand. Homes n % 10 in {0, 1} are A (24), {2..5} B (48), {6, 7, 8} C (36),
    # 9 D (12): sizes ceil(24 x 5%) = 2, ceil(48 x 10%) = 5, ceil(36 x 15%) = 6 and
    # ceil(12 x 20%) = 3; home 2 (a B) was inspected twice by the market regulator, so it
    # is not eligible in H1 (R5.1); home 50, also twice, is blacklisted and exempt (R5.3).
    for row in ("A  5%  24  24  2  2", "B  10%  48  47  5  5", "C  15%  36  36  6  6"):
        assert re.search(r"\s+".join(map(re.escape, row.split())), done.stdout), row
    assert re.search(r"PDS-ELDER-002\s+2024-000/H1\s+randomly inspected 2 times", done.stdout)
    # Fined on 2024-09-30; 10-01..07 are off, so the 7 working days are 10-08, 09, 10, 11,
    # the make-up Saturday 10-12, 14 and 15; not published on 10-16: 1 working day late.
    assert re.search(r"penalty-publication\s+000 §2\(5\)1\s+7\s+2024-10-15", done.stdout)
    assert re.search(r"ELDER-\d+: penalty-publication\s+1\n", done.stdout)
    # It ends with the report, the public notices and the verification (R7).
    assert "estimated problem rate of all homes" in done.stdout
    assert "no certificate number in them" in done.stdout
    for name in ("verify_draw", "verify_assignment"):
        for half in ("H1", "H2"):
            assert f"{name} 2024-000/{half}: ok" in done.stdout
    assert "re-checked with hashlib alone" in done.stdout
    assert "regraded after the draw: subject_changed" in done.stdout


def transcripts() -> list[tuple[str, str, str]]:
    """(page, command, output) of every ``$ `` command in the docs pages' console blocks.

    A command ending in a backslash goes on in the next line; its output is every
    line up to the next command.
    """
    found = []
    for page, code in blocks("console"):
        if page == "README.md":
            continue
        lines = code.splitlines()
        index = 0
        while index < len(lines):
            if not lines[index].startswith("$ "):
                index += 1
                continue
            command = lines[index][2:]
            while command.endswith("\\") and index + 1 < len(lines):
                index += 1
                command = command[:-1] + lines[index].strip()
            output = []
            while index + 1 < len(lines) and not lines[index + 1].startswith("$ "):
                index += 1
                output.append(lines[index])
            found.append((page, command, "\n".join(output).strip()))
            index += 1
    return found


@pytest.mark.parametrize(("page", "command", "output"), transcripts(), ids=lambda v: str(v)[:24])
def test_console_transcripts_print_what_the_page_shows(
    page: str, command: str, output: str
) -> None:
    """Each ``$`` command on a docs page, run by sh with coreutils, prints what it shows."""
    done = subprocess.run(  # the page's own command: printf, sha256sum, sort
        ["/bin/sh", "-c", command],
        capture_output=True,
        check=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert output == done.stdout.decode("utf-8").strip(), page


SQL_REGISTRY = [f"s{i}" for i in range(1, 11)]
SQL_EXPECTED = {"draw-spec.md": [("s4",), ("s1",), ("s10",)]}


@pytest.mark.parametrize(("page", "query"), blocks("sql"), ids=lambda v: str(v)[:20])
def test_sql_blocks_run_in_duckdb(page: str, query: str) -> None:
    """The spec's SQL re-runs a draw in a SQL engine and agrees with the library."""
    connection = duckdb.connect()
    connection.execute("CREATE TABLE registry (id VARCHAR)")
    connection.executemany("INSERT INTO registry VALUES (?)", [(i,) for i in SQL_REGISTRY])
    assert SQL_EXPECTED[page] == connection.execute(query).fetchall()


GLOSSARY = DOCS / "zh" / "glossary.md"
CODE_NAME = re.compile(r"`([A-Za-z_]\w*(?:\.\w+)*)`")


def parameters() -> set[str]:
    """Every keyword parameter of the package's public functions and classes."""
    names: set[str] = set()
    for export in randinspect.__all__:
        value = getattr(randinspect, export)
        if callable(value):
            try:
                names |= set(inspect.signature(value).parameters)
            except (TypeError, ValueError):  # a builtin without a signature
                continue
    return names


def test_glossary_names_exist() -> None:
    """Each code name in the 术语对照 is a public name (or its field, member) or a parameter."""
    table = [line for line in GLOSSARY.read_text("utf-8").splitlines() if line.startswith("| ")]
    names = {name for line in table for name in CODE_NAME.findall(line)}
    assert {"Plan.partners", "Flag.BLACKLISTED", "replace_inspector"} <= names
    missing = []
    for name in sorted(names):
        head, *rest = name.split(".")
        if head not in randinspect.__all__:
            if rest or name not in parameters():
                missing.append(name)
            continue
        value = getattr(randinspect, head)
        for part in rest:
            if not hasattr(value, part):
                missing.append(name)
                break
            value = getattr(value, part)
    assert [] == missing


def public_modules() -> list[str]:
    """The package's public modules: each non-underscore module or subpackage of randinspect."""
    package = ROOT / "src" / "randinspect"
    modules = [path.stem for path in package.glob("*.py")]
    modules += [path.parent.name for path in package.glob("*/__init__.py")]
    return sorted(name for name in modules if not name.startswith("_"))


def test_every_public_module_has_an_api_page() -> None:
    """docs/api/<module>.md documents each public module from its docstrings (mkdocstrings)."""
    missing = [
        module
        for module in public_modules()
        if f"::: randinspect.{module}\n" not in _text(DOCS / "api" / f"{module}.md")
    ]
    assert [] == missing
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert [] == [module for module in public_modules() if f"api/{module}.md" not in nav]


def _text(path: Path) -> str:
    return path.read_text("utf-8") if path.is_file() else ""


def load_hook(name: str) -> ModuleType:
    """A MkDocs hook module of docs/hooks/, loaded from its file as MkDocs loads it."""
    spec = importlib.util.spec_from_file_location(name, DOCS / "hooks" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sphinx_roles_become_links_to_the_api_pages() -> None:
    """:func:`x` drops its role; a documented name links to its page, ~ shows the last part."""
    hook = load_hook("sphinx_roles")
    ids = {
        "randinspect.sampling.draw_subjects": "api/sampling/",
        "randinspect.model.Plan": "api/model/",
        "randinspect.model.Plan.year": "api/model/",
        "randinspect.reporting.summarize": "api/reporting/",
    }
    html = (
        "<p>:func:<code>draw_subjects</code>, :class:<code>~randinspect.model.Plan</code>,"
        " :attr:<code>Plan.year</code>, :func:<code>nowhere</code>.</p>"
    )
    expected = (
        '<p><a class="autorefs" href="../sampling/#randinspect.sampling.draw_subjects">'
        "<code>draw_subjects</code></a>, "
        '<a class="autorefs" href="#randinspect.model.Plan"><code>Plan</code></a>, '
        '<a class="autorefs" href="#randinspect.model.Plan.year"><code>Plan.year</code></a>, '
        "<code>nowhere</code>.</p>"
    )
    assert expected == hook.link_roles(html, "api/model/", ids)
