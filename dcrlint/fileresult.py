"""What the scan of one file gives the rest of the run (and the result cache keeps)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cache import Entry
    from .classify import FileKind
    from .findings import Notification, Result
    from .suppress import Directive


@dataclass
class FileResult:
    path: str
    kind: FileKind | None = None
    results: list[Result] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    collected: dict[str, Any] = field(default_factory=dict)
    scanned: bool = False
    binary: bool = False  # not text: skipped without a notification, counted in the summary
    secrets: set[str] = field(default_factory=set)  # for the Redactor; never reported
    digest: str = ""  # of the text read, for --fix to tell a file changed since
    over_budget: bool = False  # its scan was stopped at FILE_TIME_BUDGET (not cached)
    # The result cache's view: the SHA-256 of the bytes scanned, the entry to store (made where
    # the file was scanned), `collected` as stored until a cross-file check reads it.
    sha: str = ""
    entry: Entry | None = field(default=None, repr=False)
    packed_collected: Any = field(default=None, repr=False)
