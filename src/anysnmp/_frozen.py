"""`frozen`: the small immutable value classes a command imports at its start.

Typed values, keys, users and transport addresses are plain classes with ``__slots__``
and an ``__init__`` of their own; `frozen` gives them equality, hash, repr, pickling
and no assignment, with functions made per class from `operator.attrgetter` (no code
compiled). attrs and dataclasses generate and compile each class's methods when it is
defined (~0.5 ms a class, and attrs' own import ~8 ms), which a command's start-up paid
for a dozen classes it barely uses.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ("frozen", "set_fields")

C = TypeVar("C", bound=type)


def frozen(*fields: str, secret: tuple[str, ...] = ()) -> Callable[[C], C]:
    """A class decorator: equality, hash, repr and pickling from `fields`; no assignment.

    The class declares ``__slots__`` and sets its fields in ``__init__`` with
    `set_fields` (or ``object.__setattr__``). Instances of two classes are never
    equal; `secret` fields (key octets) stay out of repr. Subclasses share the fields.
    """
    shown = [name for name in fields if name not in secret]
    values = operator.attrgetter(*fields) if fields else _no_values
    names = ", ".join(f"{name}={{!r}}" for name in shown)
    text = operator.attrgetter(*shown) if len(shown) > 1 else None

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(values(self) == values(other))

    def __hash__(self: Any) -> int:
        return hash((self.__class__, values(self)))

    def __repr__(self: Any) -> str:
        if text is not None:
            shown_values = text(self)
        else:
            shown_values = (getattr(self, shown[0]),) if shown else ()
        return f"{type(self).__name__}({names.format(*shown_values)})"

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in fields)

    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        set_fields(self, **dict(zip(fields, state, strict=True)))

    def apply(cls: C) -> C:
        methods: dict[str, object] = {
            "__eq__": __eq__,
            "__hash__": __hash__,
            "__repr__": __repr__,
            "__setattr__": _setattr,
            "__delattr__": _delattr,
            "__getstate__": __getstate__,
            "__setstate__": __setstate__,
            "__match_args__": fields,
        }
        for name, method in methods.items():
            setattr(cls, name, method)
        return cls

    return apply


def set_fields(obj: object, **values: Any) -> None:
    """Sets fields of a `frozen` instance (in its ``__init__``)."""
    for name, value in values.items():
        object.__setattr__(obj, name, value)


def _no_values(_: object) -> tuple[()]:
    return ()


def _setattr(self: Any, name: str, value: object) -> None:
    raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")
