"""`lazy_dataclass`: a dataclass that costs nothing at start-up.

`dataclasses.dataclass` writes the source of `__init__`, `__repr__`, `__eq__`, `__hash__` ...
and compiles it when the class is defined (about half a millisecond a class), and importing
`dataclasses` imports `inspect` (with `ast`, `dis`, `tokenize`): together a fifth of a
one-file run. A lazy dataclass gets the same methods made from its field names without
compiling anything (`operator.attrgetter` tuples, a `__init__` that binds its arguments), and
`dataclasses` is imported only when something asks for the dataclass itself: its fields
(`dataclasses.fields`, `is_dataclass`, `asdict`, `dataclasses.replace`). Then the class is
processed by `dataclasses.dataclass` with the same options, in place, and from then on is
exactly what that makes. `records.replace` and `records.field` stand in for their
`dataclasses` namesakes without importing it. Type checkers see `dataclasses`.

A class that `dataclasses` would treat in a way this does not copy (slots, keyword-only or
init-less fields, `__post_init__`, a dataclass base, its own `__eq__`, `__hash__`,
`__setattr__` or ordering methods, options other than init, repr, eq, order and frozen) is
handed to `dataclasses.dataclass` at once. `tests/test_records.py` holds the made methods to
the generated ones.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any

__all__ = ["field", "lazy_dataclass", "replace"]

_FIELDS = "__dataclass_fields__"
_OPTIONS = frozenset(("init", "repr", "eq", "order", "frozen"))
_ORDER = ("__lt__", "__le__", "__gt__", "__ge__")
# Names whose presence in the class body changes what dataclasses makes: handed over at once.
_OWN = frozenset((_FIELDS, "__post_init__", "__eq__", "__hash__", "__setattr__", "__delattr__", *_ORDER,
                  "__slots__", "__match_args__"))
# Annotations that are not plain fields (the module's annotations are strings).
_SPECIAL = ("ClassVar", "InitVar", "KW_ONLY")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class _Field:
    """What `field()` gives a lazy dataclass's body: a default or factory, repr and compare."""

    __slots__ = ("compare", "default", "default_factory", "extra", "repr")

    def __init__(self, default: Any, default_factory: Any, repr: bool, compare: bool,
                 extra: dict[str, Any]) -> None:
        self.default, self.default_factory, self.repr, self.compare = default, default_factory, repr, compare
        self.extra = extra

    def real(self) -> Any:
        import dataclasses

        kw: dict[str, Any] = dict(self.extra)
        if self.default is not MISSING:
            kw["default"] = self.default
        if self.default_factory is not MISSING:
            kw["default_factory"] = self.default_factory
        return dataclasses.field(repr=self.repr, compare=self.compare, **kw)


def _field(*, default: Any = MISSING, default_factory: Any = MISSING, repr: bool = True, compare: bool = True,
           **extra: Any) -> Any:
    """As `dataclasses.field`, for the body of a lazy dataclass."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return _Field(default, default_factory, repr, compare, extra)


class _Pending:
    """Stands in a class's `__dataclass_fields__` until something asks for its fields: then it
    has `dataclasses.dataclass` process the class."""

    def __init__(self, cls: type, options: dict[str, Any], names: tuple[str, ...],
                 specs: dict[str, _Field], made: tuple[str, ...]) -> None:
        self.cls = cls
        self.options = options
        self.names = names  # the fields, in order
        self.specs = specs  # the fields given by field(): their class attribute until processed
        self.made = made  # the methods put on the class

    def process(self) -> None:
        cls = self.cls
        if cls.__dict__.get(_FIELDS) is not self:
            return  # processed already
        import dataclasses

        for name in (_FIELDS, *self.made):
            delattr(cls, name)
        for name, spec in self.specs.items():
            setattr(cls, name, spec.real())
        done: type = dataclasses.dataclass(cls, **self.options)
        assert done is cls  # without slots, dataclass() completes the class in place

    def __get__(self, obj: object, owner: type) -> Any:
        self.process()
        return getattr(owner, _FIELDS)


def _eager(cls: type, options: dict[str, Any]) -> type:
    import dataclasses

    for name, value in list(vars(cls).items()):
        if isinstance(value, _Field):
            setattr(cls, name, value.real())
    out: type = dataclasses.dataclass(cls, **options)
    return out


def _tuple_getter(names: tuple[str, ...]) -> Any:
    """obj -> (obj.a, obj.b, ...), a tuple whatever the number of names (as dataclasses compares)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return lambda obj: ()


def _frozen_error(message: str) -> Exception:
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(message)


def _lazy(cls: type, options: dict[str, Any]) -> type:
    own = cls.__dict__
    annotations: dict[str, Any] = own.get("__annotations__", {})
    if not set(options) <= _OPTIONS or any(name in own for name in _OWN) \
            or any(_FIELDS in base.__dict__ for base in cls.__mro__[1:]) \
            or any(not isinstance(a, str) or any(s in a for s in _SPECIAL) for a in annotations.values()):
        return _eager(cls, options)
    init, with_repr, eq = options.get("init", True), options.get("repr", True), options.get("eq", True)
    order, frozen = options.get("order", False), options.get("frozen", False)
    if order and not eq:
        return _eager(cls, options)  # dataclasses refuses it

    names = tuple(annotations)
    defaults: dict[str, Any] = {}
    factories: dict[str, Any] = {}
    specs: dict[str, _Field] = {}
    shown, compared = [], []
    for name in names:
        value = own.get(name, MISSING)
        spec = value if isinstance(value, _Field) else None
        if spec is not None:
            if spec.extra:
                return _eager(cls, options)
            specs[name] = spec
            value = spec.default
            if spec.default_factory is not MISSING:
                factories[name] = spec.default_factory
        if value is not MISSING:
            if type(value).__hash__ is None:  # a mutable default: dataclasses says why not
                return _eager(cls, options)
            defaults[name] = value
        elif name not in factories and (defaults or factories):
            return _eager(cls, options)  # a field without default after one with: dataclasses says why not
        if spec is None or spec.repr:
            shown.append(name)
        if spec is None or spec.compare:
            compared.append(name)
    for name, spec in specs.items():  # as dataclasses leaves them: the default, or no attribute
        if spec.default is MISSING:
            delattr(cls, name)
        else:
            setattr(cls, name, spec.default)

    methods: dict[str, Any] = {}
    if init and "__init__" not in own:
        methods["__init__"] = _make_init(cls, names, defaults, factories)
    if with_repr and "__repr__" not in own:
        methods["__repr__"] = _make_repr(tuple(shown))
    key = _tuple_getter(tuple(compared))
    if eq:
        def __eq__(self: Any, other: Any) -> Any:
            if other.__class__ is self.__class__:
                return key(self) == key(other)
            return NotImplemented

        methods["__eq__"] = __eq__
        if frozen:
            def __hash__(self: Any) -> int:
                return hash(key(self))

            methods["__hash__"] = __hash__
        else:
            methods["__hash__"] = None
    if order:
        methods.update(_make_order(key))
    if frozen:
        methods.update(_make_frozen(cls, frozenset(names)))
    methods["__match_args__"] = names
    for name, value in methods.items():
        if callable(value):
            value.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, value)
    setattr(cls, _FIELDS, _Pending(cls, options, names, specs, tuple(methods)))
    return cls


def _make_init(cls: type, names: tuple[str, ...], defaults: dict[str, Any], factories: dict[str, Any]) -> Any:
    n = len(names)
    # The plain defaults of the last fields: a call giving the others by position takes them as they are.
    first = n
    while first and names[first - 1] in defaults:
        first -= 1
    tail = tuple(defaults[name] for name in names[first:])

    def bind(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        """The arguments as a value per field, in order; the TypeError a call would raise."""
        if len(args) > n:
            raise TypeError(f"{cls.__qualname__}.__init__() takes {n + 1} positional arguments but "
                            f"{len(args) + 1} were given")
        values = list(args)
        for name in names[len(args):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in defaults:
                values.append(defaults[name])
            elif name in factories:
                values.append(factories[name]())
            else:
                raise TypeError(f"{cls.__qualname__}.__init__() missing required argument: {name!r}")
        if kwargs:
            name = next(iter(kwargs))
            what = "multiple values for" if name in names else "an unexpected keyword"
            raise TypeError(f"{cls.__qualname__}.__init__() got {what} argument {name!r}")
        return tuple(values)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if kwargs or len(args) != n:
            args = args + tail[len(args) - first:] if not kwargs and first <= len(args) < n else bind(args, kwargs)
        # Straight into the instance dict, as dataclasses' frozen __init__ does (not through __setattr__).
        # `args` holds one value per field here: zip's strict= (a keyword) would cost a fifth of the call.
        self.__dict__.update(zip(names, args))  # noqa: B905

    return __init__


def _make_repr(shown: tuple[str, ...]) -> Any:
    from _thread import get_ident

    running: set[tuple[int, int]] = set()

    def __repr__(self: Any) -> str:
        key = id(self), get_ident()
        if key in running:  # as dataclasses' reprlib guard
            return "..."
        running.add(key)
        try:
            inner = ", ".join([f"{name}={getattr(self, name)!r}" for name in shown])
        finally:
            running.discard(key)
        return f"{self.__class__.__qualname__}({inner})"

    return __repr__


def _make_order(key: Any) -> dict[str, Any]:
    def __lt__(self: Any, other: Any) -> Any:
        return key(self) < key(other) if other.__class__ is self.__class__ else NotImplemented

    def __le__(self: Any, other: Any) -> Any:
        return key(self) <= key(other) if other.__class__ is self.__class__ else NotImplemented

    def __gt__(self: Any, other: Any) -> Any:
        return key(self) > key(other) if other.__class__ is self.__class__ else NotImplemented

    def __ge__(self: Any, other: Any) -> Any:
        return key(self) >= key(other) if other.__class__ is self.__class__ else NotImplemented

    return {"__lt__": __lt__, "__le__": __le__, "__gt__": __gt__, "__ge__": __ge__}


def _make_frozen(cls: Any, names: frozenset[str]) -> dict[str, Any]:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise _frozen_error(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise _frozen_error(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return {"__setattr__": __setattr__, "__delattr__": __delattr__}


def _replace(obj: Any, /, **changes: Any) -> Any:
    """As `dataclasses.replace`: a copy of `obj` with `changes`."""
    pending = type(obj).__dict__.get(_FIELDS)
    if not isinstance(pending, _Pending):
        import dataclasses

        return dataclasses.replace(obj, **changes)
    for name in pending.names:
        if name not in changes:
            changes[name] = getattr(obj, name)
    return type(obj)(**changes)


if TYPE_CHECKING:
    from dataclasses import dataclass as lazy_dataclass
    from dataclasses import field, replace
else:
    field = _field
    replace = _replace

    def lazy_dataclass(cls=None, /, **options):
        """As `dataclasses.dataclass(cls, **options)`, without its cost until its fields are asked for."""
        if cls is None:
            return lambda c: _lazy(c, options)
        return _lazy(cls, options)
