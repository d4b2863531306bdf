"""Entries merged into ``[Unreleased]``, keeping every line already there, in the file's style.

Pure, like the model it works on. An entry is already present when the same text (case,
spacing and links aside) or the same ``(#123)`` reference, linked or not, is in
``[Unreleased]``, so merging twice changes nothing: a last guard against duplicates, under the
commit-aware collection of :mod:`releasekit.changelog.collected`. Each new entry goes under
its ``### Type`` heading: at the end of an existing one, or under a new heading placed in Keep
a Changelog order. A missing ``[Unreleased]``
section is created above the first version section. New lines follow the file's bullet
character and blank-line habits (:class:`~releasekit.changelog.style.FileStyle`).

>>> from releasekit.changelog.model import Changelog
>>> log = Changelog.parse("## [Unreleased]\\n\\n### Fixed\\n\\n- a crash\\n")
>>> entries = [Entry("Added", "dark mode"), Entry("Fixed", "A crash.")]
>>> new, added = merge_entries_counted(log, entries)
>>> print(new, end="")
## [Unreleased]
<BLANKLINE>
### Added
<BLANKLINE>
- dark mode
<BLANKLINE>
### Fixed
<BLANKLINE>
- a crash
>>> added
1
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from releasekit.changelog.blocks import (
    H3,
    KEEP_A_CHANGELOG_TYPES,
    Entry,
    Section,
    is_marker_line,
    line_content,
    line_ending,
    line_kinds,
)
from releasekit.changelog.style import FileStyle

if TYPE_CHECKING:
    from releasekit.changelog.model import Changelog

__all__ = ["BULLET", "merge_blocks", "merge_entries", "merge_entries_counted"]

#: A list item's first line (up to three spaces of indentation), its text in ``text``.
BULLET = re.compile(r" {0,3}[-*+][ \t]+(?P<text>.*)\Z")  # greedy: see blocks.H2
_BULLET = BULLET
# "(#12)" as a commit writes it, or "([#12](…/pull/12))" once linked.
_REFERENCE = re.compile(r"[(\[](?P<ref>[#!]\d+)[)\]]")
_LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\([^()\s]*\)")
_SPACES = re.compile(r"\s+")
_ORDER = {name.casefold(): index for index, name in enumerate(KEEP_A_CHANGELOG_TYPES)}


def normalize_entry(text: str) -> str:
    """What makes two entry texts the same: links reduced to their text, case, spacing and
    a final full stop aside.

    >>> normalize_entry("  Fix  the Crash. ") == normalize_entry("fix the crash")
    True
    >>> normalize_entry("Fix ([#12](https://x/pull/12))") == normalize_entry("fix (#12)")
    True
    """
    if "](" in text:
        text = _LINK.sub(lambda match: match.group("text"), text)
    return _SPACES.sub(" ", text).strip().rstrip(".").casefold()


def _references(text: str) -> list[str]:
    return [match.group("ref") for match in _REFERENCE.finditer(text)]


def merge_entries(log: Changelog, entries: Iterable[Entry]) -> Changelog:
    """``log`` with ``entries`` added to ``[Unreleased]`` (see the module rules)."""
    return merge_entries_counted(log, entries)[0]


def merge_entries_counted(
    log: Changelog, entries: Iterable[Entry], *, style: FileStyle | None = None
) -> tuple[Changelog, int]:
    """Like :func:`merge_entries`, also returning how many entries were actually added.

    ``style`` defaults to the file's own (:meth:`FileStyle.of <FileStyle.of>`).
    """
    entries = list(entries)
    log.check("add entries to [Unreleased]")
    nl = log.newline
    style = style or FileStyle.of(log)
    grouped = _new_bullets(log.unreleased, entries, nl, style)
    added = sum(map(len, grouped.values()))
    if not added:
        return log, 0
    log = _with_unreleased(log, nl, style)
    unreleased = log.unreleased
    assert unreleased is not None  # _with_unreleased made sure
    body = list(unreleased.body)
    for type_ in sorted(grouped, key=_rank):
        _add_under_heading(body, type_, grouped[type_], nl, style)
    return log.replace_section(unreleased, _finish(log, unreleased, body, nl, style)), added


def merge_blocks(log: Changelog, blocks: Iterable[tuple[str | None, list[str]]]) -> Changelog:
    """``log`` with written entries added to ``[Unreleased]``: each block is ``(### type,
    lines)``, a list item with its continuation lines kept as written, or ``(None, lines)``
    for prose, which goes above the first ``###`` heading. A block whose first line is already
    there (as :func:`merge_entries` judges it) is not added again."""
    nl = log.newline
    style = FileStyle.of(log)
    log = _with_unreleased(log, nl, style)
    unreleased = log.unreleased
    assert unreleased is not None  # _with_unreleased made sure
    texts, references = _present(unreleased)
    prose = {normalize_entry(line_content(line)) for line in unreleased.body if line.strip()}
    body = list(unreleased.body)
    grouped: dict[str, list[str]] = {}
    top: list[str] = []
    for type_, lines in blocks:
        first = line_content(lines[0])
        bullet = _BULLET.match(first)
        # The whole item's text: a wrapped entry is the same entry as its one-line form.
        rest = " ".join(line_content(line).strip() for line in lines[1:])
        key = normalize_entry(f"{bullet.group('text') if bullet else first} {rest}")
        refs = _references(first)
        if key in texts or key in prose or (refs and all(ref in references for ref in refs)):
            continue
        texts.add(key)
        lines = [line if line_ending(line) else line + nl for line in lines]
        if type_ is None or not bullet:
            top += lines
        else:
            grouped.setdefault(type_, []).extend(lines)
    if not grouped and not top:
        return log
    for type_ in sorted(grouped, key=_rank):
        _add_under_heading(body, type_, grouped[type_], nl, style)
    if top:
        at = next((i for i, line in enumerate(body) if line.strip()), len(body))
        _insert(body, at, [*top, nl] if at < len(body) else top, nl, style.blank_between)
    return log.replace_section(unreleased, _finish(log, unreleased, body, nl, style))


def _rank(type_: str) -> int:
    return _ORDER.get(type_.casefold(), len(_ORDER))


def _new_bullets(
    unreleased: Section | None, entries: Sequence[Entry], nl: str, style: FileStyle
) -> dict[str, list[str]]:
    """The bullet lines to add, by type: entries not already present, each once."""
    texts, references = _present(unreleased) if unreleased is not None else (set(), set())
    grouped: dict[str, list[str]] = {}
    for entry in entries:
        key = normalize_entry(entry.text)
        refs = _references(entry.text)
        if key in texts or (refs and all(ref in references for ref in refs)):
            continue
        texts.add(key)
        grouped.setdefault(entry.type, []).append(style.bullet_line(entry.text, nl))
    return grouped


def _present(section: Section) -> tuple[set[str], set[str]]:
    """The normalized bullet texts and the ``(#123)`` references already in ``section``."""
    texts: set[str] = set()
    references: set[str] = set()
    for line in section.body:
        content = line_content(line)
        bullet = _BULLET.match(content)
        if bullet:
            texts.add(normalize_entry(bullet.group("text").rstrip(" \t")))
        references.update(_references(content))
    return texts, references


def _with_unreleased(log: Changelog, nl: str, style: FileStyle) -> Changelog:
    """``log`` itself when it has ``[Unreleased]``, else with one above the first version."""
    if log.unreleased is not None:
        return log
    lines = log.lines()
    at = log.sections[0].line - 1 if log.sections else len(lines)
    gap = [nl] if style.blank_between and at < len(lines) else []
    block = ["## [Unreleased]" + nl, *gap]
    if at > 0 and not line_ending(lines[at - 1]):
        lines[at - 1] += nl
    if at > 0 and lines[at - 1].strip():
        block.insert(0, nl)
    lines[at:at] = block
    return type(log).parse("".join(lines), source=log.source)


def _subsections(body: Sequence[str]) -> list[tuple[int, str]]:
    """``(index, heading text)`` of the ``###`` headings in ``body`` (not in code or comments)."""
    found = []
    for index, (line, kind) in enumerate(zip(body, line_kinds(body), strict=True)):
        heading = H3.match(line_content(line)) if kind == "text" else None
        if heading:
            found.append((index, heading.group("text").rstrip(" \t#")))
    return found


def _add_under_heading(
    body: list[str], type_: str, bullets: list[str], nl: str, style: FileStyle
) -> None:
    """Put ``bullets`` at the end of the ``### type_`` subsection, creating it if needed."""
    after = [nl] if style.blank_after_heading else []
    gap = [nl] if style.blank_between else []
    separate = style.blank_between
    headings = _subsections(body)
    match = next(
        (i for i, (_, text) in enumerate(headings) if text.casefold() == type_.casefold()), None
    )
    if match is not None:
        start = headings[match][0]
        stop = headings[match + 1][0] if match + 1 < len(headings) else len(body)
        last = _last_filled(body, start + 1, stop)
        if last is None:
            _insert(body, start + 1, [*after, *bullets], nl, separate)
        else:
            _insert(body, last + 1, bullets, nl, separate)
        return
    block = [f"### {type_}{nl}", *after, *bullets]
    later = next(
        (index for index, text in headings if _ORDER.get(text.casefold(), -1) > _rank(type_)), None
    )
    if later is not None:
        _insert(body, later, [*block, *gap], nl, separate)
        return
    last = _last_filled(body, 0, len(body))
    if last is None:
        # Right under the [Unreleased] heading (below the collection marker, if any).
        at = 1 if body and is_marker_line(body[0]) else 0
        _insert(body, at, [*after, *block], nl, separate)
    else:
        _insert(body, last + 1, [*gap, *block], nl, separate)


def _last_filled(body: Sequence[str], start: int, stop: int) -> int | None:
    """The index of the last non-blank line in ``body[start:stop]``."""
    for index in range(stop - 1, start - 1, -1):
        if body[index].strip() and not is_marker_line(body[index]):
            return index
    return None


def _insert(body: list[str], at: int, new: list[str], nl: str, separate: bool) -> None:
    """Insert ``new`` at ``at``, ending the line before and (``separate``) keeping a blank
    line after."""
    if at > 0 and not line_ending(body[at - 1]):
        body[at - 1] += nl
    if separate and at < len(body) and body[at].strip() and new and new[-1].strip():
        new = [*new, nl]
    body[at:at] = new


def _finish(
    log: Changelog, unreleased: Section, body: list[str], nl: str, style: FileStyle
) -> list[str]:
    """The section's lines: a blank line before the next section (when the file has them),
    the file's last newline."""
    heading = unreleased.heading
    if not line_ending(heading):
        heading += nl
    is_last = unreleased is log.sections[-1] and not log.links
    if not is_last and body and body[-1].strip() and style.blank_between:
        body.append(nl)
    if not is_last and body and not line_ending(body[-1]):
        body[-1] += nl
    if is_last and body and not line_ending(body[-1]) and str(log).endswith(("\n", "\r")):
        body[-1] += nl
    return [heading, *body]
