"""Frozen values without :mod:`dataclasses`, for the modules ``releasekit version`` imports.

``import dataclasses`` also imports :mod:`inspect` (and through it ast, dis and tokenize): that
costs ``releasekit version`` more than all of releasekit's own code on its path, and each
dataclass then compiles six methods. A :func:`frozen` class is written like a frozen dataclass
(fields as annotations, defaults as class attributes, :func:`field` for a factory or a field
kept out of comparisons) and gets ``__init__`` (with its real signature, for ``help()`` and the
API docs), ``__repr__``, ``__eq__`` and ``__hash__`` from one compiled snippet; assigning a
field raises :class:`FrozenInstanceError`. Type checkers see a frozen dataclass (:pep:`681`).

>>> @frozen
... class Point:
...     '''A point.'''
...     x: int
...     y: int = 0
>>> Point(1), Point(1) == Point(1, 0), hash(Point(1)) == hash(Point(x=1, y=0))
(Point(x=1, y=0), True, True)
>>> Point(1).x = 2
Traceback (most recent call last):
...
releasekit.values.FrozenInstanceError: cannot assign to field 'x'
"""

from __future__ import annotations

# Not ``from typing import ...``: this module is on ``releasekit version``'s path, and type
# checkers treat this name as true all the same.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    from typing_extensions import dataclass_transform

    T = TypeVar("T")
else:

    def dataclass_transform(**_options: object) -> object:
        return lambda function: function


__all__ = ["FrozenInstanceError", "field", "field_names", "frozen"]


class FrozenInstanceError(AttributeError):
    """A field of a :func:`frozen` value was assigned or deleted."""


class _Field:
    __slots__ = ("compare", "default_factory")

    def __init__(self, default_factory: Callable[[], Any] | None, compare: bool) -> None:
        self.default_factory = default_factory
        self.compare = compare


class _Factory:
    """The default shown for a field made by a factory (as :mod:`dataclasses` shows it)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()
_MISSING = object()


def field(*, default_factory: Callable[[], Any] | None = None, compare: bool = True) -> Any:
    """A field whose default is made by ``default_factory`` on each construction, or (with
    ``compare=False``) one left out of ``repr``, ``==`` and ``hash``."""
    return _Field(default_factory, compare)


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def field_names(cls: type) -> tuple[str, ...]:
    """The fields of a :func:`frozen` class, in order (empty for any other class).

    A frozen value is not a dataclass: :func:`dataclasses.fields`, ``replace`` and ``asdict``
    do not apply to it.

    >>> @frozen
    ... class Pair:
    ...     '''Two numbers.'''
    ...     a: int
    ...     b: int
    >>> field_names(Pair), field_names(int)
    (('a', 'b'), ())
    """
    frozen_value = cls.__dict__.get("__setattr__") is _frozen_setattr
    return tuple(cls.__match_args__) if frozen_value else ()  # type: ignore[attr-defined]


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen(cls: type[T]) -> type[T]:
    """Make ``cls`` a frozen value of the fields it annotates (see the module docstring).

    Fields without a default come first, as in a dataclass; ``ClassVar`` annotations are not
    fields. The class must not inherit fields.
    """
    # The class's own annotations, unevaluated (inspect.get_annotations would import inspect).
    annotations: dict[str, object] = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    names = [n for n, a in annotations.items() if "ClassVar" not in str(a)]
    namespace: dict[str, object] = {"__name__": cls.__module__, "_set": object.__setattr__}
    params: list[str] = []
    body: list[str] = []
    compared: list[str] = []
    for name in names:
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, _Field) else None
        if value is _MISSING or (spec is not None and spec.default_factory is None):
            if any("=" in param for param in params):
                raise TypeError(f"non-default argument {name!r} follows default argument")
            params.append(name)
        elif spec is not None:
            namespace[f"_factory_{name}"] = spec.default_factory
            params.append(f"{name}=_FACTORY")
            body.append(f"    if {name} is _FACTORY:\n        {name} = _factory_{name}()\n")
        else:
            namespace[f"_default_{name}"] = value
            params.append(f"{name}=_default_{name}")
        if spec is not None:
            delattr(cls, name)  # as in a dataclass: no class attribute for a field() field
        if spec is None or spec.compare:
            compared.append(name)
        body.append(f"    _set(self, {name!r}, {name})\n")
    namespace["_FACTORY"] = _FACTORY
    shown = ", ".join(f"{name}={{self.{name}!r}}" for name in compared)
    key = "".join(f"self.{name}, " for name in compared)
    other = "".join(f"other.{name}, " for name in compared)
    exec(  # noqa: S102 - one snippet per class, from its field names: the cost of a value
        f"def __init__(self, {', '.join(params)}):\n{''.join(body) or '    pass'}\n"
        f"def __repr__(self):\n    return f'{cls.__qualname__}({shown})'\n"
        f"def __eq__(self, other):\n    if other.__class__ is self.__class__:\n"
        f"        return ({key}) == ({other})\n    return NotImplemented\n"
        f"def __hash__(self):\n    return hash(({key}))\n",
        namespace,
    )
    init: Any = namespace["__init__"]
    init.__annotations__ = {name: annotations[name] for name in names} | {"return": None}
    for method in ("__init__", "__repr__", "__eq__", "__hash__"):
        function: Any = namespace[method]
        function.__qualname__ = f"{cls.__qualname__}.{method}"
        setattr(cls, method, function)
    cls.__setattr__ = _frozen_setattr  # type: ignore[method-assign]
    cls.__delattr__ = _frozen_delattr  # type: ignore[method-assign]
    setattr(cls, "__match_args__", tuple(names))  # noqa: B010 - mypy forbids the assignment
    return cls
