"""The ``releasekit`` command: a thin click layer over the library.

Only this package imports click, and nothing in the library imports it. Sub-commands live in
one module each and are imported only when invoked, so ``releasekit --version`` pays for click
and nothing else.

Errors: a :class:`~releasekit.errors.ReleasekitError` becomes ``error: ...`` lines on stderr
and its exit status (1 refused/check failed, 2 usage/configuration); under ``--json`` also
``{"error": {...}}`` on stdout, and in GitHub Actions an annotation for each line that names a
file and a line. Any other exception is a bug and keeps its traceback.

``-q``, ``-v`` and ``--no-color`` are accepted before or after the sub-command; how output
looks is decided in :mod:`releasekit.cli.output`.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from releasekit import __version__
from releasekit.cli.output import CliReporter, Output, error_json
from releasekit.errors import ReleasekitError, UsageError

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


class State:
    """What the group options decided, handed to every sub-command."""

    # A plain class, not a dataclass: the dataclasses import is start-up time every command
    # would pay.
    def __init__(
        self,
        project_path: Path | None,
        verbose: int = 0,
        reporter: CliReporter | None = None,
        output: Output | None = None,
        packages: tuple[str, ...] = (),
    ) -> None:
        self.project_path = project_path
        self.output = output or (reporter.output if reporter else Output(verbose=verbose))
        self.output.verbose = max(self.output.verbose, verbose)
        self.reporter = reporter or CliReporter(self.output)
        self._project: Project | None = None
        #: ``--package NAME`` (repeatable): monorepo packages by distribution name.
        self.packages = packages

    @property
    def verbose(self) -> int:
        """The ``-v`` count, wherever it was given."""
        return self.output.verbose

    def project(self, *, tag: str | None = None) -> Project:
        """The project at ``--project`` (or found by walking up from the current directory);
        with ``--package``, that package of the monorepo; with ``tag`` in a monorepo, the
        package the tag releases."""
        if self._project is None:
            from releasekit.project import Project

            start = self.project_path or Path.cwd()
            found = None
            if tag is not None and not self.packages:
                from releasekit.workspace.lookup import tagged_package_directory

                found = tagged_package_directory(tag, start)
            if found is not None:
                project = Project(found, reporter=self.reporter)
            elif self.packages:
                if len(self.packages) > 1:
                    names = " ".join(f"--package {name}" for name in self.packages)
                    raise UsageError(
                        f"{names}: this command works on one package; only release takes "
                        "several (or --all)"
                    )
                from releasekit.project import find_root
                from releasekit.workspace.lookup import package_directory

                directory = package_directory(self.packages[0], find_root(start))
                project = Project(directory, reporter=self.reporter)
            else:
                project = Project(start, reporter=self.reporter)
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
            self.output.root = project.root
        return self._project


pass_state = click.make_pass_decorator(State)


def emit_json(data: Any) -> None:
    """Write one JSON object on stdout."""
    import json

    click.echo(json.dumps(data, indent=2, sort_keys=False, default=str))


def echo_diff(text: str) -> None:
    """A unified diff on stdout, coloured on a terminal."""
    state = click.get_current_context().find_object(State)
    if state is not None and state.output.colour_out():
        from releasekit.cli.output import colour_diff

        click.echo(colour_diff(text), nl=False, color=True)
    else:
        click.echo(text, nl=False)


def _output(ctx: click.Context) -> Output | None:
    state = ctx.find_object(State)
    return state.output if state is not None else None


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and (output := _output(ctx)) is not None:
        output.quiet = True


def _add_verbose(ctx: click.Context, param: click.Parameter, value: int) -> None:
    if value and (output := _output(ctx)) is not None:
        output.verbose += value
        _debug_log(output.verbose)


def _set_no_color(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and (output := _output(ctx)) is not None:
        output.no_color = True


def _debug_log(verbose: int) -> None:
    if verbose >= 2:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")


QUIET_HELP = "Print errors only (and the result or JSON a command exists to print)."
VERBOSE_HELP = "Say what is being done (-vv: debug log)."
NO_COLOR_HELP = "No colour, even on a terminal (as does NO_COLOR=1)."


def _global_options() -> list[click.Parameter]:
    """``-q``, ``-v`` and ``--no-color`` as options of a sub-command (also accepted there)."""
    return [
        click.Option(
            ["-q", "--quiet"], is_flag=True, expose_value=False, callback=_set_quiet,
            help=QUIET_HELP,
        ),
        click.Option(
            ["-v", "--verbose"], count=True, expose_value=False, callback=_add_verbose,
            help=VERBOSE_HELP,
        ),
        click.Option(
            ["--no-color"], is_flag=True, expose_value=False, callback=_set_no_color,
            help=NO_COLOR_HELP,
        ),
    ]  # fmt: skip


def _json_callback(previous: Any) -> Any:
    def mark(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value and (output := _output(ctx)) is not None:
            output.json = True
        return previous(ctx, param, value) if previous is not None else value

    return mark


def _prepare(command: click.Command) -> click.Command:
    """Give ``command`` the global options, and make its ``--json`` known before it runs."""
    if getattr(command, "_releasekit_prepared", False):
        return command
    command.params.extend(_global_options())
    for param in command.params:
        if param.name == "as_json":
            # Eager, so that progress is silenced and an error becomes JSON even when a later
            # option is what fails.
            param.is_eager = True
            param.callback = _json_callback(param.callback)
    command._releasekit_prepared = True  # type: ignore[attr-defined]
    return command


def _json_requested(args: list[str]) -> bool:
    """Does the command line ask for ``--json`` (before any ``--``)?"""
    words = args[: args.index("--")] if "--" in args else args
    return "--json" in words


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
        return _prepare(command)

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
        whoever detects it, reads ``error: ...`` on stderr; under ``--json`` the same error is
        also one JSON object on stdout, and in GitHub Actions its placed lines are annotations.
        """
        argv = list(sys.argv[1:] if args is None else args)
        output = Output()
        self._output, self._state = output, None
        try:
            result = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except ReleasekitError as exc:
            code = self._fail(output, argv, exc, exc.lines(cli=True))
        except click.UsageError as exc:
            if exc.ctx is not None and not _json_requested(argv):
                click.echo(exc.ctx.get_usage(), err=True)
            code = self._fail(output, argv, _usage(exc), [exc.format_message()])
        except click.exceptions.Exit as exc:  # --help, or a command's deliberate exit status
            code = exc.exit_code
        except click.ClickException as exc:
            code = self._fail(output, argv, _usage(exc), [exc.format_message()])
        except click.Abort:
            code = self._fail(output, argv, ReleasekitError("aborted"), ["aborted"])
        else:
            code = result if isinstance(result, int) else 0
        finally:
            state = self._state
            if state is not None:
                state.reporter.close()
        if not standalone_mode:
            return code
        sys.exit(code)

    _output: Output | None = None
    _state: State | None = None

    @staticmethod
    def _fail(output: Output, argv: list[str], exc: ReleasekitError, lines: list[str]) -> int:
        if output.json or _json_requested(argv):
            emit_json(error_json(exc, lines))
        output.error_lines(lines)
        return exc.exit_code

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if self._output is not None and command is not None:
            self._output.command = command.name or name or ""
        return name, command, rest

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Listing the commands must not import them all: use the short help table.
        with formatter.section("Commands"):
            formatter.write_dl([(name, _SHORT_HELP.get(name, "")) for name in COMMANDS])


def _usage(exc: click.ClickException) -> ReleasekitError:
    """Click's own error as releasekit's (for ``--json``), with click's exit status."""
    from releasekit.errors import UsageError

    return UsageError(exc.format_message(), exit_code=exc.exit_code)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    "project_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project directory (default: walk up from the current directory to pyproject.toml).",
)
@click.option(
    "--package",
    "packages",
    metavar="NAME",
    multiple=True,
    help="A package of the monorepo, by distribution name (repeat it for release).",
)
@click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP)
@click.option("-v", "--verbose", count=True, help=VERBOSE_HELP)
@click.option("--no-color", is_flag=True, help=NO_COLOR_HELP)
@click.version_option(
    __version__, "--version", prog_name="releasekit", message="%(prog)s %(version)s"
)
@click.pass_context
def cli(
    ctx: click.Context,
    project_path: Path | None,
    packages: tuple[str, ...],
    quiet: bool,
    verbose: int,
    no_color: bool,
) -> None:
    """releasekit: version, changelog, tag, build and publish a Python package.

    Exit status: 0 success (also nothing to release); 1 a check failed or the release was
    refused; 2 a usage or configuration error. Shell completion: see the README.
    """
    _debug_log(verbose)
    group = ctx.command
    output = group._output if isinstance(group, LazyGroup) and group._output else Output()
    output.quiet, output.verbose, output.no_color = quiet, verbose, no_color
    ctx.obj = State(project_path=project_path, output=output, packages=tuple(packages))
    if isinstance(group, LazyGroup):
        group._state = ctx.obj


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``releasekit`` command."""
    cli.main(args=argv, prog_name="releasekit")
