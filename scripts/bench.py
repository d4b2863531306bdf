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
times; the table shows the minimum and the median wall time, the floor (``python -c pass`` for
start-up, the raw ``git log`` over the same range for log-reading commands), the ratio of the
medians, the target and the peak RSS of one extra run in a fresh wrapper process.

Adding a benchmark is adding one function to :data:`BENCHMARKS`: it takes the
:class:`Bench` context and returns :class:`Row` values (``bench.compare`` does the usual work).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench"
#: Bumped when the generated repositories change shape, so stale caches are not reused.
GENERATOR_VERSION = 1

_RSS_WRAPPER = textwrap.dedent(
    """\
    import resource, subprocess, sys
    code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
    """
)
# Runs the releasekit entry point in this process and writes this process's own peak RSS (KB,
# without the git subprocesses it waits for) to the file named first.
_SELF_RSS_WRAPPER = textwrap.dedent(
    """\
    import pathlib, resource, sys
    out = pathlib.Path(sys.argv[1])
    sys.argv = ["releasekit", *sys.argv[2:]]
    from releasekit.cli import main
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    out.write_text(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} {code}")
    """
)


# -- synthetic repositories -------------------------------------------------------------------

_TYPES = [
    ("feat", 20),
    ("fix", 28),
    ("docs", 9),
    ("chore", 12),
    ("refactor", 6),
    ("perf", 4),
    ("test", 6),
    ("ci", 3),
    ("build", 4),
    ("style", 2),
    ("Merge", 4),
    ("other", 2),
]
_SCOPES = [None, None, "api", "cli", "core", "api/v2.users", "parser.py", "deps", "docs/site"]
_VERBS = ["add", "handle", "support", "drop", "rework", "speed up", "document", "validate"]
_NOUNS = [
    "the config loader",
    "CRLF line endings",
    "empty changelogs",
    "nested scopes",
    "the upload retry",
    "tag detection",
    "monorepo tags",
    "the release workflow",
    "unicode in messages",
    "pre-release labels",
    "shallow clones",
    "signed tags",
]
_BODY = [
    "The previous behaviour surprised users who ran the command twice in a row.",
    "This keeps the public API unchanged; only the internals move.",
    "Measured on a 100k-commit history: the time is now dominated by git itself.",
    "A BREAKING CHANGE in prose like this one must not count as a breaking footer.",
    "Follow-up of the discussion in the design document.",
]


def _message(rng: random.Random, number: int) -> str:
    kinds, weights = zip(*_TYPES, strict=True)
    kind = rng.choices(kinds, weights)[0]
    subject = f"{rng.choice(_VERBS)} {rng.choice(_NOUNS)}"
    if kind == "Merge":
        return f"Merge pull request #{number} from dev{number % 97}/topic-{number}\n\n{subject}\n"
    if kind == "other":
        return f"Update {rng.choice(['README.md', 'setup.cfg', 'docs/index.md'])}\n"
    scope = rng.choice(_SCOPES)
    if kind == "build":
        scope = "deps"
        subject = f"bump library-{number % 13} from 1.{number % 7}.0 to 1.{number % 7 + 1}.0"
    breaking = rng.random() < 0.004
    header = (
        f"{kind}{f'({scope})' if scope else ''}{'!' if breaking and rng.random() < 0.5 else ''}"
    )
    parts = [f"{header}: {subject}"]
    if rng.random() < 0.45:
        parts.append("\n".join(rng.sample(_BODY, rng.randint(1, 3))))
    footers = []
    if breaking:
        footers.append(f"BREAKING CHANGE: {subject} changes the defaults")
    if rng.random() < 0.2:
        footers.append(f"Refs #{rng.randint(1, 5000)}")
    if rng.random() < 0.3:
        footers.append(f"Signed-off-by: Dev {number % 31} <dev{number % 31}@example.com>")
    if footers:
        parts.append("\n".join(footers))
    return "\n\n".join(parts) + "\n"


def _data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def _fast_import_stream(commits: int, tag_at: int, version: str) -> Iterator[bytes]:
    """The fast-import commands of a history of ``commits`` commits, tagged at ``tag_at``."""
    rng = random.Random(commits * 7919 + tag_at)
    pyproject = (
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
        f'[project]\nname = "benchpkg"\nversion = "{version}"\n'
        'dependencies = ["requests>=2"]\n'
    ).encode()
    changelog = (
        "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Something new.\n\n"
        f"## [{version}] - 2024-01-01\n\n### Added\n\n- The first release.\n"
    ).encode()
    start = 1_577_836_800  # 2020-01-01
    for number in range(1, commits + 1):
        when = start + number * 600
        message = ("chore: initial commit\n" if number == 1 else _message(rng, number)).encode()
        yield b"commit refs/heads/main\nmark :%d\n" % number
        yield b"committer Bench Dev <bench@example.com> %d +0000\n" % when
        yield _data(message)
        if number == 1:
            yield b"M 100644 inline pyproject.toml\n" + _data(pyproject)
            yield b"M 100644 inline CHANGELOG.md\n" + _data(changelog)
            init = f'"""Bench package."""\n\n__version__ = "{version}"\n'.encode()
            yield b"M 100644 inline src/benchpkg/__init__.py\n" + _data(init)
        else:
            module = b"src/benchpkg/module_%d.py" % (number % 64)
            yield b"M 100644 inline " + module + b"\n" + _data(b"VALUE = %d\n" % number)
        if number == tag_at:
            yield b"tag v%s\nfrom :%d\n" % (version.encode(), number)
            yield b"tagger Bench Dev <bench@example.com> %d +0000\n" % when
            yield _data(f"Release {version}".encode())
    yield b"done\n"


def make_repo(commits: int, since: int, *, version: str = "1.4.2") -> Path:
    """A cached repository of ``commits`` commits whose release tag is ``since`` commits
    before HEAD (``since = commits - 1``: tagged on the first commit)."""
    if not 0 <= since < commits:
        raise ValueError(f"since must be in [0, {commits}); got {since}")
    path = CACHE / f"repo-v{GENERATOR_VERSION}-n{commits}-since{since}"
    if (path / ".bench-complete").is_file():
        return path
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    started = time.perf_counter()
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, env=env)
    process = subprocess.Popen(
        ["git", "-C", str(path), "fast-import", "--quiet", "--done"],
        stdin=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None
    buffer: list[bytes] = []
    for chunk in _fast_import_stream(commits, commits - since, version):
        buffer.append(chunk)
        if len(buffer) > 4096:
            process.stdin.write(b"".join(buffer))
            buffer.clear()
    process.stdin.write(b"".join(buffer))
    process.stdin.close()
    if process.wait() != 0:
        raise RuntimeError(f"git fast-import failed for {path}")
    subprocess.run(["git", "-C", str(path), "checkout", "-q", "-f", "main"], check=True, env=env)
    (path / ".bench-complete").write_text(f"{time.perf_counter() - started:.2f}s\n")
    _info(f"generated {path.name} in {time.perf_counter() - started:.1f}s")
    return path


# -- measuring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """Wall times of several runs of one command, in seconds."""

    argv: tuple[str, ...]
    times: tuple[float, ...]
    #: CPU seconds (user + system) of each run's whole process tree; steadier than wall time
    #: on a busy machine.
    cpu: tuple[float, ...] = ()

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None

    @property
    def min(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    benchmark: str
    command: str
    min_s: float
    median_s: float
    floor: str | None = None
    floor_median_s: float | None = None
    ratio: float | None = None
    min_ratio: float | None = None
    cpu_ratio: float | None = None
    target: str = ""
    rss_mb: float | None = None
    self_rss_mb: float | None = None
    floor_rss_mb: float | None = None
    ok: bool | None = None
    note: str = ""


@dataclass
class Bench:
    """What a benchmark function gets: run counts, repositories and timers."""

    runs: int
    quick: bool
    rows: list[Row] = field(default_factory=list)

    @property
    def releasekit(self) -> str:
        """The installed ``releasekit`` command (next to this interpreter when in a venv)."""
        beside = Path(sys.executable).with_name("releasekit")
        found = str(beside) if beside.is_file() else shutil.which("releasekit")
        if found is None:
            raise SystemExit("releasekit is not installed: pip install -e . first")
        return found

    def repo(self, commits: int, since: int) -> Path:
        """A cached synthetic repository (see :func:`make_repo`)."""
        return make_repo(commits, since)

    def time(self, argv: Sequence[str], cwd: Path | None = None, runs: int | None = None) -> Timing:
        """Run ``argv`` ``runs`` times (after one warm-up run) and keep the wall times."""
        argv = tuple(argv)
        self._run(argv, cwd)  # warm-up: page cache, .pyc files
        times = []
        for _ in range(runs or self.runs):
            started = time.perf_counter()
            self._run(argv, cwd)
            times.append(time.perf_counter() - started)
        return Timing(argv, tuple(times))

    def time_pair(
        self, argv: Sequence[str], floor_argv: Sequence[str], cwd: Path | None = None
    ) -> tuple[Timing, Timing]:
        """Time a command and its floor in alternation, so both see the same machine load."""
        commands = (tuple(argv), tuple(floor_argv))
        times: tuple[list[float], list[float]] = ([], [])
        cpu: tuple[list[float], list[float]] = ([], [])
        for command in commands:
            self._run(command, cwd)  # warm-up
        for _ in range(self.runs):
            for index, command in enumerate(commands):
                before = _children_cpu()
                started = time.perf_counter()
                self._run(command, cwd)
                times[index].append(time.perf_counter() - started)
                cpu[index].append(_children_cpu() - before)
        return (
            Timing(commands[0], tuple(times[0]), tuple(cpu[0])),
            Timing(commands[1], tuple(times[1]), tuple(cpu[1])),
        )

    def rss_mb(self, argv: Sequence[str], cwd: Path | None = None) -> float:
        """Peak RSS (MB) of the biggest process ``argv`` starts, measured in a fresh wrapper."""
        result = subprocess.run(
            [sys.executable, "-c", _RSS_WRAPPER, *argv],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        kilobytes, code = result.stdout.split()
        if code != "0":
            raise RuntimeError(f"{' '.join(argv)} exited {code} under the RSS wrapper")
        return int(kilobytes) / 1024

    def self_rss_mb(self, argv: Sequence[str], cwd: Path | None = None) -> float | None:
        """Peak RSS (MB) of the releasekit process alone (its git children not counted);
        ``None`` when ``argv`` is not a releasekit command."""
        if Path(argv[0]).name != "releasekit":
            return None
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch) / "rss"
            subprocess.run(
                [sys.executable, "-c", _SELF_RSS_WRAPPER, str(out), *argv[1:]],
                cwd=cwd,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            kilobytes, code = out.read_text().split()
        if code not in ("0", "None"):
            raise RuntimeError(f"{' '.join(argv)} exited {code} under the RSS wrapper")
        return int(kilobytes) / 1024

    @staticmethod
    def _run(argv: Sequence[str], cwd: Path | None) -> None:
        result = subprocess.run(
            argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(argv)} exited {result.returncode}:\n{result.stderr.decode()}"
            )

    def compare(
        self,
        benchmark: str,
        argv: Sequence[str],
        floor_argv: Sequence[str],
        *,
        floor: str,
        cwd: Path | None = None,
        max_ratio: float | None = None,
        max_rss_mb: float | None = None,
    ) -> Row:
        """Time ``argv`` and its floor, and judge the ratio of medians and the peak RSS."""
        timing, floor_timing = self.time_pair(argv, floor_argv, cwd)
        ratio = _paired_ratio(timing, floor_timing)
        rss = self.rss_mb(argv, cwd)
        own = self.self_rss_mb(argv, cwd)
        targets = []
        ok = True
        if max_ratio is not None:
            targets.append(f"<= {max_ratio:g}x")
            ok = ok and ratio <= max_ratio
        if max_rss_mb is not None:
            # The releasekit process itself; git's own memory is the floor's too.
            targets.append(f"< {max_rss_mb:g} MB")
            ok = ok and (own if own is not None else rss) < max_rss_mb
        return Row(
            benchmark=benchmark,
            command=_show(argv),
            min_s=timing.min,
            median_s=timing.median,
            floor=floor,
            floor_median_s=floor_timing.median,
            ratio=ratio,
            min_ratio=timing.min / floor_timing.min,
            cpu_ratio=_ratio(timing.cpu_median, floor_timing.cpu_median),
            target=", ".join(targets),
            rss_mb=rss,
            self_rss_mb=own,
            floor_rss_mb=self.rss_mb(floor_argv, cwd),
            ok=ok if targets else None,
        )


def _paired_ratio(timing: Timing, floor: Timing) -> float:
    """The median of run-by-run ratios: runs made back to back share the machine's load."""
    return statistics.median(a / b for a, b in zip(timing.times, floor.times, strict=True))


def _ratio(value: float | None, floor: float | None) -> float | None:
    return value / floor if value is not None and floor else None


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _show(argv: Sequence[str]) -> str:
    shown = [Path(argv[0]).name, *argv[1:]]
    if "--project" in shown:  # the cached repository's path says nothing: its name does
        index = shown.index("--project") + 1
        shown[index] = Path(shown[index]).name
    return " ".join(shown)


def _info(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _git_log_floor(since: str | None) -> list[str]:
    """The raw ``git log`` releasekit's log-reading commands cannot beat."""
    return ["git", "log", "-z", "--format=%H%x00%B", f"{since}..HEAD" if since else "HEAD", "--"]


# -- benchmarks -------------------------------------------------------------------------------


def bench_startup(bench: Bench) -> list[Row]:
    """``releasekit --version`` against ``python -c pass`` (target: within 1.8x)."""
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
        _git_log_floor("v1.4.2"),
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
    change = _paired_ratio(large_timing, small_timing) - 1
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
        from bench import _message
        from releasekit.commits import parse_commit
        rng = random.Random(1)
        messages = [_message(rng, n) for n in range(100_000)]
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


def bench_changelog_100k(bench: Bench) -> list[Row]:
    """``changelog --dry-run`` over 100k commits since the tag: within 1.5x of git log, < 100 MB."""
    commits = 20_000 if bench.quick else 100_000
    repo = bench.repo(commits, commits - 1)
    return [
        bench.compare(
            f"changelog-{commits // 1000}k",
            [bench.releasekit, "--project", str(repo), "changelog", "--dry-run"],
            _git_log_floor("v1.4.2"),
            floor="git log v1.4.2..HEAD",
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
    "changelog-100k": bench_changelog_100k,
    "peers": bench_peers,
}


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
    """Run the named benchmarks (all by default), print a table, optionally write JSON."""
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
    bench = Bench(runs=args.runs or (3 if args.quick else 7), quick=args.quick)
    CACHE.mkdir(exist_ok=True)
    os.environ.setdefault("TMPDIR", tempfile.gettempdir())
    rows: list[Row] = []
    for name in args.names or list(BENCHMARKS):
        _info(f"running {name} ...")
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
