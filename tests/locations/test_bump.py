"""A bump as a value: the edits computed from the detected locations, proven before writing."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasekit.config import load_config
from releasekit.errors import (
    FileFormatError,
    InvalidVersion,
    ReleasekitError,
    VersionLocationError,
    VersionNotIncreasing,
)
from releasekit.files.edits import FileEdit, WriteFilesStep
from releasekit.files.toml import parse_toml
from releasekit.locations.bump import (
    BumpResult,
    bump_plan,
    check_agreement,
    check_new_version,
    plan_version_edits,
)
from releasekit.locations.detect import Detection, detect_locations
from releasekit.locations.spans import Span, VersionLocation


def detect(root: Path, files: dict[str, bytes]) -> Detection:
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    pyproject = parse_toml(
        (root / "pyproject.toml").read_text(encoding="utf-8-sig"), "pyproject.toml"
    )
    table = pyproject.get("tool", {}).get("releasekit")
    return detect_locations(root, root / "pyproject.toml", pyproject, load_config(table))


PROJECTS: dict[str, dict[str, bytes]] = {
    "lf": {
        "pyproject.toml": b'[project]\nname = "x"\nversion = "1.0.0"  # the version\n',
        "x/__init__.py": b'__version__ = "1.0.0"\n',
    },
    "crlf-and-bom": {
        "pyproject.toml": b'\xef\xbb\xbf[project]\r\nname = "x"\r\nversion = "1.0.0"\r\n',
        "x/__init__.py": b'\xef\xbb\xbf__version__ = "1.0.0"\r\n',
    },
    "single-quotes-and-no-final-newline": {
        "pyproject.toml": b"[project]\nname = 'x'\nversion = '1.0.0'",
        "x/__init__.py": b"__version__ = '1.0.0'",
    },
    "latin-1-module": {
        "pyproject.toml": b'[project]\nname = "x"\nversion = "1.0.0"\n',
        "x/__init__.py": b'# -*- coding: latin-1 -*-\n# caf\xe9\n__version__ = "1.0.0"\n',
    },
    "inline-table-and-configured-file": {
        "pyproject.toml": textwrap.dedent(
            """\
            project = {name = "x", version = "1.0.0"}
            [[tool.releasekit.files]]
            path = "README.md"
            pattern = "Version {version}, released"
            """
        ).encode(),
        "README.md": b"# x\n\nVersion 1.0.0, released\nVersion 1.0.0 is not this line\n",
    },
}


@pytest.mark.parametrize("name", list(PROJECTS), ids=list(PROJECTS))
def test_only_the_versions_characters_change(tmp_path: Path, name: str) -> None:
    detection = detect(tmp_path, PROJECTS[name])
    edits = plan_version_edits(detection, "1.1.0")
    assert sorted(edit.path for edit in edits) == sorted(
        {location.path for location in detection.locations}
    )
    for edit in edits:
        count = sum(1 for loc in detection.locations if loc.path == edit.path)
        original = PROJECTS[name][edit.path.relative_to(tmp_path).as_posix()]
        assert edit.before == original
        assert edit.after == original.replace(b"1.0.0", b"1.1.0", count)


def test_two_locations_in_one_file_make_one_edit(tmp_path: Path) -> None:
    detection = detect(
        tmp_path,
        {
            "pyproject.toml": b'[project]\nname = "x"\nversion = "1.0"\n'
            b'[tool.poetry]\nname = "x"\nversion = "1.0"\n'
        },
    )
    assert len(detection.locations) == 2
    (edit,) = plan_version_edits(detection, "2.0")
    assert edit.after.count(b'version = "2.0"') == 2


def test_a_version_the_files_encoding_cannot_hold_is_refused(tmp_path: Path) -> None:
    detection = detect(
        tmp_path,
        {
            "pyproject.toml": b'[project]\nname = "x"\n',
            "x/__init__.py": b'# coding: ascii\n__version__ = "1.0"\n',
        },
    )
    with pytest.raises(InvalidVersion) as caught:
        plan_version_edits(detection, "1.0+caf\u00e9")
    assert str(caught.value) == (
        "x/__init__.py: '1.0+caf\u00e9' cannot be written in the file's encoding ascii"
    )


def _misplaced(detection: Detection, key: str) -> Detection:
    """``detection`` with its TOML location moved onto the value of ``key`` (a broken finder)."""
    location = detection.locations[0]
    text = detection.sources[location.path].text
    start = text.index(f'{key} = "') + len(f'{key} = "')
    span = Span(start, text.index('"', start), location.span.line)
    moved = _with(location, span=span)
    return Detection(detection.root, [moved, *detection.locations[1:]], detection.sources)


def _with(location: VersionLocation, **changes: object) -> VersionLocation:
    """``location`` with some fields changed (a frozen value: a new one)."""
    fields = {name: getattr(location, name) for name in VersionLocation.__match_args__}
    return VersionLocation(**(fields | changes))  # type: ignore[arg-type]


def test_an_edit_that_misses_the_version_key_is_refused(tmp_path: Path) -> None:
    detection = detect(tmp_path, {"pyproject.toml": b'[project]\nname = "1.0"\nversion = "1.0"\n'})
    with pytest.raises(VersionLocationError) as caught:
        plan_version_edits(_misplaced(detection, "name"), "2.0")
    assert str(caught.value) == (
        "pyproject.toml: after the edit, project.version is '1.0', not '2.0'; nothing was written"
    )


def test_an_edit_that_changes_another_key_too_is_refused(tmp_path: Path) -> None:
    detection = detect(
        tmp_path,
        {"pyproject.toml": b'[project]\nname = "x"\nversion = "1.0"\n[tool.x]\nv = "1.0"\n'},
    )
    # A finder that took tool.x's value for a second version: the version key is right, but
    # the document would differ in another key too.
    stray = _with(_misplaced(detection, "v").locations[0], kind="__version__")
    broken = Detection(detection.root, [detection.locations[0], stray], detection.sources)
    with pytest.raises(VersionLocationError) as caught:
        plan_version_edits(broken, "2.0")
    assert str(caught.value) == (
        "pyproject.toml: the edit would change more than the version; nothing was written"
    )


def test_an_edit_that_breaks_the_toml_is_refused(tmp_path: Path) -> None:
    detection = detect(tmp_path, {"pyproject.toml": b'[project]\nname = "x"\nversion = "1.0"\n'})
    location = detection.locations[0]
    wide = Span(location.span.start - 1, location.span.end, location.span.line)  # eats a quote
    broken = Detection(detection.root, [_with(location, span=wide)], detection.sources)
    with pytest.raises(FileFormatError, match=r"^pyproject\.toml:3:\d+: invalid TOML"):
        plan_version_edits(broken, "2.0")


@settings(max_examples=30, deadline=None)
@given(
    new=st.from_regex(r"\A[0-9]{1,4}(\.[0-9]{1,3}){0,3}((a|b|rc)[0-9]{1,2})?\Z"),
    newline=st.sampled_from([b"\n", b"\r\n"]),
    quote=st.sampled_from([b'"', b"'"]),
)
def test_any_new_version_round_trips_through_the_toml_proof(
    new: str, newline: bytes, quote: bytes
) -> None:
    import tempfile

    text = newline.join(
        [b"[project]", b"name = " + quote + b"x" + quote, b"version = " + quote + b"0.1" + quote]
    )
    with tempfile.TemporaryDirectory() as directory:
        detection = detect(Path(directory), {"pyproject.toml": text})
        (edit,) = plan_version_edits(detection, new)
    assert edit.after == text.replace(b"0.1", new.encode())
    assert parse_toml(edit.after.decode(), "p")["project"]["version"] == new


# --- check_agreement and check_new_version ----------------------------------------------------


def test_locations_that_agree_by_pep_440_pass(tmp_path: Path) -> None:
    detection = detect(
        tmp_path,
        {
            "pyproject.toml": b'[project]\nname = "x"\nversion = "25.02.15"\n',
            "x/__init__.py": b'__version__ = "25.2.15"\n',
        },
    )
    check_agreement(detection.locations)
    check_agreement(detection.locations[:1])
    check_agreement([])


def test_locations_that_disagree_are_each_listed(tmp_path: Path) -> None:
    detection = detect(
        tmp_path,
        {
            "pyproject.toml": b'[project]\nname = "x"\nversion = "1.0.0"\n',
            "x/__init__.py": b'"""x."""\n__version__ = "1.0.1"\n',
        },
    )
    with pytest.raises(VersionLocationError) as caught:
        check_agreement(detection.locations)
    listing = "pyproject.toml:3: 1.0.0 ([project].version)\nx/__init__.py:2: 1.0.1 (__version__)"
    assert str(caught.value) == (
        "the version files disagree; make them agree (or bump with set_version=VERSION after "
        "fixing them), nothing was written:\n" + listing
    )
    assert caught.value.lines(cli=True)[0] == (
        "the version files disagree; make them agree (or bump with --set VERSION after fixing "
        "them), nothing was written:"
    )
    assert caught.value.lines(cli=True)[1:] == listing.splitlines()


@pytest.mark.parametrize(
    ("current", "new", "allow", "result"),
    [
        ("1.0.0", "1.1.0", False, "1.1.0"),
        ("1.0.0", "  2.0.0\n", False, "2.0.0"),
        (None, "0.1", False, "0.1"),
        ("1.0.0", "1.0.0rc1", True, "1.0.0rc1"),
        ("1.0.0", "1.0", True, "1.0"),
        ("25.02.15", "25.2.16", False, "25.2.16"),
        ("1.2.4-rc.1", "1.2.4", False, "1.2.4"),
    ],
    ids=[
        "higher",
        "stripped",
        "no-current",
        "downgrade-allowed",
        "equal-allowed",
        "calver-zero-padded",
        "semver-pre-release",
    ],
)
def test_check_new_version_accepts(current: str | None, new: str, allow: bool, result: str) -> None:
    assert check_new_version(current, new, allow_downgrade=allow) == result


REFUSALS = [
    (
        "equal",
        "1.0.0",
        "1.0.0",
        VersionNotIncreasing,
        "set_version='1.0.0' is not higher than the current version 1.0.0; "
        "pass allow_downgrade=True if you mean it",
        "--set 1.0.0 is not higher than the current version 1.0.0; "
        "pass --allow-downgrade if you mean it",
    ),
    (
        "equal-by-pep-440",
        "1.0.0",
        "1.0",
        VersionNotIncreasing,
        "set_version='1.0' is not higher than the current version 1.0.0",
        "--set 1.0 is not higher than the current version 1.0.0",
    ),
    (
        "lower",
        "1.0.0",
        "0.9",
        VersionNotIncreasing,
        "set_version='0.9' is not higher",
        "--set 0.9 is not higher",
    ),
    (
        "pre-release-of-current",
        "1.0.0",
        "1.0.0rc1",
        VersionNotIncreasing,
        "set_version='1.0.0rc1' is not higher",
        "--set 1.0.0rc1 is not higher",
    ),
    ("invalid-new", "1.0.0", "one", InvalidVersion, "set_version: ", "--set: "),
    (
        "invalid-current",
        "not.a.version",
        "2.0",
        InvalidVersion,
        "the current version: ",
        "the current version: ",
    ),
]


@pytest.mark.parametrize(
    ("current", "new", "error", "api", "cli"),
    [r[1:] for r in REFUSALS],
    ids=[r[0] for r in REFUSALS],
)
def test_check_new_version_refuses_in_the_callers_words(
    current: str, new: str, error: type[ReleasekitError], api: str, cli: str
) -> None:
    with pytest.raises(error) as caught:
        check_new_version(current, new, allow_downgrade=False)
    assert str(caught.value).startswith(api)
    assert caught.value.lines(cli=True)[0].startswith(cli)


# --- bump_plan -------------------------------------------------------------------------------


def test_a_bump_plan_is_one_write_step_listing_only_the_files_that_change(
    tmp_path: Path,
) -> None:
    changed = tmp_path / "VERSION"
    changed.write_bytes(b"1.0\n")
    same = tmp_path / "NOTES"
    same.write_bytes(b"same\n")
    edits = (FileEdit(changed, b"1.0\n", b"1.1\n"), FileEdit(same, b"same\n", b"same\n"))
    plan = bump_plan(tmp_path, "1.0", "1.1", edits)
    assert (plan.title, plan.old, plan.new) == ("bump 1.0 -> 1.1", "1.0", "1.1")
    assert plan.facts == {"command": "bump", "files": ["VERSION"]}
    assert plan.files == (changed,)
    assert plan.diff() == "--- a/VERSION\n+++ b/VERSION\n@@ -1 +1 @@\n-1.0\n+1.1\n"
    (step,) = plan.steps
    assert isinstance(step, WriteFilesStep)
    assert step.edits == edits
    plan.apply()
    assert changed.read_bytes() == b"1.1\n"
    step.rollback()
    assert changed.read_bytes() == b"1.0\n"


def test_a_first_bump_plan_says_there_was_no_version() -> None:
    assert bump_plan(Path("/p"), None, "0.1.0", ()).title == "bump (none) -> 0.1.0"


def test_a_bump_result_is_a_frozen_value() -> None:
    result = BumpResult("1.0", "1.1", (Path("VERSION"),))
    assert result.dry_run is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.new = "2.0"  # type: ignore[misc]


def test_a_configured_location_inside_pyproject_is_bumped_too(tmp_path: Path) -> None:
    detection = detect(
        tmp_path,
        {
            "pyproject.toml": b'[project]\nname = "x"\nversion = "1.0"\n'
            b'[tool.commitizen]\nversion = "1.0"\n'
            b'[[tool.releasekit.files]]\npath = "pyproject.toml"\n'
            b"pattern = 'version = \"{version}\"'\n"
        },
    )
    assert [loc.kind for loc in detection.locations] == ["[project].version", "files[0]"]
    (edit,) = plan_version_edits(detection, "2.0")
    assert edit.after.count(b'version = "2.0"') == 2
