"""Report formats: each turns a finished Scan into text."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import Scan
    from .options import ReportOptions

FORMATS = ("text", "json", "sarif", "github", "gitlab")


def render(fmt: str, scan: Scan, options: ReportOptions) -> str:
    module = import_module(f"{__name__}.{fmt}_report")
    fn: Callable[[Scan, ReportOptions], str] = module.render
    return fn(scan, options)
