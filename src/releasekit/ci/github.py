"""GitHub Actions: workflow commands, step outputs and the step summary.

Inside a workflow (``GITHUB_ACTIONS=true``) a step talks to the runner three ways, and this
module writes each of them exactly as the runner reads it:

- **workflow commands** on the log, ``::error file=pyproject.toml,line=7::message``: the
  message escapes ``%``, CR and LF; property values also escape ``:`` and ``,``
  (:func:`escape_data`, :func:`escape_property`, :func:`annotation`, :func:`group`);
- **outputs**, appended to the file named by ``$GITHUB_OUTPUT`` as ``name=value``, or
  ``name<<DELIMITER`` … ``DELIMITER`` for a value over several lines, with a random delimiter
  that does not occur in the value (:func:`format_outputs`, :func:`write_outputs`);
- **the step summary**, Markdown appended to ``$GITHUB_STEP_SUMMARY`` (:class:`StepSummary`).

The functions return text or write the file they are given; the CLI decides what to call.

>>> escape_data("50% done\\nnext")
'50%25 done%0Anext'
>>> annotation("error", "1.2.3 != 1.2.4", file="pyproject.toml", line=7)
'::error file=pyproject.toml,line=7::1.2.3 != 1.2.4'
>>> format_outputs({"version": "1.3.0", "released": True})
'version=1.3.0\\nreleased=true\\n'
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from releasekit.errors import UsageError

__all__ = [
    "OUTPUT_FILE",
    "SUMMARY_FILE",
    "SUMMARY_LIMIT",
    "Level",
    "StepSummary",
    "SummaryArtifact",
    "annotation",
    "append_step_summary",
    "escape_data",
    "escape_property",
    "format_outputs",
    "group",
    "running_in_github_actions",
    "workflow_command",
    "workspace_path",
    "write_outputs",
]

#: The environment variable naming the file that step outputs are appended to.
OUTPUT_FILE = "GITHUB_OUTPUT"
#: The environment variable naming the file that the Markdown step summary is appended to.
SUMMARY_FILE = "GITHUB_STEP_SUMMARY"
#: GitHub shows at most 1 MiB of summary per step; a longer one is dropped with an error.
SUMMARY_LIMIT = 1024 * 1024

Level = Literal["error", "warning", "notice"]
OutputValue = str | int | bool | None

_OUTPUT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def running_in_github_actions(environ: Mapping[str, str]) -> bool:
    """True inside a GitHub Actions job (the runner sets ``GITHUB_ACTIONS=true``).

    >>> running_in_github_actions({"GITHUB_ACTIONS": "true"}), running_in_github_actions({})
    (True, False)
    """
    return environ.get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    """``text`` escaped for the message of a workflow command (``%``, CR, LF).

    ``%`` goes first, so the escapes themselves are never escaped twice.

    >>> escape_data("a\\r\\nb %0A")
    'a%0D%0Ab %250A'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """``text`` escaped for a property value of a workflow command (also ``:`` and ``,``).

    >>> escape_property("a,b: c")
    'a%2Cb%3A c'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(
    command: str, message: str = "", properties: Mapping[str, str | int | None] | None = None
) -> str:
    """One workflow command line: ``::command key=value,key=value::message``.

    Properties whose value is ``None`` are left out.

    >>> workflow_command("warning", "careful", {"file": "a.py", "line": None})
    '::warning file=a.py::careful'
    """
    pairs = [
        f"{key}={escape_property(str(value))}"
        for key, value in (properties or {}).items()
        if value is not None
    ]
    head = f"{command} {','.join(pairs)}" if pairs else command
    return f"::{head}::{escape_data(message)}"


def annotation(
    level: Level,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    title: str | None = None,
) -> str:
    """An ``::error``, ``::warning`` or ``::notice`` annotation, placed when a file is given.

    A line or column without a file means nothing to GitHub, so they are dropped then.

    >>> annotation("warning", "no readme", file="pyproject.toml", line=3, title="releasekit")
    '::warning file=pyproject.toml,line=3,title=releasekit::no readme'
    """
    properties: dict[str, str | int | None] = {"file": file}
    if file is not None:
        properties.update(line=line, col=column if line is not None else None)
    properties["title"] = title
    return workflow_command(level, message, properties)


def group(title: str) -> tuple[str, str]:
    """The lines that open and close a folded group of log lines titled ``title``.

    >>> group("build sdist and wheel")
    ('::group::build sdist and wheel', '::endgroup::')
    """
    return workflow_command("group", title), "::endgroup::"


def workspace_path(file: str | Path, root: Path, workspace: str | None) -> str:
    """``file`` (relative to the project ``root``) as GitHub wants it: from the workspace.

    Annotations name files relative to the checkout (``$GITHUB_WORKSPACE``); a project in a
    sub-directory of the checkout prefixes its own path. Outside the workspace, or without
    one, the path is returned as it was given.

    >>> workspace_path("pyproject.toml", Path("/w/repo/pkg"), "/w/repo")
    'pkg/pyproject.toml'
    """
    path = Path(file)
    if workspace is None or not workspace.strip():
        return path.as_posix()
    absolute = path if path.is_absolute() else root / path
    try:
        return absolute.resolve().relative_to(Path(workspace).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _text(value: OutputValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _new_delimiter() -> str:
    return f"ghadelimiter_{secrets.token_hex(16)}"


def format_outputs(
    outputs: Mapping[str, OutputValue], *, new_delimiter: Callable[[], str] = _new_delimiter
) -> str:
    """The lines that set ``outputs`` when appended to ``$GITHUB_OUTPUT``.

    ``True``/``False`` are written ``true``/``false`` and ``None`` as the empty string. A value
    with a line break uses the delimiter form with a delimiter from ``new_delimiter`` that
    occurs nowhere in the value (another is drawn until one does not), so no value can end
    its own entry early or set another output.

    >>> format_outputs({"notes": "a\\nb"}, new_delimiter=lambda: "EOF")
    'notes<<EOF\\na\\nb\\nEOF\\n'
    """
    lines = []
    for name, value in outputs.items():
        if not _OUTPUT_NAME.fullmatch(name):
            raise UsageError(
                f"{name!r} is not a valid output name: use letters, digits, '_' and '-', "
                "starting with a letter or '_'"
            )
        text = _text(value)
        if "\n" in text or "\r" in text:
            delimiter = new_delimiter()
            while delimiter in text or not delimiter:
                delimiter = new_delimiter()
            lines.append(f"{name}<<{delimiter}\n{text}\n{delimiter}\n")
        else:
            lines.append(f"{name}={text}\n")
    return "".join(lines)


def write_outputs(path: Path, outputs: Mapping[str, OutputValue]) -> None:
    """Append ``outputs`` to the ``$GITHUB_OUTPUT`` file at ``path`` (UTF-8, LF line ends)."""
    with path.open("a", encoding="utf-8", newline="\n") as stream:
        stream.write(format_outputs(outputs))


class _ArtifactLike(Protocol):
    @property
    def filename(self) -> str: ...

    @property
    def size(self) -> int: ...

    @property
    def sha256(self) -> str: ...


@dataclass(frozen=True)
class SummaryArtifact:
    """One file of the summary's artifact table.

    >>> SummaryArtifact.of(SummaryArtifact("p-1.0.tar.gz", 2048, "ab" * 32)).size
    2048
    """

    filename: str
    size: int
    sha256: str

    @classmethod
    def of(cls, artifact: _ArtifactLike) -> SummaryArtifact:
        """The summary row of anything with a filename, a size and a sha256."""
        return cls(artifact.filename, artifact.size, artifact.sha256)


def _code(text: str) -> str:
    """``text`` as inline code, whatever backticks it holds, safe inside a table cell."""
    text = " ".join(text.split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _size(size: int) -> str:
    from releasekit.dist.artifacts import format_size

    return format_size(size)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


@dataclass(frozen=True)
class StepSummary:
    """What one releasekit command did, as the Markdown shown on the workflow run's page.

    Every field is optional: a command fills in what it knows. ``problems`` are the lines of
    a failed check; ``notes`` is the release's changelog section (Markdown).

    >>> text = StepSummary("release", version="1.3.0", tag="v1.3.0").markdown()
    >>> print(text.splitlines()[0])
    ### releasekit release: 1.3.0
    """

    command: str
    version: str | None = None
    previous_version: str | None = None
    tag: str | None = None
    released: bool | None = None
    dry_run: bool = False
    artifacts: tuple[SummaryArtifact, ...] = ()
    pythons: tuple[str, ...] = ()
    upload_url: str | None = None
    uploaded: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    notes: str | None = None

    def _heading(self) -> str:
        title = f"### releasekit {self.command}"
        if self.version:
            title += f": {self.version}"
        if self.dry_run:
            title += " (dry run: nothing was written)"
        return title

    def _facts(self) -> list[str]:
        rows: list[tuple[str, str]] = []
        if self.version:
            was = f" (was {_code(self.previous_version)})" if self.previous_version else ""
            rows.append(("Version", f"{_code(self.version)}{was}"))
        if self.tag:
            rows.append(("Tag", _code(self.tag)))
        if self.released is not None:
            rows.append(("Released", "yes" if self.released else "no: nothing to release"))
        if self.pythons:
            rows.append(("Verified on", ", ".join(f"Python {_cell(p)}" for p in self.pythons)))
        if self.upload_url:
            counts = f"{len(self.uploaded)} uploaded"
            if self.skipped:
                counts += f", {len(self.skipped)} already there"
            rows.append(("Uploaded to", f"{_code(self.upload_url)}: {counts}"))
        if not rows:
            return []
        return ["| | |", "| --- | --- |", *(f"| {key} | {value} |" for key, value in rows), ""]

    def _artifact_table(self) -> list[str]:
        if not self.artifacts:
            return []
        rows = [
            f"| {_code(a.filename)} | {_size(a.size)} | {_code(a.sha256)} |" for a in self.artifacts
        ]
        return [
            "#### Artifacts",
            "",
            "| File | Size | SHA-256 |",
            "| --- | ---: | --- |",
            *rows,
            "",
        ]

    def _problem_list(self) -> list[str]:
        if not self.problems:
            return []
        return ["#### Problems", "", *(f"- {_cell(p)}" for p in self.problems), ""]

    def _notes(self, notes: str) -> list[str]:
        return [
            "<details open><summary>Release notes</summary>",
            "",
            notes.strip(),
            "",
            "</details>",
            "",
        ]

    def markdown(self) -> str:
        """The summary as Markdown, never over :data:`SUMMARY_LIMIT` (long notes are cut)."""
        head = [self._heading(), "", *self._facts(), *self._artifact_table(), *self._problem_list()]
        text = "\n".join(head)
        if self.notes and self.notes.strip():
            with_notes = "\n".join([*head, *self._notes(self.notes)])
            room = SUMMARY_LIMIT - len(text.encode()) - 200
            if len(with_notes.encode()) <= SUMMARY_LIMIT:
                text = with_notes
            elif room > 0:
                cut = self.notes.encode()[:room].decode(errors="ignore")
                text = "\n".join([*head, *self._notes(cut + "\n\n*(cut: see the changelog)*")])
        return text if text.endswith("\n") else text + "\n"


def append_step_summary(path: Path, markdown: str | Iterable[str]) -> None:
    """Append Markdown to the ``$GITHUB_STEP_SUMMARY`` file at ``path``, a blank line after."""
    text = markdown if isinstance(markdown, str) else "\n".join(markdown)
    with path.open("a", encoding="utf-8", newline="\n") as stream:
        stream.write(text.rstrip("\n") + "\n\n")
