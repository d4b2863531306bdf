"""The ``releasekit`` console script: answers ``--version`` at once, else runs the CLI.

``releasekit --version`` is what scripts and CI call most often to see what is installed, and
importing click alone costs several times Python's own start-up. So the entry point answers
that one question from ``releasekit.__version__`` without importing click or anything else.

For ``changelog`` and ``next`` (auto), which read the history since the last release tag, it
first starts that ``git log`` (:mod:`releasekit.git.prestart`), so git walks the history while
Python imports the CLI and reads the configuration. Every command line then goes to
:func:`releasekit.cli.main` unchanged.
"""

from __future__ import annotations

import sys

from releasekit import __version__

__all__ = ["main"]

_EXPLICIT_PARTS = frozenset({"major", "minor", "patch", "pre", "calver"})


def main(argv: list[str] | None = None) -> None:
    """Run ``releasekit`` with ``argv`` (default: the process arguments)."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        sys.stdout.write(f"releasekit {__version__}\n")
        sys.exit(0)
    project = _walking_command(args)
    if project is not None:
        from pathlib import Path

        from releasekit.git.prestart import start_release_log

        start_release_log(Path(project))
    from releasekit.cli import main as cli_main

    cli_main(args)


def _walking_command(args: list[str]) -> str | None:
    """The project directory when ``args`` run ``changelog`` or ``next`` with the automatic
    part, which read the history since the last release tag; else ``None``.

    >>> _walking_command(["--project", "repo", "changelog", "--dry-run"])
    'repo'
    >>> _walking_command(["next", "minor"]) is None, _walking_command(["next"])
    (True, '.')
    """
    project = "."
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--project" and index + 1 < len(args):
            project, index = args[index + 1], index + 2
        elif arg.startswith("--project="):
            project, index = arg.partition("=")[2], index + 1
        elif (arg.startswith("-v") and set(arg[1:]) == {"v"}) or arg == "--verbose":
            index += 1
        else:
            break
    command, rest = (args[index], args[index + 1 :]) if index < len(args) else (None, [])
    if "-h" in rest or "--help" in rest:
        return None
    if command == "changelog" or (command == "next" and not _EXPLICIT_PARTS & set(rest)):
        return project
    return None
