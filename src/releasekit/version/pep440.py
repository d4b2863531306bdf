"""PEP 440 versions: the :class:`Pep440` value, and how Python packaging sees every version.

Files, tags and built artifacts agree when they name the same release under PEP 440, so
``25.02.15`` (CalVer as written) and ``25.2.15`` (as a wheel names it) are the same release,
and so are ``1.0.0-rc.1`` (SemVer) and ``1.0.0rc1`` (PEP 440).

A string is read as SemVer 2.0.0 first, so a SemVer pre-release keeps its SemVer meaning:
``1.0.0-1`` is a pre-release of 1.0.0 (which PEP 440 cannot express, so it is refused) and not
the post-release PEP 440 would make of it. Anything else must be a PEP 440 version. A leading
``v`` is refused: tags carry it, and :mod:`releasekit.git.tags` strips it before versions get here.

>>> to_pep440("1.2.4-rc.1"), to_pep440("25.02.15"), to_pep440("2025.02.15.1")
('1.2.4rc1', '25.2.15', '2025.2.15.1')
>>> same_release("25.02.15", "25.2.15"), same_release("1.0.0-rc.1", "1.0.0rc1")
(True, True)
>>> version_key("25.02.15.1") > version_key("25.02.15")
True

:class:`Pep440` reads and orders versions itself; only :func:`version_key` and
:func:`parse_pep440`, which return :class:`packaging.version.Version`, import packaging.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import total_ordering
from typing import TYPE_CHECKING, Literal

from releasekit.errors import InvalidVersion
from releasekit.version.bumps import bump_pep440
from releasekit.version.semver import SemVer
from releasekit.version.spelling import PEP440, SEMVER, Spelling, check_text, read

if TYPE_CHECKING:
    from packaging.version import Version

__all__ = ["Pep440", "parse_pep440", "same_release", "to_pep440", "version_key"]

_EXPECTED = "expected a PEP 440 version like 1.2.3, 1.2.3rc1 or 25.02.15"
_LABEL_RANK = {"a": 0, "b": 1, "rc": 2}
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.")

# The sort key of PEP 440 (the same order as packaging's): epoch, release without trailing
# zeros, then pre, post, dev and local, each a tuple of ints so that no infinity is needed.
_Key = tuple[
    int,
    tuple[int, ...],
    tuple[int, int, int],
    tuple[int, int],
    tuple[int, int],
    tuple[int, tuple[tuple[int, int, str], ...]],
]
Style = Literal["pep440", "semver"]


def _check_number(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidVersion(f"Invalid {name}: {value!r} (expected an int >= 0)")
    try:
        str(value)
    except ValueError as exc:  # more digits than sys.get_int_max_str_digits() allows
        raise InvalidVersion(f"Invalid {name}: a number too long to write") from exc
    return value


@total_ordering
@dataclass(frozen=True, slots=True, eq=False)
class Pep440:
    """A PEP 440 version: ``[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]``, frozen.

    ``==``, ``<`` and ``hash`` compare one key, PEP 440's order: ``1.0 == 1.0.0``,
    ``1.0.dev0 < 1.0a1 < 1.0rc1.dev0 < 1.0rc1 < 1.0 < 1.0.post1``. ``str()`` gives back the
    text a version was parsed from, byte for byte; a bumped version is written the way its
    source was (:meth:`bump`), and :attr:`normalized` is the PEP 440 normal form.

    >>> Pep440.parse("1.3.0-rc.1") == Pep440.parse("1.3.0rc1") == Pep440((1, 3), pre=("rc", 1))
    True
    >>> str(Pep440.parse("1.3.0-rc.1").bump("pre")), str(Pep440.parse("1.3.0.RC1").bump("pre"))
    ('1.3.0-rc.2', '1.3.0.RC2')
    """

    release: tuple[int, ...]
    pre: tuple[str, int] | None = None
    post: int | None = None
    dev: int | None = None
    epoch: int = 0
    local: str | None = None
    spelling: Spelling = field(default=PEP440, repr=False)
    _written: tuple[str, ...] = field(default=(), repr=False)
    _key: _Key = field(init=False, repr=False)
    _text: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.release, tuple) or not self.release:
            raise InvalidVersion(
                f"Invalid release: {self.release!r} (expected a tuple of ints like (1, 2, 3))"
            )
        for item in self.release:
            _check_number(item, "release number")
        _check_number(self.epoch, "epoch")
        if self.pre is not None:
            if not isinstance(self.pre, tuple) or len(self.pre) != 2:
                raise InvalidVersion(f"Invalid pre-release: {self.pre!r} (expected ('rc', 1))")
            if self.pre[0] not in _LABEL_RANK:
                raise InvalidVersion(
                    f"Invalid pre-release label: {self.pre[0]!r} (expected 'a', 'b' or 'rc')"
                )
            _check_number(self.pre[1], "pre-release number")
        for name in ("post", "dev"):
            if getattr(self, name) is not None:
                _check_number(getattr(self, name), f"{name}-release number")
        if self.local is not None and (
            not isinstance(self.local, str)
            or not set(self.local) <= _LOCAL_CHARS
            or "" in self.local.split(".")
        ):
            raise InvalidVersion(
                f"Invalid local version label: {self.local!r} (expected like 'ubuntu.1')"
            )
        object.__setattr__(self, "_key", self._sort_key())
        object.__setattr__(self, "_text", self._write())

    def _sort_key(self) -> _Key:
        release = self.release
        while len(release) > 1 and release[-1] == 0:
            release = release[:-1]
        if self.pre is not None:
            pre = (1, _LABEL_RANK[self.pre[0]], self.pre[1])
        elif self.dev is not None and self.post is None:
            pre = (0, 0, 0)  # 1.0.dev0 sorts before 1.0a1
        else:
            pre = (2, 0, 0)
        post = (0, 0) if self.post is None else (1, self.post)
        dev = (1, 0) if self.dev is None else (0, self.dev)
        local: tuple[int, tuple[tuple[int, int, str], ...]] = (0, ())
        if self.local is not None:
            segments = tuple(
                (1, int(s), "") if s.isdigit() else (0, 0, s) for s in self.local.split(".")
            )
            local = (1, segments)
        return (self.epoch, release, pre, post, dev, local)

    def _write(self) -> str:
        spelling = self.spelling
        numbers = tuple(str(n) for n in self.release)
        written = self._written
        if len(written) == len(numbers) and all(
            int(w) == n for w, n in zip(written, self.release, strict=True)
        ):
            numbers = written  # leading zeros kept: 25.02.15 stays 25.02.15
        text = (f"{self.epoch}!" if self.epoch else "") + ".".join(numbers)
        if self.pre is not None:
            text += spelling.pre(*self.pre)
        if self.post is not None:
            text += spelling.post(self.post)
        if self.dev is not None:
            text += spelling.dev(self.dev)
        if self.local is not None:
            text += "+" + self.local
        return text

    @classmethod
    def parse(cls, text: str) -> Pep440:
        """Parse any PEP 440 spelling, or SemVer; :class:`InvalidVersion` says why not.

        >>> Pep440.parse("1!2.0.post1.dev3")
        Pep440(release=(2, 0), pre=None, post=1, dev=3, epoch=1, local=None)
        >>> Pep440.parse("1.x")
        Traceback (most recent call last):
        ...
        releasekit.errors.InvalidVersion: Invalid version: '1.x' (expected a PEP 440 version ...
        """
        epoch, release, written, pre, post, dev, spelling, local = read(text)
        version = cls(release, pre, post, dev, epoch, local, spelling, written)
        object.__setattr__(version, "_text", text)
        return version

    @classmethod
    def is_valid(cls, text: str) -> bool:
        """Whether :meth:`parse` reads ``text``.

        >>> Pep440.is_valid("1.0.post1"), Pep440.is_valid("1.0.0-1"), Pep440.is_valid("v1")
        (True, False, False)
        """
        try:
            read(text)
        except InvalidVersion:
            return False
        return True

    def __str__(self) -> str:
        return self._text

    # Equality, ordering and hash: one key, so they can never disagree (total_ordering adds
    # <=, > and >= from == and <).
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pep440):
            return NotImplemented
        return self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __lt__(self, other: Pep440) -> bool:
        if not isinstance(other, Pep440):
            return NotImplemented
        return self._key < other._key

    @property
    def normalized(self) -> str:
        """The PEP 440 normal form (what a wheel's file name and ``packaging`` write).

        >>> Pep440.parse("1.0.0.RC1").normalized, Pep440.parse("25.02.15").normalized
        ('1.0.0rc1', '25.2.15')
        """
        return Pep440(self.release, self.pre, self.post, self.dev, self.epoch, self.local).__str__()

    @property
    def base_version(self) -> str:
        """The epoch and release numbers, as written (``25.02.15rc1`` -> ``25.02.15``)."""
        return str(self._evolve(pre=None, post=None, dev=None, local=None))

    @property
    def public(self) -> Pep440:
        """The version without its local label (``1.0+ubuntu.1`` -> ``1.0``)."""
        return self._evolve(local=None)

    @property
    def is_prerelease(self) -> bool:
        """True for candidates and development releases (``1.0rc1``, ``1.0.dev0``)."""
        return self.pre is not None or self.dev is not None

    @property
    def is_final(self) -> bool:
        """True for a release that is neither a candidate nor a development release.

        >>> [Pep440.parse(v).is_final for v in ("1.0", "1.0.post1", "1.0rc1", "1.0.dev0")]
        [True, True, False, False]
        """
        return not self.is_prerelease

    def require_public(self) -> Pep440:
        """This version, or :class:`InvalidVersion` when it has a local label (``+abc``).

        >>> Pep440.parse("1.2.3+abc").require_public()
        Traceback (most recent call last):
        ...
        releasekit.errors.InvalidVersion: Cannot release '1.2.3+abc': a local version label ...
        """
        if self.local is None:
            return self
        raise InvalidVersion(
            f"Cannot release {self._text!r}: a local version label (+{self.local}) marks a "
            "build that is not published; package indexes such as PyPI refuse it (PEP 440)\n"
            f"release {self.public} instead"
        )

    def _evolve(self, **changes: object) -> Pep440:
        return replace(self, **changes)  # type: ignore[arg-type]

    def respell(self, style: Style) -> Pep440:
        """The same version written in the PEP 440 normal form or the SemVer form.

        >>> str(Pep440.parse("1.3.0rc1").respell("semver"))
        '1.3.0-rc.1'
        >>> str(Pep440.parse("1.3.0-beta.2").respell("pep440"))
        '1.3.0b2'
        >>> Pep440.parse("1.3.0.post1").respell("semver")
        Traceback (most recent call last):
        ...
        releasekit.errors.InvalidVersion: '1.3.0.post1' has no SemVer spelling: ...
        """
        if style == "pep440":
            return Pep440(self.release, self.pre, self.post, self.dev, self.epoch, self.local)
        return Pep440.parse(str(self.to_semver()))

    def to_semver(self) -> SemVer:
        """The SemVer value of this version (``1.3rc1`` -> ``1.3.0-rc.1``).

        Epochs, post- and development releases and more than three release numbers have no
        SemVer form and raise :class:`InvalidVersion` naming the part.

        >>> str(Pep440.parse("2.0a3").to_semver())
        '2.0.0-alpha.3'
        """
        problem = None
        if self.epoch:
            problem = "an epoch"
        elif self.post is not None:
            problem = "a post-release"
        elif self.dev is not None:
            problem = "a development release"
        elif len(self.release) > 3:
            problem = "more than three release numbers"
        if problem:
            raise InvalidVersion(
                f"{self._text!r} has no SemVer spelling: it has {problem}, which SemVer 2.0.0 "
                'cannot express; keep the PEP 440 spelling (pre-style = "pep440")'
            )
        major, minor, patch = (*self.release, 0, 0)[:3]
        pre: tuple[int | str, ...] = ()
        if self.pre is not None:
            pre = (SEMVER.pre_words[("a", "b", "rc").index(self.pre[0])], self.pre[1])  # type: ignore[index]
        build = tuple(self.local.split(".")) if self.local else ()
        return SemVer(major, minor, patch, pre, build)

    def bump(
        self,
        part: str,
        *,
        label: str | None = None,
        of: str = "patch",
        pre_style: Style | None = None,
    ) -> Pep440:
        """The next version for ``part``: always strictly higher, written like this one.

        ``major``, ``minor`` and ``patch`` (``micro``) are release positions 1-3 (``2.0``
        minor -> ``2.1``, ``1.4`` major -> ``2.0``); a candidate of exactly that release
        finalizes (``1.3.0a1`` minor -> ``1.3.0``). ``pre`` makes the candidate of the ``of``
        bump from a final (``1.2.3`` -> ``1.2.4rc1``; with ``of="minor"`` -> ``1.3.0rc1``), counts
        up within a label (rc1 -> rc2) and starts a higher label at 1 (b2 -> rc1); a lower
        label is refused. ``final`` drops the candidate and development parts, ``post`` makes
        a post-release of a final, ``dev`` the next development release. ``label`` is ``a``,
        ``b`` or ``rc`` (also ``alpha``, ``beta``, ``c``); None keeps a candidate's label and
        gives ``rc`` to a new one. A new candidate is written like this version when it is a
        candidate, else in ``pre_style`` (PEP 440's ``1.3.0rc1`` unless ``"semver"``).

        >>> v = Pep440.parse("1.2.3")
        >>> [str(v.bump(p)) for p in ("major", "minor", "patch", "pre", "post", "dev")]
        ['2.0.0', '1.3.0', '1.2.4', '1.2.4rc1', '1.2.3.post1', '1.2.4.dev0']
        >>> str(v.bump("pre", label="b", of="minor", pre_style="semver"))
        '1.3.0-beta.1'
        >>> str(Pep440.parse("1.3.0b2").bump("pre", label="rc"))
        '1.3.0rc1'
        >>> str(Pep440.parse("1.3.0rc2").bump("final"))
        '1.3.0'
        """
        return bump_pep440(self, part, label=label, of=of, pre_style=pre_style)


def parse_pep440(text: str) -> Version:
    """Parse ``text`` strictly as PEP 440 with :mod:`packaging` (no ``v``, no whitespace).

    >>> parse_pep440("1.0.0-RC1")
    <Version('1.0.0rc1')>
    >>> parse_pep440("v1.2.3")
    Traceback (most recent call last):
    ...
    releasekit.errors.InvalidVersion: Invalid version: 'v1.2.3' (drop the leading 'v': ...
    """
    from packaging.version import InvalidVersion as PackagingInvalidVersion
    from packaging.version import Version

    check_text(text)
    try:
        return Version(text)
    except PackagingInvalidVersion as exc:
        raise InvalidVersion(f"Invalid version: {text!r} ({_EXPECTED})") from exc
    except ValueError as exc:  # packaging lets int()'s digit limit through
        raise InvalidVersion(f"Invalid version: {text!r} (a number is too long)") from exc


def version_key(version: str) -> Version:
    """The PEP 440 sort key of a SemVer, CalVer or PEP 440 string, as packaging's Version.

    Raises :class:`InvalidVersion` naming the text when it is neither, or when it is a SemVer
    pre-release without a PEP 440 form.

    >>> sorted(["1.0.0", "1.0.0-rc.1", "1.0.0b2", "0.9"], key=version_key)
    ['0.9', '1.0.0b2', '1.0.0-rc.1', '1.0.0']
    >>> version_key("1.x")
    Traceback (most recent call last):
    ...
    releasekit.errors.InvalidVersion: Invalid version: '1.x' (expected a PEP 440 version ...
    """
    from packaging.version import Version

    return Version(Pep440.parse(version).normalized)


def to_pep440(version: str) -> str:
    """The normalized PEP 440 text of a SemVer, CalVer or PEP 440 string.

    >>> to_pep440("1.0.0-alpha.2"), to_pep440("1.0.0-b.1"), to_pep440("2025.01.07")
    ('1.0.0a2', '1.0.0b1', '2025.1.7')
    >>> to_pep440("1.0.0-x.7.z.92")
    Traceback (most recent call last):
    ...
    releasekit.errors.InvalidVersion: Invalid version: '1.0.0-x.7.z.92' has no PEP 440 form: ...
    """
    return Pep440.parse(version).normalized


def same_release(a: str, b: str) -> bool:
    """Whether two version strings name the same release under PEP 440.

    >>> same_release("25.02.15", "25.2.15"), same_release("1.2.3", "1.2.4")
    (True, False)
    """
    return Pep440.parse(a) == Pep440.parse(b)
