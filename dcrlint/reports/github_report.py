"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

from ..findings import Scan
from .options import ReportOptions
from .terminal import safe

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def _escape_data(s: str) -> str:
    """Workflow-command escapes, then other controls and bidi overrides as `\\xNN` (a log
    shows the line, and a file name may hold an escape sequence)."""
    return safe(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(scan: Scan, options: ReportOptions) -> str:
    lines = []
    for r in scan.results:
        name = scan.rules[r.rule_id].name
        props = (f"file={_escape_prop(r.path)},line={r.start.line},col={r.start.column},"
                 f"endLine={r.end.line},endColumn={r.end.column},title={_escape_prop(f'{r.rule_id} {name}')}")
        lines.append(f"::{_COMMAND[r.level]} {props}::{_escape_data(r.message)}")
    for n in scan.notifications:
        props = f"file={_escape_prop(n.path)}" + (f",line={n.line}" if n.line else "")
        title = "dcrlint could not scan" if n.level != "note" else "dcrlint"
        lines.append(f"::{_COMMAND.get(n.level, 'warning')} {props},title={title}::{_escape_data(n.message)}")
    return "".join(line + "\n" for line in lines)
