"""Which wheel of a set an interpreter takes, ranked as pip ranks tags."""

from __future__ import annotations

import sys

import pytest
from packaging.tags import sys_tags

from releasekit.dist.compatible import best_wheel, supported_tags
from releasekit.errors import UsageError

PLATFORM = next(iter(sys_tags())).platform
PY = f"cp{sys.version_info.major}{sys.version_info.minor}"


def test_this_interpreter_supports_what_packaging_says() -> None:
    here = supported_tags(sys.executable)
    assert here[0] == str(next(iter(sys_tags())))
    assert set(here) == {str(tag) for tag in sys_tags()}


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (
            [f"p-1-{PY}-{PY}-{PLATFORM}.whl", "p-1-py3-none-any.whl"],
            f"p-1-{PY}-{PY}-{PLATFORM}.whl",
        ),
        (
            [f"p-1-{PY}-abi3-{PLATFORM}.whl", f"p-1-{PY}-{PY}-{PLATFORM}.whl"],
            f"p-1-{PY}-{PY}-{PLATFORM}.whl",
        ),
        (
            [f"p-1-cp39-abi3-{PLATFORM}.whl", "p-1-cp39-cp39-win_amd64.whl"],
            f"p-1-cp39-abi3-{PLATFORM}.whl",
        ),
        (["p-1-cp39-cp39-win_amd64.whl", "p-1-cp39-cp39-macosx_11_0_arm64.whl"], None),
    ],
    ids=["platform-before-pure", "own-abi-before-abi3", "abi3", "none"],
)
def test_best_wheel(names: list[str], expected: str | None) -> None:
    assert best_wheel(names, supported_tags(sys.executable)) == expected


def test_an_interpreter_that_cannot_run() -> None:
    with pytest.raises(UsageError, match="cannot run"):
        supported_tags("/nonexistent/python3")
