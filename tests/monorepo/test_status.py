"""``next --all`` as a library call: every package's next release from one walk."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from releasekit.errors import RefusedError, UsageError
from releasekit.monorepo.status import workspace_status
from tests.conftest import GitRepo, git, invoke, member_pyproject, workspace_files

DATA = Path(__file__).parent.parent / "data" / "monorepos"


def rows(repo: GitRepo, **kwargs: object) -> list[tuple[object, ...]]:
    status = workspace_status(repo.path, **kwargs)  # type: ignore[arg-type]
    return [
        (r.name, r.current, r.next, r.tag, r.next_tag, r.commits, r.bump, r.reason)
        for r in status.packages
    ]


def test_a_feat_under_b_bumps_only_b(workspace: GitRepo) -> None:
    workspace.commit("feat: b learns a trick", {"packages/b/src/b/trick.py": "x = 1\n"})
    workspace.commit("fix: a bug in a", {"packages/a/src/a/bug.py": "x = 2\n"})
    workspace.commit("docs: root readme", {"README.md": "hi\n"})
    assert rows(workspace) == [
        ("a", "1.0.0", "1.0.1", "a-v1.0.0", "a-v1.0.1", 1, "patch", "commits"),
        ("b", "2.0.0", "2.1.0", "b-v2.0.0", "b-v2.1.0", 1, "minor", "commits"),
    ]


def test_fifty_members_each_read_only_their_own_tags(repo: GitRepo) -> None:
    """The issue's example: p07 reported p00's tag and counted every commit."""
    members = {f"p{n:02d}": (f"packages/p{n:02d}", "1.0.0", ()) for n in range(50)}
    repo.commit("chore: initial commit", workspace_files(members))
    for n in range(50):
        repo.tag(f"p{n:02d}-v1.0.0", "release")
    for n in (3, 7, 7, 9):
        repo.commit(
            f"fix: p{n:02d} thing {n}",
            {f"packages/p{n:02d}/x{repo.git('rev-parse', 'HEAD')[:6]}": "1"},
        )
    status = workspace_status(repo.path)
    by_name = {r.name: r for r in status.packages}
    assert len(by_name) == 50
    p07 = by_name["p07"]
    assert (p07.tag, p07.commits, p07.next, p07.next_tag) == (
        "p07-v1.0.0",
        2,
        "1.0.1",
        "p07-v1.0.1",
    )
    assert [r.name for r in status.packages if r.released] == ["p03", "p07", "p09"]


def test_cascade_gives_the_pinning_package_a_patch(workspace: GitRepo) -> None:
    pyproject = workspace.path / "pyproject.toml"
    workspace.commit(
        "chore: cascade",
        {"pyproject.toml": pyproject.read_text() + "\n[tool.releasekit]\ncascade = true\n"},
    )
    workspace.git("tag", "-f", "a-v1.0.0")
    workspace.git("tag", "-f", "b-v2.0.0")
    workspace.commit("feat: a grows", {"packages/a/src/a/new.py": "x = 1\n"})
    assert rows(workspace) == [
        ("a", "1.0.0", "1.1.0", "a-v1.0.0", "a-v1.1.0", 1, "minor", "commits"),
        ("b", "2.0.0", "2.0.1", "b-v2.0.0", "b-v2.0.1", 0, None, "cascade"),
    ]


def test_without_cascade_the_pinning_package_waits(workspace: GitRepo) -> None:
    workspace.commit("feat: a grows", {"packages/a/src/a/new.py": "x = 1\n"})
    assert [r[2] for r in rows(workspace)] == ["1.1.0", "2.0.0"]


def test_lockstep_one_version_for_all(repo: GitRepo) -> None:
    files = workspace_files(
        {"a": ("packages/a", "1.4.0", ()), "b": ("packages/b", "1.4.0", ("a==1.4.0",))},
        root='[tool.uv.workspace]\nmembers = ["packages/*"]\n\n'
        '[tool.releasekit]\nversioning = "lockstep"\n',
    )
    repo.commit("chore: initial commit", files)
    repo.tag("v1.4.0", "Release 1.4.0")
    repo.commit("fix: b only", {"packages/b/src/b/x.py": "1\n"})
    assert rows(repo) == [
        ("a", "1.4.0", "1.4.1", "v1.4.0", "v1.4.1", 0, None, "lockstep"),
        ("b", "1.4.0", "1.4.1", "v1.4.0", "v1.4.1", 1, "patch", "lockstep"),
    ]


def test_root_package_beside_a_member_with_other_tag_prefixes(repo: GitRepo) -> None:
    """pypa/hatch: the root (hatch-vcs, --match hatch-v*) and backend/ (hatchling)."""
    shutil.copytree(DATA / "hatch", repo.path, dirs_exist_ok=True)
    with (repo.path / "pyproject.toml").open("a") as file:
        file.write('\n[tool.releasekit]\npackages = ["backend"]\n')
    repo.commit("chore: import")
    for tag in (DATA / "hatch" / "tags.txt").read_text().split():
        repo.tag(tag, f"Release {tag}")
    repo.commit("fix: hatch env bug", {"src/hatch/env.py": "x = 1\n"})
    repo.commit("feat: new build hook", {"backend/src/hatchling/hook.py": "x = 1\n"})
    assert rows(repo) == [
        ("hatch", "1.18.0", "1.18.1", "hatch-v1.18.0", "hatch-v1.18.1", 1, "patch", "commits"),
        (
            "hatchling",
            "1.32.0",
            "1.33.0",
            "hatchling-v1.32.0",
            "hatchling-v1.33.0",
            1,
            "minor",
            "commits",
        ),
    ]


def test_vcs_member_current_version_is_its_last_tag(repo: GitRepo) -> None:
    repo.commit(
        "chore: initial commit",
        workspace_files({"a": ("packages/a", None, ()), "b": ("packages/b", "0.1.0", ())}),
    )
    repo.tag("a-v3.1.4", "a")
    repo.commit("feat!: a breaks", {"packages/a/src/a/x.py": "1\n"})
    assert rows(repo)[0] == ("a", "3.1.4", "4.0.0", "a-v3.1.4", "a-v4.0.0", 1, "major", "commits")
    # b has no tag yet: the whole history is its own, and the default format is b-v{version}
    assert rows(repo)[1][3:5] == (None, "b-v0.1.0")


def test_only_and_unknown_package(workspace: GitRepo) -> None:
    assert [r.name for r in workspace_status(workspace.path, only=["B"]).packages] == ["b"]
    with pytest.raises(UsageError, match="--package c: no such package"):
        workspace_status(workspace.path, only=["c"])


def test_not_a_repository(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.uv.workspace]\nmembers = ["p/*"]\n')
    (tmp_path / "p" / "a").mkdir(parents=True)
    (tmp_path / "p/a/pyproject.toml").write_text(member_pyproject("a", "1.0"))
    with pytest.raises(RefusedError, match="not in a git repository"):
        workspace_status(tmp_path)


def test_a_higher_tag_on_another_branch_is_not_the_last_release(workspace: GitRepo) -> None:
    workspace.git("checkout", "-q", "-b", "maint")
    workspace.commit("feat: a on maint", {"packages/a/src/a/m.py": "x = 1\n"})
    workspace.tag("a-v9.0.0", "a 9")
    workspace.git("checkout", "-q", "main")
    workspace.commit("fix: a on main", {"packages/a/src/a/n.py": "x = 2\n"})
    assert rows(workspace)[0] == (
        "a",
        "1.0.0",
        "1.0.1",
        "a-v1.0.0",
        "a-v1.0.1",
        1,
        "patch",
        "commits",
    )


#: Runs ``releasekit ARGS`` and prints how often each pyproject.toml was opened: the
#: interpreter's own audit events see every open, whoever makes it.
COUNT_OPENS = """
import atexit, json, sys
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].endswith("pyproject.toml"):
        opened.append(args[0])
sys.addaudithook(hook)
atexit.register(lambda: sys.stderr.write("OPENED " + json.dumps(opened) + "\\n"))
from releasekit.console import main
main(sys.argv[1:])
"""


def opens_per_file(tmp_path: Path, members: int) -> Counter[str]:
    """How often ``next --all --json`` opens each pyproject.toml of a workspace of ``members``
    packages, keyed by the file's path in the workspace."""
    root = tmp_path / f"ws{members}"
    root.mkdir()
    names = {f"p{n}": (f"packages/p{n}", "1.0.0", ()) for n in range(members)}
    for relative, text in workspace_files(names).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "feat: everything")
    result = subprocess.run(
        [sys.executable, "-c", COUNT_OPENS, "--project", str(root), "next", "--all", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["packages"]) == members
    line = next(x for x in result.stderr.splitlines() if x.startswith("OPENED "))
    opened = json.loads(line.removeprefix("OPENED "))
    return Counter(Path(path).resolve().relative_to(root.resolve()).as_posix() for path in opened)


def test_next_all_reads_each_file_as_often_whatever_the_number_of_packages(
    tmp_path: Path,
) -> None:
    """One discovery for all packages: with twice the packages, each pyproject.toml is still
    opened as often (a discovery per package would open each one once more per package)."""
    small, large = opens_per_file(tmp_path, 3), opens_per_file(tmp_path, 6)
    assert small["pyproject.toml"] == large["pyproject.toml"]
    assert {small[f"packages/p{n}/pyproject.toml"] for n in range(3)} == {
        large[f"packages/p{n}/pyproject.toml"] for n in range(6)
    }
    assert len({small[f"packages/p{n}/pyproject.toml"] for n in range(3)}) == 1
    assert small["packages/p0/pyproject.toml"] < 3 + small["pyproject.toml"]


def test_next_all_answers_what_each_package_answers_alone(repo: GitRepo) -> None:
    """Each row of ``next --all --json`` is what ``--package NAME next --json`` says."""
    from click.testing import CliRunner

    repo.commit(
        "chore: initial commit",
        workspace_files(
            {
                "a": ("packages/a", "1.0.0", ()),
                "b": ("packages/b", "2.0.0", ("a==1.0.0",)),
                "c": ("packages/c", "0.3.0", ()),
                "d": ("libs/d", "4.1.0", ()),
            },
            root='[tool.uv.workspace]\nmembers = ["packages/*", "libs/*"]\n',
        ),
    )
    for tag in ("a-v1.0.0", "b-v2.0.0", "c-v0.3.0", "d-v4.1.0"):
        repo.tag(tag, "release")
    repo.commit("feat(a): a thing", {"packages/a/src/a/thing.py": "X = 1\n"})
    repo.commit("fix(b): a bug", {"packages/b/src/b/bug.py": "X = 1\n"})
    repo.commit("feat!: d breaks", {"libs/d/src/d/api.py": "X = 1\n"})
    repo.commit("fix: a and d", {"packages/a/x.py": "1\n", "libs/d/x.py": "1\n"})
    repo.commit("docs: the root", {"README.md": "hi\n"})
    runner = CliRunner()
    every = invoke(runner, repo.path, "next", "--all", "--json")
    assert every.exit_code == 0, every.output
    rows = json.loads(every.stdout)["packages"]
    assert [row["name"] for row in rows] == ["d", "a", "b", "c"]  # sorted by directory
    for row in rows:
        alone = invoke(runner, repo.path, "--package", row["name"], "next", "--json")
        assert alone.exit_code == 0, alone.output
        data = json.loads(alone.stdout)
        keys = ("next", "tag", "next_tag", "commits")
        assert {k: data[k] for k in keys} == {k: row[k] for k in keys}, row["name"]
