"""The PEP 440 bridge: how Python packaging sees releasekit's versions.

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

This module imports :mod:`packaging`; the CLI imports it only in the commands that need it.
"""

from __future__ import annotations

from packaging.version import InvalidVersion as PackagingInvalidVersion
from packaging.version import Version

from releasekit.errors import InvalidVersion
from releasekit.version.semver import SemVer

__all__ = ["parse_pep440", "same_release", "to_pep440", "version_key"]

_EXPECTED = "expected a PEP 440 version like 1.2.3, 1.2.3rc1 or 25.02.15"


def parse_pep440(text: str) -> Version:
    """Parse ``text`` strictly as PEP 440 (no ``v``, no surrounding whitespace).

    >>> parse_pep440("1.0.0-RC1")
    <Version('1.0.0rc1')>
    >>> parse_pep440("v1.2.3")
    Traceback (most recent call last):
    ...
    releasekit.errors.InvalidVersion: Invalid version: 'v1.2.3' (drop the leading 'v': ...
    """
    if not isinstance(text, str):
        raise InvalidVersion(f"Invalid version: {text!r} (expected a string)")
    if text != text.strip() or not text:
        raise InvalidVersion(f"Invalid version: {text!r} (empty or surrounded by whitespace)")
    if text[:1] in ("v", "V"):
        raise InvalidVersion(
            f"Invalid version: {text!r} (drop the leading 'v': tags carry it, versions do not)"
        )
    try:
        return Version(text)
    except PackagingInvalidVersion as exc:
        raise InvalidVersion(f"Invalid version: {text!r} ({_EXPECTED})") from exc


def version_key(version: str) -> Version:
    """The PEP 440 sort key of a SemVer, CalVer or PEP 440 string.

    Raises :class:`InvalidVersion` naming the text when it is neither, or when it is a SemVer
    pre-release without a PEP 440 form.

    >>> sorted(["1.0.0", "1.0.0-rc.1", "1.0.0b2", "0.9"], key=version_key)
    ['0.9', '1.0.0b2', '1.0.0-rc.1', '1.0.0']
    >>> version_key("1.x")
    Traceback (most recent call last):
    ...
    releasekit.errors.InvalidVersion: Invalid version: '1.x' (expected a PEP 440 version ...
    """
    if SemVer.is_valid(version):
        return Version(SemVer.parse(version).to_pep440())
    return parse_pep440(version)


def to_pep440(version: str) -> str:
    """The normalized PEP 440 text of a SemVer, CalVer or PEP 440 string.

    >>> to_pep440("1.0.0-alpha.2"), to_pep440("1.0.0-b.1"), to_pep440("2025.01.07")
    ('1.0.0a2', '1.0.0b1', '2025.1.7')
    >>> to_pep440("1.0.0-x.7.z.92")
    Traceback (most recent call last):
    ...
    releasekit.errors.InvalidVersion: Invalid version: '1.0.0-x.7.z.92' has no PEP 440 form: ...
    """
    return str(version_key(version))


def same_release(a: str, b: str) -> bool:
    """Whether two version strings name the same release under PEP 440.

    >>> same_release("25.02.15", "25.2.15"), same_release("1.2.3", "1.2.4")
    (True, False)
    """
    return version_key(a) == version_key(b)
