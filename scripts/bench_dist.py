"""The ``build-overhead`` benchmark of scripts/bench.py.

``releasekit build`` + ``releasekit publish`` against the raw ``python -m build`` +
``twine upload`` on the same sample project, uploading to a local pypiserver (no auth, its
packages directory emptied after each run on both sides). Target: releasekit's median within
5% of the raw tools' median (releasekit also runs ``twine check --strict`` and the artifact
checks; it shares one isolated environment between the sdist and the wheel).
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench_repos import committed_copy

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "sample_projects" / "hatch_sample"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_index(packages: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pypiserver",
            "run",
            "-i",
            "127.0.0.1",
            "-p",
            str(port),
            "-P",
            ".",
            "-a",
            ".",
            "--disable-fallback",
            "--backend",
            "simple-dir",
            str(packages),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(300):
        try:
            with urllib.request.urlopen(url, timeout=1):
                break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.1)
    return process, url


def _sample(work: Path) -> Path:
    return committed_copy(SAMPLE, work / "project")


def _wheelhouse() -> Path:
    """hatchling and its dependencies as local wheels (downloaded once, cached).

    Both pipelines install the build backend into a fresh environment; served from a local
    directory, the network's jitter (seconds) no longer drowns the tools' own overhead.
    """
    house = ROOT / ".bench" / "wheelhouse"
    marker = house / ".complete"
    if not marker.is_file():
        house.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "-d", str(house), "hatchling"],
            check=True,
        )
        marker.write_text("hatchling\n")
    return house


def build_overhead(bench: Any, row: Any) -> list[Any]:
    """Time both pipelines; ``bench`` is bench.Bench and ``row`` the bench.Row class."""
    house = _wheelhouse()
    work = Path(tempfile.mkdtemp(prefix="rk-build-bench-"))
    packages = work / "packages"
    packages.mkdir()
    process, url = _start_index(packages)
    settings = {
        "TWINE_USERNAME": "bench",
        "TWINE_PASSWORD": "bench",
        "CI": "1",
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(house),
        # releasekit build uses uv when it is on PATH: the same local wheels for it.
        "UV_NO_INDEX": "1",
        "UV_FIND_LINKS": str(house),
    }
    saved = {k: os.environ.get(k) for k in settings}
    os.environ.update(settings)
    try:
        project = _sample(work)
        rk = shlex.quote(bench.releasekit)
        twine = shlex.quote(str(Path(sys.executable).with_name("twine")))
        empty = f"rm -f {shlex.quote(str(packages))}/*"
        ours = (
            f"{rk} --project . build && {rk} --project . publish --repository-url {url} && {empty}"
        )
        raw = (
            f"rm -rf dist && {shlex.quote(sys.executable)} -m build -q . >/dev/null && "
            f"{twine} upload --disable-progress-bar --repository-url {url} dist/* && {empty}"
        )
        timing = bench.time(["sh", "-c", ours], project)
        floor = bench.time(["sh", "-c", raw], project)
    finally:
        process.terminate()
        process.wait()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(work, ignore_errors=True)
    ratio = timing.median / floor.median
    return [
        row(
            "build-overhead",
            "releasekit build + publish (hatchling sample, local wheels)",
            timing.min,
            timing.median,
            floor="python -m build + twine upload",
            floor_median_s=floor.median,
            ratio=ratio,
            target="<= 1.05x",
            ok=ratio <= 1.05,
        )
    ]
