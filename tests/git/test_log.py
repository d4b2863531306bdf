"""Tests for releasekit.git.log on real repositories: ranges, odd messages, empty history."""

from __future__ import annotations

from types import MappingProxyType

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from releasekit.commits.conventional import infer_bump, parse_commit
from releasekit.config import BumpLevel
from releasekit.errors import GitError
from releasekit.git.log import (
    BumpSummary,
    ReleaseBump,
    bump_level_since,
    iter_commits,
    latest_release_bump,
    log_range,
    summarize_log,
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


_SHA = st.from_regex(r"[0-9a-f]{40}", fullmatch=True)
_HEADERISH = st.tuples(
    st.sampled_from([b"", b"\n", b" "]),
    st.sampled_from([b"feat", b"Fix", b"docs", b"Merge", b"x-y", b""]),
    st.sampled_from([b"", b"(api)", b"(\xc3\xbc)", b"(a\rb)", b"()"]),
    st.sampled_from([b"", b"!"]),
    st.sampled_from([b": ", b":", b" ", b":  "]),
    st.sampled_from([b"add x", b"\xc3\xbcber", b"\xc2\xa0nbsp", b"", b"\xff", b"\t"]),
    st.sampled_from(
        [
            b"",
            b"\n\nbody",
            b"\n\nBREAKING CHANGE: y",
            b"\r\n\r\nBREAKING-CHANGE #1",
            b"\n\nprose BREAKING CHANGE: not a footer\nmore",
            b"\n\nRefs #2\x01",
        ]
    ),
).map(b"".join)
_MESSAGE = st.one_of(_HEADERISH, st.binary(max_size=40)).map(
    lambda raw: raw.replace(b"\0", b"")  # git messages hold no NUL
)


@given(
    st.lists(st.tuples(st.lists(_SHA, max_size=2), _MESSAGE), max_size=30),
    st.dictionaries(
        st.sampled_from(["feat", "fix", "docs", "Feat"]),
        st.sampled_from(["major", "minor", "patch", "none"]),
    ),
    st.one_of(st.none(), _SHA),
)
@example([([], b"feat: add x\n\nBREAKING CHANGE: y")], {}, None)
@example([([], b"feat: \xc3\xbcber"), (["a" * 40], b"\nfix: x")], {"fix": "patch"}, "a" * 40)
@example([([], b"docs: x\n\nprose BREAKING CHANGE: no"), ([], b"Merge branch 'x'")], {}, None)
def test_summarize_log_agrees_with_parsing_each_message(
    commits: list[tuple[list[str], bytes]], bump_map: dict[str, BumpLevel], watch: str | None
) -> None:
    records = [" ".join(parents).encode() + b"\x01" + message for parents, message in commits]
    parsed = [parse_commit(message.decode("utf-8", "replace")) for _, message in commits]
    expected = BumpSummary(
        infer_bump(parsed, MappingProxyType(bump_map)),
        len(commits),
        sum(commit is not None for commit in parsed),
    )
    seen = watch is not None and any(watch in parents for parents, _ in commits)
    assert summarize_log(records, MappingProxyType(bump_map), watch) == (expected, seen)


def test_summarize_log_across_blocks() -> None:
    records = [b"\x01docs: x"] * 5000 + [b"\x01fix(a): b\n\nBREAKING CHANGE: c"] + [b"\x01feat: d"]
    summary, seen = summarize_log(records)
    assert (summary, seen) == (BumpSummary("major", 5002, 5002), False)
