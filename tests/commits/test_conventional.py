"""Tests for releasekit.commits.conventional: Conventional Commits 1.0.0 on real messages."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.commits.conventional import (
    ConventionalCommit,
    commit_kind,
    commit_kind_bytes,
    infer_bump,
    parse_commit,
)
from releasekit.commits.defaults import DEFAULT_BUMP_MAP, BumpLevel

# message, type, scope, breaking, description
HEADERS: list[tuple[str, str, str | None, bool, str]] = [
    ("feat: add the thing", "feat", None, False, "add the thing"),
    ("fix(parser): handle CRLF", "fix", "parser", False, "handle CRLF"),
    ("feat(api/v2.users): paginate", "feat", "api/v2.users", False, "paginate"),
    ("feat(api)!: drop v1", "feat", "api", True, "drop v1"),
    ("refactor!: drop Python 3.9", "refactor", None, True, "drop Python 3.9"),
    ("Feat: capitalised type", "feat", None, False, "capitalised type"),
    ("FIX(Core): shouting", "fix", "Core", False, "shouting"),
    (
        "fix(deps-dev): bump pytest from 8.0 to 8.1",
        "fix",
        "deps-dev",
        False,
        "bump pytest from 8.0 to 8.1",
    ),
    (
        "build(deps): bump actions/checkout from 3 to 4 (#42)",
        "build",
        "deps",
        False,
        "bump actions/checkout from 3 to 4 (#42)",
    ),
    ("chore(release): 1.2.3", "chore", "release", False, "1.2.3"),
    ("revert: feat: add the thing", "revert", None, False, "feat: add the thing"),
    (
        "docs(README.md): fix a link: the old one died",
        "docs",
        "README.md",
        False,
        "fix a link: the old one died",
    ),
    ("feat(scope with spaces): ok", "feat", "scope with spaces", False, "ok"),
    ("feat(): empty scope", "feat", None, False, "empty scope"),
    ("feat:   extra spaces   ", "feat", None, False, "extra spaces"),
    ("ci_cd: underscore type", "ci_cd", None, False, "underscore type"),
    ("feat(ü): unicode scope ✨", "feat", "ü", False, "unicode scope ✨"),
]
HEADER_IDS = [
    "plain",
    "scope",
    "scope-dots-slashes",
    "bang-after-scope",
    "bang-no-scope",
    "type-capitalised",
    "type-upper",
    "dependabot-dev",
    "dependabot-pr-number",
    "release",
    "revert-type",
    "colon-in-description",
    "scope-spaces",
    "empty-scope",
    "extra-spaces",
    "underscore-type",
    "unicode",
]


@pytest.mark.parametrize(
    ("message", "type_", "scope", "breaking", "description"), HEADERS, ids=HEADER_IDS
)
def test_header(
    message: str, type_: str, scope: str | None, breaking: bool, description: str
) -> None:
    commit = parse_commit(message)
    assert commit is not None
    assert (commit.type, commit.scope, commit.breaking, commit.description) == (
        type_,
        scope,
        breaking,
        description,
    )
    assert commit.header == message.rstrip()
    assert commit.body == ""
    assert commit.footers == ()


NOT_CONVENTIONAL = [
    ("Merge pull request #12 from octo/feature-x", "github-merge"),
    ("Merge branch 'main' into feature\n\n# Conflicts:\n#\tsrc/a.py", "branch-merge"),
    ("Merge remote-tracking branch 'origin/main'", "remote-merge"),
    ('Revert "feat: add the thing"\n\nThis reverts commit 0123abc.', "git-revert"),
    ("fixup! feat: add the thing", "fixup"),
    ("squash! fix: x", "squash"),
    ("Update README.md", "free-text"),
    ("WIP", "wip"),
    ("[JIRA-12] feat: prefixed", "ticket-prefix"),
    ("feat:no space", "no-space"),
    ("feat: ", "empty-description"),
    ("feat:", "colon-only"),
    ("feat (api): space before scope", "space-before-scope"),
    ("feat(api: unclosed", "unclosed-scope"),
    ("feat(a(b)): nested", "nested-parens"),
    (": no type", "no-type"),
    ("1.2.3: version", "digit-type"),
    ("feat!!: double bang", "double-bang"),
    ("", "empty"),
    ("\n\n", "blank"),
    ("   feat: leading spaces", "leading-spaces"),
    ("Initial commit", "initial"),
]


@pytest.mark.parametrize(
    "message", [m for m, _ in NOT_CONVENTIONAL], ids=[i for _, i in NOT_CONVENTIONAL]
)
def test_not_conventional(message: str) -> None:
    assert parse_commit(message) is None


# message, body, footers, breaking
BODIES: list[tuple[str, str, tuple[tuple[str, str], ...], bool]] = [
    ("fix: x\n\nA body.", "A body.", (), False),
    (
        "fix: x\n\nFirst paragraph\nwraps.\n\nSecond one.",
        "First paragraph\nwraps.\n\nSecond one.",
        (),
        False,
    ),
    ("fix: x\n\nRefs: #12", "", (("Refs", "#12"),), False),
    ("fix: x\n\nRefs #12", "", (("Refs", "#12"),), False),
    ("fix: x\n\nCloses #1\nCloses #2", "", (("Closes", "#1"), ("Closes", "#2")), False),
    (
        "feat: x\n\nBody.\n\nBREAKING CHANGE: the config moved",
        "Body.",
        (("BREAKING CHANGE", "the config moved"),),
        True,
    ),
    ("feat: x\n\nBREAKING-CHANGE: hyphen form", "", (("BREAKING-CHANGE", "hyphen form"),), True),
    (
        "feat: x\n\nbreaking change: lower case is prose",
        "breaking change: lower case is prose",
        (),
        False,
    ),
    (
        "feat: x\n\nbreaking-change: lower case token",
        "",
        (("breaking-change", "lower case token"),),
        False,
    ),
    (
        "fix: x\n\nThis fixes the BREAKING CHANGE: introduced in 2.0, not a new one.",
        "This fixes the BREAKING CHANGE: introduced in 2.0, not a new one.",
        (),
        False,
    ),
    (
        "fix: x\n\nWe avoided a\nBREAKING CHANGE: here by keeping the alias.\nMore prose.\n\n"
        "Signed-off-by: Dev <dev@example.com>",
        "We avoided a\nBREAKING CHANGE: here by keeping the alias.\nMore prose.",
        (("Signed-off-by", "Dev <dev@example.com>"),),
        False,
    ),
    (
        "feat: x\n\nBody.\n\nBREAKING CHANGE: the API changed.\n\n"
        "Migrate by renaming foo to bar.\n\nRefs #7",
        "Body.",
        (
            ("BREAKING CHANGE", "the API changed.\n\nMigrate by renaming foo to bar."),
            ("Refs", "#7"),
        ),
        True,
    ),
    (
        "fix: x\n\nBody.\n\nReviewed-by: Z\n\nSigned-off-by: A <a@x>\nCo-authored-by: B <b@x>",
        "Body.",
        (("Reviewed-by", "Z"), ("Signed-off-by", "A <a@x>"), ("Co-authored-by", "B <b@x>")),
        False,
    ),
    (
        "fix: x\n\nNote: looks like a footer\n\nbut the body goes on.\n\nRefs: 3",
        "Note: looks like a footer\n\nbut the body goes on.",
        (("Refs", "3"),),
        False,
    ),
    (
        "fix: x\n\nBREAKING CHANGE: a value\nthat wraps\nover lines\nRefs: 4",
        "",
        (("BREAKING CHANGE", "a value\nthat wraps\nover lines"), ("Refs", "4")),
        True,
    ),
    (
        "fix: x\r\n\r\nBody line\r\n\r\nBREAKING CHANGE: crlf\r\n",
        "Body line",
        (("BREAKING CHANGE", "crlf"),),
        True,
    ),
    (
        "fix: x\n \n\t\nBody after blank-ish lines\n\n\n\nRefs: 9  ",
        "Body after blank-ish lines",
        (("Refs", "9"),),
        False,
    ),
    ("fix: x\nno blank line after header", "no blank line after header", (), False),
    (
        "fix: x\n\nSee https://example.com/a:b for details",
        "See https://example.com/a:b for details",
        (),
        False,
    ),
    ("fix: x\n\nRefs:\n", "Refs:", (), False),
    ("feat!: x\n\nBREAKING CHANGE: both", "", (("BREAKING CHANGE", "both"),), True),
]
BODY_IDS = [
    "body",
    "two-paragraphs",
    "refs-colon",
    "refs-hash",
    "two-hash-footers",
    "breaking-footer",
    "breaking-hyphen",
    "breaking-lower-prose",
    "breaking-lower-token",
    "breaking-in-prose",
    "breaking-line-start-mid-body",
    "breaking-multi-paragraph",
    "trailers-after-blank-lines",
    "footer-like-body-paragraph",
    "multi-line-value",
    "crlf",
    "whitespace-blank-lines",
    "no-blank-after-header",
    "url-in-body",
    "empty-footer-value",
    "bang-and-footer",
]


@pytest.mark.parametrize(("message", "body", "footers", "breaking"), BODIES, ids=BODY_IDS)
def test_body_and_footers(
    message: str, body: str, footers: tuple[tuple[str, str], ...], breaking: bool
) -> None:
    commit = parse_commit(message)
    assert commit is not None
    assert commit.body == body
    assert commit.footers == footers
    assert commit.breaking is breaking


def test_crlf_header_keeps_no_carriage_return() -> None:
    commit = parse_commit("feat(x): y\r\n")
    assert commit is not None
    assert commit.header == "feat(x): y"
    assert commit.description == "y"


def test_breaking_note_and_footer_lookup() -> None:
    commit = parse_commit("feat(api)!: drop v1\n\nRefs: #1\nrefs #2\nBREAKING-CHANGE: v1 gone")
    assert commit is not None
    assert commit.breaking_note == "v1 gone"
    assert commit.footer("REFS") == ["#1", "#2"]
    assert commit.footer("BREAKING CHANGE") == ["v1 gone"]
    bang_only = parse_commit("feat!: drop v1")
    assert bang_only is not None
    assert bang_only.breaking_note == "drop v1"
    plain = parse_commit("feat: x")
    assert plain is not None
    assert plain.breaking_note is None


def test_value_is_frozen_and_hashable() -> None:
    commit = parse_commit("fix: x\n\nRefs: 1")
    assert commit is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        commit.type = "feat"  # type: ignore[misc]
    assert commit == parse_commit("fix: x\n\nRefs: 1")
    assert hash(commit) == hash(parse_commit("fix: x\n\nRefs: 1"))


# commit messages, expected bump
BUMPS: list[tuple[list[str], str | None]] = [
    ([], None),
    (["chore: x", "docs: y", "Merge pull request #1 from a/b"], None),
    (["fix: x"], "patch"),
    (["perf: x", "docs: y"], "patch"),
    (["fix: x", "feat: y"], "minor"),
    (["FEAT: shouting"], "minor"),
    (["feat: y", "chore!: drop py39"], "major"),
    (["docs: x\n\nBREAKING CHANGE: the docs URL moved"], "major"),
    (["fix: x\n\nno BREAKING CHANGE: here, just prose in the middle"], "patch"),
    (["Update README", 'Revert "feat: x"'], None),
]
BUMP_IDS = [
    "nothing",
    "no-bumping-types",
    "fix",
    "perf",
    "feat-wins",
    "case-insensitive",
    "bang-on-chore",
    "breaking-footer-on-docs",
    "breaking-in-prose",
    "not-conventional",
]


@pytest.mark.parametrize(("messages", "expected"), BUMPS, ids=BUMP_IDS)
def test_infer_bump_default_map(messages: list[str], expected: str | None) -> None:
    assert infer_bump([parse_commit(m) for m in messages]) == expected
    assert infer_bump([parse_commit(m) for m in messages], DEFAULT_BUMP_MAP) == expected


@pytest.mark.parametrize(
    ("bump_map", "messages", "expected"),
    [
        ({"docs": "patch"}, ["docs: x"], "patch"),
        ({"feat": "none", "fix": "patch"}, ["feat: x"], None),
        ({"Deps": "minor"}, ["deps: x", "fix: y"], "minor"),
        ({"feat": "major"}, ["feat: x"], "major"),
        ({}, ["feat!: x"], "major"),
    ],
    ids=["docs-patch", "feat-none", "map-key-case", "feat-major", "breaking-without-map"],
)
def test_infer_bump_custom_map(
    bump_map: dict[str, BumpLevel], messages: list[str], expected: str | None
) -> None:
    commits = [parse_commit(m) for m in messages]
    assert infer_bump(commits, MappingProxyType(bump_map)) == expected


def test_infer_bump_takes_a_generator_and_stops_at_major() -> None:
    consumed: list[str] = []

    def messages() -> Any:
        for message in ["fix: a", "feat!: b", "feat: c"]:
            consumed.append(message)
            yield parse_commit(message)

    assert infer_bump(messages()) == "major"
    assert consumed == ["fix: a", "feat!: b"]


def test_to_message_round_trip_of_a_real_message() -> None:
    message = (
        "feat(api/v2.users)!: drop v1\n\nLong body\nwith lines.\n\n"
        "BREAKING CHANGE: v1 is gone.\n\nUse v2.\nRefs #12\nSigned-off-by: A <a@x>"
    )
    commit = parse_commit(message)
    assert commit is not None
    assert commit.to_message() == message
    assert parse_commit(commit.to_message()) == commit


@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    result = parse_commit(text)
    assert result is None or isinstance(result, ConventionalCommit)


@given(st.text(alphabet=st.sampled_from("feat(x)!: \n\r#BREAKING CHANGE-Refs"), max_size=80))
def test_never_raises_on_near_miss_text(text: str) -> None:
    result = parse_commit(text)
    if result is not None:
        assert result.description == result.description.strip()
        assert "\n" not in result.header
        assert "\r" not in result.header


_WORD = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)
_SCOPE = st.one_of(st.none(), st.from_regex(r"[a-z][a-z0-9./_-]{0,12}", fullmatch=True))
_TEXT = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 ,.()/'-]{0,40}[A-Za-z0-9.)]", fullmatch=True)
_FOOTER = st.tuples(
    st.one_of(st.sampled_from(["Refs", "Closes", "Signed-off-by", "Reviewed-by"]), _WORD),
    st.one_of(_TEXT, st.from_regex(r"#[0-9]{1,5}", fullmatch=True)),
)


@st.composite
def commits(draw: st.DrawFn) -> ConventionalCommit:
    footers = tuple(draw(st.lists(_FOOTER, max_size=3)))
    if draw(st.booleans()):
        footers += (("BREAKING CHANGE", draw(_TEXT)),)
    body_paragraphs = draw(st.lists(_TEXT, max_size=3))
    body = "\n\n".join(p for p in body_paragraphs if not _looks_like_footer(p))
    return ConventionalCommit(
        type=draw(_WORD),
        scope=draw(_SCOPE),
        breaking=draw(st.booleans()) or any(t == "BREAKING CHANGE" for t, _ in footers),
        description=draw(_TEXT),
        body=body,
        footers=footers,
    )


def _looks_like_footer(paragraph: str) -> bool:
    head = paragraph.split(" ", 1)[0]
    return head.endswith(":") or paragraph[len(head) : len(head) + 2] == " #"


@given(commits())
def test_round_trip(commit: ConventionalCommit) -> None:
    message = commit.to_message()
    parsed = parse_commit(message)
    assert parsed == commit
    assert parsed is not None
    assert parsed.to_message() == message
    # CRLF line endings parse to the same value.
    assert parse_commit(message.replace("\n", "\r\n")) == commit


@given(commits(), st.sampled_from(["chore", "docs", "fix", "feat"]))
def test_breaking_always_bumps_major(commit: ConventionalCommit, other: str) -> None:
    other_commit = parse_commit(f"{other}: something")
    level = infer_bump([other_commit, commit])
    assert (level == "major") is commit.breaking


@given(st.text())
def test_commit_kind_agrees_with_parse_commit(text: str) -> None:
    commit = parse_commit(text)
    expected = None if commit is None else (commit.type, commit.breaking)
    assert commit_kind(text) == expected


NEAR_MISS_BYTES = st.lists(
    st.sampled_from(
        [
            b"feat",
            b"Fix",
            b"(",
            b")",
            b"!",
            b":",
            b" ",
            b"\n",
            b"\r",
            b"x",
            b"\xc3\xbc",
            b"\xff",
            b"\xc2\xa0",
            b"BREAKING CHANGE: ",
            b"BREAKING-CHANGE",
            b"#1",
            b"\t",
        ]
    ),
    max_size=16,
).map(b"".join)


@given(st.one_of(st.binary(), NEAR_MISS_BYTES))
def test_commit_kind_bytes_agrees_with_decoded(raw: bytes) -> None:
    assert commit_kind_bytes(raw) == commit_kind(raw.decode("utf-8", "replace"))


@pytest.mark.parametrize(
    "raw",
    [
        b"feat: \xc2\xa0",
        b"feat(\xff): x",
        b"\nfeat: x",
        b"fix: x\r\n",
        b"fix\r: x",
        b"feat: x\n\nBREAKING CHANGE: y",
        b"feat: x\n\nprose BREAKING CHANGE: y",
    ],
    ids=[
        "nbsp-description",
        "bad-utf8-scope",
        "leading-newline",
        "crlf",
        "cr-in-type",
        "breaking",
        "breaking-prose",
    ],
)
def test_commit_kind_bytes_edge_cases(raw: bytes) -> None:
    assert commit_kind_bytes(raw) == commit_kind(raw.decode("utf-8", "replace"))
