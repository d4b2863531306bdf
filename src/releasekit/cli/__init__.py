"""The ``releasekit`` command: a thin click layer over the library.

Only this package imports click, and nothing in the library imports it. Sub-commands live in
one module each and are imported only when invoked, so ``releasekit --version`` pays for click
and nothing else.

Errors: a :class:`~releasekit.errors.ReleasekitError` becomes ``error: ...`` lines on stderr
and its exit status (1 refused/check failed, 2 usage/configuration); any other exception is a
bug and keeps its traceback.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from releasekit import __version__
from releasekit.errors import ReleasekitError

if TYPE_CHECKING:
    from releasekit.project import Project

__all__ = ["CliReporter", "State", "emit_json", "main", "pass_state"]

#: command name -> "module:attribute"; modules are imported on first use.
COMMANDS: dict[str, str] = {
    "version": "releasekit.cli.version:version",
    "next": "releasekit.cli.next:next_version",
    "bump": "releasekit.cli.bump:bump",
    "check": "releasekit.cli.check:check",
    "changelog": "releasekit.cli.changelog:changelog",
    "notes": "releasekit.cli.changelog:notes",
    "tag": "releasekit.cli.release:tag",
    "release": "releasekit.cli.release:release",
    "hotfix": "releasekit.cli.release:hotfix",
    "build": "releasekit.cli.dist:build",
    "verify": "releasekit.cli.dist:verify",
    "publish": "releasekit.cli.dist:publish",
    "init": "releasekit.cli.init:init",
}

#: Commands that never write the project's files (they report an interrupted write instead).
READ_ONLY_COMMANDS = frozenset({"version", "next", "check", "notes", "verify"})

_SHORT_HELP: dict[str, str] = {
    "version": "Show the current version (--json: every place it lives).",
    "next": "Show the next version; writes nothing.",
    "bump": "Write the next version everywhere it lives (and promote the changelog).",
    "check": "Check that files, changelog, tag and artifacts agree.",
    "changelog": "Collect conventional commits since the last tag into [Unreleased].",
    "notes": "Print one version's changelog section (a release body).",
    "tag": "Make an annotated tag for the current version.",
    "release": "Run the whole release as one plan.",
    "hotfix": "Branch hotfix/<next patch> from a release tag.",
    "build": "Clean, build sdist and wheel, verify them, twine check.",
    "verify": "Install the wheel in a fresh venv and import it.",
    "publish": "Upload the artifacts with twine.",
    "init": "Write [tool.releasekit], CHANGELOG.md and a release workflow.",
}


class CliReporter:
    """Prints library progress on stderr, so stdout stays clean for results and JSON."""

    def __init__(self, verbose: int = 0) -> None:
        self.verbose = verbose

    def info(self, message: str) -> None:
        """Show a progress line (only with ``-v``)."""
        if self.verbose:
            click.echo(message, err=True)

    def warn(self, message: str) -> None:
        """Show a warning line, always."""
        click.echo(f"warning: {message}", err=True)

    def say(self, message: str) -> None:
        """Show a line the user asked for, always (on stderr)."""
        click.echo(message, err=True)


class State:
    """What the group options decided, handed to every sub-command."""

    # A plain class, not a dataclass: the dataclasses import is start-up time every command
    # would pay.
    def __init__(
        self, project_path: Path | None, verbose: int = 0, reporter: CliReporter | None = None
    ) -> None:
        self.project_path = project_path
        self.verbose = verbose
        self.reporter = reporter or CliReporter()
        self._project: Project | None = None

    def project(self) -> Project:
        """The project at ``--project`` (or found by walking up from the current directory)."""
        if self._project is None:
            from releasekit.project import Project

            project = Project(self.project_path or Path.cwd(), reporter=self.reporter)
            # A command that writes first undoes an interrupted write; one that only reads
            # (or a --dry-run) reports it and writes nothing.
            ctx = click.get_current_context(silent=True)
            command = ctx.info_name if ctx is not None else None
            if command not in READ_ONLY_COMMANDS and not (ctx and ctx.params.get("dry_run")):
                project.recover()
            elif (journal := project.interrupted_write) is not None:
                from releasekit.files.journal import INTERRUPTED_FIX
                from releasekit.files.paths import display_path

                self.reporter.warn(f"{display_path(journal, project.root)}: {INTERRUPTED_FIX}")
            self._project = project
        return self._project


pass_state = click.make_pass_decorator(State)


def emit_json(data: Any) -> None:
    """Write one JSON object on stdout."""
    import json

    click.echo(json.dumps(data, indent=2, sort_keys=False, default=str))


class LazyGroup(click.Group):
    """A group whose sub-commands are imported when first used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the group, turning every expected failure into ``error:`` lines and an exit code.

        Click's own usage errors are shown the same way, so every failure of the command,
        whoever detects it, reads ``error: ...`` on stderr.
        """
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except ReleasekitError as exc:
            for line in exc.lines(cli=True):
                click.echo(f"error: {line}", err=True)
            code = exc.exit_code
        except click.UsageError as exc:
            if exc.ctx is not None:
                click.echo(exc.ctx.get_usage(), err=True)
            click.echo(f"error: {exc.format_message()}", err=True)
            code = exc.exit_code
        except click.ClickException as exc:
            click.echo(f"error: {exc.format_message()}", err=True)
            code = exc.exit_code
        except click.Abort:
            click.echo("error: aborted", err=True)
            code = 1
        else:
            code = result if isinstance(result, int) else 0
        if not standalone_mode:
            return code
        sys.exit(code)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Listing the commands must not import them all: use the short help table.
        with formatter.section("Commands"):
            formatter.write_dl([(name, _SHORT_HELP.get(name, "")) for name in COMMANDS])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    "project_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project directory (default: walk up from the current directory to pyproject.toml).",
)
@click.option("-v", "--verbose", count=True, help="Say what is being done (-vv: debug log).")
@click.version_option(
    __version__, "--version", prog_name="releasekit", message="%(prog)s %(version)s"
)
@click.pass_context
def cli(ctx: click.Context, project_path: Path | None, verbose: int) -> None:
    """releasekit: version, changelog, tag, build and publish a Python package."""
    if verbose >= 2:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
    ctx.obj = State(project_path=project_path, verbose=verbose, reporter=CliReporter(verbose))


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``releasekit`` command."""
    cli.main(args=argv, prog_name="releasekit")
