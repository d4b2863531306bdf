"""Recovery from a write that was interrupted: the tree is put back as it was before it.

:func:`recover_interrupted` runs at the start of every writing command (see
:meth:`releasekit.project.Project.recover`): it reads the journal an interrupted process left
(:mod:`releasekit.files.journal`, every field checked before anything is touched), gives each
changed file its old bytes back (by renaming the kept original, :mod:`releasekit.files.originals`),
removes each file the write created and each directory it made, and deletes the journal.

>>> import tempfile
>>> from releasekit.files.journal import write_journal
>>> root = Path(tempfile.mkdtemp())
>>> _ = write_journal(root, [(root / "VERSION", b"1.0\\n", b"1.1\\n"), (root / "NEW", None, b"x")])
>>> _ = (root / "VERSION").write_bytes(b"1.1\\n")  # renamed, then the process died
>>> _ = (root / "NEW").write_bytes(b"x")
>>> [p.name for p in recover_interrupted(root)], (root / "VERSION").read_bytes()
(['VERSION', 'NEW'], b'1.0\\n')
>>> (root / "NEW").exists()
False
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from releasekit.errors import ReleasekitError
from releasekit.files.atomic import temp_name
from releasekit.files.journal import journal_path, process_start, read_journal
from releasekit.files.paths import display_path

if TYPE_CHECKING:
    from releasekit.plan import Reporter

# journal_path: where recovery looks, for callers that only ask whether there is anything.
__all__ = ["journal_path", "recover_interrupted"]


def recover_interrupted(
    root: Path,
    reporter: Reporter | None = None,
    *,
    committed: Callable[[Path, Path], bool] | None = None,
) -> list[Path]:
    """Undo a write that was interrupted between two renames; return the files restored.

    Run it before reading any file: when a journal is left at :func:`journal_path`, every file
    it lists that holds its new bytes gets its old bytes back (a file it created is removed,
    as is each directory it made once empty), stray temporary files are removed, and the
    journal is deleted. A file that holds neither (edited by hand since) is left alone, with a
    warning. ``committed(root, path)`` tells whether a file is as the last commit has it
    (default: ask git): a release killed after its commit keeps its files.

    Raises :class:`~releasekit.errors.ReleasekitError` (see :func:`read_journal`) for a journal
    that cannot be trusted, and when a file cannot be put back; the journal is kept then.

    >>> import tempfile
    >>> recover_interrupted(Path(tempfile.mkdtemp()))
    []
    """
    root = Path(root)
    from releasekit.plan import NullReporter

    report = reporter or NullReporter()
    # Checked before anything is touched: a crafted or damaged journal writes nothing.
    journal = read_journal(root)
    if journal is None:
        return []
    if _still_running(journal.pid, journal.started):
        report.warn(
            f"another releasekit process (pid {journal.pid}) is writing files in {root}; "
            "left its journal alone"
        )
        return []
    is_committed = committed or _committed_in_git
    restored: list[Path] = []
    failures: list[str] = []
    for path, before, after in journal.files:
        try:
            if _undo(root, path, before, after, is_committed, report):
                restored.append(path)
        except OSError as exc:
            failures.append(f"{display_path(path, root)} ({exc.strerror or exc})")
    if failures:
        name = display_path(journal.path, root)
        raise ReleasekitError(
            f"could not put back {', '.join(failures)} after an interrupted write; fix that "
            f"and run the command again (or put the files back by hand, then delete {name})"
        )
    for directory in reversed(journal.directories):
        with contextlib.suppress(OSError):  # one the user has put files in since stays
            if directory.is_dir() and not any(directory.iterdir()):
                directory.rmdir()
    journal.path.unlink()
    names = ", ".join(display_path(p, root) for p in restored) or "no file needed it"
    report.warn(f"an earlier releasekit run was interrupted while writing; restored: {names}")
    return restored


def _undo(
    root: Path,
    path: Path,
    before: bytes | None,
    after: bytes,
    committed: Callable[[Path, Path], bool],
    report: Reporter,
) -> bool:
    """Put one file back as it was before the write; True when it had to change."""
    from releasekit.files.originals import original_name, put_back  # only when recovering

    temp_name(path).unlink(missing_ok=True)
    original = original_name(path)
    exists = path.is_file()
    current = path.read_bytes() if exists else None
    if current == before or (before == b"" and not exists):
        original.unlink(missing_ok=True)
        return False
    if current == after and committed(root, path):
        original.unlink(missing_ok=True)  # the release commit holds it: nothing to undo
        return False
    if current != after:
        name = display_path(path, root)
        report.warn(f"{name}: changed since an interrupted write; left as it is")
        return False
    if before is None:  # the write created it
        path.unlink()
    else:
        put_back(path, before)
    return True


def _committed_in_git(root: Path, path: Path) -> bool:
    """Whether ``path`` is as HEAD has it: the release commit holds the write, so it is done.

    A file HEAD does not have is not committed, even though ``git diff HEAD`` is silent
    about a file git does not track.
    """
    if not (root / ".git").exists():
        return False
    import subprocess

    relative = display_path(path, root)
    try:
        tracked = subprocess.run(
            ["git", "-C", str(root), "cat-file", "-e", f"HEAD:./{relative}"],
            capture_output=True,
            check=False,
        )
        result = subprocess.run(
            ["git", "-C", str(root), "diff", "--quiet", "HEAD", "--", str(path)],
            capture_output=True,
            check=False,
        )
    except OSError:
        return False
    return tracked.returncode == 0 and result.returncode == 0


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
