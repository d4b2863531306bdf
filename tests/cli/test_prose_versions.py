"""Versions in prose: ``files`` patterns that match inside a line, with ``count``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.conftest import GitRepo, invoke

README = (
    "# sample\n\n"
    "[![PyPI](https://img.shields.io/badge/pypi-1.2.3-blue)](https://pypi.org/p/sample-pkg)\n\n"
    "Needs requests==1.2.3 (a pin that happens to equal the version).\n"
)
INSTALL = "Install it with `pip install sample-pkg==1.2.3`, then run it.\n"


def _configure(project: GitRepo, files: str) -> None:
    pyproject = project.read("pyproject.toml").decode()
    project.commit(
        "docs: prose",
        {
            "pyproject.toml": pyproject + f"\n[tool.releasekit]\nfiles = [\n{files}]\n",
            "README.md": README,
            "docs/install.md": INSTALL,
        },
    )


def test_a_badge_and_an_install_line_are_bumped_byte_for_byte(
    runner: CliRunner, project: GitRepo
) -> None:
    _configure(
        project,
        '  { path = "README.md", pattern = "pypi-{version}-blue" },\n'
        '  { path = "docs/install.md", pattern = "sample-pkg=={version}" },\n',
    )
    result = invoke(runner, project.path, "bump", "minor")
    assert result.exit_code == 0, result.stderr
    assert project.read("README.md").decode() == README.replace("pypi-1.2.3", "pypi-1.3.0")
    assert project.read("docs/install.md").decode() == INSTALL.replace("1.2.3", "1.3.0")
    check = invoke(runner, project.path, "check")
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(
    ("count", "exit_code"),
    [("", 1), (", count = 2", 0), (", count = 3", 1)],
    ids=["no-count", "count-2", "wrong-count"],
)
def test_two_matches_need_count(
    runner: CliRunner, project: GitRepo, count: str, exit_code: int
) -> None:
    _configure(project, f'  {{ path = "README.md", pattern = "{{version}}"{count} }},\n')
    project.commit("docs: two", {"README.md": "1.2.3\n\nsee below\n\n1.2.3\n"})
    before = project.snapshot()
    result = invoke(runner, project.path, "bump", "patch")
    assert result.exit_code == exit_code, result.output
    if exit_code:
        assert project.snapshot() == before
        assert "error: README.md: the pattern '{version}'" in result.stderr
        assert "line 1: '1.2.3'; line 5: '1.2.3'" in result.stderr
        assert ("set count = 2" if not count else "expected count = 3") in result.stderr
        assert "Traceback" not in result.output
    else:
        assert project.read("README.md") == b"1.2.4\n\nsee below\n\n1.2.4\n"


def test_a_pin_equal_to_the_version_is_never_changed_by_surprise(
    runner: CliRunner, project: GitRepo
) -> None:
    _configure(project, '  { path = "README.md", pattern = "=={version}" },\n')
    project.commit("docs: pin", {"README.md": README + INSTALL})
    before = project.snapshot()
    result = invoke(runner, project.path, "bump", "patch")
    assert result.exit_code == 1
    assert "matches 2 places" in result.stderr
    assert project.snapshot() == before
