"""The journal cannot be turned against the user, and a full disk cannot leave a half write.

- A crafted journal names only files inside the repository: absolute paths, ``..`` and links
  that lead out are refused before anything is written.
- A live PID counts only with the process start time it was recorded with (containers reuse
  low PIDs: a journal naming pid 1 must not block recovery forever).
- On a real full file system (a small tmpfs, mounted when running as root; otherwise a file
  size limit in a subprocess) every error names the file, and rollback needs no disk space.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from releasekit.errors import ReleasekitError
from releasekit.files.edits import FileEdit, WriteFilesStep, apply_edits, recover_interrupted
from releasekit.files.journal import journal_path, process_start
from releasekit.files.originals import original_name
from releasekit.plan import CallableStep, Plan
from tests.conftest import Recorder


def _journal(root: Path, name: str, before: bytes, after: bytes, **extra: object) -> Path:
    journal = journal_path(root)
    entry = {
        "path": name,
        "before": base64.b64encode(before).decode(),
        "after": base64.b64encode(after).decode(),
    }
    journal.write_text(json.dumps({"format": 1, "files": [entry], **extra}))
    return journal


@pytest.mark.parametrize(
    "name",
    [
        "{outside}",
        "../outside.txt",
        "sub/../../outside.txt",
        "link/outside.txt",
        "",
        "a\u0000b",
        ".",
    ],
    ids=["absolute", "dotdot", "nested-dotdot", "through-a-link", "empty", "nul", "the-root"],
)
def test_a_crafted_journal_never_writes_outside_the_repository(tmp_path: Path, name: str) -> None:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"after")
    (root / "link").symlink_to(tmp_path)
    journal = _journal(root, name.format(outside=outside), b"PWNED", b"after")
    with pytest.raises(
        ReleasekitError, match=r"the journal names .*delete .*releasekit-journal.json$"
    ):
        recover_interrupted(root)
    assert outside.read_bytes() == b"after"
    assert journal.exists()  # left for the user to look at


@pytest.mark.parametrize(
    "name", ["../empty", "{outside}", "link", "."], ids=["dotdot", "absolute", "a-link", "the-root"]
)
def test_a_crafted_journal_never_removes_a_directory_outside_the_repository(
    tmp_path: Path, name: str
) -> None:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (tmp_path / "empty").mkdir()
    (root / "link").symlink_to(tmp_path / "empty")
    journal = journal_path(root)
    directories = [name.format(outside=tmp_path / "empty")]
    journal.write_text(json.dumps({"format": 1, "files": [], "directories": directories}))
    with pytest.raises(
        ReleasekitError, match=r"the journal names .*delete .*releasekit-journal.json$"
    ):
        recover_interrupted(root)
    assert (tmp_path / "empty").is_dir()
    assert journal.exists()


def test_releasekit_version_does_not_act_on_a_crafted_journal(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1.0.0"\n')
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"after")
    _journal(root, str(outside), b"PWNED", b"after")
    result = subprocess.run(
        [sys.executable, "-m", "releasekit", "--project", str(root), "bump", "patch"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "the journal names" in result.stderr
    assert "Traceback" not in result.stderr
    assert outside.read_bytes() == b"after"


@pytest.fixture
def other_process() -> Iterator[subprocess.Popen[bytes]]:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield sleeper
    sleeper.kill()
    sleeper.wait()


@pytest.mark.parametrize(
    ("started", "left_alone"),
    [("same", True), ("different", False), (None, True)],
    ids=["same-process", "pid-reused", "journal-without-start-time"],
)
def test_a_live_pid_counts_only_with_its_start_time(
    tmp_path: Path,
    other_process: subprocess.Popen[bytes],
    started: str | None,
    left_alone: bool,
) -> None:
    (tmp_path / "VERSION").write_bytes(b"1.1\n")
    recorded = process_start(other_process.pid) if started == "same" else started
    if started == "different":
        recorded = "1"  # the clock tick a process started at after boot: long gone
    journal = _journal(
        tmp_path, "VERSION", b"1.0\n", b"1.1\n", pid=other_process.pid, started=recorded
    )
    reporter = Recorder()
    restored = recover_interrupted(tmp_path, reporter)
    assert (restored == []) is left_alone
    assert journal.exists() is left_alone
    assert (tmp_path / "VERSION").read_bytes() == (b"1.1\n" if left_alone else b"1.0\n")


def test_pid_1_of_a_container_does_not_block_recovery(tmp_path: Path) -> None:
    """pid 1 is alive in every container, but not the process that wrote the journal."""
    (tmp_path / "VERSION").write_bytes(b"1.1\n")
    _journal(tmp_path, "VERSION", b"1.0\n", b"1.1\n", pid=1, started="-1")
    assert recover_interrupted(tmp_path) == [tmp_path / "VERSION"]
    assert (tmp_path / "VERSION").read_bytes() == b"1.0\n"


def test_process_start_is_stable_and_none_for_a_gone_process() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert process_start(os.getpid()) == process_start(os.getpid())
    assert process_start(int(done.stdout)) in (None, process_start(int(done.stdout)))
    assert process_start(2**22 + 12345) is None


# -- a full disk ---------------------------------------------------------------------------


@contextlib.contextmanager
def small_filesystem(where: Path, size: str = "256k") -> Iterator[Path]:
    """A real tmpfs of ``size`` at ``where`` (root can mount one; see the module docstring)."""
    where.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        check=True,
        capture_output=True,
    )
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True)


def _fill(directory: Path) -> None:
    """Fill the file system of ``directory`` to the last byte."""
    fd = os.open(directory / "ballast", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for chunk in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while os.write(fd, b"\0" * chunk):
                    pass
    finally:
        os.close(fd)


CAN_MOUNT = (
    os.geteuid() == 0
    and subprocess.run(
        ["sh", "-c", "command -v mount"], capture_output=True, check=False
    ).returncode
    == 0
)


def _project(root: Path) -> list[FileEdit]:
    (root / ".git").mkdir()
    edits = []
    for name in ("pyproject.toml", "CHANGELOG.md"):
        before = f"{name} 1.0.0\n".encode() * 20
        (root / name).write_bytes(before)
        edits.append(FileEdit(root / name, before, before.replace(b"1.0.0", b"1.0.1")))
    return edits


@contextlib.contextmanager
def project_on_a_disk(tmp_path: Path) -> Iterator[Path]:
    """A directory on a file system :func:`no_space_left` can fill."""
    if CAN_MOUNT:
        with small_filesystem(tmp_path / "disk") as disk:
            yield disk
    else:
        (tmp_path / "disk").mkdir()
        yield tmp_path / "disk"


@contextlib.contextmanager
def no_space_left(disk: Path) -> Iterator[None]:
    """From here on no byte can be written: the tmpfs is filled (root), or else the file size
    limit of this process is 0 (writes fail with EFBIG, as a full disk fails with ENOSPC)."""
    if CAN_MOUNT:
        _fill(disk)
        yield
        return
    import signal

    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def _files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in root.iterdir() if p.is_file() and p.name != "ballast"}


def test_at_0_bytes_free_the_error_names_the_file_and_nothing_changes(tmp_path: Path) -> None:
    with project_on_a_disk(tmp_path) as disk:
        edits = _project(disk)
        before = _files(disk)
        with no_space_left(disk), pytest.raises(ReleasekitError) as info:
            apply_edits(disk, edits)
        assert _files(disk) == before
        assert not journal_path(disk).exists()
    message = info.value.message
    assert message.startswith("could not write .git/releasekit-journal.json: ")
    assert "nothing was written" in message


def test_rollback_on_a_full_disk_needs_no_space(tmp_path: Path) -> None:
    """The files are written, then the disk fills up and the commit fails: rollback renames
    the kept originals back, which needs no space."""
    with project_on_a_disk(tmp_path) as disk:
        edits = _project(disk)
        before = {e.path.name: e.before for e in edits}
        full = contextlib.ExitStack()

        def fail() -> None:
            raise ReleasekitError("git commit failed: No space left on device")

        reporter = Recorder()
        plan = Plan(
            [
                WriteFilesStep(disk, tuple(edits)),
                CallableStep("fill the disk", lambda: full.enter_context(no_space_left(disk))),
                CallableStep("commit", fail),
            ]
        )
        with full, pytest.raises(ReleasekitError, match="No space left"):
            plan.apply(reporter)
        assert {e.path.name: e.path.read_bytes() for e in edits} == before
        assert not journal_path(disk).exists()
        assert not [p for p in disk.iterdir() if p.name.endswith((".releasekit-orig", "-tmp"))]
        assert reporter.warnings == ["rolled back 2 step(s); nothing was changed"]


def test_a_plan_that_succeeds_keeps_no_originals(tmp_path: Path) -> None:
    edits = _project(tmp_path)
    Plan([WriteFilesStep(tmp_path, tuple(edits))]).apply()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".releasekit-orig")]
    assert not original_name(edits[0].path).exists()


@contextlib.contextmanager
def read_only(directory: Path) -> Iterator[None]:
    """``directory`` cannot be written: a read-only bind mount for root, else its mode."""
    if CAN_MOUNT:
        subprocess.run(["mount", "--bind", str(directory), str(directory)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(directory)], check=True)
            yield
        finally:
            subprocess.run(["umount", "-l", str(directory)], check=False)
    else:
        directory.chmod(0o555)
        try:
            yield
        finally:
            directory.chmod(0o755)


def test_an_unwritable_git_directory_is_an_error_naming_the_journal(tmp_path: Path) -> None:
    edits = _project(tmp_path)
    with read_only(tmp_path / ".git"), pytest.raises(ReleasekitError) as info:
        apply_edits(tmp_path, edits)
    assert info.value.message.startswith("could not write .git/releasekit-journal.json: ")
    assert [e.path.read_bytes() for e in edits] == [e.before for e in edits]
