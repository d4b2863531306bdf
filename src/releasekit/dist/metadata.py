"""The package metadata checks of a release, made on pyproject.toml before anything is built.

What ``twine check --strict`` would say about the built files, said before the first write
(``release --dry-run`` says it too):

- a ``[project]`` without ``readme`` is a warning that names the fix
  (``readme = "README.md"``): PyPI accepts such a package, so the release goes on;
- a readme file that does not exist, a readme whose type is unknown, or reStructuredText
  that does not render (PyPI would refuse the upload) is an error that blocks the release.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> report = check_metadata(root, {"project": {"name": "demo", "version": "1.0"}})
>>> report.errors, 'add readme = "README.md" to [project]' in report.warnings[0]
((), True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["MetadataReport", "check_metadata"]

_CONTENT_TYPES = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".rst": "text/x-rst",
    ".txt": "text/plain",
}
_KNOWN_TYPES = frozenset(_CONTENT_TYPES.values())


@dataclass(frozen=True)
class MetadataReport:
    """What the metadata checks found: ``warnings`` let the release go on, ``errors`` block it."""

    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()


def _readme(root: Path, readme: object) -> tuple[str | None, str | None, list[str]]:
    """``(text, content type, errors)`` of the ``readme`` value of ``[project]``."""
    fix = 'use readme = "README.md" or readme = {file = "README", content-type = "text/markdown"}'
    file: object
    content_type: object
    text: object = None
    if isinstance(readme, str):
        file, content_type = readme, _CONTENT_TYPES.get(Path(readme).suffix.lower())
        if content_type is None:
            return None, None, [f"pyproject.toml: readme = {readme!r} has an unknown type: {fix}"]
    elif isinstance(readme, Mapping):
        file, text = readme.get("file"), readme.get("text")
        content_type = readme.get("content-type")
        if content_type is None and isinstance(file, str):
            content_type = _CONTENT_TYPES.get(Path(file).suffix.lower())
        if not isinstance(content_type, str) or content_type.split(";")[0] not in _KNOWN_TYPES:
            return (
                None,
                None,
                [
                    f"pyproject.toml: [project] readme has content-type {content_type!r}; use "
                    "text/markdown, text/x-rst or text/plain"
                ],
            )
    else:
        return None, None, [f"pyproject.toml: [project] readme = {readme!r} is not valid: {fix}"]
    if isinstance(file, str):
        path = root / file
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            why = getattr(exc, "strerror", None) or str(exc)
            return None, None, [f"pyproject.toml: readme = {file!r} cannot be read ({why})"]
    if not isinstance(text, str) or not isinstance(content_type, str):
        return None, None, [f"pyproject.toml: [project] readme = {readme!r} has no file or text"]
    return text, content_type.split(";")[0], []


def check_metadata(root: Path, pyproject: Mapping[str, Any]) -> MetadataReport:
    """Check the ``[project]`` table of ``pyproject`` (the project at ``root``) as PyPI would.

    A project without ``[project]`` (setup.py only) is not checked here: its metadata exists
    only once built, and the build checks it.
    """
    project = pyproject.get("project")
    if not isinstance(project, Mapping):
        return MetadataReport()
    dynamic = project.get("dynamic", [])
    dynamic = dynamic if isinstance(dynamic, list) else []
    warnings: list[str] = []
    errors: list[str] = []
    name = project.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.append('pyproject.toml: [project] has no name; add name = "your-package"')
    else:
        import re

        if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", name):
            errors.append(
                f"pyproject.toml: [project] name = {name!r} is not a valid package name "
                "(letters, digits, '.', '_' and '-', starting and ending with a letter or digit)"
            )
    if "readme" not in project:
        if "readme" not in dynamic:
            warnings.append(
                "pyproject.toml: [project] has no readme, so the project page on the index will "
                'be empty; add readme = "README.md" to [project]'
            )
        return MetadataReport(tuple(warnings), tuple(errors))
    text, content_type, problems = _readme(root, project["readme"])
    errors += problems
    if text is not None and content_type == "text/x-rst":
        from readme_renderer.rst import render

        if render(text) is None:
            errors.append(
                "pyproject.toml: the readme is not valid reStructuredText, so the index would "
                "refuse the upload (twine check --strict); fix it, or write it in Markdown"
            )
    return MetadataReport(tuple(warnings), tuple(errors))
