"""A value that only says what the value must be (`nonempty`, `not-empty`, `any`, `anything`,
`arbitrary`), as chart defaults set one so a template renders, is a stand-in (held-out principle
P2); a value merely holding such a word is not."""

from __future__ import annotations

import pytest

from dcrlint.config import Settings
from dcrlint.values import ValueKind, classify


@pytest.mark.parametrize("value", ["nonempty", "non-empty", "NotEmpty", "not_empty", "any", "anything",
                                   "Arbitrary"])
def test_a_constraint_word_is_a_placeholder(value: str) -> None:
    assert classify(value, Settings().placeholders) is ValueKind.PLACEHOLDER


@pytest.mark.parametrize("value", ["nonempty-Zq81xK2p", "anyVq7pL2vR9", "arbitrary7Hk2Lq9Z", "company"])
def test_a_value_holding_such_a_word_is_not(value: str) -> None:
    assert classify(value, Settings().placeholders) is not ValueKind.PLACEHOLDER
