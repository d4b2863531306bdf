"""The write-ahead journal that makes a set of file replacements recoverable, and the
atomic replacement of one file.

:func:`write_journal` records every file's old and new bytes before the first rename;
:func:`recover_interrupted` (run at the start of every writing command, see
:meth:`releasekit.project.Project.recover`) finds a journal an interrupted process left behind
and puts every file back as it was. :func:`write_temp` and :func:`write_atomic` write one file
through a temporary file in the same directory (permissions and owner kept) and ``os.replace``.

Renames call ``os.replace`` itself, never ``Path.replace``: on Python 3.10 pathlib binds
``os.replace`` at import time, and the tests inject faults by patching ``os.replace``.
base64, hashlib, json and tempfile are imported where used: ``releasekit version`` looks for a
journal and must not pay for them.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> journal = write_journal(root, [(root / "VERSION", b"1.0\\n", b"1.1\\n")])
>>> journal.name
'.releasekit-journal.json'
>>> _ = (root / "VERSION").write_bytes(b"1.1\\n")  # renamed, then the process died
>>> [p.name for p in recover_interrupted(root)], (root / "VERSION").read_bytes()
(['VERSION'], b'1.0\\n')
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from releasekit.errors import ReleasekitError
from releasekit.files.paths import display_path
from releasekit.plan import NullReporter, Reporter

__all__ = [
    "INTERRUPTED_FIX",
    "JOURNAL_NAME",
    "journal_path",
    "recover_interrupted",
    "temp_name",
    "write_atomic",
    "write_journal",
    "write_temp",
]

#: File name of the journal (inside ``.git`` when the root is a git work tree).
JOURNAL_NAME = "releasekit-journal.json"
_TEMP_SUFFIX = ".releasekit-tmp"
#: What to do about a journal left by an interrupted write (for warnings and ``check``).
INTERRUPTED_FIX = (
    "an earlier releasekit run was interrupted while writing, so files may be half-written; "
    "any writing command (releasekit bump, changelog, tag, release) puts them back first, "
    "as does Project.recover()"
)


def journal_path(root: Path) -> Path:
    """Where the journal of an unfinished write lives for the project at ``root``.

    Inside ``.git`` when the root is a git work tree (never committed, never shown by
    ``git status``), else ``<root>/.releasekit-journal.json``.
    """
    git_dir = Path(root) / ".git"
    if git_dir.is_dir():
        return git_dir / JOURNAL_NAME
    return Path(root) / f".{JOURNAL_NAME}"


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}{_TEMP_SUFFIX}")


def _copy_owner(source: Path, temp: Path) -> None:
    """Give ``temp`` the owner and group of ``source`` (a root-run bump keeps files' owners)."""
    if not hasattr(os, "chown"):
        return
    try:
        info = source.stat()
    except OSError:
        return
    if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):  # not permitted: the file becomes the writer's
            os.chown(temp, info.st_uid, info.st_gid)


def _new_file_mode() -> int:
    """The mode a new file gets from the process umask (``0o644`` under the usual ``022``)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_temp(target: Path, data: bytes, mode: int | None) -> Path:
    """Write ``data`` next to ``target`` (same file system, so the rename is atomic).

    The temporary file gets ``mode`` (for a file that does not exist yet: the mode any new
    file gets under the umask, not the private mode of the temporary file) and the owner of
    ``target``; it is fsynced.
    """
    if mode is None:
        mode = _new_file_mode()
    temp = temp_name(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(mode)
        _copy_owner(target, temp)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def write_atomic(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` atomically (permissions and owner kept)."""
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    temp = write_temp(target, data, mode)
    try:
        os.replace(temp, target)  # noqa: PTH105
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _encode(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


def write_journal(root: Path, files: Sequence[tuple[Path, bytes, bytes]]) -> Path:
    """Record ``(path, old bytes, new bytes)`` of every file about to be replaced.

    Written atomically, so it either lists every file or does not exist.
    """
    import json
    import tempfile

    journal = journal_path(root)
    entries: list[dict[str, Any]] = [
        {
            "path": display_path(Path(path), root),
            "before": _encode(before),
            "after": _encode(after),
            "before_sha256": _sha256(before),
            "after_sha256": _sha256(after),
        }
        for path, before, after in files
    ]
    payload = json.dumps({"format": 1, "pid": os.getpid(), "files": entries}, indent=1)
    # The journal itself is written atomically: a crash while writing it leaves no journal
    # (and no file has been touched yet), never a half journal.
    fd, name = tempfile.mkstemp(prefix=".releasekit-journal-", dir=journal.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(name, journal)  # noqa: PTH105
    return journal


def _still_running(pid: object) -> bool:
    """True when ``pid`` is another live process (whose write is in progress, not crashed)."""
    if not isinstance(pid, int) or pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def recover_interrupted(root: Path, reporter: Reporter | None = None) -> list[Path]:
    """Undo a write that was interrupted between two renames; return the files restored.

    Run it before reading any file: when a journal is left at :func:`journal_path`, every file
    it lists that holds its new bytes gets its old bytes back, stray temporary files are
    removed, and the journal is deleted. A file that holds neither (edited by hand since) is
    left alone, with a warning.

    >>> import tempfile
    >>> recover_interrupted(Path(tempfile.mkdtemp()))
    []
    """
    root = Path(root)
    report = reporter or NullReporter()
    journal = journal_path(root)
    if not journal.is_file():
        return []
    import base64
    import json

    try:
        data = json.loads(journal.read_bytes())
        entries = data["files"]
        writer = data.get("pid")
        files = [
            (
                root / entry["path"],
                base64.b64decode(entry["before"]),
                base64.b64decode(entry["after"]),
            )
            for entry in entries
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReleasekitError(
            f"{display_path(journal, root)}: an interrupted write left a journal that cannot be "
            f"read ({exc}); check the files it names, then delete it"
        ) from exc
    if _still_running(writer):
        report.warn(
            f"another releasekit process (pid {writer}) is writing files in {root}; "
            "left its journal alone"
        )
        return []
    restored: list[Path] = []
    for path, before, after in files:
        temp_name(path).unlink(missing_ok=True)
        current = path.read_bytes() if path.exists() else b""
        if current == before:
            continue
        if current == after:
            write_atomic(path, before)
            restored.append(path)
        else:
            report.warn(
                f"{display_path(path, root)}: changed since an interrupted write; left as it is"
            )
    journal.unlink()
    names = ", ".join(display_path(p, root) for p in restored) or "no file needed it"
    report.warn(f"an earlier releasekit run was interrupted while writing; restored: {names}")
    return restored
