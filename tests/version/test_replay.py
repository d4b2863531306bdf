"""Replay of real release histories: each candidate -> final sequence, recomputed.

tests/data/releases/ holds the release tags of real projects that ship candidates (see the
README there). For every final release that had candidates, each version of the sequence is
recomputed from the one before it with releasekit's parts, and compared (PEP 440 equality)
with what the project released:

- the first candidate from the last final released before it: ``pre --label L`` of the level
  the commits would have called for (the lowest level that gives it);
- each next candidate from the previous one: ``pre --label L``;
- the final from the last candidate: ``final``.

Development tags (``1.22.0.dev0``, set on the main branch when a cycle starts) are not
releases: they are not part of a sequence, and ``final`` of each gives a release the project
made.

A step that does not match must be a gap in the project's own tags (rc1 -> rc3: rc2 was never
tagged): releasekit's version is lower, was never released, and more of the same bumps reach
the project's. The score is printed (``pytest -s``) and kept in the README.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from releasekit.errors import ReleasekitError
from releasekit.version.pep440 import Pep440

DATA = Path(__file__).resolve().parents[1] / "data" / "releases"
PROJECTS = sorted(path.stem for path in DATA.glob("*.txt"))
LEVELS = ("patch", "minor", "major")


@dataclass(frozen=True)
class Release:
    date: dt.date
    tag: str
    version: Pep440
    branch: str


@dataclass(frozen=True)
class Step:
    before: Pep440
    part: str
    label: str | None
    expected: Pep440
    got: Pep440 | None


def load(project: str) -> list[Release]:
    releases = []
    for line in (DATA / f"{project}.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        date, tag, _, branch = line.split()
        version = Pep440.parse(tag.removeprefix("v"))
        releases.append(Release(dt.date.fromisoformat(date), tag, version, branch))
    return releases


def _bump(version: Pep440, part: str, label: str | None, of: str = "patch") -> Pep440 | None:
    try:
        return version.bump(part, label=label, of=of)
    except ReleasekitError:
        return None


def _label(version: Pep440) -> str:
    assert version.pre is not None
    return version.pre[0]


def _first_step(previous: Pep440, first: Pep440) -> Step:
    results = [_bump(previous, "pre", _label(first), of) for of in LEVELS]
    got = next((r for r in results if r == first), results[0])
    return Step(previous, "pre", _label(first), first, got)


def sequences(releases: list[Release]) -> list[list[Release]]:
    """Each final that had candidates, its candidates first (in the order they were tagged)."""
    found = []
    for final in releases:
        version = final.version
        if version.is_prerelease or version.post is not None:
            continue
        cycle = [
            r
            for r in releases
            if r.version.pre is not None
            and r.version.dev is None
            and r.version.post is None
            and r.version.release == version.release
            and r.version.epoch == version.epoch
            and r.date <= final.date
        ]
        if cycle:
            cycle.sort(key=lambda r: (r.date, r.version))
            found.append([*cycle, final])
    return found


def replay(releases: list[Release], sequence: list[Release]) -> list[Step]:
    first = sequence[0]
    steps = []
    earlier = [
        r.version
        for r in releases
        if r.date <= first.date and r.version.is_final and r.version < first.version
    ]
    if earlier:
        steps.append(_first_step(max(earlier), first.version))
    for before, after in itertools.pairwise(sequence[:-1]):
        label = _label(after.version)
        got = _bump(before.version, "pre", label)
        steps.append(Step(before.version, "pre", label, after.version, got))
    last, final = sequence[-2].version, sequence[-1].version
    steps.append(Step(last, "final", None, final, _bump(last, "final", None)))
    return steps


def is_a_gap(step: Step, released: set[Pep440]) -> bool:
    """The project skipped a version: releasekit's is lower, never released, and leads there."""
    got = step.got
    if got is None or got >= step.expected or got in released:
        return False
    for _ in range(20):
        got = _bump(got, step.part, step.label)
        if got is None or got > step.expected:
            return False
        if got == step.expected:
            return True
    return False


@pytest.mark.parametrize("project", PROJECTS)
def test_replay_real_release_histories(project: str) -> None:
    releases = load(project)
    released = {r.version for r in releases}
    cycles = sequences(releases)
    assert len(cycles) >= 3, "a replay needs candidate -> final sequences to replay"
    matched_cycles = matched_steps = total_steps = 0
    unexplained = []
    for cycle in cycles:
        steps = replay(releases, cycle)
        total_steps += len(steps)
        good = [s for s in steps if s.got == s.expected]
        matched_steps += len(good)
        matched_cycles += len(good) == len(steps)
        unexplained += [s for s in steps if s.got != s.expected and not is_a_gap(s, released)]
    print(
        f"\n{project}: {matched_cycles}/{len(cycles)} sequences, "
        f"{matched_steps}/{total_steps} steps recomputed exactly"
    )
    assert unexplained == []


@pytest.mark.parametrize("project", PROJECTS)
def test_development_tags_lead_to_the_next_release(project: str) -> None:
    """``final`` of a dev tag is the next release, or a bump the commits called for.

    pytest tagged 6.3.0.dev0, then a breaking change made the cycle 7.0.0: ``major`` of
    6.3.0.dev0 is 7.0.0, as ``auto`` on a development release counts from the last final.
    """
    releases = load(project)
    finals = sorted(r.version for r in releases if r.version.is_final and r.version.post is None)
    leads = retargeted = 0
    for version in (r.version for r in releases if r.version.dev is not None):
        following = [f for f in finals if f > version]
        if not following:
            continue  # a cycle still under way
        if version.bump("final") == following[0]:
            leads += 1
        else:
            assert following[0] in (version.bump("minor"), version.bump("major")), version
            retargeted += 1
    print(f"\n{project}: {leads} development cycles led to their release, {retargeted} retargeted")
