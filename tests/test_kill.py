"""Kill a real ``releasekit release`` at every git step boundary; the next run finishes it.

A ``git`` wrapper first on PATH sends SIGKILL to the releasekit process (its parent) when the
named git subcommand starts, so the process dies exactly between two steps: files written
but not committed (``commit``), committed but not tagged (``tag``), tagged but not pushed
(``push``). The next ``releasekit release`` (a real subprocess too) must end in the released
state: one release commit, the tag on it, both on the remote, the changelog promoted once,
and no second bump. A ``releasekit init`` killed before each of its renames (one changed file,
two created ones in new directories) is undone to exactly the tree before it. More crash points
between two renames: ``tests/files/test_edits.py`` and ``tests/files/test_recovery.py``
(``os.replace`` fault injection in a real process).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GitRepo

CHANGELOG = (
    "# Changelog\n\n## [Unreleased]\n\n### Fixed\n\n- a fix\n\n## [1.2.3] - 2025-01-01\n\n- first\n"
)


def _git_wrapper(directory: Path) -> Path:
    """A ``git`` that kills its caller when ``$RELEASEKIT_KILL_AT`` is the subcommand."""
    real = shutil.which("git")
    assert real is not None
    directory.mkdir()
    wrapper = directory / "git"
    wrapper.write_text(
        f"""#!{sys.executable}
import os, signal, sys
from pathlib import Path
args = sys.argv[1:]
while args and args[0].startswith("-"):  # -C DIR, -c KEY=VALUE, --no-pager, ...
    option = args.pop(0)
    if option in ("-C", "-c") and args:
        args.pop(0)
name, _, nth = os.environ.get("RELEASEKIT_KILL_AT", "").partition(":")
if name and args and args[0] == name:
    counter = Path(os.environ["RELEASEKIT_KILL_COUNTER"])
    seen = int(counter.read_text() or 0) + 1 if counter.exists() else 1
    counter.write_text(str(seen))
    if seen == int(nth or 1):
        os.kill(os.getppid(), signal.SIGKILL)
        sys.exit(137)
os.execv({real!r}, [{real!r}, *sys.argv[1:]])
"""
    )
    wrapper.chmod(0o755)
    return directory


#: ``python -c _KILL_AT_RENAME N ARGS``: ``releasekit ARGS`` that dies (``os._exit``, no
#: cleanup) when its Nth rename of a file starts (the os.replace fault injection).
_KILL_AT_RENAME = """
import os, sys
real, calls, nth = os.replace, [], int(sys.argv.pop(1))
def replace(src, dst):
    if not str(dst).endswith((".json", ".releasekit-orig")):
        calls.append(dst)
        if len(calls) == nth:
            os._exit(137)
    real(src, dst)
os.replace = replace
sys.argv[0] = "releasekit"
from releasekit.__main__ import main
main()
"""


def _release(
    project: GitRepo, bin_dir: Path, kill_at: str | None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("RELEASEKIT_KILL_AT", None)
    env["RELEASEKIT_KILL_COUNTER"] = str(bin_dir / "seen")
    (bin_dir / "seen").unlink(missing_ok=True)
    command = [sys.executable, "-m", "releasekit", "--project", str(project.path), "release"]
    if kill_at == "between-renames":
        # The os.replace fault injection: the process dies after the first file is replaced.
        command[1:3] = ["-c", _KILL_AT_RENAME, "2"]
    elif kill_at:
        env["RELEASEKIT_KILL_AT"] = kill_at
    return subprocess.run(
        [*command, "--no-publish", "--no-verify"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


#: Every git command a release runs, in order (``NAME:N`` is the Nth ``git NAME``): a kill
#: before the first write (the checks), while writing, and between every two writing steps.
KILL_POINTS = [
    "rev-parse",
    "tag:1",
    "symbolic-ref",
    "for-each-ref",
    "log",
    "status",
    "ls-remote",
    "fetch",
    "rev-list",
    "ls-files",
    "push:1",  # git push --dry-run --atomic: the push check, before the first write
    "between-renames",
    "commit",
    "tag:2",
    "push:2",  # the real push
]


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_release_killed_at_a_step_boundary_is_finished_by_the_next_run(
    project: GitRepo, tmp_path: Path, kill_at: str
) -> None:
    project.commit("fix: a fix", {"CHANGELOG.md": CHANGELOG})
    project.git("push", "-q", "origin", "main")
    bin_dir = _git_wrapper(tmp_path / "bin")

    killed = _release(project, bin_dir, kill_at)
    assert killed.returncode in (-9, 137), killed.stderr  # killed: no cleanup ran

    finished = _release(project, bin_dir, None)
    assert finished.returncode == 0, finished.stderr
    assert "Traceback" not in finished.stderr

    head = project.git("rev-parse", "HEAD").strip()
    assert project.git("rev-parse", "v1.2.4^{commit}").strip() == head
    assert "refs/tags/v1.2.5" not in project.remote_refs()
    remote = project.remote_refs()
    assert f"refs/heads/main {head}" in remote
    assert "refs/tags/v1.2.4 " in remote
    assert project.git("status", "--porcelain") == ""
    changelog = project.read("CHANGELOG.md").decode()
    assert changelog.count("- a fix") == 1
    assert changelog.count("## [1.2.4]") == 1
    assert 'version = "1.2.4"' in project.read("pyproject.toml").decode()
    assert not list(project.path.rglob("*releasekit-orig*"))  # beside the files or in .git
    assert not (project.path / ".git" / "releasekit-journal.json").exists()


def _releasekit(
    project: GitRepo, *args: str, kill_at_rename: int = 0
) -> subprocess.CompletedProcess[str]:
    """``releasekit ARGS`` in a real process; with ``kill_at_rename=N`` it dies (``os._exit``,
    no cleanup) when its Nth file rename starts."""
    killer = (
        ["-c", _KILL_AT_RENAME, str(kill_at_rename)] if kill_at_rename else ["-m", "releasekit"]
    )
    return subprocess.run(
        [sys.executable, *killer, "--project", str(project.path), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


#: ``releasekit init`` changes pyproject.toml, then creates CHANGELOG.md, then creates
#: .github/workflows/release.yml in two new directories: one kill before each rename.
INIT_RENAMES = [1, 2, 3]


@pytest.mark.slow
@pytest.mark.parametrize("rename", INIT_RENAMES, ids=[f"rename-{n}" for n in INIT_RENAMES])
def test_a_write_killed_between_renames_is_undone_to_the_tree_before_it(
    project: GitRepo, rename: int
) -> None:
    """Recovery removes the files the killed write created (and the directories it made),
    and only those, and puts back the ones it changed: the tree is exactly as before."""
    (project.path / "docs").mkdir()  # an empty directory of the user's: it stays
    before = project.snapshot()
    killed = _releasekit(project, "init", kill_at_rename=rename)
    assert killed.returncode == 137, killed.stderr
    assert (project.path / ".git" / "releasekit-journal.json").exists()

    # A writing command recovers first; this one then refuses, so recovery is all it does.
    recovered = _releasekit(project, "bump", "--set", "0.0.1")
    assert recovered.returncode == 1, recovered.stderr
    assert "interrupted while writing; restored: " in recovered.stderr
    assert "Traceback" not in recovered.stderr
    assert project.snapshot() == before
    assert not (project.path / ".github").exists()
    assert (project.path / "docs").is_dir()
    assert not (project.path / ".git" / "releasekit-journal.json").exists()
    assert not [p for p in project.path.rglob(".*.releasekit-*") if ".git" not in p.parts]

    finished = _releasekit(project, "init")  # the next run does the whole write
    assert finished.returncode == 0, finished.stderr
    assert (project.path / "CHANGELOG.md").is_file()
    assert (project.path / ".github" / "workflows" / "release.yml").is_file()
