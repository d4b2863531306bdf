#!/usr/bin/env python3
"""Benchmarks of the installed ``releasekit`` command against the floor it cannot beat.

Usage::

    python scripts/bench.py                 # every benchmark
    python scripts/bench.py --quick startup # fewer runs, only the named benchmarks
    python scripts/bench.py --list
    python scripts/bench.py --json results.json

Synthetic repositories (N commits of realistic conventional messages, a pyproject.toml, a
CHANGELOG.md and a release tag K commits before HEAD) are generated with ``git fast-import``
and cached under ``.bench/`` (gitignored). Every command runs as a real subprocess, several
times, in alternation with its floor (``python -c pass`` for start-up, the raw ``git log`` over
the same range for log-reading commands). The table shows the minimum and median wall times,
the ratio to the floor (median of run-by-run ratios, and ratio of the minimums), the ratio of
CPU time (user + system of the whole process tree: steadier on a busy machine), the peak RSS of
one extra run in a fresh wrapper (releasekit's own process / the whole tree including git / the
floor), and the target. The exit status is 1 when a target is missed.

Adding a benchmark is adding one function to :data:`BENCHMARKS`: it takes the
:class:`Bench` context and returns :class:`Row` values (``bench.compare`` does the usual work).
The repositories come from ``bench_repos.py``, the timing machinery from ``bench_harness.py``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench_harness import Bench, Row, Timing, git_log_floor, paired_ratio
from bench_repos import CACHE, ROOT, info, make_repo, make_workspace_repo

__all__ = ["BENCHMARKS", "CACHE", "ROOT", "Bench", "Row", "Timing", "main", "make_repo"]

# The names other scripts used before the harness and the repositories had their own modules.
_info = info
_git_log_floor = git_log_floor


# -- benchmarks -------------------------------------------------------------------------------


def bench_startup(bench: Bench) -> list[Row]:
    """``releasekit --version`` (target: within 1.8x) and ``releasekit version`` in a small
    project (within 2.5x) against ``python -c pass``."""
    project = bench.repo(1_000, 50)
    version = bench.compare(
        "startup",
        [bench.releasekit, "--project", str(project), "version"],
        [sys.executable, "-c", "pass"],
        floor="python -c pass",
        cwd=project,
        max_ratio=2.5,
    )
    row = bench.compare(
        "startup",
        [bench.releasekit, "--version"],
        [sys.executable, "-c", "pass"],
        floor="python -c pass",
        max_ratio=1.8,
    )
    module = bench.time([sys.executable, "-m", "releasekit", "--version"])
    return [
        row,
        version,
        Row(
            "startup",
            "python -m releasekit --version",
            module.min,
            module.median,
            "python -c pass",
            row.floor_median_s,
            module.median / row.floor_median_s if row.floor_median_s else None,
        ),
    ]


def _next_auto(bench: Bench, name: str, commits: int, since: int, **limits: float) -> Row:
    repo = bench.repo(commits, since)
    return bench.compare(
        name,
        [bench.releasekit, "--project", str(repo), "next", "auto"],
        git_log_floor("v1.4.2"),
        floor="git log v1.4.2..HEAD",
        cwd=repo,
        **limits,
    )


def bench_next_auto_history(bench: Bench) -> list[Row]:
    """``next auto`` with 50 commits since the tag costs the same on 1k and 100k commits."""
    small = _next_auto(bench, "next-auto-1k", 1_000, 50)
    large = _next_auto(bench, "next-auto-100k", 100_000, 50)
    # The comparison itself: the two commands in alternation, run-by-run ratios.
    small_repo, large_repo = bench.repo(1_000, 50), bench.repo(100_000, 50)
    small_timing, large_timing = bench.time_pair(
        [bench.releasekit, "--project", str(small_repo), "next", "auto"],
        [bench.releasekit, "--project", str(large_repo), "next", "auto"],
    )
    change = paired_ratio(large_timing, small_timing) - 1
    return [
        small,
        dataclasses.replace(
            large,
            target=f"1k..100k within 30% ({change:+.0%})",
            ok=abs(change) <= 0.30,
        ),
    ]


def bench_next_auto_since_tag(bench: Bench) -> list[Row]:
    """``next auto`` reading 100k commits since the tag: within 1.5x of git log, < 100 MB."""
    commits = 100_000  # the target is about 100k commits; --quick only runs fewer times
    return [
        _next_auto(
            bench,
            f"next-auto-{commits // 1000}k-since-tag",
            commits,
            commits - 1,
            max_ratio=1.5,
            max_rss_mb=100,
        )
    ]


def bench_parse(bench: Bench) -> list[Row]:
    """``parse_commit`` alone over 100k generated messages (in-process; no floor)."""
    code = textwrap.dedent(
        """\
        import random, sys, time
        sys.path.insert(0, sys.argv[1])
        from bench_repos import commit_message
        from releasekit.commits.conventional import parse_commit
        rng = random.Random(1)
        messages = [commit_message(rng, n) for n in range(100_000)]
        started = time.perf_counter()
        for m in messages:
            parse_commit(m)
        print(time.perf_counter() - started)
        """
    )
    times = []
    for _ in range(bench.runs):
        result = subprocess.run(
            [sys.executable, "-c", code, str(Path(__file__).parent)],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(result.stdout))
    timing = Timing(("parse_commit",), tuple(times))
    return [
        Row(
            "parse-100k",
            "parse_commit x 100k (in-process)",
            timing.min,
            timing.median,
            target="< 1 s",
            ok=timing.median < 1.0,
        )
    ]


def bench_release_100k(bench: Bench) -> list[Row]:
    """``release`` on 100k commits, 50 since the tag: --dry-run and a real run, each < 1 s."""
    source = bench.repo(100_000, 50)
    work = Path(tempfile.mkdtemp(prefix="rk-release-bench-"))
    try:
        # A --shared clone: origin is the cached repository (so preflight really fetches the
        # branch and asks ls-remote for the tag), objects are borrowed, each run is undone.
        clone = work / "clone"
        subprocess.run(["git", "clone", "-q", "--shared", str(source), str(clone)], check=True)
        for key, value in (("user.name", "Bench Dev"), ("user.email", "bench@example.com")):
            subprocess.run(["git", "-C", str(clone), "config", key, value], check=True)
        head = subprocess.run(
            ["git", "-C", str(clone), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

        def undo_release() -> None:
            made = subprocess.run(
                ["git", "-C", str(clone), "tag", "--points-at", "HEAD"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            if made:
                subprocess.run(
                    ["git", "-C", str(clone), "tag", "-d", *made],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            subprocess.run(["git", "-C", str(clone), "reset", "-q", "--hard", head], check=True)

        command = [bench.releasekit, "--project", str(clone), "release"]
        dry = bench.time([*command, "--dry-run"], clone)
        real_argv = [*command, "--no-push", "--no-publish"]
        times = []
        for index in range(bench.runs + 1):
            started = time.perf_counter()
            bench._run(real_argv, clone)
            if index:  # the first run is the warm-up
                times.append(time.perf_counter() - started)
            undo_release()
        real = Timing(tuple(real_argv), tuple(times))
        rss = bench.rss_mb([*command, "--dry-run"], clone)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [
        Row(
            "release-100k",
            "release --dry-run (preflight + plan)",
            dry.min,
            dry.median,
            target="< 1 s",
            rss_mb=rss,
            ok=dry.median < 1.0,
        ),
        Row(
            "release-100k",
            "release --no-push --no-publish",
            real.min,
            real.median,
            target="< 1 s",
            ok=real.median < 1.0,
        ),
    ]


def bench_build_overhead(bench: Bench) -> list[Row]:
    """``build`` + ``publish`` against ``python -m build`` + ``twine upload`` (within 5%)."""
    from bench_dist import build_overhead

    return build_overhead(bench, Row)


def bench_installers(bench: Bench) -> list[Row]:
    """``verify`` on 2 Pythons and ``build`` of two samples, uv against pip (verify: >= 2x)."""
    from bench_installers import installers

    return installers(bench, Row)


def bench_changelog_100k(bench: Bench) -> list[Row]:
    """``changelog --dry-run`` over 100k commits since the tag: within 1.5x of git log, < 100 MB."""
    commits = 20_000 if bench.quick else 100_000
    repo = bench.repo(commits, commits - 1)
    return [
        bench.compare(
            f"changelog-{commits // 1000}k",
            [bench.releasekit, "--project", str(repo), "changelog", "--dry-run"],
            git_log_floor("v1.4.2"),
            floor="git log v1.4.2..HEAD",
            cwd=repo,
            max_ratio=1.5,
            max_rss_mb=100,
        )
    ]


def bench_monorepo_next_all(bench: Bench) -> list[Row]:
    """``next --all --json``, 50 members, 100k commits since their tags: 1.5x git log, < 100 MB."""
    commits = 100_000
    repo = make_workspace_repo(50, commits)
    floor = ["git", "log", "-z", "--format=%H %P%x00%B", "--name-only", "HEAD", "--"]
    return [
        bench.compare(
            f"monorepo-next-all-{commits // 1000}k",
            [bench.releasekit, "--project", str(repo), "next", "--all", "--json"],
            floor,
            floor="git log --name-only HEAD",
            cwd=repo,
            max_ratio=1.5,
            max_rss_mb=100,
        )
    ]


def bench_peers(bench: Bench) -> list[Row]:
    """releasekit against its peers on the same repositories (see scripts/peers.py)."""
    from peers import bench_peers as run_peers  # also rewrites docs/comparison.md

    return run_peers(bench)


#: name -> benchmark. Add yours here: a function taking a Bench and returning rows.
BENCHMARKS: dict[str, Callable[[Bench], list[Row]]] = {
    "startup": bench_startup,
    "next-auto": bench_next_auto_history,
    "next-auto-since-tag": bench_next_auto_since_tag,
    "parse": bench_parse,
    "release-100k": bench_release_100k,
    "build-overhead": bench_build_overhead,
    "installers": bench_installers,
    "changelog-100k": bench_changelog_100k,
    "monorepo-next-all": bench_monorepo_next_all,
    "peers": bench_peers,
}
#: Run only when named: they install other tools into .bench/ and take minutes.
ON_REQUEST: frozenset[str] = frozenset({"peers"})


# -- report -----------------------------------------------------------------------------------


def _cells(row: Row) -> tuple[str, ...]:
    return (
        row.benchmark,
        row.command if len(row.command) <= 48 else row.command[:45] + "...",
        f"{row.min_s * 1000:.0f} ms",
        f"{row.median_s * 1000:.0f} ms",
        row.floor or "",
        f"{row.floor_median_s * 1000:.0f} ms" if row.floor_median_s is not None else "",
        f"{row.ratio:.2f}x / {row.min_ratio:.2f}x"
        if row.ratio is not None and row.min_ratio is not None
        else (f"{row.ratio:.2f}x" if row.ratio is not None else ""),
        f"{row.cpu_ratio:.2f}x" if row.cpu_ratio is not None else "",
        "/".join(
            f"{value:.0f}" if value is not None else "-"
            for value in (row.self_rss_mb, row.rss_mb, row.floor_rss_mb)
        )
        if row.rss_mb is not None
        else "",
        row.target,
        {True: "yes", False: "NO", None: ""}[row.ok],
    )


def _format_table(rows: Sequence[Row]) -> str:
    header = (
        "benchmark",
        "command",
        "min",
        "median",
        "floor",
        "floor med",
        "ratio paired/min",
        "cpu ratio",
        "RSS MB py/tree/floor",
        "target",
        "ok",
    )
    lines = [header, *map(_cells, rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the named benchmarks (default: all but ``peers``), print a table, optionally JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help=f"benchmarks to run: {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="3 runs per command")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per command")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, function in BENCHMARKS.items():
            print(f"{name:22} {(function.__doc__ or '').strip().splitlines()[0]}")
        return 0
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    # Measure the command as users run it, with its bytecode cached: without this, every run
    # of an editable install would compile releasekit's sources again.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    bench = Bench(runs=args.runs or (3 if args.quick else 7), quick=args.quick)
    CACHE.mkdir(exist_ok=True)
    os.environ.setdefault("TMPDIR", tempfile.gettempdir())
    rows: list[Row] = []
    for name in args.names or [name for name in BENCHMARKS if name not in ON_REQUEST]:
        info(f"running {name} ...")
        rows.extend(BENCHMARKS[name](bench))
    print(_format_table(rows))
    if args.json is not None:
        payload = {
            "python": sys.version.split()[0],
            "runs": bench.runs,
            "quick": bench.quick,
            "results": [dataclasses.asdict(row) for row in rows],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 1 if any(row.ok is False for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
