"""`lazy_dataclass`: a dataclass whose methods are generated when the class is first used.

`dataclasses.dataclass` writes the source of `__init__`, `__repr__`, `__eq__`, `__hash__` ...
and compiles it when the class is defined: about half a millisecond a class, paid at import
for every class of every module a run loads. Many are never used in a given run (the facts of
other kinds of file, fixes, findings of a clean file). A lazy dataclass is the same class,
processed by `dataclasses.dataclass` with the same options on first use: the first instance
made (a call, a copy or an unpickling) or the first look at its fields (`dataclasses.fields`,
`is_dataclass`). Type checkers see `dataclasses.dataclass`.

Not for a class whose instances are made by `cls.__new__(cls)` and filled in by hand (they
would bypass the processing), nor one that defines `__init__`, `__new__` or `__setstate__` or
uses `slots=True` (those are processed at once).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

__all__ = ["lazy_dataclass"]

_FIELDS = "__dataclass_fields__"


class _Pending:
    """Stands in a class's `__dataclass_fields__` until the class is processed: any look at
    its fields processes it first."""

    def __init__(self, cls: type, options: dict[str, Any]) -> None:
        self.cls = cls
        self.options = options

    def process(self) -> None:
        cls = self.cls
        if cls.__dict__.get(_FIELDS) is not self:
            return  # processed already
        for stub in (_FIELDS, *_STUBS):
            delattr(cls, stub)
        done: type = dataclasses.dataclass(cls, **self.options)
        assert done is cls  # without slots, dataclass() completes the class in place

    def __get__(self, obj: object, owner: type) -> Any:
        self.process()
        return getattr(owner, _FIELDS)


# A new instance is made by a call (`__init__`), or by unpickling or copying (`__new__`, then
# `__setstate__`): each processes the class first, then does what the processed class does.
_STUBS = ("__init__", "__setstate__")


def _lazy(cls: type, options: dict[str, Any]) -> type:
    if options.get("slots") or any(name in cls.__dict__ for name in (_FIELDS, "__new__", *_STUBS)) \
            or options.get("init") is False:
        return dataclasses.dataclass(cls, **options)
    pending = _Pending(cls, options)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        pending.process()
        init: Any = cls.__dict__["__init__"]  # the generated one
        init(self, *args, **kwargs)

    def __setstate__(self: Any, state: Any) -> None:
        pending.process()
        if state:
            self.__dict__.update(state)  # what unpickling does for a class without __setstate__

    for name, value in ((_FIELDS, pending), ("__init__", __init__), ("__setstate__", __setstate__)):
        setattr(cls, name, value)
    return cls


if TYPE_CHECKING:
    from dataclasses import dataclass as lazy_dataclass
else:

    def lazy_dataclass(cls=None, /, **options):
        """As `dataclasses.dataclass(cls, **options)`, the class processed on first use."""
        if cls is None:
            return lambda c: _lazy(c, options)
        return _lazy(cls, options)
