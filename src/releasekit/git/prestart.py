"""Start the history walk's ``git log`` before the rest of the program has loaded.

For a range ``TAG..HEAD`` git prints its first byte only after walking the whole range, and
over 100k commits that walk takes longer than Python takes to import the CLI and read the
configuration. So the console entry point, seeing ``changelog`` or ``next``, calls
:func:`start_release_log` first: it finds the project root, the tag format and the highest
release tag the way the project will, and starts exactly the ``git log`` that
:func:`releasekit.git.log.walk_since_release` will want. The walk :func:`claim` s it when its
directory and arguments are the ones it needs, and otherwise starts its own; whatever is not
claimed is stopped and reaped when the interpreter exits. It is only ever an early start:
never a different answer.
"""

from __future__ import annotations

import atexit
import subprocess
from pathlib import Path

from releasekit.errors import ReleasekitError

__all__ = ["claim", "discard", "hold", "log_args", "log_range", "start_release_log"]

_ROOT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py")  # as releasekit.project.find_root
_started: dict[Path, subprocess.Popen[bytes]] = {}


def log_range(since: str | None, until: str = "HEAD") -> str:
    """The revision range ``git log`` reads: ``since..until``, or ``until`` for all history.

    >>> log_range("v1.2.3"), log_range(None)
    ('v1.2.3..HEAD', 'HEAD')
    """
    return until if since is None else f"{since}..{until}"


def log_args(since: str | None, until: str = "HEAD", *, paths: bool = False) -> tuple[str, ...]:
    """The ``git log`` arguments of a walk: each commit's id and parents, NUL, its raw message
    (and with ``paths``, the paths it touches).

    Messages come re-encoded to UTF-8 whatever their ``encoding`` header, and a configured
    ``log.showSignature`` cannot mix gpg output into them.

    >>> log_args("v1.2.3")[-2:]
    ('v1.2.3..HEAD', '--')
    """
    return (
        "log",
        "-z",
        # With paths, a leading NUL marks where each commit starts (a path is never empty).
        "--format=%x00%H %P%x00%B" if paths else "--format=%H %P%x00%B",
        "--encoding=UTF-8",
        "--no-show-signature",
        *(("--name-only",) if paths else ()),
        log_range(since, until),
        "--",
    )


def start_release_log(start: Path) -> None:
    """Start the ``git log`` of the commits since the latest release tag of the project at or
    above ``start``, for :func:`claim`. Best effort: on any problem nothing is started, and the
    command finds and reports it the usual way."""
    try:
        root = _find_root(start.resolve())
        if root is None or _in_monorepo(root):
            return  # a monorepo package's walk is the workspace's, with paths
        from releasekit.git.runner import Git
        from releasekit.git.tags import release_tag_commits, resolve_tag_format

        git = Git(root)
        tag_format = resolve_tag_format(git, _configured_tag_format(root))
        candidates = release_tag_commits(git, tag_format)
        process = git.spawn(*log_args(candidates[0][1] if candidates else None))
    except (ReleasekitError, OSError, ValueError, TypeError):
        return
    hold(root, process)


def hold(directory: Path, process: subprocess.Popen[bytes]) -> None:
    """Keep ``git -C directory ...`` started early for a later :func:`claim`; stopped and
    reaped at exit if nobody claims it (one per directory: an older one is stopped)."""
    if not _started:
        atexit.register(_discard_all)
    older = _started.pop(directory.resolve(), None)
    if older is not None:
        discard(older)
    _started[directory.resolve()] = process


def claim(directory: Path, args: tuple[str, ...]) -> subprocess.Popen[bytes] | None:
    """The ``git -C directory ARGS`` started early, if there is one; it is then the caller's
    to read (:meth:`releasekit.git.runner.Git.stream`). One started for other arguments is
    stopped."""
    process = _started.pop(directory.resolve(), None)
    if process is None:
        return None
    if list(process.args)[3:] != list(args):  # type: ignore[arg-type]
        discard(process)
        return None
    return process


def discard(process: subprocess.Popen[bytes]) -> None:
    """Stop and reap a ``git`` process nobody will read."""
    if process.poll() is None:
        process.kill()
    process.wait()
    for pipe in (process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()


def _discard_all() -> None:
    while _started:
        discard(_started.popitem()[1])


def _find_root(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        if any((directory / marker).is_file() for marker in _ROOT_MARKERS):
            return directory
    return None


def _in_monorepo(root: Path) -> bool:
    """True when ``root`` may be a monorepo's root or member: its pyproject.toml lists
    members, or another pyproject.toml sits above it."""
    if any((parent / "pyproject.toml").is_file() for parent in root.parents):
        return True
    path = root / "pyproject.toml"
    return path.is_file() and b"[tool.uv.workspace]" in path.read_bytes()


def _configured_tag_format(root: Path) -> str | None:
    """``tag-format`` of ``[tool.releasekit]``, read as :class:`releasekit.project.Project`
    reads it (an unreadable or odd file: ``None``, the project will say what is wrong)."""
    from releasekit.files.toml import read_toml

    path = root / "pyproject.toml"
    if not path.is_file():
        return None
    _, data = read_toml(path, display="pyproject.toml")
    tool = data.get("tool", {})
    table = tool.get("releasekit") if isinstance(tool, dict) else None
    value = table.get("tag-format") if isinstance(table, dict) else None
    return value if isinstance(value, str) and value else None
