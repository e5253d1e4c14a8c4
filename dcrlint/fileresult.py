"""What the scan of one file gives the rest of the run (and the result cache keeps)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cache import Entry
    from .classify import FileKind
    from .findings import Notification, Result
    from .suppress import Directive

# What a file without secrets, or without facts for cross-file checks, holds (most files): one
# shared immutable empty set and mapping (and the empty tuple, shared too, for the sequences).
NO_SECRETS: frozenset[str] = frozenset()
NO_FACTS: Mapping[str, Any] = MappingProxyType({})

# FileResult's fields, in order (the constructor's, the pickle's slot numbers, eq and repr).
_FIELDS = ("path", "kind", "results", "notifications", "directives", "collected", "scanned", "binary",
           "secrets", "digest", "over_budget", "sha", "entry", "packed_collected")


class FileResult:
    """Slotted, and pickled (worker -> parent) without its empty fields: the parent holds one per
    file of the scan, so per-result bytes are most of its memory on a big tree. Written out as
    `dataclass(slots=True)` would make it (equal when every field is, unhashable), without the
    cost of that at start-up; tests/test_fileresult.py holds it to that."""

    __slots__ = _FIELDS

    def __init__(self, path: str, kind: FileKind | None = None, results: Sequence[Result] = (),
                 notifications: Sequence[Notification] = (), directives: Sequence[Directive] = (),
                 collected: Mapping[str, Any] = NO_FACTS,  # by cross-file check name
                 scanned: bool = False,
                 binary: bool = False,  # not text: skipped without a notification, counted in the summary
                 secrets: Set[str] = NO_SECRETS,  # for the Redactor; never reported
                 digest: str = "",  # of the text read, for --fix to tell a file changed since
                 over_budget: bool = False,  # its scan was stopped at FILE_TIME_BUDGET (not cached)
                 # The result cache's view: the SHA-256 of the bytes scanned, the entry to store (made
                 # where the file was scanned), `collected` as stored until a cross-file check reads it.
                 sha: str = "", entry: Entry | None = None, packed_collected: Any = None) -> None:
        self.path = path
        self.kind = kind
        self.results = results
        self.notifications = notifications
        self.directives = directives
        self.collected = collected
        self.scanned = scanned
        self.binary = binary
        self.secrets = secrets
        self.digest = digest
        self.over_budget = over_budget
        self.sha = sha
        self.entry = entry
        self.packed_collected = packed_collected

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _KEY(self) == _KEY(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass with eq and not frozen

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS[:-2])  # not entry, packed_collected
        return f"{type(self).__qualname__}({shown})"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Only the fields that are set, as (slot index, value) pairs: every default is empty.
        values = tuple((i, v) for i, name in enumerate(_FIELDS[1:], 1) if (v := getattr(self, name)))
        return _restore, (self.path, values)


_KEY = attrgetter(*_FIELDS)


def _restore(path: str, values: tuple[tuple[int, Any], ...]) -> FileResult:
    out = FileResult(path)
    for i, value in values:
        setattr(out, _FIELDS[i], value)
    return out
