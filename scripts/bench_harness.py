"""Measuring releasekit commands: repeated subprocess runs, floors, CPU time and peak memory.

:class:`Bench` is what every benchmark function receives; :class:`Row` is one line of the
results table. A command and its floor are run in alternation, so both see the same machine
load, and their ratio is the median of run-by-run ratios.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench_repos import make_repo

__all__ = ["Bench", "Row", "Timing", "git_log_floor", "paired_ratio"]

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
        ratio = paired_ratio(timing, floor_timing)
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


def paired_ratio(timing: Timing, floor: Timing) -> float:
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


def _git_log_floor(since: str | None) -> list[str]:
    """The raw ``git log`` releasekit's log-reading commands cannot beat."""
    return ["git", "log", "-z", "--format=%H%x00%B", f"{since}..HEAD" if since else "HEAD", "--"]


def git_log_floor(since: str | None) -> list[str]:
    """The raw ``git log`` releasekit's log-reading commands cannot beat."""
    return ["git", "log", "-z", "--format=%H%x00%B", f"{since}..HEAD" if since else "HEAD", "--"]
