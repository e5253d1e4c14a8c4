"""What the scan of one file gives the rest of the run (and the result cache keeps)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
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


@dataclass(slots=True)
class FileResult:
    """Slotted, and pickled (worker -> parent) without its empty fields: the parent holds one per
    file of the scan, so per-result bytes are most of its memory on a big tree."""

    path: str
    kind: FileKind | None = None
    results: Sequence[Result] = ()
    notifications: Sequence[Notification] = ()
    directives: Sequence[Directive] = ()
    collected: Mapping[str, Any] = field(default_factory=lambda: NO_FACTS)  # by cross-file check name
    scanned: bool = False
    binary: bool = False  # not text: skipped without a notification, counted in the summary
    secrets: Set[str] = NO_SECRETS  # for the Redactor; never reported
    digest: str = ""  # of the text read, for --fix to tell a file changed since
    over_budget: bool = False  # its scan was stopped at FILE_TIME_BUDGET (not cached)
    # The result cache's view: the SHA-256 of the bytes scanned, the entry to store (made where
    # the file was scanned), `collected` as stored until a cross-file check reads it.
    sha: str = ""
    entry: Entry | None = field(default=None, repr=False)
    packed_collected: Any = field(default=None, repr=False)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Only the fields that are set, as (slot index, value) pairs: every default is empty.
        values = tuple((i, v) for i, name in enumerate(_FIELDS[1:], 1) if (v := getattr(self, name)))
        return _restore, (self.path, values)


_FIELDS = tuple(FileResult.__slots__)


def _restore(path: str, values: tuple[tuple[int, Any], ...]) -> FileResult:
    out = FileResult(path)
    for i, value in values:
        setattr(out, _FIELDS[i], value)
    return out
