"""Install the built wheel in a fresh virtual environment per interpreter, and import it.

For each interpreter (the current one by default; ``python3.10``, ``/usr/bin/python3.12``…),
a new venv is made in a temporary directory, the wheel is installed into it with pip (its
dependencies from the index, or from ``find_links`` only with ``no_index``), and every
top-level package of the wheel is imported from a directory outside the project, so the
import can only succeed from the installed wheel. The version is then checked: the package's
``__version__`` when it has one, else ``importlib.metadata.version``, must equal the release
version by PEP 440.

A venv is made without pip (``--without-pip``) and the outer pip installs into it with
``pip --python``: that saves the ensurepip bootstrap, seconds per interpreter. (When
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

from releasekit.dist.artifacts import find_artifacts, same_version
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


def verify_wheel(
    wheel: Path,
    version: str,
    *,
    interpreter: str | None = None,
    find_links: Sequence[Path] = (),
    no_index: bool = False,
) -> VerifyResult:
    """Install ``wheel`` in a fresh venv of ``interpreter`` and check it imports at ``version``.

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
    outer_pip = importlib.util.find_spec("pip") is not None
    with tempfile.TemporaryDirectory(prefix="releasekit-verify-") as tmp:
        work = Path(tmp)
        venv = work / "venv"
        _run(
            [python, "-m", "venv", *(["--without-pip"] if outer_pip else []), str(venv)],
            cwd=work,
            interpreter=name,
            what="creating a venv",
        )
        venv_python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        if outer_pip:
            pip = [sys.executable, "-m", "pip", "--python", str(venv_python)]
        else:  # releasekit itself runs without pip (uv tool, zipapp): the venv brings its own
            pip = [str(venv_python), "-m", "pip"]
        pip += ["install", "--no-input"]
        pip += ["--quiet"] if not logger.isEnabledFor(logging.DEBUG) else []
        for link in find_links:
            pip += ["--find-links", str(Path(link).resolve())]
        if no_index:
            pip.append("--no-index")
        _run([*pip, str(wheel)], cwd=work, interpreter=name, what=f"pip install {wheel.name}")
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
) -> list[VerifyResult]:
    """Verify the wheel of ``version`` in ``dist_dir`` with each interpreter (default: this one).

    Every interpreter is resolved before the first venv is made, so a missing one fails fast.
    """
    report = reporter or NullReporter()
    wheels = [a for a in find_artifacts(dist_dir, version) if a.kind == "wheel"]
    if not wheels:
        raise VerifyError(f"{dist_dir} holds no wheel of version {version}: run `releasekit build`")
    names = list(interpreters) or [sys.executable]
    for name in names:
        resolve_interpreter(name)
    results = []
    for wheel in wheels:
        for name in names:
            report.info(f"installing {wheel.filename} in a fresh venv of {name}")
            result = verify_wheel(
                wheel.path, version, interpreter=name, find_links=find_links, no_index=no_index
            )
            imported = ", ".join(result.modules)
            report.info(f"{name} (Python {result.python_version}): imported {imported}")
            results.append(result)
    return results


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
        )

    def rollback(self) -> None:
        """Nothing to undo: the venvs are temporary."""
