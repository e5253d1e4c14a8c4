"""lazy_dataclass: the same class as dataclasses.dataclass makes, without importing
`dataclasses` nor compiling methods until something asks for its fields (start-up time)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dcrlint import records
from dcrlint.records import _FIELDS, _Pending, lazy_dataclass


@lazy_dataclass(frozen=True, order=True)
class Point:
    """A point."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


def _pending(cls: type) -> bool:
    return isinstance(cls.__dict__.get(_FIELDS), _Pending)


def _twins(**options: Any) -> tuple[Any, Any]:
    """The same class body made lazily and by dataclasses."""

    def make(decorator: Any, field: Any) -> Any:
        @decorator(**options)
        class Rec:
            name: str
            n: int = 0
            tags: tuple[str, ...] = ()
            items: list[int] = field(default_factory=list, compare=False)
            secret: str | None = field(default=None, repr=False)
            hidden: bytes = field(default=b"", repr=False, compare=False)

        return Rec

    return make(lazy_dataclass, records.field), make(dataclasses.dataclass, dataclasses.field)


def _outcome(f: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return "ok", f(*args, **kwargs)
    except Exception as e:
        return "raised", type(e).__name__


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("a",), {}), (("a", 2), {}), (("a", 2, ("t",), [1], "s", b"h"), {}), ((), {"name": "a", "tags": ("x",)}),
    (("a",), {"secret": "s", "items": [3]}), ((), {}), (("a", 1, (), [], None, b"", 9), {}),
    (("a",), {"name": "b"}), (("a",), {"nope": 1}),
]


@pytest.mark.parametrize("options", [{}, {"frozen": True}, {"frozen": True, "order": True}, {"eq": False},
                                     {"repr": False}, {"order": True}])
def test_made_methods_behave_as_the_generated_ones(options: dict[str, Any]) -> None:
    lazy, eager = _twins(**options)
    assert _pending(lazy)
    for args, kwargs in CALLS:
        a, b = _outcome(lazy, *args, **kwargs), _outcome(eager, *args, **kwargs)
        assert a[0] == b[0], (args, kwargs)
        if a[0] == "raised":
            assert a[1] == b[1]
            continue
        x, y = a[1], b[1]
        assert repr(x) == repr(y) or options.get("repr") is False
        assert vars(x) == vars(y)
        x2, y2 = lazy(*args, **kwargs), eager(*args, **kwargs)
        assert (x == x2) == (y == y2) and (x != x2) == (y != y2)
        other, eother = lazy("zz", 5), eager("zz", 5)
        for op in ("__lt__", "__le__", "__gt__", "__ge__"):
            assert _outcome(getattr(x, op), other) == _outcome(getattr(y, op), eother)
        assert (_outcome(hash, x) == _outcome(hash, x2)) == (_outcome(hash, y) == _outcome(hash, y2))
        assert _outcome(setattr, x, "n", 7) == _outcome(setattr, y, "n", 7)
        assert _outcome(delattr, x, "tags") == _outcome(delattr, y, "tags")
        assert x == x or options.get("eq") is False
        assert (x == "a") is False and (x == eager("a")) is False  # another class: never equal
    assert lazy.__match_args__ == eager.__match_args__
    assert _pending(lazy)  # all that needed no dataclasses
    assert [(f.name, f.repr, f.compare) for f in dataclasses.fields(lazy)] == \
        [(f.name, f.repr, f.compare) for f in dataclasses.fields(eager)]
    assert not _pending(lazy) and lazy.__dataclass_params__.frozen == eager.__dataclass_params__.frozen


def test_instances_made_before_the_processing_are_the_same_after() -> None:
    lazy, _ = _twins(frozen=True)
    before = lazy("a", 1, ("t",))
    assert records.replace(before, n=2) == lazy("a", 2, ("t",)) and _pending(lazy)
    assert dataclasses.replace(before, n=3) == lazy("a", 3, ("t",)) and not _pending(lazy)
    assert before == lazy("a", 1, ("t",)) and hash(before) == hash(lazy("a", 1, ("t",)))
    assert dataclasses.asdict(before)["tags"] == ("t",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        before.n = 4


def test_a_lazy_dataclass_behaves_as_a_dataclass() -> None:
    a = Point(1)
    assert a == Point(1, 0, ()) and hash(a) == hash(Point(1)) and a < Point(2)
    assert repr(a) == "Point(x=1, y=0, tags=())" and Point.__doc__ == "A point."
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
        a.x = 2  # type: ignore[misc]
    assert records.replace(a, y=3) == Point(1, 3) and sorted([Point(2), a]) == [a, Point(2)]
    assert copy.deepcopy(a) == a and pickle.loads(pickle.dumps(a)) == a and copy.copy(a) == a


def test_fields_are_known_before_any_instance() -> None:
    @lazy_dataclass(frozen=True)
    class Unused:
        a: int
        b: str = ""

    assert _pending(Unused)
    assert dataclasses.is_dataclass(Unused) and [f.name for f in dataclasses.fields(Unused)] == ["a", "b"]

    @lazy_dataclass(frozen=True)
    class Base:
        a: int

    @dataclasses.dataclass(frozen=True)
    class Derived(Base):  # an eager subclass reads its base's fields: the base is processed then
        b: int = 2

    assert Derived(1) == Derived(1, 2) and [f.name for f in dataclasses.fields(Derived)] == ["a", "b"]


def test_what_it_does_not_copy_is_a_dataclass_at_once() -> None:
    @lazy_dataclass(slots=True)
    class Slotted:
        a: int

    @lazy_dataclass
    class Post:
        a: int

        def __post_init__(self) -> None:
            self.a += 1

    @lazy_dataclass(frozen=True)
    class Sub(Point):
        z: int = 0

    for cls in (Slotted, Post, Sub):
        assert not _pending(cls) and dataclasses.is_dataclass(cls)
    assert Post(1).a == 2 and Sub(1, 2, (), 3).z == 3 and not hasattr(Slotted(1), "__dict__")
    with pytest.raises(ValueError, match="mutable default"):
        @lazy_dataclass
        class Mutable:
            a: list[int] = []  # noqa: RUF012


def test_an_instance_unpickled_before_any_is_made_compares_and_hashes_as_one() -> None:
    """Worker processes pickle findings back: the parent may meet the class first that way."""
    made = pickle.dumps([Point(1, 2), Point(1, 2)])
    code = f"""
import pickle, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
import test_records
points = pickle.loads({made!r})
assert points[0] == points[1] and len(set(points)) == 1 and hash(points[0]) == hash(test_records.Point(1, 2))
print(sorted([test_records.Point(3), *points]))
assert isinstance(test_records.Point.__dict__["{_FIELDS}"], test_records._Pending)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[Point(x=1, y=2, tags=()), Point(x=1, y=2, tags=()), Point(x=3, y=0, tags=())]"


def test_every_lazy_dataclass_of_dcrlint_is_what_dataclasses_makes_of_it() -> None:
    """In a fresh interpreter, with every module imported: each lazy class's fields (names,
    defaults, repr, compare) as the made methods read them are those `dataclasses` finds when
    it processes the class with the options it was declared with."""
    code = """
import dataclasses, importlib, pathlib, dcrlint
from dcrlint.records import _FIELDS, _Pending, MISSING
root = pathlib.Path(dcrlint.__file__).parent
lazy = []
for path in sorted(root.rglob("*.py")):
    parts = ["dcrlint", *path.relative_to(root).with_suffix("").parts]
    if parts[-1] == "__main__":
        continue
    module = importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    lazy += [v for v in vars(module).values() if isinstance(v, type) and v.__module__ == module.__name__
             and isinstance(v.__dict__.get(_FIELDS), _Pending)]
for cls in lazy:
    pending = cls.__dict__[_FIELDS]
    options, names, match_args = pending.options, pending.names, cls.__match_args__
    shown = {n for n in names if n not in pending.specs or pending.specs[n].repr}
    compared = {n for n in names if n not in pending.specs or pending.specs[n].compare}
    fields = dataclasses.fields(cls)
    assert not isinstance(cls.__dict__.get(_FIELDS), _Pending), cls
    assert tuple(f.name for f in fields) == names == match_args, cls
    assert {f.name for f in fields if f.repr} == shown and {f.name for f in fields if f.compare} == compared, cls
    params = cls.__dataclass_params__
    assert (params.frozen, params.order) == (options.get("frozen", False), options.get("order", False)), cls
    assert "__init__" in cls.__dict__, cls
print(len(lazy))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) >= 60  # findings, facts, settings, rules, checks, shell model, readers ...
