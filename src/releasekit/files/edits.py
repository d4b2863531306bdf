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

A file that does not exist yet is created, with its missing directories (made after the
journal records them). If a rename fails, the files already replaced are put back, the files
created are removed, and the error is raised. If the process dies between two renames, the
journal (:mod:`releasekit.files.journal`) is still there: :func:`recover_interrupted`, run at
the start of every writing command, restores the previous state of the tree (files created
and directories made are removed) and removes the journal.

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
from releasekit.files.atomic import write_temp
from releasekit.files.journal import (
    INTERRUPTED_FIX,
    JOURNAL_NAME,
    Journal,
    held_entries,
    journal_path,
    write_journal,
)
from releasekit.files.originals import (
    drop_originals,
    keep_original,
    original_name,
    restore_originals,
)
from releasekit.files.paths import display_path, inside_root
from releasekit.files.recovery import recover_interrupted
from releasekit.plan import NullReporter, Reporter

__all__ = [
    "JOURNAL_NAME",
    "FileEdit",
    "WriteFilesStep",
    "apply_edits",
    "journal_path",
    "missing_directories",
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
        except (FileNotFoundError, NotADirectoryError):  # the latter: making its directory fails
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
        elif not os.access(_nearest_directory(path), os.W_OK | os.X_OK):
            problems.append(f"{name}: its directory is not writable")
        checked.append((FileEdit(path, edit.before, edit.after), mode))
    if problems:
        raise VersionLocationError("nothing was written:\n" + "\n".join(problems))
    return checked


def _nearest_directory(path: Path) -> Path:
    """The closest existing directory above ``path`` (where its missing ones will be made)."""
    return next((p for p in path.parents if p.is_dir()), path.parent)


def missing_directories(paths: Iterable[Path]) -> list[Path]:
    """The directories above ``paths`` that do not exist yet, outermost first.

    >>> missing_directories([Path("/no/such/dir/file"), Path("/no/such/file")])[:2]
    [PosixPath('/no'), PosixPath('/no/such')]
    """
    missing: dict[Path, None] = {}
    for path in paths:
        for directory in reversed(Path(path).parents):
            if directory not in missing and not directory.exists():
                missing[directory] = None
    return list(missing)


def _make_directories(root: Path, directories: Sequence[Path]) -> None:
    for directory in directories:
        try:
            directory.mkdir()
        except OSError as exc:
            raise RefusedError(
                f"{display_path(directory, root)}: cannot create the directory "
                f"({exc.strerror or exc}); nothing was written"
            ) from exc


def _remove_directories(directories: Sequence[Path]) -> None:
    """Remove the directories a write made (innermost first), each only while empty."""
    for directory in reversed(directories):
        with contextlib.suppress(OSError):
            if directory.is_dir() and not any(directory.iterdir()):
                directory.rmdir()


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
    created = [Path(edit.path) for edit, mode in checked if mode is None]
    made = missing_directories(created)
    # The journal comes first: from here on, a crash at any point is undone by the next run.
    # A file that did not exist is recorded as such (no old bytes): undoing removes it.
    journal = write_journal(
        root,
        [*earlier.files, *((e.path, None if m is None else e.before, e.after) for e, m in checked)],
        [*earlier.directories, *made],
    )
    temps: list[Path] = []
    try:
        _make_directories(root, made)
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
        _remove_directories(made)
        _forget(root, journal, earlier)
        raise
    replaced: list[FileEdit] = []
    try:
        for (edit, _), temp in zip(checked, temps, strict=True):
            keep_original(Path(edit.path))
            os.replace(temp, edit.path)  # noqa: PTH105
            replaced.append(edit)
    except Exception as exc:
        failed = checked[len(replaced)][0]
        for temp in temps[len(replaced) :]:
            with contextlib.suppress(OSError):
                temp.unlink()
        original_name(Path(failed.path)).unlink(missing_ok=True)
        failures = restore_originals(root, [e for e in replaced if e.path not in created], report)
        for edit in replaced:
            if edit.path in created:
                Path(edit.path).unlink(missing_ok=True)  # it did not exist: undoing removes it
        _remove_directories(made)
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


def _forget(root: Path, journal: Path, earlier: Journal) -> None:
    """Drop this write from the journal, keeping what an earlier step of the plan holds."""
    if earlier.files:
        with contextlib.suppress(ReleasekitError):
            write_journal(root, earlier.files, earlier.directories)
            return
    journal.unlink(missing_ok=True)


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
        # apply_edits makes them (once its journal records them); rollback removes them.
        self._made = missing_directories(self._created)
        try:
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

    def _remove_made(self) -> None:
        _remove_directories(self._made)
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
