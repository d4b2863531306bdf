"""Find every place a project writes its version, with no configuration.

Looked at, in this order:

- ``[project].version`` in pyproject.toml (unless ``version`` is ``dynamic``);
- ``[tool.poetry].version``;
- for a dynamic version, the file the build backend reads it from: ``[tool.hatch.version]
  path``, ``[tool.setuptools.dynamic] version = {attr = …}`` or ``{file = …}``, ``[tool.pdm.
  version] path``, flit's module ``__version__``;
- ``__version__ = "…"`` in the package's ``__init__.py``, ``__version__.py``, ``_version.py``
  and ``version.py`` (src/ and flat layouts; the package comes from the normalized project name
  or the backend's configuration; a project with no declared name: the top-level or src/
  packages that define ``__version__``);
- ``[metadata] version`` in setup.cfg (``attr:`` and ``file:`` values followed);
- the ``files`` of ``[tool.releasekit]``.

A version derived from VCS tags (hatch-vcs, setuptools-scm, uv-dynamic-versioning,
versioningit, pdm-backend scm, poetry-dynamic-versioning) is reported by
:func:`vcs_version_source`: the latest release tag is then the version and no file holds it.

>>> vcs_version_source({"project": {"dynamic": ["version"]}, "tool": {"versioningit": {}}})
'versioningit'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from releasekit.config import Config
from releasekit.errors import ConfigError, FileFormatError, VersionLocationError
from releasekit.files.text import TextFile, read_text_file
from releasekit.locations.packages import (
    declared_packages,
    module_file,
    normalize_name,
    setuptools_bases,
    table,
    undeclared_packages,
)
from releasekit.locations.spans import (
    Span,
    VersionLocation,
    find_ini_value,
    find_python_assignment,
    find_single_value_file,
    find_toml_value,
    line_text,
)
from releasekit.values import field, frozen

__all__ = ["Detection", "detect_locations", "normalize_name", "vcs_version_source"]

VERSION_FILES: tuple[str, ...] = ("__init__.py", "__version__.py", "_version.py", "version.py")


def _requires(pyproject: Mapping[str, Any]) -> list[str]:
    requires = table(pyproject, "build-system").get("requires", [])
    names = []
    for requirement in requires if isinstance(requires, list) else []:
        match = re.match(r"[A-Za-z0-9._-]+", str(requirement))
        if match:
            names.append(normalize_name(match.group(0)))
    return names


def _version_is_dynamic(pyproject: Mapping[str, Any]) -> bool:
    dynamic = table(pyproject, "project").get("dynamic", [])
    return isinstance(dynamic, list) and "version" in dynamic


def vcs_version_source(pyproject: Mapping[str, Any]) -> str | None:
    """The plugin deriving the version from VCS tags, or None when a file holds it.

    >>> vcs_version_source({"project": {"dynamic": ["version"]},
    ...                     "tool": {"hatch": {"version": {"source": "vcs"}}}})
    'hatch-vcs'
    >>> vcs_version_source({"project": {"version": "1.0"}}) is None
    True
    """
    tool = table(pyproject, "tool")
    dynamic_versioning = table(tool, "poetry-dynamic-versioning")
    if dynamic_versioning.get("enable") is True:
        return "poetry-dynamic-versioning"
    if not _version_is_dynamic(pyproject):
        return None
    requires = _requires(pyproject)
    if table(tool, "hatch", "version").get("source") == "vcs":
        return "hatch-vcs"
    if (
        table(tool, "hatch", "version").get("source") == "uv-dynamic-versioning"
        or "uv-dynamic-versioning" in tool
    ):
        return "uv-dynamic-versioning"
    if table(tool, "pdm", "version").get("source") == "scm":
        return "pdm-backend scm"
    if "setuptools_scm" in tool or "setuptools_scm" in requires:
        return "setuptools-scm"
    if "versioningit" in tool or "versioningit" in requires:
        return "versioningit"
    if table(tool, "setuptools-git-versioning").get("enabled") is True:
        return "setuptools-git-versioning"
    return None


@frozen
class Detection:
    """What detection found: the locations and the decoded files they are in (detection
    fills the list and the dict as it goes)."""

    root: Path
    locations: list[VersionLocation] = field(default_factory=list)
    sources: dict[Path, TextFile] = field(default_factory=dict)

    def name(self, path: Path) -> str:
        """``path`` relative to the root, ``/`` separated."""
        from releasekit.files.paths import display_path

        return display_path(path, self.root)

    def read(self, path: Path) -> TextFile:
        """The decoded file (read once)."""
        if path not in self.sources:
            self.sources[path] = read_text_file(path, display=self.name(path))
        return self.sources[path]

    def assignments(self, path: Path, names: Sequence[str]) -> list[Span]:
        """Module-level ``NAME = "…"`` spans of the Python file ``path`` (see :mod:`ast`)."""
        text = self.read(path).text
        try:
            return find_python_assignment(text, names)
        except FileFormatError as exc:
            raise FileFormatError(f"{self.name(path)}: {exc.message}") from None

    def add(self, path: Path, spans: Iterable[Span], kind: str) -> None:
        """Record each span of ``path`` as a location (once per span).

        Raises :class:`~releasekit.errors.ConfigError` naming ``kind`` when the file resolves
        outside the root (a symbolic link): releasekit never writes outside the repository.
        """
        from releasekit.files.paths import inside_root

        inside_root(self.root, path, kind)
        source = self.read(path)
        known = {(loc.path, loc.span.start) for loc in self.locations}
        for span in spans:
            if (path, span.start) in known:
                continue
            self.locations.append(
                VersionLocation(
                    path=path,
                    file=self.name(path),
                    line=span.line,
                    text=line_text(source.text, span.line),
                    version=span.value(source.text),
                    kind=kind,
                    span=span,
                )
            )


def _first_or_fail(spans: list[Span], expected: str, where: str, name: str) -> list[Span]:
    """Keep the first span holding ``expected`` (what tomllib parsed), or explain why none does."""
    if not spans:
        raise VersionLocationError(
            f"{name}: {where} is {expected!r}, but not as a one-line string without escapes "
            f'that releasekit can edit; write it as version = "{expected}"'
        )
    return spans[:1]


def _toml_location(
    found: Detection, path: Path, data: Mapping[str, Any], keys: Sequence[str]
) -> None:
    expected = table(data, *keys).get("version")
    if expected is None:
        return
    where = "[" + ".".join(keys) + "].version"
    if not isinstance(expected, str):
        raise VersionLocationError(f"{found.name(path)}: {where} must be a string")
    source = found.read(path)
    spans = find_toml_value(source.text, keys, "version")
    spans = [s for s in spans if s.value(source.text) == expected]
    found.add(path, _first_or_fail(spans, expected, where, found.name(path)), where)


def _add_attr(found: Detection, bases: Sequence[Path], attr: str, kind: str) -> None:
    module, _, name = attr.strip().rpartition(".")
    path = module_file(bases, module) if module else None
    if path is None:
        raise VersionLocationError(
            f"{kind} = {attr!r}: module {module!r} not found under "
            + ", ".join(found.name(b) or "." for b in bases)
        )
    spans = found.assignments(path, [name])
    if not spans:
        raise VersionLocationError(
            f'{found.name(path)}: no line {name} = "…" (from {kind} = {attr!r}); write the '
            "version there as a plain string"
        )
    found.add(path, spans, name)


def _add_version_file(found: Detection, path: Path, kind: str) -> None:
    if not path.is_file():
        raise VersionLocationError(f"{found.name(path)}: not found (from {kind})")
    spans = find_single_value_file(found.read(path).text)
    if not spans:
        raise VersionLocationError(f"{found.name(path)}: expected only a version (from {kind})")
    found.add(path, spans, kind)


def _add_python_file(found: Detection, path: Path, kind: str, pattern: str | None) -> None:
    if not path.is_file():
        raise VersionLocationError(f"{found.name(path)}: not found (from {kind})")
    text = found.read(path).text
    if pattern:
        try:
            match = re.search(pattern, text, re.MULTILINE)
        except re.error as exc:
            raise ConfigError(
                f"[tool.hatch.version] pattern = {pattern!r} is not a valid regular "
                f"expression: {exc}"
            ) from None
        spans = (
            [
                Span(
                    match.start("version"),
                    match.end("version"),
                    text.count("\n", 0, match.start("version")) + 1,
                )
            ]
            if match and "version" in match.groupdict()
            else []
        )
    else:
        spans = found.assignments(path, ["__version__", "VERSION"])[:1]
    if not spans:
        raise VersionLocationError(
            f'{found.name(path)}: no line __version__ = "…" (from {kind}); write the version '
            "there as a plain string"
        )
    if pattern:
        found.add(path, spans, kind)
    else:  # the variable's own name: __version__ or VERSION
        found.add(path, spans, re.split(r"[\s:=]", line_text(text, spans[0].line), maxsplit=1)[0])


def _dynamic_locations(found: Detection, pyproject: Mapping[str, Any], name: str | None) -> bool:
    """Follow the backend's dynamic-version configuration; True when it named a file."""
    root = found.root
    hatch = table(pyproject, "tool", "hatch", "version")
    if isinstance(hatch.get("path"), str):
        pattern = hatch.get("pattern")
        _add_python_file(
            found,
            root / hatch["path"],
            "[tool.hatch.version] path",
            pattern if isinstance(pattern, str) else None,
        )
        return True
    version = table(pyproject, "tool", "setuptools", "dynamic").get("version")
    if isinstance(version, Mapping):
        if isinstance(version.get("attr"), str):
            bases = setuptools_bases(root, pyproject)
            _add_attr(found, bases, version["attr"], "[tool.setuptools.dynamic] version")
            return True
        files = version.get("file")
        for file in [files] if isinstance(files, str) else files or []:
            _add_version_file(found, root / file, "[tool.setuptools.dynamic] version")
        return bool(files)
    pdm = table(pyproject, "tool", "pdm", "version")
    if pdm.get("source") == "file" and isinstance(pdm.get("path"), str):
        _add_python_file(found, root / pdm["path"], "[tool.pdm.version] path", None)
        return True
    return False


def _package_locations(found: Detection, packages: Sequence[Path], *, quiet: bool) -> None:
    for package in packages:
        files = [package] if package.is_file() else [package / n for n in VERSION_FILES]
        for path in files:
            if not path.is_file():
                continue
            try:
                spans = found.assignments(path, ["__version__"])
            except FileFormatError:
                if quiet:  # a stray unreadable file in an undeclared package is not ours
                    continue
                raise
            found.add(path, spans, "__version__")


def _setup_cfg(found: Detection, bases: Sequence[Path]) -> str | None:
    path = found.root / "setup.cfg"
    if not path.is_file():
        return None
    text = found.read(path).text
    spans = find_ini_value(text, "metadata", "version")
    if spans:
        value = spans[0].value(text)
        if value.startswith("attr:"):
            _add_attr(found, bases, value[len("attr:") :], "setup.cfg [metadata] version")
        elif value.startswith("file:"):
            for file in value[len("file:") :].split(","):
                _add_version_file(found, found.root / file.strip(), "setup.cfg [metadata] version")
        else:
            found.add(path, spans[:1], "setup.cfg [metadata] version")
    names = find_ini_value(text, "metadata", "name")
    return names[0].value(text) if names else None


def _place(text: str, span: Span) -> str:
    """Where a match is, for an error: its line and a few characters around it.

    >>> _place("pin: x==1.0 and y==1.0\\n", Span(19, 22, 1))
    "line 1: '….0 and y==1.0'"
    """
    start = max(text.rfind("\n", 0, span.start) + 1, span.start - 10)
    end = text.find("\n", span.end)
    end = min(len(text) if end < 0 else end, span.end + 10)
    before = "…" if start > 0 and text[start - 1] != "\n" else ""
    after = "…" if end < len(text) and text[end] not in "\r\n" else ""
    return f"line {span.line}: {before + text[start:end].rstrip() + after!r}"


def _configured_files(found: Detection, config: Config) -> None:
    if not config.files:
        return
    from releasekit.locations.patterns import find_pattern  # only for configured files

    for index, item in enumerate(config.files):
        path = found.root / item.path
        kind = f"files[{index}]"
        if not path.is_file():
            raise VersionLocationError(
                f"{item.path}: not found ([tool.releasekit] {kind}); fix the path or remove it"
            )
        text = found.read(path).text
        spans = find_pattern(text, item.pattern)
        if not spans:
            raise VersionLocationError(
                f"{item.path}: nothing matches the pattern {item.pattern!r} "
                f"([tool.releasekit] {kind}); the pattern is the text around the version, "
                "e.g. 'pkg=={version}'"
            )
        # A match that is already a version location (the [project] version, when the
        # pattern names pyproject.toml) is that location, not a second place.
        known = {loc.span.start for loc in found.locations if loc.path == path}
        fresh = [span for span in spans if span.start not in known]
        expected = item.count if item.count is not None else 1
        if fresh and len(fresh) != expected:
            places = "; ".join(_place(text, span) for span in fresh[:10])
            fix = (
                f"set count = {len(fresh)} in {kind} to replace them all, or make the pattern "
                "longer so it matches only the version's own place"
                if item.count is None
                else f"expected count = {item.count}: fix the count or the pattern"
            )
            raise VersionLocationError(
                f"{item.path}: the pattern {item.pattern!r} ([tool.releasekit] {kind}) matches "
                f"{len(fresh)} places ({places}); {fix}; nothing was written"
            )
        found.add(path, spans, kind)


def detect_locations(
    root: Path, pyproject_path: Path, pyproject: Mapping[str, Any], config: Config
) -> Detection:
    """Every version location of the project at ``root`` (see the module docstring).

    A VCS-derived version yields no file locations, except configured ``files``.
    Raises :class:`VersionLocationError` when a declared location cannot be found.
    """
    found = Detection(root=root)
    vcs = vcs_version_source(pyproject)
    project = table(pyproject, "project")
    poetry = table(pyproject, "tool", "poetry")
    name = project.get("name") or poetry.get("name")
    name = name if isinstance(name, str) else None
    if vcs is None:
        if not _version_is_dynamic(pyproject):
            _toml_location(found, pyproject_path, pyproject, ("project",))
        _toml_location(found, pyproject_path, pyproject, ("tool", "poetry"))
        if _version_is_dynamic(pyproject):
            _dynamic_locations(found, pyproject, name)
        bases = setuptools_bases(root, pyproject)
        cfg_name = _setup_cfg(found, bases)
        name = name or cfg_name
        declared = declared_packages(root, pyproject, name)
        if declared:
            _package_locations(found, declared, quiet=False)
        else:
            _package_locations(found, undeclared_packages(root), quiet=True)
    _configured_files(found, config)
    return found
