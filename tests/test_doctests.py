"""The examples in the public docstrings are the specification: run them."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "releasekit.version.semver",
    "releasekit.version.pep440",
    "releasekit.version.calver",
    "releasekit.version.next",
    "releasekit.config",
    "releasekit.plan",
    "releasekit.workspace.members",
    "releasekit.workspace.tagformat",
    "releasekit.workspace.paths",
    "releasekit.workspace.pins",
    "releasekit.workspace.uvlock",
    "releasekit.workspace.history",
    "releasekit.workspace.releases",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{name}: {result.failed} failing example(s), output above"
