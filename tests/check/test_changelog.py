"""The changelog check: structural problems with their lines, the current version's section."""

from __future__ import annotations

import pytest

from releasekit.check.changelog import check_changelog
from releasekit.check.runner import CheckOptions
from releasekit.project import Project
from tests.conftest import GitRepo

CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2025-01-01\n\n- First.\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, []),
        (CHANGELOG, []),
        (
            "## [Unreleased]\n## [1.2.2] - 2025-01-01\n",
            ["CHANGELOG.md: no section for the current version 1.2.3 (versions present: 1.2.2"],
        ),
        ("## [Unreleased]\n- a\n", []),
        (
            "## [1.2.3]\n## [1.2.3]\n",
            ["CHANGELOG.md:2: duplicate version heading '## [1.2.3]'"],
        ),
        ("## [1.2.3]\n- caf\udce9\n", ["CHANGELOG.md: not valid UTF-8 (byte 0xe9"]),
    ],
    ids=["none", "fine", "missing-current", "no-release-yet", "duplicate", "not-utf8"],
)
def test_check_changelog(project: GitRepo, content: str | None, expected: list[str]) -> None:
    if content is not None:
        project.write("CHANGELOG.md", content.encode("utf-8", "surrogateescape"))
    found = [problem.format() for problem in check_changelog(Project(project.path))]
    assert len(found) == len(expected)
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start), line


def test_an_unreadable_version_is_left_to_the_locations_check(project: GitRepo) -> None:
    project.write("CHANGELOG.md", CHANGELOG)
    project.write("src/sample_pkg/__init__.py", "")  # the declared version holder lost it
    project.write(
        "pyproject.toml",
        project.read("pyproject.toml")
        .decode()
        .replace('version = "1.2.3"', 'dynamic = ["version"]'),
    )
    # A changelog that is fine on its own says nothing about a version nobody can read.
    assert check_changelog(Project(project.path), CheckOptions()) == []


def test_a_configured_changelog_elsewhere_is_named_by_its_path(project: GitRepo) -> None:
    pyproject = project.read("pyproject.toml").decode()
    project.write(
        "pyproject.toml", pyproject + '[tool.releasekit]\nchangelog = "docs/CHANGES.md"\n'
    )
    project.write("docs/CHANGES.md", "## [1.2.3]\n## [1.2.3.0]\n")
    found = [p.format() for p in check_changelog(Project(project.path))]
    assert found == [
        "docs/CHANGES.md:2: duplicate version heading '## [1.2.3.0]': version 1.2.3.0 already "
        "has a section at line 1"
    ]


@pytest.mark.parametrize(
    ("version", "missing"),
    [("2.5.0.dev0", False), ("1.3.0rc1.dev2", False), ("1.3.0rc1", True), ("1.3.0.post1", True)],
    ids=["dev", "dev-of-candidate", "candidate", "post"],
)
def test_a_development_release_needs_no_section(
    project: GitRepo, version: str, missing: bool
) -> None:
    project.write("CHANGELOG.md", CHANGELOG)
    for path in ("pyproject.toml", "src/sample_pkg/__init__.py"):
        project.write(path, project.read(path).decode().replace("1.2.3", version))
    found = [problem.format() for problem in check_changelog(Project(project.path))]
    assert bool(found) is missing
    if missing:
        assert f"no section for the current version {version}" in found[0]
