"""The runner's side of the GitHub Actions file and log protocols, written again from the spec.

The tests read what releasekit wrote the way the Actions runner does (Linux runner):

- :func:`read_output_file` is the runner's reading of ``$GITHUB_OUTPUT``: lines split on LF;
  ``NAME=VALUE`` when ``=`` comes before any ``<<``, else ``NAME<<DELIMITER`` and the lines
  up to the first line equal to the delimiter, the last line break before it not being part
  of the value; a missing delimiter or an empty name is an error, as it fails the step there;
- :func:`read_command` is its reading of one workflow command line, with the unescaping of
  messages (``%0D``, ``%0A``, ``%25``) and of property values (also ``%3A``, ``%2C``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class RunnerRejected(Exception):
    """The runner would fail the step on this file."""


def _read_line(text: str, index: int) -> tuple[str | None, int, bool]:
    """The line at ``index``, the index after it, and whether it ended with a line break."""
    if index >= len(text):
        return None, index, False
    lf = text.find("\n", index)
    if lf < 0:
        return text[index:], len(text), False
    return text[index:lf], lf + 1, True


def read_output_file(path: Path) -> dict[str, str]:
    """The outputs a step sets by appending to ``path`` (later names win, as on the runner)."""
    text = path.read_bytes().decode("utf-8")  # as written: a CR stays a CR
    outputs: dict[str, str] = {}
    line, index, _ = _read_line(text, 0)
    while line is not None:
        if line:
            equals, heredoc = line.find("="), line.find("<<")
            if equals >= 0 and (heredoc < 0 or equals < heredoc):
                name, value = line.split("=", 1)
                if not name:
                    raise RunnerRejected(f"Invalid format {line!r}. Name must not be empty")
            elif heredoc >= 0:
                name, delimiter = line.split("<<", 1)
                if not name or not delimiter:
                    raise RunnerRejected(f"Invalid format {line!r}")
                start = end = index
                current, index, newline = _read_line(text, index)
                while current != delimiter:
                    if current is None:
                        raise RunnerRejected(f"Matching delimiter not found {delimiter!r}")
                    if not newline:
                        raise RunnerRejected("EOF marker missing new line")
                    end = index - 1
                    current, index, newline = _read_line(text, index)
                value = text[start:end] if end > start else ""
            else:
                raise RunnerRejected(f"Invalid format {line!r}")
            outputs[name] = value
        line, index, _ = _read_line(text, index)
    return outputs


def _unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


@dataclass(frozen=True)
class Command:
    """One workflow command as the runner understood it."""

    name: str
    properties: dict[str, str]
    message: str


def read_command(line: str) -> Command | None:
    """The workflow command on ``line``, or None when the line is ordinary log text."""
    if not line.startswith("::"):
        return None
    end = line.find("::", 2)
    if end < 0:
        return None
    head, message = line[2:end], line[end + 2 :]
    name, _, rest = head.partition(" ")
    properties: dict[str, str] = {}
    for pair in filter(None, rest.split(",")):
        key, equals, value = pair.partition("=")
        if equals:
            properties[key] = _unescape_property(value)
    return Command(name, properties, _unescape_data(message))
