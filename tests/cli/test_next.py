"""``releasekit next``: every part, auto from conventional commits, --json, bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import PYPROJECT, GitRepo, invoke


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["major"], "2.0.0"),
        (["minor"], "1.3.0"),
        (["patch"], "1.2.4"),
        (["pre"], "1.2.4rc1"),
        (["calver", "--date", "2025-02-15"], "25.02.15"),
        (["minor", "--current", "2.0.5"], "2.1.0"),
        (["patch", "--current", "2.0.0-rc.1"], "2.0.0"),
        (["pre", "--current", "2.0.0-rc.1"], "2.0.0-rc.2"),
    ],
    ids=[
        "major",
        "minor",
        "patch",
        "pre",
        "calver",
        "current-minor",
        "current-finalize",
        "current-pre",
    ],
)
def test_explicit_parts(
    runner: CliRunner, project: GitRepo, args: list[str], expected: str
) -> None:
    before = project.snapshot()
    result = invoke(runner, project.path, "next", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{expected}\n"
    assert project.snapshot() == before


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        (["fix: a", "docs: b"], "1.2.4"),
        (["fix: a", "feat(api/v2.users): b"], "1.3.0"),
        (["feat: a", "refactor(core)!: drop the old config"], "2.0.0"),
        (["fix: a\n\nBREAKING CHANGE: the CLI flags changed"], "2.0.0"),
        (["fix: a\n\nThe BREAKING CHANGE: of 1.0 is not repeated here."], "1.2.4"),
        (["Merge pull request #3 from octo/x", "feat: b"], "1.3.0"),
    ],
    ids=["patch", "minor", "major-bang", "major-footer", "prose-is-not-breaking", "with-merge"],
)
def test_auto_from_commits_since_the_tag(
    runner: CliRunner, project: GitRepo, messages: list[str], expected: str
) -> None:
    for message in messages:
        project.commit(message)
    before = project.snapshot()
    default = invoke(runner, project.path, "next")
    auto = invoke(runner, project.path, "next", "auto")
    assert (default.exit_code, default.stdout) == (0, f"{expected}\n")
    assert (auto.exit_code, auto.stdout) == (0, f"{expected}\n")
    assert project.snapshot() == before


def test_auto_nothing_to_release_says_so(runner: CliRunner, project: GitRepo) -> None:
    project.commit("docs: typo")
    project.commit("chore(deps): bump x")
    result = invoke(runner, project.path, "next")
    assert result.exit_code == 0
    assert result.stdout == "1.2.3\n"
    assert "no commit since v1.2.3 calls for a release" in result.stderr
    assert "2 read, none is a feat, fix, perf or breaking change" in result.stderr
    assert "the version stays 1.2.3" in result.stderr


def test_auto_breaking_on_zero_major_bumps_minor(runner: CliRunner, repo: GitRepo) -> None:
    repo.commit("chore: initial", {"pyproject.toml": PYPROJECT.format(version="0.4.1")})
    repo.tag("v0.4.1")
    repo.commit("feat!: new API")
    result = invoke(runner, repo.path, "next")
    assert (result.exit_code, result.stdout) == (0, "0.5.0\n")
    assert invoke(runner, repo.path, "next", "major").stdout == "1.0.0\n"


def test_auto_without_a_tag_reads_all_history(runner: CliRunner, repo: GitRepo) -> None:
    repo.commit("chore: initial", {"pyproject.toml": PYPROJECT.format(version="1.0.0")})
    repo.commit("fix: a")
    repo.tag("nightly")  # not a release tag
    result = invoke(runner, repo.path, "next", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["next"], data["tag"], data["commits"], data["bump"]) == ("1.0.1", None, 2, "patch")


def test_auto_uses_the_highest_release_tag_on_the_branch(
    runner: CliRunner, project: GitRepo
) -> None:
    project.git("checkout", "-q", "-b", "experiment")
    project.commit("feat!: elsewhere")
    project.tag("v9.0.0")
    project.git("checkout", "-q", "main")
    project.commit("fix: here")
    result = invoke(runner, project.path, "next", "--json")
    data = json.loads(result.stdout)
    assert (data["tag"], data["next"], data["commits"]) == ("v1.2.3", "1.2.4", 1)


def test_auto_follows_a_configured_tag_format(runner: CliRunner, repo: GitRepo) -> None:
    config = '\n[tool.releasekit]\ntag-format = "release-{version}"\n'
    repo.commit("chore: initial", {"pyproject.toml": PYPROJECT.format(version="2.0.0") + config})
    repo.tag("release-2.0.0")
    repo.commit("feat: a")
    repo.tag("v5.0.0")  # another format: not this project's release
    repo.commit("fix: b")
    data = json.loads(invoke(runner, repo.path, "next", "--json").stdout)
    assert (data["tag"], data["next"], data["next_tag"], data["commits"]) == (
        "release-2.0.0",
        "2.1.0",
        "release-2.1.0",
        2,
    )


def test_bump_map_from_config(runner: CliRunner, repo: GitRepo) -> None:
    config = '\n[tool.releasekit]\nbump-map = { docs = "patch", feat = "patch" }\n'
    repo.commit("chore: initial", {"pyproject.toml": PYPROJECT.format(version="1.0.0") + config})
    repo.tag("v1.0.0")
    repo.commit("chore: nothing")
    quiet = invoke(runner, repo.path, "next")
    assert "none is a docs, feat or breaking change" in quiet.stderr
    repo.commit("docs: a")
    assert invoke(runner, repo.path, "next").stdout == "1.0.1\n"
    repo.commit("feat: b")
    assert invoke(runner, repo.path, "next").stdout == "1.0.1\n"


def test_json_object(runner: CliRunner, project: GitRepo) -> None:
    project.commit("feat: a")
    project.commit("Update README")
    result = invoke(runner, project.path, "next", "--json", "--date", "2025-02-15")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "current": "1.2.3",
        "next": "1.3.0",
        "part": "auto",
        "resolved_part": "minor",
        "scheme": "semver",
        "tag": "v1.2.3",
        "next_tag": "v1.3.0",
        "commits": 2,
        "conventional_commits": 1,
        "bump": "minor",
        "date": "2025-02-15",
    }


def test_json_for_an_explicit_part(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "next", "patch", "--json")
    data = json.loads(result.stdout)
    assert (data["part"], data["next"], data["tag"], data["commits"], data["bump"]) == (
        "patch",
        "1.2.4",
        "v1.2.3",
        None,
        None,
    )


CALVER = '\n[tool.releasekit]\nscheme = "calver"\n'


def test_calver_project_defaults_to_calver(runner: CliRunner, repo: GitRepo) -> None:
    repo.commit("chore: initial", {"pyproject.toml": PYPROJECT.format(version="25.02.14") + CALVER})
    repo.tag("v25.02.14")
    assert invoke(runner, repo.path, "next", "--date", "2025-02-15").stdout == "25.02.15\n"
    assert invoke(runner, repo.path, "next", "--date", "2025-02-14").stdout == "25.02.14.1\n"


def test_calver_project_auto(runner: CliRunner, repo: GitRepo) -> None:
    repo.commit("chore: initial", {"pyproject.toml": PYPROJECT.format(version="25.02.14") + CALVER})
    repo.tag("v25.02.14")
    repo.commit("docs: a")
    nothing = invoke(runner, repo.path, "next", "auto", "--date", "2025-02-15")
    assert (nothing.exit_code, nothing.stdout) == (0, "25.02.14\n")
    repo.commit("fix: b")
    result = invoke(runner, repo.path, "next", "auto", "--date", "2025-02-15")
    assert (result.exit_code, result.stdout) == (0, "25.02.15\n")


@pytest.mark.parametrize(
    "date",
    ["2025-13-01", "15/02/2025", "2025-2-15", "yesterday", "2025-02-30", ""],
    ids=["month-13", "slashes", "short-month", "word", "feb-30", "empty"],
)
def test_bad_date_is_a_usage_error(runner: CliRunner, project: GitRepo, date: str) -> None:
    result = invoke(runner, project.path, "next", "calver", "--date", date)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: --date")
    assert "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "current",
    ["1.x", "v1.2.3", "", "1.0.0-x.7.z.92"],
    ids=["garbage", "v-prefix", "empty", "no-pep440-form"],
)
def test_bad_current_is_a_usage_error(runner: CliRunner, project: GitRepo, current: str) -> None:
    result = invoke(runner, project.path, "next", "minor", "--current", current)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --current")
    assert "Traceback" not in result.stderr


def test_unknown_part_is_a_usage_error(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "next", "biggest")
    assert result.exit_code == 2
    assert "error:" in result.stderr
    assert "'biggest' is not one of" in result.stderr


def test_semver_part_on_calver_project_is_refused(runner: CliRunner, repo: GitRepo) -> None:
    repo.commit("chore: initial", {"pyproject.toml": PYPROJECT.format(version="25.02.14") + CALVER})
    result = invoke(runner, repo.path, "next", "minor")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "calver" in result.stderr


def test_calver_going_backwards_is_refused(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(
        runner, project.path, "next", "calver", "--current", "2026.1.1", "--date", "2025-02-15"
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")


def test_outside_a_project(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory) -> None:
    result = invoke(runner, tmp_path_factory.mktemp("empty"), "next")
    assert result.exit_code == 2
    assert "no pyproject.toml found" in result.stderr


def test_verbose_says_why(runner: CliRunner, project: GitRepo) -> None:
    project.commit("feat: a")
    result = invoke(runner, project.path, "-v", "next")
    assert result.stdout == "1.3.0\n"
    assert "1 commit since v1.2.3: minor -> minor" in result.stderr


def test_outside_git_explicit_parts_work(
    runner: CliRunner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("nogit")
    (path / "pyproject.toml").write_text(PYPROJECT.format(version="1.2.3"))
    result = invoke(runner, path, "next", "minor", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["next"], data["tag"], data["next_tag"]) == ("1.3.0", None, "v1.3.0")


def test_outside_git_auto_says_what_to_do(
    runner: CliRunner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("nogit")
    (path / "pyproject.toml").write_text(PYPROJECT.format(version="1.2.3"))
    result = invoke(runner, path, "next")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: next auto reads the commits")
    assert "not in a git repository: pass a part" in result.stderr
    assert "Traceback" not in result.stderr


def test_auto_in_a_repository_without_commits(runner: CliRunner, repo: GitRepo) -> None:
    repo.write("pyproject.toml", PYPROJECT.format(version="0.1.0"))
    result = invoke(runner, repo.path, "next", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["next"], data["tag"], data["commits"], data["bump"]) == ("0.1.0", None, 0, None)
