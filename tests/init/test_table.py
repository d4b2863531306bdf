"""The [tool.releasekit] table init writes into pyproject.toml, byte for byte.

The file before the edit is a prefix of the file after it (or, for an existing table, the diff
only adds lines), whatever its line endings, BOM or last line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.errors import FileFormatError
from releasekit.files.toml import parse_toml
from releasekit.init.table import newline_of, releasekit_table_edit

SETTINGS = {"scheme": "semver", "tag-format": "v{version}", "changelog": "CHANGELOG.md"}


# --- the pyproject.toml edit, byte for byte ---------------------------------------------------

PYPROJECTS = {
    "plain": b'[project]\nname = "x"\nversion = "1.0"\n',
    "crlf": (
        b'[project]\r\nname = "x"\r\nversion = "1.0"\r\n\r\n[tool.black]\r\nline-length = 88\r\n'
    ),
    "no-final-newline": b'[project]\nname = "x"\nversion = "1.0"',
    "crlf-no-final-newline": b'[project]\r\nname = "x"\r\nversion = "1.0"',
    "bom": b'\xef\xbb\xbf[project]\nname = "x"\n',
    "tool-tables-then-more": (
        b'[tool.ruff]\nline-length = 100\n\n[tool.ruff.lint]\nselect = ["E"]\n\n'
        b'[project]\nname = "x"  # trailing comment\nversion = "1.0"\n\n# end comment\n'
    ),
    "explicit-tool-table": b'[tool]\nfoo = 1\n\n[project]\nname = "x"\n',
    "blank-line-end": b'[project]\nname = "x"\n\n',
    "unicode-and-tabs": '[project]\nname = "x"\t\ndescription = "Déjà vu ✓"\n'.encode(),
}


@pytest.mark.parametrize("name", sorted(PYPROJECTS), ids=sorted(PYPROJECTS))
def test_table_is_appended_and_every_other_byte_kept(name: str, tmp_path: Path) -> None:
    before = PYPROJECTS[name]
    path = tmp_path / "pyproject.toml"
    path.write_bytes(before)
    edit = releasekit_table_edit(path, SETTINGS, comments=["note"])
    assert edit is not None
    assert edit.before == before
    assert path.read_bytes() == before  # planning writes nothing
    assert edit.after.startswith(before)
    added = edit.after[len(before) :]
    newline = b"\r\n" if b"\r\n" in before else b"\n"
    assert b"\r" not in added.replace(newline, b"")
    assert b"\n" not in added.replace(newline, b"")
    assert added.endswith(b'changelog = "CHANGELOG.md"' + newline)
    assert b"[tool.releasekit]" + newline + b"# note" + newline + b'scheme = "semver"' in added
    old = parse_toml(before.decode("utf-8-sig"), "before")
    new = parse_toml(edit.after.decode("utf-8-sig"), "after")
    assert new["tool"].pop("releasekit") == SETTINGS
    if not new["tool"]:
        del new["tool"]
    assert new == old


def test_existing_table_gets_only_the_missing_keys(tmp_path: Path) -> None:
    before = (
        b'[project]\r\nname = "x"\r\n\r\n[tool.releasekit]\r\n# mine\r\nscheme = "calver"\r\n'
        b'calver-format = "YYYY.0M.MICRO"\r\n\r\n[tool.other]\r\nx = 1\r\n'
    )
    path = tmp_path / "pyproject.toml"
    path.write_bytes(before)
    edit = releasekit_table_edit(path, SETTINGS)
    assert edit is not None
    new_lines = edit.after.split(b"\r\n")
    old_lines = before.split(b"\r\n")
    assert [line for line in new_lines if line not in old_lines] == [
        b'tag-format = "v{version}"',
        b'changelog = "CHANGELOG.md"',
    ]
    assert [line for line in old_lines if line not in new_lines] == []
    assert b"\n" not in edit.after.replace(b"\r\n", b"")
    data = parse_toml(edit.after.decode(), "after")
    assert data["tool"]["releasekit"]["scheme"] == "calver"  # kept: not asked to replace
    assert data["tool"]["other"] == {"x": 1}


def test_replace_changes_a_configured_key_and_a_second_edit_is_none(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_bytes(b'[tool.releasekit]\nscheme = "calver"\n')
    edit = releasekit_table_edit(path, {"scheme": "semver"}, replace=["scheme"])
    assert edit is not None
    assert edit.after == b'[tool.releasekit]\nscheme = "semver"\n'
    path.write_bytes(edit.after)
    assert releasekit_table_edit(path, {"scheme": "semver"}, replace=["scheme"]) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"tool = { black = { x = 1 } }\n", "'tool' is not a \\[tool\\] table"),
        (b"[project\n", r"pyproject.toml:1:9: invalid TOML"),
        (b'[project]\nname = "\xff"\n', "pyproject.toml"),
    ],
    ids=["inline-tool", "broken-toml", "not-utf8"],
)
def test_files_init_cannot_edit_are_refused_by_name(
    tmp_path: Path, text: bytes, message: str
) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_bytes(text)
    with pytest.raises(FileFormatError, match=message):
        releasekit_table_edit(path, SETTINGS)


_KEY = st.from_regex(r"\A[a-z][a-z0-9_-]{0,8}\Z")
_VALUE = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.booleans().map(lambda b: "true" if b else "false"),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=10
    ).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
)


@st.composite
def pyproject_texts(draw: st.DrawFn) -> bytes:
    """pyproject-like TOML: tables (some under tool.*), keys, comments, blank lines."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines: list[str] = []
    names = draw(st.lists(_KEY, min_size=1, max_size=4, unique=True))
    for index, name in enumerate(names):
        header = f"[tool.{name}]" if draw(st.booleans()) and name != "releasekit" else f"[{name}]"
        if name == "tool":
            header = "[tool]"
        lines.append(header + draw(st.sampled_from(["", "  # note"])))
        keys = draw(st.lists(_KEY, max_size=3, unique=True))
        lines.extend(f"{k} = {draw(_VALUE)}{draw(st.sampled_from(['', ' # c']))}" for k in keys)
        if index < len(names) - 1 or draw(st.booleans()):
            lines.extend([""] * draw(st.integers(0, 2)))
    text = newline.join(lines) + draw(st.sampled_from(["", newline, newline * 2]))
    bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    return bom + text.encode("utf-8")


@given(before=pyproject_texts())
def test_any_pyproject_keeps_every_byte(before: bytes) -> None:
    import tempfile

    try:
        old = parse_toml(before.decode("utf-8-sig"), "generated")
    except FileFormatError:
        return  # the generator made the same table twice: not a valid file to begin with
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "pyproject.toml"
        path.write_bytes(before)
        edit = releasekit_table_edit(path, SETTINGS, comments=["note"])
    assert edit is not None
    assert edit.after.startswith(before)
    new = parse_toml(edit.after.decode("utf-8-sig"), "after")
    assert new["tool"].pop("releasekit") == SETTINGS
    if not new["tool"]:
        del new["tool"]
    assert new == old
    newline = b"\r\n" if b"\r\n" in before else b"\n"
    assert b"\n" not in edit.after[len(before) :].replace(newline, b"")


def test_a_table_that_only_has_subtables_gets_its_keys_above_them(tmp_path: Path) -> None:
    before = b'[project]\nname = "x"\n\n[tool.releasekit.bump-map]\nfeat = "minor"\n'
    path = tmp_path / "pyproject.toml"
    path.write_bytes(before)
    edit = releasekit_table_edit(path, SETTINGS)
    assert edit is not None
    data = parse_toml(edit.after.decode(), "after")
    assert data["tool"]["releasekit"] == {**SETTINGS, "bump-map": {"feat": "minor"}}
    assert edit.after.endswith(b'[tool.releasekit.bump-map]\nfeat = "minor"\n')


@pytest.mark.parametrize(
    ("text", "newline"),
    [
        ("a\nb\n", "\n"),
        ("a\r\nb\r\n", "\r\n"),
        ("a\r\nb\n", "\n"),
        ("a\r\nb", "\r\n"),
        ("", "\n"),
        ("no newline", "\n"),
    ],
    ids=["lf", "crlf", "mixed-is-lf", "crlf-no-final", "empty", "one-line"],
)
def test_newline_of(text: str, newline: str) -> None:
    assert newline_of(text) == newline


def test_a_table_already_set_up_is_no_edit_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    before = b'[tool.releasekit]\nscheme = "semver"\ntag-format = "v{version}"\n' + (
        b'changelog = "CHANGELOG.md"\n'
    )
    path.write_bytes(before)
    assert releasekit_table_edit(path, SETTINGS) is None
    assert path.read_bytes() == before
