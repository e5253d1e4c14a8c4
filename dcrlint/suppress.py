"""Inline suppressions: `# dcrlint: ignore[DCR001, exp:2027-03-31] reason` (or `//` in Groovy)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# The reason runs to the end of the line, or of the `/* ... */` comment: code after a block
# comment (`/* dcrlint: ignore[DCR002] why */ sh 'login -p ...'`) is not part of it.
_DIRECTIVE = re.compile(
    r"(?:#|//|(?P<block>/\*))\s*dcrlint:\s*ignore(?:\[(?P<ids>[^\]]*)\])?"
    r"(?P<reason>(?(block)(?:(?!\*/)[^\n])*|[^\n]*))"
)


@dataclass(frozen=True)
class Directive:
    line: int  # 1-based line the comment is on
    column: int
    refs: tuple[str, ...]  # rule IDs or names as written
    expires: dt.date | None
    reason: str
    problem: str = ""  # why the directive is malformed, if it is


def parse_directives(text: str) -> list[Directive]:
    """Every suppression comment in the text, well-formed or not."""
    if "dcrlint:" not in text:
        return []
    out: list[Directive] = []
    line = 1
    last = 0
    for m in _DIRECTIVE.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        reason = m.group("reason").strip().rstrip("*/").strip()
        ids = m.group("ids")
        if ids is None or not ids.strip():
            out.append(Directive(line, column, (), None, reason, "ignore without rule IDs"))
            continue
        refs: list[str] = []
        expires: dt.date | None = None
        problem = ""
        for part in (p.strip() for p in ids.split(",")):
            if part.startswith("exp:"):
                try:
                    expires = dt.date.fromisoformat(part[4:].strip())
                except ValueError:
                    problem = "expiry is not an ISO date (YYYY-MM-DD)"
            elif part:
                refs.append(part)
        out.append(Directive(line, column, tuple(refs), expires, reason, problem))
    return out


def covers(d: Directive, start_line: int, end_line: int) -> bool:
    """A directive covers a finding on any of its lines, or on the line below the comment."""
    return start_line - 1 <= d.line <= end_line
