"""The ``releasekit`` console script: answers ``--version`` at once, else runs the CLI.

``releasekit --version`` is what scripts and CI call most often to see what is installed, and
importing click alone costs several times Python's own start-up. So the entry point answers
that one question from ``releasekit.__version__`` without importing click or anything else,
and hands every other command line to :func:`releasekit.cli.main` unchanged.
"""

from __future__ import annotations

import sys

from releasekit import __version__

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    """Run ``releasekit`` with ``argv`` (default: the process arguments)."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        sys.stdout.write(f"releasekit {__version__}\n")
        sys.exit(0)
    from releasekit.cli import main as cli_main

    cli_main(args)
