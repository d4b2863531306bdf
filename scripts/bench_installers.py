"""The ``installers`` benchmark of scripts/bench.py: pip against uv, in ``verify`` and ``build``.

- ``releasekit verify`` on two Pythons (this one and another 3.10-3.13 found on PATH or under
  pyenv): a fresh venv per Python, the wheel installed, imported. ``--installer uv`` against
  ``--installer pip``; target: uv at least 2x faster.
- ``releasekit build`` of the hatchling sample and of the setuptools C-extension sample: the
  isolated build environment filled by uv or by pip. The build requirements come from a local
  wheelhouse for both (``PIP_FIND_LINKS`` / ``UV_FIND_LINKS``, no index), so the network's
  jitter does not drown the difference; no target, the backend's own work dominates.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench_repos import committed_copy

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "sample_projects"


def _other_python() -> str:
    current = f"{sys.version_info.major}.{sys.version_info.minor}"
    pyenv = Path(os.environ.get("PYENV_ROOT", "/root/.pyenv")) / "versions"
    for minor in ("3.12", "3.10", "3.13", "3.11"):
        if minor == current:
            continue
        candidates = [shutil.which(f"python{minor}") or ""]
        candidates += sorted(str(p) for p in pyenv.glob(f"{minor}*/bin/python{minor}"))
        for candidate in filter(None, candidates):
            probe = subprocess.run([candidate, "-c", "pass"], capture_output=True, check=False)
            if probe.returncode == 0:
                return candidate
    raise SystemExit("the installers benchmark needs a second Python 3.10-3.13")


def _wheelhouse() -> Path:
    """The build backends of both samples as local wheels (downloaded once, cached)."""
    house = ROOT / ".bench" / "wheelhouse-installers"
    marker = house / ".complete"
    if not marker.is_file():
        house.mkdir(parents=True, exist_ok=True)
        download = [sys.executable, "-m", "pip", "download", "-q", "-d", str(house)]
        subprocess.run([*download, "hatchling", "setuptools>=61"], check=True)
        marker.write_text("hatchling setuptools\n")
    return house


def _project(work: Path, sample: str) -> Path:
    return committed_copy(SAMPLES / sample, work / sample)


def installers(bench: Any, row: Any) -> list[Any]:
    """Time pip and uv; ``bench`` is bench.Bench and ``row`` the bench.Row class."""
    house = _wheelhouse()
    uv = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    if not Path(uv).is_file():
        raise SystemExit("uv is not installed: pip install -e '.[test]' (it is in the test extra)")
    settings = {
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(house),
        "UV_NO_INDEX": "1",
        "UV_FIND_LINKS": str(house),
        # uv is found on PATH: put the venv's bin first, as an activated venv would.
        "PATH": f"{Path(uv).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    saved = {k: os.environ.get(k) for k in settings}
    os.environ.update(settings)
    work = Path(tempfile.mkdtemp(prefix="rk-installers-bench-"))
    rows = []
    try:
        hatch = _project(work, "hatch_sample")
        subprocess.run([bench.releasekit, "build"], cwd=hatch, check=True, capture_output=True)
        other = _other_python()
        verify = [bench.releasekit, "verify", "--no-index", "--python", sys.executable]
        verify += ["--python", other]
        with_uv = bench.time([*verify, "--installer", "uv"], hatch)
        with_pip = bench.time([*verify, "--installer", "pip"], hatch)
        speedup = with_pip.median / with_uv.median
        rows.append(
            row(
                "installers",
                f"verify on 2 Pythons ({Path(sys.executable).name}, {Path(other).name}) with uv",
                with_uv.min,
                with_uv.median,
                floor="the same with pip",
                floor_median_s=with_pip.median,
                ratio=with_uv.median / with_pip.median,
                target=">= 2x faster",
                ok=speedup >= 2.0,
                note=f"{speedup:.1f}x faster",
            )
        )
        for sample in ("hatch_sample", "ext_sample"):
            project = hatch if sample == "hatch_sample" else _project(work, sample)
            build = [bench.releasekit, "build"]
            runs = max(3, bench.runs // 2)
            with_uv = bench.time([*build, "--installer", "uv"], project, runs=runs)
            with_pip = bench.time([*build, "--installer", "pip"], project, runs=runs)
            speedup = with_pip.median / with_uv.median
            rows.append(
                row(
                    "installers",
                    f"build {sample} with uv",
                    with_uv.min,
                    with_uv.median,
                    floor="the same with pip",
                    floor_median_s=with_pip.median,
                    ratio=with_uv.median / with_pip.median,
                    target="faster",
                    ok=speedup > 1.0,
                    note=f"{speedup:.1f}x faster",
                )
            )
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(work, ignore_errors=True)
    return rows
