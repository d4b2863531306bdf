"""The ``releasekit`` console script: answers ``--version`` at once, else runs the CLI.

``releasekit --version`` is what scripts and CI call most often to see what is installed, and
importing click alone costs several times Python's own start-up. So the entry point answers
that one question from ``releasekit.__version__`` without importing click or anything else.

``releasekit version`` is the other question scripts ask all the time
(``VERSION=$(releasekit version)``): when it can be answered cleanly (no warning, no error, not
inside GitHub Actions, whose outputs the full command writes), the entry point answers it
through the library alone; every other case goes to the full command, which says it properly.

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
    parsed = _command_line(args)
    if parsed is not None and parsed[1:] == ("version", []) and _print_version(parsed[0]):
        sys.exit(0)
    project = _walking_command(args)
    if project is not None:
        from pathlib import Path

        from releasekit.workspace.early import start_history_log

        start_history_log(Path(project), every_package="--all" in args)
    from releasekit.cli import main as cli_main

    cli_main(args)


def _command_line(args: list[str]) -> tuple[str, str, list[str]] | None:
    """The project directory, the command and its arguments, or ``None`` when the command
    line asks for help or holds anything else this quick reading does not know.

    >>> _command_line(["--project", "repo", "-v", "changelog", "--dry-run"])
    ('repo', 'changelog', ['--dry-run'])
    >>> _command_line(["next", "--help"]) is None, _command_line(["next"])
    (True, ('.', 'next', []))
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
    if index >= len(args):
        return None
    command, rest = args[index], args[index + 1 :]
    if "-h" in rest or "--help" in rest:
        return None
    return project, command, rest


def _walking_command(args: list[str]) -> str | None:
    """The project directory when ``args`` run ``changelog`` or ``next`` with the automatic
    part, which read the history since the last release tag; else ``None``.

    >>> _walking_command(["next", "minor"]) is None, _walking_command(["next"])
    (True, '.')
    """
    parsed = _command_line(args)
    if parsed is None:
        return None
    project, command, rest = parsed
    if "--all" in rest and command != "next":
        return None  # changelog --all walks children first: not the walk next --all starts
    if command == "changelog" or (command == "next" and not _EXPLICIT_PARTS & set(rest)):
        return project
    return None


class _Quiet:
    """Counts what the library would report; any report sends the command to the full CLI."""

    def __init__(self) -> None:
        self.reports = 0

    def info(self, message: str) -> None:
        self.reports += 1

    def warn(self, message: str) -> None:
        self.reports += 1


def _print_version(project_dir: str) -> bool:
    """Print the current version and return True, or return False (printing nothing) when
    the full command must answer: an error, a warning, an interrupted write, GitHub Actions."""
    import os
    from pathlib import Path

    if (
        os.environ.get("GITHUB_ACTIONS") == "true"
        or os.environ.get("GITHUB_OUTPUT")
        or not Path(project_dir).is_dir()
    ):
        return False
    from releasekit.errors import ReleasekitError
    from releasekit.project import Project

    reporter = _Quiet()
    try:
        project = Project(project_dir, reporter=reporter)
        if project.interrupted_write is not None:
            return False
        version = project.version
    except ReleasekitError:
        return False
    if reporter.reports:
        return False
    sys.stdout.write(f"{version}\n")
    return True
