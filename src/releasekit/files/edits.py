"""Write a set of files all together or not at all, byte for byte, and survive a crash.

A :class:`FileEdit` is a frozen value: the bytes a file holds now (``before``) and the bytes it
must hold (``after``). :func:`apply_edits` writes a list of them:

1. every file is checked first: it still holds ``before`` and it can be replaced;
2. each new content goes to a temporary file in the same directory, with the permissions of
   the file it replaces;
3. (before 2, in fact) a journal listing every file's old and new bytes is written
   atomically, so it exists before the first rename;
4. the temporary files are renamed over the originals (``os.replace``: atomic per file);
5. the journal is removed.

If a rename fails, the files already replaced are put back and the error is raised. If the
process dies between two renames, the journal (:mod:`releasekit.files.journal`) is still there:
:func:`recover_interrupted`, run at the start of every writing command, restores the previous
state of every file and removes the journal.

>>> edit = FileEdit(Path("/p/pyproject.toml"), b'version = "1.0"\\n', b'version = "1.1"\\n')
>>> print(edit.diff(Path("/p")), end="")
--- a/pyproject.toml
+++ b/pyproject.toml
@@ -1 +1 @@
-version = "1.0"
+version = "1.1"
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from releasekit.errors import RefusedError, ReleasekitError, VersionLocationError
from releasekit.files.atomic import write_atomic, write_temp
from releasekit.files.journal import (
    INTERRUPTED_FIX,
    JOURNAL_NAME,
    held_entries,
    journal_path,
    original_name,
    recover_interrupted,
    write_journal,
)
from releasekit.files.paths import display_path, inside_root
from releasekit.plan import NullReporter, Reporter

__all__ = [
    "JOURNAL_NAME",
    "FileEdit",
    "WriteFilesStep",
    "apply_edits",
    "journal_path",
    "recover_interrupted",
]

# Renames call ``os.replace`` itself (see releasekit.files.atomic); difflib is imported where used.


def _diff_lines(data: bytes) -> list[str]:
    text = data.decode("utf-8", errors="surrogateescape")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


@dataclass(frozen=True)
class FileEdit:
    """One file's change: the bytes it holds now and the bytes it must hold.

    ``path`` is absolute (or relative to the project root the edit is applied in).

    >>> FileEdit(Path("VERSION"), b"1.0\\n", b"1.1\\n").changed
    True
    """

    path: Path
    before: bytes
    after: bytes

    @property
    def changed(self) -> bool:
        """True when ``after`` differs from ``before``."""
        return self.before != self.after

    def diff(self, root: Path) -> str:
        """A unified diff (``a/`` and ``b/`` paths relative to ``root``), "" when unchanged."""
        import difflib

        name = display_path(Path(self.path), Path(root))
        return "".join(
            difflib.unified_diff(
                _diff_lines(self.before),
                _diff_lines(self.after),
                fromfile=f"a/{name}",
                tofile=f"b/{name}",
            )
        )


def _absolute(root: Path, path: Path) -> Path:
    return path if path.is_absolute() else root / path


def _preflight(root: Path, edits: Sequence[FileEdit]) -> list[tuple[FileEdit, int | None]]:
    """Check every file before anything is written; return each edit with its mode."""
    problems: list[str] = []
    checked: list[tuple[FileEdit, int | None]] = []
    seen: set[Path] = set()
    for edit in edits:
        path = _absolute(root, Path(edit.path))
        name = display_path(path, root)
        # Write through symbolic links (replacing the link would turn it into a copy), but
        # never outside the repository.
        try:
            path = inside_root(root, path, name)
        except ReleasekitError as exc:
            problems.append(exc.message)
            continue
        if path in seen:
            problems.append(f"{name}: the plan edits this file twice")
            continue
        seen.add(path)
        try:
            current = path.read_bytes()
            mode: int | None = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            current, mode = b"", None
            if edit.before:
                problems.append(f"{name}: no longer exists")
                continue
        except OSError as exc:
            problems.append(f"{name}: cannot be read: {exc.strerror or exc}")
            continue
        if current != edit.before:
            problems.append(f"{name}: changed since the plan was made; run the command again")
            continue
        # A file nobody may write is read-only on purpose, even for root (who could write it).
        if mode is not None and (not mode & 0o222 or not os.access(path, os.W_OK)):
            problems.append(f"{name}: is read-only (permissions {oct(mode)}); make it writable")
        elif not os.access(path.parent, os.W_OK | os.X_OK):
            problems.append(f"{name}: its directory is not writable")
        checked.append((FileEdit(path, edit.before, edit.after), mode))
    if problems:
        raise VersionLocationError("nothing was written:\n" + "\n".join(problems))
    return checked


def apply_edits(
    root: Path,
    edits: Sequence[FileEdit],
    reporter: Reporter | None = None,
    *,
    keep_originals: bool = False,
) -> list[Path]:
    """Write every edit, all or nothing; return the paths written.

    Each original is kept as a hard link until every file is replaced, so undoing is a
    rename that needs no disk space; ``keep_originals`` keeps them afterwards too, for
    :func:`restore_originals` (a plan's rollback) until :func:`drop_originals`. At 0 bytes
    free the error names the file that could not be written, and nothing is changed.

    Raises :class:`~releasekit.errors.VersionLocationError` naming each file that cannot be
    written (changed since the plan, unwritable, missing) before anything is written. A
    failing rename restores the files already replaced and re-raises as a
    :class:`~releasekit.errors.ReleasekitError` naming the file.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = (root / "VERSION").write_bytes(b"1.0\\n")
    >>> [p.name for p in apply_edits(root, [FileEdit(root / "VERSION", b"1.0\\n", b"1.1\\n")])]
    ['VERSION']
    >>> (root / "VERSION").read_bytes()
    b'1.1\\n'
    """
    root = Path(root)
    report = reporter or NullReporter()
    checked = _preflight(root, [edit for edit in edits if edit.changed])
    if not checked:
        return []
    earlier = held_entries(root)
    if earlier is None:  # never overwrite the record of an unfinished write
        raise ReleasekitError(
            f"{display_path(journal_path(root), root)}: {INTERRUPTED_FIX}; nothing was written"
        )
    # The journal comes first: from here on, a crash at any point is undone by the next run.
    journal = write_journal(root, [*earlier, *((e.path, e.before, e.after) for e, _ in checked)])
    temps: list[Path] = []
    try:
        for edit, mode in checked:
            target = Path(edit.path)
            try:
                temps.append(write_temp(target, edit.after, mode))
            except OSError as exc:  # a full disk names the file, not "."
                raise ReleasekitError(
                    f"could not write {display_path(target, root)}: {exc.strerror or exc}; "
                    "nothing was changed (free some disk space or fix the permissions)"
                ) from exc
    except BaseException:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink()
        _forget(root, journal, earlier)
        raise
    replaced: list[FileEdit] = []
    try:
        for (edit, _), temp in zip(checked, temps, strict=True):
            _keep_original(Path(edit.path))
            os.replace(temp, edit.path)  # noqa: PTH105
            replaced.append(edit)
    except Exception as exc:
        failed = checked[len(replaced)][0]
        for temp in temps[len(replaced) :]:
            with contextlib.suppress(OSError):
                temp.unlink()
        original_name(Path(failed.path)).unlink(missing_ok=True)
        failures = restore_originals(root, replaced, report)
        if not failures:
            _forget(root, journal, earlier)
        raise ReleasekitError(
            f"could not replace {display_path(Path(failed.path), root)}: {exc}; "
            + ("every file was restored" if not failures else "some files could not be restored")
        ) from exc
    if not keep_originals:
        journal.unlink(missing_ok=True)
        drop_originals(edit for edit, _ in checked)
    return [Path(edit.path) for edit, _ in checked]


def _forget(root: Path, journal: Path, earlier: Sequence[tuple[Path, bytes, bytes]]) -> None:
    """Drop this write from the journal, keeping what an earlier step of the plan holds."""
    if earlier:
        with contextlib.suppress(ReleasekitError):
            write_journal(root, earlier)
            return
    journal.unlink(missing_ok=True)


def _keep_original(path: Path) -> None:
    """Hard-link ``path`` to :func:`original_name` (no data copied, so no disk space used)."""
    original = original_name(path)
    original.unlink(missing_ok=True)  # a stale one from a run that was killed
    # Undoing falls back to writing the old bytes when the file system has no hard links.
    with contextlib.suppress(FileNotFoundError, NotImplementedError, PermissionError, OSError):
        os.link(path, original)


def drop_originals(edits: Iterable[FileEdit]) -> None:
    """Forget the originals kept by ``apply_edits(..., keep_originals=True)``."""
    for edit in edits:
        with contextlib.suppress(OSError):
            original_name(Path(edit.path)).unlink(missing_ok=True)


def restore_originals(
    root: Path, edits: Sequence[FileEdit], reporter: Reporter | None = None
) -> list[str]:
    """Put back the ``before`` bytes of files written by :func:`apply_edits`, newest first.

    The kept original is renamed over the file: no disk space is needed, so a full disk
    cannot stop it. Without one (no hard links), the old bytes are written. A file that
    holds neither its new bytes nor its old ones (edited since) is left alone. Returns one
    line per file that could not be restored (each also sent to ``reporter`` as a warning).
    """
    report = reporter or NullReporter()
    failures = []
    for edit in reversed(edits):
        path = Path(edit.path) if Path(edit.path).is_absolute() else Path(root) / edit.path
        real = Path(os.path.realpath(path))
        original = original_name(real)
        try:
            current = real.read_bytes() if real.is_file() else b""
            if current == edit.before:
                original.unlink(missing_ok=True)
            elif current != edit.after:
                failures.append(f"{display_path(path, root)}: changed since it was written")
            elif original.is_file() and original.read_bytes() == edit.before:
                os.replace(original, real)  # noqa: PTH105
            else:
                original.unlink(missing_ok=True)
                write_atomic(real, edit.before)
        except OSError as exc:
            failures.append(f"{display_path(path, root)}: {exc.strerror or exc}")
    for failure in failures:
        report.warn(f"could not restore {failure}")
    return failures


@dataclass
class WriteFilesStep:
    """A plan step that writes file edits with :func:`apply_edits` (and can undo them).

    A file that does not exist yet (``before`` empty) is created, with any missing parent
    directories; rollback removes the files and directories it created. ``description``
    replaces the default ``write N file(s)`` line.

    >>> step = WriteFilesStep(Path("/p"), (FileEdit(Path("/p/VERSION"), b"1\\n", b"2\\n"),))
    >>> print(step.describe())
    write 1 file(s)
      VERSION
    """

    root: Path
    edits: tuple[FileEdit, ...]
    description: str = ""
    irreversible: bool = False
    _made: list[Path] = field(default_factory=list, init=False, repr=False)
    _created: list[Path] = field(default_factory=list, init=False, repr=False)

    def describe(self) -> str:
        """``write N file(s)`` (or the description) and the files, one a line."""
        changed = [edit for edit in self.edits if edit.changed]
        if self.description:
            return self.description
        names = "\n".join(f"  {display_path(Path(e.path), Path(self.root))}" for e in changed)
        return f"write {len(changed)} file(s)" + (f"\n{names}" if names else "")

    def diff(self) -> str:
        """The unified diff of every file that changes (new files against an empty one)."""
        return "".join(edit.diff(self.root) for edit in self.edits if edit.changed)

    def apply(self) -> None:
        """Write the files, all or nothing (making missing directories first)."""
        root = Path(self.root)
        paths = [_absolute(root, Path(e.path)) for e in self.edits if e.changed]
        self._created = [path for path in paths if not path.exists()]
        self._made = []
        try:
            for path in self._created:
                self._make_parents(path)
            apply_edits(root, self.edits, keep_originals=True)
        except BaseException:
            self._remove_made()
            raise

    def finish(self) -> None:
        """The plan succeeded (or can no longer be undone): forget the kept originals and
        the journal that let a killed run put the files back."""
        journal_path(Path(self.root)).unlink(missing_ok=True)
        drop_originals(
            FileEdit(Path(os.path.realpath(_absolute(Path(self.root), Path(e.path)))), b"", b"")
            for e in self.edits
            if e.changed
        )

    def _make_parents(self, path: Path) -> None:
        missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
        for directory in reversed(missing):
            try:
                directory.mkdir()
            except OSError as exc:
                raise RefusedError(
                    f"{display_path(directory, Path(self.root))}: cannot create the directory "
                    f"({exc.strerror or exc}); nothing was written"
                ) from exc
            self._made.append(directory)

    def _remove_made(self) -> None:
        for directory in reversed(self._made):
            if directory.is_dir() and not any(directory.iterdir()):
                directory.rmdir()
        self._made = []

    def rollback(self) -> None:
        """Put the old bytes back in every file (by rename: no disk space needed); remove the
        files and directories made."""
        changed = [edit for edit in self.edits if edit.changed]
        failures = restore_originals(self.root, changed)
        if failures:
            raise ReleasekitError("could not restore " + "; ".join(failures))
        journal_path(Path(self.root)).unlink(missing_ok=True)
        for path in self._created:
            if path.is_file() and not path.read_bytes():
                path.unlink()
        self._remove_made()
