"""The collect → edit → release loop: entries edited by hand are never collected again.

Each case collects two commits with ``releasekit changelog``, edits the changelog by hand the
way people do (reword, move, delete, merge) or rewrites the history (rebase, amend, with and
without the old commits still in the repository), adds one more commit, then runs
``changelog`` and ``release``: the new commit is added once and nothing else ever comes back.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from click.testing import CliRunner

from tests.conftest import GitRepo, drop_marker, invoke

SHOUT = "feat: add the --shout option"
CRASH = "fix: crash on empty input"


def _edit(project: GitRepo, old: str, new: str) -> None:
    text = project.read("CHANGELOG.md").decode()
    assert old in text, text
    project.commit("docs: edit the changelog", {"CHANGELOG.md": text.replace(old, new, 1)})


def reword(project: GitRepo) -> None:
    _edit(
        project,
        "- add the --shout option\n",
        "- Add the `--shout` option to make output LOUD.\n",
    )


def move(project: GitRepo) -> None:
    text = project.read("CHANGELOG.md").decode()
    text = text.replace("### Added\n\n- add the --shout option\n\n", "")
    text = text.replace(
        "- crash on empty input\n", "- crash on empty input\n- the --shout option\n"
    )
    project.commit("docs: move an entry", {"CHANGELOG.md": text})


def delete(project: GitRepo) -> None:
    _edit(project, "- crash on empty input\n", "")


def merge(project: GitRepo) -> None:
    text = project.read("CHANGELOG.md").decode()
    text = text.replace("### Fixed\n\n- crash on empty input\n", "")
    text = text.replace(
        "- add the --shout option\n", "- The --shout option, and no crash on empty input.\n"
    )
    project.commit("docs: merge two entries", {"CHANGELOG.md": text})


def _rewrite(project: GitRepo, *, forget: bool) -> None:
    """Reword the collected commits (a rebase onto itself that changes every id), keeping
    the changelog as collected; ``forget`` also drops the old commits from the repository,
    as a fresh clone after a force-push would."""
    reword(project)
    tag = project.git("rev-list", "-n1", "v1.2.3").strip()
    project.git(
        "-c",
        "sequence.editor=true",
        "rebase",
        "-q",
        "--exec",
        "git commit -q --amend --allow-empty --no-edit --date=2025-03-01T00:00:00+00:00",
        tag,
    )
    if forget:
        project.git("reflog", "expire", "--expire=now", "--all")
        project.git("gc", "-q", "--prune=now")


def rebase(project: GitRepo) -> None:
    _rewrite(project, forget=False)


def rebase_in_a_fresh_clone(project: GitRepo) -> None:
    _rewrite(project, forget=True)


def squash_merge(project: GitRepo) -> None:
    """The branch is squash-merged: one commit whose subject gains ``(#12)`` replaces two."""
    reword(project)
    tag = project.git("rev-list", "-n1", "v1.2.3").strip()
    project.git("reset", "-q", "--soft", tag)
    project.git("commit", "-q", "-m", f"{SHOUT} (#12)\n\n* {CRASH}")


EDITS: list[Callable[[GitRepo], None]] = [
    reword,
    move,
    delete,
    merge,
    rebase,
    rebase_in_a_fresh_clone,
    squash_merge,
]


def _bullets(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_hand_edits_never_come_back(
    runner: CliRunner, project: GitRepo, edit: Callable[[GitRepo], None]
) -> None:
    project.commit(SHOUT)
    project.commit(CRASH)
    first = invoke(runner, project.path, "changelog")
    assert first.exit_code == 0, first.stderr
    project.git("add", "CHANGELOG.md")
    project.git("commit", "-q", "-m", "docs: collect the changelog")
    edit(project)
    edited = project.read("CHANGELOG.md")
    again = invoke(runner, project.path, "changelog")
    assert again.exit_code == 0, again.stderr
    assert project.read("CHANGELOG.md") == edited, "an edited entry was collected again"

    project.commit("feat: add the --quiet option")
    collected = invoke(runner, project.path, "changelog")
    assert collected.exit_code == 0, collected.stderr
    text = project.read("CHANGELOG.md").decode()
    new = set(_bullets(text)) - set(_bullets(edited.decode()))
    assert new == {"- add the --quiet option"}
    project.git("commit", "-q", "-am", "docs: collect again")
    project.commit("fix: handle --quiet with --shout")

    released = invoke(runner, project.path, "release", "minor", "--no-push", "--no-publish")
    assert released.exit_code == 0, released.stderr
    section = invoke(runner, project.path, "notes", "1.3.0")
    assert section.exit_code == 0, section.stderr
    bullets = _bullets(section.stdout)
    assert len(bullets) == len(set(bullets)), section.stdout
    # Exactly what the edited file held, plus the two new commits.
    assert set(bullets) == set(_bullets(edited.decode())) | {
        "- add the --quiet option",
        "- handle --quiet with --shout",
    }
    # Promotion dropped the marker: the released file has none left.
    assert "releasekit: collected" not in project.read("CHANGELOG.md").decode()
    assert "releasekit: collected" not in section.stdout


def test_release_collects_only_what_changelog_did_not(runner: CliRunner, project: GitRepo) -> None:
    project.commit(SHOUT)
    assert invoke(runner, project.path, "changelog").exit_code == 0
    reword(project)
    project.commit(CRASH)
    released = invoke(runner, project.path, "release", "patch", "--no-push", "--no-publish")
    assert released.exit_code == 0, released.stderr
    notes = invoke(runner, project.path, "notes").stdout
    assert _bullets(notes) == [
        "- Add the `--shout` option to make output LOUD.",
        "- crash on empty input",
    ]


def test_the_marker_is_hidden_from_notes_and_dry_run(runner: CliRunner, project: GitRepo) -> None:
    project.commit(SHOUT)
    assert invoke(runner, project.path, "changelog").exit_code == 0
    text = project.read("CHANGELOG.md").decode()
    head = project.git("rev-parse", "HEAD").strip()
    assert re.search(
        rf"<!-- releasekit: collected through {head} subjects [0-9a-f]{{12}} -->", text
    )
    assert "releasekit:" not in invoke(runner, project.path, "notes", "Unreleased").stdout
    dry = invoke(runner, project.path, "changelog", "--dry-run")
    assert "releasekit:" not in dry.stdout
    assert drop_marker(text).count("- add the --shout option") == 1


def test_an_old_changelog_without_a_marker_is_matched_by_text(
    runner: CliRunner, project: GitRepo
) -> None:
    text = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- add the --shout option\n"
    project.commit(SHOUT, {"CHANGELOG.md": text})
    result = invoke(runner, project.path, "changelog")
    assert result.exit_code == 0, result.stderr
    text = project.read("CHANGELOG.md").decode()
    assert text.count("- add the --shout option") == 1
    assert "<!-- releasekit: collected through" in text  # from now on, commit-aware
