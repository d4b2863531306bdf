"""Semantic Versioning 2.0.0, exactly as https://semver.org specifies it.

:class:`SemVer` is a frozen value. :meth:`SemVer.parse` accepts exactly the grammar of the
specification (no ``v`` prefix, no leading zeros in numeric identifiers, no empty identifiers)
and ``str()`` gives the input back byte for byte. Equality, ordering and hashing all come from
one precedence key (§11), in which build metadata takes no part:

>>> v = SemVer.parse("1.2.3-rc.1+build.5")
>>> str(v), v.prerelease, v.build
('1.2.3-rc.1+build.5', ('rc', 1), ('build', '5'))
>>> SemVer.parse("1.0.0-alpha.beta") < SemVer.parse("1.0.0-beta") < SemVer.parse("1.0.0")
True
>>> SemVer.parse("1.0.0+a") == SemVer.parse("1.0.0+b")  # same precedence, see SemVer
True
>>> str(v.bump("pre")), str(v.bump("patch")), str(v.bump("minor"))
('1.2.3-rc.2', '1.2.3', '1.3.0')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from releasekit.errors import InvalidVersion, UsageError, VersionNotIncreasing
from releasekit.version.parts import LEVEL_PARTS, canonical_part, check_value_part
from releasekit.version.spelling import BUILD_ID, PRE_ID, SEMVER_RE, read, semver_pre_to_pep440

__all__ = ["SemVer"]

_SEMVER_RE = SEMVER_RE
_PRE_ID_RE = re.compile(PRE_ID)
_BUILD_ID_RE = re.compile(BUILD_ID)
_LABEL_RE = re.compile(r"[0-9]*[a-zA-Z-][0-9a-zA-Z-]*")
_EXPECTED = "expected SemVer 2.0.0 like 1.2.3 or 1.2.3-rc.1"
_FROM_PEP440_LABEL = {"a": "alpha", "b": "beta", "rc": "rc"}

# One pre-release identifier in the precedence key: numeric ones sort before alphanumeric ones
# (§11.4.3), numbers numerically, text in ASCII order.
_IdKey = tuple[int, int, str]
_Key = tuple[int, int, int, int, tuple[_IdKey, ...]]


def _why_invalid(text: str) -> str:
    """A short reason a string is not SemVer, for the error message."""
    if text != text.strip():
        return "remove the surrounding whitespace"
    if text[:1] in ("v", "V") and _SEMVER_RE.fullmatch(text[1:]):
        return "drop the leading 'v': tags carry it, versions do not"
    core, plus, build = text.partition("+")
    core, minus, pre = core.partition("-")
    parts = core.split(".")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return "MAJOR.MINOR.PATCH must be three numbers separated by dots"
    if any(len(p) > 1 and p.startswith("0") for p in parts):
        return "numbers must not have leading zeros"
    if "+" in build:
        return "only one '+' (build metadata) is allowed"
    pre_ids = pre.split(".") if minus else []
    build_ids = build.split(".") if plus else []
    if "" in pre_ids or "" in build_ids:
        return "identifiers must not be empty"
    if any(i.isdigit() and len(i) > 1 and i.startswith("0") for i in pre_ids):
        return "numeric pre-release identifiers must not have leading zeros"
    return "pre-release and build identifiers use only [0-9A-Za-z-]"


def _invalid(text: str, reason: str | None = None) -> InvalidVersion:
    detail = f"{reason}; {_EXPECTED}" if reason else _EXPECTED
    return InvalidVersion(f"Invalid version: {text!r} ({detail})")


def _writable(value: int, name: str) -> int:
    """``value``, or :class:`InvalidVersion` when it has too many digits to be written."""
    try:
        str(value)
    except ValueError as exc:  # more digits than sys.get_int_max_str_digits() allows
        raise InvalidVersion(f"Invalid {name}: a number too long to write") from exc
    return value


def _pre_identifier(item: int | str) -> int | str:
    """Validate one pre-release identifier; numeric strings become ints."""
    if isinstance(item, bool) or not isinstance(item, (int, str)):
        raise InvalidVersion(f"Invalid pre-release identifier: {item!r} (expected int or str)")
    if isinstance(item, int):
        if item < 0:
            raise InvalidVersion(f"Invalid pre-release identifier: {item!r} (must be >= 0)")
        return _writable(item, "pre-release identifier")
    if not _PRE_ID_RE.fullmatch(item) or not item.isascii():
        raise InvalidVersion(
            f"Invalid pre-release identifier: {item!r} "
            "(use [0-9A-Za-z-], not empty, numbers without leading zeros)"
        )
    return int(item) if item.isdigit() else item


@dataclass(frozen=True, slots=True, eq=False)
class SemVer:
    """A SemVer 2.0.0 version: ``MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]``.

    Pre-release identifiers are ints (numeric identifiers) or strings (alphanumeric ones);
    build identifiers are strings. ``==``, ``<`` and ``hash`` compare the precedence key of
    §11, which ignores build metadata: ``1.0.0+a == 1.0.0+b`` and the two hash alike, so a set
    or dict holds one of them. Compare ``str()`` (or ``.build``) to tell them apart.

    >>> SemVer(1, 2, 3, ("rc", 1))
    SemVer(major=1, minor=2, patch=3, prerelease=('rc', 1), build=())
    >>> str(SemVer(1, 2, 3, ("rc", "1")))  # numeric strings become numbers
    '1.2.3-rc.1'
    """

    major: int
    minor: int
    patch: int
    prerelease: tuple[int | str, ...] = ()
    build: tuple[str, ...] = ()
    _key: _Key = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("major", "minor", "patch"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidVersion(f"Invalid {name} number: {value!r} (expected an int >= 0)")
            _writable(value, f"{name} number")
        pre = tuple(_pre_identifier(item) for item in self.prerelease)
        for item in self.build:
            if not isinstance(item, str) or not _BUILD_ID_RE.fullmatch(item) or not item.isascii():
                raise InvalidVersion(
                    f"Invalid build identifier: {item!r} (use [0-9A-Za-z-], not empty)"
                )
        object.__setattr__(self, "prerelease", pre)
        object.__setattr__(self, "build", tuple(self.build))
        ids: tuple[_IdKey, ...] = tuple(
            (0, item, "") if isinstance(item, int) else (1, 0, item) for item in pre
        )
        # A release (1) sorts above every pre-release (0) of the same MAJOR.MINOR.PATCH.
        object.__setattr__(self, "_key", (self.major, self.minor, self.patch, 0 if pre else 1, ids))

    @classmethod
    def parse(cls, text: str) -> SemVer:
        """Parse a SemVer 2.0.0 string; raise :class:`InvalidVersion` naming it otherwise.

        >>> SemVer.parse("1.0.0-alpha.1+001")
        SemVer(major=1, minor=0, patch=0, prerelease=('alpha', 1), build=('001',))
        >>> SemVer.parse("v1.2.3")
        Traceback (most recent call last):
        ...
        releasekit.errors.InvalidVersion: Invalid version: 'v1.2.3' (drop the leading 'v': ...
        """
        if not isinstance(text, str):
            raise InvalidVersion(f"Invalid version: {text!r} (expected a string)")
        match = _SEMVER_RE.fullmatch(text)
        if match is None or not text.isascii():
            raise _invalid(text, _why_invalid(text))
        pre, build = match["pre"], match["build"]
        try:
            return cls(
                int(match["major"]),
                int(match["minor"]),
                int(match["patch"]),
                tuple(int(p) if p.isdigit() else p for p in pre.split(".")) if pre else (),
                tuple(build.split(".")) if build else (),
            )
        except InvalidVersion:
            raise
        except ValueError as exc:  # a number too long for int() (sys.set_int_max_str_digits)
            raise _invalid(text, "a number is too long") from exc

    @classmethod
    def is_valid(cls, text: str) -> bool:
        """Whether ``text`` is a SemVer 2.0.0 string.

        >>> SemVer.is_valid("1.2.3"), SemVer.is_valid("1.2"), SemVer.is_valid("01.2.3")
        (True, False, False)
        """
        return isinstance(text, str) and text.isascii() and bool(_SEMVER_RE.fullmatch(text))

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(str(item) for item in self.prerelease)
        if self.build:
            text += "+" + ".".join(self.build)
        return text

    # Equality, ordering and hash: one key, so they can never disagree.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SemVer):
            return NotImplemented
        return self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __lt__(self, other: SemVer) -> bool:
        if not isinstance(other, SemVer):
            return NotImplemented
        return self._key < other._key

    def __le__(self, other: SemVer) -> bool:
        if not isinstance(other, SemVer):
            return NotImplemented
        return self._key <= other._key

    def __gt__(self, other: SemVer) -> bool:
        if not isinstance(other, SemVer):
            return NotImplemented
        return self._key > other._key

    def __ge__(self, other: SemVer) -> bool:
        if not isinstance(other, SemVer):
            return NotImplemented
        return self._key >= other._key

    @property
    def is_prerelease(self) -> bool:
        """True for ``1.2.3-rc.1``, False for ``1.2.3`` and ``1.2.3+build``.

        >>> SemVer.parse("1.2.3-rc.1").is_prerelease
        True
        """
        return bool(self.prerelease)

    @property
    def release(self) -> SemVer:
        """The version without pre-release and build metadata.

        >>> str(SemVer.parse("1.2.3-rc.1+b7").release)
        '1.2.3'
        """
        return SemVer(self.major, self.minor, self.patch)

    def bump(self, part: str, *, label: str | None = None, of: str = "patch") -> SemVer:
        """The next version for ``part``; always strictly higher, build metadata dropped.

        ``major``, ``minor`` and ``patch`` finalize a pre-release of exactly that version
        (``2.0.0-rc.1`` -> major -> ``2.0.0``) and increment otherwise; ``final`` finalizes any
        pre-release. ``pre`` starts a pre-release of the ``of`` bump (``1.2.3`` -> ``1.2.4-rc.1``;
        with ``of="minor"`` -> ``1.3.0-rc.1``), counts up within the same label (``-rc.1`` ->
        ``-rc.2``) and moves to a new label at ``.1`` when that is higher (``-alpha.3`` ->
        ``-rc.1``); it refuses with :class:`VersionNotIncreasing` when the new label would sort
        lower (``-rc.2`` -> ``alpha``). ``label`` None keeps a pre-release's label, ``rc`` for a
        new one. ``post`` and ``dev`` have no SemVer form (see
        :class:`~releasekit.version.pep440.Pep440`).

        >>> v = SemVer.parse("1.2.3")
        >>> [str(v.bump(p)) for p in ("major", "minor", "patch", "pre")]
        ['2.0.0', '1.3.0', '1.2.4', '1.2.4-rc.1']
        >>> str(SemVer.parse("1.2.4-alpha.3").bump("pre", label="rc"))
        '1.2.4-rc.1'
        >>> str(SemVer.parse("1.3.0-rc.1").bump("minor")), str(v.bump("pre", of="minor"))
        ('1.3.0', '1.3.0-rc.1')
        """
        name = check_value_part(part, str(self))
        if label is not None and name != "pre":
            raise UsageError(f"A label is for the part 'pre', not {name!r}: drop label={label!r}")
        if name in ("post", "dev"):
            kind = "post-releases" if name == "post" else "development releases"
            raise UsageError(
                f"Cannot bump {str(self)!r} by {name!r}: SemVer 2.0.0 has no {kind}; "
                'use Pep440 (scheme = "pep440", or the PEP 440 spelling of the version)'
            )
        if name == "final":
            if not self.prerelease:
                raise UsageError(
                    f"Cannot finalize {str(self)!r}: it is already a release; use 'patch' "
                    "(or 'minor', 'major') for the next one"
                )
            return self.release
        if name == "pre":
            level = canonical_part(of)
            if level not in LEVEL_PARTS:
                raise UsageError(
                    f"Invalid of={of!r}: a pre-release is of a "
                    + ", ".join(repr(p) for p in LEVEL_PARTS)
                    + " bump"
                )
            target = self._bump_release(level)
            if self.prerelease and target == self.release:
                return self._bump_pre(label)
            if label is None:
                first = self.prerelease[0] if self.prerelease else "rc"
                label = first if isinstance(first, str) else "rc"
            self._check_label(label)
            return SemVer(target.major, target.minor, target.patch, (label, 1))
        return self._bump_release(name)

    def _bump_release(self, part: str) -> SemVer:
        major, minor, patch, pre = self.major, self.minor, self.patch, self.prerelease
        if part == "major":
            if pre and minor == 0 and patch == 0:
                return SemVer(major, 0, 0)
            return SemVer(major + 1, 0, 0)
        if part == "minor":
            if pre and patch == 0:
                return SemVer(major, minor, 0)
            return SemVer(major, minor + 1, 0)
        return SemVer(major, minor, patch if pre else patch + 1)

    @staticmethod
    def _check_label(label: str) -> None:
        if not isinstance(label, str) or not _LABEL_RE.fullmatch(label) or not label.isascii():
            raise UsageError(
                f"Invalid pre-release label {label!r}: use letters (and digits or '-'), "
                "not only digits, e.g. 'rc', 'alpha' or 'beta'"
            )

    def _bump_pre(self, label: str | None) -> SemVer:
        pre = self.prerelease
        if label is None:
            label = pre[0] if isinstance(pre[0], str) else "rc"
        self._check_label(label)
        if pre[0] == label:
            last = pre[-1]
            if isinstance(last, int) and len(pre) > 1:
                return SemVer(self.major, self.minor, self.patch, (*pre[:-1], last + 1))
            return SemVer(self.major, self.minor, self.patch, (*pre, 1))
        candidate = SemVer(self.major, self.minor, self.patch, (label, 1))
        if candidate > self:
            return candidate
        raise VersionNotIncreasing(
            f"Cannot bump {str(self)!r} to a {label!r} pre-release: {candidate} would be lower "
            f"than {self} (pre-release labels sort in ASCII order, e.g. alpha < beta < rc)\n"
            f"use the label {pre[0]!r} or a later one, finish the release with 'final', "
            "or set the version explicitly with --set"
        )

    def to_pep440(self) -> str:
        """The normalized PEP 440 spelling (``-rc.1`` -> ``rc1``, ``-alpha.2`` -> ``a2``).

        Build metadata becomes a PEP 440 local version label (hyphens become dots). A
        pre-release with no PEP 440 form raises :class:`InvalidVersion`.

        >>> SemVer.parse("1.2.4-rc.1").to_pep440(), SemVer.parse("1.0.0-beta.2").to_pep440()
        ('1.2.4rc1', '1.0.0b2')
        >>> SemVer.parse("1.0.0-x.7.z.92").to_pep440()
        Traceback (most recent call last):
        ...
        releasekit.errors.InvalidVersion: Invalid version: '1.0.0-x.7.z.92' has no PEP 440 ...
        """
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            ids = ".".join(str(item) for item in self.prerelease)
            pep440_pre = semver_pre_to_pep440(ids)
            if pep440_pre is None:
                raise InvalidVersion(
                    f"Invalid version: {str(self)!r} has no PEP 440 form: a pre-release must be "
                    "-alpha.N, -beta.N or -rc.N (also -a.N, -b.N, -c.N) to be published "
                    "for Python"
                )
            text += f"{pep440_pre[0]}{pep440_pre[1]}"
        # PEP 440 local labels are [a-z0-9] segments; hyphens separate segments there.
        local = [seg for item in self.build for seg in item.lower().split("-") if seg]
        if local:
            text += "+" + ".".join(local)
        return text

    @classmethod
    def from_pep440(cls, text: str) -> SemVer:
        """The SemVer for a PEP 440 version (``1.2.4rc1`` -> ``1.2.4-rc.1``).

        ``1.2`` is read as ``1.2.0``; epochs, post- and dev-releases and more than three
        release numbers have no SemVer form and raise :class:`InvalidVersion`.

        >>> str(SemVer.from_pep440("1.2.4rc1")), str(SemVer.from_pep440("2.0a3"))
        ('1.2.4-rc.1', '2.0.0-alpha.3')
        """
        epoch, release, _, pep440_pre, post, dev, _, local = read(text, semver_first=False)
        problem = None
        if epoch:
            problem = "an epoch"
        elif post is not None:
            problem = "a post-release"
        elif dev is not None:
            problem = "a dev-release"
        elif len(release) > 3:
            problem = "more than three release numbers"
        if problem:
            raise InvalidVersion(
                f"Invalid version: {text!r} has {problem}, which SemVer 2.0.0 cannot express"
            )
        numbers = (*release, 0, 0)[:3]
        pre: tuple[int | str, ...] = ()
        if pep440_pre is not None:
            pre = (_FROM_PEP440_LABEL[pep440_pre[0]], pep440_pre[1])
        build = tuple(local.split(".")) if local else ()
        return cls(numbers[0], numbers[1], numbers[2], pre, build)
