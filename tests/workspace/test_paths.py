"""Commits routed to packages by path; bump tallies and changelog routing, without git."""

from __future__ import annotations

import fnmatch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.commits.conventional import infer_bump, parse_commit
from releasekit.config import DEFAULT_BUMP_MAP
from releasekit.workspace.paths import (
    ROOT_ONLY,
    CommitRecord,
    PackageTallies,
    PackageTally,
    PathRouter,
    route_messages,
    tally_packages,
)
from tests.commits.test_conventional import NEAR_MISS_BYTES

PACKAGES = [
    ("app", ".", ()),
    ("a", "packages/a", ()),
    ("b", "packages/b", ("proto/b/*", "shared/*.py")),
    ("inner", "packages/a/plugins/inner", ()),
]
ROUTER = PathRouter(PACKAGES, members=("tools/lint",))


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["packages/a/src/a/x.py"], {"a"}),
        (["packages/b/README.md", "packages/a/x"], {"a", "b"}),
        (["packages/a/plugins/inner/x.py"], {"inner"}),
        (["packages/a/plugins/other.py"], {"a"}),
        (["README.md"], {"app"}),
        (["packages/ab/x.py"], {"app"}),
        (["packages/a"], {"app"}),
        (["proto/b/api.proto"], {"app", "b"}),
        (["shared/util.py"], {"app", "b"}),
        (["tools/lint/x.py"], set()),
        ([], set()),
    ],
    ids=[
        "member",
        "two-members",
        "nested-member-is-its-own",
        "outside-the-nested-member",
        "root",
        "similar-prefix-is-not-the-member",
        "a-file-named-like-the-directory",
        "extra-glob",
        "extra-glob-and-root",
        "unreleased-member-is-nobodys",
        "no-paths",
    ],
)
def test_route(paths: list[str], expected: set[str]) -> None:
    assert set(ROUTER.route(paths)) == expected


def test_without_root_package_outside_paths_are_nobodys() -> None:
    router = PathRouter([("a", "packages/a", ())])
    assert router.route(["README.md"]) == frozenset()
    assert router.owner("README.md") is None


def records(*items: tuple[str, tuple[str, ...]]) -> list[CommitRecord]:
    return [CommitRecord(str(i), m.encode(), p) for i, (m, p) in enumerate(items)]


def test_the_issue_example_a_feat_under_b_bumps_only_b() -> None:
    history = records(
        ("feat: new b thing", ("packages/b/x.py",)),
        ("fix: a bug", ("packages/a/y.py",)),
        ("docs: readme", ("README.md",)),
    )
    assert tally_packages(history, ROUTER, DEFAULT_BUMP_MAP) == {
        "b": PackageTally("minor", 1, 1),
        "a": PackageTally("patch", 1, 1),
        "app": PackageTally(None, 1, 1),
    }


def test_released_commits_do_not_count_for_that_package() -> None:
    history = [
        CommitRecord("1", b"fix: both", ("packages/a/x", "packages/b/x")),
        CommitRecord("2", b"feat!: both", ("packages/a/x", "packages/b/x"), frozenset({"a"})),
    ]
    assert tally_packages(history, ROUTER, DEFAULT_BUMP_MAP) == {
        "a": PackageTally("patch", 1, 1),
        "b": PackageTally("major", 2, 2),
    }


def test_a_package_can_have_its_own_bump_map() -> None:
    history = records(("docs: x", ("packages/a/x",)), ("docs: y", ("packages/b/y",)))
    tally = tally_packages(history, ROUTER, DEFAULT_BUMP_MAP, bump_maps={"a": {"docs": "patch"}})
    assert tally["a"].level == "patch"
    assert tally["b"].level is None


def test_route_messages() -> None:
    history = records(
        ("feat: both", ("packages/a/x", "packages/b/x")),
        ("chore: lint", ("tools/lint/x.py",)),
        ("Merge branch 'x'", ()),
    )
    assert list(route_messages(history, ROUTER)) == [
        ("a", b"feat: both"),
        ("b", b"feat: both"),
        (ROOT_ONLY, b"chore: lint"),
        (ROOT_ONLY, b"Merge branch 'x'"),
    ]


def reference_route(paths: list[str]) -> set[str]:
    """The definition, written plainly: deepest directory owner, else the root; plus globs."""
    found: set[str] = set()
    directories = sorted(
        ((d, k) for k, d, _ in PACKAGES if d != "."), key=lambda item: -len(item[0])
    )
    for path in paths:
        owner = next((k for d, k in directories if path.startswith(d + "/")), None)
        if owner is None and not path.startswith("tools/lint/"):
            owner = "app"
        if owner:
            found.add(owner)
        found.update(k for k, _, globs in PACKAGES for g in globs if fnmatch.fnmatchcase(path, g))
    return found


_SEGMENTS = st.sampled_from(
    [
        "packages",
        "a",
        "b",
        "plugins",
        "inner",
        "proto",
        "shared",
        "tools",
        "lint",
        "x.py",
        "ab",
        "README.md",
    ]
)
_PATHS = st.lists(_SEGMENTS, min_size=1, max_size=5).map("/".join)


@given(st.lists(_PATHS, max_size=6))
def test_router_equals_the_reference(paths: list[str]) -> None:
    assert set(ROUTER.route(paths)) == reference_route(paths)


_MESSAGES = st.sampled_from(
    [
        "feat: x",
        "fix: y",
        "perf: z",
        "docs: d",
        "feat!: b",
        "fix: f\n\nBREAKING CHANGE: b",
        "Merge branch 'x'",
        "chore(deps): c",
        "random text",
    ]
)


@given(st.lists(st.tuples(_MESSAGES, st.lists(_PATHS, max_size=3)), max_size=12))
def test_tally_equals_infer_bump_per_package(items: list[tuple[str, list[str]]]) -> None:
    history = [CommitRecord(str(i), m.encode(), tuple(p)) for i, (m, p) in enumerate(items)]
    tally = tally_packages(history, ROUTER, DEFAULT_BUMP_MAP)
    for key in ("app", "a", "b", "inner"):
        mine = [m for m, p in items if key in reference_route(p)]
        if not mine:
            assert key not in tally
            continue
        parsed = [parse_commit(m) for m in mine]
        assert tally[key] == PackageTally(
            infer_bump(parsed), len(mine), sum(c is not None for c in parsed)
        )


@given(
    st.lists(
        st.tuples(
            st.one_of(st.binary(max_size=30), NEAR_MISS_BYTES, _MESSAGES.map(str.encode)),
            st.lists(_PATHS, max_size=3),
            st.frozensets(st.sampled_from(["app", "a", "b"]), max_size=2),
        ),
        max_size=12,
    ),
    st.lists(st.integers(min_value=1, max_value=4), max_size=6),
)
def test_tallies_in_column_batches_equal_infer_bump(
    items: list[tuple[bytes, list[str], frozenset[str]]], cuts: list[int]
) -> None:
    """However the walk cuts the history, the column tally equals the reference parser's."""
    tallies = PackageTallies(ROUTER, DEFAULT_BUMP_MAP)
    start = 0
    for size in [*cuts, len(items)]:
        chunk = items[start : start + size]
        start += size
        tallies.add([m for m, _, _ in chunk], [p for _, p, _ in chunk], [r for _, _, r in chunk])
    result = tallies.result()
    for key in ("app", "a", "b", "inner"):
        mine = [m for m, p, r in items if key in reference_route(p) - r]
        if not mine:
            assert key not in result
            continue
        parsed = [parse_commit(m.decode("utf-8", "replace")) for m in mine]
        assert result[key] == PackageTally(
            infer_bump(parsed), len(mine), sum(c is not None for c in parsed)
        )
