"""The git commands the release steps run: exact argument lists, globs made literal."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from releasekit.git.commands import commit_command, literal_pathspec, push_command, tag_command
from tests.conftest import GitRepo


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (commit_command("m", ["a"]), ["commit", "--only", "-m", "m", "--", "a"]),
        (commit_command("m", ["a*"], sign=True)[2], "--gpg-sign"),
        (commit_command("m", ["a*"])[-1], ":(literal)a*"),
        (tag_command("v1", "R", sign=True)[1], "--sign"),
        (tag_command("v1", "R", ref="abc")[-2:], ["v1", "abc"]),
        (push_command("o", ["main", "v1"]), ["push", "--atomic", "--", "o", "main", "v1"]),
        (push_command("o", ["v1"], atomic=False), ["push", "--", "o", "v1"]),
    ],
    ids=["commit", "commit-sign", "commit-glob", "tag-sign", "tag-ref", "push", "push-plain"],
)
def test_commands(args: object, expected: object) -> None:
    assert args == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [("a/b.py", "a/b.py"), ("a/[x].py", ":(literal)a/[x].py"), ("a?.py", ":(literal)a?.py")],
    ids=["plain", "brackets", "question"],
)
def test_literal_pathspec(path: str, expected: str) -> None:
    assert literal_pathspec(path) == expected


def test_a_literal_pathspec_commits_only_that_file(project: GitRepo) -> None:
    project.write("data/[v].txt", "1\n")
    project.write("data/v.txt", "1\n")
    project.git("add", "data")
    project.git("commit", "-qm", "data")
    project.write("data/[v].txt", "2\n")
    project.write("data/v.txt", "2\n")
    project.git(*commit_command("only the bracketed one", ["data/[v].txt"]))
    changed = project.git("show", "--name-only", "--format=", "HEAD").split()
    assert changed == ["data/[v].txt"]
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=Path(project.path), capture_output=True, text=True
    )
    assert status.stdout.strip() == "M data/v.txt"
