"""DCR003: a login fed by a subshell that turns tracing off before what it runs
(`( set +x; printf '%s' "$P" ) | docker login --password-stdin`, or a piped brace group: bash runs
each part of a pipeline in a subshell) shows no credential in the trace, whatever turned tracing
on before; the near misses stay reported: what the subshell runs before its `set +x`, a `set -x`
after it in the same subshell, a `set +x` only in a branch, another subshell's `set +x`, a
password in the login's own words."""

from __future__ import annotations

import pytest
from _helpers import Spans
from conftest import run_checks, scanned, where
from test_positions import unmark


def _traced(marked: str) -> tuple[Spans, Spans]:
    plain, spans = unmark(marked)
    file = scanned(plain, "push.sh")
    found = [f for f in run_checks(file, "DCR003") if "tracing" in f.message]
    return [w[1:] for w in where(file, found)], spans


@pytest.mark.parametrize("feed", [
    '(\n  set +x\n  printf "%s" "$REG_PASSWORD"\n)',
    '{ set +x; printf "%s" "$REG_PASSWORD"; }',
    '( set +o xtrace 2>/dev/null; printf "%s" "$REG_PASSWORD" )',
])
def test_a_feed_after_its_subshells_set_off(feed: str) -> None:
    text = f'#!/bin/bash\n[ "${{DEBUG:-}}" = 1 ] && set -x\nREG=r.example.com\n{feed} | docker login -u ci --password-stdin "$REG"\n'
    assert _traced(text) == ([], [])


@pytest.mark.parametrize("feed", [
    '( set +x; set -x; printf "%s" "$REG_PASSWORD" )',  # and on again before it
    '( printf "%s" "$REG_PASSWORD"; set +x )',  # turned off only after it ran
    '{ printf "%s" "$REG_PASSWORD"; set +x; }',
    '( [ -n "$QUIET" ] && set +x; printf "%s" "$REG_PASSWORD" )',  # off only in a branch
    '( set +x; true ) ; printf "%s" "$REG_PASSWORD"',  # another subshell's
])
def test_a_feed_still_traced(feed: str) -> None:
    text = f'#!/bin/bash\n«set -x»\n{feed} | docker login -u ci --password-stdin r.example.com\n'
    found, spans = _traced(text)
    assert spans[0] in found


def test_a_password_in_the_login_words_is_traced() -> None:
    text = ('#!/bin/bash\n«set -x»\n( set +x; printf "%s" "$REG_PASSWORD" ) | '
            'docker login -u ci -p "$REG_PASSWORD" r.example.com\n')
    found, spans = _traced(text)
    assert found == spans
