"""Tests for releasekit.git.log on real repositories: ranges, odd messages, empty history."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.commits.tally import BumpTally
from releasekit.errors import GitError
from releasekit.git.log import (
    BumpSummary,
    CommitBatch,
    ReleaseBump,
    bump_level_since,
    iter_commits,
    latest_release_bump,
    log_args,
    log_range,
    split_with_paths,
    walk_since_release,
)
from releasekit.git.runner import Git
from releasekit.git.tags import latest_release_tag
from tests.conftest import GitRepo


def test_whole_history_newest_first(repo: GitRepo) -> None:
    first = repo.commit("chore: initial")
    second = repo.commit("feat(api/v2.users): paginate\n\nBody.\n\nRefs #12")
    logged = list(iter_commits(Git(repo.path), None))
    assert [c.sha for c in logged] == [second, first]
    newest = logged[0]
    assert newest.message.startswith("feat(api/v2.users): paginate\n\nBody.")
    assert newest.commit is not None
    assert (newest.commit.type, newest.commit.scope) == ("feat", "api/v2.users")
    assert newest.commit.footers == (("Refs", "#12"),)


def test_only_the_range_since_the_tag(repo: GitRepo) -> None:
    repo.commit("feat: before the release")
    repo.tag("v1.0.0", "Release 1.0.0")
    after = [repo.commit("fix: one"), repo.commit("docs: two")]
    logged = list(iter_commits(Git(repo.path), "v1.0.0"))
    assert [c.sha for c in logged] == after[::-1]
    assert [c.commit.type for c in logged if c.commit] == ["docs", "fix"]


def test_until_limits_the_range(repo: GitRepo) -> None:
    first = repo.commit("chore: a")
    middle = repo.commit("fix: b")
    repo.commit("feat: c")
    assert [c.sha for c in iter_commits(Git(repo.path), None, until=middle)] == [middle, first]


def test_non_conventional_and_merge_commits_are_kept_unparsed(repo: GitRepo) -> None:
    repo.commit("chore: initial")
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("feat: on a branch")
    repo.git("checkout", "-q", "main")
    repo.commit("Update README")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge pull request #12 from octo/feature", "feature")
    logged = list(iter_commits(Git(repo.path), None))
    by_header = {c.message.splitlines()[0]: c.commit for c in logged}
    assert by_header["Merge pull request #12 from octo/feature"] is None
    assert by_header["Update README"] is None
    assert by_header["feat: on a branch"] is not None
    assert len(logged) == 4


def test_messages_with_crlf_unicode_and_empty_lines(repo: GitRepo) -> None:
    repo.git("config", "core.autocrlf", "false")
    repo.git(
        "commit",
        "--allow-empty",
        "-q",
        "--cleanup=verbatim",
        "-m",
        "feat(ü): ünïcödé ✨\r\n\r\nBREAKING CHANGE: a\r\n",
    )
    repo.commit("fix: x\n\n\n\nbody after blank lines")
    logged = list(iter_commits(Git(repo.path), None))
    assert logged[0].commit is not None
    assert logged[0].commit.body == "body after blank lines"
    assert logged[1].commit is not None
    assert logged[1].commit.description == "ünïcödé ✨"
    assert logged[1].commit.breaking


def test_empty_repository_yields_nothing(repo: GitRepo) -> None:
    git = Git(repo.path)
    assert list(iter_commits(git, None)) == []
    assert bump_level_since(git, None) == BumpSummary(None, 0, 0)


def test_missing_since_tag_is_named(repo: GitRepo) -> None:
    repo.commit("chore: initial")
    with pytest.raises(GitError, match=r"'v9\.9\.9' \(since\) names no commit"):
        list(iter_commits(Git(repo.path), "v9.9.9"))


def test_missing_since_in_empty_repository_is_named(repo: GitRepo) -> None:
    with pytest.raises(GitError, match=r"'v1\.0\.0' \(since\)"):
        list(iter_commits(Git(repo.path), "v1.0.0"))


def test_not_a_repository_is_an_error(tmp_path_factory: pytest.TempPathFactory) -> None:
    with pytest.raises(GitError, match="not a git repository"):
        list(iter_commits(Git(tmp_path_factory.mktemp("plain")), None))


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        (["docs: a", "chore: b"], BumpSummary(None, 2, 2)),
        (["fix: a", "Update README"], BumpSummary("patch", 2, 1)),
        (["fix: a", "feat: b", "docs: c"], BumpSummary("minor", 3, 3)),
        (["feat: a", "refactor!: b", "fix: c"], BumpSummary("major", 3, 3)),
        (["fix: a\n\nThe BREAKING CHANGE: in prose does not count."], BumpSummary("patch", 1, 1)),
    ],
    ids=["none", "patch-with-other", "minor", "major-counts-everything", "prose-breaking"],
)
def test_bump_level_since_tag(repo: GitRepo, messages: list[str], expected: BumpSummary) -> None:
    repo.commit("feat!: before the tag is ignored")
    repo.tag("v1.0.0")
    for message in messages:
        repo.commit(message)
    assert bump_level_since(Git(repo.path), "v1.0.0") == expected


def test_bump_level_uses_the_map(repo: GitRepo) -> None:
    repo.commit("docs: a")
    assert bump_level_since(Git(repo.path), None, {"docs": "patch"}).level == "patch"
    assert bump_level_since(Git(repo.path), None).level is None


def test_log_range() -> None:
    assert log_range("v1", "main") == "v1..main"
    assert log_range(None) == "HEAD"


def _release_bump_both_ways(repo: GitRepo) -> ReleaseBump:
    """latest_release_bump, checked against the two-walk answer it must equal."""
    git = Git(repo.path)
    fused = latest_release_bump(git, "v{version}")
    tag = latest_release_tag(git, "v{version}")
    assert fused == ReleaseBump(tag, bump_level_since(git, tag.name if tag else None))
    return fused


def test_release_bump_without_tags_reads_all_history(repo: GitRepo) -> None:
    repo.commit("chore: initial")
    repo.commit("fix: a")
    found = _release_bump_both_ways(repo)
    assert found == ReleaseBump(None, BumpSummary("patch", 2, 2))


def test_release_bump_since_the_highest_reachable_tag(repo: GitRepo) -> None:
    repo.commit("chore: initial")
    repo.tag("v1.0.0", "Release 1.0.0")
    repo.commit("feat: a")
    repo.tag("v1.1.0")
    repo.commit("fix: b")
    repo.commit("docs: c")
    found = _release_bump_both_ways(repo)
    assert found.tag is not None
    assert found.tag.name == "v1.1.0"
    assert found.summary == BumpSummary("patch", 2, 2)


def test_release_bump_ignores_a_higher_tag_on_another_branch(repo: GitRepo) -> None:
    repo.commit("chore: initial")
    repo.tag("v1.0.0", "Release 1.0.0")
    repo.git("checkout", "-q", "-b", "next")
    repo.commit("feat!: the future")
    repo.tag("v2.0.0", "Release 2.0.0")
    repo.git("checkout", "-q", "main")
    repo.commit("fix: a")
    found = _release_bump_both_ways(repo)
    assert found.tag is not None
    assert found.tag.name == "v1.0.0"
    assert found.summary == BumpSummary("patch", 1, 1)


def test_release_bump_head_on_the_tag(repo: GitRepo) -> None:
    repo.commit("feat: initial")
    repo.tag("v1.0.0", "Release 1.0.0")
    found = _release_bump_both_ways(repo)
    assert found.tag is not None
    assert found.summary == BumpSummary(None, 0, 0)


def test_release_bump_head_behind_the_highest_tag(repo: GitRepo) -> None:
    first = repo.commit("chore: initial")
    repo.tag("v1.0.0")
    repo.commit("feat: later")
    repo.tag("v1.1.0")
    repo.git("checkout", "-q", "--detach", first)
    repo.commit("fix: hotfix on the old release")
    found = _release_bump_both_ways(repo)
    assert found.tag is not None
    assert found.tag.name == "v1.0.0"
    assert found.summary == BumpSummary("patch", 1, 1)


def test_release_bump_skips_a_tag_of_a_tree(repo: GitRepo) -> None:
    repo.commit("chore: initial", {"a.txt": "a"})
    repo.tag("v1.0.0")
    repo.commit("feat: x")
    tree = repo.git("rev-parse", "HEAD^{tree}").strip()
    repo.git("tag", "v9.0.0", tree)
    found = _release_bump_both_ways(repo)
    assert found.tag is not None
    assert found.tag.name == "v1.0.0"


def test_release_bump_empty_repository(repo: GitRepo) -> None:
    assert latest_release_bump(Git(repo.path), "v{version}") == ReleaseBump(
        None, BumpSummary(None, 0, 0)
    )


def test_messages_in_a_legacy_encoding_come_as_unicode(repo: GitRepo) -> None:
    message_file = repo.path.parent / "message.txt"
    message_file.write_bytes("feat(caf\u00e9): cr\u00e8me br\u00fbl\u00e9e\n".encode("latin-1"))
    repo.git(
        "-c",
        "i18n.commitEncoding=ISO-8859-1",
        "commit",
        "--allow-empty",
        "-q",
        "-F",
        str(message_file),
    )
    (logged,) = iter_commits(Git(repo.path), None)
    assert logged.commit is not None
    assert (logged.commit.scope, logged.commit.description) == (
        "caf\u00e9",
        "cr\u00e8me br\u00fbl\u00e9e",
    )
    assert bump_level_since(Git(repo.path), None) == BumpSummary("minor", 1, 1)


def test_one_walk_feeds_several_consumers_and_carries_paths(repo: GitRepo) -> None:
    """Several consumers share one pass; with ``paths`` each commit carries what it touches."""
    repo.commit("chore: initial")
    repo.tag("v1.0.0")
    repo.write("pkg/a.py", "a = 1\n")
    repo.write("docs/index.md", "hello\n")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "feat(pkg): a")
    repo.commit("fix: empty commit")
    git = Git(repo.path)

    class Recorder:
        def __init__(self) -> None:
            self.batches: list[CommitBatch] = []

        def take(self, batch: CommitBatch) -> None:
            self.batches.append(batch)

    tally, recorder = BumpTally(), Recorder()
    tag, (same_tally, same_recorder) = walk_since_release(
        git, "v{version}", lambda: (tally, recorder), paths=True
    )
    assert tag is not None
    assert tag.name == "v1.0.0"
    assert (same_tally, same_recorder) == (tally, recorder)
    assert (tally.level, tally.count, tally.conventional) == ("minor", 2, 2)
    paths = [p for batch in recorder.batches for p in batch.paths or ()]
    assert paths == [(), ("docs/index.md", "pkg/a.py")]
    shas = [sha for batch in recorder.batches for sha in batch.shas()]
    assert shas == [c.sha for c in iter_commits(git, "v1.0.0")]


def test_walk_reads_a_started_process_only_for_its_own_range(repo: GitRepo) -> None:
    """A ``git log`` started early is used when its range is the walk's, else reaped."""
    repo.commit("chore: initial")
    tagged = repo.commit("feat: a")
    repo.tag("v1.0.0")
    repo.commit("fix: b")
    git = Git(repo.path)
    right = git.spawn(*log_args(tagged))
    tag, (tally,) = walk_since_release(git, "v{version}", lambda: (BumpTally(),), process=right)
    assert (tag and tag.name, tally.level, tally.count) == ("v1.0.0", "patch", 1)
    assert right.returncode == 0
    wrong = git.spawn(*log_args(None))
    tag, (tally,) = walk_since_release(git, "v{version}", lambda: (BumpTally(),), process=wrong)
    assert (tally.level, tally.count) == ("patch", 1)
    assert wrong.returncode is not None
    assert wrong.stdout is not None
    assert wrong.stdout.closed


# -- the --name-only records, however git's output is cut into reads --------------------------


def _reference_split(records: list[bytes]) -> list[tuple[bytes, bytes, tuple[str, ...]]]:
    """The format read one record at a time: an empty record starts a commit, then come its
    ids, its message (which may be empty) and its paths (the first after a line feed)."""
    commits: list[tuple[bytes, bytes, tuple[str, ...]]] = []
    state, ids, message = "start", b"", b""
    names: list[str] = []
    for record in records:
        if state == "message":
            message, names, state = record, [], "paths"
        elif not record:
            if state == "paths":
                commits.append((ids, message, tuple(names)))
            state = "ids"
        elif state == "ids":
            ids, state = record, "message"
        elif state == "paths":
            names.append(record.removeprefix(b"\n").decode("utf-8", "surrogateescape"))
    if state == "paths":
        commits.append((ids, message, tuple(names)))
    return commits


_COMMIT = st.tuples(
    st.binary(min_size=1, max_size=8).map(lambda b: b.replace(b"\0", b"i")),
    st.sampled_from([b"", b"fix: a\n", b"feat: b\n\nbody\n", b"\xff\n"]),
    st.lists(st.sampled_from([b"a.py", b"pkg/b c.py", b"\xc3\xa9.txt", b"\xff"]), max_size=3),
)


@given(st.lists(_COMMIT, max_size=8), st.lists(st.integers(min_value=0, max_value=6), max_size=8))
def test_split_with_paths_equals_the_record_by_record_reading(
    commits: list[tuple[bytes, bytes, list[bytes]]], cuts: list[int]
) -> None:
    records: list[bytes] = []
    for ids, message, paths in commits:
        records += [b"", ids, message, *[b"\n" + p if i == 0 else p for i, p in enumerate(paths)]]
    reads, start = [], 0
    for size in cuts:
        reads.append(records[start : start + size])
        start += size
    reads.append(records[start:])
    found = [
        (ids, message, paths)
        for batch in split_with_paths(iter(reads))
        for ids, message, paths in zip(batch.ids, batch.messages, batch.paths or (), strict=True)
    ]
    assert found == _reference_split(records)
    assert [ids for ids, _, _ in found] == [ids for ids, _, _ in commits]
