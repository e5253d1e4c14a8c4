"""Findings and notifications: what checks produce and reports consume."""

from __future__ import annotations

from dataclasses import dataclass, field

from .source import Span


@dataclass(frozen=True)
class Edit:
    """Replace span of the file with text (an empty span inserts)."""

    span: Span
    text: str


@dataclass(frozen=True)
class Fix:
    description: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
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


@dataclass(frozen=True, order=True)
class Notification:
    """A file, or part of one, that could not be scanned; never a secret in `message`."""

    path: str
    message: str
    line: int | None = None
    level: str = "warning"  # SARIF notification level: error, warning, note
