"""``release --all`` as a library call, on real repositories with a bare remote and uv."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from releasekit.errors import RefusedError
from releasekit.monorepo.release import MonorepoReleaseOptions, plan_monorepo_release
from tests.conftest import GitRepo, workspace_files
from tests.pypi_index import PypiServer

CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [{version}] - 2025-01-01\n\n- First.\n"
NO_PUBLISH = MonorepoReleaseOptions(publish=False, verify=False)


def uv_lock(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UV_PYTHON": sys.executable, "UV_NO_PROGRESS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "uv", "lock", "--offline", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture
def locked(workspace: GitRepo) -> GitRepo:
    """The workspace with changelogs, a uv.lock and ``cascade = true``, pushed."""
    pyproject = workspace.path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "\n[tool.releasekit]\ncascade = true\n")
    workspace.write("packages/a/CHANGELOG.md", CHANGELOG.format(version="1.0.0"))
    workspace.write("packages/b/CHANGELOG.md", CHANGELOG.format(version="2.0.0"))
    assert uv_lock(workspace.path).returncode == 0
    workspace.commit("chore: lock and changelogs")
    workspace.git("tag", "-f", "-a", "a-v1.0.0", "-m", "a 1.0.0")
    workspace.git("tag", "-f", "-a", "b-v2.0.0", "-m", "b 2.0.0")
    workspace.git("push", "-q", "-f", "origin", "main", "--tags")
    return workspace


def remote_tags(repo: GitRepo) -> list[str]:
    return sorted(repo.git("--git-dir", str(repo.remote), "tag", "--list").split())


def test_one_commit_one_tag_per_package_one_atomic_push(locked: GitRepo) -> None:
    locked.commit("feat(a): a new thing", {"packages/a/src/a/new.py": "X = 1\n"})
    locked.commit("docs: only the root", {"README.md": "x\n"})
    plan = plan_monorepo_release(locked.path, NO_PUBLISH)
    described = plan.describe()
    assert described.startswith("release a 1.0.0, b 2.0.0 -> a 1.1.0, b 2.0.1")
    assert (
        "git push --atomic -- origin refs/heads/main:refs/heads/main "
        "refs/tags/a-v1.1.0:refs/tags/a-v1.1.0 refs/tags/b-v2.0.1:refs/tags/b-v2.0.1"
    ) in described

    plan.apply()

    assert locked.git("log", "-1", "--format=%s").strip() == "chore(release): a 1.1.0, b 2.0.1"
    changed = locked.git("show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == [
        "packages/a/CHANGELOG.md",
        "packages/a/pyproject.toml",
        "packages/b/CHANGELOG.md",
        "packages/b/pyproject.toml",
        "uv.lock",
    ]
    assert remote_tags(locked) == ["a-v1.0.0", "a-v1.1.0", "b-v2.0.0", "b-v2.0.1"]
    assert locked.git("--git-dir", str(locked.remote), "rev-parse", "main") == locked.git(
        "rev-parse", "HEAD"
    )
    assert b'dependencies = ["a==1.1.0"]' in locked.read("packages/b/pyproject.toml")
    assert b'version = "2.0.1"' in locked.read("packages/b/pyproject.toml")
    a_log = locked.read("packages/a/CHANGELOG.md").decode()
    b_log = locked.read("packages/b/CHANGELOG.md").decode()
    assert "- **a:** a new thing" in a_log
    assert "only the root" not in a_log
    assert "## [1.1.0] - " in a_log
    assert "**deps:** a 1.1.0" in b_log
    assert "a new thing" not in b_log
    checked = uv_lock(locked.path, "--check")
    assert checked.returncode == 0, checked.stderr
    assert locked.git("status", "--porcelain") == ""


def test_a_rejected_push_rolls_everything_back(locked: GitRepo) -> None:
    locked.commit("fix(b): b bug", {"packages/b/src/b/bug.py": "X = 1\n"})
    before = locked.snapshot()
    hook = locked.remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pre-receive: main is protected' >&2\nexit 1\n")
    hook.chmod(0o755)
    plan = plan_monorepo_release(locked.path, NO_PUBLISH)
    with pytest.raises(Exception, match="main is protected"):
        plan.apply()
    assert locked.snapshot() == before
    assert remote_tags(locked) == ["a-v1.0.0", "b-v2.0.0"]


def test_lockstep_release(repo: GitRepo) -> None:
    files = workspace_files(
        {"a": ("packages/a", "1.4.0", ()), "b": ("packages/b", "1.4.0", ("a==1.4.0",))},
        root='[tool.uv.workspace]\nmembers = ["packages/*"]\n\n'
        "[tool.uv.sources]\na = { workspace = true }\n\n"
        '[tool.releasekit]\nversioning = "lockstep"\n',
    )
    repo.commit("chore: initial commit", files)
    assert uv_lock(repo.path).returncode == 0
    repo.commit("chore: lock")
    repo.tag("v1.4.0", "Release 1.4.0")
    repo.git("push", "-q", "-u", "origin", "main", "--tags")
    repo.commit("feat: b grows", {"packages/b/src/b/x.py": "1\n"})

    plan_monorepo_release(repo.path, NO_PUBLISH).apply()

    assert repo.git("log", "-1", "--format=%s").strip() == "chore(release): 1.5.0"
    assert remote_tags(repo) == ["v1.4.0", "v1.5.0"]
    for member in ("a", "b"):
        assert b'version = "1.5.0"' in repo.read(f"packages/{member}/pyproject.toml")
    assert b'"a==1.5.0"' in repo.read("packages/b/pyproject.toml")
    assert uv_lock(repo.path, "--check").returncode == 0


def test_named_packages_only(locked: GitRepo) -> None:
    locked.commit("fix(b): b bug", {"packages/b/src/b/bug.py": "X = 1\n"})
    locked.commit("fix(a): a bug", {"packages/a/src/a/bug.py": "X = 1\n"})
    only_b = MonorepoReleaseOptions(packages=("b",), publish=False, verify=False)
    assert plan_monorepo_release(locked.path, only_b).tag == "b-v2.0.1"
    locked.tag("a-v1.0.1", "a 1.0.1")  # a is released: nothing new for it
    both = MonorepoReleaseOptions(packages=("a", "b"), publish=False, verify=False)
    with pytest.raises(RefusedError, match="nothing to release for a: "):
        plan_monorepo_release(locked.path, both)


def test_nothing_to_release_is_refused(locked: GitRepo) -> None:
    locked.commit("docs: no release", {"packages/a/notes.txt": "x\n"})
    with pytest.raises(RefusedError, match="nothing to release"):
        plan_monorepo_release(locked.path, NO_PUBLISH)


def test_an_existing_tag_is_refused_before_anything_is_written(locked: GitRepo) -> None:
    locked.commit("feat(a): a new thing", {"packages/a/src/a/new.py": "X = 1\n"})
    locked.git("tag", "b-v2.0.1", "HEAD~1")
    before = locked.snapshot()
    with pytest.raises(RefusedError, match=r"b-v2\.0\.1 already exist"):
        plan_monorepo_release(locked.path, NO_PUBLISH)
    assert locked.snapshot() == before


@pytest.mark.slow
def test_every_released_package_is_built_verified_together_and_published(
    locked: GitRepo, pypi_server: PypiServer
) -> None:
    (Path.home() / ".pypirc").write_text(
        "[distutils]\nindex-servers =\n    local\n\n"
        f"[local]\nrepository = {pypi_server.url}\nusername = {pypi_server.username}\n"
        f"password = {pypi_server.password}\n"
    )
    pyproject = locked.path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'repository = "local"\n')
    locked.write(".gitignore", "dist/\n")
    locked.commit("chore: publish to the local index")
    locked.git("push", "-q", "origin", "main")
    locked.commit("feat(a): a new thing", {"packages/a/src/a/new.py": "X = 1\n"})

    plan = plan_monorepo_release(locked.path, MonorepoReleaseOptions())
    assert "install the wheels of a 1.1.0, b 2.0.1 together in a fresh venv" in plan.describe()
    plan.apply()

    uploaded = sorted(p.name for p in pypi_server.packages.glob("[ab]-*"))
    assert uploaded == [
        "a-1.1.0-py3-none-any.whl",
        "a-1.1.0.tar.gz",
        "b-2.0.1-py3-none-any.whl",
        "b-2.0.1.tar.gz",
    ]
    assert remote_tags(locked) == ["a-v1.0.0", "a-v1.1.0", "b-v2.0.0", "b-v2.0.1"]


def test_lockstep_release_of_vcs_versioned_members(repo: GitRepo) -> None:
    """pydantic-ai: every package versioned by uv-dynamic-versioning from one v{version} tag."""
    import shutil

    data = Path(__file__).parent.parent / "data" / "monorepos" / "pydantic-ai"
    shutil.copytree(data, repo.path, dirs_exist_ok=True)
    with (repo.path / "pyproject.toml").open("a") as file:
        file.write('\n[tool.releasekit]\nversioning = "lockstep"\n')
    repo.commit("chore: import")
    repo.tag("v2.33.0", "Release 2.33.0")
    repo.git("push", "-q", "-u", "origin", "main", "--tags")
    repo.commit("feat: a new model", {"pydantic_ai_slim/models.py": "X = 1\n"})

    plan = plan_monorepo_release(repo.path, NO_PUBLISH)

    assert plan.tag == "v2.34.0"
    assert plan.files == ()  # the versions live in the tag only
    plan.apply()
    assert remote_tags(repo) == ["v2.33.0", "v2.34.0"]
    assert repo.git("rev-parse", "v2.34.0^{commit}") == repo.git("rev-parse", "HEAD")
    assert "git commit" not in plan.describe()
