"""Build, verify together and publish the released packages of a monorepo.

Each released package is built into its own ``dist/`` (sdist, then the wheel from it). Then
every new wheel is installed in **one** fresh venv, next to each other, so that an internal
pin (``b`` requires ``a==1.1.0``) resolves to the wheel just built and not to an older
release on the index; each wheel's top-level packages are imported and their versions checked.
The uploads run after the push, one package at a time.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from releasekit.dist.artifacts import find_artifacts, same_version
from releasekit.dist.build import BuildStep
from releasekit.dist.publish import PublishTarget
from releasekit.dist.steps import PublishStep
from releasekit.errors import VerifyError
from releasekit.monorepo.status import PackageStatus
from releasekit.plan import NullReporter, Reporter, Step
from releasekit.workspace.members import Workspace

__all__ = ["VerifyTogetherStep", "verify_together", "workspace_dist_steps"]

_PROBE = """
import importlib, importlib.metadata, json, sys
wanted = json.loads(sys.argv[1])
found = {}
for dist, modules in wanted.items():
    for name in modules:
        importlib.import_module(name)
    found[dist] = importlib.metadata.version(dist)
print(json.dumps(found))
"""


def verify_together(
    wheels: Sequence[tuple[Path, str]],
    *,
    find_links: Sequence[Path] = (),
    reporter: Reporter | None = None,
) -> dict[str, str]:
    """Install every ``(wheel, version)`` in one fresh venv of this Python, import each
    wheel's top-level packages and check each distribution's version; return dist -> version.

    Raises :class:`VerifyError` with pip's or Python's output when anything fails.
    """
    from packaging.utils import canonicalize_name, parse_wheel_filename

    from releasekit.dist.verify import _run, _wheel_top_level

    report = reporter or NullReporter()
    wanted: dict[str, list[str]] = {}
    expected: dict[str, str] = {}
    for wheel, version in wheels:
        dist = str(canonicalize_name(parse_wheel_filename(wheel.name)[0]))
        wanted[dist] = _wheel_top_level(wheel)
        expected[dist] = version
    with tempfile.TemporaryDirectory(prefix="releasekit-verify-") as tmp:
        work = Path(tmp)
        venv = work / "venv"
        _run(
            [sys.executable, "-m", "venv", "--without-pip", str(venv)],
            cwd=work,
            interpreter=sys.executable,
            what="creating a venv",
        )
        python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        pip = [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-input",
            "--quiet",
        ]
        for link in find_links:
            pip += ["--find-links", str(Path(link).resolve())]
        names = ", ".join(w.name for w, _ in wheels)
        report.info(f"installing {names} together in a fresh venv")
        _run(
            [*pip, *(str(w.resolve()) for w, _ in wheels)],
            cwd=work,
            interpreter=sys.executable,
            what=f"pip install {names}",
        )
        output = _run(
            [str(python), "-I", "-c", _PROBE, json.dumps(wanted)],
            cwd=work,
            interpreter=sys.executable,
            what="import the packages",
        )
    found: dict[str, str] = json.loads(output.strip().splitlines()[-1])
    wrong = [
        f"{dist} is {found.get(dist)}, expected {version}"
        for dist, version in expected.items()
        if not same_version(found.get(dist, ""), version)
    ]
    if wrong:
        raise VerifyError("installed together: " + "; ".join(wrong))
    return found


@dataclass
class VerifyTogetherStep:
    """A release step: install every new wheel in one fresh venv and import them."""

    packages: tuple[tuple[str, Path, str], ...]
    reporter: Reporter | None = None
    irreversible: bool = False

    def describe(self) -> str:
        """One line: which packages."""
        names = ", ".join(f"{name} {version}" for name, _, version in self.packages)
        return f"install the wheels of {names} together in a fresh venv and import them"

    def apply(self) -> None:
        """Find each package's wheel and verify them together."""
        wheels: list[tuple[Path, str]] = []
        for name, dist_dir, version in self.packages:
            found = [a.path for a in find_artifacts(dist_dir, version) if a.kind == "wheel"]
            if not found:
                raise VerifyError(f"{dist_dir} holds no wheel of {name} {version}")
            wheels.extend((wheel, version) for wheel in found)
        verify_together(
            wheels,
            find_links=[dist for _, dist, _ in self.packages],
            reporter=self.reporter,
        )

    def rollback(self) -> None:
        """Nothing to undo: the venv was temporary."""


def workspace_dist_steps(
    workspace: Workspace,
    rows: Sequence[PackageStatus],
    *,
    publish: bool = True,
    reporter: Reporter | None = None,
) -> tuple[list[Step], list[Step]]:
    """``(before_push, after_push)``: build each package and verify them all together, then
    publish each one after the push (nothing after it without ``publish``)."""
    packages = {p.key: p for p in workspace.packages}
    before: list[Step] = []
    after: list[Step] = []
    together: list[tuple[str, Path, str]] = []
    for row in rows:
        package = packages[row.key]
        directory = package.path(workspace.root)
        outdir = directory / "dist"
        before.append(BuildStep(directory, outdir, row.next, reporter=reporter))
        together.append((package.name, outdir, row.next))
        if not publish:
            continue
        target = PublishTarget(repository=package.config.repository)
        after.append(
            PublishStep(
                outdir,
                row.next,
                target,
                skip_existing=True,
                reporter=reporter,
                finish_command=f"releasekit --package {package.name} publish --skip-existing",
            )
        )
    before.append(VerifyTogetherStep(tuple(together), reporter=reporter))
    return before, after
