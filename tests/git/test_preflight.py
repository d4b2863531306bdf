"""Tests for releasekit.git.preflight: every guard on a real repository with a bare remote."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.errors import GitError, RefusedError
from releasekit.git.preflight import PreflightOptions, branch_allowed, run_preflight
from releasekit.git.runner import Git
from tests.conftest import GitRepo, Recorder, git


def refusal(path: Path, **options: object) -> str:
    """Run the preflight expecting a refusal; return its message."""
    with pytest.raises(RefusedError) as caught:
        run_preflight(Git(path), PreflightOptions(**options))  # type: ignore[arg-type]
    assert caught.value.exit_code == 1
    return str(caught.value)


def second_clone(repo: GitRepo, tmp_path: Path) -> GitRepo:
    """Another clone of the same remote, to change the remote behind the first one's back."""
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(repo.remote), str(other))
    return GitRepo(path=other, remote=repo.remote)


@pytest.mark.parametrize(
    ("branch", "patterns", "allowed"),
    [
        ("main", ("main", "master"), True),
        ("release/2.x", ("release/*",), True),
        ("hotfix/v1.2.4", ("main", "hotfix/*"), True),
        ("feature/x", ("main", "release/*"), False),
        ("Main", ("main",), False),
        ("mainline", ("main",), False),
    ],
    ids=["exact", "glob", "hotfix", "other", "case", "prefix"],
)
def test_branch_allowed(branch: str, patterns: tuple[str, ...], allowed: bool) -> None:
    assert branch_allowed(branch, patterns) is allowed


def test_a_clean_release_branch_passes(project: GitRepo) -> None:
    project.write("notes.txt", "untracked files are fine\n")
    report = run_preflight(Git(project.path), PreflightOptions(tag="v1.2.4"))
    assert report.branch == "main"
    assert report.remote == "origin"
    assert report.upstream == "refs/heads/main"
    assert report.push_refspec == "refs/heads/main:refs/heads/main"
    assert report.head == project.git("rev-parse", "HEAD").strip()
    assert report.warnings == ()


def test_modified_tracked_files_are_listed(project: GitRepo) -> None:
    project.write("pyproject.toml", "changed\n")
    project.write("src/sample_pkg/__init__.py", "changed\n")
    project.git("add", "src/sample_pkg/__init__.py")
    message = refusal(project.path, tag="v1.2.4")
    assert "2 tracked file(s) have uncommitted changes" in message
    assert "modified: pyproject.toml" in message
    assert "modified: src/sample_pkg/__init__.py" in message
    assert "--allow-dirty" in message
    run_preflight(Git(project.path), PreflightOptions(tag="v1.2.4", allow_dirty=True))


def test_detached_head_is_refused(project: GitRepo) -> None:
    project.git("checkout", "-q", "--detach")
    assert "HEAD is detached" in refusal(project.path, tag="v1.2.4")


def test_branch_outside_branches_is_refused(project: GitRepo) -> None:
    project.git("switch", "-q", "-c", "feature/x")
    message = refusal(project.path, tag="v1.2.4", push=False)
    assert "branch 'feature/x' is not a release branch" in message
    assert "main, master, release/*, hotfix/*" in message
    report = run_preflight(
        Git(project.path), PreflightOptions(tag="v1.2.4", branches=("feature/*",), push=False)
    )
    assert report.branch == "feature/x"


def test_existing_local_tag_is_refused(project: GitRepo) -> None:
    assert "tag v1.2.3 already exists in this repository" in refusal(project.path, tag="v1.2.3")


def test_tag_only_on_the_remote_is_refused(project: GitRepo, tmp_path: Path) -> None:
    other = second_clone(project, tmp_path)
    other.tag("v1.2.4", "Release 1.2.4 from elsewhere")
    other.git("push", "-q", "origin", "v1.2.4")
    assert project.git("tag", "--list", "v1.2.4") == ""
    message = refusal(project.path, tag="v1.2.4")
    assert "tag v1.2.4 already exists on 'origin'" in message


def test_branch_behind_upstream_is_refused(project: GitRepo, tmp_path: Path) -> None:
    other = second_clone(project, tmp_path)
    other.commit("fix: elsewhere")
    other.commit("fix: elsewhere again")
    other.git("push", "-q", "origin", "main")
    message = refusal(project.path, tag="v1.2.4")
    assert "branch 'main' is 2 commit(s) behind origin/main" in message
    assert "git pull --ff-only" in message


def test_ahead_of_upstream_is_fine(project: GitRepo) -> None:
    project.commit("feat: not pushed yet")
    run_preflight(Git(project.path), PreflightOptions(tag="v1.3.0"))


def test_no_upstream_warns_and_passes(project: GitRepo) -> None:
    project.git("switch", "-q", "-c", "release/2.x")
    recorder = Recorder()
    report = run_preflight(Git(project.path), PreflightOptions(tag="v2.0.0"), recorder)
    assert report.upstream is None
    assert report.remote == "origin"
    assert any("has no upstream" in w for w in recorder.warnings)
    assert report.warnings == tuple(recorder.warnings)


def test_no_remote_is_refused_only_when_pushing(repo: GitRepo) -> None:
    repo.commit("chore: start", {"a.txt": "a\n"})
    repo.git("remote", "remove", "origin")
    assert "no remote to push v1.0.0 to" in refusal(repo.path, tag="v1.0.0")
    recorder = Recorder()
    run_preflight(Git(repo.path), PreflightOptions(tag="v1.0.0", push=False), recorder)
    assert any("checked in this repository only" in w for w in recorder.warnings)


def test_every_problem_is_reported_at_once(project: GitRepo) -> None:
    project.git("switch", "-q", "-c", "feature/x")
    project.write("pyproject.toml", "changed\n")
    message = refusal(project.path, tag="v1.2.3", sign=True)
    assert message.splitlines()[0] == "release refused:"
    for part in ("not a release branch", "uncommitted changes", "already exists", "--sign"):
        assert part in message


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"gpg.format": "ssh"}, "user.signingkey is not set"),
        ({"gpg.format": "ssh", "user.signingkey": "/no/such/key.pub"}, "is not a file"),
        ({"gpg.program": "no-such-gpg-program"}, "no-such-gpg-program (gpg.program)"),
        ({"user.signingkey": "0xDEADBEEF"}, "no GnuPG secret key for '0xDEADBEEF'"),
    ],
    ids=["ssh-no-key", "ssh-missing-file", "no-gpg", "gpg-unknown-key"],
)
def test_sign_without_a_usable_key_is_refused(
    project: GitRepo, config: dict[str, str], expected: str, tmp_path: Path
) -> None:
    for key, value in config.items():
        project.git("config", key, value)
    gnupg = tmp_path / "gnupg"
    gnupg.mkdir(mode=0o700)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GNUPGHOME", str(gnupg))  # an empty keyring
        message = refusal(project.path, tag="v1.2.4", sign=True)
    assert "--sign cannot work" in message
    assert expected in message


def test_not_a_repository_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert "is not in a git repository" in refusal(plain, tag="v1.0.0")


def test_git_not_installed(project: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(project.path / "no-bin"))
    with pytest.raises(GitError, match="git is not installed"):
        run_preflight(Git(project.path), PreflightOptions(tag="v1.2.4"))


def test_preflight_writes_nothing(project: GitRepo, tmp_path: Path) -> None:
    other = second_clone(project, tmp_path)
    other.commit("fix: elsewhere")
    other.git("push", "-q", "origin", "main")
    project.git("fetch", "-q")  # so the refusal's own fetch changes no ref
    before = project.snapshot()
    refusal(project.path, tag="v1.2.4")
    assert project.snapshot() == before
