"""Report formats: each turns a finished Scan into text.

`render` is the only way in: the report sees the scan through `redact.redact_scan` (every
string scrubbed of every secret found, and of URL passwords) and its output is scrubbed of
every secret once more (the paths it names and a JSON report's keys kept whole)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from ..redact import redact_scan, redactor_for

if TYPE_CHECKING:
    from ..findings import Scan
    from .options import ReportOptions

FORMATS = ("text", "json", "sarif", "github", "gitlab")


def render(fmt: str, scan: Scan, options: ReportOptions) -> str:
    module = import_module(f"{__name__}.{fmt}_report")
    fn: Callable[[Scan, ReportOptions], str] = module.render
    redactor = redactor_for(scan.secrets)
    safe = scan if scan.redacted else redact_scan(scan)
    paths = {r.path for r in (*safe.results, *safe.suppressed)} | {n.path for n in safe.notifications if n.path}
    return redactor.scrub_document(fn(safe, options), keep=paths)
