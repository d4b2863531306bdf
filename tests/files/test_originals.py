"""The kept originals: undoing a write is a rename of a hard link, so it needs no disk space."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.files.edits import FileEdit
from releasekit.files.originals import (
    drop_originals,
    keep_original,
    original_name,
    put_back,
    restore_originals,
)
from tests.conftest import Recorder


def _written(tmp_path: Path, before: bytes, after: bytes) -> Path:
    """``VERSION`` holding ``after``, its original (``before``) kept as apply_edits keeps it."""
    path = tmp_path / "VERSION"
    path.write_bytes(before)
    keep_original(path)
    (tmp_path / "new").write_bytes(after)
    (tmp_path / "new").replace(path)
    return path


def test_the_original_is_a_hard_link_and_putting_it_back_is_a_rename(tmp_path: Path) -> None:
    path = _written(tmp_path, b"1.0\n", b"1.1\n")
    original = original_name(path)
    assert original.stat().st_nlink == 1  # the file itself was replaced: only the link is left
    inode = original.stat().st_ino
    put_back(path, b"1.0\n")
    assert path.read_bytes() == b"1.0\n"
    assert path.stat().st_ino == inode  # the very same file, renamed back
    assert not original.exists()


@pytest.mark.parametrize("original", [None, b"something else"], ids=["none", "stale"])
def test_without_a_matching_original_the_old_bytes_are_written(
    tmp_path: Path, original: bytes | None
) -> None:
    path = tmp_path / "VERSION"
    path.write_bytes(b"1.1\n")
    if original is not None:
        original_name(path).write_bytes(original)
    put_back(path, b"1.0\n")
    assert path.read_bytes() == b"1.0\n"
    assert not original_name(path).exists()


def test_a_file_that_does_not_exist_has_no_original(tmp_path: Path) -> None:
    keep_original(tmp_path / "NEW")
    assert not original_name(tmp_path / "NEW").exists()


def test_restore_originals_puts_back_skips_unchanged_and_reports_edited_files(
    tmp_path: Path,
) -> None:
    written = _written(tmp_path, b"1.0\n", b"1.1\n")
    (tmp_path / "SAME").write_bytes(b"x")
    (tmp_path / "EDITED").write_bytes(b"by hand")
    reporter = Recorder()
    failures = restore_originals(
        tmp_path,
        [
            FileEdit(written, b"1.0\n", b"1.1\n"),
            FileEdit(tmp_path / "SAME", b"x", b"y"),
            FileEdit(Path("EDITED"), b"a", b"b"),
        ],
        reporter,
    )
    assert failures == ["EDITED: changed since it was written"]
    assert reporter.warnings == ["could not restore EDITED: changed since it was written"]
    assert written.read_bytes() == b"1.0\n"
    assert (tmp_path / "EDITED").read_bytes() == b"by hand"


def test_drop_originals_forgets_them(tmp_path: Path) -> None:
    path = _written(tmp_path, b"1.0\n", b"1.1\n")
    drop_originals([FileEdit(path, b"", b"")])
    assert not original_name(path).exists()
    assert path.read_bytes() == b"1.1\n"
