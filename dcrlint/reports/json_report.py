"""Stable JSON: {"version", "tool", "findings", "notifications", "summary"} (see docs/output-formats.md)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..findings import Result, Scan
from .jsontext import dumps
from .options import ReportOptions

SCHEMA_VERSION = 1


def result_dict(r: Result, scan: Scan) -> dict[str, Any]:
    d: dict[str, Any] = {
        "rule": r.rule_id,
        "name": scan.rules[r.rule_id].name,
        "level": r.level,
        "message": r.message,
        "path": r.path,
        "start": {"line": r.start.line, "column": r.start.column},
        "end": {"line": r.end.line, "column": r.end.column},
        "fingerprint": r.fingerprint,
    }
    if r.tags:
        d["tags"] = list(r.tags)
    if r.properties:
        d["properties"] = dict(r.properties)
    if r.fix is not None:
        d["fix"] = {
            "description": r.fix.description,
            "applicability": "safe" if r.fix.safe else "unsafe",
            "edits": [
                {"start": {"line": e.start.line, "column": e.start.column},
                 "end": {"line": e.end.line, "column": e.end.column}, "text": e.text}
                for e in r.fix.edits
            ],
        }
    if r.suppressed_by:
        d["suppressed"] = {"kind": r.suppressed_by, "justification": r.justification}
    return d


def render(scan: Scan, options: ReportOptions) -> str:
    findings = [result_dict(r, scan) for r in scan.results]
    if options.show_suppressed:
        findings += [result_dict(r, scan) for r in scan.suppressed]
    data = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "dcrlint", "version": __version__},
        "findings": findings,
        "notifications": [
            {"path": n.path, "line": n.line, "level": n.level, "message": n.message}
            for n in scan.notifications
        ],
        "summary": {
            "files_scanned": scan.files_scanned,
            "findings": len(scan.results),
            "suppressed": len(scan.suppressed),
            "binary_skipped": scan.binary_skipped,
        },
    }
    return dumps(data) + "\n"
