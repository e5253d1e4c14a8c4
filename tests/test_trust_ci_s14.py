"""Principles found reading CI definitions of repositories nobody here had read (session 14):
each with the near misses that must still be reported (files written for these tests)."""

from __future__ import annotations

from conftest import run_checks, scanned, where
from test_positions import unmark

Spans = list[tuple[int, int, int, int]]


def _found(marked: str, path: str, rule: str) -> tuple[Spans, Spans]:
    plain, spans = unmark(marked)
    file = scanned(plain, path)
    return [w[1:] for w in where(file, run_checks(file, rule))], spans


# --- values: `noop` stands in for a credential -------------------------------------------------

def test_noop_is_a_stand_in() -> None:
    """A test settings file gives each service's credential the word `noop` (no operation: the
    service is not called); a CI step env does the same. A value that only starts with the word
    is still a literal."""
    env = """\
GITHUB_CLIENT_SECRET=noop
AGENT_API_TOKEN=NOOP
MAIL_PASSWORD=no-op
DB_PASSWORD=«noop2024»
"""
    found, spans = _found(env, "app/.env.test", "DCR023")
    assert found == spans
    workflow = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    env:
      NOTIFY_TOKEN: noop
      CACHE_PASSWORD: «noop-Kq8vT2»
    steps:
      - run: make test
"""
    found, spans = _found(workflow, ".github/workflows/test.yml", "DCR010")
    assert found == spans
