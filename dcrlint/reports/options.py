"""What a report needs to know beyond the scan."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False
    root: str = "."
    show_suppressed: bool = False  # SARIF: emit suppressed results with `suppressions`
    automation_id: str = "dcrlint/"
