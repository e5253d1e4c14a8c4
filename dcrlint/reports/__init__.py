"""Report formats: each turns a finished Scan into text.

`render` is the only way in: the report sees the scan through `redact.redact_scan` (every
string scrubbed of every secret found, and of URL passwords) and its output is scrubbed of
every secret once more (the paths it names, its own labels and a JSON report's keys kept whole)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from ..redact import redact_scan, redactor_for

if TYPE_CHECKING:
    from ..findings import Scan
    from .options import ReportOptions

FORMATS = ("text", "json", "sarif", "github", "gitlab")

# The words a report writes as labels of its own: levels in every format's terms and the text
# summary's counts. A secret that is an ordinary word (`error`) is masked where the scanned files'
# text is quoted (`redact_scan` scrubbed every string of the scan before a report sees it), never
# in these: `[*****]` would hide the level and tell a reader the password.
_LABELS = ("error", "warning", "note", "notice", "critical", "major", "minor", "recommendation",
           "finding", "file", "suppressed")


def own_words(scan: Scan) -> set[str]:
    """What a report writes of its own beside the paths: its labels (and their plurals), the
    rules' IDs and names."""
    words = {*_LABELS, *(f"{w}s" for w in _LABELS)}
    for rule in scan.rules.values():
        words |= {rule.id, rule.name}
    return words


def render(fmt: str, scan: Scan, options: ReportOptions) -> str:
    module = import_module(f"{__name__}.{fmt}_report")
    fn: Callable[[Scan, ReportOptions], str] = module.render
    redactor = redactor_for(scan.secrets)
    safe = scan if scan.redacted else redact_scan(scan)
    paths = {r.path for r in (*safe.results, *safe.suppressed)} | {n.path for n in safe.notifications if n.path}
    return redactor.scrub_document(fn(safe, options), keep=paths | own_words(safe))
