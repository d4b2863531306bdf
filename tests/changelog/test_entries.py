"""Entries from conventional commits."""

from __future__ import annotations

from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.changelog.entries import EntryCollector, entry_for
from releasekit.changelog.model import Entry
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
        Entry("Fixed", "**Breaking:** **api:** rename field: clients must update"),
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


# -- breaking-change text ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "breaking_body", "expected"),
    [
        (
            "feat: parse dates\n\nBREAKING CHANGE: dates are now UTC",
            False,
            "**Breaking:** parse dates: dates are now UTC",
        ),
        (
            "fix(api): rename field.\n\nBREAKING-CHANGE: clients must\nupdate their calls",
            False,
            "**Breaking:** **api:** rename field: clients must update their calls",
        ),
        (
            "feat!: drop Python 3.9\n\nBREAKING CHANGE: drop Python 3.9",
            False,
            "**Breaking:** drop Python 3.9",
        ),
        (
            "feat!: new config\n\nThe old keys are gone.\nRename them.\n\nMore detail.",
            True,
            "**Breaking:** new config: The old keys are gone. Rename them.",
        ),
        (
            "feat!: new config\n\nThe old keys are gone.",
            False,
            "**Breaking:** new config",
        ),
        (
            "feat!: new config\n\nRefs: #12",
            True,
            "**Breaking:** new config",
        ),
    ],
    ids=[
        "footer",
        "hyphen-footer-two-lines",
        "footer-repeats-description",
        "bang-body-configured",
        "bang-body-not-configured",
        "bang-only-footers",
    ],
)
def test_breaking_text_goes_into_the_entry(
    message: str, breaking_body: bool, expected: str
) -> None:
    commit = parse_commit(message)
    assert commit is not None
    entry = entry_for(commit, breaking_body=breaking_body)
    assert entry is not None
    assert entry.text == expected
    # The streaming collector says the same.
    collector = EntryCollector(breaking_body=breaking_body)
    collector.add_message(message.encode())
    assert [e.text for e in collector.entries()] == [expected]


# -- whole batches ---------------------------------------------------------------------------


def _state(collector: EntryCollector) -> tuple[object, ...]:
    return (
        collector.entries(),
        collector.seen,
        collector.skipped,
        collector.known,
        collector.not_conventional,
        collector.subject_keys(),
    )


@given(
    st.lists(MESSAGES, max_size=4),
    st.booleans(),
    st.sets(st.sampled_from(["feat: a", "fix(core): b (#1)", "chore!: d", "feat: x"]), max_size=2),
)
@settings(max_examples=300)
def test_a_batch_gives_what_its_messages_give_one_by_one(
    batches: list[list[str]], breaking_body: bool, known: set[str]
) -> None:
    """Judging a whole batch by first lines and one footer search changes nothing: entries,
    counts and the subjects of the collection marker, whatever the cut into batches."""
    from releasekit.changelog.collected import subject_key

    keys = {subject_key(subject) for subject in known}
    raw = [[m.encode("utf-8", "surrogatepass") for m in batch] for batch in batches]
    together = EntryCollector(known=keys, breaking_body=breaking_body)
    for raw_batch in raw:
        together.add_messages(raw_batch)
    alone = EntryCollector(known=keys, breaking_body=breaking_body)
    for raw_message in (m for raw_batch in raw for m in raw_batch):
        alone.add_message(raw_message)
    assert _state(together) == _state(alone)
    parsed = EntryCollector(known=keys, breaking_body=breaking_body)
    for message in (m for batch in batches for m in batch):
        parsed.add(parse_commit(message))
    assert (together.entries(), together.seen, together.not_conventional) == (
        parsed.entries(),
        parsed.seen,
        parsed.not_conventional,
    )
    assert together.skipped + together.known == parsed.skipped + parsed.known


BATCH_CASES = [
    ([b"fix: a", b"fix: a\n\nChangelog: skip", b"fix: a"], ["a"], 0),
    ([b"Update x", b"Update x\n", b"\nfeat: leading"], ["leading"], 2),
    ([b"feat: b\n\nBREAKING CHANGE: c", b"feat: b"], ["**Breaking:** b: c", "b"], 0),
    ([b"fix(x): s\n\nSECURITY #1", b"fix(x): s"], ["**x:** s", "**x:** s"], 0),
    ([b"fix: caf\xc3\xa9\xc2\xa0", b"fix: caf\xc3\xa9\xc2\xa0\n\nbody"], ["caf\u00e9"], 0),
]


@pytest.mark.parametrize(
    ("messages", "texts", "not_conventional"),
    BATCH_CASES,
    ids=["repeated-and-skipped", "not-conventional-lines", "breaking", "security", "nbsp"],
)
def test_batch_cases(messages: list[bytes], texts: list[str], not_conventional: int) -> None:
    collector = EntryCollector()
    collector.add_messages(messages)
    assert sorted(e.text for e in collector.entries()) == sorted(texts)
    assert collector.seen == len(messages)
    assert collector.not_conventional == not_conventional
