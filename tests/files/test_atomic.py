"""The one atomic writer: all or nothing, permissions kept, no temporary file left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from releasekit.files.atomic import temp_name, write_atomic, write_temp


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o755], ids=["rw-r--r--", "private", "exec"])
def test_an_existing_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "script.py"
    target.write_bytes(b"old")
    target.chmod(mode)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert mode_of(target) == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["script.py"]


def test_a_new_file_gets_the_umask_mode_unless_one_is_given(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "public", b"x")
        write_atomic(tmp_path / "private", b"x", mode=0o600)
    finally:
        os.umask(old)
    assert mode_of(tmp_path / "public") == 0o640
    assert mode_of(tmp_path / "private") == 0o600


def test_a_failed_rename_leaves_the_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "VERSION"
    target.write_bytes(b"1.0\n")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"1.1\n")
    assert target.read_bytes() == b"1.0\n"
    assert not temp_name(target).exists()


def test_a_failed_write_leaves_no_temporary(tmp_path: Path) -> None:
    missing_dir = tmp_path / "gone" / "VERSION"
    with pytest.raises(FileNotFoundError):
        write_temp(missing_dir, b"x", None)
    assert list(tmp_path.iterdir()) == []


def test_write_temp_writes_beside_the_target_and_leaves_the_target(tmp_path: Path) -> None:
    target = tmp_path / "VERSION"
    target.write_bytes(b"1.0\n")
    target.chmod(0o664)
    temp = write_temp(target, b"1.1\n", mode_of(target))
    assert temp.parent == tmp_path
    assert temp.read_bytes() == b"1.1\n"
    assert mode_of(temp) == 0o664
    assert target.read_bytes() == b"1.0\n"
