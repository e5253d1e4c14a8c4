"""GitLab Code Quality report (a JSON array; CodeClimate subset GitLab reads)."""

from __future__ import annotations

from ..findings import Scan
from .jsontext import dumps
from .options import ReportOptions

_SEVERITY = {"error": "critical", "warning": "major", "note": "minor"}


def render(scan: Scan, options: ReportOptions) -> str:
    issues = [
        {
            "type": "issue",
            "check_name": r.rule_id,
            "description": f"{r.rule_id} {scan.rules[r.rule_id].name}: {r.message}",
            "categories": ["Security"],
            "severity": _SEVERITY[r.level],
            "fingerprint": r.fingerprint,
            "location": {
                "path": r.path,
                "lines": {"begin": r.start.line, "end": r.end.line},
            },
        }
        for r in scan.results
    ]
    return dumps(issues) + "\n"
