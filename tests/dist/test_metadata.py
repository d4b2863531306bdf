"""The package metadata checks made before the build: a missing readme warns, errors block."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.dist.metadata import check_metadata

README_FIX = 'add readme = "README.md" to [project]'

CASES = {
    "no-readme": ({"name": "demo"}, {}, [README_FIX], []),
    "dynamic-readme": ({"name": "demo", "dynamic": ["readme"]}, {}, [], []),
    "markdown": ({"name": "demo", "readme": "README.md"}, {"README.md": "# Demo\n"}, [], []),
    "missing-file": ({"name": "demo", "readme": "README.md"}, {}, [], ["cannot be read"]),
    "unknown-type": (
        {"name": "demo", "readme": "README.doc"},
        {"README.doc": "x"},
        [],
        ["unknown type"],
    ),
    "bad-rst": (
        {"name": "demo", "readme": "README.rst"},
        {"README.rst": "Title\n=====\n\n.. unknown-directive:: x\n"},
        [],
        ["not valid reStructuredText"],
    ),
    "good-rst": (
        {"name": "demo", "readme": "README.rst"},
        {"README.rst": "Title\n=====\n"},
        [],
        [],
    ),
    "table": ({"name": "demo", "readme": {"text": "hi", "content-type": "text/plain"}}, {}, [], []),
    "bad-content-type": (
        {"name": "demo", "readme": {"text": "hi", "content-type": "x/y"}},
        {},
        [],
        ["content-type"],
    ),
    "no-name": ({"readme": "README.md"}, {"README.md": "x"}, [], ["has no name"]),
    "bad-name": (
        {"name": "-demo-", "readme": "README.md"},
        {"README.md": "x"},
        [],
        ["not a valid package name"],
    ),
}


@pytest.mark.parametrize(
    ("project", "files", "warnings", "errors"), CASES.values(), ids=CASES.keys()
)
def test_metadata_checks(
    tmp_path: Path,
    project: dict[str, object],
    files: dict[str, str],
    warnings: list[str],
    errors: list[str],
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    report = check_metadata(tmp_path, {"project": project})
    assert len(report.warnings) == len(warnings)
    assert all(w in got for w, got in zip(warnings, report.warnings, strict=True))
    assert len(report.errors) == len(errors)
    assert all(e in got for e, got in zip(errors, report.errors, strict=True))


def test_a_project_without_a_project_table_is_not_checked(tmp_path: Path) -> None:
    assert check_metadata(tmp_path, {}) == check_metadata(tmp_path, {"tool": {}})
    assert not check_metadata(tmp_path, {}).warnings
