"""Conventional Commits 1.0.0: parse commit messages and infer the version bump they ask for.

Pure: no git, no files. :func:`parse_commit` takes the whole message (header, body, footers)
and returns a frozen :class:`ConventionalCommit`, or ``None`` for a message that is not a
conventional commit (a merge commit, a git-style ``Revert "..."``, free text). It never raises,
whatever the text: a history of 100k commits from a real project goes through it.

>>> commit = parse_commit("feat(api/v2.users)!: drop the v1 endpoints\\n\\nRefs #12")
>>> commit.type, commit.scope, commit.breaking, commit.description
('feat', 'api/v2.users', True, 'drop the v1 endpoints')
>>> commit.footers
(('Refs', '#12'),)
>>> infer_bump([commit, parse_commit("fix: typo")])
'major'
>>> parse_commit("Merge pull request #12 from octo/feature") is None
True

Rules beyond the specification, chosen for real histories:

- Only a footer in the footer block (the trailing paragraphs whose first line is a
  ``Token: value`` / ``Token #value`` line) counts. ``BREAKING CHANGE`` mentioned in the prose
  of the body does not make a commit breaking.
- A ``BREAKING CHANGE`` footer's value runs on over blank lines until the next footer token,
  so a multi-paragraph migration note stays one footer.
- Types are compared case-insensitively (``Feat:`` is ``feat``); the raw header is kept in
  :attr:`ConventionalCommit.header` for the changelog.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from releasekit.commits.defaults import DEFAULT_BUMP_MAP, BumpLevel
from releasekit.errors import UsageError

__all__ = [
    "BREAKING_HINT",
    "BREAKING_PREFIX",
    "BREAKING_TOKENS",
    "PLAIN_HEADER",
    "Bump",
    "ConventionalCommit",
    "commit_kind",
    "commit_kind_bytes",
    "infer_bump",
    "parse_commit",
]

Bump = Literal["major", "minor", "patch"]

#: Footer tokens that mark a breaking change (upper case only, as the specification says).
BREAKING_TOKENS: frozenset[str] = frozenset({"BREAKING CHANGE", "BREAKING-CHANGE"})

# The one header grammar: type, optional (scope), optional !, ": ", description. The type is
# a word (letters, digits, "-", "_") starting with a letter, so `Merge pull request #1`,
# `Revert "feat: x"`, `fixup! feat: x` and `[JIRA-1] feat: x` never match.
_TYPE = r"[A-Za-z][A-Za-z0-9_-]*"
_HEADER = re.compile(
    rf"(?P<type>{_TYPE})"
    r"(?:\((?P<scope>[^()\n]*)\))?"
    r"(?P<bang>!)?"
    r": +(?P<description>\S.*)"
)
#: The same grammar on raw UTF-8 bytes, for the usual, ASCII-edged header: groups type,
#: scope (printable ASCII), "!", description (starting and, once stripped, ending with a
#: printable ASCII character is checked by the callers), then the end of the first line. A
#: match implies :func:`parse_commit` finds the same type, scope, "!" and description; any
#: other header is decoded and parsed, so the fast paths always agree with it.
PLAIN_HEADER = re.compile(
    rf"({_TYPE})(?:\(([ -'*-~]*)\))?(!)?: +([!-~][^\n\r]*)(?:\r?\n|\Z)".encode("ascii")
)
# A footer line: a word token (or BREAKING CHANGE), then ": " or " #".
_FOOTER = re.compile(
    r"(?P<token>BREAKING CHANGE|[A-Za-z0-9][A-Za-z0-9_-]*)(?P<sep>: +| #)(?P<value>\S.*)"
)
_FOOTER_LINES = re.compile(
    r"^(?P<token>BREAKING CHANGE|[A-Za-z0-9][A-Za-z0-9_-]*)(?P<sep>: +| #)(?=\S)", re.MULTILINE
)
#: Text every breaking footer contains (on bytes); a message without it cannot be breaking
#: except by "!", so the body of most messages is never split.
BREAKING_HINT = re.compile(rb"BREAKING[ -]CHANGE(?:: | #)")
#: What every match of :data:`BREAKING_HINT` starts with.
BREAKING_PREFIX = b"BREAKING"
_BREAKING_HINT = re.compile(BREAKING_HINT.pattern.decode("ascii"))
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
LEVELS: dict[str, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}
BUMPS: tuple[Bump | None, ...] = (None, "patch", "minor", "major")


@dataclass(frozen=True, slots=True)
class ConventionalCommit:
    """One parsed conventional commit.

    ``type`` is lower-cased; ``scope`` is ``None`` when absent or empty; ``body`` is ``""``
    when absent; ``footers`` are ``(token, value)`` pairs in message order, with a
    ``Token #value`` footer's value kept with its ``#`` (``("Refs", "#12")``) and a multi-line
    value joined with newlines. ``breaking`` is true for ``!`` or a ``BREAKING CHANGE`` /
    ``BREAKING-CHANGE`` footer. ``header`` is the first line exactly as written.

    >>> c = ConventionalCommit("fix", None, False, "typo")
    >>> c.to_message()
    'fix: typo'
    >>> parse_commit(c.to_message()) == c
    True
    """

    type: str
    scope: str | None
    breaking: bool
    description: str
    body: str = ""
    footers: tuple[tuple[str, str], ...] = ()
    header: str = ""

    def __post_init__(self) -> None:
        if not self.header:
            object.__setattr__(self, "header", self._format_header())

    def _format_header(self) -> str:
        scope = f"({self.scope})" if self.scope else ""
        bang = "!" if self.breaking and not self.breaking_footer else ""
        return f"{self.type}{scope}{bang}: {self.description}"

    @property
    def breaking_footer(self) -> str | None:
        """The value of the first ``BREAKING CHANGE`` footer, or ``None``."""
        for token, value in self.footers:
            if token in BREAKING_TOKENS:
                return value
        return None

    @property
    def breaking_note(self) -> str | None:
        """What breaks: the breaking footer's text, else the description when ``!`` is used.

        >>> parse_commit("feat!: drop Python 3.9").breaking_note
        'drop Python 3.9'
        """
        if not self.breaking:
            return None
        return self.breaking_footer or self.description

    def footer(self, token: str) -> list[str]:
        """Values of the footers named ``token`` (case-insensitive, except BREAKING CHANGE).

        >>> parse_commit("fix: x\\n\\nRefs: #1\\nrefs #2").footer("Refs")
        ['#1', '#2']
        """
        if token in BREAKING_TOKENS:
            return [v for t, v in self.footers if t in BREAKING_TOKENS]
        wanted = token.lower()
        return [v for t, v in self.footers if t.lower() == wanted]

    def to_message(self) -> str:
        """The commit message this value stands for (header, body, footers).

        >>> ConventionalCommit("feat", "cli", True, "x", footers=(("Refs", "#3"),)).to_message()
        'feat(cli)!: x\\n\\nRefs #3'
        """
        parts = [self.header]
        if self.body:
            parts.append(self.body)
        if self.footers:
            parts.append("\n".join(_format_footer(t, v) for t, v in self.footers))
        return "\n\n".join(parts)


def _format_footer(token: str, value: str) -> str:
    if value.startswith("#") and token not in BREAKING_TOKENS:
        return f"{token} {value}"
    return f"{token}: {value}"


def _match_header(message: str) -> tuple[re.Match[str], str, int] | None:
    """The header match, the message with LF line endings, and the end of the header."""
    if "\r" in message:
        message = message.replace("\r\n", "\n").replace("\r", "\n")
    if message.startswith("\n"):
        message = message.lstrip("\n")
    newline = message.find("\n")
    header = (message if newline < 0 else message[:newline]).rstrip()
    match = _HEADER.fullmatch(header)
    if match is None:
        return None
    return match, message, newline


def commit_kind(message: str) -> tuple[str, bool] | None:
    """The lower-cased type and whether it is breaking; ``None`` when not conventional.

    The same answer as :func:`parse_commit` gives (``(c.type, c.breaking)``) at a fraction of
    the cost: the body is only looked at when it contains ``BREAKING``. This is what bump
    inference over a long history uses.

    >>> commit_kind("Feat(api)!: x"), commit_kind("fix: y\\n\\nBREAKING CHANGE: z")
    (('feat', True), ('fix', True))
    >>> commit_kind("Merge branch 'main'") is None
    True
    """
    parsed = _match_header(message)
    if parsed is None:
        return None
    match, message, newline = parsed
    type_ = match.group("type").lower()
    if match.group("bang") is not None:
        return type_, True
    if newline < 0 or _BREAKING_HINT.search(message, newline) is None:
        return type_, False
    _, footers = _split_body(message[newline + 1 :])
    return type_, any(token in BREAKING_TOKENS for token, _ in footers)


def commit_kind_bytes(message: bytes) -> tuple[str, bool] | None:
    """:func:`commit_kind` of a UTF-8 message as git prints it, without decoding it first.

    The common header (ASCII type, ``": "``, an ASCII description start) is matched on the
    bytes; anything else is decoded (invalid UTF-8 replaced) and given to
    :func:`commit_kind`, so the answer is always the same as
    ``commit_kind(message.decode("utf-8", "replace"))``.

    >>> commit_kind_bytes(b"fix(core): x\\n\\nRefs #1\\n")
    ('fix', False)
    """
    match = PLAIN_HEADER.match(message)
    if match is None or (b"BREAKING" in message and BREAKING_HINT.search(message)):
        return commit_kind(message.decode("utf-8", "replace"))
    return match.group(1).lower().decode("ascii"), match.group(3) is not None


def parse_commit(message: str) -> ConventionalCommit | None:
    """Parse a whole commit message; ``None`` when it is not a conventional commit.

    Never raises: any text (CRLF line endings, control characters, an empty message, a
    merge commit) gives either a commit or ``None``.

    >>> parse_commit("fix(parser.py): handle CRLF\\r\\n\\r\\nBREAKING CHANGE: stricter").breaking
    True
    >>> parse_commit('Revert "feat: x"') is None
    True
    """
    if not isinstance(message, str):
        raise UsageError(f"message={message!r}: expected the commit message as a str")
    parsed = _match_header(message)
    if parsed is None:
        return None
    match, message, newline = parsed
    header = match.group(0)
    type_, scope, bang, description = match.group("type", "scope", "bang", "description")
    scope = scope.strip() if scope else None
    body = ""
    footers: tuple[tuple[str, str], ...] = ()
    if newline >= 0:
        body, footers = _split_body(message[newline + 1 :])
    breaking = bang is not None
    if footers and not breaking:
        breaking = any(token in BREAKING_TOKENS for token, _ in footers)
    return ConventionalCommit(
        type=type_.lower(),
        scope=scope or None,
        breaking=breaking,
        description=description.rstrip(),
        body=body,
        footers=footers,
        header=header,
    )


def _split_body(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Split what follows the header into the body and the footers.

    Only the trailing paragraphs that start with a footer line are read line by line, so the
    prose of a long body costs one split, not a regex per line.
    """
    text = text.strip()
    if not text:
        return "", ()
    paragraphs = _BLANK_LINES.split(text) if "\n" in text else [text]
    count = len(paragraphs)
    if "BREAKING" not in text:
        # No value can run on over a blank line: the block is the trailing footer paragraphs.
        block = count
        while block > 0 and _FOOTER.match(paragraphs[block - 1]) is not None:
            block -= 1
    else:
        block = _footer_block_start(paragraphs)
    if block == count:
        return text, ()
    body = "\n\n".join(paragraphs[:block])
    return body, _parse_footers("\n\n".join(paragraphs[block:]))


def _footer_block_start(paragraphs: list[str]) -> int:
    """Index of the first paragraph of the footer block (``len`` when there is none).

    The block is the longest run of trailing paragraphs that starts with a footer line and in
    which every paragraph starts with a footer line, except that a paragraph following a
    breaking-change footer continues that footer's value.
    """
    open_breaking = False
    barrier = -1  # the last paragraph that cannot be inside the footer block
    starts: list[bool] = []
    for index, paragraph in enumerate(paragraphs):
        first = _FOOTER.match(paragraph)
        starts.append(first is not None)
        if first is None and not open_breaking:
            barrier = index
            continue
        last = first
        for last in _FOOTER_LINES.finditer(paragraph):  # noqa: B007 - the last one is wanted
            pass
        if last is not None:
            open_breaking = last.group("token") in BREAKING_TOKENS
    for index in range(barrier + 1, len(paragraphs)):
        if starts[index]:
            return index
    return len(paragraphs)


def _parse_footers(block: str) -> tuple[tuple[str, str], ...]:
    """Footers of the footer block (which starts with a footer line): each value runs on,
    over lines and blank lines, until the next footer token."""
    matches = list(_FOOTER_LINES.finditer(block))
    footers: list[tuple[str, str]] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(block)
        value = block[match.end("sep") : end].rstrip()
        footers.append((match.group("token"), "#" + value if match.group("sep") == " #" else value))
    return tuple(footers)


def infer_bump(
    commits: Iterable[ConventionalCommit | None],
    bump_map: Mapping[str, BumpLevel] = DEFAULT_BUMP_MAP,
) -> Bump | None:
    """The bump the commits ask for: ``"major"`` for any breaking change, else the highest
    level of their types in ``bump_map`` (compared case-insensitively); ``None`` when none bumps.

    ``None`` items (messages that are not conventional commits) are skipped, so the result of
    :func:`parse_commit` can be passed straight in.

    >>> infer_bump([parse_commit("docs: x"), None, parse_commit("perf: faster")])
    'patch'
    >>> infer_bump([parse_commit("chore: x")]) is None
    True
    """
    levels = {str(type_).lower(): LEVELS.get(level, 0) for type_, level in bump_map.items()}
    highest = 0
    for commit in commits:
        if commit is None:
            continue
        if commit.breaking:
            return "major"
        level = levels.get(commit.type, 0)
        if level > highest:
            highest = level
    return BUMPS[highest]
