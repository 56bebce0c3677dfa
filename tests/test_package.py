"""The package's surface: exports, docstrings, and what importing it costs."""

from __future__ import annotations

import email.message
import email.parser
import importlib.metadata
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest

import randinspect


def test_all_is_sorted_and_complete() -> None:
    """__all__ is explicit, sorted (constants, classes, functions), and every name exists."""

    def group(name: str) -> tuple[bool, bool, str]:
        return (not name.isupper(), not name[:1].isupper(), name)

    assert sorted(randinspect.__all__, key=group) == randinspect.__all__
    assert all(hasattr(randinspect, name) for name in randinspect.__all__)


def test_every_public_name_has_a_docstring() -> None:
    """Every exported class and function, and every public method, is documented."""
    missing = []
    for name in randinspect.__all__:
        value = getattr(randinspect, name)
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        if not inspect.getdoc(value):
            missing.append(name)
        if inspect.isclass(value):
            for attr, member in vars(value).items():
                if not attr.startswith("_") and inspect.isfunction(member) and not member.__doc__:
                    missing.append(f"{name}.{attr}")
    assert [] == missing


_PROBE = """
import sys
before = set(sys.modules)
import randinspect
new = {m.split(".")[0] for m in set(sys.modules) - before}
print(" ".join(sorted(new)))
"""
_STDLIB = set(sys.stdlib_module_names) | {"_distutils_hack"}
IMPORTABLE = {"randinspect", "attr", "attrs", "dateutil", "holidays", "six"}
"""The top-level modules the runtime dependencies' distributions provide (six: dateutil's)."""


def test_import_pulls_in_only_the_runtime_dependencies() -> None:
    """`import randinspect` loads nothing beyond attrs, dateutil, holidays and the stdlib."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    ).stdout.split()
    third_party = {m for m in out if m not in _STDLIB and not m.startswith("_")}
    assert third_party <= IMPORTABLE, third_party


# --- the version, and the package as it ships -------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = {"attrs", "holidays", "python-dateutil"}
"""The runtime dependencies (DESIGN.md "Dependencies"), as distribution names."""
INSTALLED = RUNTIME | {"randinspect", "six"}
"""What a clean install of the wheel holds: six is python-dateutil's own dependency."""


def test_version_is_the_package_metadata_version() -> None:
    """randinspect.__version__ is the version in pyproject.toml and in the installed metadata."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+; 3.10 checks the metadata alone
    with (ROOT / "pyproject.toml").open("rb") as file:
        declared = tomllib.load(file)["project"]["version"]
    assert declared == randinspect.__version__
    assert importlib.metadata.version("randinspect") == randinspect.__version__


def test_the_license_file_is_the_mit_license_the_metadata_names() -> None:
    """LICENSE is the MIT text, and pyproject names it (PEP 639) with the SPDX id MIT."""
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) ")
    assert "the randinspect authors" in text.splitlines()[2]


@attrs.frozen
class Built:
    """The sdist and wheel ``uv build`` made, and a fresh virtual environment with the wheel."""

    sdist: Path
    wheel: Path
    python: Path


def _uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    assert found, "uv is needed to build the package (python3 -m pip install uv)"
    return found


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Build once per session (about 2 s), and install the wheel into a clean venv (about 1 s).

    The runtime dependencies come from uv's cache (``--offline``), which the
    project's own ``uv sync`` filled; where the cache lacks them, from the
    package index, the one network the machines here reach.
    """
    uv = _uv()
    out = tmp_path_factory.mktemp("dist")
    done = _run(uv, "build", "--quiet", "--out-dir", out, ROOT, cwd=ROOT)
    assert 0 == done.returncode, done.stderr
    (sdist,) = out.glob("randinspect-*.tar.gz")
    (wheel,) = out.glob("randinspect-*.whl")
    venv = tmp_path_factory.mktemp("venv") / "clean"
    done = _run(uv, "venv", "--quiet", "--python", sys.executable, venv, cwd=out)
    assert 0 == done.returncode, done.stderr
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    install = (uv, "pip", "install", "--quiet", "--python", python, wheel)
    done = _run(*install, "--offline", cwd=out)
    if done.returncode != 0:  # not all in the cache: the index is reachable
        done = _run(*install, cwd=out)
    assert 0 == done.returncode, done.stderr
    return Built(sdist=sdist, wheel=wheel, python=python)


def _probe(built: Built, code: str) -> Any:
    """Run ``code`` in the clean venv, isolated (-I: no PYTHONPATH, no cwd, no user site)."""
    done = _run(built.python, "-I", "-c", textwrap.dedent(code), cwd=built.wheel.parent)
    assert 0 == done.returncode, done.stderr
    return json.loads(done.stdout)


@pytest.mark.packaging
def test_the_clean_venv_holds_the_wheel_and_its_runtime_dependencies_only(built: Built) -> None:
    """Installing the wheel brings attrs, python-dateutil (with six) and holidays, nothing more."""
    found = _probe(
        built,
        """
        import importlib.metadata, json, randinspect
        dists = importlib.metadata.distributions()
        print(json.dumps({
            "dists": sorted(d.metadata["Name"].lower() for d in dists),
            "file": randinspect.__file__,
            "version": randinspect.__version__,
            "metadata": importlib.metadata.version("randinspect"),
        }))
        """,
    )
    assert sorted(INSTALLED) == found["dists"]
    assert Path(found["file"]).is_relative_to(built.python.parents[1])  # not the clone's src/
    assert randinspect.__version__ == found["version"] == found["metadata"]


@pytest.mark.packaging
def test_import_in_the_clean_venv_loads_only_the_runtime_dependencies(built: Built) -> None:
    """`import randinspect` from the wheel loads the stdlib, attrs, dateutil and holidays only."""
    found = _probe(
        built,
        """
        import sys
        before = set(sys.modules)
        import randinspect
        import json, importlib.metadata
        new = {name.split(".")[0] for name in set(sys.modules) - before}
        outside = sorted(name for name in new if name not in sys.stdlib_module_names)
        owners = importlib.metadata.packages_distributions()
        print(json.dumps({"modules": outside, "owners": {m: owners.get(m, []) for m in outside}}))
        """,
    )
    assert set(found["modules"]) <= IMPORTABLE, found
    assert {d.lower() for ds in found["owners"].values() for d in ds} <= INSTALLED, found


@pytest.mark.packaging
def test_the_factories_work_without_hypothesis(built: Built) -> None:
    """randinspect.testing's factories run in a plain install; only .strategies needs the extra."""
    found = _probe(
        built,
        """
        import importlib.util, json
        import randinspect.testing as rit
        registry = rit.registry(100)
        try:
            import randinspect.testing.strategies
        except ModuleNotFoundError as error:
            refusal = str(error)
        else:
            refusal = ""
        print(json.dumps({
            "hypothesis": importlib.util.find_spec("hypothesis") is not None,
            "subjects": len(registry),
            "same": registry == rit.registry(100),
            "refusal": refusal,
        }))
        """,
    )
    assert not found["hypothesis"]
    assert (100, True) == (found["subjects"], found["same"])
    assert 'pip install "randinspect[testing]"' in found["refusal"]


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")  # [text](target), inline links and images
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_HTML = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)""")
_ABSOLUTE = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
DOCS_SITE = "https://randinspect.example/"
SOURCE = "https://randinspect.example/source/"
"""The placeholder homes pyproject.toml's [project.urls] and readme substitutions name."""


def _targets(markdown: str) -> list[str]:
    return [
        target for pattern in (_LINK, _REFERENCE, _HTML) for target in pattern.findall(markdown)
    ]


@pytest.mark.packaging
def test_the_metadata_readme_has_no_relative_links(built: Built) -> None:
    """The index page's readme (the wheel's METADATA) links only absolute URLs, to real pages.

    README.md keeps relative links for a clone; the build makes each one
    absolute: ``docs/X.md`` the docs site's page ``X/``, anything else the file
    in the source tree, and changes nothing else in the text.
    """
    metadata = _metadata(built.wheel)
    body = metadata.get_payload()
    assert isinstance(body, str)
    assert "text/markdown" == metadata["Description-Content-Type"]
    targets = _targets(body)
    assert targets, "the readme has links"
    relative = [t for t in targets if not (_ABSOLUTE.match(t) or t.startswith("#"))]
    assert [] == relative
    for target in targets:
        if target.startswith(SOURCE):
            assert (ROOT / target.removeprefix(SOURCE).split("#")[0]).is_file(), target
        elif target.startswith(DOCS_SITE):
            page = target.removeprefix(DOCS_SITE).split("#")[0].rstrip("/")
            assert (ROOT / "docs" / f"{page}.md").is_file(), target
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    unlinked = re.compile(r"\]\([^)]*\)")
    assert unlinked.sub("]()", readme).strip() == unlinked.sub("]()", body).strip()
    assert len(_targets(readme)) == len(targets)


@pytest.mark.packaging
def test_the_metadata_says_what_the_package_is(built: Built) -> None:
    """License (PEP 639), Python versions, typed, languages, extra and URLs are in METADATA."""
    metadata = _metadata(built.wheel)
    classifiers = metadata.get_all("Classifier") or []
    assert "MIT" == metadata["License-Expression"]
    assert ["LICENSE"] == metadata.get_all("License-File")
    assert not [c for c in classifiers if c.startswith("License ::")]  # PEP 639: the SPDX field
    assert ">=3.10" == metadata["Requires-Python"]
    versions = [c.rsplit(" ", 1)[1] for c in classifiers if re.fullmatch(r".*:: 3\.\d+", c)]
    assert ["3.10", "3.11", "3.12", "3.13"] == versions
    for classifier in (
        "Typing :: Typed",
        "Natural Language :: Chinese (Simplified)",
        "Natural Language :: English",
    ):
        assert classifier in classifiers
    assert any(c.startswith("Development Status :: ") for c in classifiers)
    assert any(c.startswith("Intended Audience :: ") for c in classifiers)
    assert any(c.startswith("Topic :: ") for c in classifiers)
    requires = metadata.get_all("Requires-Dist") or []
    assert RUNTIME == {re.split(r"[<>=!~; ]", r, maxsplit=1)[0] for r in requires if ";" not in r}
    assert ["testing"] == metadata.get_all("Provides-Extra")
    assert ["hypothesis>=6.100; extra == 'testing'"] == [r for r in requires if ";" in r]
    urls = dict(u.split(", ", 1) for u in metadata.get_all("Project-URL") or [])
    assert {"Homepage", "Documentation", "Source", "Changelog", "Issues"} == set(urls)
    assert all(u.startswith("https://randinspect.example/") for u in urls.values())


@pytest.mark.packaging
def test_the_archives_ship_the_license_and_the_typed_marker(built: Built) -> None:
    """The wheel holds the package with py.typed and LICENSE; the sdist can rebuild it."""
    with zipfile.ZipFile(built.wheel) as archive:
        names = set(archive.namelist())
    assert "randinspect/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    info = f"randinspect-{randinspect.__version__}.dist-info"
    assert {"randinspect", info} == {name.split("/")[0] for name in names}  # no tests, no docs
    with tarfile.open(built.sdist) as archive:
        members = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in ("LICENSE", "README.md", "pyproject.toml", "src/randinspect/py.typed"):
        assert needed in members
