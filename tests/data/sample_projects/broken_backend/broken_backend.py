"""An in-tree build backend that fails the way real ones do: it explains, then exits."""

from __future__ import annotations

import sys


def build_sdist(sdist_directory: str, config_settings: dict[str, str] | None = None) -> str:
    """Fail after printing what went wrong."""
    print("BACKEND SAYS: cannot find the frobnicator in src/")
    print("traceback-like detail on stderr", file=sys.stderr)
    raise SystemExit(3)


def build_wheel(
    wheel_directory: str,
    config_settings: dict[str, str] | None = None,
    metadata_directory: str | None = None,
) -> str:
    """Fail the same way."""
    return build_sdist(wheel_directory)
