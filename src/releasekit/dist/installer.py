"""Who installs packages into the build and verify environments: uv when it is there, else pip.

uv makes a venv and installs a wheel in a fraction of the time pip takes (measured with
``scripts/bench.py installers``), so it is used whenever it is on PATH (``installer =
"auto"``, the default). ``installer = "uv"`` in ``[tool.releasekit]`` (or ``--installer uv``)
insists on it and fails when it is missing; ``"pip"`` never uses it.

>>> resolve_installer("pip")
Installer(name='pip', uv=None)
>>> resolve_installer("auto", environ={"PATH": "/nonexistent"}).name
'pip'
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from releasekit.errors import ConfigError

__all__ = ["INSTALLER_CHOICES", "Installer", "resolve_installer"]

#: The values ``installer`` takes in ``[tool.releasekit]`` and on the command line.
INSTALLER_CHOICES: tuple[str, ...] = ("auto", "pip", "uv")


@dataclass(frozen=True)
class Installer:
    """The resolved installer: ``pip``, or ``uv`` with the path of its executable."""

    name: Literal["pip", "uv"]
    uv: str | None = None

    def describe(self) -> str:
        """``pip`` or ``uv (/path/to/uv)``."""
        return f"uv ({self.uv})" if self.uv else self.name


def resolve_installer(
    choice: str = "auto", *, environ: Mapping[str, str] | None = None
) -> Installer:
    """The installer for ``choice`` (``auto``, ``pip`` or ``uv``), looking uv up on PATH.

    ``$UV`` names the uv executable explicitly (as for ``build``). Raises :class:`ConfigError`
    for an unknown choice, or for ``uv`` when no uv executable is found.
    """
    if choice not in INSTALLER_CHOICES:
        raise ConfigError(
            f"installer {choice!r} is not valid: use one of "
            + ", ".join(repr(c) for c in INSTALLER_CHOICES)
        )
    if choice == "pip":
        return Installer("pip")
    env = os.environ if environ is None else environ
    explicit = env.get("UV")
    found = shutil.which(explicit or "uv", path=env.get("PATH", os.defpath))
    if found is None and explicit and Path(explicit).is_file():
        found = explicit
    if found is not None:
        return Installer("uv", found)
    if choice == "uv":
        raise ConfigError(
            'installer = "uv" but uv is not on PATH: install it (pip install uv) or set '
            'installer = "pip" in [tool.releasekit]'
        )
    return Installer("pip")
