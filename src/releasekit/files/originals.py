"""The originals of replaced files, kept as hard links so that undoing a write is a rename.

:func:`~releasekit.files.edits.apply_edits` links each file to :func:`original_name` before it
renames the new content over it. Undoing (a failed rename, a plan's rollback, the recovery of a
killed run) then renames the original back: no data is written, so a full disk cannot stop it.
Where the file system has no hard links, the old bytes are written instead.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> _ = (root / "VERSION").write_bytes(b"1.0\\n")
>>> keep_original(root / "VERSION")
>>> _ = (root / "VERSION.new").write_bytes(b"1.1\\n")
>>> os.replace(root / "VERSION.new", root / "VERSION")
>>> put_back(root / "VERSION", b"1.0\\n")
>>> (root / "VERSION").read_bytes(), original_name(root / "VERSION").exists()
(b'1.0\\n', False)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from releasekit.files.atomic import write_atomic
from releasekit.files.paths import display_path

if TYPE_CHECKING:
    from releasekit.files.edits import FileEdit
    from releasekit.plan import Reporter

__all__ = ["drop_originals", "keep_original", "original_name", "put_back", "restore_originals"]

_ORIGINAL_SUFFIX = ".releasekit-orig"
_ORIGINAL_PREFIX = "releasekit-orig-"


def original_name(path: Path) -> Path:
    """Where a file's original is kept (a hard link) while a write may still be undone.

    Inside the git directory of the repository holding ``path``, named after the file's path
    in it: never beside the file, where a build run in the meantime (the release builds
    before its plan ends) would pack it into the sdist. Outside a repository, beside the
    file as a hidden name. Undoing is a rename, which needs no disk space: a full disk
    cannot stop it.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / ".git").mkdir()
    >>> original_name(root / "src/pkg/__init__.py").relative_to(root).as_posix()
    '.git/releasekit-orig-src%2Fpkg%2F__init__.py'
    >>> original_name(root.parent / "VERSION").name
    '.VERSION.releasekit-orig'
    """
    absolute = Path(path).absolute()
    for parent in absolute.parents:
        git_dir = _git_dir(parent / ".git")
        if git_dir is not None:
            relative = absolute.relative_to(parent).as_posix()
            # No subdirectory: making one could fail on a full disk, a hard link does not.
            return git_dir / (_ORIGINAL_PREFIX + relative.replace("%", "%25").replace("/", "%2F"))
    return absolute.with_name(f".{absolute.name}{_ORIGINAL_SUFFIX}")


def _git_dir(dot_git: Path) -> Path | None:
    """The git directory a ``.git`` entry names: itself, or the ``gitdir:`` of a worktree's or
    submodule's ``.git`` file; None where there is none."""
    if dot_git.is_dir():
        return dot_git
    try:
        first = dot_git.read_text(encoding="utf-8", errors="replace").partition("\n")[0]
    except OSError:
        return None
    if not first.startswith("gitdir: "):
        return None
    target = dot_git.parent / first[len("gitdir: ") :].strip()
    return target if target.is_dir() else None


def keep_original(path: Path) -> None:
    """Hard-link ``path`` to :func:`original_name` (no data copied, so no disk space used).

    A file that does not exist yet has no original: undoing its write removes it.
    """
    original = original_name(path)
    original.unlink(missing_ok=True)  # a stale one from a run that was killed
    # Undoing falls back to writing the old bytes when the file system has no hard links.
    with contextlib.suppress(FileNotFoundError, NotImplementedError, PermissionError, OSError):
        os.link(path, original)


def put_back(path: Path, before: bytes) -> None:
    """Give ``path`` its ``before`` bytes: by renaming the kept original (no disk space
    needed) when there is one holding them, else by writing them."""
    original = original_name(path)
    try:
        kept = original.read_bytes() == before
    except OSError:
        kept = False
    if kept:
        os.replace(original, path)  # noqa: PTH105
        return
    original.unlink(missing_ok=True)
    write_atomic(path, before)


def drop_originals(edits: Iterable[FileEdit]) -> None:
    """Forget the originals kept by ``apply_edits(..., keep_originals=True)``."""
    for edit in edits:
        with contextlib.suppress(OSError):
            original_name(Path(edit.path)).unlink(missing_ok=True)


def restore_originals(
    root: Path, edits: Sequence[FileEdit], reporter: Reporter | None = None
) -> list[str]:
    """Put back the ``before`` bytes of files written by
    :func:`~releasekit.files.edits.apply_edits`, newest first.

    The kept original is renamed over the file: no disk space is needed, so a full disk
    cannot stop it. Without one (no hard links), the old bytes are written. A file that
    holds neither its new bytes nor its old ones (edited since) is left alone. Returns one
    line per file that could not be restored (each also sent to ``reporter`` as a warning).
    """
    from releasekit.plan import NullReporter  # here: ``releasekit version`` never needs it

    report = reporter or NullReporter()
    failures = []
    for edit in reversed(edits):
        path = Path(edit.path) if Path(edit.path).is_absolute() else Path(root) / edit.path
        real = Path(os.path.realpath(path))
        try:
            current = real.read_bytes() if real.is_file() else b""
            if current == edit.before:
                original_name(real).unlink(missing_ok=True)
            elif current != edit.after:
                failures.append(f"{display_path(path, root)}: changed since it was written")
            else:
                put_back(real, edit.before)
        except OSError as exc:
            failures.append(f"{display_path(path, root)}: {exc.strerror or exc}")
    for failure in failures:
        report.warn(f"could not restore {failure}")
    return failures
