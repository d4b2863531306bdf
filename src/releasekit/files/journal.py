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
from collections.abc import Callable, Sequence
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
    "held_entries",
    "journal_path",
    "original_name",
    "process_start",
    "recover_interrupted",
    "write_journal",
]

_ORIGINAL_SUFFIX = ".releasekit-orig"


def original_name(path: Path) -> Path:
    """Where a file's original is kept (a hard link) while a write may still be undone.

    Undoing is then a rename, which needs no disk space: a full disk cannot stop it.

    >>> original_name(Path("src/pkg/__init__.py")).as_posix()
    'src/pkg/.__init__.py.releasekit-orig'
    """
    return path.with_name(f".{path.name}{_ORIGINAL_SUFFIX}")


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


def _encode(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


def write_journal(root: Path, files: Sequence[tuple[Path, bytes, bytes]]) -> Path:
    """Record ``(path, old bytes, new bytes)`` of every file about to be replaced.

    Written atomically, so it either lists every file or does not exist.
    """
    import json

    journal = journal_path(root)
    root = Path(root)
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
    payload = json.dumps(
        {
            "format": 1,
            "pid": os.getpid(),
            "started": process_start(os.getpid()),
            "files": entries,
        },
        indent=1,
    )
    # Atomic: a crash while writing it leaves no journal (and no file has been touched
    # yet), never a half journal. Private: it holds the files' contents.
    try:
        write_atomic(journal, payload.encode("utf-8"), mode=0o600)
    except OSError as exc:  # a full disk, a read-only .git: nothing was written yet
        raise ReleasekitError(
            f"could not write {display_path(journal, root)}: {exc.strerror or exc}; "
            "nothing was written (free some disk space, or make the directory writable)"
        ) from exc
    return journal


def _still_running(pid: object, started: object) -> bool:
    """True when ``pid`` is still the live process that wrote the journal (not crashed).

    The start time recorded with the PID must match: a reused PID is another process.
    """
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        pass
    except OverflowError:  # a PID no system has
        return False
    if started is None:  # a journal of an older releasekit: the PID is all there is
        return True
    return process_start(pid) == started


def _entry_path(root: Path, journal: Path, name: object) -> Path:
    """The file a journal entry names; only files inside the repository are accepted."""
    from pathlib import PurePosixPath

    from releasekit.files.paths import inside_root

    problem = None
    if not isinstance(name, str) or not name or "\0" in name:
        problem = f"a file name that is not a path ({name!r})"
    else:
        pure = PurePosixPath(name.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts or (len(name) > 1 and name[1] == ":"):
            problem = f"{name!r}, which is not a path inside the repository"
    if problem is None:
        assert isinstance(name, str)
        try:
            inside_root(root, root / name, "the journal")
        except ReleasekitError:
            problem = f"{name!r}, which resolves outside the repository"
    if problem is not None:
        raise ReleasekitError(
            f"{display_path(journal, root)}: the journal names {problem}; releasekit only "
            "writes inside the repository, so it was left alone: check it, then delete it"
        )
    return root / str(name)


def held_entries(root: Path) -> list[tuple[Path, bytes, bytes]] | None:
    """The files this very process's journal lists ([] without a journal), None when the
    journal belongs to another process (or cannot be read): that one must not be touched.

    A plan that writes files in two steps (``init``) keeps one journal for both.
    """
    journal = journal_path(root)
    if not journal.is_file():
        return []
    import base64
    import json

    try:
        data = json.loads(journal.read_bytes())
        if data.get("pid") != os.getpid() or data.get("started") != process_start(os.getpid()):
            return None
        return [
            (Path(root) / e["path"], base64.b64decode(e["before"]), base64.b64decode(e["after"]))
            for e in data["files"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def recover_interrupted(
    root: Path,
    reporter: Reporter | None = None,
    *,
    committed: Callable[[Path, Path], bool] | None = None,
) -> list[Path]:
    """Undo a write that was interrupted between two renames; return the files restored.

    Run it before reading any file: when a journal is left at :func:`journal_path`, every file
    it lists that holds its new bytes gets its old bytes back, stray temporary files are
    removed, and the journal is deleted. A file that holds neither (edited by hand since) is
    left alone, with a warning. ``committed(root, path)`` tells whether a file is as the last
    commit has it (default: ask git): a release killed after its commit keeps its files.

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
        writer, started = data.get("pid"), data.get("started")
        if not isinstance(entries, list):
            raise TypeError("'files' is not a list")
        named = [(entry["path"], entry["before"], entry["after"]) for entry in entries]
        decoded = [(p, base64.b64decode(b), base64.b64decode(a)) for p, b, a in named]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ReleasekitError(
            f"{display_path(journal, root)}: an interrupted write left a journal that cannot be "
            f"read ({exc}); check the files it names, then delete it"
        ) from exc
    # Checked before anything is touched: a crafted journal must not write anywhere.
    files = [(_entry_path(root, journal, p), before, after) for p, before, after in decoded]
    if _still_running(writer, started):
        report.warn(
            f"another releasekit process (pid {writer}) is writing files in {root}; "
            "left its journal alone"
        )
        return []
    restored: list[Path] = []
    for path, before, after in files:
        temp_name(path).unlink(missing_ok=True)
        original = original_name(path)
        current = path.read_bytes() if path.is_file() else b""
        if current == before:
            original.unlink(missing_ok=True)
            continue
        if current == after and (committed or _committed_in_git)(root, path):
            original.unlink(missing_ok=True)  # the release commit holds it: nothing to undo
            continue
        if current == after:
            _put_back(path, original, before)
            restored.append(path)
        else:
            report.warn(
                f"{display_path(path, root)}: changed since an interrupted write; left as it is"
            )
    journal.unlink()
    names = ", ".join(display_path(p, root) for p in restored) or "no file needed it"
    report.warn(f"an earlier releasekit run was interrupted while writing; restored: {names}")
    return restored


def _committed_in_git(root: Path, path: Path) -> bool:
    """Whether ``path`` is as HEAD has it: the release commit holds the write, so it is done."""
    if not (root / ".git").exists():
        return False
    import subprocess

    try:
        result = subprocess.run(
            ["git", "-C", str(root), "diff", "--quiet", "HEAD", "--", str(path)],
            capture_output=True,
            check=False,
        )
    except OSError:
        return False
    return result.returncode == 0


def _put_back(path: Path, original: Path, before: bytes) -> None:
    """Give ``path`` its ``before`` bytes: by renaming the kept original (no disk space
    needed) when there is one holding them, else by writing them."""
    try:
        kept = original.read_bytes() == before
    except OSError:
        kept = False
    if kept:
        os.replace(original, path)  # noqa: PTH105
        return
    original.unlink(missing_ok=True)
    write_atomic(path, before)
