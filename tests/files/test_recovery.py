"""Recovery puts the tree back exactly as it was before an interrupted write.

Changed files get their old bytes back; files the write created are removed (and only those:
a file that existed empty stays); directories it made are removed once empty. Crashes are made
real with ``os.replace`` fault injection in this process and in a killed subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from releasekit.errors import ReleasekitError
from releasekit.files.atomic import temp_name
from releasekit.files.edits import FileEdit, WriteFilesStep, apply_edits
from releasekit.files.journal import journal_path, read_journal, write_journal
from releasekit.files.recovery import recover_interrupted
from releasekit.plan import CallableStep, Plan
from tests.conftest import GitRepo, Recorder
from tests.files.test_journal_safety import read_only


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and directory (None) under ``root``, .git left out."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(root.rglob("*"))
        if ".git" not in p.relative_to(root).parts
    }


def project(root: Path) -> list[FileEdit]:
    """A changed file, an empty file that gets content, and a new file in two new directories."""
    (root / ".git").mkdir(parents=True)
    (root / "pyproject.toml").write_bytes(b'version = "1.0.0"\n')
    (root / "EMPTY").write_bytes(b"")
    (root / "docs").mkdir()  # the user's empty directory: never removed
    return [
        FileEdit(root / "pyproject.toml", b'version = "1.0.0"\n', b'version = "1.1.0"\n'),
        FileEdit(root / "EMPTY", b"", b"now something\n"),
        FileEdit(root / "changes" / "new" / "CHANGELOG.md", b"", b"# Changelog\n"),
    ]


def _crash_on(monkeypatch: pytest.MonkeyPatch, nth: int) -> None:
    """The ``nth`` rename of a file raises KeyboardInterrupt, which no rollback catches."""
    real, calls = os.replace, []

    def replace(src: object, dst: object) -> None:
        if not str(dst).endswith((".json", ".releasekit-orig")):
            calls.append(dst)
            if len(calls) == nth:
                raise KeyboardInterrupt
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("nth", [1, 2, 3], ids=["first", "second", "third"])
def test_a_crash_at_any_rename_is_undone_to_the_tree_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nth: int
) -> None:
    edits = project(tmp_path)
    before = tree(tmp_path)
    _crash_on(monkeypatch, nth)
    with pytest.raises(KeyboardInterrupt):
        Plan([WriteFilesStep(tmp_path, tuple(edits))]).apply()
    monkeypatch.undo()
    assert (tmp_path / "changes" / "new").is_dir()  # made before the first temporary file
    restored = recover_interrupted(tmp_path)
    assert [p.name for p in restored] == ["pyproject.toml", "EMPTY"][: nth - 1]
    assert tree(tmp_path) == before
    assert not journal_path(tmp_path).exists()


def test_a_crash_after_every_rename_removes_the_created_file_and_its_directories(
    tmp_path: Path,
) -> None:
    edits = project(tmp_path)
    before = tree(tmp_path)
    apply_edits(tmp_path, edits, keep_originals=True)  # the plan's later step never ran
    journal = read_journal(tmp_path)
    assert journal is not None
    assert [before for _, before, _ in journal.files] == [edits[0].before, b"", None]
    assert journal.directories == (tmp_path / "changes", tmp_path / "changes" / "new")
    reporter = Recorder()
    restored = recover_interrupted(tmp_path, reporter)
    assert [p.relative_to(tmp_path).as_posix() for p in restored] == [
        "pyproject.toml",
        "EMPTY",
        "changes/new/CHANGELOG.md",
    ]
    assert tree(tmp_path) == before
    assert reporter.warnings == [
        "an earlier releasekit run was interrupted while writing; restored: pyproject.toml, "
        "EMPTY, changes/new/CHANGELOG.md"
    ]


def test_a_created_file_edited_since_stays_and_so_does_its_directory(tmp_path: Path) -> None:
    edits = project(tmp_path)
    apply_edits(tmp_path, edits, keep_originals=True)
    new = tmp_path / "changes" / "new" / "CHANGELOG.md"
    new.write_bytes(b"# Changelog\n\nmy own words\n")
    (tmp_path / "changes" / "notes.txt").write_bytes(b"mine\n")
    reporter = Recorder()
    recover_interrupted(tmp_path, reporter)
    assert new.read_bytes() == b"# Changelog\n\nmy own words\n"
    assert (tmp_path / "changes" / "notes.txt").exists()
    assert "changes/new/CHANGELOG.md: changed since an interrupted write" in reporter.warnings[0]
    assert (tmp_path / "pyproject.toml").read_bytes() == edits[0].before


def test_a_created_file_that_the_release_commit_holds_is_kept(repo: GitRepo) -> None:
    """Killed after the commit: the new file is the release's, not a half write."""
    repo.commit("chore: initial", {"pyproject.toml": 'version = "1.0.0"\n'})
    new = repo.path / "CHANGELOG.md"
    write_journal(repo.path, [(new, None, b"# Changelog\n")])
    repo.commit("chore: release", {"CHANGELOG.md": "# Changelog\n"})
    assert recover_interrupted(repo.path) == []
    assert new.read_bytes() == b"# Changelog\n"


def test_an_untracked_created_file_is_not_taken_for_committed(repo: GitRepo) -> None:
    """``git diff HEAD`` says nothing of an untracked file: that is not "as HEAD has it"."""
    repo.commit("chore: initial", {"pyproject.toml": 'version = "1.0.0"\n'})
    new = repo.path / "CHANGELOG.md"
    write_journal(repo.path, [(new, None, b"# Changelog\n")])
    new.write_bytes(b"# Changelog\n")
    assert recover_interrupted(repo.path) == [new]
    assert not new.exists()
    assert repo.git("status", "--porcelain") == ""


def test_a_file_that_cannot_be_put_back_keeps_the_journal_and_says_what_to_do(
    tmp_path: Path,
) -> None:
    (tmp_path / "sub").mkdir()
    target = tmp_path / "sub" / "VERSION"
    target.write_bytes(b"1.1\n")
    write_journal(tmp_path, [(target, b"1.0\n", b"1.1\n")])
    with (
        read_only(tmp_path / "sub"),
        pytest.raises(ReleasekitError, match=r"could not put back sub/VERSION") as caught,
    ):
        recover_interrupted(tmp_path)
    assert "delete .releasekit-journal.json" in caught.value.message
    assert journal_path(tmp_path).exists()
    assert target.read_bytes() == b"1.1\n"


def test_a_failed_rename_removes_the_files_it_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rename that fails (not a crash) is undone at once: nothing is left for recovery."""
    edits = [
        FileEdit(tmp_path / "a" / "NEW", b"", b"new\n"),
        FileEdit(tmp_path / "VERSION", b"", b"1.0\n"),
    ]
    before = tree(tmp_path)
    real = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(str(dst)).name == "VERSION":
            raise OSError(28, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(
        ReleasekitError, match=r"could not replace VERSION.*every file was restored"
    ):
        apply_edits(tmp_path, edits)
    assert tree(tmp_path) == before
    assert not list(tmp_path.rglob(".*.releasekit-*"))


def test_a_later_step_failing_removes_created_files_and_directories(tmp_path: Path) -> None:
    edits = project(tmp_path)
    before = tree(tmp_path)

    def fail() -> None:
        raise ReleasekitError("commit failed")

    with pytest.raises(ReleasekitError, match="commit failed"):
        Plan([WriteFilesStep(tmp_path, tuple(edits)), CallableStep("commit", fail)]).apply()
    assert tree(tmp_path) == before
    assert not journal_path(tmp_path).exists()


KILLED_WRITER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from releasekit.files.edits import FileEdit, WriteFilesStep
    from releasekit.plan import Plan
    root, nth = Path(sys.argv[1]), int(sys.argv[2])
    real, calls = os.replace, []
    def replace(src, dst):
        if not str(dst).endswith((".json", ".releasekit-orig")):
            calls.append(dst)
            if len(calls) == nth:
                os._exit(9)
        real(src, dst)
    os.replace = replace
    edits = [
        FileEdit(root / "pyproject.toml", b'version = "1.0.0"\\n', b'version = "1.1.0"\\n'),
        FileEdit(root / "EMPTY", b"", b"now something\\n"),
        FileEdit(root / "changes" / "new" / "CHANGELOG.md", b"", b"# Changelog\\n"),
        FileEdit(root / "README.md", b"", b"# x\\n"),
    ]
    Plan([WriteFilesStep(root, tuple(edits))]).apply()
    """
)


@pytest.mark.parametrize("nth", [1, 2, 3, 4], ids=["first", "second", "third", "fourth"])
def test_a_killed_writer_is_undone_to_the_tree_before(tmp_path: Path, nth: int) -> None:
    """A real process killed (``os._exit``) at a rename: the next one puts the tree back."""
    project(tmp_path)
    before = tree(tmp_path)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(tmp_path), str(nth)],
        capture_output=True,
        check=False,
    )
    assert killed.returncode == 9, killed.stderr
    assert journal_path(tmp_path).exists()
    recover_interrupted(tmp_path)
    assert tree(tmp_path) == before
    assert not temp_name(tmp_path / "README.md").exists()
