"""lazy_dataclass: the same class as dataclasses.dataclass makes, processed on first use
(start-up time: a run does not pay for the classes it never uses)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from dataclasses import field
from pathlib import Path

from dcrlint.records import _FIELDS, _Pending, lazy_dataclass


@lazy_dataclass(frozen=True, order=True)
class Point:
    """A point."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


@lazy_dataclass
class Bag:
    items: list[int] = field(default_factory=list)
    n: int = 0


def _pending(cls: type) -> bool:
    return isinstance(cls.__dict__.get(_FIELDS), _Pending)


def test_a_lazy_dataclass_behaves_as_a_dataclass() -> None:
    a = Point(1)
    assert not _pending(Point)
    assert a == Point(1, 0, ()) and hash(a) == hash(Point(1)) and a < Point(2)
    assert repr(a) == "Point(x=1, y=0, tags=())" and Point.__doc__ == "A point."
    try:
        a.x = 2  # type: ignore[misc]
        raise AssertionError("not frozen")
    except dataclasses.FrozenInstanceError:
        pass
    assert dataclasses.replace(a, y=3) == Point(1, 3) and sorted([Point(2), a]) == [a, Point(2)]
    assert Bag().items == [] and Bag().items is not Bag().items and Bag([1], 2) == Bag(items=[1], n=2)
    assert copy.deepcopy(Bag([1])) == Bag([1]) and pickle.loads(pickle.dumps(a)) == a


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


def test_an_instance_unpickled_before_any_is_made_compares_and_hashes_as_one() -> None:
    """Worker processes pickle findings back: the parent may meet the class first that way."""
    made = pickle.dumps([Point(1, 2), Point(1, 2)])
    code = f"""
import pickle, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
import test_records
assert isinstance(test_records.Point.__dict__["{_FIELDS}"], test_records._Pending)
points = pickle.loads({made!r})
assert points[0] == points[1] and len(set(points)) == 1 and hash(points[0]) == hash(test_records.Point(1, 2))
print(sorted([test_records.Point(3), *points]))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[Point(x=1, y=2, tags=()), Point(x=1, y=2, tags=()), Point(x=3, y=0, tags=())]"


def test_every_lazy_dataclass_of_dcrlint_processes() -> None:
    """In a fresh interpreter, with every module imported: each lazy class is processed as a
    dataclass with the options it was declared with."""
    code = """
import dataclasses, importlib, pathlib, dcrlint
from dcrlint.records import _FIELDS, _Pending
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
    options = cls.__dict__[_FIELDS].options
    assert dataclasses.fields(cls) is not None and not isinstance(cls.__dict__.get(_FIELDS), _Pending)
    params = cls.__dataclass_params__
    assert (params.frozen, params.order) == (options.get("frozen", False), options.get("order", False)), cls
    assert "__init__" in cls.__dict__ and "__setstate__" not in cls.__dict__, cls
print(len(lazy))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) >= 20  # findings, facts, the pull-secret index ...


def test_no_lazy_dataclass_is_made_through_new() -> None:
    """An instance made by `X.__new__(X)` (or `cls.__new__(cls)` in its class) and filled in by
    hand skips the processing: such a class must be a plain dataclass."""
    import ast

    root = Path(__file__).resolve().parent.parent / "dcrlint"
    trees = {p: ast.parse(p.read_text("utf-8")) for p in sorted(root.rglob("*.py"))}
    lazy: dict[str, ast.ClassDef] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                    "lazy_dataclass" in ast.unparse(d) for d in node.decorator_list):
                lazy[node.name] = node
    assert len(lazy) >= 20
    made = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "__new__" and isinstance(node.value, ast.Name) \
                    and node.value.id in lazy:
                made.append(f"{path.name}:{node.lineno}")
    for name, cls in lazy.items():
        made += [f"{name}:{n.lineno}" for n in ast.walk(cls) if isinstance(n, ast.Attribute) and n.attr == "__new__"]
    assert made == []
