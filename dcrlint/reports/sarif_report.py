"""SARIF 2.1.0 for code-scanning dashboards. No snippets, no source text: only masked messages."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..engine import Scan
from ..findings import Position, Result
from ..rulesmeta import Rule
from .options import ReportOptions

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/dcrlint/dcrlint"


def rule_markdown(rule: Rule) -> str:
    parts = [rule.help]
    for ex in rule.examples:
        parts.append(f"**Bad** ({ex.context}):\n\n```\n{ex.bad.rstrip()}\n```")
        parts.append(f"**Good** ({ex.context}):\n\n```\n{ex.good.rstrip()}\n```")
    return "\n\n".join(parts)


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.short_description},
        "fullDescription": {"text": rule.full_description},
        "help": {"text": rule.help, "markdown": rule_markdown(rule)},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": rule.level},
        "properties": {
            "tags": list(rule.tags),
            "precision": rule.precision,
            "security-severity": f"{rule.security_severity:.1f}",
            "problem.severity": {"error": "error", "warning": "warning", "note": "recommendation"}[rule.level],
        },
    }


def _region(start: Position, end: Position) -> dict[str, int]:
    return {"startLine": start.line, "startColumn": start.utf16,
            "endLine": end.line, "endColumn": end.utf16}


def _location(path: str, start: Position, end: Position) -> dict[str, Any]:
    return {"physicalLocation": {
        "artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
        "region": _region(start, end),
    }}


def _result(r: Result, index: dict[str, int], with_suppressions: bool) -> dict[str, Any]:
    d: dict[str, Any] = {
        "ruleId": r.rule_id,
        "ruleIndex": index[r.rule_id],
        "level": r.level,
        "message": {"text": r.message},
        "locations": [_location(r.path, r.start, r.end)],
        "partialFingerprints": {"primaryLocationLineHash": r.fingerprint},
    }
    if r.fix is not None:
        d["fixes"] = [{
            "description": {"text": r.fix.description},
            "artifactChanges": [{
                "artifactLocation": {"uri": r.path, "uriBaseId": "%SRCROOT%"},
                "replacements": [
                    {"deletedRegion": _region(e.start, e.end), "insertedContent": {"text": e.text}}
                    for e in r.fix.edits
                ],
            }],
        }]
    if r.tags or r.properties:
        props: dict[str, Any] = dict(r.properties)
        if r.tags:
            props["tags"] = list(r.tags)
        d["properties"] = props
    if r.baseline_state:
        d["baselineState"] = r.baseline_state
    if with_suppressions:
        d["suppressions"] = (
            [{"kind": r.suppressed_by, "justification": r.justification or "none given"}]
            if r.suppressed_by else []
        )
    return d


def render(scan: Scan, options: ReportOptions) -> str:
    rules = sorted(scan.rules.values(), key=lambda r: r.id)
    index = {r.id: i for i, r in enumerate(rules)}
    emitted = list(scan.results)
    if options.show_suppressed:
        emitted = sorted(emitted + scan.suppressed, key=lambda r: r.sort_key)
    notifications = [
        {
            "level": n.level,
            "message": {"text": n.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": n.path, "uriBaseId": "%SRCROOT%"},
                **({"region": {"startLine": n.line}} if n.line else {}),
            }}],
        }
        for n in scan.notifications
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "dcrlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFO_URI,
                "rules": [_rule(r) for r in rules],
            }},
            "automationDetails": {"id": options.automation_id},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The folder dcrlint was run in."}}},
            "columnKind": "utf16CodeUnits",
            "invocations": [{
                "executionSuccessful": True,
                "toolExecutionNotifications": notifications,
                "properties": {"binaryFilesSkipped": scan.binary_skipped},
            }],
            "results": [_result(r, index, options.show_suppressed) for r in emitted],
        }],
    }
    return json.dumps(log, indent=2) + "\n"
