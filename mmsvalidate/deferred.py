"""attrs classes whose ``__repr__``, ``__eq__`` and ``__hash__`` are made when first used.

attrs writes a class's methods as Python source and compiles it as the class is made, at every start: for
the classes a one-file ``check`` loads, about a sixth of that command's start beyond importing its
dependencies, and the command calls none of the three (it builds objects; it never compares, hashes or
shows them). A class written

    @deferred
    @attrs.frozen(repr=False, eq=False)
    class Location: ...

is made with its ``__init__`` only; the first use of any of the three asks attrs for all three, made from
the class's own fields as ``@attrs.frozen`` would have made them (each field's ``repr``, ``eq`` and
``hash``; the same text, the same hash values). Everything else is attrs' as ever: the fields, ``evolve``,
pickling, the frozen ``__setattr__``. A test holds every such class to what ``@attrs.frozen`` makes.
"""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

_T = TypeVar("_T", bound=type)
#: The methods made on first use.
METHODS = ("__repr__", "__eq__", "__hash__")


class _Deferred:
    """Stands for one of :data:`METHODS` on ``cls`` until it is first looked up (by the class or one of its
    instances, ``repr()``, ``==`` and ``hash()`` included): then all three are made and put in its place."""

    __slots__ = ("cls", "name")

    def __init__(self, cls: type, name: str) -> None:
        self.cls, self.name = cls, name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        method = made(self.cls)[self.name]
        return method if instance is None else method.__get__(instance, owner)


def made(cls: type) -> dict[str, Any]:
    """The three methods ``@attrs.frozen`` makes for ``cls``'s fields, now set on ``cls``."""
    these = {
        field.name: attrs.field(
            repr=field.repr,
            eq=field.eq_key if field.eq_key is not None else field.eq,
            hash=field.hash,
            init=False,
        )
        for field in attrs.fields(cls)
    }
    # a twin of the same module and name: attrs names the methods and seeds the hash from those
    twin = type(cls.__name__, (), {"__module__": cls.__module__, "__qualname__": cls.__qualname__})
    methods = attrs.frozen(twin, these=these, init=False, slots=False, match_args=False).__dict__
    found = {name: methods[name] for name in METHODS}
    for name, method in found.items():
        setattr(cls, name, method)
    return found


def deferred(cls: _T) -> _T:
    """Defer ``cls``'s ``__repr__``, ``__eq__`` and ``__hash__`` to their first use (see the module's text).

    ``cls`` is an attrs class made with ``repr=False, eq=False``, so that attrs made none of them."""
    of_attrs = attrs.has(cls)  # (not in the condition: it would narrow the type returned)
    if not of_attrs or any(name in cls.__dict__ for name in METHODS):
        raise TypeError(f"{cls.__qualname__}: @deferred goes over @attrs.frozen(repr=False, eq=False)")
    for name in METHODS:
        setattr(cls, name, _Deferred(cls, name))
    return cls
