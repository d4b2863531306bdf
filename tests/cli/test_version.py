"""``releasekit version``: the version, or with --json every place it lives."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from releasekit.cli import cli
from releasekit.files.journal import write_journal
from tests.conftest import GitRepo, invoke

DATA = Path(__file__).parents[1] / "data" / "pyprojects"


def test_version_prints_the_version(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "version")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "1.2.3\n", "")


def test_version_json_lists_every_location(runner: CliRunner, project: GitRepo) -> None:
    result = invoke(runner, project.path, "version", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "version": "1.2.3",
        "scheme": "semver",
        "tag_format": "v{version}",
        "source": "files",
        "vcs": None,
        "root": str(project.path.resolve()),
        "locations": [
            {
                "file": "pyproject.toml",
                "line": 7,
                "text": 'version = "1.2.3"',
                "version": "1.2.3",
                "kind": "[project].version",
            },
            {
                "file": "src/sample_pkg/__init__.py",
                "line": 3,
                "text": '__version__ = "1.2.3"',
                "version": "1.2.3",
                "kind": "__version__",
            },
        ],
    }


def test_version_json_of_a_vcs_project_reports_the_tag(runner: CliRunner, repo: GitRepo) -> None:
    repo.commit("chore: init", {"pyproject.toml": (DATA / "black.toml").read_bytes()})
    repo.tag("24.2.0", "Release 24.2.0")
    data = json.loads(invoke(runner, repo.path, "version", "--json").stdout)
    assert (data["version"], data["source"], data["vcs"], data["tag"], data["locations"]) == (
        "24.2.0",
        "vcs",
        "hatch-vcs",
        "24.2.0",
        [],
    )
    assert data["tag_format"] == "{version}"


def test_an_interrupted_bump_is_reported_by_readers_and_undone_by_writers(
    runner: CliRunner, project: GitRepo
) -> None:
    path = project.path / "pyproject.toml"
    before = path.read_bytes()
    after = before.replace(b'"1.2.3"', b'"1.2.4"')
    journal = write_journal(project.path, [(path, before, after)])
    path.write_bytes(after)  # the rename happened, then the process died
    warning = (
        "warning: .git/releasekit-journal.json: an earlier releasekit run was interrupted "
        "while writing, so files may be half-written"
    )
    # The dry run sees the half-written files: pyproject.toml and __init__.py disagree.
    for args, code in ((["version"], 0), (["next", "patch"], 0), (["bump", "--dry-run"], 1)):
        result = invoke(runner, project.path, *args)
        assert result.exit_code == code, result.stderr
        assert result.stderr.startswith(warning), args
        assert path.read_bytes() == after
        assert journal.exists()
    result = invoke(runner, project.path, "check")
    assert result.exit_code == 1
    assert ".git/releasekit-journal.json: an earlier releasekit run was interrupted" in (
        result.stderr
    )
    assert path.read_bytes() == after
    assert journal.exists()

    result = invoke(runner, project.path, "bump", "patch")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        "warning: an earlier releasekit run was interrupted while writing; "
        "restored: pyproject.toml\n"
    )
    assert path.read_bytes() == after  # restored to 1.2.3, then bumped to 1.2.4
    assert not journal.exists()


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        ("[project\n", 2, "error: pyproject.toml:1:9: invalid TOML: "),
        ('[project]\nname = "x"\n', 1, "error: no version found in "),
        (
            '[tool.releasekit]\nschem = "calver"\n',
            2,
            "error: [tool.releasekit] unknown key 'schem'",
        ),
    ],
    ids=["broken-toml", "no-version", "bad-config"],
)
def test_version_errors(
    runner: CliRunner, project: GitRepo, content: str, code: int, message: str
) -> None:
    project.write("pyproject.toml", content)
    project.write("src/sample_pkg/__init__.py", '"""No version here."""\n')
    result = invoke(runner, project.path, "version")
    assert result.exit_code == code
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr


def test_the_installed_command_runs(project: GitRepo) -> None:
    executable = shutil.which("releasekit")
    assert executable is not None
    result = subprocess.run(
        [executable, "version"],
        cwd=project.path / "src",
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "1.2.3\n")


_CONSOLE = """
import atexit, sys
from releasekit.console import main
atexit.register(lambda: sys.stderr.write(f"click loaded: {'click' in sys.modules}\\n"))
main(sys.argv[1:])
"""


def _console(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    import os
    import sys

    environ = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | env
    return subprocess.run(
        [sys.executable, "-c", _CONSOLE, *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


def _journal(project: GitRepo) -> None:
    path = project.path / "pyproject.toml"
    before = path.read_bytes()
    write_journal(project.path, [(path, before, before.replace(b"1.2.3", b"1.2.4"))])


@pytest.mark.parametrize(
    ("setup", "args", "env", "quick"),
    [
        (None, ["version"], {}, True),
        (None, ["--project", "."], {}, None),
        (None, ["-v", "--project", ".", "version"], {}, True),
        (None, ["version"], {"GITHUB_ACTIONS": "true"}, False),
        (None, ["version", "--json"], {}, False),
        (None, ["--project", "nowhere", "version"], {}, False),
        ("no-version", ["version"], {}, False),
        ("journal", ["version"], {}, False),
    ],
    ids=["plain", "no-command", "options", "github", "json", "no-dir", "error", "journal"],
)
def test_the_console_answers_version_without_click_only_when_it_can_say_it_all(
    runner: CliRunner,
    project: GitRepo,
    setup: str | None,
    args: list[str],
    env: dict[str, str],
    quick: bool | None,
) -> None:
    """Same stdout, stderr and status as the full command, which answers every other case."""
    if setup == "no-version":
        project.write("pyproject.toml", '[project]\nname = "x"\n')
        project.write("src/sample_pkg/__init__.py", '"""No version here."""\n')
    elif setup == "journal":
        _journal(project)
    result = _console(project.path, *args, **env)
    shown, _, loaded = result.stderr.rpartition("click loaded: ")
    if quick is not None:
        assert loaded == f"{not quick}\n"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project.path)
        full = runner.invoke(cli, args, prog_name="releasekit", env={"GITHUB_ACTIONS": None, **env})
    assert (result.returncode, result.stdout, shown) == (full.exit_code, full.stdout, full.stderr)


DATA_ROOT = Path(__file__).parents[1] / "data"
_STATIC = '[project]\nname = "demo"\nversion = "{version}"\n'


def _copy_tree(repo: GitRepo, source: Path, into: str = ".") -> None:
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.name != "tags.txt":
            repo.write(f"{into}/{path.relative_to(source).as_posix()}", path.read_bytes())


def _fixture(repo: GitRepo, name: str) -> None:
    """Lay out the real-world project ``name`` in ``repo`` and commit it (see the table below)."""
    pyprojects = DATA_ROOT / "pyprojects"
    if name in ("flask", "poetry"):
        repo.write("pyproject.toml", (pyprojects / f"{name}.toml").read_bytes())
    elif name == "httpx":
        repo.write("pyproject.toml", (pyprojects / "httpx.toml").read_bytes())
        repo.write("httpx/__init__.py", "from .__version__ import __version__\n")
        repo.write("httpx/__version__.py", '__title__ = "httpx"\n__version__ = "0.28.1"\n')
    elif name == "packaging":
        repo.write("pyproject.toml", (pyprojects / "packaging.toml").read_bytes())
        repo.write("src/packaging/__init__.py", '__title__ = "packaging"\n__version__ = "25.0"\n')
    elif name.startswith("black"):
        repo.write("pyproject.toml", (pyprojects / "black.toml").read_bytes())
    elif name in ("hatch_sample", "setuptools_sample", "ext_sample"):
        _copy_tree(repo, DATA_ROOT / "sample_projects" / name)
    elif name.startswith("hatch-monorepo"):
        _copy_tree(repo, DATA_ROOT / "monorepos" / "hatch")
        text = (repo.path / "pyproject.toml").read_text()
        repo.write("pyproject.toml", text + '\n[tool.releasekit]\npackages = ["backend"]\n')
        repo.write("backend/src/hatchling/__about__.py", '__version__ = "1.27.0"\n')
    elif name == "pydantic-ai":
        _copy_tree(repo, DATA_ROOT / "monorepos" / "pydantic-ai")
    elif name == "setup-cfg":
        repo.write("setup.cfg", "[metadata]\nname = demo\nversion = 2.0.1\n")
    elif name == "setuptools-attr":
        repo.write(
            "pyproject.toml",
            '[project]\nname = "demo"\ndynamic = ["version"]\n\n'
            '[tool.setuptools.dynamic]\nversion = { attr = "demo.__version__" }\n',
        )
        repo.write("src/demo/__init__.py", '__version__: str = "3.1.4"\n')
    elif name.startswith("files"):
        count = "2" if name == "files-count" else "1"
        readme = "pip install demo==1.0.0\n" + ("pin demo==1.0.0\n" if name != "files" else "")
        repo.write(
            "pyproject.toml",
            _STATIC.format(version="1.0.0") + "\n[tool.releasekit]\n"
            f'files = [{{ path = "README.md", pattern = "demo=={{version}}", count = {count} }}]\n',
        )
        repo.write("README.md", readme)
    elif name == "malformed":
        repo.write("pyproject.toml", '[project\nname = "demo"\n')
    elif name == "bad-key":
        repo.write(
            "pyproject.toml", _STATIC.format(version="1.0") + "[tool.releasekit]\nschema = 1\n"
        )
    elif name == "latin-1":
        repo.write("pyproject.toml", _STATIC.format(version="1.0"))
        repo.write("src/demo/__init__.py", b'__version__ = "1.0"  # caf\xe9\n')
    elif name == "escaped":
        repo.write("pyproject.toml", '[project]\nname = "demo"\nversion = "1.\\u0030"\n')
    else:
        raise AssertionError(name)
    repo.commit("chore: initial commit")
    if name in ("black-tagged", "hatch-monorepo"):
        repo.tag("24.2.0" if name == "black-tagged" else "hatch-v1.14.0", "Release")
    elif name == "pydantic-ai":
        repo.tag("pydantic-graph-v1.0.1", "Release pydantic-graph 1.0.1")


# (fixture, arguments before "version", whether the quick answer gives it without click)
_FIXTURES = [
    ("flask", [], True),
    ("poetry", [], True),
    ("httpx", [], True),
    ("packaging", [], True),
    ("black-tagged", [], True),
    ("black-untagged", [], False),
    ("hatch_sample", [], True),
    ("setuptools_sample", [], True),
    ("ext_sample", [], True),
    ("hatch-monorepo", [], True),
    ("hatch-monorepo", ["--project", "backend"], True),
    ("hatch-monorepo", ["--package", "hatchling"], False),
    ("pydantic-ai", ["--project", "pydantic_graph"], True),
    ("pydantic-ai", ["--package", "pydantic-evals"], False),
    ("setup-cfg", [], True),
    ("setuptools-attr", [], True),
    ("files", [], True),
    ("files-count", [], True),
    ("files-ambiguous", [], False),
    ("malformed", [], False),
    ("bad-key", [], False),
    ("latin-1", [], False),
    ("escaped", [], False),
]


@pytest.mark.parametrize(
    ("name", "before", "quick"),
    _FIXTURES,
    ids=[f"{name}{'-' + args[0][2:] if args else ''}" for name, args, _ in _FIXTURES],
)
@pytest.mark.parametrize("after", [[], ["--json"]], ids=["plain", "json"])
def test_the_quick_version_equals_the_full_command_on_real_projects(
    runner: CliRunner,
    repo: GitRepo,
    name: str,
    before: list[str],
    quick: bool,
    after: list[str],
) -> None:
    """Static, dynamic, setup.cfg, VCS, monorepo and ``files`` versions and broken projects:
    the console script and the full command print the same bytes and exit the same way."""
    _fixture(repo, name)
    args = [*before, "version", *after]
    result = _console(repo.path, *args)
    shown, _, loaded = result.stderr.rpartition("click loaded: ")
    assert loaded == f"{not (quick and not after)}\n"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo.path)
        full = runner.invoke(cli, args, prog_name="releasekit", env={"GITHUB_ACTIONS": None})
    assert (result.returncode, result.stdout, shown) == (full.exit_code, full.stdout, full.stderr)
    if quick and not after:  # what the quick answer gives: the version alone, nothing on stderr
        assert (result.returncode, shown) == (0, "")
        assert result.stdout.count("\n") == 1
