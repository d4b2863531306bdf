"""Shared fixtures: real git repositories with a bare remote, and a CLI runner.

Every test that touches git works on a real repository in ``tmp_path`` whose ``origin`` is a
real bare repository; nothing about git is mocked. Git runs with an isolated HOME and config so
the developer's own settings (signing, hooks, default branch) never leak in.
"""

from __future__ import annotations

import os
import re
import subprocess
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from releasekit.cli import cli


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every test its own HOME and git identity, with no system or global config."""
    home = tmp_path_factory.mktemp("home")
    (home / ".gitconfig").write_text(
        textwrap.dedent(
            """\
            [user]
            \tname = Release Tester
            \temail = tester@example.com
            [init]
            \tdefaultBranch = main
            [commit]
            \tgpgsign = false
            [tag]
            \tgpgsign = false
            [advice]
            \tdetachedHead = false
            """
        )
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2025-02-15T12:00:00+00:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2025-02-15T12:00:00+00:00")
    for name in (
        "GIT_DIR",
        "GIT_WORK_TREE",
        # A developer's own ssh choice must not change which ssh releasekit runs.
        "GIT_SSH",
        "GIT_SSH_COMMAND",
        "TWINE_USERNAME",
        "TWINE_PASSWORD",
        "PYPI_API_TOKEN",
        "RELEASEKIT_TOKEN",
        # The CI the tests themselves run in must not change what releasekit prints or writes.
        "CI",
        "GITHUB_ACTIONS",
        "GITHUB_OUTPUT",
        "GITHUB_STEP_SUMMARY",
        "GITHUB_WORKSPACE",
        "ACTIONS_ID_TOKEN_REQUEST_URL",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        "GITLAB_CI",
        "PYPI_ID_TOKEN",
        "NO_COLOR",
        "FORCE_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)


_MARKER = re.compile(r"<!-- releasekit: collected[^\r\n]*-->(?:\r\n|\r|\n)?")


def drop_marker(text: str) -> str:
    """``text`` without releasekit's collection marker lines (what a reader sees)."""
    return _MARKER.sub("", text)


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd``; fail the test with git's stderr if it fails."""
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    if result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


#: What the bare remote's rejecting hook says (see :meth:`GitRepo.reject_pushes`).
REJECTED_PUSH = "protected branch: pushes to main are not allowed"


@dataclass
class GitRepo:
    """A real work tree with a bare ``origin``; helpers to write files, commit and tag."""

    path: Path
    remote: Path

    def git(self, *args: str) -> str:
        """Run git in the work tree."""
        return git(self.path, *args)

    def write(self, relative: str, text: str | bytes) -> Path:
        """Write a file (text is written as UTF-8 bytes, newlines untouched)."""
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return target

    def read(self, relative: str) -> bytes:
        """The bytes of a file in the work tree."""
        return (self.path / relative).read_bytes()

    def commit(self, message: str, files: Mapping[str, str | bytes] | None = None) -> str:
        """Write ``files`` (if any), stage everything and commit; return the commit id."""
        for relative, text in (files or {}).items():
            self.write(relative, text)
        self.git("add", "-A")
        self.git("commit", "--allow-empty", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def tag(self, name: str, message: str | None = None) -> None:
        """Make a tag (annotated when ``message`` is given)."""
        if message is None:
            self.git("tag", name)
        else:
            self.git("tag", "-a", name, "-m", message)

    def push(self) -> None:
        """Push the current branch and all tags to origin."""
        self.git("push", "-q", "--follow-tags", "origin", "HEAD")

    def remote_refs(self) -> str:
        """Every ref of the bare remote with its object id."""
        return git(self.remote, "for-each-ref", "--format=%(refname) %(objectname)")

    def reject_pushes(self, message: str = REJECTED_PUSH) -> None:
        """A pre-receive hook in the bare remote that refuses every push, saying ``message``."""
        hook = self.remote / "hooks" / "pre-receive"
        hook.write_text(f"#!/bin/sh\necho '{message}' >&2\nexit 1\n")
        hook.chmod(0o755)

    def snapshot(self) -> dict[str, object]:
        """Everything a failed command must leave as it was: files, index, refs."""
        files = {
            str(p.relative_to(self.path)): p.read_bytes()
            for p in sorted(self.path.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(self.path).parts
        }
        return {
            "files": files,
            "index": self.git("ls-files", "--stage"),
            "status": self.git("status", "--porcelain"),
            "refs": self.git("for-each-ref", "--format=%(refname) %(objectname)"),
            "head": self.git("symbolic-ref", "-q", "HEAD")
            if self.git("rev-parse", "--abbrev-ref", "HEAD").strip() != "HEAD"
            else "detached",
        }


class Recorder:
    """A reporter (``releasekit.plan.Reporter``) that keeps what it was told.

    ``infos`` and ``warnings`` keep each kind; ``lines`` keeps both in order, warnings
    prefixed ``warning:`` as the CLI shows them.
    """

    def __init__(self) -> None:
        self.infos: list[str] = []
        self.warnings: list[str] = []
        self.lines: list[str] = []

    def info(self, message: str) -> None:
        """Keep a progress line."""
        self.infos.append(message)
        self.lines.append(message)

    def warn(self, message: str) -> None:
        """Keep a warning."""
        self.warnings.append(message)
        self.lines.append(f"warning: {message}")


PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "sample-pkg"
version = "{version}"
description = "A sample project"
dependencies = ["requests>=2"]
"""


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """An empty git repository on branch main with a bare remote named origin."""
    remote = tmp_path / "remote.git"
    work = tmp_path / "work"
    work.mkdir()
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(work, "init", "-q", "-b", "main")
    git(work, "remote", "add", "origin", str(remote))
    return GitRepo(path=work, remote=remote)


@pytest.fixture
def project(repo: GitRepo) -> GitRepo:
    """A committed and pushed sample project at version 1.2.3 with ``__version__`` and a tag."""
    repo.commit(
        "chore: initial commit",
        {
            "pyproject.toml": PYPROJECT.format(version="1.2.3"),
            "src/sample_pkg/__init__.py": '"""Sample."""\n\n__version__ = "1.2.3"\n',
        },
    )
    repo.tag("v1.2.3", "Release 1.2.3")
    repo.git("push", "-q", "-u", "origin", "main", "--follow-tags")
    return repo


def member_pyproject(name: str, version: str | None, dependencies: tuple[str, ...] = ()) -> str:
    """A workspace member's pyproject.toml (``version`` None: taken from git tags by hatch-vcs).

    No build dependency beyond hatchling and no external dependency: ``uv lock`` works offline.
    """
    deps = ", ".join(f'"{d}"' for d in dependencies)
    if version is None:
        head = 'dynamic = ["version"]'
        tail = '\n[tool.hatch.version]\nsource = "vcs"\n'
    else:
        head, tail = f'version = "{version}"', ""
    return (
        f'[project]\nname = "{name}"\n{head}\nrequires-python = ">=3.10"\nreadme = "README.md"\n'
        f"dependencies = [{deps}]\n\n"
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n' + tail
    )


def workspace_files(
    members: Mapping[str, tuple[str, str | None, tuple[str, ...]]],
    root: str = '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
) -> dict[str, str]:
    """The files of a uv workspace: the root pyproject text and, per member name,
    ``(directory, version, dependencies)``; each member gets a package with ``__init__.py``."""
    files = {"pyproject.toml": root}
    for name, (directory, version, dependencies) in members.items():
        module = name.replace("-", "_")
        files[f"{directory}/pyproject.toml"] = member_pyproject(name, version, dependencies)
        files[f"{directory}/src/{module}/__init__.py"] = f'"""{name}."""\n'
        files[f"{directory}/README.md"] = f"# {name}\n"
    return files


@pytest.fixture
def workspace(repo: GitRepo) -> GitRepo:
    """A pushed uv workspace: ``a`` 1.0.0 and ``b`` 2.0.0 (pinning ``a==1.0.0``) under
    packages/, tagged ``a-v1.0.0`` and ``b-v2.0.0``."""
    repo.commit(
        "chore: initial commit",
        workspace_files(
            {
                "a": ("packages/a", "1.0.0", ()),
                "b": ("packages/b", "2.0.0", ("a==1.0.0",)),
            },
            root='[tool.uv.workspace]\nmembers = ["packages/*"]\n\n'
            "[tool.uv.sources]\na = { workspace = true }\n",
        ),
    )
    repo.tag("a-v1.0.0", "Release a 1.0.0")
    repo.tag("b-v2.0.0", "Release b 2.0.0")
    repo.git("push", "-q", "-u", "origin", "main", "--follow-tags")
    return repo


@pytest.fixture
def runner() -> CliRunner:
    """A click runner that keeps stdout and stderr apart."""
    return CliRunner()


def invoke(runner: CliRunner, project_path: Path, *args: str) -> Result:
    """Run ``releasekit --project PATH ARGS`` in-process."""
    return runner.invoke(cli, ["--project", str(project_path), *args], catch_exceptions=False)


# The real local package index (pypiserver) used by the build/publish tests, and the stand-in
# for the OIDC endpoints of trusted publishing (with a second host that must get nothing).
from tests.oidc_stand_in import oidc, other_host  # noqa: E402, F401
from tests.pypi_index import pypi_server  # noqa: E402, F401
