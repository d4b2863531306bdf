"""How each part moves a PEP 440 version: the arithmetic behind :meth:`Pep440.bump`.

Every result is strictly higher than its input under PEP 440 ordering, or the bump is refused
with an error that says why and what to run instead. The epoch is kept, a local label dropped.

>>> from releasekit.version.pep440 import Pep440
>>> [str(bump_pep440(Pep440.parse(v), "pre")) for v in ("1.2.3", "1.3.0rc1", "1.3.0.dev2")]
['1.2.4rc1', '1.3.0rc2', '1.3.0rc1']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from releasekit.errors import UsageError, VersionNotIncreasing
from releasekit.version.parts import LEVEL_PARTS, PRE_LABELS, canonical_part, check_value_part
from releasekit.version.spelling import PEP440, SEMVER

if TYPE_CHECKING:
    from releasekit.version.pep440 import Pep440, Style

__all__ = ["bump_pep440", "normal_label"]

_LABELS = {
    "a": "a",
    "alpha": "a",
    "b": "b",
    "beta": "b",
    "rc": "rc",
    "c": "rc",
    "pre": "rc",
    "preview": "rc",
}
_POSITION = {"major": 0, "minor": 1, "patch": 2}


def normal_label(label: str) -> str:
    """The PEP 440 label for ``a``, ``alpha``, ``b``, ``beta``, ``rc`` or ``c``.

    >>> normal_label("beta"), normal_label("RC")
    ('b', 'rc')
    >>> normal_label("dev")
    Traceback (most recent call last):
    ...
    releasekit.errors.UsageError: Invalid pre-release label 'dev': PEP 440 candidates are ...
    """
    name = _LABELS.get(label.lower()) if isinstance(label, str) else None
    if name is None:
        raise UsageError(
            f"Invalid pre-release label {label!r}: PEP 440 candidates are a (alpha), "
            "b (beta) or rc, in that order; development releases are the part 'dev'"
        )
    return name


def _is_candidate(version: Pep440) -> bool:
    """A pre-release or a development release of a final (not of a post-release)."""
    return version.pre is not None or (version.dev is not None and version.post is None)


def _bumped_release(version: Pep440, part: str) -> tuple[int, ...]:
    """The release numbers after ``part``; a candidate of exactly that release keeps its own."""
    position = _POSITION[part]
    padded = version.release + (0,) * (position + 1 - len(version.release))
    if _is_candidate(version) and not any(padded[position + 1 :]):
        return version.release
    head = (*padded[:position], padded[position] + 1)
    return head + (0,) * (len(padded) - position - 1)


def _level(of: str) -> str:
    name = canonical_part(of)
    if name not in LEVEL_PARTS:
        raise UsageError(
            f"Invalid of={of!r}: a candidate or a development release is of a "
            + ", ".join(repr(p) for p in LEVEL_PARTS)
            + " bump"
        )
    return name


def bump_pep440(
    version: Pep440,
    part: str,
    *,
    label: str | None = None,
    of: str = "patch",
    pre_style: Style | None = None,
) -> Pep440:
    """``version.bump(part, label=..., of=..., pre_style=...)``; see :meth:`Pep440.bump`."""
    new = _bump(version, part, label, of, pre_style)
    text = str(new)
    # A spelling can read differently once parts are added (1.3.0-rc.2.dev0 is SemVer, and
    # has no PEP 440 form): such a version is written in the PEP 440 normal form instead.
    if not type(new).is_valid(text) or type(new).parse(text) != new:
        return new.respell("pep440")
    return new


def _bump(
    version: Pep440, part: str, label: str | None, of: str, pre_style: Style | None
) -> Pep440:
    name = check_value_part(part, str(version))
    if label is not None and name != "pre":
        raise UsageError(f"A label is for the part 'pre', not {name!r}: drop label={label!r}")
    spelling = version.spelling.over(SEMVER if pre_style == "semver" else PEP440)
    if name in _POSITION:
        return version._evolve(
            release=_bumped_release(version, name), pre=None, post=None, dev=None, local=None
        )
    if name == "final":
        return _final(version)
    if name == "post":
        return _post(version)
    target = _bumped_release(version, _level(of))
    same_cycle = _is_candidate(version) and target == version.release
    if name == "dev":
        return _dev(version, target, same_cycle=same_cycle)
    wanted = normal_label(label) if label is not None else None
    if not same_cycle:
        new_label = wanted or (version.pre[0] if version.pre else "rc")
        return version._evolve(
            release=target, pre=(new_label, 1), post=None, dev=None, local=None, spelling=spelling
        )
    current = version.pre
    if current is None:  # 1.3.0.dev2: its first candidate
        pre = (wanted or "rc", 1)
    elif wanted in (None, current[0]):
        # rc1.dev2 leads to rc1; rc1 (or the odd rc1.post1) goes on to rc2.
        ahead = version.dev is not None and version.post is None
        pre = current if ahead else (current[0], current[1] + 1)
    elif PRE_LABELS.index(wanted) > PRE_LABELS.index(current[0]):
        pre = (wanted, 1)
    else:
        raise VersionNotIncreasing(
            f"Cannot bump {str(version)!r} to the label {label!r}: "
            f"{version.base_version}{wanted}1 would be lower than {version} "
            "(candidates go a < b < rc)\n"
            f"use the label {current[0]!r} or a later one, or 'final' to release "
            f"{version.base_version}"
        )
    return version._evolve(pre=pre, post=None, dev=None, local=None, spelling=spelling)


def _final(version: Pep440) -> Pep440:
    if not version.is_prerelease:
        raise UsageError(
            f"Cannot finalize {str(version)!r}: it is already a final release; "
            "use 'patch' (or 'minor', 'major') for the next release, or 'post' to republish it"
        )
    return version._evolve(pre=None, dev=None, local=None)


def _post(version: Pep440) -> Pep440:
    if _is_candidate(version):
        kind = "a candidate" if version.pre is not None else "a development release"
        raise UsageError(
            f"Cannot make a post-release of {str(version)!r}: it is {kind}, and a "
            "post-release follows a final release; use 'final' first"
        )
    if version.dev is not None:  # 1.3.0.post1.dev0 leads to 1.3.0.post1
        return version._evolve(dev=None, local=None)
    return version._evolve(post=(version.post or 0) + 1, local=None)


def _dev(version: Pep440, target: tuple[int, ...], *, same_cycle: bool) -> Pep440:
    if version.dev is not None and (same_cycle or version.post is not None):
        return version._evolve(dev=version.dev + 1, local=None)
    if same_cycle and version.pre is not None:  # 1.3.0rc1 -> 1.3.0rc2.dev0
        label, n = version.pre
        return version._evolve(pre=(label, n + 1), dev=0, local=None)
    return version._evolve(release=target, pre=None, post=None, dev=0, local=None)
