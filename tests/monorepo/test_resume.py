"""``release --all`` again after an upload failed part-way: only what is missing.

End to end on real parts: a uv workspace with a bare remote, real builds, and the real
pypiserver; package ``b`` uploads through a proxy that answers its uploads with 503 (an
outage after the push, which no check before the first write can foresee), so ``b`` fails
after ``a`` went up. The re-run finishes that release: no bump, no second tag, ``a`` skipped
(the index has its files with the same sha256), ``b`` uploaded, and it says so package by
package.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.errors import RefusedError
from releasekit.monorepo.release import MonorepoReleaseOptions, plan_monorepo_release
from releasekit.monorepo.resume import pending, released_at_head
from releasekit.monorepo.status import workspace_status
from tests.conftest import GitRepo, invoke, workspace_files
from tests.pypi_index import FailingProxy, PypiServer

A, B = "rk-resume-a", "rk-resume-b"


def pypirc(server: PypiServer, b_url: str) -> str:
    """Two index names for the one pypiserver: ``b``'s may go through another URL."""
    return "".join(
        [
            "[distutils]\nindex-servers =\n    local\n    local-b\n\n",
            f"[local]\nrepository = {server.url}\nusername = {server.username}\n",
            f"password = {server.password}\n\n",
            f"[local-b]\nrepository = {b_url}\nusername = {server.username}\n",
            f"password = {server.password}\n",
        ]
    )


@pytest.fixture
def two_packages(repo: GitRepo) -> GitRepo:
    """``rk-resume-a`` 1.0.0 and ``rk-resume-b`` 2.0.0, tagged and pushed, one commit each since."""
    files = workspace_files(
        {A: ("packages/a", "1.0.0", ()), B: ("packages/b", "2.0.0", ())},
        root='[tool.uv.workspace]\nmembers = ["packages/*"]\n\n'
        '[tool.releasekit]\nrepository = "local"\n',
    )
    files["packages/b/pyproject.toml"] += '\n[tool.releasekit]\nrepository = "local-b"\n'
    files[".gitignore"] = "dist/\n"
    repo.commit("chore: initial commit", files)
    repo.tag(f"{A}-v1.0.0", "Release a 1.0.0")
    repo.tag(f"{B}-v2.0.0", "Release b 2.0.0")
    repo.git("push", "-q", "-u", "origin", "main", "--follow-tags")
    repo.commit("feat(a): a new thing", {"packages/a/src/rk_resume_a/new.py": "X = 1\n"})
    repo.commit("fix(b): a bug", {"packages/b/src/rk_resume_b/bug.py": "X = 1\n"})
    return repo


def remote_tags(repo: GitRepo) -> list[str]:
    return sorted(repo.git("--git-dir", str(repo.remote), "tag", "--list").split())


def on_index(server: PypiServer) -> list[str]:
    return sorted(p.name for p in server.packages.glob("rk_resume_*"))


@pytest.mark.slow
def test_a_rerun_publishes_only_what_is_missing_and_tags_nothing_again(
    two_packages: GitRepo, pypi_server: PypiServer, runner: CliRunner
) -> None:
    rc = Path.home() / ".pypirc"
    # b's index: the credential probe (upload 1) gets through, b's files (upload 2 on) not.
    with FailingProxy(pypi_server.url, fail_upload=2, lasting=True) as proxy:
        rc.write_text(pypirc(pypi_server, proxy.url))
        failed = invoke(runner, two_packages.path, "release", "--all")

    assert failed.exit_code == 1, failed.output
    assert "nothing was rolled back" in failed.stderr
    assert pypi_server.password not in failed.output
    assert on_index(pypi_server) == [
        "rk_resume_a-1.1.0-py3-none-any.whl",
        "rk_resume_a-1.1.0.tar.gz",
    ]
    tags = [f"{A}-v1.0.0", f"{A}-v1.1.0", f"{B}-v2.0.0", f"{B}-v2.0.1"]
    assert remote_tags(two_packages) == tags
    release_commit = two_packages.git("rev-parse", "HEAD").strip()

    rc.write_text(pypirc(pypi_server, pypi_server.url))
    dry = invoke(runner, two_packages.path, "release", "--all", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.startswith(
        f"finish release {A} 1.1.0, {B} 2.0.1, tag {A}-v1.1.0 {B}-v2.0.1 "
        "(the tags are on the remote)\n"
    )
    assert "git tag" not in dry.stdout
    assert "git push" not in dry.stdout
    assert "git commit" not in dry.stdout

    finished = invoke(runner, two_packages.path, "release", "--all")

    assert finished.exit_code == 0, finished.output
    lines = finished.stdout.splitlines()
    assert lines[0] == (
        f"finished release {A} 1.1.0, {B} 2.0.1 (tags {A}-v1.1.0 {B}-v2.0.1, not made again)"
    )
    assert lines[1] == (
        f"  {A} 1.1.0: uploaded nothing to {pypi_server.url}; 2 file(s) were there already"
    )
    assert lines[2] == (
        f"  {B} 2.0.1: uploaded rk_resume_b-2.0.1-py3-none-any.whl, rk_resume_b-2.0.1.tar.gz "
        f"to {pypi_server.url}"
    )
    assert on_index(pypi_server) == [
        "rk_resume_a-1.1.0-py3-none-any.whl",
        "rk_resume_a-1.1.0.tar.gz",
        "rk_resume_b-2.0.1-py3-none-any.whl",
        "rk_resume_b-2.0.1.tar.gz",
    ]
    # No bump, no second commit, no new tag.
    assert two_packages.git("rev-parse", "HEAD").strip() == release_commit
    assert remote_tags(two_packages) == tags
    assert sorted(two_packages.git("tag", "--points-at", "HEAD").split()) == tags[1::2]


def test_a_release_that_was_not_pushed_is_finished_by_one_push(two_packages: GitRepo) -> None:
    options = MonorepoReleaseOptions(publish=False, verify=False)
    plan_monorepo_release(
        two_packages.path, MonorepoReleaseOptions(publish=False, verify=False, push=False)
    ).apply()
    assert remote_tags(two_packages) == [f"{A}-v1.0.0", f"{B}-v2.0.0"]
    status = workspace_status(two_packages.path)
    assert not pending(status)
    assert [row.name for row in released_at_head(status)] == [A, B]

    plan = plan_monorepo_release(two_packages.path, options)

    assert plan.facts["resumed"] is True
    assert plan.describe().splitlines()[1] == (
        "1. git push --atomic -- origin refs/heads/main:refs/heads/main "
        f"refs/tags/{A}-v1.1.0:refs/tags/{A}-v1.1.0 refs/tags/{B}-v2.0.1:refs/tags/{B}-v2.0.1"
    )
    plan.apply()
    assert remote_tags(two_packages) == [f"{A}-v1.0.0", f"{A}-v1.1.0", f"{B}-v2.0.0", f"{B}-v2.0.1"]
    again = plan_monorepo_release(two_packages.path, options)
    assert again.steps == []
    assert again.title.endswith(": nothing left to do")


def test_new_commits_after_the_release_are_a_new_release(two_packages: GitRepo) -> None:
    options = MonorepoReleaseOptions(publish=False, verify=False)
    plan_monorepo_release(two_packages.path, options).apply()
    two_packages.commit("fix(a): another", {"packages/a/src/rk_resume_a/more.py": "1\n"})
    plan = plan_monorepo_release(two_packages.path, options)
    assert plan.facts.get("resumed") is not True
    assert plan.tag == f"{A}-v1.1.1"
    plan.apply()
    two_packages.commit("docs: nothing to release", {"README.md": "x\n"})
    with pytest.raises(RefusedError, match="nothing to release"):
        plan_monorepo_release(two_packages.path, options)
