"""Folding candidates into their final: the sections of ``1.3.0rc1``, ``1.3.0rc2``… become
part of ``1.3.0`` when it is released.

Pure, like the model. Before ``[Unreleased]`` is promoted to a final version, the candidate
sections above the last final one are read entry by entry and merged into ``[Unreleased]``
by change type (``### Added``…), each entry once (the same text, case and spacing aside, or
the same ``(#123)`` reference, is not added twice), with hand-written prose kept; the
candidate sections and their link definitions then go, so the final's compare link starts at
the previous final. ``fold-prereleases = false`` keeps them apart.

>>> from releasekit.changelog.model import Changelog
>>> log = Changelog.parse(
...     "## [Unreleased]\\n\\n### Fixed\\n\\n- b\\n\\n"
...     "## [1.3.0rc1] - 2025-03-01\\n\\n### Added\\n\\n- a\\n\\n### Fixed\\n\\n- b\\n\\n"
...     "## [1.2.3] - 2025-01-01\\n\\n- old\\n"
... )
>>> print(fold_candidates(log, "1.3.0"), end="")
## [Unreleased]
<BLANKLINE>
### Added
<BLANKLINE>
- a
<BLANKLINE>
### Fixed
<BLANKLINE>
- b
<BLANKLINE>
## [1.2.3] - 2025-01-01
<BLANKLINE>
- old
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from releasekit.changelog.blocks import COMPARE, H3, LINK_DEF, Section, line_content, line_kinds
from releasekit.changelog.merge import BULLET, merge_blocks

if TYPE_CHECKING:
    from releasekit.changelog.model import Changelog

__all__ = ["candidate_sections", "fold_candidates"]


def candidate_sections(log: Changelog, version: str) -> list[Section]:
    """The candidate sections (``1.3.0rc1``, ``1.3.0b2``, ``1.3.0.dev1``) between
    ``[Unreleased]`` and the last final section that sort below ``version``; none when
    ``version`` is itself a candidate."""
    from releasekit.version.pep440 import Pep440

    if not Pep440.is_valid(version) or Pep440.parse(version).is_prerelease:
        return []
    final = Pep440.parse(version)
    found = []
    for section in log.releases:
        text = section.version or ""
        if not Pep440.is_valid(text):
            break
        candidate = Pep440.parse(text)
        if candidate.is_final or candidate >= final:
            break
        found.append(section)
    return found


def fold_candidates(log: Changelog, version: str) -> Changelog:
    """``log`` with the candidates of ``version`` merged into ``[Unreleased]`` (see above)."""
    candidates = candidate_sections(log, version)
    if not candidates or log.unreleased is None:
        return log
    blocks: list[tuple[str | None, list[str]]] = []
    for section in candidates:  # newest first: its wording of an entry wins
        blocks += _blocks(section.body)
    log = merge_blocks(log, blocks)
    labels = {(s.label or "").casefold() for s in candidates}
    lines = log.lines()
    definitions = {}
    for line in lines:
        match = LINK_DEF.match(line_content(line))
        if match:
            definitions[match["label"].casefold()] = match["url"]
    # The final compares from where its oldest candidate did (v1.2.3...), not from a candidate.
    urls = [s.url or definitions.get((s.label or "").casefold(), "") for s in candidates]
    olds = [m["old"] for url in reversed(urls) if (m := COMPARE.match(url))]
    unreleased = definitions.get("unreleased") or (log.unreleased.url if log.unreleased else None)
    newest = COMPARE.match(unreleased or "")
    if olds and newest:
        fixed = f"{newest['prefix']}{olds[0]}{newest['dots']}{newest['new']}"
        lines = [line.replace(unreleased, fixed) if unreleased else line for line in lines]
    drop: set[int] = set()
    for section in candidate_sections(log, version):
        start = section.line - 1
        drop.update(range(start, start + 1 + len(section.body)))
    for index, line in enumerate(lines):
        match = LINK_DEF.match(line_content(line))
        if match and match["label"].casefold() in labels:
            drop.add(index)
    kept = "".join(line for index, line in enumerate(lines) if index not in drop)
    return type(log).parse(kept, source=log.source)


def _blocks(body: Sequence[str]) -> list[tuple[str | None, list[str]]]:
    """The entries of a section's body: ``(### type or None, the bullet's lines)``; prose
    lines outside any list come as one-line blocks."""
    blocks: list[tuple[str | None, list[str]]] = []
    type_: str | None = None
    current: list[str] | None = None
    blank: list[str] = []
    for line, kind in zip(body, line_kinds(body), strict=True):
        content = line_content(line)
        heading = H3.match(content) if kind == "text" else None
        if heading:
            type_, current, blank = heading.group("text").strip(), None, []
        elif not content.strip():
            blank.append(line)
        elif kind == "text" and BULLET.match(content):
            current, blank = [line], []
            blocks.append((type_, current))
        elif current is not None and (content[:1] in (" ", "\t") or kind != "text"):
            current += [*blank, line]
            blank = []
        elif not LINK_DEF.match(content):
            current, blank = None, []
            blocks.append((type_, [line]))
    return blocks
