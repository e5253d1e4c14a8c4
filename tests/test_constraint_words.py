"""A value that only says what the value must be (`nonempty`, `not-empty`, `any`, `anything`,
`arbitrary`), as chart defaults set one so a template renders, is a stand-in (held-out principle
P2); a value merely holding such a word is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.config import Settings
from dcrlint.values import ValueKind, classify


@pytest.mark.parametrize("value", ["nonempty", "non-empty", "NotEmpty", "not_empty", "any", "anything",
                                   "Arbitrary"])
def test_a_constraint_word_is_a_placeholder(value: str) -> None:
    assert classify(value, Settings().placeholders) is ValueKind.PLACEHOLDER


@pytest.mark.parametrize("value", ["nonempty-Zq81xK2p", "anyVq7pL2vR9", "arbitrary7Hk2Lq9Z", "company"])
def test_a_value_holding_such_a_word_is_not(value: str) -> None:
    assert classify(value, Settings().placeholders) is not ValueKind.PLACEHOLDER


CONSTRAINTS = """\
runners:
  secret: "nonempty"
  token: non-empty
  password: anything
  apiKey: arbitrary
  signingKey: any
  clientSecret: nonempty-Zq81x
  webhookSecret: anyway
  adminPassword: Anything1
"""


def test_a_value_stating_a_constraint_is_a_stand_in(tmp_path: Path) -> None:
    """A chart default that says what the value must be (`nonempty`: the template renders only
    when it is set; `any`, `anything`, `arbitrary`: whatever is written works) holds no secret.
    A value only containing such a word, or another word, stays reported."""
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": CONSTRAINTS}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(7, 17), (8, 18), (9, 18)]
    assert notes == []
