"""Frozen values: the same behaviour as frozen dataclasses, proven against real ones."""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasekit.config import Config
from releasekit.locations.spans import Span, VersionLocation
from releasekit.values import FrozenInstanceError, field, field_names, frozen


def _default_tags() -> tuple[str, ...]:
    return ("a", "b")


@frozen
class Item:
    """A value with a required field, defaults, a factory and a field left out of ==."""

    name: str
    extra: Mapping[str, object] | None = field(compare=False)
    size: int = 0
    tags: tuple[str, ...] = field(default_factory=_default_tags)


@frozen
class Plain:
    """A value like a dataclass's, field for field."""

    name: str
    size: int = 0
    tags: tuple[str, ...] = ("a", "b")


@dataclasses.dataclass(frozen=True)
class Reference:
    """The same fields as :class:`Plain`, as a frozen dataclass."""

    name: str
    size: int = 0
    tags: tuple[str, ...] = ("a", "b")


_values = st.tuples(st.text(max_size=5), st.integers(), st.lists(st.text(max_size=3)).map(tuple))


@given(_values, _values)
def test_a_frozen_value_behaves_as_the_same_frozen_dataclass(
    one: tuple[str, int, tuple[str, ...]], two: tuple[str, int, tuple[str, ...]]
) -> None:
    mine, theirs = (Plain(*one), Plain(*two)), (Reference(*one), Reference(*two))
    assert [repr(v).replace("Plain", "Reference") for v in mine] == [repr(v) for v in theirs]
    assert (mine[0] == mine[1]) == (theirs[0] == theirs[1])
    assert (hash(mine[0]) == hash(mine[1])) == (hash(theirs[0]) == hash(theirs[1]))
    assert hash(mine[0]) == hash(theirs[0])  # both hash the tuple of the fields


def test_the_signature_and_errors_are_a_dataclass_s() -> None:
    assert str(inspect.signature(Plain)) == str(inspect.signature(Reference))
    assert str(inspect.signature(Item)) == (
        "(name: 'str', extra: 'Mapping[str, object] | None', size: 'int' = 0, "
        "tags: 'tuple[str, ...]' = <factory>) -> None"
    )
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'name'"):
        Plain()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="takes from 2 to 4 positional arguments but 5"):
        Plain("x", 1, (), 4)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'nope'"):
        Plain("x", nope=1)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda v: setattr(v, "name", "y"), "cannot assign to field 'name'"),
        (lambda v: setattr(v, "other", 1), "cannot assign to field 'other'"),
        (lambda v: delattr(v, "size"), "cannot delete field 'size'"),
    ],
    ids=["assign", "add", "delete"],
)
def test_a_frozen_value_cannot_change(action: object, message: str) -> None:
    value = Plain("x")
    with pytest.raises(FrozenInstanceError, match=message):
        action(value)  # type: ignore[operator]
    assert isinstance(FrozenInstanceError(), AttributeError)
    assert value == Plain("x")


def test_a_factory_runs_per_value_and_a_hidden_field_is_not_compared() -> None:
    first, second = Item("x", extra={"a": 1}), Item("x", extra={"b": 2})
    assert first.tags == ("a", "b")
    assert "tags" not in vars(Item)
    assert first == second
    assert hash(first) == hash(second)
    assert repr(first) == "Item(name='x', size=0, tags=('a', 'b'))"
    assert Plain("x").__eq__(Reference("x")) is NotImplemented  # another class: never equal


def test_field_names_and_pattern_matching() -> None:
    assert field_names(Item) == ("name", "extra", "size", "tags")
    assert field_names(Reference) == ()
    match Span(1, 4, 2):
        case Span(start, end, line):
            assert (start, end, line) == (1, 4, 2)


def test_a_required_field_after_a_default_is_refused() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        @frozen
        class Broken:
            """Out of order."""

            a: int = 0
            b: int  # type: ignore[misc]


def test_the_library_values_keep_their_dataclass_repr() -> None:
    span = Span(39, 40, 4)
    assert repr(span) == "Span(start=39, end=40, line=4)"
    assert Config() == Config()
    assert Config(scheme="calver") != Config()
    location = VersionLocation(Path("f"), "f", 4, "", "1", "k", span)
    assert location.span is span
    assert field_names(VersionLocation)[-1] == "span"


def test_releasekit_version_never_imports_dataclasses(tmp_path: Path) -> None:
    """The values on ``releasekit version``'s path cost no import of dataclasses or inspect."""
    code = (
        "import atexit, sys\n"
        "from releasekit.console import main\n"
        "heavy = {'dataclasses', 'inspect', 'typing_extensions', 'click'}\n"
        "atexit.register(lambda: print(sorted(heavy & set(sys.modules))))\n"
        "main(['--project', sys.argv[1], 'version'])\n"
    )
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "1.0"\n')
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert result.stdout == "1.0\n[]\n"
