"""The GitLab pipeline of ``init --ci gitlab``: GitLab's published CI schema and the design.

The schema check runs check-jsonschema with the GitLab CI schema it vendors (offline).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from releasekit.init.gitlab import PipelineSettings, render_gitlab_pipeline, tag_regex
from tests.init.test_workflows import tool

SETTINGS = {
    "default": PipelineSettings(tag_regex("v{version}"), ("3.10", "3.11", "3.12", "3.13"), "demo"),
    "bare-version-tags": PipelineSettings(tag_regex("{version}"), ("3.12",), "demo-pkg"),
    "prefix-and-suffix": PipelineSettings(tag_regex("rel/{version}-final"), ("3.11",), "d_p"),
    "pinned-install": PipelineSettings(
        tag_regex("v{version}"), ("3.13", "3.14"), "demo", "releasekit==26.12.1"
    ),
    "odd-install": PipelineSettings(
        tag_regex("v{version}"), ("3.13",), "demo", 'releasekit[x]>=1,<2; python_version>"3"'
    ),
}


def validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def load(text: str) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(text)
    return data


def test_every_rendering_validates_against_gitlabs_schema(tmp_path: Path) -> None:
    paths = []
    for name, settings in SETTINGS.items():
        path = tmp_path / name / ".gitlab-ci.yml"
        path.parent.mkdir()
        path.write_text(render_gitlab_pipeline(settings))
        paths.append(path)
    result = validate(*paths)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_does_catch_a_broken_pipeline(tmp_path: Path) -> None:
    text = render_gitlab_pipeline(SETTINGS["default"]).replace(
        "    PYPI_ID_TOKEN:\n      aud: pypi", "    PYPI_ID_TOKEN: pypi"
    )
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(text.replace("  stage: build\n", "  stage: build\n  scripts: []\n"))
    result = validate(path)
    assert result.returncode == 1
    assert "id_tokens" in result.stdout


def test_jobs_run_in_order_and_publish_with_an_id_token_only() -> None:
    data = load(render_gitlab_pipeline(SETTINGS["pinned-install"]))
    assert data["stages"] == ["check", "build", "verify", "publish", "release"]
    jobs = {k: v for k, v in data.items() if isinstance(v, dict) and "stage" in v}
    assert {name: job["stage"] for name, job in jobs.items()} == {
        "check": "check",
        "build": "build",
        "verify": "verify",
        "publish": "publish",
        "release": "release",
    }
    assert data["variables"]["RELEASEKIT"] == "releasekit==26.12.1"
    assert data[".releasekit"]["before_script"] == ['python -m pip install --quiet "$RELEASEKIT"']
    assert data[".releasekit"]["image"] == "python:3.14"
    assert jobs["check"]["script"] == [
        'releasekit check --tag "$CI_COMMIT_TAG"',
        'releasekit notes "$CI_COMMIT_TAG" --output notes.md',
    ]
    assert jobs["check"]["variables"] == {"GIT_DEPTH": "0"}
    assert jobs["build"]["artifacts"]["paths"] == ["dist/"]
    assert jobs["verify"]["image"] == "python:$PYTHON_VERSION"
    assert jobs["verify"]["parallel"]["matrix"] == [{"PYTHON_VERSION": ["3.13", "3.14"]}]
    assert jobs["verify"]["script"] == ["releasekit verify --dist dist"]
    publish = jobs["publish"]
    assert publish["id_tokens"] == {"PYPI_ID_TOKEN": {"aud": "pypi"}}
    assert publish["environment"] == {"name": "pypi", "url": "https://pypi.org/project/demo/"}
    assert publish["script"] == ["releasekit publish --dist dist"]
    assert {"job": "build", "artifacts": True} in publish["needs"]
    release = jobs["release"]
    assert release["release"]["tag_name"] == "$CI_COMMIT_TAG"
    assert release["release"]["description"] == "./notes.md"
    assert {"job": "check", "artifacts": True} in release["needs"]
    assert {"job": "publish", "artifacts": False} in release["needs"]


def test_no_password_or_token_variable_anywhere() -> None:
    text = render_gitlab_pipeline(SETTINGS["default"])
    for name in ("TWINE_PASSWORD", "PYPI_API_TOKEN", "RELEASEKIT_TOKEN", "PASSWORD"):
        assert name not in text


def test_the_install_spec_stays_one_quoted_string() -> None:
    data = load(render_gitlab_pipeline(SETTINGS["odd-install"]))
    assert data["variables"]["RELEASEKIT"] == 'releasekit[x]>=1,<2; python_version>"3"'


def test_every_job_runs_only_for_release_tags() -> None:
    data = load(render_gitlab_pipeline(SETTINGS["default"]))
    assert data[".release-tag"]["rules"] == [{"if": "$CI_COMMIT_TAG =~ /^v[0-9]/"}]
    assert data[".releasekit"]["extends"] == ".release-tag"
    for name in ("check", "build", "verify", "publish"):
        assert data[name]["extends"] == ".releasekit"
    assert data["release"]["extends"] == ".release-tag"


TAGS = [
    ("v{version}", "v1.2.3", True),
    ("v{version}", "v25.02.15", True),
    ("v{version}", "version-branch", False),
    ("v{version}", "xv1.2.3", False),
    ("{version}", "25.02.15", True),
    ("{version}", "latest", False),
    ("rel/{version}-final", "rel/1.0-final", True),
    ("rel/{version}-final", "rel/1.0-final2", False),
    ("rel/{version}-final", "relx1.0-final", False),
    ("a.b+{version}", "a.b+1", True),
    ("a.b+{version}", "axb+1", False),
]


@pytest.mark.parametrize(
    ("tag_format", "tag", "matches"), TAGS, ids=[f"{f}~{t}" for f, t, _ in TAGS]
)
def test_tag_regex(tag_format: str, tag: str, matches: bool) -> None:
    # These patterns use only what RE2 and Python's re read alike.
    assert bool(re.search(tag_regex(tag_format), tag)) is matches


affix = st.text(st.characters(codec="ascii", exclude_characters="{}\n\r"), max_size=8)
version = st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}){0,2}(rc[0-9])?", fullmatch=True)


@given(prefix=affix, suffix=affix, number=version)
def test_tag_regex_matches_every_tag_of_its_format(prefix: str, suffix: str, number: str) -> None:
    tag_format = f"{prefix}{{version}}{suffix}"
    pattern = tag_regex(tag_format)
    assert "/" not in pattern.replace("\\/", "")  # the rule's /…/ literal stays closed
    assert re.search(pattern, tag_format.format(version=number))
    assert not re.search(pattern, f"{prefix}x{number}{suffix}")
