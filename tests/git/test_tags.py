"""Tests for releasekit.git.tags: formats, release-tag recognition, detection, latest tag."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.errors import ConfigError
from releasekit.git.runner import Git
from releasekit.git.tags import (
    DEFAULT_TAG_FORMAT,
    ReleaseTag,
    detect_tag_format,
    format_tag,
    is_release,
    last_release,
    latest_release_tag,
    parse_tag,
    previous_release_tag,
    release_tag_commits,
    release_tags,
    resolve_tag_format,
)
from tests.conftest import GitRepo

PARSE_CASES = [
    ("v{version}", "v1.2.3", "1.2.3"),
    ("v{version}", "v1.2.3-rc.1", "1.2.3-rc.1"),
    ("v{version}", "v1.2.3rc1", "1.2.3rc1"),
    ("v{version}", "v25.02.15", "25.02.15"),
    ("v{version}", "v25.02.15.1", "25.02.15.1"),
    ("v{version}", "v1.2.3+build.7", "1.2.3+build.7"),
    ("{version}", "1.2.3", "1.2.3"),
    ("{version}", "2025.02.15", "2025.02.15"),
    ("release-{version}", "release-25.02.15", "25.02.15"),
    ("pkg@{version}", "pkg@1.0.0", "1.0.0"),
    ("{version}-final", "1.0.0-final", "1.0.0"),
    ("v{version}", "nightly", None),
    ("v{version}", "latest", None),
    ("v{version}", "deploy-2024", None),
    ("v{version}", "v", None),
    ("v{version}", "vnext", None),
    ("v{version}", "v1.x", None),
    ("v{version}", "vv1.2.3", None),
    ("v{version}", "V1.2.3", None),
    ("v{version}", "1.2.3", None),
    ("{version}", "v1.2.3", None),
    ("{version}", "nightly", None),
    ("{version}", "1.0.0-x.7.z.92", None),
    ("pkg@{version}", "other@1.0.0", None),
    ("pkg@{version}", "pkg@", None),
    ("release-{version}", "release-candidate", None),
]
PARSE_IDS = [
    "v-semver",
    "v-semver-pre",
    "v-pep440-pre",
    "v-calver",
    "v-calver-counter",
    "v-build",
    "bare",
    "bare-calver",
    "release-prefix",
    "monorepo-at",
    "suffix",
    "nightly",
    "latest",
    "deploy",
    "v-only",
    "vnext",
    "v-bad-version",
    "double-v",
    "upper-V",
    "bare-for-v-format",
    "v-for-bare-format",
    "bare-nightly",
    "semver-without-pep440-form",
    "other-package",
    "empty-version",
    "release-word",
]


@pytest.mark.parametrize(("tag_format", "name", "version"), PARSE_CASES, ids=PARSE_IDS)
def test_parse_tag(tag_format: str, name: str, version: str | None) -> None:
    assert parse_tag(tag_format, name) == version
    if version is not None:
        assert format_tag(tag_format, version) == name


@pytest.mark.parametrize(
    "tag_format",
    ["release", "{version}-{version}", "v{ver}"],
    ids=["no-placeholder", "twice", "misspelt"],
)
def test_bad_tag_format_is_a_config_error(tag_format: str) -> None:
    with pytest.raises(ConfigError, match="tag-format"):
        format_tag(tag_format, "1.0.0")
    with pytest.raises(ConfigError, match="tag-format"):
        parse_tag(tag_format, "1.0.0")


@given(
    st.sampled_from(["v{version}", "{version}", "release-{version}", "pkg@{version}"]),
    st.tuples(st.integers(0, 999), st.integers(0, 999), st.integers(0, 999)),
)
def test_format_then_parse_round_trips(tag_format: str, parts: tuple[int, int, int]) -> None:
    version = ".".join(map(str, parts))
    assert parse_tag(tag_format, format_tag(tag_format, version)) == version


@given(st.text(max_size=30))
def test_parse_tag_never_raises(name: str) -> None:
    result = parse_tag("v{version}", name)
    assert result is None or name == f"v{result}"


def test_release_tags_sorted_by_version_not_text() -> None:
    names = ["v1.9.0", "v1.10.0", "v1.10.0rc1", "v1.10.0-rc.2", "nightly", "v0.9"]
    assert [t.name for t in release_tags("v{version}", names)] == [
        "v1.10.0",
        "v1.10.0-rc.2",
        "v1.10.0rc1",
        "v1.9.0",
        "v0.9",
    ]


DETECT_CASES = [
    (["v1.0.0", "v1.1.0"], "v{version}"),
    (["1.0.0", "1.1.0", "v1.2.0"], "{version}"),
    (["v1.0.0", "1.0.1"], "v{version}"),
    (["1.0.0", "release-1.0.1"], "{version}"),
    (["release-25.02.15", "release-25.03.01", "nightly"], "release-{version}"),
    (["pkg@1.0.0", "pkg@1.1.0", "other@2.0.0"], "pkg@{version}"),
    (["pkg-v2@1.0.0"], "pkg-v2@{version}"),
    (["nightly", "latest", "deploy-2024", "build-7"], None),
    ([], None),
    (["v2", "v3"], None),
]
DETECT_IDS = [
    "v",
    "bare-majority",
    "tie-prefers-v",
    "tie-prefers-bare",
    "release-prefix",
    "monorepo",
    "digit-in-prefix",
    "no-release-tags",
    "no-tags",
    "no-dot",
]


@pytest.mark.parametrize(("names", "expected"), DETECT_CASES, ids=DETECT_IDS)
def test_detect_tag_format(names: list[str], expected: str | None) -> None:
    assert detect_tag_format(names) == expected


def test_latest_release_tag_is_the_highest_reachable(repo: GitRepo) -> None:
    repo.commit("chore: initial")
    repo.tag("v1.9.0", "Release 1.9.0")
    repo.commit("feat: x")
    repo.tag("v1.10.0")  # lightweight tags count too
    repo.tag("nightly")
    repo.tag("deploy-2024")
    repo.commit("fix: y")
    repo.tag("latest")
    # A release tag on a branch not merged into HEAD is not a release of this branch.
    repo.git("checkout", "-q", "-b", "other")
    repo.commit("feat: elsewhere")
    repo.tag("v9.0.0")
    repo.git("checkout", "-q", "main")
    assert latest_release_tag(Git(repo.path), "v{version}") == ReleaseTag("v1.10.0", "1.10.0")
    assert latest_release_tag(Git(repo.path), "{version}") is None


def test_latest_release_tag_highest_not_nearest(repo: GitRepo) -> None:
    repo.commit("chore: initial")
    repo.tag("v2.0.0")
    repo.commit("fix: a")
    repo.tag("v1.9.9")  # a backport tagged on top: nearer to HEAD, lower version
    assert latest_release_tag(Git(repo.path), "v{version}") == ReleaseTag("v2.0.0", "2.0.0")


def test_latest_release_tag_with_a_dotted_prefix(repo: GitRepo) -> None:
    repo.commit("chore: initial")
    repo.tag("my.pkg@1.0.0")
    repo.tag("myXpkg@2.0.0")
    repo.tag("my.pkg@latest")
    assert latest_release_tag(Git(repo.path), "my.pkg@{version}") == ReleaseTag(
        "my.pkg@1.0.0", "1.0.0"
    )


def test_latest_release_tag_empty_repository(repo: GitRepo) -> None:
    assert latest_release_tag(Git(repo.path), "v{version}") is None
    assert previous_release_tag(Git(repo.path), "v{version}", "1.0.0") is None


PREVIOUS = [
    ("tagged-current", "1.3.0", "v1.2.3"),
    ("untagged-next", "1.4.0", "v1.3.0"),
    ("candidate-orders-below-final", "1.3.0rc1", "v1.2.3"),
    ("final-after-its-candidate", "1.3.1", "v1.3.0"),
    ("pep440-equal-spelling", "1.3", "v1.2.3"),
    ("first-release", "1.0.0", None),
    ("not-a-version", "banana", None),
]


@pytest.mark.parametrize(
    ("version", "expected"), [p[1:] for p in PREVIOUS], ids=[p[0] for p in PREVIOUS]
)
def test_previous_release_tag(repo: GitRepo, version: str, expected: str | None) -> None:
    repo.commit("chore: initial")
    repo.tag("v1.0.0")
    repo.commit("feat: a")
    repo.tag("v1.2.3", "Release 1.2.3")
    repo.tag("nightly")
    repo.commit("feat: b")
    repo.tag("v1.3.0")
    repo.git("checkout", "-q", "-b", "other")
    repo.commit("feat: elsewhere")
    repo.tag("v1.3.5")  # not merged into main: never the previous release there
    repo.git("checkout", "-q", "main")
    found = previous_release_tag(Git(repo.path), "v{version}", version)
    assert (found.name if found else None) == expected


def test_resolve_tag_format(repo: GitRepo) -> None:
    git = Git(repo.path)
    assert resolve_tag_format(git, None) == DEFAULT_TAG_FORMAT
    repo.commit("chore: initial")
    assert resolve_tag_format(git, None) == DEFAULT_TAG_FORMAT
    repo.tag("1.0.0")
    repo.tag("nightly")
    assert resolve_tag_format(git, None) == "{version}"
    assert resolve_tag_format(git, "release-{version}") == "release-{version}"
    with pytest.raises(ConfigError):
        resolve_tag_format(git, "release")


def test_release_tag_commits_peels_annotated_tags(repo: GitRepo) -> None:
    first = repo.commit("chore: initial")
    repo.tag("v1.0.0", "Release 1.0.0")
    second = repo.commit("feat: x")
    repo.tag("v1.1.0")
    repo.tag("nightly")
    tree = repo.git("rev-parse", "HEAD^{tree}").strip()
    repo.git("tag", "v9.9.9", tree)
    assert release_tag_commits(Git(repo.path), "v{version}") == [
        (ReleaseTag("v1.1.0", "1.1.0"), second),
        (ReleaseTag("v1.0.0", "1.0.0"), first),
    ]


# -- the last release ------------------------------------------------------------------------


def _names(repo: GitRepo, **options: object) -> str | None:
    found = last_release(Git(repo.path), "v{version}", **options)  # type: ignore[arg-type]
    return found.name if found else None


def test_an_old_beta_deep_in_the_history_is_not_the_last_release(repo: GitRepo) -> None:
    repo.commit("feat: start")
    repo.tag("v1.0.0.beta0")  # an early experiment, higher than every release after it
    repo.commit("feat: restart at 0.x")
    repo.tag("v0.28.0")
    repo.commit("fix: one")
    repo.tag("v0.28.1")
    repo.commit("fix: two")
    assert _names(repo) == "v0.28.1"
    assert _names(repo, version="0.28.1") == "v0.28.1"
    assert _names(repo, version="0.28.2") == "v0.28.1"  # not tagged yet: the nearest
    assert _names(repo, version="1.0.0b0") == "v1.0.0.beta0"  # the files say so


def test_development_tags_are_not_releases(repo: GitRepo) -> None:
    repo.commit("feat: one")
    repo.tag("9.1.0")
    repo.commit("chore: start the next cycle")
    repo.tag("9.2.0.dev0")
    repo.commit("feat: two")
    git = Git(repo.path)
    assert last_release(git, "{version}") == last_release(git, "{version}", version="9.2.0.dev0")
    assert _tag(last_release(git, "{version}")) == "9.1.0"
    assert _tag(last_release(git, "{version}", dev=True)) == "9.2.0.dev0"


def _tag(found: object) -> str | None:
    return getattr(found, "name", None)


def test_a_candidate_is_a_release_but_not_a_final_one(repo: GitRepo) -> None:
    repo.commit("feat: one")
    repo.tag("v1.2.3")
    repo.commit("feat: two")
    repo.tag("v1.3.0rc1")
    repo.commit("fix: three")
    assert _names(repo, version="1.3.0rc1") == "v1.3.0rc1"
    assert _names(repo, version="1.3.0-rc.1") == "v1.3.0rc1"  # PEP 440 equality
    assert _names(repo, version="1.3.0rc1", final=True) == "v1.2.3"
    assert _names(repo, final=True) == "v1.2.3"


def test_a_tag_only_on_a_merged_branch_is_not_on_the_first_parent_history(repo: GitRepo) -> None:
    repo.commit("feat: one")
    repo.tag("v1.5.0")
    repo.git("checkout", "-q", "-b", "next")
    repo.commit("feat!: two")
    repo.tag("v2.0.0b1")
    repo.git("checkout", "-q", "main")
    repo.commit("fix: three")
    repo.git("merge", "-q", "--no-ff", "-m", "merge next", "next")
    assert _names(repo) == "v1.5.0"


def test_of_several_tags_on_one_commit_the_highest_wins(repo: GitRepo) -> None:
    repo.commit("feat: one")
    repo.tag("v1.0.0rc2")
    repo.tag("v1.0.0")
    assert _names(repo) == "v1.0.0"
    assert _names(repo, version="1.0.0rc2") == "v1.0.0rc2"


def test_no_release_yet(repo: GitRepo) -> None:
    assert _names(repo) is None  # no commit at all
    repo.commit("feat: one")
    repo.tag("v1.0.0.dev0")
    assert _names(repo) is None
    assert _names(repo, dev=True) == "v1.0.0.dev0"


@pytest.mark.parametrize(
    ("version", "final", "expected"),
    [
        ("1.3.0", False, True),
        ("1.3.0rc1", False, True),
        ("1.3.0rc1", True, False),
        ("1.3.0.post1", True, True),
        ("9.2.0.dev0", False, False),
        ("1.0.0-x.7", False, True),
        ("1.0.0-x.7", True, False),
    ],
)
def test_is_release(version: str, final: bool, expected: bool) -> None:
    assert is_release(version, final=final) is expected
