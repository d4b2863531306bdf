"""The order a release goes up in, and the error of an upload that stopped part-way."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.dist.artifacts import Artifact, inspect_artifact
from releasekit.dist.order import PublishIncomplete, upload_order
from releasekit.errors import PublishError
from tests.distfiles import make_sdist, make_wheel


def test_real_files_go_up_wheels_first_then_the_sdist(tmp_path: Path) -> None:
    sdist = inspect_artifact(make_sdist(tmp_path, "rk-o", "1.0.0"))
    wheel = inspect_artifact(make_wheel(tmp_path, "rk-o", "1.0.0"))
    assert upload_order([sdist, wheel]) == [wheel, sdist]
    assert upload_order([wheel, sdist]) == [wheel, sdist]
    assert upload_order([]) == []


NAMES = st.lists(
    st.sampled_from(
        [
            "p-1.0.tar.gz",
            "p-1.0.zip",
            "p-1.0-py3-none-any.whl",
            "p-1.0-cp312-cp312-win_amd64.whl",
            "p-1.0-cp313-cp313-manylinux_2_17_x86_64.whl",
        ]
    ),
    unique=True,
)


@given(NAMES, st.randoms(use_true_random=False))
def test_every_wheel_precedes_every_sdist_whatever_the_input_order(
    names: list[str], random: object
) -> None:
    artifacts = [
        Artifact(Path(n), "wheel" if n.endswith(".whl") else "sdist", "p", "1.0", 1, "")
        for n in names
    ]
    shuffled = list(artifacts)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    ordered = upload_order(shuffled)
    assert sorted(ordered, key=lambda a: a.filename) == sorted(artifacts, key=lambda a: a.filename)
    kinds = [a.kind for a in ordered]
    assert kinds == sorted(kinds, key=lambda k: k != "wheel")
    assert upload_order(ordered) == ordered


def _artifacts(tmp_path: Path) -> list[Artifact]:
    return [
        inspect_artifact(make_wheel(tmp_path, "rk-i", "1.0.0")),
        inspect_artifact(make_sdist(tmp_path, "rk-i", "1.0.0")),
    ]


def test_an_incomplete_upload_reads_back_what_the_index_holds(tmp_path: Path) -> None:
    wheel, sdist = _artifacts(tmp_path)
    error = PublishIncomplete.read_back(
        PublishError("HTTP 503 from the index"),
        [wheel, sdist],
        known=[],
        status=lambda: [wheel],
        where="http://index/",
    )
    assert error.present == (wheel.filename,)
    assert error.missing == (sdist.filename,)
    assert error.lines() == [
        "HTTP 503 from the index",
        "publishing stopped part-way: http://index/ now holds 1 of 2 file(s) of this release "
        f"(same sha256): {wheel.filename}",
        f"not on the index: {sdist.filename}",
        "finish with `releasekit publish --skip-existing` once the cause is fixed: it checks "
        "what is there by sha256 and uploads only the rest",
    ]


def test_an_index_that_cannot_be_read_back_lists_what_this_run_knows(tmp_path: Path) -> None:
    wheel, sdist = _artifacts(tmp_path)

    def unreadable() -> list[Artifact]:
        raise PublishError("connection refused")

    error = PublishIncomplete.read_back(
        PublishError("timed out"), [wheel, sdist], [wheel], unreadable, "http://index/"
    )
    assert (error.present, error.missing) == ((wheel.filename,), (sdist.filename,))
    assert "the index cannot be read back; this run knows it holds 1 of 2" in str(error)


@pytest.mark.parametrize(
    ("present", "missing", "held", "absent"),
    [([], ["a.whl"], "none", "a.whl"), (["a.whl", "b.tar.gz"], [], "a.whl, b.tar.gz", "none")],
    ids=["nothing-up", "everything-up"],
)
def test_an_empty_side_is_said_as_none(
    present: list[str], missing: list[str], held: str, absent: str
) -> None:
    error = PublishIncomplete.after("boom", "it holds", present, missing)
    assert isinstance(error, PublishError)
    assert error.lines()[1].endswith(f"(same sha256): {held}")
    assert error.lines()[2] == f"not on the index: {absent}"
