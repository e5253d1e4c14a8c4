"""Findings and notifications: what checks produce and reports consume; `Scan`, the whole
result of a run, is all a report reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .records import field, lazy_dataclass
from .source import Span

if TYPE_CHECKING:
    from .rulesmeta import Rule


@lazy_dataclass(frozen=True)
class Edit:
    """Replace span of the file with text (an empty span inserts). An insertion with `entries`
    joins the insertions of other fixes at the same place that have them (each DCR011 fix of
    a step adds its own `env:` entry): its first `shared` characters (an `env:` line), the
    same in all of them, are written once, then the entries of all, each once, sorted by key.
    `entries` gives each entry's key and where its text ends."""

    span: Span
    text: str
    shared: int = 0
    entries: tuple[tuple[str, int], ...] = ()


@lazy_dataclass(frozen=True)
class Fix:
    """Edits that fix a finding. A safe fix keeps what the file means apart from the problem
    (`--fix` applies it); an unsafe one may change it (`--unsafe-fixes` applies it too)."""

    description: str
    edits: tuple[Edit, ...]
    safe: bool = True


@lazy_dataclass(frozen=True)
class Finding:
    """One problem at one place. `secret` is the offending value, kept only to
    de-duplicate presence findings and to hash into the fingerprint: never printed."""

    rule_id: str
    message: str
    path: str
    span: Span
    place: tuple[str, ...] = ()  # structural place: ("jobs", "build", "steps", "2", "run")
    secret: str | None = field(default=None, repr=False)
    fix: Fix | None = None
    level: str | None = None  # instead of the rule's level (an opt-in note, e.g. DCR020 unknown registry)
    # A fact about a credential (its age) that belongs in the presence finding reported at the
    # same place, if any: then this text is added to that finding's message, these
    # properties to its properties, and this finding is not reported on its own.
    enriches: str | None = None
    # Facts for machine consumers (SARIF properties), e.g. the git age of a credential.
    properties: tuple[tuple[str, str | int], ...] = ()
    # False where the span names where the secret is kept (a committed file's path), not the
    # secret: the span is shown, the secret (the file's content) still hidden everywhere.
    span_holds_secret: bool = True
    # A cross-file check's word that the file check's finding of this rule at this span is none
    # (its facts show what the file alone could not: DCR023's value naming a Secret of the
    # scan): that result is dropped, this finding is not reported (`engine.project_results`).
    withdraws: bool = False


# The start of the note about a Go template that is not YAML even masked (yamlsrc), which a
# run folds into one note over every such file (lint.fold_template_notes).
TEMPLATE_UNREADABLE = "Go template: not YAML even with its template actions masked"


@lazy_dataclass(frozen=True, order=True)
class Notification:
    """A file, or part of one, that could not be scanned; never a secret in `message`."""

    path: str
    message: str
    line: int | None = None
    level: str = "warning"  # SARIF notification level: error, warning, note


@lazy_dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, in code points (text and JSON reports)
    column_utf16: int = 0  # 1-based, in UTF-16 code units (SARIF, as GitHub reads it); 0: same as column

    @property
    def utf16(self) -> int:
        return self.column_utf16 or self.column

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


@lazy_dataclass(frozen=True)
class ResolvedEdit:
    start: Position
    end: Position
    span: Span
    text: str
    shared: int = 0  # as in Edit
    entries: tuple[tuple[str, int], ...] = ()


@lazy_dataclass(frozen=True)
class ResolvedFix:
    description: str
    edits: tuple[ResolvedEdit, ...]
    safe: bool = True


@lazy_dataclass(frozen=True)
class Result:
    """A finding made ready for reports: positions resolved, no secret (the fingerprint says
    where it is, not what it is); reports get it through `redact.redact_scan`."""

    path: str
    start: Position
    end: Position
    rule_id: str
    message: str
    fingerprint: str
    span: Span
    level: str = "warning"
    masked_spans: tuple[Span, ...] = ()  # spans on the finding's lines that hold a secret
    fix: ResolvedFix | None = None
    suppressed_by: str | None = None  # "inSource" or "external"
    justification: str = ""
    baseline_state: str | None = None  # "new" when a baseline is in use
    tags: tuple[str, ...] = ()  # e.g. "test-fixture"
    # Facts about the finding for machine consumers (SARIF `properties`), e.g. a credential's
    # age from git history; never a secret.
    properties: tuple[tuple[str, str | int], ...] = ()
    source: str = field(default="", repr=False)  # the start line, secrets masked (text report)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.start.line, self.start.column, self.rule_id, self.fingerprint)


@lazy_dataclass
class Scan:
    """Everything the reports need."""

    rules: dict[str, Rule]
    results: list[Result]
    notifications: list[Notification]
    files_scanned: int
    suppressed: list[Result] = field(default_factory=list)
    binary_skipped: int = 0  # files that are not text (images, archives ...), not scanned
    # Every secret found (also of findings dropped by de-duplication, config or suppressions),
    # for the Redactor (kept after `redact.redact_scan`, for the last scrub of the output).
    secrets: frozenset[str] = field(default=frozenset(), repr=False)
    redacted: bool = False
    digests: dict[str, str] = field(default_factory=dict)  # path -> digest of the text scanned

    @property
    def partly_scanned(self) -> list[str]:
        """Paths that could not be scanned, or only in part (notes, such as an include that
        is not fetched, do not count)."""
        return sorted({n.path for n in self.notifications if n.level != "note"})

    @property
    def internal_errors(self) -> list[str]:
        """Paths where a check or parser failed (error-level notifications): the run cannot
        vouch for its result, so it exits 2 whatever it found."""
        return sorted({n.path for n in self.notifications if n.level == "error"})
