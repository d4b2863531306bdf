"""``[tool.releasekit]``: loaded once into a frozen :class:`Config`.

The loader is pure: it takes the already-parsed pyproject table, so tests and library users can
build a config from a dict. Every key is optional; an unknown key or a bad value raises
:class:`~releasekit.errors.ConfigError` naming the key, the value and what is allowed.

>>> cfg = load_config({"scheme": "calver", "calver-format": "YYYY.0M.MICRO"})
>>> cfg.scheme, cfg.calver_format, cfg.tag_format
('calver', 'YYYY.0M.MICRO', None)
>>> load_config({"schema": "calver"})
Traceback (most recent call last):
...
releasekit.errors.ConfigError: [tool.releasekit] unknown key 'schema' (did you mean 'scheme'?); ...
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Literal, NoReturn

from releasekit.commits.defaults import (
    DEFAULT_BUMP_MAP,
    DEFAULT_CHANGELOG_SECTIONS,
    KEEP_A_CHANGELOG_TYPES,
    BumpLevel,
)
from releasekit.errors import ConfigError, ReleasekitError
from releasekit.values import field, field_names, frozen

__all__ = [
    "DEFAULT_BRANCHES",
    "DEFAULT_BUMP_MAP",
    "DEFAULT_CHANGELOG_SECTIONS",
    "KEEP_A_CHANGELOG_TYPES",
    "Config",
    "FileLocationConfig",
    "load_config",
]

Scheme = Literal["semver", "calver", "pep440"]

SCHEMES: tuple[str, ...] = ("semver", "calver", "pep440")
PRE_STYLES: tuple[str, ...] = ("pep440", "semver")
# A candidate's label as written in the configuration -> its PEP 440 label.
PRE_LABELS: Mapping[str, str] = MappingProxyType(
    {"a": "a", "alpha": "a", "b": "b", "beta": "b", "rc": "rc", "c": "rc"}
)
TIMEZONES: tuple[str, ...] = ("UTC", "local")
#: Who installs into the build and verify environments: uv when on PATH (``auto``), or one.
INSTALLERS: tuple[str, ...] = ("auto", "pip", "uv")
VERSIONINGS: tuple[str, ...] = ("independent", "lockstep")
BUMP_LEVELS: tuple[str, ...] = ("major", "minor", "patch", "none")
DEFAULT_BRANCHES: tuple[str, ...] = ("main", "master", "release/*", "hotfix/*")


@frozen
class FileLocationConfig:
    """One extra place the version lives: a path and a pattern containing ``{version}``.

    ``count`` is how many matches the file must hold (all are replaced); ``None`` means
    exactly one, so a second match (a dependency pin that equals the version) is an error
    that lists them rather than a surprise edit.
    """

    path: str
    pattern: str
    count: int | None = None


@frozen
class Config:
    """The settings of ``[tool.releasekit]``, with every default filled in.

    ``scheme`` and ``tag_format`` are ``None`` when not configured: the project detects them
    (from the current version and from the existing release tags).
    """

    scheme: Scheme | None = None
    calver_format: str = "YY.0M.0D"
    timezone: Literal["UTC", "local"] = "UTC"
    tag_format: str | None = None
    changelog: str = "CHANGELOG.md"
    commit_message: str = "chore(release): {version}"
    tag_message: str = "Release {version}"
    branches: tuple[str, ...] = DEFAULT_BRANCHES
    files: tuple[FileLocationConfig, ...] = ()
    bump_map: Mapping[str, BumpLevel] = field(default_factory=lambda: DEFAULT_BUMP_MAP)
    changelog_sections: Mapping[str, str] = field(
        default_factory=lambda: DEFAULT_CHANGELOG_SECTIONS
    )
    changelog_commits: bool = True
    pre_label: str = "rc"
    pre_style: Literal["pep440", "semver"] = "pep440"
    channels: tuple[tuple[str, str], ...] = ()
    fold_prereleases: bool = True
    post_release_dev: bool = False
    repository: str = "pypi"
    #: Globs of the wheels a release must hold (``cp3{10..13}-manylinux_*_x86_64``); empty:
    #: derived from ``[tool.cibuildwheel]``, or one pure wheel.
    expect_wheels: tuple[str, ...] = ()
    installer: Literal["auto", "pip", "uv"] = "auto"
    #: Monorepo member directories (globs); default: ``[tool.uv.workspace] members``.
    packages: tuple[str, ...] = ()
    #: ``independent`` (each package its own version) or ``lockstep`` (one for all).
    versioning: Literal["independent", "lockstep"] = "independent"
    #: More paths (globs, relative to the repository root) whose commits count for a package.
    paths: tuple[str, ...] = ()
    #: A package whose internal ``==`` pin is rewritten gets a patch release too.
    cascade: bool = False
    #: The text of a collected entry from ``{scope}``, ``{description}``, ``{pr}``, ``{hash}``
    #: and ``{author}`` (None: ``**scope:** description (#123)``, as the commit wrote it).
    entry_format: str | None = None
    #: A ``!`` commit's first body paragraph follows its entry's description, as a
    #: ``BREAKING CHANGE:`` footer's text always does.
    changelog_breaking_body: bool = False

    def channel_label(self, branch: str | None) -> str | None:
        """The candidate label of ``branch`` under ``channels`` (first pattern that matches).

        >>> load_config({"channels": {"beta": "b", "release/*": "rc"}}).channel_label("release/2.0")
        'rc'
        >>> load_config({"channels": {"beta": "b"}}).channel_label("main") is None
        True
        """
        if branch is None:
            return None
        from fnmatch import fnmatchcase  # only when channels are looked up

        return next(
            (label for pattern, label in self.channels if fnmatchcase(branch, pattern)), None
        )


def _key(name: str) -> str:
    return name.replace("_", "-")


KNOWN_KEYS: tuple[str, ...] = tuple(_key(name) for name in field_names(Config))


def _fail(key: str, value: object, allowed: str) -> ConfigError:
    return ConfigError(f"[tool.releasekit] {key} = {value!r} is not valid: {allowed}")


def _choice(key: str, value: object, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        _raise(_fail(key, value, "use one of " + ", ".join(repr(c) for c in choices)))
    return value


def _raise(error: ConfigError) -> NoReturn:
    raise error


def _string(key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        _raise(_fail(key, value, "expected a non-empty string"))
    assert isinstance(value, str)
    return value


def _inside_path(key: str, value: object) -> str:
    """A path relative to the project root that stays inside it (no absolute path, no ``..``).

    releasekit writes these files: a path leaving the repository would be written outside
    it, and the release commit would not contain the change.
    """
    text = _string(key, value)
    from pathlib import PurePosixPath, PureWindowsPath

    posix, windows = PurePosixPath(text.replace("\\", "/")), PureWindowsPath(text)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or ".." in posix.parts:
        _raise(
            _fail(
                key,
                value,
                "use a path relative to the project root that stays inside the repository "
                "(no absolute path, no '..')",
            )
        )
    return text


def _template(key: str, value: object) -> str:
    text = _string(key, value)
    if "{version}" not in text:
        _raise(_fail(key, value, "the text must contain '{version}'"))
    return text


def _calver_format(key: str, value: object) -> str:
    text = _string(key, value)
    from releasekit.version.calver import CalVer  # local: keeps config importable on its own

    try:
        CalVer(text)
    except (ValueError, ReleasekitError) as exc:
        _raise(_fail(key, value, str(exc)))
    return text


def _bool(key: str, value: object) -> bool:
    if not isinstance(value, bool):
        _raise(_fail(key, value, "expected true or false"))
    assert isinstance(value, bool)
    return value


def _branches(key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        _raise(_fail(key, value, 'expected a list of branch names or globs, e.g. ["main"]'))
    assert isinstance(value, list)
    return tuple(value)


def _files(key: str, value: object) -> tuple[FileLocationConfig, ...]:
    example = (
        "expected a list of tables like "
        """{ path = "docs/conf.py", pattern = 'release = "{version}"' }"""
    )
    if not isinstance(value, list):
        _raise(_fail(key, value, example))
    assert isinstance(value, list)
    result = []
    for index, item in enumerate(value):
        where = f"{key}[{index}]"
        if (
            not isinstance(item, Mapping)
            or set(item) - {"path", "pattern", "count"}
            or "path" not in item
        ):
            _raise(_fail(where, item, example))
        path = _inside_path(f"{where}.path", item["path"])
        pattern = _template(f"{where}.pattern", item.get("pattern", "{version}"))
        count = item.get("count")
        if count is not None and (
            not isinstance(count, int) or isinstance(count, bool) or count < 1
        ):
            _raise(_fail(f"{where}.count", count, "expected how many matches, a number >= 1"))
        result.append(FileLocationConfig(path=path, pattern=pattern, count=count))
    return tuple(result)


def _globs(key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        _raise(_fail(key, value, 'expected a list of directory globs, e.g. ["packages/*"]'))
    assert isinstance(value, list)
    for item in value:
        if item.startswith("/") or ".." in item.replace("\\", "/").split("/"):
            _raise(_fail(key, item, "use paths relative to the repository root, inside it"))
    return tuple(value)


def _bump_map(key: str, value: object) -> Mapping[str, BumpLevel]:
    if not isinstance(value, Mapping):
        _raise(_fail(key, value, 'expected a table like { feat = "minor", fix = "patch" }'))
    assert isinstance(value, Mapping)
    result: dict[str, BumpLevel] = {}
    for type_, level in value.items():
        result[str(type_)] = _choice(f"{key}.{type_}", level, BUMP_LEVELS)  # type: ignore[assignment]
    return MappingProxyType(result)


def _entry_format(key: str, value: object) -> str:
    text = _string(key, value)
    from releasekit.commits.entry_format import EntryTemplate  # loaded only when set

    try:
        EntryTemplate.parse(text)
    except ValueError as exc:
        _raise(_fail(key, value, f"{exc}, e.g. '{{description}} ({{pr}})'"))
    return text


def _sections(key: str, value: object) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        _raise(_fail(key, value, 'expected a table like { feat = "Added", docs = "" }'))
    assert isinstance(value, Mapping)
    result: dict[str, str] = {}
    for type_, section in value.items():
        result[str(type_)] = _choice(f"{key}.{type_}", section, ("", *KEEP_A_CHANGELOG_TYPES))
    return MappingProxyType(result)


def _expect_wheels(key: str, value: object) -> tuple[str, ...]:
    example = (
        'expected a list of wheel globs like ["cp3{10..13}-manylinux_*_x86_64", "cp3*-win_amd64"]'
    )
    if not isinstance(value, list) or not value:
        _raise(_fail(key, value, example))
    assert isinstance(value, list)
    for item in value:
        # A glob is matched against "python-platform" (or "interpreter-abi-platform"): it
        # always has a dash and never a space.
        if not isinstance(item, str) or "-" not in item or not item.strip() or " " in item:
            _raise(_fail(key, item, example))
    return tuple(value)


def _pre_label(key: str, value: object) -> str:
    if not isinstance(value, str) or value.lower() not in PRE_LABELS:
        _raise(_fail(key, value, "use 'a', 'b' or 'rc' (also 'alpha', 'beta', 'c')"))
    assert isinstance(value, str)
    return PRE_LABELS[value.lower()]


def _channels(key: str, value: object) -> tuple[tuple[str, str], ...]:
    example = (
        'expected a table of branch patterns and labels, e.g. { beta = "b", "release/*" = "rc" }'
    )
    if not isinstance(value, Mapping):
        _raise(_fail(key, value, example))
    assert isinstance(value, Mapping)
    result = []
    for pattern, label in value.items():
        if not isinstance(pattern, str) or not pattern.strip():
            _raise(_fail(key, value, example))
        result.append((pattern, _pre_label(f"{key}.{pattern}", label)))
    return tuple(result)


_VALIDATORS: dict[str, Callable[[str, object], object]] = {
    "scheme": lambda k, v: _choice(k, v, SCHEMES),
    "calver-format": _calver_format,
    "timezone": lambda k, v: _choice(k, v, TIMEZONES),
    "tag-format": _template,
    "changelog": _inside_path,
    "commit-message": _template,
    "tag-message": _string,
    "branches": _branches,
    "files": _files,
    "bump-map": _bump_map,
    "changelog-sections": _sections,
    "changelog-commits": _bool,
    "pre-label": _pre_label,
    "pre-style": lambda k, v: _choice(k, v, PRE_STYLES),
    "channels": _channels,
    "fold-prereleases": _bool,
    "post-release-dev": _bool,
    "repository": _string,
    "expect-wheels": _expect_wheels,
    "installer": lambda k, v: _choice(k, v, INSTALLERS),
    "packages": _globs,
    "versioning": lambda k, v: _choice(k, v, VERSIONINGS),
    "paths": _globs,
    "cascade": _bool,
    "entry-format": _entry_format,
    "changelog-breaking-body": _bool,
}
assert set(_VALIDATORS) == set(KNOWN_KEYS), "every Config field needs a validator"


def load_config(table: Mapping[str, Any] | None) -> Config:
    """Build a :class:`Config` from the ``[tool.releasekit]`` table (``None`` -> defaults).

    Raises :class:`ConfigError` for an unknown key (with the closest known key suggested) or
    a value of the wrong type or outside the allowed values.
    """
    if table is None:
        return Config()
    if not isinstance(table, Mapping):
        raise ConfigError("[tool.releasekit] must be a table")
    values: dict[str, object] = {}
    for key, value in table.items():
        validator = _VALIDATORS.get(key)
        if validator is None:
            import difflib  # only to suggest a key: not paid by a valid configuration

            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(
                f"[tool.releasekit] unknown key {key!r}{hint}; known keys: " + ", ".join(KNOWN_KEYS)
            )
        values[key.replace("-", "_")] = validator(key, value)
    return Config(**values)  # type: ignore[arg-type]
