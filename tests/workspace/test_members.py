"""Member discovery: uv workspaces, ``[tool.releasekit] packages``, the root package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from releasekit.errors import ConfigError, UsageError
from releasekit.workspace.members import discover_workspace, package_key
from tests.conftest import member_pyproject

DATA = Path(__file__).parent.parent / "data" / "monorepos"


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


def layout(
    root_text: str, members: dict[str, tuple[str, str | None]], tmp_path: Path
) -> list[tuple[str, str]]:
    files = {"pyproject.toml": root_text}
    for name, (directory, version) in members.items():
        files[f"{directory}/pyproject.toml"] = member_pyproject(name, version)
    workspace = discover_workspace(write(tmp_path, files))
    return [(p.name, p.directory) for p in workspace.packages]


CASES = [
    (
        '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
        {"a": ("packages/a", "1.0"), "b": ("packages/b", "2.0")},
        [("a", "packages/a"), ("b", "packages/b")],
    ),
    (
        '[tool.uv.workspace]\nmembers = ["packages/*"]\nexclude = ["packages/old*"]\n',
        {"a": ("packages/a", "1.0"), "old": ("packages/old-one", "0.1")},
        [("a", "packages/a")],
    ),
    (
        '[project]\nname = "app"\nversion = "3.0"\n\n'
        '[tool.uv.workspace]\nmembers = ["libs/*", "cli"]\n',
        {"lib": ("libs/lib", "1.0"), "cli": ("cli", None)},
        [("app", "."), ("cli", "cli"), ("lib", "libs/lib")],
    ),
    (
        '[project]\nname = "app"\ndynamic = ["version"]\n\n'
        '[tool.hatch.version]\nsource = "vcs"\n\n'
        '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
        {"a": ("packages/a", "1.0")},
        [("app", "."), ("a", "packages/a")],
    ),
    (
        '[project]\nname = "tooling"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
        {"a": ("packages/a", "1.0")},
        [("a", "packages/a")],
    ),
    (
        '[tool.uv.workspace]\nmembers = ["packages/*"]\n\n'
        '[tool.releasekit]\npackages = ["backend", "packages/a"]\n',
        {"a": ("packages/a", "1.0"), "b": ("packages/b", "1.0"), "api": ("backend", "0.1")},
        [("api", "backend"), ("a", "packages/a")],
    ),
    (
        '[project]\nname = "single"\nversion = "1.0"\n',
        {},
        [("single", ".")],
    ),
    (
        '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
        {"a": ("packages/a", "1.0"), "docs": ("packages/docs", None)},
        [("a", "packages/a"), ("docs", "packages/docs")],
    ),
]


@pytest.mark.parametrize(
    ("root_text", "members", "expected"),
    CASES,
    ids=[
        "uv-glob",
        "uv-exclude",
        "root-with-static-version",
        "root-with-vcs-version",
        "root-without-version-is-no-package",
        "releasekit-packages-override-uv",
        "single-project",
        "vcs-member",
    ],
)
def test_discovery(
    root_text: str,
    members: dict[str, tuple[str, str | None]],
    expected: list[tuple[str, str]],
    tmp_path: Path,
) -> None:
    assert layout(root_text, members, tmp_path) == expected


def test_member_without_version_is_skipped_but_not_the_roots(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[project]\nname = "app"\nversion = "1"\n\n'
        '[tool.uv.workspace]\nmembers = ["tools/*"]\n',
        "tools/lint/pyproject.toml": '[project]\nname = "lint"\n',
    }
    workspace = discover_workspace(write(tmp_path, files))
    assert [p.name for p in workspace.packages] == ["app"]
    assert workspace.member_directories == ("tools/lint",)
    assert workspace.is_monorepo


def test_member_config_inherits_the_shared_settings(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[tool.uv.workspace]\nmembers = ["p/*"]\n\n[tool.releasekit]\n'
        'commit-message = "release: {version}"\ntag-format = "{name}@{version}"\n'
        'files = [{ path = "VERSION" }]\npaths = ["shared/*"]\n',
        "p/a/pyproject.toml": member_pyproject("a", "1.0")
        + '\n[tool.releasekit]\npaths = ["proto/a/*"]\nchangelog = "HISTORY.md"\n',
        "p/b/pyproject.toml": member_pyproject("b", "1.0"),
    }
    a, b = discover_workspace(write(tmp_path, files)).packages
    assert a.config.commit_message == b.config.commit_message == "release: {version}"
    assert a.config.tag_format == "{name}@{version}"
    assert a.config.files == b.config.files == ()
    assert a.paths == ("proto/a/*",)
    assert b.paths == ()
    assert a.changelog == "p/a/HISTORY.md"
    assert b.changelog == "p/b/CHANGELOG.md"


def test_a_plain_tag_format_is_not_shared_with_members(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[tool.uv.workspace]\nmembers = ["p/*"]\n\n'
        '[tool.releasekit]\ntag-format = "v{version}"\n',
        "p/a/pyproject.toml": member_pyproject("a", "1.0"),
    }
    (a,) = discover_workspace(write(tmp_path, files)).packages
    assert a.config.tag_format is None


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {
                "pyproject.toml": '[tool.uv.workspace]\nmembers = ["p/*"]\n',
                "p/a/pyproject.toml": member_pyproject("same", "1"),
                "p/b/pyproject.toml": member_pyproject("Same", "1"),
            },
            "p/b/pyproject.toml: the name 'Same' is also the name of p/a",
        ),
        (
            {
                "pyproject.toml": '[tool.uv.workspace]\nmembers = ["p/*"]\n',
                "p/a/pyproject.toml": '[project]\nversion = "1"\n',
            },
            "p/a/pyproject.toml: [project] name is missing",
        ),
        (
            {"pyproject.toml": '[tool.uv.workspace]\nmembers = "p/*"\n'},
            "[tool.uv.workspace] members and exclude must be lists",
        ),
        (
            {
                "pyproject.toml": '[tool.uv.workspace]\nmembers = ["p/*"]\n',
                "p/a/pyproject.toml": member_pyproject("a", "1")
                + '\n[tool.releasekit]\nversionning = "lockstep"\n',
            },
            "unknown key 'versionning' (did you mean 'versioning'?)",
        ),
    ],
    ids=["duplicate-name", "missing-name", "members-not-a-list", "member-config-typo"],
)
def test_bad_layouts_name_the_culprit(files: dict[str, str], message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        discover_workspace(write(tmp_path, files))
    assert message in str(caught.value)


def test_package_lookup(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[project]\nname = "App"\nversion = "1"\n\n'
        '[tool.uv.workspace]\nmembers = ["p/*"]\n',
        "p/my_lib/pyproject.toml": member_pyproject("My_Lib", "1"),
    }
    workspace = discover_workspace(write(tmp_path, files))
    assert workspace.package("my-lib").directory == "p/my_lib"
    assert workspace.package("MY.LIB").name == "My_Lib"
    inner, docs = (workspace.package_at(tmp_path / d) for d in ("p/my_lib/src", "docs"))
    assert (inner and inner.name, docs and docs.name) == ("My_Lib", "App")
    assert workspace.package_at(tmp_path.parent) is None
    with pytest.raises(
        UsageError, match=r"--package nope: no such package .*packages: App, My_Lib"
    ):
        workspace.package("nope")
    assert package_key("My_Lib") == "my-lib"


def test_hatch_layout(tmp_path: Path) -> None:
    root = tmp_path / "hatch"
    shutil.copytree(DATA / "hatch", root)
    with (root / "pyproject.toml").open("a") as file:
        file.write('\n[tool.releasekit]\npackages = ["backend"]\n')
    workspace = discover_workspace(root)
    assert [(p.name, p.directory, p.is_root) for p in workspace.packages] == [
        ("hatch", ".", True),
        ("hatchling", "backend", False),
    ]
    assert workspace.source == "releasekit"


def test_pydantic_ai_layout(tmp_path: Path) -> None:
    workspace = discover_workspace(DATA / "pydantic-ai")
    assert [p.name for p in workspace.packages] == [
        "pydantic-ai",
        "clai",
        "pydantic-ai-examples",
        "pydantic-ai-slim",
        "pydantic-evals",
        "pydantic-graph",
    ]
    assert all(p.dynamic_version for p in workspace.packages)
    assert workspace.source == "uv"
    assert not workspace.lockstep
