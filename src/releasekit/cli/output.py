"""How releasekit's command line looks and what it tells a CI: one place decides.

- **Streams**: results on stdout; progress, warnings and ``error:`` lines on stderr. Under
  ``--json`` stdout holds exactly one JSON object (an error too, see :func:`error_json`), and
  nothing else is said but the ``error:`` lines.
- **Quiet and verbose**: ``-q`` leaves only errors; ``-v`` shows every progress line.
- **Progress** on long steps (build, verify, upload): on a terminal a spinner (rich, imported
  only then) and twine's upload bar with bytes and rate; in CI (``CI`` set) one plain line
  per step; nothing under ``-q`` or ``--json``.
- **Colour** on a terminal: ``error:`` and ``warning:`` prefixes and diffs; never when
  ``NO_COLOR`` is set or ``--no-color`` is given; ``FORCE_COLOR`` turns it on in a CI log.
- **GitHub Actions**: a problem that names a file and a line is also an annotation
  (``::error file=…,line=…::``); results go to ``$GITHUB_OUTPUT`` and a summary to
  ``$GITHUB_STEP_SUMMARY`` (see :mod:`releasekit.ci.github`).

Start-up matters (every ``releasekit`` call pays for this module's imports), so everything
beyond click is imported where it is used.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

if TYPE_CHECKING:
    from releasekit.ci.github import OutputValue, StepSummary
    from releasekit.errors import Problem, ReleasekitError

__all__ = [
    "CliReporter",
    "Output",
    "colour_diff",
    "error_json",
    "problems_of",
    "wants_colour",
]


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "false", "no", "off")


def wants_colour(stream: TextIO, environ: Mapping[str, str], *, disabled: bool = False) -> bool:
    """Colour on ``stream``? Not with ``--no-color`` or ``NO_COLOR`` (any non-empty value,
    as no-color.org says); yes with ``FORCE_COLOR``; else only on a terminal.
    """
    if disabled or environ.get("NO_COLOR", ""):
        return False
    if _truthy(environ.get("FORCE_COLOR")):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def colour_diff(text: str) -> str:
    """A unified diff with added lines green, removed lines red and hunk headers cyan."""
    styled = []
    for line in text.splitlines(keepends=True):
        body, end = (line[:-1], "\n") if line.endswith("\n") else (line, "")
        if line.startswith(("+++", "---")):
            styled.append(click.style(body, bold=True) + end)
        elif line.startswith("+"):
            styled.append(click.style(body, fg="green") + end)
        elif line.startswith("-"):
            styled.append(click.style(body, fg="red") + end)
        elif line.startswith("@@"):
            styled.append(click.style(body, fg="cyan") + end)
        else:
            styled.append(line)
    return "".join(styled)


class Output:
    """What this invocation's flags and environment decided about output.

    One instance per command line, made by the group callback; the commands and the error
    handler ask it instead of looking at flags or the environment themselves.
    """

    def __init__(
        self,
        *,
        quiet: bool = False,
        verbose: int = 0,
        no_color: bool = False,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.environ: Mapping[str, str] = os.environ if environ is None else environ
        self.quiet = quiet
        self.verbose = verbose
        self.no_color = no_color
        #: Set by a command's ``--json``: stdout is for the one JSON object only.
        self.json = False
        #: The project root, once known: annotation paths are made from it.
        self.root: Path | None = None
        #: The sub-command being run (annotation titles name it).
        self.command = ""
        #: Stops the reporter's spinner before a block of text (set by :class:`CliReporter`).
        self.close_spinner: Callable[[], None] | None = None

    # --- what is shown --------------------------------------------------------------------

    @property
    def silent(self) -> bool:
        """Only errors: ``-q``, or ``--json`` (where stdout is the JSON object)."""
        return self.quiet or self.json

    def colour_err(self) -> bool:
        """Colour on stderr."""
        return wants_colour(sys.stderr, self.environ, disabled=self.no_color)

    def colour_out(self) -> bool:
        """Colour on stdout (never under ``--json``)."""
        return not self.json and wants_colour(sys.stdout, self.environ, disabled=self.no_color)

    def in_ci(self) -> bool:
        """A CI log (``CI`` set): progress as plain lines, never a spinner."""
        return _truthy(self.environ.get("CI"))

    def interactive(self) -> bool:
        """A person at a terminal: spinners and progress bars on stderr."""
        try:
            return sys.stderr.isatty() and not self.in_ci()
        except (AttributeError, ValueError):
            return False

    def github(self) -> bool:
        """Inside GitHub Actions: annotations as workflow commands."""
        return self.environ.get("GITHUB_ACTIONS") == "true"

    # --- lines on stderr ------------------------------------------------------------------

    def _prefixed(self, prefix: str, colour: str, message: str) -> str:
        label = f"{prefix}:"
        if self.colour_err():
            label = click.style(label, fg=colour, bold=True)
        return f"{label} {message}"

    def error_lines(self, lines: list[str]) -> None:
        """``error:`` lines on stderr (always), and their annotations in GitHub Actions."""
        for line in lines:
            click.echo(self._prefixed("error", "red", line), err=True, color=self.colour_err())
        self.annotate("error", lines)

    def warning(self, message: str) -> None:
        """A ``warning:`` line (not under ``-q``/``--json``), and its annotation anyway."""
        if not self.silent:
            text = self._prefixed("warning", "yellow", message)
            click.echo(text, err=True, color=self.colour_err())
        self.annotate("warning", [message])

    def annotate(self, level: str, lines: list[str]) -> None:
        """In GitHub Actions, an annotation for each line that names a file and a line."""
        if not self.github():
            return
        from releasekit.ci.github import annotation, workspace_path
        from releasekit.ci.problems import parse_problem

        for line in lines:
            problem = parse_problem(line)
            if problem.path is None:
                continue
            path = workspace_path(
                problem.path, self.root or Path.cwd(), self.environ.get("GITHUB_WORKSPACE")
            )
            command = annotation(
                "error" if level == "error" else "warning",
                problem.message,
                file=path,
                line=problem.line,
                title=f"releasekit {self.command}".rstrip(),
            )
            # Workflow commands are read from stderr as well as stdout; stderr keeps a
            # --json stdout clean.
            click.echo(command, err=True)

    def long_text(self, title: str, text: str) -> None:
        """Long output (a build backend's log) on stderr; folded under ``title`` in GitHub
        Actions (``::group::``), so the log shows the error lines first."""
        self.reporter_close()
        if self.github():
            from releasekit.ci.github import group

            start, end = group(title)
            click.echo(start, err=True)
            click.echo(text.rstrip("\n"), err=True)
            click.echo(end, err=True)
        else:
            click.echo(text, err=True)

    def reporter_close(self) -> None:
        """Stop a running spinner before a block of text (set by :class:`CliReporter`)."""
        if self.close_spinner is not None:
            self.close_spinner()

    # --- what the CI keeps ----------------------------------------------------------------

    def set_outputs(self, outputs: Mapping[str, OutputValue]) -> None:
        """Append ``outputs`` to ``$GITHUB_OUTPUT`` when the runner named one."""
        target = self.environ.get("GITHUB_OUTPUT")
        if not target:
            return
        from releasekit.ci.github import write_outputs

        write_outputs(Path(target), outputs)

    def add_summary(self, summary: StepSummary) -> None:
        """Append ``summary`` to ``$GITHUB_STEP_SUMMARY`` when the runner named one."""
        target = self.environ.get("GITHUB_STEP_SUMMARY")
        if not target:
            return
        from releasekit.ci.github import append_step_summary

        append_step_summary(Path(target), summary.markdown())

    def ci_path(self, path: Path) -> str:
        """``path`` as a later step sees it: from the workspace when inside it, else absolute."""
        absolute = path.resolve()
        workspace = self.environ.get("GITHUB_WORKSPACE")
        if workspace:
            try:
                return absolute.relative_to(Path(workspace).resolve()).as_posix()
            except ValueError:
                pass
        return str(absolute)


class CliReporter:
    """The library's progress and warnings, shown as :class:`Output` decides.

    ``info`` is a progress line: on a terminal it turns a spinner's text (and is printed too
    with ``-v``); in a CI log it is printed as one plain line; otherwise only with ``-v``.
    ``say`` is a line the user asked for; ``warn`` a warning. All go to stderr.
    """

    def __init__(self, output: Output | None = None, verbose: int | None = None) -> None:
        self.output = output or Output(verbose=verbose or 0)
        if verbose is not None:
            self.output.verbose = verbose
        self._status: Any = None
        self.output.close_spinner = self.close

    @property
    def verbose(self) -> int:
        """The ``-v`` count."""
        return self.output.verbose

    @property
    def progress_bars(self) -> bool:
        """May the library show byte progress bars (twine's upload bar) on stderr?"""
        return not self.output.silent and self.output.interactive()

    def info(self, message: str) -> None:
        """A step started, finished, or something worth saying happened."""
        out = self.output
        self._progress(message, plain=bool(out.verbose) or out.in_ci())

    def step(self, message: str) -> None:
        """A long step (build, upload): a spinner on a terminal, else always a plain line."""
        self._progress(message, plain=True)

    def _progress(self, message: str, *, plain: bool) -> None:
        """A spinner line on a terminal (also printed with ``-v``); elsewhere a plain line on
        stderr when ``plain``."""
        out = self.output
        if out.silent or not message:
            return
        if out.interactive():
            self._spin(message)
            if out.verbose:
                self._print(message)
        elif plain:
            click.echo(message, err=True)

    def warn(self, message: str) -> None:
        """Show a warning line (and annotate it in GitHub Actions)."""
        self._pause()
        self.output.warning(message)

    def say(self, message: str) -> None:
        """Show a line the user asked for (on stderr), unless ``-q``/``--json``."""
        if not self.output.silent:
            self._pause()
            click.echo(message, err=True)

    def close(self) -> None:
        """Stop the spinner, if one is running."""
        if self._status is not None:
            self._status.stop()
            self._status = None

    def _console(self) -> Any:
        import rich

        # twine's progress bar uses rich's global console: on stderr, stdout stays clean.
        rich.reconfigure(stderr=True, no_color=not self.output.colour_err())
        return rich.get_console()

    def _spin(self, message: str) -> None:
        if self._status is None:
            self._status = self._console().status(message, spinner="dots")
            self._status.start()
        else:
            self._status.update(message)

    def _print(self, message: str) -> None:
        self._console().print(message, markup=False, highlight=False)

    def _pause(self) -> None:
        # A line printed under a live spinner would be drawn over; stop it first, the next
        # progress line starts a new one.
        self.close()


def problems_of(exc: ReleasekitError, lines: list[str] | None = None) -> list[Problem]:
    """The problems an error names: those it carries (a failed check), else one per line of
    its message, with the file and line when the line starts with them."""
    carried = getattr(exc, "problems", None)
    if carried:
        return list(carried)
    from releasekit.ci.problems import parse_problem

    return [parse_problem(line) for line in (lines if lines is not None else exc.lines())]


def error_json(exc: ReleasekitError, lines: list[str] | None = None) -> dict[str, Any]:
    """``{"error": {"type", "message", "exit_code", "problems"}}`` for ``exc``.

    ``problems`` has one ``{"file", "line", "message"}`` per line of the message (``file`` and
    ``line`` are null when the line names no place).
    """
    shown = lines if lines is not None else exc.lines()
    return {
        "error": {
            "type": type(exc).__name__,
            "message": "\n".join(shown),
            "exit_code": exc.exit_code,
            "problems": [problem.to_json() for problem in problems_of(exc, shown)],
        }
    }
