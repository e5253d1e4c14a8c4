"""Principles found reading CI files and scripts of repositories nobody here had read: each
with the near misses that must still be reported (files written for these tests)."""

from __future__ import annotations

import pytest
from conftest import run_checks, scanned

# --- DCR003: a script file returning a JSON document it made -----------------------------------

MADE = 'RUNNER_TOKEN="$(curl -fsSL -XPOST "$API_URL" | jq -r .token)"\n'


@pytest.mark.parametrize("last", [
    'echo "{\\"token\\": \\"${RUNNER_TOKEN}\\", \\"url\\": \\"${API_URL}\\"}"',
    "printf '%s' \"[\\\"$RUNNER_TOKEN\\\", 1]\"",
    'echo "{\\"token\\": ${RUNNER_TOKEN}}"',  # a bare variable is a value too
])
def test_a_script_ending_with_a_json_document_it_made_returns_it(last: str) -> None:
    """`token.sh` prints `{"token": "..."}` for the `$(token.sh)` that runs it: its result."""
    assert run_checks(scanned(MADE + last + "\n", "token.sh"), "DCR003") == []


@pytest.mark.parametrize(("text", "why"), [
    ('echo "{\\"token\\": \\"${RUNNER_TOKEN}\\"}"\n', "a token the script did not make"),
    (MADE + 'echo "{token is ${RUNNER_TOKEN}, keep it}"\n', "braces around a sentence: not JSON"),
    (MADE + 'echo "the token: ${RUNNER_TOKEN}"\n', "a sentence"),
    (MADE + 'echo "{\\"token\\": \\"${RUNNER_TOKEN}\\"}"\necho done\n', "not the last line"),
])
def test_a_json_document_still_leaks_where_it_is_no_result(text: str, why: str) -> None:
    assert [f.rule_id for f in run_checks(scanned(text, "token.sh"), "DCR003")] == ["DCR003"], why
