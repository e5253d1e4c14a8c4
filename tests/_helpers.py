"""Helpers tests in several files share, each imported under the name its tests call
(`from _helpers import found as _found`).

- `found(marked, path, rule)`: the fixture `marked` has «» around the spans the rule must report;
  gives the spans the rule's file checks report in the unmarked text (a `scanned` file at `path`)
  and the marked ones, each (start line, start column, end line, end column), for
  `assert found == spans`;
- `printed_at(script, path)`: where DCR003 says a script prints a secret, and which variable;
- `scan_as_written`: `engine_scan` of the files as written (not dedented)."""

from __future__ import annotations

from functools import partial

from conftest import engine_scan, run_checks, scanned, where
from test_positions import unmark

Spans = list[tuple[int, int, int, int]]


def found(marked: str, path: str, rule: str) -> tuple[Spans, Spans]:
    plain, spans = unmark(marked)
    file = scanned(plain, path)
    return [w[1:] for w in where(file, run_checks(file, rule))], spans


def printed_at(script: str, path: str = "renew.sh") -> list[tuple[int, int, str]]:
    """Where DCR003 says `script` prints a secret: (line, column, the variable printed)."""
    file = scanned(script, path)
    return [(*file.source.position(f.span.start), f.message.split("`")[3]) for f in run_checks(file, "DCR003")
            if "prints secret" in f.message]


scan_as_written = partial(engine_scan, dedent=False)
