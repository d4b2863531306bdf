"""Whether ``--sign`` can work: git's signing configuration checked before anything is written.

>>> import tempfile; from pathlib import Path
>>> from releasekit.git.runner import Git
>>> root = Path(tempfile.mkdtemp())
>>> _ = Git(root).run("init", "-q")
>>> _ = Git(root).run("config", "gpg.format", "ssh")
>>> print(signing_problem(Git(root)))  # doctest: +ELLIPSIS
gpg.format is ssh but user.signingkey is not set: `git config user.signingkey ...`
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from releasekit.git.runner import Git

__all__ = ["signing_problem"]


def signing_problem(git: Git) -> str | None:
    """Why ``--sign`` cannot work here, or None when git has a usable signing key.

    Follows git's own rules: ``gpg.format`` (openpgp, ssh, x509), ``user.signingKey``
    (for openpgp, falling back to the committer's e-mail), and the program git would call.
    """
    import shutil

    fmt = (git.config_value("gpg.format") or "openpgp").lower()
    key = git.config_value("user.signingkey")
    if fmt == "ssh":
        return _ssh_signing_problem(git, key)
    if fmt == "x509":
        program = git.config_value("gpg.x509.program") or "gpgsm"
        return None if shutil.which(program) else f"{program} (gpg.x509.program) is not installed"
    program = git.config_value("gpg.openpgp.program") or git.config_value("gpg.program") or "gpg"
    if shutil.which(program) is None:
        return f"{program} (gpg.program) is not installed: install GnuPG or set gpg.format"
    identity = key or git.config_value("user.email")
    if not identity:
        return "no signing key: set one with `git config user.signingkey <KEY-ID>`"
    result = subprocess.run(
        [program, "--batch", "--list-secret-keys", identity],
        capture_output=True,
        text=True,
        env=git.env,
        check=False,
    )
    if result.returncode != 0:
        source = "user.signingkey" if key else "user.email (no user.signingkey set)"
        return (
            f"no GnuPG secret key for {identity!r} ({source}): create one or set "
            "`git config user.signingkey <KEY-ID>`"
        )
    return None


def _ssh_signing_problem(git: Git, key: str | None) -> str | None:
    import shutil

    if not key:
        return (
            "gpg.format is ssh but user.signingkey is not set: "
            "`git config user.signingkey ~/.ssh/id_ed25519.pub`"
        )
    if shutil.which(git.config_value("gpg.ssh.program") or "ssh-keygen") is None:
        return "ssh-keygen is not installed: install OpenSSH or set gpg.ssh.program"
    if key.startswith(("ssh-", "key::", "ecdsa-", "sk-")):
        return None  # a literal public key: ssh-agent holds the private half
    path = Path(key).expanduser()
    if not path.is_absolute():
        path = git.path / path
    if not path.is_file():
        return f"user.signingkey {key!r} is not a file: point it at your SSH key"
    return None
