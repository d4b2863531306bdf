"""The write-ahead journal that makes a set of file replacements recoverable.

:func:`write_journal` records every file's old and new bytes (or that it did not exist) and
the directories the write makes, before the first rename; :func:`read_journal` reads it back
and checks every field, so a damaged journal is an error that names it, never a guess.
:func:`releasekit.files.recovery.recover_interrupted` puts the tree back from it.

base64, hashlib and json are imported where used: ``releasekit version`` looks for a
journal and must not pay for them.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> journal = write_journal(root, [(root / "VERSION", b"1.0\\n", b"1.1\\n")])
>>> journal.name
'.releasekit-journal.json'
>>> read_journal(root).files == ((root / "VERSION", b"1.0\\n", b"1.1\\n"),)
True
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from releasekit.errors import ReleasekitError
from releasekit.files.atomic import write_atomic
from releasekit.files.paths import display_path
from releasekit.values import frozen

__all__ = [
    "INTERRUPTED_FIX",
    "JOURNAL_NAME",
    "Journal",
    "JournalEntry",
    "held_entries",
    "journal_path",
    "process_start",
    "read_journal",
    "write_journal",
]

#: One file of a write: its path, the bytes it held (None: it did not exist) and its new bytes.
JournalEntry = tuple[Path, bytes | None, bytes]


def process_start(pid: int) -> str | None:
    """When process ``pid`` started, as an opaque token (None: no such process, or unknown).

    A PID alone names a process only while it runs: containers start every run at low PIDs,
    so a journal's ``pid 1`` may be a different process now. Linux: field 22 of
    ``/proc/PID/stat`` (clock ticks after boot); elsewhere ``ps -o lstart=``.

    >>> process_start(os.getpid()) == process_start(os.getpid()) is not None
    True
    """
    try:
        data = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        data = None
    if data is not None:
        # The command name (field 2) may hold spaces and parentheses: count from the last ")".
        fields = data[data.rfind(b")") + 2 :].split()
        return fields[19].decode("ascii", "replace") if len(fields) > 19 else None
    if Path("/proc/self/stat").exists():  # procfs works, so the process is gone
        return None
    import subprocess

    try:
        out = subprocess.run(
            ["ps", "-o", "lstart=", "-p", str(pid)],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


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


def _encode(data: bytes | None) -> str | None:
    import base64

    return None if data is None else base64.b64encode(data).decode("ascii")


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root``, also when one of them went through a link (files are
    written at their real path; the root may be named through a link, /tmp on macOS)."""
    name = display_path(path, root)
    return display_path(path, Path(os.path.realpath(root))) if Path(name).is_absolute() else name


def write_journal(
    root: Path, files: Sequence[JournalEntry], directories: Sequence[Path] = ()
) -> Path:
    """Record ``(path, old bytes, new bytes)`` of every file about to be replaced (old bytes
    None: a file about to be created) and the ``directories`` about to be made, outermost
    first.

    Written atomically, so it either lists every file or does not exist.
    """
    import json

    journal = journal_path(root)
    root = Path(root)
    entries: list[dict[str, Any]] = []
    for path, before, after in files:
        entry = {"path": _relative(Path(path), root), "before": _encode(before)}
        entry.update(after=_encode(after), after_sha256=_sha256(after))
        if before is not None:
            entry["before_sha256"] = _sha256(before)
        entries.append(entry)
    record: dict[str, Any] = {
        "format": 1,
        "pid": os.getpid(),
        "started": process_start(os.getpid()),
        "files": entries,
    }
    if directories:
        record["directories"] = [_relative(Path(d), root) for d in directories]
    # Atomic: a crash while writing it leaves no journal (and no file has been touched
    # yet), never a half journal. Private: it holds the files' contents.
    try:
        write_atomic(journal, json.dumps(record, indent=1).encode("utf-8"), mode=0o600)
    except OSError as exc:  # a full disk, a read-only .git: nothing was written yet
        raise ReleasekitError(
            f"could not write {display_path(journal, root)}: {exc.strerror or exc}; "
            "nothing was written (free some disk space, or make the directory writable)"
        ) from exc
    return journal


@frozen  # not a dataclass: releasekit version reads the journal path without loading them
class Journal:
    """A journal as :func:`read_journal` found it, every field checked.

    ``pid`` and ``started`` name the process that wrote it (None: not recorded); ``files``
    lists each file inside the repository with its old bytes (None: it did not exist) and
    new bytes; ``directories`` are the directories the write made, outermost first.
    """

    path: Path
    pid: int | None
    started: str | None
    files: tuple[JournalEntry, ...]
    directories: tuple[Path, ...] = ()


class _Corrupt(Exception):
    """One field of the journal is not what releasekit writes (internal to read_journal)."""


def _field(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in data:
        raise _Corrupt(f"{where} has no {key!r}")
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise _Corrupt(f"{where}: {key!r} is a {type(value).__name__}")
    return value


def _decode(entry: dict[str, Any], key: str, where: str) -> bytes | None:
    """The bytes of ``entry[key]`` (base64, or None for a file that did not exist), checked
    against its sha256 when one is recorded."""
    import base64
    import binascii

    text = _field(entry, key, (str, type(None)), where)
    if text is None:
        if key == "after":
            raise _Corrupt(f"{where}: 'after' is null")
        return None
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error) as exc:
        raise _Corrupt(f"{where}: {key!r} is not base64 ({exc})") from exc
    digest = entry.get(f"{key}_sha256")
    if digest is not None and digest != _sha256(data):
        raise _Corrupt(f"{where}: {key!r} does not match its sha256 (the journal is damaged)")
    return data


def _parse(root: Path, journal: Path, raw: bytes) -> Journal:
    import json

    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: "[[[[…" nested too deep
        raise _Corrupt(f"not JSON: {exc}" if isinstance(exc, ValueError) else "not JSON") from exc
    if not isinstance(data, dict):
        raise _Corrupt(f"a JSON {type(data).__name__}, not an object")
    if _field(data, "format", int, "the journal") != 1:
        raise _Corrupt(f"format {data['format']}, which this releasekit does not know")
    pid, started = data.get("pid"), data.get("started")
    if pid is not None and (not isinstance(pid, int) or isinstance(pid, bool)):
        raise _Corrupt(f"the journal: 'pid' is a {type(pid).__name__}")
    if started is not None and not isinstance(started, str):
        raise _Corrupt(f"the journal: 'started' is a {type(started).__name__}")
    files: list[JournalEntry] = []
    for number, entry in enumerate(_field(data, "files", list, "the journal"), 1):
        where = f"file entry {number}"
        if not isinstance(entry, dict):
            raise _Corrupt(f"{where} is a {type(entry).__name__}, not an object")
        path = _entry_path(root, journal, _field(entry, "path", str, where))
        before, after = _decode(entry, "before", where), _decode(entry, "after", where)
        assert after is not None
        files.append((path, before, after))
    made = data.get("directories", [])
    if not isinstance(made, list):
        raise _Corrupt(f"the journal: 'directories' is a {type(made).__name__}")
    return Journal(
        journal, pid, started, tuple(files), tuple(_entry_path(root, journal, d) for d in made)
    )


def read_journal(root: Path) -> Journal | None:
    """The journal left at :func:`journal_path`, every field checked; None when there is none.

    Raises :class:`~releasekit.errors.ReleasekitError` naming the journal and the fix when it
    cannot be read, is damaged (not JSON, a missing or mistyped field, bad base64, a checksum
    that does not match) or names a file outside the repository. Nothing is touched then.

    >>> import tempfile
    >>> read_journal(Path(tempfile.mkdtemp())) is None
    True
    """
    root = Path(root)
    journal = journal_path(root)
    if not journal.is_file():
        return None
    name = display_path(journal, root)
    try:
        return _parse(root, journal, journal.read_bytes())
    except (_Corrupt, OSError) as exc:
        problem = exc.strerror or exc if isinstance(exc, OSError) else exc
        raise ReleasekitError(
            f"{name}: an interrupted write left a journal that cannot be read ({problem}); "
            f"nothing was touched: check the files it names (git status, git diff), then "
            f"delete {name}"
        ) from exc


def _entry_path(root: Path, journal: Path, name: object) -> Path:
    """The file or directory a journal entry names; only paths inside the repository (not
    the repository itself, not through a link that leads out) are accepted."""
    from pathlib import PurePosixPath

    problem = None
    if not isinstance(name, str) or not name or "\0" in name:
        problem = f"a file name that is not a path ({name!r})"
    else:
        pure = PurePosixPath(name.replace("\\", "/"))
        if (
            pure.is_absolute()
            or ".." in pure.parts
            or not pure.parts  # "." is the repository itself, not a file in it
            or (len(name) > 1 and name[1] == ":")
        ):
            problem = f"{name!r}, which is not a path inside the repository"
        else:
            real_root = Path(os.path.realpath(root))
            if real_root not in Path(os.path.realpath(root / name)).parents:
                problem = f"{name!r}, which resolves outside the repository"
    if problem is not None:
        where = display_path(journal, root)
        raise ReleasekitError(
            f"{where}: the journal names {problem}; releasekit only writes inside the "
            f"repository, so it was left alone: check it, then delete {where}"
        )
    return root / str(name)


def held_entries(root: Path) -> Journal | None:
    """What this very process's journal holds (an empty :class:`Journal` without one), None
    when the journal belongs to another process (or cannot be read): that one must not be
    touched.

    A plan that writes files in two steps (``init``) keeps one journal for both.
    """
    try:
        journal = read_journal(root)
    except ReleasekitError:
        return None
    if journal is None:
        return Journal(journal_path(root), os.getpid(), process_start(os.getpid()), ())
    if journal.pid != os.getpid() or journal.started != process_start(os.getpid()):
        return None
    return journal
