"""Build the sdist, then the wheel from the sdist, and check what was built.

This is what ``python -m build`` does, through the ``build`` library: the wheel is built from
the unpacked sdist, so a file missing from the sdist breaks the build here and not on a user's
machine. The build backend runs in an isolated environment (or the current one with
``isolation=False``), with its output captured: on failure the :class:`BuildBackendFailed`
error carries the backend's own output.

The isolated environment is made and filled by uv when uv is available (see
:mod:`releasekit.dist.installer`; ``build`` supports it natively), else by pip.

``SOURCE_DATE_EPOCH`` is honoured, and defaults to the commit time of ``HEAD``, so building the
same commit twice gives byte-identical wheels.

Each artifact is then checked (:func:`releasekit.dist.artifacts.verify_artifacts`): its filename
and its metadata name the release version, and ``twine check --strict`` passes. Artifacts that
fail are removed (only those this build made), so ``verify``, ``check --dist`` and
``publish`` never find them in ``dist/``.

>>> clean_outputs(Path("/nonexistent-project"))
[]
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import tarfile
import tempfile
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from releasekit.dist.artifacts import Artifact, Kind, inspect_artifact, verify_artifacts
from releasekit.dist.installer import Installer, resolve_installer
from releasekit.errors import BuildBackendFailed, BuildError, UsageError
from releasekit.files.paths import display_path
from releasekit.plan import NullReporter, Reporter

if TYPE_CHECKING:
    from build.env import IsolatedEnv

__all__ = [
    "BuildResult",
    "BuildStep",
    "build_project",
    "clean_outputs",
    "source_date_epoch",
]

logger = logging.getLogger("releasekit.dist.build")


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build_project` did: the artifacts, in build order, and what it removed."""

    artifacts: tuple[Artifact, ...]
    removed: tuple[Path, ...] = ()
    source_date_epoch: int | None = None


# -- cleaning -----------------------------------------------------------------------------


def clean_outputs(root: Path, outdir: Path | None = None) -> list[Path]:
    """Remove ``build/``, the output directory and ``*.egg-info`` under ``root``; return them.

    ``*.egg-info`` directories are looked for at the root and one level down (``src/``), where
    setuptools leaves them. Nothing outside ``root`` is removed unless it is ``outdir`` itself.
    """
    root = Path(root)
    out = Path(outdir) if outdir is not None else root / "dist"
    if not out.is_absolute():
        out = root / out
    candidates = [root / "build", out]
    candidates += sorted(root.glob("*.egg-info")) + sorted(root.glob("*/*.egg-info"))
    removed = []
    for path in candidates:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
            removed.append(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
            removed.append(path)
    return removed


# -- SOURCE_DATE_EPOCH --------------------------------------------------------------------


def source_date_epoch(root: Path, environ: Mapping[str, str] | None = None) -> int | None:
    """The ``SOURCE_DATE_EPOCH`` for a build: the environment's, else HEAD's commit time.

    None when neither exists (not a git repository, or no commit yet). A malformed value in the
    environment is a :class:`UsageError`.
    """
    env = os.environ if environ is None else environ
    text = env.get("SOURCE_DATE_EPOCH")
    if text is not None and text.strip():
        try:
            return int(text.strip())
        except ValueError:
            raise UsageError(
                f"SOURCE_DATE_EPOCH={text!r} is not a whole number of seconds since 1970: "
                "set it to e.g. $(git log -1 --format=%ct) or unset it"
            ) from None
    from releasekit.git.runner import Git

    git = Git(Path(root))
    result = git.run_result("log", "-1", "--format=%ct", "HEAD")
    if result.returncode != 0 or not result.stdout.strip():
        return None
    return int(result.stdout.strip())


# -- the backend runner -------------------------------------------------------------------


class _CapturingRunner:
    """Runs backend hooks with their output captured, so a failure can show it."""

    def __init__(self, extra_environ: Mapping[str, str]) -> None:
        self.extra_environ = dict(extra_environ)
        self.output: list[str] = []

    def __call__(
        self,
        cmd: Sequence[str],
        cwd: str | None = None,
        extra_environ: Mapping[str, str] | None = None,
    ) -> None:
        env = {**os.environ, **self.extra_environ, **(extra_environ or {})}
        result = subprocess.run(
            list(cmd),
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
        self.output.append(result.stdout)
        if result.stdout:
            logger.debug("%s", result.stdout.rstrip())
        if result.returncode != 0:
            raise subprocess.CalledProcessError(result.returncode, list(cmd), output=result.stdout)

    def take(self) -> str:
        """The output collected so far (and forget it)."""
        text = "".join(self.output).rstrip()
        self.output.clear()
        return text


def _backend_error(what: str, root: Path, exc: Exception, runner: _CapturingRunner) -> BuildError:
    output = runner.take()
    if isinstance(exc, subprocess.CalledProcessError):
        # A failed ``pip install`` of the build requirements: its output is the story.
        captured = exc.output or b""
        stderr = exc.stderr or b""
        parts = [
            p.decode("utf-8", "replace") if isinstance(p, bytes) else str(p)
            for p in (captured, stderr)
        ]
        output = "\n".join(p.rstrip() for p in [output, *parts] if p and p.strip())
        reason = "installing the build requirements failed"
    else:
        reason = str(exc).strip() or type(exc).__name__
    return BuildBackendFailed(
        f"building the {what} of {root} failed: {reason}\n"
        "fix the error shown above and run `releasekit build` again",
        output=output,
    )


class _Builder:
    """One build environment shared by the sdist and the wheel (they need the same backend)."""

    def __init__(self, env: IsolatedEnv | None, runner: _CapturingRunner) -> None:
        self.env = env
        self.runner = runner
        self.installed: set[str] = set()

    def build(self, source: Path, distribution: Kind, outdir: Path) -> Path:
        import build

        if self.env is None:
            builder = build.ProjectBuilder(source, runner=self.runner)
        else:
            builder = build.ProjectBuilder.from_isolated_env(self.env, source, runner=self.runner)
            self._install(builder.build_system_requires)
            self._install(builder.get_requires_for_build(distribution))
        return Path(builder.build(distribution, outdir))

    def _install(self, requirements: set[str]) -> None:
        missing = set(requirements) - self.installed
        if missing and self.env is not None:
            self.env.install(missing)  # type: ignore[attr-defined]
            self.installed |= missing


@contextlib.contextmanager
def _environment(isolation: bool, installer: Installer) -> Iterator[IsolatedEnv | None]:
    if not isolation:
        yield None
        return
    from build.env import DefaultIsolatedEnv

    # build finds the same uv resolve_installer found: the `uv` package's, or `uv` on PATH.
    with DefaultIsolatedEnv(installer="uv" if installer.uv else "pip") as env:
        yield env


def _extract_sdist(sdist: Path, into: Path) -> Path:
    with tarfile.open(sdist) as archive:
        members = archive.getmembers()
        tops = {m.name.split("/", 1)[0] for m in members}
        if len(tops) != 1:
            raise BuildError(
                f"{sdist.name}: an sdist must hold exactly one top-level directory, "
                f"found {sorted(tops)}"
            )
        archive.extractall(into, filter="data")  # the data filter refuses unsafe members
    return into / tops.pop()


def build_project(
    root: Path,
    version: str | None = None,
    *,
    outdir: Path | None = None,
    clean: bool = True,
    sdist: bool = True,
    wheel: bool = True,
    isolation: bool = True,
    check: bool = True,
    reporter: Reporter | None = None,
    installer: str | Installer = "auto",
) -> BuildResult:
    """Clean, build the sdist and then the wheel from it, verify both; return what was built.

    ``version`` is the release version the artifacts must carry (checked when given).
    ``installer`` fills the isolated environment: ``"auto"`` (uv when on PATH), ``"pip"`` or
    ``"uv"``.
    ``sdist=False`` builds the wheel straight from the source tree; ``wheel=False`` only the
    sdist. Raises :class:`BuildBackendFailed` (with the backend's output) when the backend
    fails, :class:`BuildError` when an artifact does not pass :func:`verify_artifacts` (the
    artifacts this call built are then removed, so no later command takes them for a release).

    Example (a real build takes seconds)::

        result = build_project(Path("."), "1.2.3")
        for artifact in result.artifacts:
            print(artifact.describe())
    """
    if not (sdist or wheel):
        raise UsageError("nothing to build: --sdist-only and --wheel-only exclude each other")
    root = Path(root).resolve()
    report = reporter or NullReporter()
    chosen = installer if isinstance(installer, Installer) else resolve_installer(installer)
    out = Path(outdir) if outdir is not None else root / "dist"
    out = out if out.is_absolute() else root / out
    if not (root / "pyproject.toml").is_file() and not (root / "setup.py").is_file():
        raise BuildError(f"{root} has no pyproject.toml or setup.py: there is nothing to build")

    removed: list[Path] = []
    if clean:
        removed = clean_outputs(root, out)
        for path in removed:
            report.info(f"removed {display_path(path, root)}")

    epoch = source_date_epoch(root)
    environ = {"SOURCE_DATE_EPOCH": str(epoch)} if epoch is not None else {}
    runner = _CapturingRunner(environ)
    built: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)
    import build

    with warnings.catch_warnings(record=True) as caught, _environment(isolation, chosen) as env:
        warnings.simplefilter("always")
        builder = _Builder(env, runner)
        try:
            if sdist:
                report.info("building the sdist")
                sdist_path = _run(builder, root, "sdist", out, root)
                built.append(sdist_path)
            if wheel:
                report.info("building the wheel" + (" from the sdist" if sdist else ""))
                if sdist:
                    with tempfile.TemporaryDirectory(prefix="releasekit-sdist-") as tmp:
                        source = _extract_sdist(built[0], Path(tmp))
                        built.append(_run(builder, source, "wheel", out, root))
                else:
                    built.append(_run(builder, root, "wheel", out, root))
        except BaseException:
            # A half build (the sdist without its wheel) must not stay in dist/, where
            # ``check --dist`` and ``publish`` would take it for a release.
            if built:
                report.warn(_remove_failed(built, root, "of the failed build"))
            raise
    del build  # imported above so a missing `build` fails before any work
    _report_backend_warnings(caught, report)
    artifacts = tuple(inspect_artifact(path) for path in built)
    if check:
        problems = verify_artifacts([a.path for a in artifacts], version, warn=report.warn)
        if problems:
            removed_note = _remove_failed(built, root, "that failed the checks")
            raise BuildError("\n".join([*problems, removed_note]))
    return BuildResult(artifacts=artifacts, removed=tuple(removed), source_date_epoch=epoch)


def _remove_failed(built: list[Path], root: Path, why: str) -> str:
    """Remove what this build made (only that), so no later command takes it for a release."""
    for path in built:
        path.unlink(missing_ok=True)
    shown = ", ".join(display_path(path, root) for path in built)
    return f"removed the artifacts {why} ({shown}): fix the problems and build again"


def _report_backend_warnings(caught: list[warnings.WarningMessage], report: Reporter) -> None:
    # Backends warn through pyproject_hooks, which re-raises their warnings in this process;
    # the library never prints, so they go to the reporter, once each.
    seen: set[str] = set()
    for warning in caught:
        text = " ".join(str(warning.message).split())
        if text and text not in seen:
            seen.add(text)
            report.warn(f"build backend: {text}")


def _run(builder: _Builder, source: Path, kind: Kind, out: Path, root: Path) -> Path:
    from build import BuildBackendException, BuildException

    try:
        return builder.build(source, kind, out)
    except (BuildBackendException, BuildException, subprocess.CalledProcessError) as exc:
        raise _backend_error(kind, root, exc, builder.runner) from exc


# -- the plan step -------------------------------------------------------------------------


@dataclass
class BuildStep:
    """A release step: clean, build and verify; rollback removes what it built.

    >>> BuildStep(Path("/p"), Path("/p/dist"), "1.2.3").describe()
    'build sdist and wheel of 1.2.3 into /p/dist'
    """

    root: Path
    outdir: Path
    version: str | None = None
    isolation: bool = True
    reporter: Reporter | None = None
    irreversible: bool = False
    result: BuildResult | None = None
    installer: str = "auto"

    def describe(self) -> str:
        """One line: what will be built, where."""
        of = f" of {self.version}" if self.version else ""
        return f"build sdist and wheel{of} into {self.outdir}"

    def apply(self) -> None:
        """Build and verify (raises :class:`BuildError` on failure)."""
        self.result = build_project(
            self.root,
            self.version,
            outdir=self.outdir,
            isolation=self.isolation,
            reporter=self.reporter,
            installer=self.installer,
        )
        for artifact in self.result.artifacts:
            (self.reporter or NullReporter()).info(artifact.describe())

    def rollback(self) -> None:
        """Remove the artifacts this step built."""
        if self.result is not None:
            for artifact in self.result.artifacts:
                artifact.path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                self.outdir.rmdir()  # only when empty
