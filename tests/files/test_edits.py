"""File edits: byte-exact, all or nothing, atomic per file, recoverable after a crash."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from releasekit.errors import ReleasekitError, VersionLocationError
from releasekit.files.edits import (
    FileEdit,
    WriteFilesStep,
    apply_edits,
    journal_path,
    recover_interrupted,
)
from releasekit.files.journal import write_journal
from releasekit.plan import Plan
from tests.conftest import Recorder

FILES = {
    "pyproject.toml": b'[project]\r\nname = "x"\r\nversion = "1.0.0"\r\n',
    "src/x/__init__.py": b'\xef\xbb\xbf__version__ = "1.0.0"',
    "CHANGELOG.md": b"# Changelog\n\n## [Unreleased]\n",
}


def make_edits(root: Path) -> list[FileEdit]:
    edits = []
    for relative, data in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        edits.append(
            FileEdit(
                path, data, data.replace(b"1.0.0", b"1.1.0").replace(b"]\n", b"]\n\n## [1.1.0]\n")
            )
        )
    return edits


def contents(root: Path) -> dict[str, bytes]:
    return {relative: (root / relative).read_bytes() for relative in FILES}


def test_diff_names_files_relative_to_the_root_and_marks_a_missing_final_newline(
    tmp_path: Path,
) -> None:
    edit = FileEdit(tmp_path / "pkg" / "v.py", b'a\n__version__ = "1"', b'a\n__version__ = "2"')
    assert edit.diff(tmp_path) == (
        "--- a/pkg/v.py\n+++ b/pkg/v.py\n@@ -1,2 +1,2 @@\n a\n"
        '-__version__ = "1"\n\\ No newline at end of file\n'
        '+__version__ = "2"\n\\ No newline at end of file\n'
    )
    assert FileEdit(tmp_path / "x", b"same", b"same").diff(tmp_path) == ""


def test_apply_writes_every_file_byte_for_byte_and_keeps_permissions(tmp_path: Path) -> None:
    edits = make_edits(tmp_path)
    (tmp_path / "pyproject.toml").chmod(0o640)
    written = apply_edits(tmp_path, edits)
    assert written == [edit.path for edit in edits]
    assert contents(tmp_path) == {str(e.path.relative_to(tmp_path)): e.after for e in edits}
    assert stat.S_IMODE((tmp_path / "pyproject.toml").stat().st_mode) == 0o640
    assert not journal_path(tmp_path).exists()
    assert not list(tmp_path.rglob("*.releasekit-tmp"))


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda p: p.write_bytes(b"edited by hand"), "changed since the plan was made"),
        (lambda p: p.chmod(0o444), "is read-only"),
        (lambda p: p.unlink(), "no longer exists"),
    ],
    ids=["changed", "read-only", "deleted"],
)
def test_a_file_that_cannot_be_written_refuses_everything_before_any_write(
    tmp_path: Path, spoil: object, message: str
) -> None:
    edits = make_edits(tmp_path)
    target = tmp_path / "src/x/__init__.py"
    spoil(target)  # type: ignore[operator]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(VersionLocationError) as caught:
        apply_edits(tmp_path, edits)
    assert f"src/x/__init__.py: {message}" in str(caught.value)
    assert str(caught.value).startswith("nothing was written")
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def _fail_on(monkeypatch: pytest.MonkeyPatch, target: str, error: BaseException) -> None:
    """Make the first ``os.replace`` onto ``target`` raise ``error`` (fault injection)."""
    real_replace = os.replace
    state = {"failed": False}

    def replace(src: object, dst: object) -> None:
        if not state["failed"] and Path(str(dst)).name == target:
            state["failed"] = True
            raise error
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)


WRITE_TARGETS = ["releasekit-journal.json", "pyproject.toml", "__init__.py", "CHANGELOG.md"]


@pytest.mark.parametrize("target", WRITE_TARGETS, ids=WRITE_TARGETS)
def test_a_failing_write_restores_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    (tmp_path / ".git").mkdir()
    edits = make_edits(tmp_path)
    _fail_on(monkeypatch, target, OSError(28, "No space left on device"))
    with pytest.raises((ReleasekitError, OSError)) as caught:
        apply_edits(tmp_path, edits)
    if target != "releasekit-journal.json":
        assert f"could not replace {'src/x/' if target == '__init__.py' else ''}{target}" in str(
            caught.value
        )
        assert "every file was restored" in str(caught.value)
    assert contents(tmp_path) == FILES
    assert not journal_path(tmp_path).exists()
    assert not list(tmp_path.rglob("*.releasekit-tmp"))


@pytest.mark.parametrize("target", WRITE_TARGETS[1:], ids=WRITE_TARGETS[1:])
def test_a_crash_between_renames_is_undone_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    (tmp_path / ".git").mkdir()
    edits = make_edits(tmp_path)
    # KeyboardInterrupt is not caught by the rollback: the process "dies" mid-write.
    _fail_on(monkeypatch, target, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        apply_edits(tmp_path, edits)
    monkeypatch.undo()
    assert journal_path(tmp_path).exists()
    reporter = Recorder()
    restored = recover_interrupted(tmp_path, reporter)
    assert contents(tmp_path) == FILES
    assert len(restored) == WRITE_TARGETS.index(target) - 1
    assert not journal_path(tmp_path).exists()
    assert not list(tmp_path.rglob("*.releasekit-tmp"))
    assert any("interrupted" in warning for warning in reporter.warnings)
    assert recover_interrupted(tmp_path, reporter) == []


@pytest.mark.parametrize("crash_at", [1, 2, 3], ids=["first", "second", "third"])
def test_a_killed_process_is_recovered_by_the_next_writer(tmp_path: Path, crash_at: int) -> None:
    """A real process killed (``os._exit``) between two renames; ``Project.recover`` heals."""
    root = tmp_path / "proj"
    root.mkdir()
    (root / ".git").mkdir()
    edits = make_edits(root)
    (root / "pyproject.toml").write_bytes(FILES["pyproject.toml"])
    script = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        from releasekit.files.edits import FileEdit, apply_edits
        root = Path(sys.argv[1])
        edits = {[(str(e.path), e.before, e.after) for e in edits]!r}
        calls = []
        real = os.replace
        def replace(src, dst):
            if not str(dst).endswith(".json"):
                calls.append(dst)
                if len(calls) == {crash_at}:
                    os._exit(9)
            real(src, dst)
        os.replace = replace
        apply_edits(root, [FileEdit(Path(p), b, a) for p, b, a in edits])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(root)], capture_output=True, check=False
    )
    assert result.returncode == 9, result.stderr
    assert journal_path(root).exists()
    from releasekit.project import Project

    reporter = Recorder()
    project = Project(root, reporter=reporter)
    half_written = contents(root)
    assert project.interrupted_write == journal_path(root)  # reading it writes nothing
    assert contents(root) == half_written
    project.recover()
    assert contents(root) == FILES
    assert not journal_path(root).exists()
    assert project.interrupted_write is None
    assert any("interrupted" in w and "restored" in w for w in reporter.warnings)


def test_a_write_never_overwrites_the_journal_of_an_unfinished_one(tmp_path: Path) -> None:
    edits = make_edits(tmp_path)
    journal = write_journal(tmp_path, [(e.path, e.before, e.after) for e in edits])
    # Written by another process (this one's journal is extended by its next write step).
    journal.write_text(journal.read_text().replace(f'"pid": {os.getpid()}', '"pid": 1'))
    recorded = journal.read_bytes()
    with pytest.raises(ReleasekitError, match=r"interrupted while writing.*nothing was written"):
        apply_edits(tmp_path, edits)
    assert contents(tmp_path) == FILES
    assert journal.read_bytes() == recorded


def test_write_files_step_applies_and_rolls_back(tmp_path: Path) -> None:
    edits = make_edits(tmp_path)
    step = WriteFilesStep(tmp_path, tuple(edits))
    assert step.describe().splitlines() == [
        "write 3 file(s)",
        "  pyproject.toml",
        "  src/x/__init__.py",
        "  CHANGELOG.md",
    ]

    def boom() -> None:
        raise ReleasekitError("later step failed")

    from releasekit.plan import CallableStep

    with pytest.raises(ReleasekitError, match="later step failed"):
        Plan([step, CallableStep("fail", boom)]).apply()
    assert contents(tmp_path) == FILES


def test_a_symbolic_link_stays_a_link_and_its_target_is_written(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "VERSION"
    target.write_bytes(b"1.0.0\n")
    link = tmp_path / "VERSION"
    link.symlink_to(Path("shared") / "VERSION")
    apply_edits(tmp_path, [FileEdit(link, b"1.0.0\n", b"1.1.0\n")])
    assert link.is_symlink()
    assert target.read_bytes() == b"1.1.0\n"


def test_the_owner_of_a_file_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "VERSION"
    path.write_bytes(b"1.0.0\n")
    if os.getuid() == 0:  # root can give the file away, as on a shared checkout
        os.chown(path, 65534, 65534)
    owner = (path.stat().st_uid, path.stat().st_gid)
    apply_edits(tmp_path, [FileEdit(path, b"1.0.0\n", b"1.1.0\n")])
    assert (path.stat().st_uid, path.stat().st_gid) == owner
    assert path.read_bytes() == b"1.1.0\n"


def test_a_new_file_gets_the_umask_mode_not_the_temporary_files(tmp_path: Path) -> None:
    import os
    import stat

    target = tmp_path / "CHANGELOG.md"
    old_umask = os.umask(0o022)
    try:
        apply_edits(tmp_path, [FileEdit(target, b"", b"# Changelog\n")])
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"# Changelog\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
