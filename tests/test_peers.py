"""The pure parts of scripts/peers.py: the peer table, command construction and the tables
written to docs/comparison.md (no installs, no network, no timed runs)."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from releasekit.files.toml import parse_toml

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
sys.path.insert(0, str(SCRIPTS))

import peers  # noqa: E402
from bench_harness import git_log_floor  # noqa: E402
from peers import BEGIN, END, PEERS, SCENARIOS, Peer, Result  # noqa: E402

BIN = Path("/venvs/x/bin")
OPERATIONS = ("startup", "next", "bump", "changelog")


def by_name(name: str) -> Peer:
    return next(peer for peer in PEERS if peer.name == name)


@pytest.mark.parametrize(
    ("tool", "operation", "expected"),
    [
        ("releasekit", "next", "releasekit next auto"),
        ("releasekit", "bump", "releasekit bump patch --dry-run"),
        ("releasekit", "changelog", "releasekit changelog --dry-run"),
        ("commitizen", "next", "cz bump --dry-run --yes"),
        ("commitizen", "changelog", "cz changelog --dry-run"),
        ("python-semantic-release", "next", "semantic-release --noop version --print"),
        ("git-cliff", "changelog", "git-cliff --unreleased"),
        ("bump-my-version", "bump", "bump-my-version bump patch --dry-run"),
        ("bumpver", "bump", "bumpver update --patch --dry --no-fetch"),
        ("tbump", "bump", "tbump --dry-run --non-interactive 1.4.3"),
    ],
    ids=lambda value: str(value),
)
def test_commands_as_documented(tool: str, operation: str, expected: str) -> None:
    argv = by_name(tool).argv(operation, BIN)
    assert isinstance(argv, tuple)
    assert argv[0] == str(BIN / expected.split()[0])
    assert peers.show_command(argv) == expected


@pytest.mark.parametrize(
    ("tool", "operation"),
    [
        ("bump-my-version", "next"),
        ("bumpver", "next"),
        ("tbump", "next"),
        ("bump-my-version", "changelog"),
        ("bumpver", "changelog"),
        ("tbump", "changelog"),
        ("git-cliff", "bump"),
    ],
    ids=lambda value: str(value),
)
def test_missing_operations_say_why(tool: str, operation: str) -> None:
    reason = by_name(tool).argv(operation, BIN)
    assert isinstance(reason, str)
    assert reason.startswith("n/a: ")
    assert len(reason) > len("n/a: ") + 10


def test_every_peer_is_pinned_and_has_every_operation_or_a_reason() -> None:
    for peer in PEERS:
        assert set(peer.commands) == set(OPERATIONS), peer.name
        if peer.name == "releasekit":
            assert peer.requirement is None
        else:
            assert peer.requirement is not None
            name, _, version = peer.requirement.partition("==")
            assert name == peer.package == peer.name
            assert version[0].isdigit()
    assert PEERS[0].name == "releasekit"


def test_unknown_operation_is_not_applicable() -> None:
    assert by_name("releasekit").argv("teleport", BIN) == "n/a"


def test_scenarios_are_valid_repositories_and_unique() -> None:
    assert len({s.name for s in SCENARIOS}) == len(SCENARIOS)
    for scenario in SCENARIOS:
        assert scenario.operation in OPERATIONS
        assert 0 <= scenario.since < scenario.commits
    names = {s.name for s in SCENARIOS}
    assert {"next-1k-50", "next-100k-50", "next-10k-all", "next-100k-all"} <= names
    assert {"changelog-10k-all", "changelog-100k-all", "startup"} <= names


def test_floors() -> None:
    startup, nxt = SCENARIOS[0], SCENARIOS[1]
    assert peers.floor_argv(startup) == (sys.executable, "-c", "pass")
    assert peers.floor_argv(nxt) == tuple(git_log_floor("v1.4.2"))


@pytest.mark.parametrize("name", sorted(peers.CONFIG_FILES))
def test_config_files_are_toml_for_version_1_4_2(name: str) -> None:
    parsed = parse_toml(textwrap.dedent(peers.CONFIG_FILES[name]), name)
    assert "1.4.2" in str(parsed)


def test_pyproject_tables_parse() -> None:
    tool = parse_toml(peers.PYPROJECT_TABLES, "pyproject.toml")["tool"]
    assert tool["commitizen"]["tag_format"] == "v$version"
    assert tool["semantic_release"]["tag_format"] == "v{version}"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.0004, "0 ms"), (0.0123, "12 ms"), (0.9994, "999 ms"), (1.234, "1.23 s"), (71.4, "71 s")],
    ids=["sub-ms", "ms", "just-under-1s", "seconds", "long"],
)
def test_format_seconds(seconds: float, text: str) -> None:
    assert peers.format_seconds(seconds) == text


OK = Result(
    "next-1k-50",
    "releasekit",
    "releasekit next auto",
    "ok",
    (0.3, 0.1, 0.2),
    18.4,
    "",
    (0.2, 0.08, 0.1),
)
SLOW = Result("next-1k-50", "python-semantic-release", "semantic-release …", "timeout")
BROKEN = Result("next-1k-50", "commitizen", "cz bump", "failed", note="exit 1: boom | x")
NA = Result("next-1k-50", "tbump", "", "n/a", note="no commit analysis")
FLOOR = Result("next-1k-50", "floor", "git log", "ok", (0.005,), 3.0)


@pytest.mark.parametrize(
    ("result", "text"),
    [(OK, "200 ms / 18 MB"), (SLOW, "> 120 s"), (BROKEN, "failed"), (NA, "n/a"), (None, "")],
    ids=["median-and-rss", "timeout", "failed", "n/a", "missing"],
)
def test_cell(result: Result | None, text: str) -> None:
    assert peers.cell(result) == text


def test_summary_table_places_cells_by_scenario_and_tool() -> None:
    lines = peers.summary_table([OK, SLOW, NA, FLOOR], ["releasekit", "tbump"])
    assert lines[0] == "|  | releasekit | tbump | floor |"
    assert lines[1] == "|---|---|---|---|"
    assert lines[2] == "| next version: 1k history, 50 since tag | 200 ms / 18 MB | n/a | 5 ms |"
    assert len(lines) == 3  # scenarios without results are left out


def test_detail_table_has_runs_min_median_and_escapes_pipes() -> None:
    lines = peers.detail_table([OK, SLOW, BROKEN, NA])
    assert len(lines) == 2 + 3  # header, rule, three measured or attempted commands
    assert "| `releasekit next auto` | 3 | 100 ms | 200 ms | 100 ms | 18 MB |" in lines[2]
    assert "> 120 s" in lines[3]
    assert "boom \\| x" in lines[4]


def test_not_applicable_lists_each_tool_operation_once() -> None:
    other = Result("next-100k-50", "tbump", "", "n/a", note="no commit analysis")
    assert peers.not_applicable([NA, other, OK]) == ["- tbump, next: no commit analysis"]


META = {
    "date": "2026-11-22 04:30 UTC",
    "machine": "Linux x86_64",
    "nproc": 2,
    "python": "3.11.7",
    "git": "2.39.5",
    "runs": 5,
    "load": "1.0 before, 1.2 after",
    "versions": {"releasekit": "0.1.0", "tbump": "6.11.0"},
}


def test_render_names_machine_versions_and_is_delimited() -> None:
    block = peers.render([OK, NA, FLOOR], META)
    assert block.startswith(BEGIN + "\n")
    assert block.endswith(END + "\n")
    assert "`nproc` = 2" in block
    assert "Python 3.11.7" in block
    assert "Versions: releasekit 0.1.0, tbump 6.11.0." in block
    assert "- tbump, next: no commit analysis" in block


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (f"intro\n{BEGIN}\nold\n{END}\noutro\n", f"intro\nNEW{END}\noutro\n"),
        ("intro\n", f"intro\n\nNEW{END}\n"),
        (f"{BEGIN}\nold\n{END}\n", f"NEW{END}\n"),
    ],
    ids=["replaced-keeping-text", "appended", "whole"],
)
def test_replace_block(document: str, expected: str) -> None:
    assert peers.replace_block(document, f"NEW{END}\n") == expected


def test_replace_block_is_idempotent() -> None:
    block = peers.render([OK, FLOOR], META)
    once = peers.replace_block("# Title\n\ntext\n", block)
    assert peers.replace_block(once, block) == once
    assert once.startswith("# Title\n\ntext\n\n" + BEGIN)


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("Name: tbump\nVersion: 6.11.0\nSummary: x\n", "6.11.0"),
        ("Name: x\nVersion:   2026.1132  \n", "2026.1132"),
        ("WARNING: Package(s) not found: nope\n", None),
    ],
    ids=["plain", "spaces", "missing"],
)
def test_parse_pip_show(text: str, version: str | None) -> None:
    assert peers.parse_pip_show(text) == version


def test_merge_replaces_pairs_and_keeps_table_order() -> None:
    later = Result("startup", "releasekit", "releasekit --version", "ok", (0.05,), 15.0)
    newer_ok = Result("next-1k-50", "releasekit", "releasekit next auto", "ok", (0.1,), 17.0)
    merged = peers.merge([OK, FLOOR], [newer_ok, later])
    assert merged == [later, FLOOR, newer_ok]


def test_results_round_trip_through_json(tmp_path: Path) -> None:
    import dataclasses
    import json

    path = tmp_path / "results.json"
    payload = {"meta": META, "results": [dataclasses.asdict(r) for r in (OK, SLOW, NA)]}
    path.write_text(json.dumps(payload))
    results, meta = peers.load_results(path)
    assert results == [OK, SLOW, NA]
    assert results[0].timing.cpu_median == pytest.approx(0.1)
    assert meta == META


def test_to_rows_for_bench_table() -> None:
    rows = peers.to_rows([OK, SLOW, NA])
    assert [row.benchmark for row in rows] == ["peers-next-1k-50", "peers-next-1k-50"]
    assert rows[0].median_s == pytest.approx(0.2)
    assert rows[0].rss_mb == pytest.approx(18.4)
    assert rows[1].ok is False
    assert rows[1].note == "> 120 s"


def test_docstring_examples() -> None:
    import doctest

    outcome = doctest.testmod(peers)
    assert outcome.attempted >= 6
    assert outcome.failed == 0


def test_comparison_page_has_one_generated_block_naming_every_tool() -> None:
    page = peers.DOC.read_text(encoding="utf-8")
    assert page.count(BEGIN) == 1
    assert page.count(END) == 1
    block = page[page.index(BEGIN) : page.index(END)]
    for peer in PEERS:
        assert f"| {peer.name} |" in block, peer.name
        if peer.requirement is not None:  # the pinned version is the one measured
            assert f"{peer.name} {peer.requirement.split('==')[1]}" in block
    facts = page[: page.index(BEGIN)]
    header = next(line for line in facts.splitlines() if line.startswith("| | releasekit |"))
    assert {peer.name for peer in PEERS} <= {cell.strip() for cell in header.split("|")}


def test_comparison_page_complaints_link_issue_threads() -> None:
    import re

    page = peers.DOC.read_text(encoding="utf-8")
    section = page[page.index("## What users of other tools run into") :]
    links = re.findall(r"\]\((https://[^)]+)\)", section)
    assert 3 <= len(links) <= 6
    assert all(re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+/issues/\d+", u) for u in links)
