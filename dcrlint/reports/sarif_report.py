"""SARIF 2.1.0 for code-scanning dashboards. No snippets, no source text: only masked messages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import __version__
from ..findings import Position, Result, Scan
from .jsontext import dumps
from .options import ReportOptions

if TYPE_CHECKING:
    from ..rulesmeta import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/dcrlint/dcrlint"
# Result property: "safe" or "unsafe", the applicability of the result's fix (as JSON's).
FIX_APPLICABILITY = "dcrlint/fixApplicability"


# GitHub code scanning refuses longer rule descriptions.
DESCRIPTION_LIMIT = 1024


def rule_markdown(rule: Rule) -> str:
    parts = [rule.help]
    if len(rule.full_description) > DESCRIPTION_LIMIT:  # fullDescription holds only its start
        parts.insert(0, rule.full_description)
    for ex in rule.examples:
        parts.append(f"**Bad** ({ex.context}):\n\n```\n{ex.bad.rstrip()}\n```")
        parts.append(f"**Good** ({ex.context}):\n\n```\n{ex.good.rstrip()}\n```")
    if rule.help_uri:  # GitHub shows help.markdown, not helpUri
        parts.append(f"[{rule.id} {rule.name}: documentation]({rule.help_uri})")
    return "\n\n".join(parts)


def _within_limit(text: str) -> str:
    """The text, or its first sentences within GitHub's limit (the rest is in the help)."""
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    more = " (continued in the rule's help)"
    cut = text[: DESCRIPTION_LIMIT - len(more)]
    end = cut.rfind(". ")
    return (cut[: end + 1] if end > 0 else cut.rstrip()) + more


def _rule(rule: Rule) -> dict[str, Any]:
    properties: dict[str, Any] = {"tags": list(rule.tags), "precision": rule.precision}
    if rule.security_severity > 0:  # 0.0: not a security rule (the DCR9xx meta rules)
        properties["security-severity"] = f"{rule.security_severity:.1f}"
    properties["problem.severity"] = {"error": "error", "warning": "warning", "note": "recommendation"}[rule.level]
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _within_limit(rule.short_description)},
        "fullDescription": {"text": _within_limit(rule.full_description)},
        "help": {"text": rule.help, "markdown": rule_markdown(rule)},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": rule.level},
        "properties": properties,
    }


def _region(start: Position, end: Position) -> dict[str, int]:
    return {"startLine": start.line, "startColumn": start.utf16,
            "endLine": end.line, "endColumn": end.utf16}


def artifact(path: str, options: ReportOptions) -> dict[str, str]:
    """artifactLocation of a reported path (relative to options.root): a percent-encoded URI
    relative to the repository root, or an absolute file URI for a file outside it."""
    full = os.path.normpath(os.path.join(options.root, path))
    rel = os.path.relpath(full, options.repo_root or options.root).replace(os.sep, "/")
    if rel == ".." or rel.startswith("../"):
        return {"uri": Path(full).as_uri()}
    return {"uri": quote(rel, safe="/", errors="surrogateescape"), "uriBaseId": "%SRCROOT%"}


def _location(path: str, start: Position, end: Position, options: ReportOptions) -> dict[str, Any]:
    return {"physicalLocation": {
        "artifactLocation": artifact(path, options),
        "region": _region(start, end),
    }}


def _result(r: Result, index: dict[str, int], options: ReportOptions) -> dict[str, Any]:
    with_suppressions = options.show_suppressed
    d: dict[str, Any] = {
        "ruleId": r.rule_id,
        "ruleIndex": index[r.rule_id],
        "level": r.level,
        "message": {"text": r.message},
        "locations": [_location(r.path, r.start, r.end, options)],
        "partialFingerprints": {"primaryLocationLineHash": r.fingerprint},
    }
    props: dict[str, Any] = dict(r.properties)
    if r.fix is not None:
        # Safe: `--fix` applies it; unsafe: it may change what the file means, only
        # `--unsafe-fixes` applies it. On the fix and, for consumers that read only the
        # result's property bag, on the result. The replacements hold no found secret: what
        # they delete is a region, what they insert is the check's text (redact.py scrubs it).
        applicability = "safe" if r.fix.safe else "unsafe"
        props[FIX_APPLICABILITY] = applicability
        d["fixes"] = [{
            "description": {"text": r.fix.description},
            "properties": {"applicability": applicability},
            "artifactChanges": [{
                "artifactLocation": artifact(r.path, options),
                "replacements": [
                    {"deletedRegion": _region(e.start, e.end), "insertedContent": {"text": e.text}}
                    for e in r.fix.edits
                ],
            }],
        }]
    if r.tags:
        props["tags"] = list(r.tags)
    if props:
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
                "artifactLocation": artifact(n.path, options),
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
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The repository root."}}},
            "columnKind": "utf16CodeUnits",
            "invocations": [{
                "executionSuccessful": True,
                "toolExecutionNotifications": notifications,
                "properties": {"binaryFilesSkipped": scan.binary_skipped},
            }],
            "results": [_result(r, index, options) for r in emitted],
        }],
    }
    return dumps(log) + "\n"
