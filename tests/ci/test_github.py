"""GitHub Actions: workflow commands, $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY, read back as the
runner reads them (tests/ci/github_runner.py), on real files."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.ci.github import (
    SUMMARY_LIMIT,
    StepSummary,
    SummaryArtifact,
    annotation,
    append_step_summary,
    escape_data,
    escape_property,
    format_outputs,
    group,
    running_in_github_actions,
    workflow_command,
    workspace_path,
    write_outputs,
)
from releasekit.errors import UsageError
from tests.ci.github_runner import RunnerRejected, read_command, read_output_file

# --- escaping, exactly as the workflow-command spec says ---------------------------------------

ESCAPES = [
    ("plain", "ready", "ready", "ready"),
    ("percent", "100%", "100%25", "100%25"),
    ("percent-looks-escaped", "%0A", "%250A", "%250A"),
    ("lf", "a\nb", "a%0Ab", "a%0Ab"),
    ("cr", "a\rb", "a%0Db", "a%0Db"),
    ("crlf", "a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("colon", "a: b", "a: b", "a%3A b"),
    ("comma", "a,b", "a,b", "a%2Cb"),
    ("double-colon", "x::y", "x::y", "x%3A%3Ay"),
]


@pytest.mark.parametrize(
    ("text", "data", "prop"), [case[1:] for case in ESCAPES], ids=[case[0] for case in ESCAPES]
)
def test_escaping_follows_the_spec(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


ANNOTATIONS = [
    (
        "file-and-line",
        annotation("error", "1.2.3 != 1.2.4", file="pyproject.toml", line=7),
        "::error file=pyproject.toml,line=7::1.2.3 != 1.2.4",
    ),
    (
        "column-and-title",
        annotation("warning", "x", file="a.py", line=2, column=5, title="releasekit check"),
        "::warning file=a.py,line=2,col=5,title=releasekit check::x",
    ),
    ("no-place", annotation("error", "no credentials"), "::error::no credentials"),
    ("line-without-file-is-dropped", annotation("notice", "n", line=3), "::notice::n"),
    (
        "escaped-file-and-message",
        annotation("error", "a\nb: 100%", file="we,ird:name.toml", line=1),
        "::error file=we%2Cird%3Aname.toml,line=1::a%0Ab: 100%25",
    ),
    ("group", group("build sdist and wheel")[0], "::group::build sdist and wheel"),
    ("endgroup", group("x")[1], "::endgroup::"),
    ("group-title-escaped", group("a\nb")[0], "::group::a%0Ab"),
]


@pytest.mark.parametrize(
    ("line", "expected"), [case[1:] for case in ANNOTATIONS], ids=[case[0] for case in ANNOTATIONS]
)
def test_annotations_and_groups(line: str, expected: str) -> None:
    assert line == expected


@given(
    message=st.text(),
    file=st.text(min_size=1),
    title=st.text(min_size=1),
    line=st.integers(1, 10**6),
)
def test_the_runner_reads_back_exactly_what_was_meant(
    message: str, file: str, title: str, line: int
) -> None:
    command = read_command(annotation("error", message, file=file, line=line, title=title))
    assert command is not None
    assert command.name == "error"
    assert command.properties == {"file": file, "line": str(line), "title": title}
    assert command.message == message
    # One command is one line, whatever the text held.
    assert "\n" not in workflow_command("error", message, {"file": file})


def test_running_in_github_actions_needs_exactly_true() -> None:
    assert running_in_github_actions({"GITHUB_ACTIONS": "true"})
    assert not running_in_github_actions({"GITHUB_ACTIONS": "false"})
    assert not running_in_github_actions({"CI": "true"})


PATHS = [
    ("project-at-the-root", "pyproject.toml", "repo", "repo", "pyproject.toml"),
    ("project-in-a-folder", "pyproject.toml", "repo/pkg", "repo", "pkg/pyproject.toml"),
    ("nested-file", "src/p/__init__.py", "repo/pkg", "repo", "pkg/src/p/__init__.py"),
    ("outside-the-workspace", "pyproject.toml", "elsewhere", "repo", "pyproject.toml"),
    ("no-workspace", "CHANGELOG.md", "repo", None, "CHANGELOG.md"),
]


@pytest.mark.parametrize(
    ("file", "root", "workspace", "expected"),
    [case[1:] for case in PATHS],
    ids=[case[0] for case in PATHS],
)
def test_annotation_paths_are_relative_to_the_workspace(
    tmp_path: Path, file: str, root: str, workspace: str | None, expected: str
) -> None:
    (tmp_path / root).mkdir(parents=True, exist_ok=True)
    where = None if workspace is None else str(tmp_path / workspace)
    assert workspace_path(file, tmp_path / root, where) == expected


# --- $GITHUB_OUTPUT ------------------------------------------------------------------------------


def test_outputs_written_to_a_real_file_read_back_as_the_runner_does(tmp_path: Path) -> None:
    output = tmp_path / "github_output"
    output.write_text("earlier=kept\n")  # the file is shared by every command of the step
    write_outputs(
        output,
        {
            "version": "1.3.0",
            "previous-version": "1.2.3",
            "tag": "v1.3.0",
            "released": True,
            "artifacts": "dist/p-1.3.0.tar.gz\ndist/p-1.3.0-py3-none-any.whl",
            "notes-file": None,
        },
    )
    write_outputs(output, {"released": False})
    text = output.read_text()
    assert "version=1.3.0\n" in text
    assert "artifacts<<ghadelimiter_" in text
    assert read_output_file(output) == {
        "earlier": "kept",
        "version": "1.3.0",
        "previous-version": "1.2.3",
        "tag": "v1.3.0",
        "released": "false",
        "artifacts": "dist/p-1.3.0.tar.gz\ndist/p-1.3.0-py3-none-any.whl",
        "notes-file": "",
    }


def _counting(*candidates: str) -> Callable[[], str]:
    drawn = itertools.chain(candidates, (f"D{n}" for n in itertools.count()))
    return lambda: next(drawn)


def test_a_delimiter_found_in_the_value_is_drawn_again(tmp_path: Path) -> None:
    value = "line one\nEOF\nand EOF2 in the middle\n"
    text = format_outputs({"notes": value}, new_delimiter=_counting("EOF", "EOF2", "", "END"))
    assert text == f"notes<<END\n{value}\nEND\n"
    output = tmp_path / "out"
    output.write_text(text)
    assert read_output_file(output) == {"notes": value}


def test_a_value_cannot_forge_another_output(tmp_path: Path) -> None:
    forged = "x\nreleased=true\nversion<<EOF\n9.9.9\nEOF"
    output = tmp_path / "out"
    write_outputs(output, {"version": forged, "released": False})
    assert read_output_file(output) == {"version": forged, "released": "false"}


def test_the_runner_stand_in_rejects_what_the_runner_rejects(tmp_path: Path) -> None:
    """The reader above is strict, so the round trips prove something."""
    output = tmp_path / "out"
    for broken in ("notes<<EOF\nno end\n", "=value\n", "notes<<EOF\ntext\nEOF"):
        output.write_text(broken)
        if broken.endswith("EOF"):
            assert read_output_file(output) == {"notes": "text"}  # a last line needs no LF
            continue
        with pytest.raises(RunnerRejected):
            read_output_file(output)


@pytest.mark.parametrize("name", ["", "1st", "with space", "a=b", "a<<b", "new\nline"], ids=repr)
def test_invalid_output_names_are_refused(name: str) -> None:
    with pytest.raises(UsageError, match="not a valid output name"):
        format_outputs({name: "x"})


names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,20}", fullmatch=True)
values = st.one_of(st.text(), st.booleans(), st.none(), st.integers())


@given(outputs=st.dictionaries(names, values, max_size=6))
def test_any_values_round_trip_through_the_output_file(
    tmp_path_factory: pytest.TempPathFactory, outputs: dict[str, str | bool | int | None]
) -> None:
    output = tmp_path_factory.mktemp("out") / "github_output"
    write_outputs(output, outputs)
    expected = {
        name: ("true" if v else "false") if isinstance(v, bool) else ("" if v is None else str(v))
        for name, v in outputs.items()
    }
    # The file is written with LF line ends and UTF-8, whatever the platform.
    assert read_output_file(output) == expected


# --- $GITHUB_STEP_SUMMARY -------------------------------------------------------------------------

WHEEL = SummaryArtifact("sample_pkg-1.3.0-py3-none-any.whl", 2048, "a" * 64)
SDIST = SummaryArtifact("sample_pkg-1.3.0.tar.gz", 3 * 1024 * 1024, "b" * 64)
NOTES = "### Added\n\n- A thing ([#1](https://example.org/1))\n\n### Fixed\n\n- `x | y` works\n"


def test_a_release_summary_holds_everything_the_run_did(tmp_path: Path) -> None:
    summary = StepSummary(
        "release",
        version="1.3.0",
        previous_version="1.2.3",
        tag="v1.3.0",
        released=True,
        artifacts=(WHEEL, SDIST),
        pythons=("3.12", "3.13"),
        upload_url="https://upload.pypi.org/legacy/",
        uploaded=(WHEEL.filename, SDIST.filename),
        notes=NOTES,
    )
    path = tmp_path / "step_summary.md"
    path.write_text("# earlier step\n\n")
    append_step_summary(path, summary.markdown())
    text = path.read_text()
    assert text.startswith("# earlier step\n\n### releasekit release: 1.3.0\n")
    assert "| Version | `1.3.0` (was `1.2.3`) |" in text
    assert "| Tag | `v1.3.0` |" in text
    assert "| Released | yes |" in text
    assert "| Verified on | Python 3.12, Python 3.13 |" in text
    assert "| Uploaded to | `https://upload.pypi.org/legacy/`: 2 uploaded |" in text
    assert f"| `{WHEEL.filename}` | 2.0 KiB | `{'a' * 64}` |" in text
    assert f"| `{SDIST.filename}` | 3.0 MiB | `{'b' * 64}` |" in text
    assert "<details open><summary>Release notes</summary>\n\n### Added\n" in text
    assert "- `x | y` works\n\n</details>\n" in text
    assert text.endswith("</details>\n\n")


SUMMARIES = [
    (
        "nothing-to-release",
        StepSummary("release", version="1.2.3", tag="v1.2.3", released=False),
        ["| Released | no: nothing to release |"],
    ),
    (
        "dry-run",
        StepSummary("release", version="1.3.0", dry_run=True),
        ["### releasekit release: 1.3.0 (dry run: nothing was written)"],
    ),
    (
        "failed-check",
        StepSummary("check", problems=("pyproject.toml:7: 1.2.3 | 1.2.4",)),
        ["#### Problems", "- pyproject.toml:7: 1.2.3 \\| 1.2.4"],
    ),
    (
        "publish-with-skips",
        StepSummary(
            "publish",
            upload_url="http://127.0.0.1:8080/",
            uploaded=("a.whl",),
            skipped=("a.tar.gz",),
        ),
        ["| Uploaded to | `http://127.0.0.1:8080/`: 1 uploaded, 1 already there |"],
    ),
    (
        "backticks-in-a-name",
        StepSummary("build", tag="v`1`"),
        ["| Tag | `` v`1` `` |"],
    ),
    ("only-the-command", StepSummary("verify"), ["### releasekit verify"]),
]


@pytest.mark.parametrize(
    ("summary", "lines"), [case[1:] for case in SUMMARIES], ids=[case[0] for case in SUMMARIES]
)
def test_summary_shapes(summary: StepSummary, lines: list[str]) -> None:
    text = summary.markdown()
    for line in lines:
        assert line in text.splitlines()


def test_huge_notes_are_cut_to_fit_what_github_shows() -> None:
    notes = "- entry\n" * (SUMMARY_LIMIT // 4)
    text = StepSummary("release", version="1.0.0", notes=notes, artifacts=(WHEEL,)).markdown()
    assert len(text.encode()) <= SUMMARY_LIMIT
    assert "*(cut: see the changelog)*" in text
    assert WHEEL.filename in text
