"""Each package's release tag format, read from its own tags only.

Pure: every function takes tag names (one ``git tag --list`` serves all packages) and parsed
pyproject data.

- A package's tags are named after it: ``{name}-v{version}``, ``{name}-{version}``,
  ``{name}/v{version}``, ``{name}=={version}`` or ``{name}@{version}``; the one its existing tags
  follow wins, and with no tags yet a monorepo package uses ``{name}-v{version}``.
- The root package may also use ``v{version}`` or ``{version}``.
- A package whose version comes from git tags (hatch-vcs, setuptools-scm, versioningit, …)
  uses the tags its plugin selects (``git describe --match``, ``tag_regex``,
  ``pattern-prefix``…), so releasekit and the build agree on the version.

>>> detect_package_tag_format("a", ["a-v1.0.0", "b-v2.0.0", "a-v1.1.0"])
'a-v{version}'
>>> package_tag_format("web", [], monorepo=True)
'web-v{version}'
"""

from __future__ import annotations

import fnmatch
import re
import shlex
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from releasekit.locations.packages import normalize_name, table

if TYPE_CHECKING:
    from releasekit.git.runner import Git
    from releasekit.workspace.members import Member, Package, Workspace

__all__ = [
    "LOCKSTEP_TAG_FORMAT",
    "MONOREPO_TAG_FORMAT",
    "NAME_TAG_FORMATS",
    "TagSelection",
    "detect_package_tag_format",
    "package_for_tag",
    "package_tag_format",
    "project_tag_format",
    "vcs_tag_selection",
    "workspace_tag_format",
]
#: The one tag format of a lockstep workspace unless ``tag-format`` says otherwise.
LOCKSTEP_TAG_FORMAT = "v{version}"

#: The per-package tag formats recognised in a monorepo, in the order a tie is settled.
NAME_TAG_FORMATS: tuple[str, ...] = (
    "{name}-v{version}",
    "{name}-{version}",
    "{name}/v{version}",
    "{name}=={version}",
    "{name}@{version}",
)
#: The tag format of a monorepo package that has no tag yet.
MONOREPO_TAG_FORMAT = "{name}-v{version}"
_ROOT_FORMATS: tuple[str, ...] = ("v{version}", "{version}")
# Where a version starts: a digit after a non-digit (the ``v`` of ``v1.2`` is not part of it).
_DIGIT = re.compile(r"[0-9]")


def _spellings(name: str) -> list[str]:
    """The ways a project's tags spell its name: as written, lower case, ``-`` and ``_``."""
    dashed = normalize_name(name).replace("_", "-")
    return list(dict.fromkeys([name, name.lower(), dashed, dashed.replace("-", "_")]))


def _count(tag_format: str, names: Sequence[str]) -> int:
    from releasekit.git.tags import release_tags  # pure helpers on names

    return len(release_tags(tag_format, names))


def detect_package_tag_format(
    name: str, tag_names: Iterable[str], *, root: bool = False
) -> str | None:
    """The format most of ``name``'s release tags follow; ``None`` when it has none.

    Only tags spelled with the package's own name count (and, for the ``root`` package, the
    plain ``v{version}`` and ``{version}`` tags), so one package never reads another's tags.

    >>> detect_package_tag_format("core", ["core@1.0.0", "core-lib@2.0.0"])
    'core@{version}'
    >>> detect_package_tag_format("app", ["v1.0.0", "lib-v0.1.0"], root=True)
    'v{version}'
    """
    names = list(tag_names)
    candidates = [fmt.replace("{name}", s) for fmt in NAME_TAG_FORMATS for s in _spellings(name)]
    if root:
        candidates.extend(_ROOT_FORMATS)
    if not name:
        candidates = list(_ROOT_FORMATS)
    best: tuple[int, str] | None = None
    for candidate in dict.fromkeys(candidates):
        count = _count(candidate, names)
        if count and (best is None or count > best[0]):
            best = (count, candidate)
    return best[1] if best else None


@dataclass(frozen=True)
class TagSelection:
    """The tags a VCS version plugin reads: a ``git describe --match`` glob, a regular
    expression whose ``version`` (or ``base``, or first) group is the version, or both.

    >>> TagSelection("hatch-vcs", match="api-v*").tag_format([])
    'api-v{version}'
    >>> TagSelection("setuptools-scm", regex=r"^web/(?P<version>.+)$").tag_format(["web/1.0"])
    'web/{version}'
    """

    plugin: str
    match: str | None = None
    regex: str | None = None

    def _version_start(self, name: str) -> int | None:
        if self.match is not None and not fnmatch.fnmatchcase(name, self.match):
            return None
        if self.regex is None:
            found = _DIGIT.search(name)
            return found.start() if found else None
        try:
            matched = re.search(self.regex, name)
        except re.error:
            return None
        if matched is None:
            return None
        groups = matched.groupdict()
        group: str | int = next((g for g in ("version", "base") if groups.get(g)), 0)
        if group == 0 and matched.re.groups:
            group = 1
        start = matched.start(group)
        if name[start : start + 1] in ("v", "V"):
            start += 1  # setuptools-scm's default regex keeps the v inside the version group
        return start

    def tag_format(self, tag_names: Iterable[str]) -> str | None:
        """The format of the selected tags (most common prefix), else one read off the glob."""
        votes: Counter[str] = Counter()
        for name in tag_names:
            start = self._version_start(name)
            if start is not None and start < len(name):
                candidate = name[:start] + "{version}"
                if _count(candidate, [name]):
                    votes[candidate] += 1
        if votes:
            return votes.most_common(1)[0][0]
        if self.match:
            prefix = re.split(r"[*?\[]", self.match, maxsplit=1)[0]
            return prefix + "{version}"
        return None


def _describe_match(command: object) -> str | None:
    """The ``--match`` glob of a ``git describe`` command (a string or a list)."""
    if isinstance(command, str):
        try:
            words = shlex.split(command)
        except ValueError:
            return None
    elif isinstance(command, list):
        words = [str(w) for w in command]
    else:
        return None
    for index, word in enumerate(words):
        if word == "--match" and index + 1 < len(words):
            return words[index + 1]
        if word.startswith("--match="):
            return word[len("--match=") :]
    return None


def _scm_options(options: Mapping[str, Any], plugin: str) -> TagSelection | None:
    command = options.get("git_describe_command") or table(options, "scm", "git").get(
        "describe_command"
    )
    match = _describe_match(command)
    regex = options.get("tag_regex")
    regex = regex if isinstance(regex, str) else None
    return TagSelection(plugin, match, regex) if match or regex else None


def _dunamai(options: Mapping[str, Any], plugin: str) -> TagSelection | None:
    """uv-dynamic-versioning and poetry-dynamic-versioning: dunamai's pattern and prefix."""
    pattern = options.get("pattern")
    prefix = options.get("pattern-prefix")
    if not isinstance(prefix, str):
        prefix = ""
    if isinstance(pattern, str) and pattern not in ("default", "default-unprefixed"):
        regex = pattern.replace("^", "^" + prefix, 1) if prefix else pattern
        return TagSelection(plugin, regex=regex)
    if not prefix:
        return None
    v = "" if pattern == "default-unprefixed" else "v"
    return TagSelection(plugin, regex=rf"^{prefix}{v}(?P<base>\d+(\.\d+)*)")


def vcs_tag_selection(pyproject: Mapping[str, Any], plugin: str | None) -> TagSelection | None:
    """The tag selection ``plugin`` is configured with in ``pyproject``; ``None`` when it reads
    every tag (then the package's name decides which tags are its own).

    >>> vcs_tag_selection({"tool": {"setuptools_scm": {
    ...     "git_describe_command": "git describe --tags --match 'cli-v*'"}}}, "setuptools-scm")
    TagSelection(plugin='setuptools-scm', match='cli-v*', regex=None)
    """
    tool = table(pyproject, "tool")
    if plugin == "hatch-vcs":
        hatch = table(tool, "hatch", "version")
        selection = _scm_options(table(hatch, "raw-options"), plugin)
        pattern = hatch.get("tag-pattern")
        if isinstance(pattern, str):
            match = selection.match if selection else None
            return TagSelection(plugin, match, pattern)
        return selection or _scm_options(table(tool, "setuptools_scm"), plugin)
    if plugin == "setuptools-scm":
        return _scm_options(table(tool, "setuptools_scm"), plugin)
    if plugin == "pdm-backend scm":
        pdm = table(tool, "pdm", "version")
        match, regex = pdm.get("tag_filter"), pdm.get("tag_regex")
        match = match if isinstance(match, str) else None
        regex = regex if isinstance(regex, str) else None
        return TagSelection(plugin, match, regex) if match or regex else None
    if plugin == "versioningit":
        vcs = table(tool, "versioningit", "vcs")
        matches = vcs.get("match")
        match = matches[0] if isinstance(matches, list) and matches else None
        regex = table(tool, "versioningit", "tag2version").get("regex")
        regex = regex if isinstance(regex, str) else None
        if match or regex:
            return TagSelection(plugin, match if isinstance(match, str) else None, regex)
        return None
    if plugin in ("uv-dynamic-versioning", "poetry-dynamic-versioning"):
        return _dunamai(table(tool, plugin), plugin)
    return None


def package_tag_format(
    name: str,
    tag_names: Iterable[str],
    *,
    configured: str | None = None,
    root: bool = False,
    monorepo: bool = True,
    selection: TagSelection | None = None,
) -> str:
    """The tag format of package ``name``: configured (``{name}`` filled in), else the one its
    VCS plugin selects, else detected from its own tags, else ``{name}-v{version}`` in a
    monorepo (``v{version}`` outside one).

    >>> package_tag_format("api", ["api/v1.0.0"])
    'api/v{version}'
    >>> package_tag_format("api", [], configured="{name}@{version}")
    'api@{version}'
    """
    if configured:
        return configured.replace("{name}", name)
    names = list(tag_names)
    if selection is not None:
        selected = selection.tag_format(names)
        if selected is not None:
            return selected
    if not monorepo:
        from releasekit.git.tags import DEFAULT_TAG_FORMAT, detect_tag_format

        return detect_tag_format(names) or DEFAULT_TAG_FORMAT
    detected = detect_package_tag_format(name, names, root=root)
    if detected is not None:
        return detected
    return MONOREPO_TAG_FORMAT.replace("{name}", name) if name else "v{version}"


def workspace_tag_format(workspace: Workspace, package: Package, tag_names: Iterable[str]) -> str:
    """The tag format of ``package`` in ``workspace``: ``v{version}`` (or the configured one)
    for every package in lockstep, else :func:`package_tag_format` with the package's own
    configuration and VCS plugin.
    """
    from releasekit.locations.detect import vcs_version_source

    if workspace.lockstep:
        configured = workspace.config.tag_format or LOCKSTEP_TAG_FORMAT
        return configured.replace("{name}", package.name)
    plugin = vcs_version_source(package.pyproject)
    selection = vcs_tag_selection(package.pyproject, plugin) if plugin else None
    return package_tag_format(
        package.name,
        tag_names,
        configured=package.config.tag_format,
        root=package.is_root,
        monorepo=workspace.is_monorepo,
        selection=selection,
    )


def package_for_tag(
    workspace: Workspace, tag_names: Iterable[str], tag: str
) -> tuple[Package, str] | None:
    """The package whose release tags ``tag`` is one of, with the version it names.

    The longest prefix wins, so ``core-lib-v1.0.0`` is ``core-lib``'s, not ``core``'s.
    """
    from releasekit.git.tags import parse_tag

    names = [*tag_names, tag]
    found: list[tuple[int, Package, str]] = []
    for package in workspace.packages:
        if not package.name:
            continue
        tag_format = workspace_tag_format(workspace, package, names)
        version = parse_tag(tag_format, tag)
        if version is not None:
            found.append((len(tag_format), package, version))
    if not found:
        return None
    _, package, version = max(found, key=lambda item: item[0])
    return package, version


def project_tag_format(git: Git, configured: str | None, member: Member | None) -> str:
    """A project's tag format: a monorepo package's own (:func:`workspace_tag_format`), else
    the configured one, else the one the repository's tags follow
    (:func:`releasekit.git.tags.resolve_tag_format`)."""
    if member is None:
        from releasekit.git.tags import resolve_tag_format

        return resolve_tag_format(git, configured)
    return member.tag_format(git.run("tag", "--list").splitlines())
