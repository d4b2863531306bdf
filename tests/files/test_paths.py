"""A file is named relative to the project root when inside it, as given otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasekit.files.paths import display_path

ROOT = Path("/repo")


@pytest.mark.parametrize(
    ("path", "root", "shown"),
    [
        (ROOT / "src" / "pkg" / "__init__.py", ROOT, "src/pkg/__init__.py"),
        (ROOT / "CHANGELOG.md", ROOT, "CHANGELOG.md"),
        (Path("/elsewhere/CHANGELOG.md"), ROOT, "/elsewhere/CHANGELOG.md"),
        (Path("/repository/x.py"), ROOT, "/repository/x.py"),
        (Path("docs/conf.py"), ROOT, "docs/conf.py"),
        (ROOT / "x.py", None, "/repo/x.py"),
        (ROOT, ROOT, "."),
    ],
    ids=["inside", "top", "outside", "prefix-is-not-parent", "relative", "no-root", "root"],
)
def test_display_path(path: Path, root: Path | None, shown: str) -> None:
    assert display_path(path, root) == shown


def test_the_diff_names_files_with_it(tmp_path: Path) -> None:
    from releasekit.files.edits import FileEdit

    target = tmp_path / "src" / "v.py"
    edit = FileEdit(target, b"a\n", b"b\n")
    assert f"--- a/{display_path(target, tmp_path)}" in edit.diff(tmp_path)
