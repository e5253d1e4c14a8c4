"""Human report: `path:line:col: RULE [level] message`, the source line (secrets masked), a summary.
Everything that came from a scanned file is escaped (terminal.safe): no control sequence,
line break or bidi override reaches the terminal."""

from __future__ import annotations

from collections import Counter

from ..findings import Scan
from .options import ReportOptions
from .terminal import safe, safe_path

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "note": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render(scan: Scan, options: ReportOptions) -> str:
    c = options.color
    out: list[str] = []
    if options.statistics:
        out.extend(_statistics(scan))
    for r in () if options.statistics else scan.results:
        level = f"{_COLORS[r.level]}{r.level}{_RESET}" if c else r.level
        path = safe_path(r.path)
        where = f"{_BOLD}{path}:{r.start}{_RESET}" if c else f"{path}:{r.start}"
        tags = f" ({', '.join(r.tags)})" if r.tags else ""
        out.append(f"{where}: {r.rule_id} [{level}] {safe(r.message)}{tags}")
        if r.source.strip() and r.span.end > r.span.start:
            start = r.start.column - 1
            end = r.end.column - 1 if r.end.line == r.start.line else len(r.source)
            shown, at = window(r.source, start, end)
            line = safe(shown)
            gutter = f"{r.start.line:>5} | "
            out.append(f"{_DIM}{gutter}{_RESET}{line}" if c else f"{gutter}{line}")
            width = end - start if r.end.line == r.start.line else len(line) - at  # to the line's end
            out.append(" " * (len(gutter) + at) + "^" * max(1, width))
        if r.fix is not None:
            out.append(f"      = fix{'' if r.fix.safe else ' (unsafe)'}: {safe(r.fix.description)}")
    if options.quiet:
        return "".join(line + "\n" for line in out)
    counts = Counter(r.level for r in scan.results)
    if scan.results:
        out.append("")
    parts = [f"{counts[lv]} {lv}{'s' if counts[lv] != 1 else ''}" for lv in ("error", "warning", "note") if counts[lv]]
    summary = f"{len(scan.results)} finding{'s' if len(scan.results) != 1 else ''}"
    if parts:
        summary += f" ({', '.join(parts)})"
    summary += f" in {scan.files_scanned} file{'s' if scan.files_scanned != 1 else ''}"
    if scan.suppressed:
        summary += f", {len(scan.suppressed)} suppressed"
    if scan.binary_skipped:
        n = scan.binary_skipped
        summary += f", {n} binary file{'s' if n != 1 else ''} skipped"
    partial = scan.partly_scanned
    if partial:
        summary += f", {len(partial)} file{'s' if len(partial) != 1 else ''} not fully scanned (see stderr)"
    out.append(summary + ".")
    return "\n".join(out) + "\n"


# A line longer than LONG characters (a minified bundle, a one-line JSON) is shown SHOWN
# characters each side of the finding; the rest is cut, marked with an ellipsis (as ruff
# shows long lines). The line was masked whole before (redact.redact_scan): a cut never
# leaves part of a secret unmasked.
LONG = 320
SHOWN = 120
_CUT = "\u2026"


def window(line: str, start: int, end: int) -> tuple[str, int]:
    """The part of a line shown for a finding at line[start:end], and the finding's column
    (0-based) in it. The finding itself is shown whole."""
    if len(line) <= LONG:
        return line, start
    lo = start - SHOWN if start > SHOWN + len(_CUT) else 0
    hi = end + SHOWN if len(line) - end > SHOWN + len(_CUT) else len(line)
    if (lo, hi) == (0, len(line)):
        return line, start
    shown = (_CUT if lo else "") + line[lo:hi] + (_CUT if hi < len(line) else "")
    return shown, start - lo + (len(_CUT) if lo else 0)


def _statistics(scan: Scan) -> list[str]:
    """One line per rule, most findings first: count, rule ID, name, level, fixable."""
    per_rule = Counter(r.rule_id for r in scan.results)
    fixable = {r.rule_id for r in scan.results if r.fix is not None}
    level = {r.rule_id: r.level for r in scan.results}
    rows = sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0]))
    width = len(str(rows[0][1])) if rows else 1
    return [f"{n:>{width}}  {rid}  {'[*] ' if rid in fixable else ''}{scan.rules[rid].name} "
            f"[{level[rid]}]" for rid, n in rows]
