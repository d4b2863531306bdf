"""Tests for releasekit.config: defaults, every key, and errors that name key and value."""

from __future__ import annotations

from typing import Any

import pytest

from releasekit.config import (
    DEFAULT_BRANCHES,
    DEFAULT_BUMP_MAP,
    DEFAULT_CHANGELOG_SECTIONS,
    KNOWN_KEYS,
    Config,
    FileLocationConfig,
    load_config,
)
from releasekit.errors import ConfigError, ReleasekitError


def test_missing_table_gives_defaults() -> None:
    cfg = load_config(None)
    assert cfg == Config()
    assert cfg.scheme is None
    assert cfg.calver_format == "YY.0M.0D"
    assert cfg.timezone == "UTC"
    assert cfg.tag_format is None
    assert cfg.changelog == "CHANGELOG.md"
    assert cfg.commit_message == "chore(release): {version}"
    assert cfg.tag_message == "Release {version}"
    assert cfg.branches == DEFAULT_BRANCHES
    assert dict(cfg.bump_map) == dict(DEFAULT_BUMP_MAP)
    assert dict(cfg.changelog_sections) == dict(DEFAULT_CHANGELOG_SECTIONS)


def test_the_product_example_loads() -> None:
    cfg = load_config(
        {
            "scheme": "semver",
            "calver-format": "YY.0M.0D",
            "timezone": "UTC",
            "tag-format": "v{version}",
            "changelog": "CHANGELOG.md",
            "commit-message": "chore(release): {version}",
            "tag-message": "Release {version}",
            "branches": ["main", "master", "release/*", "hotfix/*"],
            "files": [{"path": "docs/conf.py", "pattern": 'release = "{version}"'}],
        }
    )
    assert cfg.scheme == "semver"
    assert cfg.tag_format == "v{version}"
    assert cfg.files == (FileLocationConfig("docs/conf.py", 'release = "{version}"'),)


def test_config_is_frozen() -> None:
    cfg = load_config({"scheme": "calver"})
    with pytest.raises(AttributeError):
        cfg.scheme = "semver"  # type: ignore[misc]
    with pytest.raises(TypeError):
        cfg.bump_map["feat"] = "major"  # type: ignore[index]


def test_monorepo_keys() -> None:
    cfg = load_config(
        {"packages": ["packages/*", "backend"], "versioning": "lockstep", "cascade": True}
    )
    assert (cfg.packages, cfg.versioning, cfg.cascade) == (
        ("packages/*", "backend"),
        "lockstep",
        True,
    )
    assert (Config().packages, Config().versioning, Config().paths) == ((), "independent", ())


def test_mappings_replace_the_defaults() -> None:
    cfg = load_config(
        {"bump-map": {"feat": "patch", "refactor": "none"}, "changelog-sections": {"docs": ""}}
    )
    assert dict(cfg.bump_map) == {"feat": "patch", "refactor": "none"}
    assert dict(cfg.changelog_sections) == {"docs": ""}


@pytest.mark.parametrize(
    ("table", "fragments"),
    [
        ({"scheme": "calvr"}, ["scheme", "'calvr'", "'calver'", "'semver'"]),
        ({"timezone": "Europe/Paris"}, ["timezone", "'UTC'", "'local'"]),
        ({"tag-format": "v"}, ["tag-format", "{version}"]),
        ({"commit-message": "release"}, ["commit-message", "{version}"]),
        ({"branches": "main"}, ["branches", "list"]),
        ({"branches": []}, ["branches"]),
        ({"files": [{"path": "x.py", "pattern": "version"}]}, ["files[0].pattern", "{version}"]),
        ({"files": [{"pattern": "{version}"}]}, ["files[0]", "path"]),
        ({"files": [{"path": "a", "regex": "b"}]}, ["files[0]", "path"]),
        ({"files": "docs/conf.py"}, ["files", "list of tables"]),
        ({"bump-map": {"feat": "huge"}}, ["bump-map.feat", "'huge'", "'minor'"]),
        ({"bump-map": ["feat"]}, ["bump-map", "table"]),
        ({"changelog-sections": {"feat": "New"}}, ["changelog-sections.feat", "'Added'"]),
        ({"changelog-commits": "yes"}, ["changelog-commits", "true or false"]),
        ({"pre-label": "r.c"}, ["pre-label", "'a', 'b' or 'rc'"]),
        ({"pre-label": "dev"}, ["pre-label = 'dev'", "'a', 'b' or 'rc'"]),
        ({"pre-style": "npm"}, ["pre-style", "'pep440', 'semver'"]),
        ({"scheme": "pep441"}, ["scheme", "'pep440'"]),
        ({"channels": ["beta"]}, ["channels", "branch patterns"]),
        ({"channels": {"beta": "gamma"}}, ["channels.beta", "'gamma'", "'a', 'b' or 'rc'"]),
        ({"channels": {"": "b"}}, ["channels", "branch patterns"]),
        ({"fold-prereleases": "no"}, ["fold-prereleases", "true or false"]),
        ({"post-release-dev": 1}, ["post-release-dev", "true or false"]),
        ({"changelog": ""}, ["changelog", "non-empty"]),
        ({"installer": "conda"}, ["installer", "'conda'", "'auto'", "'pip'", "'uv'"]),
        ({"expect-wheels": "cp3*-win_amd64"}, ["expect-wheels", "list of wheel globs"]),
        ({"expect-wheels": []}, ["expect-wheels", "list of wheel globs"]),
        ({"expect-wheels": ["win_amd64"]}, ["expect-wheels", "'win_amd64'", "cp3{10..13}"]),
        ({"expect-wheels": ["cp3* win_amd64"]}, ["expect-wheels", "'cp3* win_amd64'"]),
        ({"packages": "packages/*"}, ["packages", "list of directory globs"]),
        ({"packages": ["../other"]}, ["packages", "'../other'", "inside it"]),
        ({"paths": ["/abs/*"]}, ["paths", "'/abs/*'", "relative"]),
        ({"versioning": "together"}, ["versioning", "'independent'", "'lockstep'"]),
        ({"cascade": "yes"}, ["cascade", "true or false"]),
    ],
    ids=lambda v: str(v)[:40],
)
def test_bad_values_name_key_value_and_allowed(table: dict[str, Any], fragments: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(table)
    message = str(info.value)
    assert message.startswith("[tool.releasekit]")
    for fragment in fragments:
        assert fragment in message
    assert info.value.exit_code == 2


def test_wheel_expectations_and_the_installer_load() -> None:
    cfg = load_config({"expect-wheels": ["cp3{10..13}-manylinux_*_x86_64"], "installer": "uv"})
    assert cfg.expect_wheels == ("cp3{10..13}-manylinux_*_x86_64",)
    assert cfg.installer == "uv"
    assert (load_config({}).expect_wheels, load_config({}).installer) == ((), "auto")


def test_unknown_key_suggests_the_closest() -> None:
    with pytest.raises(
        ConfigError, match=r"unknown key 'tag_format' \(did you mean 'tag-format'\?\)"
    ):
        load_config({"tag_format": "v{version}"})


def test_unknown_key_lists_known_keys() -> None:
    with pytest.raises(ConfigError) as info:
        load_config({"zzz": 1})
    for key in KNOWN_KEYS:
        assert key in str(info.value)


def test_bad_calver_format_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="calver-format"):
        load_config({"calver-format": "YY.QQ"})


def test_config_error_is_a_releasekit_error() -> None:
    assert issubclass(ConfigError, ReleasekitError)


def test_prerelease_keys() -> None:
    config = load_config(
        {
            "scheme": "pep440",
            "pre-label": "beta",
            "pre-style": "semver",
            "channels": {"beta": "b", "release/*": "RC", "next": "alpha"},
            "fold-prereleases": False,
            "post-release-dev": True,
        }
    )
    assert (config.scheme, config.pre_label, config.pre_style) == ("pep440", "b", "semver")
    assert config.channels == (("beta", "b"), ("release/*", "rc"), ("next", "a"))
    assert (config.fold_prereleases, config.post_release_dev) == (False, True)
    assert [config.channel_label(b) for b in ("beta", "release/1.4", "main", None)] == [
        "b",
        "rc",
        None,
        None,
    ]
    defaults = load_config(None)
    assert (defaults.pre_label, defaults.pre_style, defaults.channels) == ("rc", "pep440", ())
    assert (defaults.fold_prereleases, defaults.post_release_dev) == (True, False)
