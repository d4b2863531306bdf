"""Folding the sections of candidates into their final's."""

from __future__ import annotations

import datetime as dt

import pytest

from releasekit.changelog.fold import candidate_sections, fold_candidates
from releasekit.changelog.model import Changelog

LOG = """\
# Changelog

## [Unreleased]

### Fixed

- A crash on start (#12).

## [1.3.0rc2] - 2025-03-02

Second candidate: thanks for testing.

### Added

- Dark mode,
  with a toggle.
- A `--quiet` flag.

### Fixed

- a crash on start (#12)

## [1.3.0rc1] - 2025-03-01

### Added

- Dark mode, with a toggle.
- Export to CSV.

## [1.2.3] - 2025-01-01

- Old.

[Unreleased]: https://github.com/o/r/compare/v1.3.0rc2...HEAD
[1.3.0rc2]: https://github.com/o/r/compare/v1.3.0rc1...v1.3.0rc2
[1.3.0rc1]: https://github.com/o/r/compare/v1.2.3...v1.3.0rc1
[1.2.3]: https://github.com/o/r/releases/tag/v1.2.3
"""


def test_candidates_fold_into_the_final_by_type_each_entry_once() -> None:
    log = Changelog.parse(LOG)
    folded = fold_candidates(log, "1.3.0").promote("1.3.0", dt.date(2025, 3, 9))
    notes = folded.notes("1.3.0")
    assert notes.count("Dark mode") == 1  # rc2's wording, with its continuation line
    assert "  with a toggle." in notes
    assert "- A `--quiet` flag." in notes
    assert "- Export to CSV." in notes
    assert notes.count("(#12)") == 1
    assert "Second candidate: thanks for testing." in notes  # hand-written prose kept
    assert notes.index("### Added") < notes.index("### Fixed")
    assert folded.versions() == ["1.3.0", "1.2.3"]
    text = str(folded)
    assert "[1.3.0rc1]:" not in text
    assert "[1.3.0rc2]:" not in text
    assert "[1.3.0]: https://github.com/o/r/compare/v1.2.3...v1.3.0" in text


@pytest.mark.parametrize(
    ("version", "folded"),
    [("1.3.0", ["1.3.0rc2", "1.3.0rc1"]), ("1.3.0rc3", []), ("1.3.0.dev1", []), ("x", [])],
)
def test_only_a_final_takes_in_candidates(version: str, folded: list[str]) -> None:
    sections = candidate_sections(Changelog.parse(LOG), version)
    assert [s.version for s in sections] == folded


def test_nothing_to_fold_leaves_the_file_as_it_is() -> None:
    text = "## [Unreleased]\n\n- a\n\n## [1.2.3] - 2025-01-01\n\n- b\n"
    log = Changelog.parse(text)
    assert str(fold_candidates(log, "1.3.0")) == text
