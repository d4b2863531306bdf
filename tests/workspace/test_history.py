"""One ``git log --name-only`` for every package, on real repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

from releasekit.config import DEFAULT_BUMP_MAP
from releasekit.git.runner import Git
from releasekit.git.tags import ReleaseTag
from releasekit.workspace.history import PackageWalk, last_tags, read_tag_refs, walk_since_tags
from releasekit.workspace.paths import PackageTallies, PackageTally, PathRouter, tally_packages
from tests.conftest import GitRepo

ROUTER = PathRouter([("a", "packages/a", ()), ("b", "packages/b", ())])
FORMATS = {"a": "a-v{version}", "b": "b-v{version}"}
DATA = Path(__file__).parent.parent / "data" / "monorepos"


def tally(repo: GitRepo) -> dict[str, PackageTally]:
    git = Git(repo.path)
    refs = read_tag_refs(git)
    return tally_packages(
        walk_since_tags(git, last_tags(refs, FORMATS), refs), ROUTER, DEFAULT_BUMP_MAP
    )


def test_each_package_counts_from_its_own_tag(workspace: GitRepo) -> None:
    workspace.commit("fix: a", {"packages/a/f": "1"})
    workspace.tag("a-v1.0.1", "a 1.0.1")
    workspace.commit("feat: b", {"packages/b/f": "1"})
    workspace.commit("feat!: a breaks", {"packages/a/g": "1"})
    workspace.commit("docs: both", {"packages/a/h": "1", "packages/b/h": "1"})
    assert tally(workspace) == {
        "a": PackageTally("major", 2, 2),
        "b": PackageTally("minor", 2, 2),
    }


def test_merged_branches_count_once_and_respect_the_tags(workspace: GitRepo) -> None:
    workspace.git("checkout", "-q", "-b", "topic")
    workspace.commit("feat: a on a branch", {"packages/a/t": "1"})
    workspace.git("checkout", "-q", "main")
    workspace.commit("fix: b on main", {"packages/b/m": "1"})
    workspace.tag("b-v2.0.1", "b 2.0.1")
    workspace.git("merge", "-q", "--no-ff", "topic", "-m", "Merge branch 'topic'")
    assert tally(workspace) == {"a": PackageTally("minor", 1, 1)}


def test_a_tag_on_another_branch_is_not_this_branchs_release(workspace: GitRepo) -> None:
    workspace.git("checkout", "-q", "-b", "maint")
    workspace.commit("fix: a maint", {"packages/a/m": "1"})
    workspace.tag("a-v9.0.0", "a 9")
    workspace.git("checkout", "-q", "main")
    workspace.commit("fix: a main", {"packages/a/n": "1"})
    refs = read_tag_refs(Git(workspace.path))
    assert last_tags(refs, FORMATS)["a"] == ReleaseTag("a-v1.0.0", "1.0.0")
    assert tally(workspace) == {"a": PackageTally("patch", 1, 1)}


def test_a_package_without_tag_reads_the_whole_history(workspace: GitRepo) -> None:
    workspace.git("tag", "-d", "b-v2.0.0")
    workspace.commit("fix: a", {"packages/a/f": "1"})
    assert tally(workspace) == {
        "a": PackageTally("patch", 1, 1),
        "b": PackageTally(None, 1, 1),
    }


def test_paths_with_spaces_and_unicode(workspace: GitRepo) -> None:
    workspace.commit("feat: odd names", {"packages/b/dir with space/é.txt": "1"})
    records = list(
        walk_since_tags(
            Git(workspace.path),
            last_tags(read_tag_refs(Git(workspace.path)), FORMATS),
            read_tag_refs(Git(workspace.path)),
        )
    )
    assert records[0].paths == ("packages/b/dir with space/é.txt",)


def test_empty_repository_yields_nothing(repo: GitRepo) -> None:
    git = Git(repo.path)
    refs = read_tag_refs(git)
    assert list(walk_since_tags(git, last_tags(refs, FORMATS), refs)) == []


def test_pydantic_ai_latest_release_is_the_highest_reachable(repo: GitRepo) -> None:
    """v1.107.5 was tagged on a maintenance branch after v2.0.0: main's release is v2.33.0."""
    shutil.copytree(DATA / "pydantic-ai", repo.path, dirs_exist_ok=True)
    tags = (DATA / "pydantic-ai" / "tags.txt").read_text().split()
    repo.commit("chore: import")
    for tag in tags:
        if tag.startswith("v1.107.") and tag != "v1.107.0":
            continue
        repo.commit(f"chore(release): {tag}")
        repo.tag(tag, f"Release {tag}")
    repo.git("checkout", "-q", "-b", "v1.x", "v1.107.0")
    for tag in ("v1.107.1", "v1.107.5"):
        repo.commit(f"fix: backport {tag}")
        repo.tag(tag, f"Release {tag}")
    repo.git("checkout", "-q", "main")
    repo.commit("feat: new model", {"pydantic_ai_slim/models.py": "x"})
    git = Git(repo.path)
    refs = read_tag_refs(git)
    (latest,) = last_tags(refs, {"all": "v{version}"}).values()
    assert latest == ReleaseTag("v2.33.0", "2.33.0")
    records = list(walk_since_tags(git, {"all": latest}, refs))
    assert [r.message for r in records if "all" not in r.released] == [b"feat: new model\n"]


# -- the walk proves the tags it starts from ---------------------------------------------------


def walked(repo: GitRepo, *, ordered: bool = False) -> tuple[bool, dict[str, PackageTally]]:
    """Whether a walk from the highest tags of all (reachability not asked) proves them, and
    its tally."""
    git = Git(repo.path)
    refs = read_tag_refs(git, merged=False)
    walk = PackageWalk(git, last_tags(refs, FORMATS), refs, ordered=ordered)
    tallies = PackageTallies(ROUTER, DEFAULT_BUMP_MAP)
    for batch, released in walk.batches():
        tallies.add(batch.messages, batch.paths or (), released)
    return walk.proven, tallies.result()


def test_the_walk_proves_reachable_tags_and_tallies_as_the_records_do(workspace: GitRepo) -> None:
    workspace.commit("fix: a", {"packages/a/f": "1"})
    workspace.tag("a-v1.0.1", "a 1.0.1")  # inside the range: children before parents
    workspace.commit("feat: b", {"packages/b/f": "1"})
    workspace.commit("feat!: a breaks", {"packages/a/g": "1"})
    for ordered in (False, True):
        assert walked(workspace, ordered=ordered) == (True, tally(workspace))


def test_a_tag_on_another_branch_is_not_proven(workspace: GitRepo) -> None:
    workspace.git("checkout", "-q", "-b", "maint")
    workspace.commit("fix: a maint", {"packages/a/m": "1"})
    workspace.tag("a-v9.0.0", "a 9")
    workspace.git("checkout", "-q", "main")
    workspace.commit("fix: a main", {"packages/a/n": "1"})
    assert walked(workspace)[0] is False


def test_head_on_the_tags_is_proven(workspace: GitRepo) -> None:
    assert walked(workspace) == (True, {})


def test_a_walk_never_read_is_reaped(workspace: GitRepo) -> None:
    git = Git(workspace.path)
    refs = read_tag_refs(git, merged=False)
    walk = PackageWalk(git, last_tags(refs, FORMATS), refs)
    walk.close()
    assert list(walk.batches()) == []
