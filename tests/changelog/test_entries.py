"""Entries from conventional commits and merging them into [Unreleased]."""

from __future__ import annotations

from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.changelog.entries import EntryCollector, entry_for, merge_entries_counted
from releasekit.changelog.model import Changelog, Entry
from releasekit.commits.conventional import parse_commit

ENTRIES = [
    ("feat: add a flag", Entry("Added", "add a flag")),
    ("feat(cli): add --json (#12)", Entry("Added", "**cli:** add --json (#12)")),
    ("fix: crash on empty input", Entry("Fixed", "crash on empty input")),
    ("perf(db): batch inserts", Entry("Changed", "**db:** batch inserts")),
    ("revert: feat: the flag", Entry("Removed", "feat: the flag")),
    ("feat!: drop Python 3.9", Entry("Added", "**Breaking:** drop Python 3.9")),
    (
        "fix(api): rename field\n\nBREAKING CHANGE: clients must update",
        Entry("Fixed", "**Breaking:** **api:** rename field"),
    ),
    ("refactor!: new layout", Entry("Changed", "**Breaking:** new layout")),
    ("fix(security): escape names", Entry("Security", "escape names")),
    ("fix: token leak\n\nSecurity: CVE-2025-0001", Entry("Security", "token leak")),
    ("feat: x\n\nCVE: CVE-2025-0002", Entry("Security", "x")),
    ("docs: typo", None),
    ("chore(deps): bump", None),
    ("feat: internal\n\nChangelog: skip", None),
    ("feat: internal\n\nchangelog: no", None),
    ("Merge branch 'x'", None),
]


@pytest.mark.parametrize(("message", "expected"), ENTRIES, ids=[m for m, _ in ENTRIES])
def test_entry_for(message: str, expected: Entry | None) -> None:
    commit = parse_commit(message)
    assert (entry_for(commit) if commit is not None else None) == expected


def test_configured_sections() -> None:
    sections = MappingProxyType({"feat": "Added", "docs": "Changed", "fix": ""})
    docs = parse_commit("docs: a guide")
    fix = parse_commit("fix!: silently drops")
    assert docs is not None
    assert fix is not None
    assert entry_for(docs, sections) == Entry("Changed", "a guide")
    assert entry_for(fix, sections) is None  # mapped to "": left out, even when breaking


def test_collector_counts_dedupes_and_orders_oldest_first() -> None:
    collector = EntryCollector()
    for message in ["fix: b", "docs: x", "Merge x", "fix: a", "fix: A.", "feat: c"]:
        collector.add(parse_commit(message))
    assert collector.entries() == [Entry("Added", "c"), Entry("Fixed", "a"), Entry("Fixed", "b")]
    assert (collector.seen, collector.skipped, collector.not_conventional) == (6, 1, 1)


UNRELEASED = """\
# Changelog

## [Unreleased]

### Changed

- Hand-written: the docs moved (#7).

### Fixed

- A known bug.
  More text of the same entry.

## [1.0.0] - 2025-01-01

- first
"""


def test_merge_keeps_hand_written_entries_and_follows_kac_order() -> None:
    log = Changelog.parse(UNRELEASED)
    new, added = merge_entries_counted(
        log,
        [
            Entry("Fixed", "a new fix"),
            Entry("Security", "escape"),
            Entry("Added", "feature"),
            Entry("Changed", "docs moved again (#7)"),
            Entry("Fixed", "a KNOWN bug."),
        ],
    )
    assert added == 3
    assert str(new) == UNRELEASED.replace(
        "## [Unreleased]\n\n### Changed",
        "## [Unreleased]\n\n### Added\n\n- feature\n\n### Changed",
    ).replace(
        "  More text of the same entry.\n",
        "  More text of the same entry.\n- a new fix\n\n### Security\n\n- escape\n",
    )
    assert merge_entries_counted(new, [Entry("Added", "feature")]) == (new, 0)


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_merge_into_empty_template_headings(newline: str) -> None:
    text = "## [Unreleased]\n\n### Added\n\n### Fixed\n\n## [1.0.0]\n- a\n".replace("\n", newline)
    new, _ = merge_entries_counted(Changelog.parse(text), [Entry("Fixed", "b")])
    assert str(new) == (
        "## [Unreleased]\n\n### Added\n\n### Fixed\n\n- b\n\n## [1.0.0]\n- a\n".replace(
            "\n", newline
        )
    )


def test_merge_into_a_file_without_trailing_newline() -> None:
    new, _ = merge_entries_counted(Changelog.parse("## [Unreleased]"), [Entry("Fixed", "b")])
    assert str(new) == "## [Unreleased]\n\n### Fixed\n\n- b\n"


def test_merge_into_a_file_without_unreleased_and_without_sections() -> None:
    new, _ = merge_entries_counted(Changelog.parse("# Changelog\n"), [Entry("Added", "x")])
    assert str(new) == "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- x\n"


ENTRY_LISTS = st.lists(
    st.builds(
        Entry,
        st.sampled_from(["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"]),
        st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1).filter(
            lambda t: t.strip() == t and t.rstrip(".")
        ),
    ),
    max_size=8,
)


@given(ENTRY_LISTS, ENTRY_LISTS)
def test_merging_is_idempotent_and_keeps_every_line(
    first: list[Entry], second: list[Entry]
) -> None:
    once, _ = merge_entries_counted(Changelog.parse(UNRELEASED), first)
    twice, added = merge_entries_counted(once, first)
    assert (str(twice), added) == (str(once), 0)
    after, _ = merge_entries_counted(once, second)
    lines = after.lines()
    position = 0
    for line in once.lines():  # every earlier line is still there, in order
        position = lines.index(line, position) + 1
    assert after.versions() == ["1.0.0"]


MESSAGES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "feat: a",
                "fix(core): b (#1)",
                "docs: c",
                "chore!: d",
                "refactor: e\n\nBREAKING CHANGE: f",
                "chore: g\n\nSecurity: CVE-1",
                "build: h\n\nsecurity in prose only",
                "feat: i\n\nChangelog: skip",
                "Merge branch 'x'",
                "\nfeat: leading newline",
                "feat: crlf\r\n\r\nBREAKING CHANGE: x\r\n",
                "feat(a b ): trailing space  \n",
                "fix(\tx): tab in scope",
                "feat: lone\rcarriage return",
                "feat: ends in nbsp\u00a0",
                "feat: caf\u00e9 \u2603",
                "FEAT(UI)!: upper case",
                "feat(): empty scope",
                "perf:  two spaces",
                "fix(security)!: x",
                "feat: x\x1c",
                "feat: breaking news",
                "fix: changelog typo\n\nRefs: #3",
                "fix(Security): capital scope",
                "fix(SECURITY)!: shouting",
                "docs: x\n\nCVE: 1",
                "feat: body\n\nchangelog: Skip",
                "ci: x\n\nBREAKING-CHANGE: y",
                "feat: x\n\nA BREAKING CHANGE in prose, not a footer.",
                "fix: y\n\nValidate empty changelogs here.",
                "fix: z\n\nsecurity matters",
                "fix: z\n\nRefs: #1\nCVE #2025-1",
                "feat: w\n\nBREAKING CHANGE #12",
                "feat: v\n\nChangelog #skip",
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=12,
)


@given(MESSAGES)
@settings(max_examples=500)
def test_raw_messages_give_the_same_entries_as_parsed_commits(messages: list[str]) -> None:
    parsed, raw = EntryCollector(), EntryCollector()
    for message in messages:
        parsed.add(parse_commit(message))
        raw.add_message(message.encode("utf-8", "surrogatepass"))
    assert raw.entries() == parsed.entries()
    assert (raw.seen, raw.not_conventional, raw.skipped) == (
        parsed.seen,
        parsed.not_conventional,
        parsed.skipped,
    )
