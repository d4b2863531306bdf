"""Per-package tag formats: detected from the package's own tags, or its VCS plugin's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.files.toml import read_toml
from releasekit.git.tags import format_tag, release_tags
from releasekit.locations.detect import vcs_version_source
from releasekit.workspace.tagformat import (
    NAME_TAG_FORMATS,
    TagSelection,
    detect_package_tag_format,
    package_tag_format,
    vcs_tag_selection,
)

DATA = Path(__file__).parent.parent / "data" / "monorepos"


@pytest.mark.parametrize(
    ("name", "tags", "root", "expected"),
    [
        ("a", ["a-v1.0.0", "b-v1.0.0"], False, "a-v{version}"),
        ("a", ["a-1.0.0", "a-1.1.0", "a-v0.1.0"], False, "a-{version}"),
        ("api", ["api/v1.0.0"], False, "api/v{version}"),
        (
            "langchain-core",
            ["langchain-core==0.3.1", "langchain==0.3.0"],
            False,
            "langchain-core=={version}",
        ),
        ("langchain", ["langchain-core==0.3.1", "langchain==0.3.0"], False, "langchain=={version}"),
        ("web", ["web@2.0.0", "web-ui@1.0.0"], False, "web@{version}"),
        ("My_Pkg", ["my-pkg-v1.0.0"], False, "my-pkg-v{version}"),
        ("My_Pkg", ["my_pkg-v1.0.0"], False, "my_pkg-v{version}"),
        ("p07", [f"p{n:02d}-v1.0.0" for n in range(50)], False, "p07-v{version}"),
        ("app", ["v1.0.0", "lib-v0.1.0"], True, "v{version}"),
        ("app", ["v1.0.0", "lib-v0.1.0"], False, None),
        ("app", ["1.0.0", "2.0.0", "app-v3.0.0"], True, "{version}"),
        ("hatch", ["hatchling-v1.0.0", "hatchling-v1.1.0"], False, None),
        ("a", ["a-nightly", "a-latest"], False, None),
    ],
    ids=[
        "name-v",
        "name-dash-majority",
        "name-slash-v",
        "name-eqeq",
        "name-eqeq-not-the-longer-name",
        "name-at",
        "normalized-dash-spelling",
        "underscore-spelling",
        "fifty-members",
        "root-plain-v",
        "member-never-reads-plain-v",
        "root-bare-majority",
        "prefix-of-another-name",
        "not-releases",
    ],
)
def test_detect(name: str, tags: list[str], root: bool, expected: str | None) -> None:
    assert detect_package_tag_format(name, tags, root=root) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "web-v{version}"),
        ({"monorepo": False}, "v{version}"),
        ({"monorepo": False, "tags": ["1.0.0"]}, "{version}"),
        ({"configured": "{name}/{version}"}, "web/{version}"),
        ({"configured": "release-{version}", "tags": ["web-v1.0.0"]}, "release-{version}"),
        ({"selection": TagSelection("hatch-vcs", match="web-v*")}, "web-v{version}"),
        (
            {"selection": TagSelection("x", regex=r"^w(?P<version>\d.*)$"), "tags": ["w1.0"]},
            "w{version}",
        ),
        (
            {"selection": TagSelection("x", regex=r"^nothing$"), "tags": ["web@1.0.0"]},
            "web@{version}",
        ),
    ],
    ids=[
        "monorepo-default",
        "single-default",
        "single-detected",
        "configured-name",
        "configured-wins",
        "glob-without-tags",
        "regex",
        "selection-matches-nothing",
    ],
)
def test_package_tag_format(kwargs: dict[str, Any], expected: str) -> None:
    tags = kwargs.pop("tags", [])
    assert package_tag_format("web", tags, **kwargs) == expected


@pytest.mark.parametrize(
    ("pyproject", "plugin", "expected"),
    [
        (
            {
                "tool": {
                    "hatch": {
                        "version": {
                            "source": "vcs",
                            "raw-options": {
                                "git_describe_command": [
                                    "git",
                                    "describe",
                                    "--tags",
                                    "--match",
                                    "hatch-v*",
                                ]
                            },
                        }
                    }
                }
            },
            "hatch-vcs",
            TagSelection("hatch-vcs", match="hatch-v*"),
        ),
        (
            {
                "tool": {
                    "hatch": {"version": {"source": "vcs", "tag-pattern": r"^cli-(?P<version>.*)"}}
                }
            },
            "hatch-vcs",
            TagSelection("hatch-vcs", regex=r"^cli-(?P<version>.*)"),
        ),
        (
            {
                "tool": {
                    "setuptools_scm": {
                        "git_describe_command": "git describe --match=api/v*",
                        "tag_regex": r"^api/(?P<version>v.*)$",
                    }
                }
            },
            "setuptools-scm",
            TagSelection("setuptools-scm", match="api/v*", regex=r"^api/(?P<version>v.*)$"),
        ),
        (
            {
                "tool": {
                    "setuptools_scm": {
                        "scm": {"git": {"describe_command": "git describe --match 'x-*'"}}
                    }
                }
            },
            "setuptools-scm",
            TagSelection("setuptools-scm", match="x-*"),
        ),
        (
            {"tool": {"uv-dynamic-versioning": {"pattern-prefix": "core-"}}},
            "uv-dynamic-versioning",
            TagSelection("uv-dynamic-versioning", regex=r"^core-v(?P<base>\d+(\.\d+)*)"),
        ),
        (
            {
                "tool": {
                    "poetry-dynamic-versioning": {
                        "enable": True,
                        "pattern": r"^web-(?P<base>\d+\.\d+\.\d+)",
                    }
                }
            },
            "poetry-dynamic-versioning",
            TagSelection("poetry-dynamic-versioning", regex=r"^web-(?P<base>\d+\.\d+\.\d+)"),
        ),
        (
            {"tool": {"versioningit": {"vcs": {"match": ["lib-v*"]}}}},
            "versioningit",
            TagSelection("versioningit", match="lib-v*"),
        ),
        (
            {
                "tool": {
                    "pdm": {
                        "version": {
                            "source": "scm",
                            "tag_filter": "pdm/*",
                            "tag_regex": r"^pdm/(?P<version>.+)$",
                        }
                    }
                }
            },
            "pdm-backend scm",
            TagSelection("pdm-backend scm", match="pdm/*", regex=r"^pdm/(?P<version>.+)$"),
        ),
        ({"tool": {"uv-dynamic-versioning": {"vcs": "git"}}}, "uv-dynamic-versioning", None),
        ({"tool": {"setuptools_scm": {}}}, "setuptools-scm", None),
    ],
    ids=[
        "hatch-vcs-describe-list",
        "hatch-vcs-tag-pattern",
        "setuptools-scm-match-and-regex",
        "setuptools-scm-scm-git",
        "uv-dynamic-versioning-prefix",
        "poetry-dynamic-versioning-pattern",
        "versioningit-match",
        "pdm-filter-and-regex",
        "uv-dynamic-versioning-reads-all",
        "setuptools-scm-reads-all",
    ],
)
def test_vcs_tag_selection(
    pyproject: dict[str, Any], plugin: str, expected: TagSelection | None
) -> None:
    assert vcs_tag_selection(pyproject, plugin) == expected


@pytest.mark.parametrize(
    ("selection", "tags", "expected"),
    [
        (
            TagSelection("s", match="hatch-v*"),
            ["hatchling-v1.0", "hatch-v1.2.0", "0.11.0"],
            "hatch-v{version}",
        ),
        (TagSelection("s", regex=r"^api/(?P<version>v.*)$"), ["api/v1.0.0"], "api/v{version}"),
        (
            TagSelection("s", regex=r"^core-v(?P<base>\d+(\.\d+)*)"),
            ["core-v1.2", "v3.0"],
            "core-v{version}",
        ),
        (TagSelection("s", regex=r"^x-(\d.*)$"), ["x-1.0"], "x-{version}"),
        (TagSelection("s", regex=r"[invalid"), ["x-1.0"], None),
    ],
    ids=["glob", "regex-with-v-in-group", "dunamai-base", "first-group", "bad-regex"],
)
def test_selection_tag_format(
    selection: TagSelection, tags: list[str], expected: str | None
) -> None:
    assert selection.tag_format(tags) == expected


@pytest.mark.parametrize(
    ("pyproject", "expected"),
    [
        (
            {
                "project": {"dynamic": ["version"]},
                "tool": {"hatch": {"version": {"source": "uv-dynamic-versioning"}}},
            },
            "uv-dynamic-versioning",
        ),
        (
            {"project": {"dynamic": ["version"]}, "tool": {"uv-dynamic-versioning": {}}},
            "uv-dynamic-versioning",
        ),
        ({"tool": {"poetry-dynamic-versioning": {"enable": True}}}, "poetry-dynamic-versioning"),
        (
            {
                "project": {"dynamic": ["version"]},
                "tool": {"hatch": {"version": {"source": "vcs"}}},
            },
            "hatch-vcs",
        ),
        ({"project": {"dynamic": ["version"]}, "tool": {"setuptools_scm": {}}}, "setuptools-scm"),
        ({"project": {"dynamic": ["version"]}, "tool": {"versioningit": {}}}, "versioningit"),
        (
            {"project": {"dynamic": ["version"]}, "tool": {"pdm": {"version": {"source": "scm"}}}},
            "pdm-backend scm",
        ),
    ],
    ids=[
        "uv-dv-source",
        "uv-dv-table",
        "poetry-dv",
        "hatch-vcs",
        "setuptools-scm",
        "versioningit",
        "pdm-scm",
    ],
)
def test_every_vcs_plugin_is_recognised(pyproject: dict[str, Any], expected: str) -> None:
    assert vcs_version_source(pyproject) == expected


def test_hatch_root_reads_only_its_own_tags() -> None:
    _, pyproject = read_toml(DATA / "hatch" / "pyproject.toml")
    tags = (DATA / "hatch" / "tags.txt").read_text().split()
    plugin = vcs_version_source(pyproject)
    assert plugin == "hatch-vcs"
    selection = vcs_tag_selection(pyproject, plugin)
    root = package_tag_format("hatch", tags, root=True, selection=selection)
    member = package_tag_format("hatchling", tags)
    assert (root, member) == ("hatch-v{version}", "hatchling-v{version}")
    assert release_tags(root, tags)[0].name == "hatch-v1.18.0"
    assert release_tags(member, tags)[0].name == "hatchling-v1.32.0"


_NAMES = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
_VERSIONS = st.tuples(*[st.integers(0, 30)] * 3).map(lambda t: ".".join(map(str, t)))


@given(
    name=_NAMES,
    other=_NAMES,
    template=st.sampled_from(NAME_TAG_FORMATS),
    other_template=st.sampled_from(NAME_TAG_FORMATS),
    versions=st.lists(_VERSIONS, min_size=1, max_size=4),
)
def test_own_tags_always_win(
    name: str, other: str, template: str, other_template: str, versions: list[str]
) -> None:
    """A package reads its own tags whatever another package's tags look like."""
    own_format = template.replace("{name}", name)
    tags = [format_tag(own_format, v) for v in versions]
    if other != name:
        tags += [format_tag(other_template.replace("{name}", other), v) for v in versions * 2]
    detected = detect_package_tag_format(name, tags)
    assert detected is not None
    assert {t.name for t in release_tags(detected, tags)} == {
        format_tag(own_format, v) for v in versions
    }
