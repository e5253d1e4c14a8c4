"""Whole-text searches written for speed (a substring test first, a pattern that starts where
`re` skips ahead fast) agree with the patterns they stand for, on random texts of the pieces
that decide them (cases `re` folds, word boundaries, quotes)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

SECRETS = st.lists(st.sampled_from(["secrets", "SECRETS", "Secrets", "ſecrets", "secret", "s", "ecrets", ".", "-",
                                    "_", "x", " ", "\n", "{{", "}}", "İ", "ı", "K"]), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(SECRETS)
def test_secrets_reference(text: str) -> None:
    from dcrlint.checks.dcr011_secret_expanded_in_script import _SECRETS_REF, _refs_secrets

    assert _refs_secrets(text) == (_SECRETS_REF.search(text) is not None)


AFTER_NAME = re.compile(r"[\w)]['\"]|\$/")  # as written before: a name or `)`, then a quote
GROOVY = st.lists(st.sampled_from(["sh", "'", '"', ")", "(", " ", "$", "/", "$/", "é", "_", "1", "\n", "+"]),
                  max_size=16).map("".join)


@settings(max_examples=500, deadline=None)
@given(GROOVY)
def test_groovy_string_after_name(text: str) -> None:
    from dcrlint.checks._leak_gate import _GROOVY_STRING_AFTER_NAME

    assert (_GROOVY_STRING_AFTER_NAME.search(text) is not None) == (AFTER_NAME.search(text) is not None)
