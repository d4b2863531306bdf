"""The write-ahead journal that makes a set of file replacements recoverable.

:func:`write_journal` records every file's old and new bytes before the first rename;
:func:`recover_interrupted` (run at the start of every writing command, see
:meth:`releasekit.project.Project.recover`) finds a journal an interrupted process left behind
and puts every file back as it was; each file is written by :mod:`releasekit.files.atomic`.

base64, hashlib and json are imported where used: ``releasekit version`` looks for a
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

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from releasekit.errors import ReleasekitError
from releasekit.files.atomic import temp_name, write_atomic
from releasekit.files.paths import display_path

if TYPE_CHECKING:
    from releasekit.plan import Reporter

__all__ = [
    "INTERRUPTED_FIX",
    "JOURNAL_NAME",
    "journal_path",
    "recover_interrupted",
    "write_journal",
]

#: File name of the journal (inside ``.git`` when the root is a git work tree).
JOURNAL_NAME = "releasekit-journal.json"
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


def _encode(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


def write_journal(root: Path, files: Sequence[tuple[Path, bytes, bytes]]) -> Path:
    """Record ``(path, old bytes, new bytes)`` of every file about to be replaced.

    Written atomically, so it either lists every file or does not exist.
    """
    import json

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
    # Atomic: a crash while writing it leaves no journal (and no file has been touched
    # yet), never a half journal. Private: it holds the files' contents.
    write_atomic(journal, payload.encode("utf-8"), mode=0o600)
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
    from releasekit.plan import NullReporter

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
