"""Tests for the core of releasekit.git.runner: running, streaming, errors, masking."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.errors import GitError
from releasekit.git.runner import Git, mask_credentials
from tests.conftest import GitRepo


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://user:s3cret@example.com/r.git", "https://user:****@example.com/r.git"),
        (
            "https://x-access-token:ghp_abc123@github.com/o/r",
            "https://x-access-token:****@github.com/o/r",
        ),
        ("https://ghp_0123456789abcdefABCDEF@github.com/o/r", "https://****@github.com/o/r"),
        ("https://github.com/o/r.git", "https://github.com/o/r.git"),
        ("git@github.com:o/r.git", "git@github.com:o/r.git"),
        ("ssh://git@host/r.git", "ssh://git@host/r.git"),
        ("a https://u:p@h/x and https://v:q@i/y", "a https://u:****@h/x and https://v:****@i/y"),
    ],
    ids=["user-password", "token-password", "bare-token", "plain", "scp", "ssh-user", "two"],
)
def test_mask_credentials(text: str, expected: str) -> None:
    assert mask_credentials(text) == expected


def test_run_returns_stdout(repo: GitRepo) -> None:
    repo.commit("feat: one")
    assert Git(repo.path).run("log", "--format=%s").strip() == "feat: one"


def test_head_and_empty_repository(repo: GitRepo) -> None:
    git = Git(repo.path)
    assert git.is_repository()
    assert git.head() is None
    sha = repo.commit("chore: first")
    assert git.head() == sha
    assert git.toplevel().resolve() == repo.path.resolve()


def test_failure_is_a_git_error_with_stderr(repo: GitRepo) -> None:
    with pytest.raises(GitError) as info:
        Git(repo.path).run("rev-parse", "--verify", "no-such-ref")
    message = str(info.value)
    assert "git rev-parse --verify no-such-ref failed" in message
    assert "fatal:" in message


def test_error_masks_credentials_in_remote_urls(repo: GitRepo) -> None:
    repo.git("remote", "set-url", "origin", "https://bob:hunter2token@127.0.0.1:9/none.git")
    with pytest.raises(GitError) as info:
        Git(repo.path).run("push", "https://bob:hunter2token@127.0.0.1:9/none.git", "main")
    assert "hunter2token" not in str(info.value)
    assert "bob:****@" in str(info.value)


def test_not_a_repository(tmp_path: Path) -> None:
    git = Git(tmp_path)
    assert not git.is_repository()
    with pytest.raises(GitError, match="not a git repository"):
        git.run("status")


def test_stream_splits_records_and_handles_large_output(repo: GitRepo) -> None:
    for number in range(300):
        repo.commit(f"fix: change {number}\n\n" + "body line\n" * 50)
    batches = list(Git(repo.path).stream("log", "-z", "--format=%s%n%b"))
    records = [record for batch in batches for record in batch]
    assert len(records) == 300
    assert records[0].startswith(b"fix: change 299\n")
    assert records[-1].startswith(b"fix: change 0\n")


def test_stream_raises_on_failure(repo: GitRepo) -> None:
    with pytest.raises(GitError, match="bad-range"):
        list(Git(repo.path).stream("log", "-z", "bad-range"))


def test_stream_stopped_early_reaps_git(repo: GitRepo) -> None:
    for number in range(3):
        repo.commit(f"fix: change {number}")
    git = Git(repo.path)
    process = git.spawn("log", "-z", "--format=%B")
    stream = git.stream(process=process)
    assert next(stream)
    stream.close()
    assert process.returncode is not None
    assert process.stdout is not None
    assert process.stdout.closed


def test_tags_sorted_newest_version_first(repo: GitRepo) -> None:
    repo.commit("chore: a")
    for name in ("v1.2.0", "v1.10.0", "v1.9.1", "nightly"):
        repo.tag(name)
    assert Git(repo.path).tags("v*") == ["v1.10.0", "v1.9.1", "v1.2.0"]
    assert set(Git(repo.path).merged_tags()) == {"v1.2.0", "v1.10.0", "v1.9.1", "nightly"}


def test_missing_git_executable(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo.path))
    with pytest.raises(GitError, match="git is not installed"):
        Git(repo.path).run("status")
