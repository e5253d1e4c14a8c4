"""What a report needs to know beyond the scan."""

from __future__ import annotations

from ..records import lazy_dataclass


@lazy_dataclass(frozen=True)
class ReportOptions:
    color: bool = False
    root: str = "."
    repo_root: str = ""  # SARIF URIs are relative to it (git top level or project root); "" = root
    show_suppressed: bool = False  # SARIF: emit suppressed results with `suppressions`
    automation_id: str = "dcrlint/"  # SARIF automationDetails.id (--sarif-category)
    quiet: bool = False  # text: findings only, no summary line
    statistics: bool = False  # text: counts per rule instead of each finding
