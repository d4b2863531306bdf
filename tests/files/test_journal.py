"""The write-ahead journal: where it lives, what it records, and how a crash is undone."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.errors import ReleasekitError
from releasekit.files.atomic import temp_name
from releasekit.files.journal import (
    INTERRUPTED_FIX,
    JOURNAL_NAME,
    journal_path,
    process_start,
    read_journal,
    write_journal,
)
from releasekit.files.recovery import recover_interrupted
from tests.conftest import GitRepo, Recorder

FILES = {
    "pyproject.toml": b'[project]\r\nname = "x"\r\nversion = "1.0.0"\r\n',
    "src/x/__init__.py": b'\xef\xbb\xbf__version__ = "1.0.0"',
    "CHANGELOG.md": b"# Changelog\n\n## [Unreleased]\n",
}


def new_bytes(data: bytes) -> bytes:
    return data.replace(b"1.0.0", b"1.1.0").replace(b"]\n", b"]\n\n## [1.1.0]\n")


def make_files(root: Path) -> list[tuple[Path, bytes, bytes]]:
    """The files of :data:`FILES` written under ``root``, with the bytes a bump would write."""
    entries = []
    for relative, data in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        entries.append((path, data, new_bytes(data)))
    return entries


def contents(root: Path) -> dict[str, bytes]:
    return {relative: (root / relative).read_bytes() for relative in FILES}


# --- where it lives ---------------------------------------------------------------------------


def test_the_journal_lives_in_dot_git_in_a_work_tree(tmp_path: Path) -> None:
    assert journal_path(tmp_path) == tmp_path / ".releasekit-journal.json"
    (tmp_path / ".git").mkdir()
    assert journal_path(tmp_path) == tmp_path / ".git" / "releasekit-journal.json"


def test_a_linked_worktree_whose_dot_git_is_a_file_keeps_the_journal_at_the_root(
    tmp_path: Path,
) -> None:
    # `git worktree add` makes .git a file ("gitdir: …"); nothing can be written inside it.
    (tmp_path / ".git").write_text("gitdir: /elsewhere/.git/worktrees/x\n")
    assert journal_path(tmp_path) == tmp_path / f".{JOURNAL_NAME}"


def test_a_git_repository_keeps_the_journal_out_of_git_status(repo: GitRepo) -> None:
    path = repo.write("VERSION", "1.0\n")
    write_journal(repo.path, [(path, b"1.0\n", b"1.1\n")])
    assert journal_path(repo.path).parent == repo.path / ".git"
    assert repo.git("status", "--porcelain", "--untracked-files=all").splitlines() == ["?? VERSION"]


# --- what it records --------------------------------------------------------------------------


def test_the_journal_is_private_and_complete(tmp_path: Path) -> None:
    journal = write_journal(tmp_path, [(tmp_path / "VERSION", b"secret-before", b"after")])
    assert journal == journal_path(tmp_path)
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    assert b'"before_sha256"' in journal.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [journal.name]


def test_the_journal_records_each_file_relative_to_the_root_with_both_contents(
    tmp_path: Path,
) -> None:
    entries = make_files(tmp_path)
    data = json.loads(write_journal(tmp_path, entries).read_bytes())
    assert data["format"] == 1
    assert data["pid"] == os.getpid()
    assert [entry["path"] for entry in data["files"]] == list(FILES)
    for entry, (_, before, after) in zip(data["files"], entries, strict=True):
        assert base64.b64decode(entry["before"]) == before
        assert base64.b64decode(entry["after"]) == after
        assert entry["before_sha256"] == hashlib.sha256(before).hexdigest()
        assert entry["after_sha256"] == hashlib.sha256(after).hexdigest()


# --- recovery ---------------------------------------------------------------------------------


def test_no_journal_means_nothing_to_recover_and_nothing_said(tmp_path: Path) -> None:
    reporter = Recorder()
    assert recover_interrupted(tmp_path, reporter) == []
    assert reporter.lines == []


@pytest.mark.parametrize(
    "renamed",
    [(), ("pyproject.toml",), ("pyproject.toml", "src/x/__init__.py"), tuple(FILES)],
    ids=["before-any-rename", "after-one", "after-two", "after-all"],
)
def test_recovery_puts_back_exactly_the_files_already_replaced(
    tmp_path: Path, renamed: tuple[str, ...]
) -> None:
    entries = make_files(tmp_path)
    write_journal(tmp_path, entries)
    for path, _, after in entries:
        if path.relative_to(tmp_path).as_posix() in renamed:
            path.write_bytes(after)
        else:  # the temporary file written before the crash, never renamed
            temp_name(path).write_bytes(after)
    reporter = Recorder()
    restored = recover_interrupted(tmp_path, reporter)
    assert [p.relative_to(tmp_path).as_posix() for p in restored] == list(renamed)
    assert contents(tmp_path) == FILES
    assert not journal_path(tmp_path).exists()
    assert not list(tmp_path.rglob("*.releasekit-tmp"))
    assert reporter.warnings[-1].startswith(
        "an earlier releasekit run was interrupted while writing; restored: "
    )
    assert reporter.warnings[-1].endswith(", ".join(renamed) or "no file needed it")


def test_recovery_leaves_a_file_edited_since_alone(tmp_path: Path) -> None:
    entries = make_files(tmp_path)
    write_journal(tmp_path, entries)
    (tmp_path / "pyproject.toml").write_bytes(entries[0][2])
    (tmp_path / "CHANGELOG.md").write_bytes(b"hand edit")
    reporter = Recorder()
    assert recover_interrupted(tmp_path, reporter) == [tmp_path / "pyproject.toml"]
    assert (tmp_path / "pyproject.toml").read_bytes() == FILES["pyproject.toml"]
    assert (tmp_path / "CHANGELOG.md").read_bytes() == b"hand edit"
    assert any("CHANGELOG.md: changed since" in w for w in reporter.warnings)


def test_recovery_keeps_the_mode_of_the_file_it_puts_back(tmp_path: Path) -> None:
    script = tmp_path / "release.sh"
    script.write_bytes(b"VERSION=1.1\n")
    script.chmod(0o750)
    write_journal(tmp_path, [(script, b"VERSION=1.0\n", b"VERSION=1.1\n")])
    assert recover_interrupted(tmp_path) == [script]
    assert script.read_bytes() == b"VERSION=1.0\n"
    assert stat.S_IMODE(script.stat().st_mode) == 0o750


GOOD_ENTRY = '{"path": "VERSION", "before": "MQ==", "after": "Mg=="}'

#: Damaged journals, each with the words of the problem the error names.
DAMAGED = [
    ("{not json", "not JSON"),
    ('{"format": 1, "files": [' + "[" * 100_000, "not JSON"),
    (b'{"format": 1, "files": [], "x": "\xff"}', "not JSON"),
    ("[]", "a JSON list, not an object"),
    ('{"files": []}', "the journal has no 'format'"),
    ('{"format": "1", "files": []}', "'format' is a str"),
    ('{"format": true, "files": []}', "'format' is a bool"),
    ('{"format": 2, "files": []}', "format 2, which this releasekit does not know"),
    ('{"format": 1}', "the journal has no 'files'"),
    ('{"format": 1, "files": 3}', "'files' is a int"),
    ('{"format": 1, "files": [3]}', "file entry 1 is a int, not an object"),
    ('{"format": 1, "files": [{"path": "VERSION"}]}', "file entry 1 has no 'before'"),
    ('{"format": 1, "files": [{"before": "", "after": ""}]}', "file entry 1 has no 'path'"),
    ('{"format": 1, "files": [{"path": 7, "before": "", "after": ""}]}', "'path' is a int"),
    ('{"format": 1, "files": [{"path": "V", "before": "", "after": null}]}', "'after' is null"),
    ('{"format": 1, "files": [{"path": "V", "before": [], "after": ""}]}', "'before' is a list"),
    ('{"format": 1, "files": [{"path": "V", "before": "QQ", "after": "QQ=="}]}', "not base64"),
    ('{"format": 1, "files": [{"path": "V", "before": "Q!==", "after": ""}]}', "not base64"),
    ('{"format": 1, "files": [{"path": "V", "before": "é", "after": ""}]}', "not base64"),
    (
        '{"format": 1, "files": [{"path": "V", "before": "MQ==", "after": "",'
        ' "before_sha256": "00"}]}',
        "'before' does not match its sha256",
    ),
    ('{"format": 1, "pid": "1234", "files": []}', "'pid' is a str"),
    ('{"format": 1, "pid": 1, "started": 5, "files": []}', "'started' is a int"),
    ('{"format": 1, "files": [], "directories": "src"}', "'directories' is a str"),
    (f'{{"format": 1, "files": [{GOOD_ENTRY}, 1]}}', "file entry 2 is a int"),
]


@pytest.mark.parametrize(
    ("journal", "problem"),
    DAMAGED,
    ids=[
        "not-json",
        "nested-too-deep",
        "not-utf-8",
        "a-list",
        "no-format",
        "format-a-string",
        "format-a-bool",
        "format-unknown",
        "no-files",
        "files-not-a-list",
        "entry-not-an-object",
        "no-contents",
        "no-path",
        "path-not-a-string",
        "after-null",
        "before-a-list",
        "base64-cut-short",
        "base64-bad-character",
        "base64-not-ascii",
        "checksum-mismatch",
        "pid-a-string",
        "started-a-number",
        "directories-not-a-list",
        "second-entry-damaged",
    ],
)
def test_a_damaged_journal_is_reported_not_guessed(
    tmp_path: Path, journal: str | bytes, problem: str
) -> None:
    (tmp_path / "VERSION").write_bytes(b"untouched")
    recorded = journal if isinstance(journal, bytes) else journal.encode()
    journal_path(tmp_path).write_bytes(recorded)
    with pytest.raises(ReleasekitError, match="journal that cannot be read") as caught:
        recover_interrupted(tmp_path)
    message = str(caught.value)
    assert message.startswith(".releasekit-journal.json: ")
    assert problem in message
    assert message.endswith(
        "nothing was touched: check the files it names (git status, git diff), "
        "then delete .releasekit-journal.json"
    )
    assert journal_path(tmp_path).read_bytes() == recorded  # kept for the user to inspect
    assert (tmp_path / "VERSION").read_bytes() == b"untouched"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".releasekit-journal.json", "VERSION"]


@pytest.mark.parametrize(
    "pid",
    [None, 0, -1, "own"],
    ids=["missing", "zero", "negative", "this-process"],
)
def test_a_journal_whose_writer_cannot_be_running_is_recovered(tmp_path: Path, pid: object) -> None:
    entries = make_files(tmp_path)
    journal = write_journal(tmp_path, entries)
    data = json.loads(journal.read_bytes())
    if pid is None:
        del data["pid"]
    else:
        data["pid"] = os.getpid() if pid == "own" else pid
    journal.write_text(json.dumps(data))
    (tmp_path / "pyproject.toml").write_bytes(entries[0][2])
    assert recover_interrupted(tmp_path) == [tmp_path / "pyproject.toml"]
    assert contents(tmp_path) == FILES


def test_a_journal_of_a_live_writer_is_left_alone(tmp_path: Path) -> None:
    entries = make_files(tmp_path)
    journal = write_journal(tmp_path, entries)
    (tmp_path / "pyproject.toml").write_bytes(entries[0][2])
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        data = json.loads(journal.read_text())
        data.update(pid=sleeper.pid, started=process_start(sleeper.pid))
        journal.write_text(json.dumps(data))
        reporter = Recorder()
        assert recover_interrupted(tmp_path, reporter) == []
        assert journal.exists()
        assert (tmp_path / "pyproject.toml").read_bytes() == entries[0][2]
        assert any(f"pid {sleeper.pid}" in w for w in reporter.warnings)
    finally:
        sleeper.kill()
        sleeper.wait()
    assert recover_interrupted(tmp_path) == [tmp_path / "pyproject.toml"]


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from releasekit.files.journal import write_journal
    root = Path(sys.argv[1])
    entries = [(root / name, before, after) for name, before, after in eval(sys.argv[2])]
    write_journal(root, entries)
    # Replace the first files as apply_edits would, then hang mid-write until killed.
    for path, _, after in entries[: int(sys.argv[3])]:
        path.write_bytes(after)
    print("written", flush=True)
    time.sleep(60)
    """
)


@pytest.mark.parametrize("replaced", [0, 1, 3], ids=["none-yet", "one", "all"])
def test_a_writer_killed_mid_write_is_waited_for_then_undone(tmp_path: Path, replaced: int) -> None:
    """A real process dies by SIGKILL holding a journal: alone while it lives, undone after."""
    make_files(tmp_path)
    listed = [(name, data, new_bytes(data)) for name, data in FILES.items()]
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path), repr(listed), str(replaced)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "written\n"
        half_written = contents(tmp_path)
        reporter = Recorder()
        assert recover_interrupted(tmp_path, reporter) == []
        assert contents(tmp_path) == half_written
        assert reporter.warnings == [
            f"another releasekit process (pid {writer.pid}) is writing files in {tmp_path}; "
            "left its journal alone"
        ]
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        if writer.stdout is not None:
            writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL
    restored = recover_interrupted(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in restored] == list(FILES)[:replaced]
    assert contents(tmp_path) == FILES
    assert not journal_path(tmp_path).exists()


def test_interrupted_fix_names_the_commands_that_recover() -> None:
    for command in ("releasekit bump", "changelog", "tag", "release", "Project.recover()"):
        assert command in INTERRUPTED_FIX


@settings(max_examples=40, deadline=None)
@given(
    files=st.lists(
        st.tuples(st.binary(max_size=64), st.binary(max_size=64), st.booleans()),
        min_size=1,
        max_size=4,
    )
)
def test_any_bytes_come_back_whatever_was_replaced(files: list[tuple[bytes, bytes, bool]]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        entries = [
            (root / f"f{i}.bin", before, after) for i, (before, after, _) in enumerate(files)
        ]
        write_journal(root, entries)
        for (path, before, after), (_, _, done) in zip(entries, files, strict=True):
            path.write_bytes(after if done else before)
        recover_interrupted(root)
        assert [path.read_bytes() for path, _, _ in entries] == [b for _, b, _ in entries]
        assert not journal_path(root).exists()


# --- fuzzing the reader -----------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
#: Values of every JSON type, weighted towards the ones a journal field holds.
FIELD_VALUES = (
    JSON_VALUES
    | st.sampled_from(["", "VERSION", "../x", "/etc/passwd", "MQ==", "QQ", "a\u0000b", "d/e"])
    | st.binary(max_size=8).map(lambda b: base64.b64encode(b).decode())
)
ENTRIES = st.dictionaries(
    st.sampled_from(["path", "before", "after", "before_sha256", "after_sha256"]),
    FIELD_VALUES,
)
JOURNALS = st.fixed_dictionaries(
    {
        "format": st.sampled_from([1, 1, 2, "1", True, None]),
        "files": st.lists(ENTRIES) | FIELD_VALUES,
    },
    optional={
        "pid": st.sampled_from([None, 1, -1, 2**70, "1", True]),
        "started": FIELD_VALUES,
        "directories": st.lists(FIELD_VALUES, max_size=3) | FIELD_VALUES,
    },
)


def _only_releasekit_errors(data: bytes) -> None:
    """Reading and recovering from ``data`` as a journal raises nothing but ReleasekitError,
    and a journal that cannot be read leaves every file and the journal as they were."""
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "VERSION").write_bytes(b"2")
        journal_path(root).write_bytes(data)
        try:
            read_journal(root)
        except ReleasekitError as exc:
            damaged: ReleasekitError | None = exc
        else:
            damaged = None
        if damaged is None:
            recover_interrupted(root)
            return
        assert damaged.message.startswith(".releasekit-journal.json: ")
        with pytest.raises(ReleasekitError):
            recover_interrupted(root)
        assert journal_path(root).read_bytes() == data
        assert (root / "VERSION").read_bytes() == b"2"


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=200))
def test_any_bytes_as_a_journal_raise_only_releasekit_errors(data: bytes) -> None:
    _only_releasekit_errors(data)


@settings(max_examples=300, deadline=None)
@given(value=JSON_VALUES)
def test_any_json_as_a_journal_raises_only_releasekit_errors(value: object) -> None:
    _only_releasekit_errors(json.dumps(value).encode())


@settings(max_examples=500, deadline=None)
@given(journal=JOURNALS)
def test_any_journal_shaped_json_raises_only_releasekit_errors(journal: dict[str, object]) -> None:
    _only_releasekit_errors(json.dumps(journal).encode())


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: text.replace('"before": "', '"before": "!'),
        lambda text: text.replace('"files": [', '"files": [7, '),
        lambda text: text.replace('"path"', '"name"'),
    ],
    ids=["truncated", "bad-base64", "wrong-type", "missing-key"],
)
def test_the_cli_names_a_damaged_journal_and_touches_nothing(project: GitRepo, damage: Any) -> None:
    path = project.path / "pyproject.toml"
    text = write_journal(project.path, [(path, path.read_bytes(), b"x")]).read_text()
    journal_path(project.path).write_text(damage(text))
    before = project.snapshot()
    result = subprocess.run(
        [sys.executable, "-m", "releasekit", "--project", str(project.path), "bump", "patch"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(
        "error: .git/releasekit-journal.json: an interrupted write left a journal that cannot "
        "be read ("
    )
    assert result.stderr.endswith("then delete .git/releasekit-journal.json\n")
    assert "Traceback" not in result.stderr
    assert project.snapshot() == before
    assert journal_path(project.path).read_text() == damage(text)


def test_a_root_named_through_a_link_still_records_paths_inside_it(tmp_path: Path) -> None:
    """apply_edits writes files at their real path; the journal stays relative to the root."""
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    real_file = tmp_path / "real" / "VERSION"
    real_file.write_bytes(b"1.1\n")
    write_journal(tmp_path / "link", [(real_file, b"1.0\n", b"1.1\n")])
    data = json.loads(journal_path(tmp_path / "link").read_bytes())
    assert data["files"][0]["path"] == "VERSION"
    assert recover_interrupted(tmp_path / "link") == [tmp_path / "link" / "VERSION"]
    assert real_file.read_bytes() == b"1.0\n"
