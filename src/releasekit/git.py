"""Every git call releasekit makes goes through :class:`Git`.

It takes the repository path (never the current directory), runs ``git`` as a subprocess with
a fixed, locale-independent environment, and turns failures into :class:`GitError` carrying
git's own stderr, with credentials in URLs masked.

Plain ``git`` subprocesses are used where GitPython adds nothing but start-up time: a streamed
``git log`` over 100k commits, an atomic push whose stderr the user must see. GitPython is
imported lazily by the few functions that read better with it.

>>> mask_credentials("fatal: unable to access 'https://user:s3cret@example.com/r.git/'")
"fatal: unable to access 'https://user:****@example.com/r.git/'"
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

from releasekit.errors import GitError

__all__ = ["Git", "mask_credentials"]

_URL_CREDENTIALS = re.compile(
    r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^/@\s:]*):(?P<secret>[^/@\s]+)@"
)
_URL_TOKEN = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<secret>[^/@\s:]{16,})@")


def mask_credentials(text: str) -> str:
    """Replace passwords and tokens embedded in URLs with ``****``."""
    text = _URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:****@", text)
    return _URL_TOKEN.sub(lambda m: f"{m['scheme']}****@", text)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # Parsable, untranslated output; never wait for a password prompt or an editor.
    env.update(
        {
            "LC_ALL": "C",
            "LANGUAGE": "C",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_EDITOR": "true",
            "GIT_PAGER": "cat",
            "GIT_OPTIONAL_LOCKS": "0",
        }
    )
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


class Git:
    """Runs git in one repository.

    >>> Git(Path("."))  # doctest: +ELLIPSIS
    Git(...)
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._env: dict[str, str] | None = None

    def __repr__(self) -> str:
        return f"Git({str(self.path)!r})"

    @property
    def env(self) -> dict[str, str]:
        """The environment every git call runs with (computed once)."""
        if self._env is None:
            self._env = _environment()
        return self._env

    def _argv(self, args: Sequence[str]) -> list[str]:
        executable = shutil.which("git")
        if executable is None:
            raise GitError("git is not installed or not on PATH: install git and try again")
        return [executable, "-C", str(self.path), *args]

    def run(self, *args: str, check: bool = True, input: str | None = None) -> str:
        """Run ``git ARGS`` and return its stdout (text, trailing newline kept).

        Raises :class:`GitError` with git's stderr when the command fails and ``check``.
        """
        result = self.run_result(*args, input=input)
        if check and result.returncode != 0:
            raise self._error(args, result.stderr)
        return result.stdout

    def run_result(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``git ARGS`` and return the completed process, whatever its exit status."""
        try:
            return subprocess.run(
                self._argv(args),
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="surrogateescape",
                env=self.env,
                input=input,
                check=False,
            )
        except OSError as exc:
            raise GitError(f"could not run git: {exc}") from exc

    def ok(self, *args: str) -> bool:
        """True when ``git ARGS`` exits 0 (output discarded)."""
        return self.run_result(*args).returncode == 0

    def stream(self, *args: str, separator: bytes = b"\0") -> Iterator[bytes]:
        """Run ``git ARGS`` and yield its stdout split on ``separator``, as it arrives.

        Memory stays flat however long the output is: this is how releasekit reads 100k
        commits of ``git log`` without building an object per commit.
        """
        argv = self._argv(args)
        try:
            process = subprocess.Popen(
                argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env
            )
        except OSError as exc:
            raise GitError(f"could not run git: {exc}") from exc
        assert process.stdout is not None
        assert process.stderr is not None
        pending = b""
        try:
            while chunk := process.stdout.read(1 << 16):
                pending += chunk
                *records, pending = pending.split(separator)
                yield from records
            if pending:
                yield pending
            stderr = process.stderr.read()
        finally:
            process.stdout.close()
            returncode = process.wait()
            process.stderr.close()
        if returncode != 0:
            raise self._error(args, stderr.decode("utf-8", "replace"))

    def _error(self, args: Sequence[str], stderr: str) -> GitError:
        command = mask_credentials(" ".join(["git", *args]))
        detail = mask_credentials(stderr.strip()) or "(git printed nothing)"
        return GitError(f"{command} failed in {self.path}:\n{detail}")

    # -- small queries used everywhere -------------------------------------------------

    def is_repository(self) -> bool:
        """True when the path is inside a git work tree."""
        return self.ok("rev-parse", "--is-inside-work-tree")

    def toplevel(self) -> Path:
        """The root of the work tree."""
        return Path(self.run("rev-parse", "--show-toplevel").strip())

    def head(self) -> str | None:
        """The commit id of HEAD, or None in a repository with no commits."""
        result = self.run_result("rev-parse", "--verify", "--quiet", "HEAD")
        return result.stdout.strip() or None

    def tags(self, pattern: str | None = None) -> list[str]:
        """Tag names, newest version first by git's ``version:refname`` order."""
        args = ["tag", "--list", "--sort=-version:refname"]
        if pattern:
            args.append(pattern)
        return [line for line in self.run(*args).splitlines() if line]

    def merged_tags(self, ref: str = "HEAD") -> list[str]:
        """Tags reachable from ``ref`` (what counts as released on this branch)."""
        return [
            line
            for line in self.run("tag", "--merged", ref, "--sort=-version:refname").splitlines()
            if line
        ]
