"""How versions are written: the SemVer 2.0.0 and PEP 440 grammars, and the spelling kept.

PEP 440 reads many spellings of one version (``1.0.0-RC.1``, ``1.0.0.rc1`` and ``1.0.0rc1`` are
all ``1.0.0rc1``). :func:`read` parses a string into its parts *and* how it was written, a
:class:`Spelling`, so that the next version can be written the way the file already writes
versions. A string that is SemVer 2.0.0 is read as SemVer first: ``1.0.0-1`` is a SemVer
pre-release (with no PEP 440 form, so it is refused), not the post-release PEP 440 makes of it.

>>> read("1.0.0-rc.1")[3]  # the pre-release part, normalized
('rc', 1)
>>> read("1.0.0.beta2")[6].pre_words
('alpha', 'beta', 'rc')
>>> read("1.0.0-1")
Traceback (most recent call last):
...
releasekit.errors.InvalidVersion: Invalid version: '1.0.0-1' has no PEP 440 form: ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

from releasekit.errors import InvalidVersion

__all__ = [
    "PEP440",
    "SEMVER",
    "SEMVER_RE",
    "Spelling",
    "check_text",
    "number",
    "read",
    "semver_pre_to_pep440",
]

# The grammar of semver.org, spelled with [0-9] because \d also matches non-ASCII digits.
_NUM = r"0|[1-9][0-9]*"
PRE_ID = r"0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*"
BUILD_ID = r"[0-9a-zA-Z-]+"
SEMVER_RE: Final = re.compile(
    rf"(?P<major>{_NUM})\.(?P<minor>{_NUM})\.(?P<patch>{_NUM})"
    rf"(?:-(?P<pre>(?:{PRE_ID})(?:\.(?:{PRE_ID}))*))?"
    rf"(?:\+(?P<build>{BUILD_ID}(?:\.{BUILD_ID})*))?"
)

# PEP 440's appendix grammar, without the leading 'v' and the surrounding whitespace (a tag
# carries the 'v'; a version in a file does not). Separators are captured to keep the spelling.
_PEP440_RE: Final = re.compile(
    r"""
    (?:(?P<epoch>[0-9]+)!)?
    (?P<release>[0-9]+(?:\.[0-9]+)*)
    (?:(?P<pre_sep>[-_.]?)(?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)
       (?P<pre_mid>[-_.]?)(?P<pre_n>[0-9]+)?)?
    (?:-(?P<post_n1>[0-9]+)
      |(?P<post_sep>[-_.]?)(?P<post_l>post|rev|r)(?P<post_mid>[-_.]?)(?P<post_n2>[0-9]+)?)?
    (?:(?P<dev_sep>[-_.]?)(?P<dev_l>dev)(?P<dev_mid>[-_.]?)(?P<dev_n>[0-9]+)?)?
    (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_PRE_NORMAL: Final = {
    "a": "a",
    "alpha": "a",
    "b": "b",
    "beta": "b",
    "c": "rc",
    "rc": "rc",
    "pre": "rc",
    "preview": "rc",
}
# The SemVer pre-releases with a PEP 440 form: -alpha.1, -a.1, -beta, -b2, -rc.1, -c.1 ...
_SEMVER_PRE_RE: Final = re.compile(r"(alpha|beta|rc|a|b|c)(?:\.?(0|[1-9][0-9]*))?")
_EXPECTED = "expected a PEP 440 version like 1.2.3, 1.2.3rc1 or 25.02.15"

Pre = tuple[str, int]
# epoch, release, release as written, pre, post, dev, spelling, local (normalized)
Read = tuple[
    int,
    tuple[int, ...],
    tuple[str, ...],
    Pre | None,
    int | None,
    int | None,
    "Spelling",
    str | None,
]


@dataclass(frozen=True, slots=True)
class Spelling:
    """How the parts of a version are written; ``None``: not written, use the default's.

    ``pre_words`` are the words for the ``a``, ``b`` and ``rc`` labels (``("alpha", "beta",
    "rc")`` in the SemVer spelling). ``post_word`` ``""`` is the implicit ``1.0-1`` form.

    >>> PEP440.pre("rc", 1), SEMVER.pre("b", 2)
    ('rc1', '-beta.2')
    """

    pre_sep: str | None = None
    pre_mid: str | None = None
    pre_words: tuple[str, str, str] | None = None
    post_sep: str | None = None
    post_word: str | None = None
    post_mid: str | None = None
    dev_sep: str | None = None
    dev_word: str | None = None
    dev_mid: str | None = None

    def over(self, default: Spelling) -> Spelling:
        """This spelling, with what it does not say taken from ``default``.

        >>> Spelling(pre_sep=".").over(SEMVER).pre("rc", 1)
        '.rc.1'
        """
        fields = {
            name: getattr(self, name) if getattr(self, name) is not None else getattr(default, name)
            for name in self.__slots__
        }
        return replace(self, **fields)

    def pre(self, label: str, n: int) -> str:
        """The pre-release part: ``pre("rc", 1)`` is ``rc1`` in the PEP 440 normal form."""
        words = self.pre_words or ("a", "b", "rc")
        word = words[("a", "b", "rc").index(label)]
        return f"{self.pre_sep or ''}{word}{self.pre_mid or ''}{n}"

    def post(self, n: int) -> str:
        """The post-release part: ``.post1`` in the normal form, ``-1`` in the implicit one."""
        if self.post_word == "":
            return f"-{n}"
        sep = "." if self.post_sep is None else self.post_sep
        return f"{sep}{self.post_word or 'post'}{self.post_mid or ''}{n}"

    def dev(self, n: int) -> str:
        """The development part: ``.dev0`` in the normal form."""
        sep = "." if self.dev_sep is None else self.dev_sep
        return f"{sep}{self.dev_word or 'dev'}{self.dev_mid or ''}{n}"


#: The PEP 440 normal form: ``1.3.0rc1``, ``1.3.0.post1``, ``1.3.1.dev0``.
PEP440: Final = Spelling("", "", ("a", "b", "rc"), ".", "post", "", ".", "dev", "")
#: The SemVer form of a candidate: ``1.3.0-rc.1``, ``1.3.0-alpha.1``, ``1.3.0-beta.1``.
SEMVER: Final = Spelling("-", ".", ("alpha", "beta", "rc"), ".", "post", "", ".", "dev", "")


def number(text: str, version: str) -> int:
    """``int(text)``, or :class:`InvalidVersion` naming ``version`` when it is too long.

    Python refuses to read integers of more than 4,300 digits (``sys.set_int_max_str_digits``)
    with a bare ValueError; a version is never allowed to raise that.
    """
    try:
        return int(text)
    except ValueError as exc:
        raise InvalidVersion(
            f"Invalid version: {version!r} (a number is too long: {len(text)} digits)"
        ) from exc


def semver_pre_to_pep440(identifiers: str) -> Pre | None:
    """The PEP 440 pre-release of SemVer pre-release identifiers, or None when there is none.

    >>> semver_pre_to_pep440("rc.1"), semver_pre_to_pep440("beta"), semver_pre_to_pep440("x.7")
    (('rc', 1), ('b', 0), None)
    """
    match = _SEMVER_PRE_RE.fullmatch(identifiers)
    if match is None:
        return None
    return _PRE_NORMAL[match[1]], int(match[2] or 0)


def _words(label: str) -> tuple[str, str, str]:
    lower = label.lower()
    words = ("alpha", "beta", "rc") if lower in ("alpha", "beta") else ("a", "b", "rc")
    if _PRE_NORMAL[lower] == "rc":
        words = (words[0], words[1], lower)
    if label.isupper():
        return (words[0].upper(), words[1].upper(), words[2].upper())
    return words


def _read_semver(text: str, match: re.Match[str]) -> Read:
    pre_text, build = match["pre"], match["build"]
    pre = None
    spelling = Spelling()
    if pre_text:
        pre = semver_pre_to_pep440(pre_text)
        if pre is None:
            raise InvalidVersion(
                f"Invalid version: {text!r} has no PEP 440 form: a pre-release must be "
                "-alpha.N, -beta.N or -rc.N (also -a.N, -b.N, -c.N) to be published for Python"
            )
        word = re.match("[a-z]+", pre_text)
        assert word is not None  # the pattern above starts with a label
        # -rc.1 and -alpha (no number: the next is -alpha.1) vs the glued -rc1
        mid = "" if re.fullmatch("[a-z]+[0-9]+", pre_text) else "."
        spelling = Spelling(pre_sep="-", pre_mid=mid, pre_words=_words(word[0]))
    # PEP 440 local labels are [a-z0-9] segments; hyphens separate segments there.
    local = [seg for item in (build or "").split(".") for seg in item.lower().split("-") if seg]
    written = (match["major"], match["minor"], match["patch"])
    release = tuple(number(part, text) for part in written)
    local_text = ".".join(str(number(s, text)) if s.isdigit() else s for s in local) or None
    return 0, release, written, pre, None, None, spelling, local_text


def check_text(text: str) -> None:
    """Refuse what is never a version: not a string, empty, whitespace around, a leading v."""
    if not isinstance(text, str):
        raise InvalidVersion(f"Invalid version: {text!r} (expected a string)")
    if text != text.strip() or not text:
        raise InvalidVersion(f"Invalid version: {text!r} (empty or surrounded by whitespace)")
    if text[:1] in ("v", "V"):
        raise InvalidVersion(
            f"Invalid version: {text!r} (drop the leading 'v': tags carry it, versions do not)"
        )


def read(text: str, *, semver_first: bool = True) -> Read:
    """Parse a SemVer or PEP 440 string: its normalized parts and its :class:`Spelling`.

    Raises :class:`InvalidVersion` naming ``text`` and why it is not a version. With
    ``semver_first=False`` the text is read as PEP 440 only (``1.0.0-1`` is ``1.0.0.post1``).
    """
    check_text(text)
    if not text.isascii():
        raise InvalidVersion(
            f"Invalid version: {text!r} (only ASCII letters and digits; {_EXPECTED})"
        )
    semver = SEMVER_RE.fullmatch(text) if semver_first else None
    if semver is not None:
        return _read_semver(text, semver)
    match = _PEP440_RE.fullmatch(text)
    if match is None:
        raise InvalidVersion(f"Invalid version: {text!r} ({_EXPECTED})")
    written = tuple(match["release"].split("."))
    release = tuple(number(part, text) for part in written)
    epoch = number(match["epoch"], text) if match["epoch"] else 0
    pre = None
    spelling = Spelling()
    if match["pre_l"]:
        label = match["pre_l"]
        pre = (_PRE_NORMAL[label.lower()], number(match["pre_n"] or "0", text))
        spelling = replace(
            spelling, pre_sep=match["pre_sep"], pre_mid=match["pre_mid"], pre_words=_words(label)
        )
    post = None
    if match["post_n1"]:
        post = number(match["post_n1"], text)
        spelling = replace(spelling, post_sep="-", post_word="", post_mid="")
    elif match["post_l"]:
        post = number(match["post_n2"] or "0", text)
        spelling = replace(
            spelling,
            post_sep=match["post_sep"],
            post_word=match["post_l"],
            post_mid=match["post_mid"],
        )
    dev = None
    if match["dev_l"]:
        dev = number(match["dev_n"] or "0", text)
        spelling = replace(
            spelling, dev_sep=match["dev_sep"], dev_word=match["dev_l"], dev_mid=match["dev_mid"]
        )
    local = None
    if match["local"]:
        segments = re.split(r"[-_.]", match["local"].lower())
        local = ".".join(str(number(s, text)) if s.isdigit() else s for s in segments)
    return epoch, release, written, pre, post, dev, spelling, local
