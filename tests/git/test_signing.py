"""Signed release commits and tags with throwaway GPG and SSH keys made in the test.

Both signing formats go through git (``gpg.format``), so releasekit only passes ``--sign``;
these tests prove the result verifies with ``git tag -v`` / ``git verify-commit``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.git.preflight import PreflightOptions, run_preflight
from releasekit.git.runner import Git
from releasekit.git.signing import signing_problem
from releasekit.git.steps import CommitStep, TagStep
from releasekit.plan import Plan
from tests.conftest import GitRepo, invoke

HAVE_GPG = shutil.which("gpg") is not None
HAVE_SSH = shutil.which("ssh-keygen") is not None
pytestmark = pytest.mark.skipif(
    not (HAVE_GPG or HAVE_SSH), reason="neither gpg nor ssh-keygen is installed"
)
EMAIL = "tester@example.com"


@pytest.fixture
def gpg_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A passphrase-less ed25519 GPG key in a throwaway GNUPGHOME; yields its fingerprint."""
    if not HAVE_GPG:
        pytest.skip("gpg is not installed (the ssh variant still runs)")
    # A short path: gpg-agent's socket path must fit in sun_path (108 bytes).
    home = Path(tempfile.mkdtemp(prefix="rkgpg", dir="/tmp"))
    home.chmod(0o700)
    monkeypatch.setenv("GNUPGHOME", str(home))
    subprocess.run(
        ["gpg", "--batch", "--passphrase", "", "--quick-gen-key",
         f"Release Tester <{EMAIL}>", "ed25519", "sign", "never"],
        check=True, capture_output=True,
    )  # fmt: skip
    listing = subprocess.run(
        ["gpg", "--batch", "--with-colons", "--list-secret-keys", EMAIL],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    fingerprint = next(line.split(":")[9] for line in listing.splitlines() if line[:3] == "fpr")
    yield fingerprint
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], capture_output=True, check=False)
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def ssh_key(tmp_path: Path) -> Path:
    """A passphrase-less ed25519 SSH key and an allowed-signers file next to it."""
    if not HAVE_SSH:
        pytest.skip("ssh-keygen is not installed (the gpg variant still runs)")
    key = tmp_path / "keys" / "id_ed25519"
    key.parent.mkdir()
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", EMAIL, "-f", str(key)],
        check=True, capture_output=True,
    )  # fmt: skip
    public = key.with_suffix(".pub").read_text().strip()
    (tmp_path / "keys" / "allowed_signers").write_text(f"{EMAIL} {public}\n")
    return key


def release_signed(project: GitRepo) -> None:
    """Bump a file, then commit and tag it signed, as the release plan does."""
    gitrepo = Git(project.path)
    run_preflight(gitrepo, PreflightOptions(tag="v1.2.4", sign=True, push=False))
    project.write("pyproject.toml", project.read("pyproject.toml").replace(b"1.2.3", b"1.2.4"))
    Plan(
        [
            CommitStep(gitrepo, ["pyproject.toml"], "chore(release): 1.2.4", sign=True),
            TagStep(gitrepo, "v1.2.4", "Release 1.2.4", sign=True),
        ]
    ).apply()


def test_gpg_signed_commit_and_tag_verify(project: GitRepo, gpg_key: str) -> None:
    project.git("config", "user.signingkey", gpg_key)
    assert signing_problem(Git(project.path)) is None
    release_signed(project)
    project.git("tag", "-v", "v1.2.4")  # raises when the signature does not verify
    project.git("verify-commit", "HEAD")
    assert "-----BEGIN PGP SIGNATURE-----" in project.git("cat-file", "-p", "v1.2.4")


def test_gpg_falls_back_to_the_committer_email(project: GitRepo, gpg_key: str) -> None:
    assert project.git("config", "user.email").strip() == EMAIL
    assert signing_problem(Git(project.path)) is None
    release_signed(project)
    project.git("tag", "-v", "v1.2.4")


def test_ssh_signed_commit_and_tag_verify(project: GitRepo, ssh_key: Path) -> None:
    project.git("config", "gpg.format", "ssh")
    project.git("config", "user.signingkey", str(ssh_key.with_suffix(".pub")))
    project.git("config", "gpg.ssh.allowedSignersFile", str(ssh_key.parent / "allowed_signers"))
    assert signing_problem(Git(project.path)) is None
    release_signed(project)
    verified = subprocess.run(
        ["git", "tag", "-v", "v1.2.4"], cwd=project.path, capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stderr
    assert f'Good "git" signature for {EMAIL}' in verified.stderr
    project.git("verify-commit", "HEAD")
    assert "-----BEGIN SSH SIGNATURE-----" in project.git("cat-file", "-p", "v1.2.4")


def test_unsigned_release_does_not_verify(project: GitRepo, ssh_key: Path) -> None:
    project.git("config", "gpg.ssh.allowedSignersFile", str(ssh_key.parent / "allowed_signers"))
    project.git("tag", "-a", "v0-unsigned", "-m", "not signed")
    result = subprocess.run(
        ["git", "tag", "-v", "v0-unsigned"], cwd=project.path, capture_output=True, text=True
    )
    assert result.returncode != 0


def test_release_sign_through_the_cli(project: GitRepo, ssh_key: Path, runner: CliRunner) -> None:
    project.git("config", "gpg.format", "ssh")
    project.git("config", "user.signingkey", str(ssh_key.with_suffix(".pub")))
    project.git("config", "gpg.ssh.allowedSignersFile", str(ssh_key.parent / "allowed_signers"))
    project.commit("fix: a bug")
    result = invoke(
        runner,
        project.path,
        "release",
        "--sign",
        "--no-push",
        "--no-publish",
        "--no-verify",
        "--allow-empty",
    )
    assert result.exit_code == 0, result.stderr
    project.git("tag", "-v", "v1.2.4")
    project.git("verify-commit", "HEAD")
    tagged = invoke(runner, project.path, "bump", "patch", "--tag", "--sign")
    assert tagged.exit_code == 0, tagged.stderr
    project.git("tag", "-v", "v1.2.5")
