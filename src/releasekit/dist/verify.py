"""Install the built wheel in a fresh virtual environment per interpreter, and import it.

For each interpreter (the current one by default; ``python3.10``, ``/usr/bin/python3.12``…),
a new venv is made in a temporary directory, the wheel is installed into it with pip (its
dependencies from the index, or from ``find_links`` only with ``no_index``), and every
top-level package of the wheel is imported from a directory outside the project, so the
import can only succeed from the installed wheel. The version is then checked: the package's
``__version__`` when it has one, else ``importlib.metadata.version``, must equal the release
version by PEP 440.

With uv (on PATH, or ``installer="uv"``; see :mod:`releasekit.dist.installer`) the venv is
made with ``uv venv`` and the wheel installed with ``uv pip install``: several times faster.
Otherwise a venv is made without pip (``--without-pip``) and the outer pip installs into it
with ``pip --python``: that saves the ensurepip bootstrap, seconds per interpreter. (When
releasekit runs without pip, the venv is made with its own.)

>>> top_level_names(["pkg/__init__.py", "pkg/mod.py", "pkg-1.0.dist-info/RECORD", "single.py"])
['pkg', 'single']
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from releasekit.dist.artifacts import Artifact, find_artifacts, same_version
from releasekit.dist.installer import Installer, resolve_installer
from releasekit.errors import UsageError, VerifyError
from releasekit.plan import NullReporter, Reporter

__all__ = [
    "VerifyResult",
    "VerifyStep",
    "resolve_interpreter",
    "top_level_names",
    "verify_dist",
    "verify_wheel",
]

logger = logging.getLogger("releasekit.dist.verify")

#: Run inside the fresh venv: import each package, report its version and the dist's.
_PROBE = """
import importlib, importlib.metadata, json, sys
names, dist = json.loads(sys.argv[1]), sys.argv[2]
found = {}
for name in names:
    module = importlib.import_module(name)
    version = getattr(module, "__version__", None)
    found[name] = {"file": getattr(module, "__file__", None),
                   "version": version if isinstance(version, str) else None}
print(json.dumps({"modules": found, "dist": importlib.metadata.version(dist),
                  "python": sys.version.split()[0]}))
"""


@dataclass(frozen=True)
class VerifyResult:
    """One interpreter's verdict: what it imported and which version it saw."""

    interpreter: str
    python_version: str
    modules: tuple[str, ...]
    version: str


def top_level_names(record_paths: Iterable[str]) -> list[str]:
    """The importable top-level names among a wheel's file paths (packages and modules)."""
    names: set[str] = set()
    for path in record_paths:
        first, _, rest = path.partition("/")
        if first.endswith((".dist-info", ".data")):
            continue
        if rest and first.isidentifier():
            names.add(first)
        elif not rest and first.endswith(".py") and first[:-3].isidentifier():
            names.add(first[:-3])
    return sorted(names)


def _wheel_top_level(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        listed = archive.namelist()
        top_level = [
            n for n in listed if n.count("/") == 1 and n.endswith(".dist-info/top_level.txt")
        ]
        if top_level:
            text = archive.read(top_level[0]).decode("utf-8", "replace")
            names = [line.strip() for line in text.splitlines() if line.strip()]
            # top_level.txt may name private helpers ("_pkg_stub"); the public ones come first
            public = [n for n in names if not n.startswith("_") and n.isidentifier()]
            if public:
                return sorted(public)
    return [n for n in top_level_names(listed) if not n.startswith("_")]


def resolve_interpreter(name: str) -> str:
    """The path of an interpreter that actually runs; :class:`UsageError` (exit 2) if none.

    A name is looked up on PATH; a pyenv shim that exists but cannot run counts as missing.
    """
    path = shutil.which(name) or (name if Path(name).is_file() else None)
    if path is None:
        raise UsageError(
            f"interpreter {name!r} not found: install it or pass another with --python"
        )
    try:
        result = subprocess.run(
            [path, "-c", "import sys; print(sys.executable)"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"interpreter {name!r} ({path}) cannot run: {exc}") from None
    if result.returncode != 0 or not result.stdout.strip():
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise UsageError(
            f"interpreter {name!r} ({path}) cannot run: {detail[0] if detail else 'no output'}"
        )
    return result.stdout.strip()


def _run(argv: Sequence[str], *, cwd: Path, interpreter: str, what: str) -> str:
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    try:
        result = subprocess.run(
            list(argv),
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise VerifyError(f"{interpreter}: {what} failed: {exc}") from None
    if result.returncode != 0:
        output = result.stdout.strip()
        raise VerifyError(f"{interpreter}: {what} failed:\n{output}")
    logger.debug("%s: %s\n%s", interpreter, what, result.stdout)
    return result.stdout


@dataclass(frozen=True)
class _Commands:
    create: tuple[str, ...]
    install: tuple[str, ...]


def _install_commands(
    installer: Installer, python: str, venv: Path, venv_python: Path
) -> _Commands:
    """How to make the venv and install into it, with uv or with pip."""
    quiet = () if logger.isEnabledFor(logging.DEBUG) else ("--quiet",)
    if installer.uv is not None:
        return _Commands(
            (installer.uv, "venv", "--no-config", *quiet, "--python", python, str(venv)),
            (installer.uv, "pip", "install", "--no-config", *quiet, "--python", str(venv_python)),
        )
    if importlib.util.find_spec("pip") is not None:
        return _Commands(
            (python, "-m", "venv", "--without-pip", str(venv)),
            (
                sys.executable,
                "-m",
                "pip",
                "--python",
                str(venv_python),
                "install",
                "--no-input",
                *quiet,
            ),
        )
    # releasekit itself runs without pip (uv tool, zipapp): the venv brings its own.
    return _Commands(
        (python, "-m", "venv", str(venv)),
        (str(venv_python), "-m", "pip", "install", "--no-input", *quiet),
    )


def verify_wheel(
    wheel: Path,
    version: str,
    *,
    interpreter: str | None = None,
    find_links: Sequence[Path] = (),
    no_index: bool = False,
    installer: Installer | None = None,
) -> VerifyResult:
    """Install ``wheel`` in a fresh venv of ``interpreter`` and check it imports at ``version``.

    ``installer`` is pip or uv (default: :func:`resolve_installer`, uv when it is on PATH).

    Raises :class:`VerifyError` naming the interpreter, with pip's or Python's output, when the
    install, the import or the version check fails; :class:`UsageError` when the interpreter
    does not exist or cannot run.

    Example (takes a few seconds)::

        verify_wheel(Path("dist/pkg-1.2.3-py3-none-any.whl"), "1.2.3", interpreter="python3.12")
    """
    from packaging.utils import parse_wheel_filename

    wheel = Path(wheel).resolve()
    name = interpreter or sys.executable
    python = resolve_interpreter(name)
    dist_name = str(parse_wheel_filename(wheel.name)[0])
    modules = _wheel_top_level(wheel)
    if not modules:
        raise VerifyError(f"{wheel.name}: holds no importable top-level package or module")
    chosen = installer or resolve_installer()
    with tempfile.TemporaryDirectory(prefix="releasekit-verify-") as tmp:
        work = Path(tmp)
        venv = work / "venv"
        venv_python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        install = _install_commands(chosen, python, venv, venv_python)
        _run(install.create, cwd=work, interpreter=name, what="creating a venv")
        pip = list(install.install)
        for link in find_links:
            pip += ["--find-links", str(Path(link).resolve())]
        if no_index:
            pip.append("--no-index")
        what = f"{chosen.name} install {wheel.name}"
        _run([*pip, str(wheel)], cwd=work, interpreter=name, what=what)
        output = _run(
            [str(venv_python), "-I", "-c", _PROBE, json.dumps(modules), dist_name],
            cwd=work,
            interpreter=name,
            what=f"import {', '.join(modules)}",
        )
    report = json.loads(output.strip().splitlines()[-1])
    problems = []
    for module, seen in report["modules"].items():
        seen_version = seen["version"] or report["dist"]
        if not same_version(seen_version, version):
            source = "__version__" if seen["version"] else "importlib.metadata.version"
            problems.append(f"{module}.{source} is {seen_version}, expected {version}")
    if not same_version(report["dist"], version):
        problems.append(
            f"the installed {dist_name} is version {report['dist']}, expected {version}"
        )
    if problems:
        raise VerifyError(f"{name} (Python {report['python']}): " + "; ".join(problems))
    return VerifyResult(name, report["python"], tuple(modules), report["dist"])


def verify_dist(
    dist_dir: Path,
    version: str,
    *,
    interpreters: Sequence[str] = (),
    find_links: Sequence[Path] = (),
    no_index: bool = False,
    reporter: Reporter | None = None,
    installer: str | Installer = "auto",
) -> list[VerifyResult]:
    """Verify the wheel of ``version`` in ``dist_dir`` with each interpreter (default: this one).

    Every interpreter (and the installer: ``"auto"``, ``"pip"``, ``"uv"``) is resolved before
    the first venv is made, so a missing one fails fast.
    """
    chosen = installer if isinstance(installer, Installer) else resolve_installer(installer)
    report = reporter or NullReporter()
    wheels = [a for a in find_artifacts(dist_dir, version) if a.kind == "wheel"]
    if not wheels:
        raise VerifyError(f"{dist_dir} holds no wheel of version {version}: run `releasekit build`")
    names = list(interpreters) or [sys.executable]
    pythons = {name: resolve_interpreter(name) for name in names}
    results = []
    for name in names:
        for wheel in _wheels_for(wheels, pythons[name], name, dist_dir):
            report.info(f"installing {wheel.filename} in a fresh venv of {name} ({chosen.name})")
            result = verify_wheel(
                wheel.path,
                version,
                interpreter=name,
                find_links=find_links,
                no_index=no_index,
                installer=chosen,
            )
            imported = ", ".join(result.modules)
            report.info(f"{name} (Python {result.python_version}): imported {imported}")
            results.append(result)
    return results


def _wheels_for(
    wheels: Sequence[Artifact], python: str, name: str, dist_dir: Path
) -> list[Artifact]:
    """Every pure wheel; of platform wheels, the one ``python`` would install here."""
    from releasekit.dist.compatible import best_wheel, supported_tags

    pure = [w for w in wheels if w.filename.endswith("-none-any.whl")]
    compiled = [w for w in wheels if w not in pure]
    if not compiled:
        return pure
    chosen = best_wheel([w.filename for w in compiled], supported_tags(python))
    if chosen is None:
        if pure:
            return pure
        raise VerifyError(
            f"{dist_dir} holds no wheel that {name} installs on this machine (of "
            f"{len(compiled)} compiled wheels): verify on a platform they are built for, or "
            "pass another --python"
        )
    return [*pure, *(w for w in compiled if w.filename == chosen)]


@dataclass
class VerifyStep:
    """A release step: install the wheel in fresh venvs and import it. Nothing to roll back.

    >>> VerifyStep(Path("dist"), "1.2.3", ("python3.12",)).describe()
    'install the 1.2.3 wheel from dist in a fresh venv (python3.12) and import it'
    """

    dist_dir: Path
    version: str
    interpreters: tuple[str, ...] = ()
    find_links: tuple[Path, ...] = ()
    reporter: Reporter | None = None
    irreversible: bool = False
    results: list[VerifyResult] = field(default_factory=list)
    installer: str = "auto"

    def describe(self) -> str:
        """One line: which wheel, which interpreters."""
        which = ", ".join(self.interpreters) or "this Python"
        wheel = f"the {self.version} wheel from {self.dist_dir}"
        return f"install {wheel} in a fresh venv ({which}) and import it"

    def apply(self) -> None:
        """Verify (raises :class:`VerifyError` on failure)."""
        self.results = verify_dist(
            self.dist_dir,
            self.version,
            interpreters=self.interpreters,
            find_links=self.find_links,
            reporter=self.reporter,
            installer=self.installer,
        )

    def rollback(self) -> None:
        """Nothing to undo: the venvs are temporary."""
