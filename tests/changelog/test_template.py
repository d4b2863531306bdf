"""An entry's text: ``entry-format``, breaking-change text and links to pull requests."""

from __future__ import annotations

import re

import pytest

from releasekit.changelog.template import (
    CommitEntry,
    EntryTemplate,
    commit_entry,
    forge_base,
    link_references,
    split_references,
)
from releasekit.commits.conventional import parse_commit

# -- entry-format ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "message", "expected"),
    [
        ("{description}", "feat(cli): add x (#12)", "add x (#12)"),
        ("{description} ({pr})", "feat(cli): add x (#12)", "add x (#12)"),
        ("{scope}: {description}", "feat: add x", "add x"),
        ("**{scope}:** {description} ({pr})", "feat(cli): add x", "**cli:** add x"),
        ("{description} by {author} ({hash})", "fix: y", "y by Ada (1a2b3c4)"),
        ("{description} {{{hash}}}", "fix: y", "y {1a2b3c4}"),
        ("{description} ({pr})", "feat!: z (#3, #4)", "**Breaking:** z (#3, #4)"),
    ],
    ids=["description", "pr", "empty-scope", "bold-scope", "author-hash", "braces", "breaking"],
)
def test_entry_format(template: str, message: str, expected: str) -> None:
    commit = parse_commit(message)
    assert commit is not None
    found = commit_entry(commit, {"feat": "Added", "fix": "Fixed"})
    assert found is not None
    entry = CommitEntry(found.type, found.scope, found.description, found.breaking, "1a2b3c4d5e")
    assert entry.text(EntryTemplate.parse(template), "Ada") == expected


@pytest.mark.parametrize(
    ("template", "error"),
    [
        ("{summary}", "unknown placeholder {summary}"),
        ("{scope}", "must contain {description}"),
        ("{description} }", "lone '}'"),
    ],
    ids=["unknown", "no-description", "lone-brace"],
)
def test_bad_entry_formats_are_refused(template: str, error: str) -> None:
    with pytest.raises(ValueError, match=re.escape(error)):
        EntryTemplate.parse(template)


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("x (#12)", "https://github.com/o/r", "x ([#12](https://github.com/o/r/pull/12))"),
        ("x (!7)", "https://github.com/o/r", "x (!7)"),
        ("x (!7)", "https://gitlab.com/g/r", "x ([!7](https://gitlab.com/g/r/-/merge_requests/7))"),
        ("x (#3)", "https://gitlab.com/g/r", "x ([#3](https://gitlab.com/g/r/-/issues/3))"),
        ("x (#12)", None, "x (#12)"),
        ("x ([#12](https://a/pull/12))", "https://github.com/o/r", "x ([#12](https://a/pull/12))"),
    ],
    ids=["github", "github-bang", "gitlab-mr", "gitlab-issue", "unknown-forge", "already-linked"],
)
def test_link_references(text: str, base: str | None, expected: str) -> None:
    assert link_references(text, base) == expected


def test_forge_base_prefers_the_changelog_links() -> None:
    links = ["[1.0.0]: https://github.com/a/b/compare/v0.9.0...v1.0.0\n"]
    assert forge_base(links, "https://github.com/other/repo") == "https://github.com/a/b"
    assert forge_base([], "https://github.com/other/repo/") == "https://github.com/other/repo"
    assert forge_base([], None) is None


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("add x (#12)", ("add x", ("#12",))),
        ("add x (#12, #13)", ("add x", ("#12", "#13"))),
        ("add (#12) x", ("add (#12) x", ())),
        ("add x", ("add x", ())),
    ],
    ids=["one", "two", "not-at-the-end", "none"],
)
def test_split_references(description: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert split_references(description) == expected
