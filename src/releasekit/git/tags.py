"""Release tags: the tag format, which tags are releases, and the latest one on this branch.

A tag format is a text with one ``{version}`` in it (``v{version}``, ``{version}``,
``release-{version}``, ``pkg@{version}``). A tag is a *release tag* when it fits the format and
the part in place of ``{version}`` is a SemVer, PEP 440 or CalVer version starting with a
digit; other tags (``nightly``, ``deploy-2024``, ``latest``) are never mistaken for releases.

The helpers on names are pure; :func:`latest_release_tag` and :func:`resolve_tag_format` ask
git (one ``git tag`` each).

>>> format_tag("v{version}", "1.2.3")
'v1.2.3'
>>> parse_tag("pkg@{version}", "pkg@25.02.15"), parse_tag("v{version}", "nightly")
('25.02.15', None)
>>> detect_tag_format(["v1.0.0", "v1.1.0", "1.2.0", "nightly"])
'v{version}'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasekit.errors import ConfigError, ReleasekitError

if TYPE_CHECKING:
    from packaging.version import Version

    from releasekit.git.runner import Git

__all__ = [
    "DEFAULT_TAG_FORMAT",
    "ReleaseTag",
    "detect_tag_format",
    "format_tag",
    "is_release",
    "last_release",
    "latest_release_tag",
    "parse_tag",
    "previous_release_tag",
    "release_tag_commits",
    "release_tags",
    "resolve_tag_format",
    "vcs_version",
]

#: The tag format used when none is configured and no release tag exists yet.
DEFAULT_TAG_FORMAT = "v{version}"
_PLACEHOLDER = "{version}"
# Where a version may start inside a tag name: a digit not preceded by a digit or a dot.
_VERSION_START = re.compile(r"(?<![0-9.])[0-9]")
# Formats detection prefers on a tie, most common first.
_PREFERRED = ("v{version}", "{version}")


@dataclass(frozen=True, slots=True)
class ReleaseTag:
    """A release tag: its name and the version it names (as written in the tag).

    >>> ReleaseTag("v1.2.3", "1.2.3").name
    'v1.2.3'
    """

    name: str
    version: str


def _split_format(tag_format: str) -> tuple[str, str]:
    if tag_format.count(_PLACEHOLDER) != 1:
        raise ConfigError(
            f"tag-format {tag_format!r} must contain '{{version}}' exactly once, "
            "e.g. 'v{version}' or 'pkg@{version}'"
        )
    prefix, _, suffix = tag_format.partition(_PLACEHOLDER)
    return prefix, suffix


def format_tag(tag_format: str, version: str) -> str:
    """The tag name for ``version``.

    >>> format_tag("release-{version}", "25.02.15")
    'release-25.02.15'
    """
    prefix, suffix = _split_format(tag_format)
    return f"{prefix}{version}{suffix}"


def _version_key(version: str) -> Version | None:
    """The PEP 440 key of a tag's version part, or ``None`` when it is not a version."""
    if not version[:1].isdigit():
        return None
    from releasekit.version.pep440 import version_key  # packaging: only when tags are read

    try:
        return version_key(version)
    except (ReleasekitError, ValueError):
        return None


def parse_tag(tag_format: str, name: str) -> str | None:
    """The version a release tag names, or ``None`` when ``name`` is not a release tag.

    >>> parse_tag("v{version}", "v1.2.3-rc.1"), parse_tag("{version}", "v1.2.3")
    ('1.2.3-rc.1', None)
    """
    prefix, suffix = _split_format(tag_format)
    if len(name) <= len(prefix) + len(suffix):
        return None
    if not (name.startswith(prefix) and name.endswith(suffix)):
        return None
    version = name[len(prefix) : len(name) - len(suffix)]
    return version if _version_key(version) is not None else None


def release_tags(tag_format: str, names: Iterable[str]) -> list[ReleaseTag]:
    """The release tags among ``names``, highest version first (PEP 440 order).

    >>> [t.name for t in release_tags("v{version}", ["v1.10.0", "latest", "v1.9.0", "v2.0.0rc1"])]
    ['v2.0.0rc1', 'v1.10.0', 'v1.9.0']
    """
    keyed: list[tuple[Version, ReleaseTag]] = []
    prefix, suffix = _split_format(tag_format)
    for name in names:
        if not (name.startswith(prefix) and name.endswith(suffix)):
            continue
        if len(name) <= len(prefix) + len(suffix):
            continue
        version = name[len(prefix) : len(name) - len(suffix)]
        key = _version_key(version)
        if key is not None:
            keyed.append((key, ReleaseTag(name, version)))
    keyed.sort(key=lambda pair: pair[0], reverse=True)
    return [tag for _, tag in keyed]


def _candidate_format(name: str) -> str | None:
    """The format a tag name suggests (``v1.2.3`` -> ``v{version}``), or ``None``.

    For detection a version needs at least one dot, so ``deploy-2024`` or ``build-7`` are not
    taken for releases.
    """
    for match in _VERSION_START.finditer(name):
        start = match.start()
        version = name[start:]
        if "." in version and _version_key(version) is not None:
            return name[:start] + _PLACEHOLDER
    return None


def detect_tag_format(names: Iterable[str]) -> str | None:
    """The tag format most release-looking tags follow; ``None`` when no tag looks like one.

    Each name votes for the format it fits (``v1.2.3`` -> ``v{version}``, ``1.2.3`` ->
    ``{version}``, ``pkg@1.2.3`` -> ``pkg@{version}``); the majority wins, and a tie goes to
    ``v{version}``, then ``{version}``, then the alphabetically first.

    >>> detect_tag_format(["1.0.0", "1.1.0", "v1.2.0"]), detect_tag_format(["latest"])
    ('{version}', None)
    """
    votes = Counter(fmt for fmt in map(_candidate_format, names) if fmt is not None)
    if not votes:
        return None

    def rank(item: tuple[str, int]) -> tuple[int, int, str]:
        fmt, count = item
        preferred = _PREFERRED.index(fmt) if fmt in _PREFERRED else len(_PREFERRED)
        return (-count, preferred, fmt)

    return min(votes.items(), key=rank)[0]


def _glob(tag_format: str) -> str:
    """A ``git tag --list`` pattern that every release tag of the format matches."""
    prefix, suffix = _split_format(tag_format)
    escaped = [re.sub(r"([*?\[\]\\])", r"\\\1", part) for part in (prefix, suffix)]
    return f"{escaped[0]}[0-9]*{escaped[1]}"


def latest_release_tag(git: Git, tag_format: str) -> ReleaseTag | None:
    """The highest-version release tag reachable from HEAD, or ``None`` when there is none.

    Tags on other branches (a release made from a branch not merged here) and tags that are
    not releases (``nightly``, ``deploy-2024``) are ignored. A repository without commits has
    no release tag.
    """
    pattern = _glob(tag_format)
    result = git.run_result("tag", "--list", "--merged", "HEAD", pattern)
    if result.returncode != 0:
        if git.head() is None:
            return None
        git.run("tag", "--list", "--merged", "HEAD", pattern)  # raises with git's message
    tags = release_tags(tag_format, result.stdout.splitlines())
    return tags[0] if tags else None


def is_release(version: str, *, final: bool = False) -> bool:
    """Whether a tag's version is a release: a development release (``9.2.0.dev0``, which
    setuptools-scm projects tag to start a cycle) is not; with ``final``, neither is a
    candidate.

    >>> is_release("1.3.0rc1"), is_release("9.2.0.dev0"), is_release("1.3.0rc1", final=True)
    (True, False, False)
    """
    from releasekit.version.pep440 import Pep440

    try:
        value = Pep440.parse(version)
    except ReleasekitError:  # a SemVer pre-release without a PEP 440 form is a candidate
        return not final
    return value.dev is None and not (final and value.pre is not None)


def last_release(
    git: Git,
    tag_format: str,
    *,
    version: str | None = None,
    final: bool = False,
    dev: bool = False,
) -> ReleaseTag | None:
    """The last release: the tag of ``version`` (the one in the files) when that tag exists,
    else the nearest release tag on the first-parent history of HEAD; ``None`` when there is
    none.

    It is never simply the highest version among the tags: an old ``1.0.0.beta0`` deep in
    the history of a project releasing 0.28.x is not its last release. Development tags
    (``9.2.0.dev0``) are not releases; with ``final``, candidates are not either, and a
    candidate ``version`` has no tag to count from (``auto`` on 1.3.0rc1 counts from the
    final before it). Of several release tags on one commit, the highest version wins.
    ``dev``: development tags count too (what a VCS plugin describes HEAD from).
    """
    if git.head() is None:
        return None
    from releasekit.version.pep440 import Pep440

    tags = [
        (t, sha)
        for t, sha in release_tag_commits(git, tag_format)
        if (dev and not final) or is_release(t.version, final=final)
    ]
    if not tags:
        return None
    if version is not None and is_release(version, final=final):
        try:
            wanted = Pep440.parse(version)
        except ReleasekitError:
            wanted = None
        for tag, _ in tags:
            if tag.version == version or (wanted is not None and _same(tag.version, wanted)):
                return tag
    by_commit: dict[str, ReleaseTag] = {}
    for tag, commit in tags:  # highest version first: the first one on a commit stays
        by_commit.setdefault(commit, tag)
    stream = git.stream("rev-list", "--first-parent", "HEAD", separator=b"\n")
    try:
        for batch in stream:
            for record in batch:
                found = by_commit.get(record.decode("ascii"))
                if found is not None:
                    return found
    finally:
        stream.close()  # stops git's walk once the tag is found
    return None


def _same(text: str, wanted: object) -> bool:
    from releasekit.version.pep440 import Pep440

    try:
        return Pep440.parse(text) == wanted
    except ReleasekitError:
        return False


def previous_release_tag(git: Git, tag_format: str, version: str) -> ReleaseTag | None:
    """The highest release tag reachable from HEAD whose version is below ``version``.

    The release before ``version`` (PEP 440 order), whether or not ``version`` is tagged yet:
    what CI outputs call the previous version. ``None`` when there is none.
    """
    below = _version_key(version)
    if below is None or git.head() is None:
        return None
    names = git.run("tag", "--list", "--merged", "HEAD", _glob(tag_format)).splitlines()
    for tag in release_tags(tag_format, names):
        key = _version_key(tag.version)
        # A development tag (9.2.0.dev0) starts a cycle; it is not a release.
        if key is not None and key < below and is_release(tag.version):
            return tag
    return None


def release_tag_commits(git: Git, tag_format: str) -> list[tuple[ReleaseTag, str]]:
    """Every release tag of the repository with the commit it points to, highest version
    first, wherever the tags are (one ``git for-each-ref``, no history walk).

    A tag that does not point to a commit (a tagged tree or blob) is left out.
    """
    output = git.run(
        "for-each-ref",
        "--format=%(objecttype) %(objectname) %(*objecttype) %(*objectname) %(refname:strip=2)",
        f"refs/tags/{_glob(tag_format)}",
    )
    commits: dict[str, str] = {}
    for line in output.splitlines():
        # Tag names cannot contain spaces; empty fields (a lightweight tag) leave "".
        kind, sha, peeled_kind, peeled, name = line.split(" ", 4)
        if kind == "commit":
            commits[name] = sha
        elif peeled_kind == "commit":
            commits[name] = peeled
    return [(tag, commits[tag.name]) for tag in release_tags(tag_format, commits)]


def resolve_tag_format(git: Git, configured: str | None) -> str:
    """The tag format in use: the configured one, else the one existing tags follow, else
    :data:`DEFAULT_TAG_FORMAT`."""
    if configured:
        _split_format(configured)
        return configured
    output = git.run("tag", "--list")
    return detect_tag_format(output.splitlines()) or DEFAULT_TAG_FORMAT


def vcs_version(git: Git, tag_format: str) -> str | None:
    """The version a VCS plugin (setuptools-scm's default scheme) gives HEAD: the nearest
    tag's version on it, else the next development release, ``.devN`` for N commits after
    the tag (``1.2.3`` + 3 commits: ``1.2.4.dev3``; a ``9.2.0.dev0`` tag that starts a cycle
    + 5: ``9.2.0.dev5``); None without a release tag."""
    from releasekit.version.pep440 import Pep440

    tag = last_release(git, tag_format, dev=True)
    if tag is None:
        return None
    distance = git.count_commits(f"{tag.name}..HEAD")
    if distance == 0 or not Pep440.is_valid(tag.version):
        return tag.version
    base = Pep440.parse(tag.version)
    if base.dev is None:
        base = base.bump("dev")
    return Pep440(base.release, base.pre, base.post, distance, base.epoch).normalized
