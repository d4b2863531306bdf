"""One file replaced atomically: a temporary file beside it, fsynced, then ``os.replace``.

The one writer of releasekit: the version files, the changelog, the journal and git's index
all go through it. A reader sees the old bytes or the new ones, never half of either, and a
file keeps its permissions and (when allowed) its owner.

Renames call ``os.replace`` itself, never ``Path.replace``: on Python 3.10 pathlib binds
``os.replace`` at import time, and the tests inject faults by patching ``os.replace``.

>>> import tempfile
>>> from pathlib import Path
>>> target = Path(tempfile.mkdtemp()) / "VERSION"
>>> write_atomic(target, b"1.1\\n")
>>> target.read_bytes(), temp_name(target).exists()
(b'1.1\\n', False)
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

__all__ = ["temp_name", "write_atomic", "write_temp"]

_TEMP_SUFFIX = ".releasekit-tmp"


def temp_name(path: Path) -> Path:
    """The temporary file that :func:`write_temp` writes for ``path`` (same directory).

    >>> temp_name(Path("src/pkg/__init__.py")).as_posix()
    'src/pkg/.__init__.py.releasekit-tmp'
    """
    return path.with_name(f".{path.name}{_TEMP_SUFFIX}")


def write_temp(target: Path, data: bytes, mode: int | None) -> Path:
    """Write ``data`` next to ``target`` (same file system, so the rename is atomic).

    The temporary file gets ``mode`` (for a file that does not exist yet: the mode any new
    file gets under the umask, not the private mode of a temporary file) and the owner of
    ``target``; it is fsynced. A failure leaves no temporary file behind.
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


def write_atomic(target: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``target`` with ``data`` atomically.

    An existing file keeps its permissions and owner; a new one gets ``mode`` (default: what
    the umask gives any new file).
    """
    if target.exists():
        mode = stat.S_IMODE(target.stat().st_mode)
    temp = write_temp(target, data, mode)
    try:
        os.replace(temp, target)  # noqa: PTH105
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


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
