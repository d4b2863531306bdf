"""``notes v1.5.0`` in a lockstep monorepo: every package's section of the version."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.errors import ChangelogError
from releasekit.monorepo.notes import lockstep_notes
from releasekit.workspace.members import discover_workspace
from tests.conftest import GitRepo, invoke, workspace_files

LOCKSTEP = (
    '[tool.uv.workspace]\nmembers = ["packages/*"]\n\n[tool.releasekit]\nversioning = "lockstep"\n'
)


def log(entry: str) -> str:
    return (
        "# Changelog\n\n## [Unreleased]\n\n## [1.5.0] - 2025-02-15\n\n"
        f"### Added\n\n- {entry}\n\n## [1.4.0] - 2025-01-01\n\n- Old.\n"
    )


@pytest.fixture
def lockstep(repo: GitRepo) -> GitRepo:
    """``a`` and ``b`` with their changelogs, ``c`` without one, all at 1.5.0, tagged v1.5.0."""
    members = {n: (f"packages/{n}", "1.5.0", ()) for n in ("a", "b", "c")}
    files = workspace_files(members, root=LOCKSTEP)
    files["packages/a/CHANGELOG.md"] = log("A's feature.")
    files["packages/b/CHANGELOG.md"] = log("B's feature.")
    repo.commit("chore: release 1.5.0", files)
    repo.tag("v1.5.0", "Release 1.5.0")
    return repo


EXPECTED = "## a\n\n### Added\n\n- A's feature.\n\n## b\n\n### Added\n\n- B's feature."


def test_the_tag_gives_every_packages_section(
    lockstep: GitRepo, runner: CliRunner, tmp_path: Path
) -> None:
    result = invoke(runner, lockstep.path, "notes", "v1.5.0")
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED + "\n"
    output = tmp_path / "notes.md"
    written = invoke(runner, lockstep.path, "notes", "v1.5.0", "--output", str(output))
    assert written.exit_code == 0, written.output
    assert output.read_text() == EXPECTED + "\n"
    one = invoke(runner, lockstep.path, "--package", "b", "notes", "v1.5.0")
    assert one.stdout == "### Added\n\n- B's feature.\n"  # --package: that package only


def test_a_package_without_the_section_is_an_error(lockstep: GitRepo, runner: CliRunner) -> None:
    lockstep.write("packages/b/CHANGELOG.md", "# Changelog\n\n## [1.4.0] - 2025-01-01\n\n- Old.\n")
    result = invoke(runner, lockstep.path, "notes", "v1.5.0")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: packages/b/CHANGELOG.md has no section for version 1.5.0; nearest versions "
        "present: 1.4.0\n"
    )
    assert "Traceback" not in result.output


def test_no_changelog_at_all_is_an_error(repo: GitRepo) -> None:
    members = {n: (f"packages/{n}", "1.5.0", ()) for n in ("a", "b")}
    repo.commit("chore: release", workspace_files(members, root=LOCKSTEP))
    with pytest.raises(ChangelogError, match="no package of the lockstep monorepo"):
        lockstep_notes(discover_workspace(repo.path), "v1.5.0")
