"""Tests for the release operations of releasekit.git.runner (streams: test_runner_streams.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.errors import GitError
from releasekit.git.runner import Git
from tests.conftest import GitRepo

#: A remote URL with a password in it, on a port nothing listens on (fails fast, offline).
SECRET_URL = "https://release-bot:s3cr3t-t0ken@127.0.0.1:9/owner/repo.git"


def test_credentials_never_appear_in_a_push_error(project: GitRepo) -> None:
    with pytest.raises(GitError) as caught:
        Git(project.path).push(SECRET_URL, ["main", "v1.2.3"])
    message = str(caught.value)
    assert "s3cr3t-t0ken" not in message
    masked = "https://release-bot:****@127.0.0.1:9/owner/repo.git"
    assert f"git push --atomic -- {masked} main v1.2.3 failed" in message


def test_credentials_never_appear_in_an_ls_remote_error(project: GitRepo) -> None:
    with pytest.raises(GitError) as caught:
        Git(project.path).remote_has_ref(SECRET_URL, "refs/tags/v1.2.4")
    assert "s3cr3t-t0ken" not in str(caught.value)
    assert "****" in str(caught.value)


def test_branch_queries(project: GitRepo) -> None:
    gitrepo = Git(project.path)
    assert gitrepo.current_branch() == "main"
    assert gitrepo.upstream("main") == ("origin", "refs/heads/main")
    assert gitrepo.upstream("nope") is None
    assert gitrepo.has_branch("main")
    assert not gitrepo.has_branch("hotfix/v1.2.4")
    assert gitrepo.remotes() == ["origin"]
    project.git("checkout", "-q", "--detach")
    assert gitrepo.current_branch() is None


def test_tag_queries(project: GitRepo) -> None:
    gitrepo = Git(project.path)
    head = project.git("rev-parse", "HEAD").strip()
    assert gitrepo.has_tag("v1.2.3")
    assert not gitrepo.has_tag("v1.2.4")
    assert gitrepo.rev("v1.2.3") == head  # peeled to the commit
    assert gitrepo.ref_target("refs/tags/v1.2.3") != head  # the annotated tag object
    assert gitrepo.rev("v9") is None
    assert gitrepo.remote_has_ref("origin", "refs/tags/v1.2.3")
    assert not gitrepo.remote_has_ref("origin", "refs/tags/v1.2")


def test_modified_files_lists_tracked_changes_only(project: GitRepo) -> None:
    project.commit("chore: more", {"old.txt": "x\n", "keep.txt": "k\n"})
    project.git("mv", "old.txt", "new.txt")
    project.write("keep.txt", "changed\n")
    project.write("untracked.txt", "u\n")
    assert sorted(Git(project.path).modified_files()) == ["keep.txt", "new.txt"]


def test_create_branch_checks_it_out_without_upstream(project: GitRepo) -> None:
    gitrepo = Git(project.path)
    gitrepo.create_branch("hotfix/v1.2.4", "v1.2.3")
    assert gitrepo.current_branch() == "hotfix/v1.2.4"
    assert gitrepo.upstream("hotfix/v1.2.4") is None


def test_index_file_is_the_repositorys(project: GitRepo) -> None:
    assert Git(project.path).index_file().resolve() == (project.path / ".git" / "index").resolve()


def test_count_and_fetch(project: GitRepo, tmp_path: Path) -> None:
    gitrepo = Git(project.path)
    project.commit("feat: one")
    assert gitrepo.count_commits("v1.2.3..HEAD") == 1
    gitrepo.fetch_branch("origin", "refs/heads/main")
    assert gitrepo.tracking_ref("origin", "refs/heads/main") == "refs/remotes/origin/main"
    assert gitrepo.tracking_ref("origin", "refs/heads/other") is None
