"""Every git call releasekit makes goes through :class:`Git`.

It takes the repository path (never the current directory), runs ``git`` as a subprocess with
a fixed, locale-independent environment, and turns failures into :class:`GitError` carrying
git's own stderr, with credentials in URLs masked.

Plain ``git`` subprocesses are used where GitPython adds nothing but start-up time: a streamed
``git log`` over 100k commits, an atomic push whose stderr the user must see. GitPython is
imported lazily by the few functions that read better with it (:meth:`Git.upstream` reads the
branch's tracking configuration through its config reader, no process started).

Why plain ``git`` and not GitPython for these, with the numbers: docs/performance.md.

>>> mask_credentials("fatal: unable to access 'https://user:s3cret@example.com/r.git/'")
"fatal: unable to access 'https://user:****@example.com/r.git/'"
"""

from __future__ import annotations

import subprocess
from collections.abc import Generator, Sequence
from pathlib import Path

from releasekit.errors import GitError
from releasekit.git.commands import commit_command, literal_pathspec, push_command, tag_command
from releasekit.git.environment import git_environment, reaches_remote, without_ssh_prompts
from releasekit.redaction import mask_credentials

__all__ = ["Git", "mask_credentials"]


class Git:
    """Runs git in one repository.

    >>> Git(Path("."))  # doctest: +ELLIPSIS
    Git(...)
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._env: dict[str, str] | None = None
        self._network_env: dict[str, str] | None = None

    def __repr__(self) -> str:
        return f"Git({str(self.path)!r})"

    @property
    def env(self) -> dict[str, str]:
        """The environment every git call runs with (computed once)."""
        if self._env is None:
            self._env = git_environment()
        return self._env

    def _env_for(self, args: Sequence[str]) -> dict[str, str]:
        """The environment of ``git ARGS``: one that may reach a remote gets an ssh that never
        prompts (:func:`~releasekit.git.environment.without_ssh_prompts`; ``core.sshCommand``
        is read once, on the first such command)."""
        if not reaches_remote(args):
            return self.env
        if self._network_env is None:
            self._network_env = without_ssh_prompts(
                self.env, lambda: self.config_value("core.sshCommand")
            )
        return self._network_env

    def _argv(self, args: Sequence[str]) -> list[str]:
        import shutil  # here: it imports the compression modules, which ``version`` never needs

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
                env=self._env_for(args),
                input=input,
                check=False,
            )
        except OSError as exc:
            raise GitError(f"could not run git: {exc}") from exc

    def ok(self, *args: str) -> bool:
        """True when ``git ARGS`` exits 0 (output discarded)."""
        return self.run_result(*args).returncode == 0

    def spawn(self, *args: str) -> subprocess.Popen[bytes]:
        """Start ``git ARGS`` with its stdout and stderr piped, for :meth:`stream` to read.

        Starting it early and reading it later lets git walk the history while Python does
        other work; the caller must hand it to :meth:`stream` (which always reaps it).
        """
        try:
            process = subprocess.Popen(
                self._argv(args),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=self._env_for(args),
                bufsize=0,
            )
        except OSError as exc:
            raise GitError(f"could not run git: {exc}") from exc
        assert process.stdout is not None
        _widen_pipe(process.stdout.fileno())
        return process

    def stream(
        self,
        *args: str,
        separator: bytes = b"\0",
        process: subprocess.Popen[bytes] | None = None,
    ) -> Generator[list[bytes], None, None]:
        """Run ``git ARGS`` and yield its stdout split on ``separator``, in lists of records
        as each read brings them.

        Memory stays flat however long the output is, and the reader takes one Python step
        per read rather than one per record: this is how releasekit reads 100k commits of
        ``git log``. ``process`` is ``git ARGS`` already started by :meth:`spawn`. The process
        is always waited for, also when the reader stops early.

        >>> [r for batch in Git(Path(".")).stream("version") for r in batch]  # doctest: +SKIP
        [b'git version 2.43.0\\n']
        """
        if process is None:
            process = self.spawn(*args)
        stdout, stderr_pipe = process.stdout, process.stderr
        assert stdout is not None
        assert stderr_pipe is not None
        pending = b""
        stderr = b""
        finished = False
        try:
            while chunk := stdout.read(1 << 20):
                *records, pending = (pending + chunk).split(separator)
                if records:
                    yield records
            if pending:
                yield [pending]
            stderr = stderr_pipe.read()
            finished = True
        finally:
            stdout.close()
            if not finished:
                process.kill()  # the reader stopped early: git need not finish its walk
            returncode = process.wait()
            stderr_pipe.close()
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

    # -- release operations (commit, tag, push, branches) ------------------------------
    #
    # Each one is a single git command, so a failure surfaces git's own stderr (masked) in
    # a GitError. The plan steps in releasekit.git.steps build on these.

    def git_dir(self) -> Path:
        """The repository's git directory (``.git``, or a worktree's private directory)."""
        return Path(self.run("rev-parse", "--absolute-git-dir").strip())

    def index_file(self) -> Path:
        """The path of the index file (honouring worktrees and ``core.splitIndex`` layouts)."""
        return self.path / self.run("rev-parse", "--git-path", "index").strip()

    def current_branch(self) -> str | None:
        """The checked-out branch's short name, or None when HEAD is detached."""
        result = self.run_result("symbolic-ref", "--quiet", "--short", "HEAD")
        return result.stdout.strip() or None if result.returncode == 0 else None

    def modified_files(self) -> list[str]:
        """Tracked files with changes, staged or not, relative to the top (untracked ignored).

        ``git status -z`` rather than GitPython's ``index.diff``: git does the stat-cache work
        in C and hands back one line per file, where GitPython builds a Diff object per entry.
        """
        out = self.run("status", "--porcelain=v1", "-z", "--untracked-files=no")
        names: list[str] = []
        records = iter(out.split("\0"))
        for record in records:
            if not record:
                continue
            names.append(record[3:])
            if record[0] in "RC":  # a rename carries its source as the next record
                next(records, None)
        return names

    def rev(self, ref: str) -> str | None:
        """The commit id ``ref`` points to (tags peeled), or None when it does not exist."""
        result = self.run_result("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        return result.stdout.strip() or None if result.returncode == 0 else None

    def ref_target(self, refname: str) -> str | None:
        """The object a full ref name points to (an annotated tag's own id), or None."""
        result = self.run_result("rev-parse", "--verify", "--quiet", refname)
        return result.stdout.strip() or None if result.returncode == 0 else None

    def has_tag(self, name: str) -> bool:
        """True when the tag exists in this repository."""
        return self.ref_target(f"refs/tags/{name}") is not None

    def has_branch(self, name: str) -> bool:
        """True when the local branch exists."""
        return self.ref_target(f"refs/heads/{name}") is not None

    def remotes(self) -> list[str]:
        """The names of the configured remotes."""
        return [line for line in self.run("remote").splitlines() if line]

    def remote_has_ref(self, remote: str, refname: str) -> bool:
        """True when ``remote`` has ``refname`` (asked over the wire with ``git ls-remote``).

        A shallow CI clone often lacks most tags; asking the remote is what protects it.
        """
        out = self.run("ls-remote", "--refs", remote, refname)
        return any(line.split("\t", 1)[-1] == refname for line in out.splitlines())

    def upstream(self, branch: str) -> tuple[str, str] | None:
        """``(remote, merge_ref)`` the branch tracks, e.g. ``("origin", "refs/heads/main")``.

        Read with GitPython: its config reader answers without starting a git process. Its
        import is heavy (docs/performance.md), so it is paid only here.
        """
        from git.exc import GitError as GitPythonError

        from git import Repo  # lazy: GitPython is heavy and only some commands need it

        try:
            repo = Repo(self.path, search_parent_directories=True)
            try:
                reader = repo.config_reader()
                section = f'branch "{branch}"'
                if not reader.has_option(section, "remote") or not reader.has_option(
                    section, "merge"
                ):
                    return None
                remote = str(reader.get_value(section, "remote"))
                merge = str(reader.get_value(section, "merge"))
            finally:
                repo.close()
        except (GitPythonError, OSError, ValueError) as exc:
            raise GitError(
                mask_credentials(f"could not read the upstream of {branch} in {self.path}: {exc}")
            ) from exc
        return (remote, merge) if remote and remote != "." else None

    def fetch_branch(self, remote: str, merge_ref: str) -> None:
        """Fetch one branch of ``remote`` (no tags), updating its remote-tracking ref."""
        # No auto-maintenance: a release must not start a gc in the middle of its preflight.
        self.run("fetch", "--quiet", "--no-tags", "--no-auto-maintenance", remote, merge_ref)

    def tracking_ref(self, remote: str, merge_ref: str) -> str | None:
        """The local remote-tracking ref for ``merge_ref`` of ``remote`` (None if unmapped)."""
        branch = merge_ref.removeprefix("refs/heads/")
        candidate = f"refs/remotes/{remote}/{branch}"
        return candidate if self.ref_target(candidate) is not None else None

    def count_commits(self, revision_range: str) -> int:
        """How many commits ``git rev-list --count RANGE`` finds."""
        return int(self.run("rev-list", "--count", revision_range).strip() or 0)

    def config_value(self, key: str) -> str | None:
        """A git config value (every scope), or None when unset."""
        result = self.run_result("config", "--get", key)
        return result.stdout.strip() or None if result.returncode == 0 else None

    def commit_paths(self, message: str, paths: Sequence[str], *, sign: bool = False) -> str:
        """Commit exactly ``paths`` (``git commit --only``) and return the new commit id.

        Other staged changes stay staged and out of the commit; untracked files are never
        included. A path git does not know yet is added first, so ``--only`` accepts it.
        """
        known = set(self.run("ls-files", "-z", "--", *map(literal_pathspec, paths)).split("\0"))
        new = [path for path in paths if path not in known]
        if new:
            self.run("add", "--", *map(literal_pathspec, new))
        self.run(*commit_command(message, paths, sign=sign))
        return self.run("rev-parse", "HEAD").strip()

    def create_tag(self, name: str, message: str, *, sign: bool = False, ref: str = "HEAD") -> str:
        """Make an annotated (``sign``: signed) tag and return the tag object's id."""
        self.run(*tag_command(name, message, sign=sign, ref=ref))
        return self.run("rev-parse", f"refs/tags/{name}").strip()

    def delete_tag(self, name: str, expected: str | None = None) -> None:
        """Delete a local tag; with ``expected``, only if it still points there."""
        args = ["update-ref", "-d", f"refs/tags/{name}"]
        self.run(*([*args, expected] if expected else args))

    def move_ref(self, refname: str, new: str, expected: str) -> None:
        """Point ``refname`` at ``new``, only if it still points at ``expected`` (atomic)."""
        self.run("update-ref", "-m", "releasekit: roll back", refname, new, expected)

    def push(self, remote: str, refs: Sequence[str], *, atomic: bool = True) -> str:
        """``git push [--atomic] REMOTE REFS…``: every ref is updated, or none is.

        Returns git's report (stderr, where git writes it). A rejection (a server hook, a
        protected branch, a non-fast-forward) raises :class:`GitError` with git's words.
        """
        args = push_command(remote, refs, atomic=atomic)
        result = self.run_result(*args)
        if result.returncode != 0:
            raise self._error(
                args, "\n".join(p for p in (result.stderr, result.stdout) if p.strip())
            )
        return result.stderr

    def create_branch(self, name: str, start: str, *, checkout: bool = True) -> None:
        """Create branch ``name`` at ``start`` (no upstream) and, by default, check it out."""
        if checkout:
            self.run("switch", "--quiet", "--no-track", "--create", name, start)
        else:
            self.run("branch", "--no-track", name, start)


def _widen_pipe(fd: int) -> None:
    """Ask for a 1 MiB pipe (Linux); elsewhere, or above the system's limit, keep the default."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass
