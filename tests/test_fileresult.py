"""FileResult crosses from worker to parent by pickle, compactly: every field comes back."""

from __future__ import annotations

import pickle

from dcrlint.classify import FileKind
from dcrlint.fileresult import NO_FACTS, NO_SECRETS, FileResult
from dcrlint.findings import Notification


def test_round_trip_keeps_every_field() -> None:
    fr = FileResult("ci/deploy.yml", FileKind(next(iter(k.value for k in FileKind))),
                    notifications=[Notification("ci/deploy.yml", "note", 3)], collected={"k": [1, "a"]},
                    scanned=True, binary=True, secrets={"s3cr3t-value"}, digest="d" * 64, over_budget=True,
                    sha="e" * 64, packed_collected="[]")
    back = pickle.loads(pickle.dumps(fr, pickle.HIGHEST_PROTOCOL))
    assert back == fr
    assert back.secrets == {"s3cr3t-value"}


def test_empty_fields_are_not_sent_and_come_back_empty() -> None:
    fr = FileResult("a.sh", scanned=True, digest="d" * 64, secrets=set())
    data = pickle.dumps(fr, pickle.HIGHEST_PROTOCOL)
    assert b"results" not in data and b"notifications" not in data
    back = pickle.loads(data)
    assert back == FileResult("a.sh", scanned=True, digest="d" * 64)
    assert back.secrets is NO_SECRETS and back.collected is NO_FACTS
    assert back.results == () and back.notifications == () and back.directives == ()
    assert not hasattr(back, "__dict__")


def test_it_behaves_as_the_slotted_dataclass_it_was() -> None:
    """Written out by hand (start-up): the constructor takes the slots in order with empty
    defaults, equality is field by field, it is unhashable, and repr shows all but the cache's
    entry and packed facts."""
    import inspect

    import pytest

    params = inspect.signature(FileResult).parameters
    assert tuple(params) == FileResult.__slots__
    assert [p.default for p in params.values()][1:] == [None, (), (), (), NO_FACTS, False, False, NO_SECRETS, "",
                                                       False, "", None, None]
    base = FileResult("a.sh")
    assert base == FileResult("a.sh") and base != "a.sh"
    for name in FileResult.__slots__:
        other = FileResult("a.sh")
        setattr(other, name, "x")
        assert other != base, name
    with pytest.raises(TypeError, match="unhashable"):
        hash(base)
    assert repr(FileResult("a.sh", sha="s", entry=None, packed_collected="[]")) == (
        "FileResult(path='a.sh', kind=None, results=(), notifications=(), directives=(), collected=mappingproxy({}), "
        "scanned=False, binary=False, secrets=frozenset(), digest='', over_budget=False, sha='s')")
