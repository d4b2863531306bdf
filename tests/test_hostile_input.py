"""Hostile input: every parser may raise only releasekit's own errors, and in linear time.

Each test goes through the public API (what a script or the CLI calls), so the guarantee holds
whatever the modules behind it are. Hypothesis generates the inputs; the explicit tables hold
the cases found by hand (huge integers, unknown codecs, lines tens of kilobytes long).
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from releasekit import CalVer, Changelog, Project, ReleasekitError, SemVer, parse_commit
from releasekit.config import load_config
from releasekit.dist.index import parse_simple_html, parse_simple_json
from releasekit.git.tags import detect_tag_format, format_tag, parse_tag
from releasekit.locations.patterns import find_pattern
from releasekit.locations.spans import find_ini_value
from releasekit.version.pep440 import same_release, to_pep440
from tests.conftest import GitRepo, invoke

HUGE = "1" * 5000  # int() refuses more than 4,300 digits with a bare ValueError
DAY = dt.date(2025, 2, 15)
VERSIONISH = st.one_of(
    st.text(max_size=40),
    st.from_regex(
        r"v?[0-9]{1,6}(\.[0-9]{1,6}){0,4}([-.+]?[a-z]{0,5}[.]?[0-9]{0,4}){0,3}", fullmatch=True
    ),
    st.just(HUGE),
    st.just(f"1.{HUGE}.0"),
    st.just(f"{HUGE}.0.0-rc.1"),
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def only_releasekit_errors(call: Callable[[], object]) -> None:
    try:
        call()
    except ReleasekitError as exc:
        message = str(exc).strip()
        assert message, "an error must say something"


@FAST
@given(VERSIONISH)
def test_semver_parse(text: str) -> None:
    only_releasekit_errors(lambda: SemVer.parse(text))


@FAST
@given(VERSIONISH, VERSIONISH)
def test_pep440_bridge(a: str, b: str) -> None:
    only_releasekit_errors(lambda: to_pep440(a))
    only_releasekit_errors(lambda: same_release(a, b))


@FAST
@given(st.sampled_from(["YY.0M.0D", "YYYY.MM.MICRO", "0Y.0W", "YYYY.0M.0D.MICRO"]), VERSIONISH)
def test_calver_next_from_any_current(fmt: str, current: str) -> None:
    only_releasekit_errors(lambda: CalVer(fmt).next(DAY, current=current))


@FAST
@given(st.text(max_size=40))
def test_calver_formats(fmt: str) -> None:
    only_releasekit_errors(lambda: CalVer(fmt).next(DAY))


@FAST
@given(st.text(max_size=400))
def test_commits_never_raise(message: str) -> None:
    parse_commit(message)


CHANGELOG_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "## [Unreleased]",
                "## [1.2.3] - 2025-02-15",
                "### Added",
                "- entry",
                "```",
                "<!--",
                "-->",
                "",
                "[1.2.3]: https://x/compare/v1...v2",
                "## 1.0.0",
                f"## [{HUGE}] - 2025-01-01",
                "## [v1.0.0rc1] - yesterday",
            ]
        ),
        st.text(max_size=60),
    ),
    max_size=30,
)


@FAST
@given(CHANGELOG_LINES, st.sampled_from(["\n", "\r\n", "\r"]), VERSIONISH)
def test_changelog_parse_check_notes_promote(lines: list[str], nl: str, version: str) -> None:
    text = nl.join(lines)
    log = Changelog.parse(text)
    assert str(log) == text
    log.problems()
    only_releasekit_errors(lambda: log.notes(version))
    only_releasekit_errors(lambda: log.promote(version, DAY))


CONFIG_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.just(HUGE)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=6,
)
CONFIG_KEYS = st.sampled_from(
    [
        "scheme",
        "calver-format",
        "timezone",
        "tag-format",
        "changelog",
        "commit-message",
        "tag-message",
        "branches",
        "files",
        "bump-map",
        "changelog-sections",
        "changelog-commits",
        "pre-label",
        "repository",
        "unknown",
    ]
)


@FAST
@given(st.dictionaries(CONFIG_KEYS, CONFIG_VALUES, max_size=4))
def test_config(table: dict[str, object]) -> None:
    only_releasekit_errors(lambda: load_config(table))


def _project_calls(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}

        def use() -> None:
            project = Project(root)
            _ = project.locations
            _ = project.version
            project.check()
            project.bump("patch", DAY, dry_run=True)

        only_releasekit_errors(use)
        assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


TOML_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "[project]",
                'name = "demo"',
                'version = "1.2.3"',
                "version = 1",
                f'version = "{HUGE}"',
                'dynamic = ["version"]',
                "[tool.poetry]",
                "[tool.releasekit]",
                'scheme = "calver"',
                'x = """',
                '"""',
                "version = '1.2.3'",
                'project.version = "1.0"',
                "[[project]]",
                'files = [{path = "../x", pattern = "v{version}"}]',
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=8,
)


@settings(max_examples=80, deadline=None)
@given(TOML_LINES)
def test_project_with_any_pyproject(lines: list[str]) -> None:
    _project_calls({"pyproject.toml": "\n".join(lines).encode("utf-8", "surrogatepass")})


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "[metadata]",
                    "name = demo",
                    "version = 1.2.3",
                    f"version = {HUGE}",
                    "version =",
                    "  continued",
                ]
            ),
            st.text(max_size=30),
        ),
        max_size=6,
    )
)
def test_project_with_any_setup_cfg(lines: list[str]) -> None:
    _project_calls({"setup.cfg": "\n".join(lines).encode("utf-8", "surrogatepass")})


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "# coding: hex",
                    "# -*- coding: latin-1 -*-",
                    '__version__ = "1.2.3"',
                    "__version__ = '''1.2",
                    "'''",
                    '__version__: str = "1.0"',
                    "\x00",
                ]
            ),
            st.text(max_size=30),
        ),
        max_size=5,
    )
)
def test_project_with_any_version_module(lines: list[str]) -> None:
    _project_calls(
        {
            "pyproject.toml": b'[project]\nname = "demo"\ndynamic = ["version"]\n'
            b'[tool.hatch.version]\npath = "demo/__init__.py"\n',
            "demo/__init__.py": "\n".join(lines).encode("utf-8", "surrogatepass"),
        }
    )


@pytest.mark.parametrize(
    "files",
    [
        {"pyproject.toml": b'[project]\nname = "d"\nversion = "1.0"\n', "CHANGELOG.md/x": b""},
        {"setup.py": b"", "d/__init__.py": b"# coding: hex\n__version__ = '1.0'\n"},
        {"pyproject.toml": f'[project]\nname = "d"\nversion = "{HUGE}"\n'.encode()},
        {
            "pyproject.toml": b'[project]\nname = "d"\nversion = "1.0.0"\n[tool.releasekit]\n'
            b'tag-format = "v{version}.."\n'
        },
    ],
    ids=["changelog-is-a-directory", "unknown-codec", "huge-version", "bad-tag-format"],
)
def test_found_by_hand(files: dict[str, bytes]) -> None:
    _project_calls(files)


@FAST
@given(
    st.recursive(
        st.one_of(st.none(), st.integers(), st.text(max_size=10)),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )
)
def test_simple_index_json(data: object) -> None:
    if isinstance(data, dict):
        parse_simple_json(data, "http://h/simple/p/")
    json.dumps(data)


@FAST
@given(st.text(max_size=300))
def test_simple_index_html(text: str) -> None:
    parse_simple_html(text, "http://h/simple/p/")


# -- linear time -------------------------------------------------------------------------


def _best_pair(one: Callable[[], object], two: Callable[[], object]) -> tuple[float, float]:
    """The best of seven interleaved timings of each: a busy machine slows both alike."""
    best = [float("inf"), float("inf")]
    for _ in range(7):
        for index, function in enumerate((one, two)):
            started = time.perf_counter()
            function()
            best[index] = min(best[index], time.perf_counter() - started)
    return best[0], best[1]


PATHOLOGICAL_CHANGELOGS = {
    "heading-ending-in-spaces": lambda n: "## [1.0.0]" + " " * n + "x\n",
    "heading-of-brackets": lambda n: "## " + "[" * n + "\n",
    "subheading-spaces": lambda n: "### " + " " * n + "x\n",
    "bullet-spaces": lambda n: "- " + " " * n + "\n",
    "link-definition": lambda n: "[1.0.0]: " + "h" * n + " \n",
    "version-dots": lambda n: "## [" + "1." * (n // 2) + "]\n",
}


@pytest.mark.parametrize(
    "make", PATHOLOGICAL_CHANGELOGS.values(), ids=PATHOLOGICAL_CHANGELOGS.keys()
)
def test_changelog_lines_take_linear_time(make: Callable[[int], str]) -> None:
    def run(n: int) -> Callable[[], object]:
        text = "# Changelog\n\n## [Unreleased]\n\n" + make(n)
        return lambda: (Changelog.parse(text).problems(), Changelog.parse(text).versions())

    single, double = _best_pair(run(30_000), run(60_000))
    assert single < 0.05  # quadratic time took seconds here
    assert double < 3 * single + 0.05


def _linear(run: Callable[[int], Callable[[], object]], size: int = 30_000) -> None:
    single, double = _best_pair(run(size), run(2 * size))
    assert single < 0.05  # quadratic time took seconds here
    assert double < 3 * single + 0.05


PATHOLOGICAL_LINES = {
    "spaces-then-text": lambda n: "release = " + " " * n + "x",
    "version-then-spaces": lambda n: "release = " + "1" * n + " " * n + "x",
    "comma-spaces": lambda n: 'release = "1.0"' + " " * n + "," + " " * n + "x",
}


@pytest.mark.parametrize("make", PATHOLOGICAL_LINES.values(), ids=PATHOLOGICAL_LINES.keys())
@pytest.mark.parametrize("pattern", ["release = {version}", 'release = "{version}"'])
def test_files_patterns_take_linear_time(make: Callable[[int], str], pattern: str) -> None:
    _linear(lambda n: lambda: find_pattern(make(n // 2) + "\n", pattern))


@pytest.mark.parametrize(
    "make",
    [lambda n: "version = " + " " * n + "x", lambda n: "version =" + " \t" * (n // 2) + "\r"],
    ids=["spaces-then-text", "blanks-then-a-lone-cr"],
)
def test_setup_cfg_values_take_linear_time(make: Callable[[int], str]) -> None:
    _linear(
        lambda n: lambda: find_ini_value("[metadata]\n" + make(n) + "\n", "metadata", "version")
    )


@FAST
@given(st.text(max_size=200), st.text(max_size=30).map(lambda t: t + "{version}"))
def test_files_patterns_never_raise(text: str, pattern: str) -> None:
    for span in find_pattern(text, pattern):
        assert "\n" not in text[span.start : span.end]


TAG_FORMATS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "v{version}",
            "{version}",
            "release-{version}",
            "pkg@{version}",
            "{version}{version}",
            "v{version}..",
            "refs/{version}",
        ]
    ),
)


@FAST
@given(TAG_FORMATS, VERSIONISH, st.lists(st.text(max_size=30), max_size=5))
def test_tag_formats(tag_format: str, version: str, names: list[str]) -> None:
    only_releasekit_errors(lambda: format_tag(tag_format, version))
    only_releasekit_errors(lambda: [parse_tag(tag_format, name) for name in names])
    only_releasekit_errors(lambda: detect_tag_format(names))


# -- through the CLI ---------------------------------------------------------------------

CLI_CASES = {
    "bump-set-huge": ("bump", "--set", HUGE),
    "bump-set-huge-minor": ("bump", "--set", f"1.{HUGE}.0"),
    "next-current-huge": ("next", "--current", HUGE),
    "next-calver-current-huge": ("next", "calver", "--current", f"{HUGE}.01.01"),
}


@pytest.mark.parametrize("args", CLI_CASES.values(), ids=CLI_CASES.keys())
def test_cli_refuses_huge_numbers_cleanly(
    project: GitRepo, runner: CliRunner, args: tuple[str, ...]
) -> None:
    before = project.snapshot()
    result = invoke(runner, project.path, *args)
    assert result.exit_code in (1, 2), result.output
    assert result.stderr.startswith("error:")
    assert "too long" in result.stderr
    assert project.snapshot() == before


@pytest.mark.parametrize(
    "args",
    [("check",), ("bump", "patch"), ("changelog",), ("release", "--dry-run")],
    ids=["check", "bump", "changelog", "release-dry-run"],
)
def test_a_changelog_that_is_a_directory_is_an_error(
    project: GitRepo, runner: CliRunner, args: tuple[str, ...]
) -> None:
    (project.path / "CHANGELOG.md").mkdir()
    (project.path / "CHANGELOG.md" / "keep").write_text("")
    project.commit("chore: a directory named CHANGELOG.md")
    before = project.snapshot()
    result = invoke(runner, project.path, *args)
    assert result.exit_code in (1, 2), result.output
    assert "CHANGELOG.md (changelog) is a directory" in result.output
    assert "Traceback" not in result.output
    assert project.snapshot() == before
