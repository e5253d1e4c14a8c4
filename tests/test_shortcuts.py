"""Start-up shortcuts give what the long way gives: a test on the text before a pattern is
compiled (most runs never compile it) must answer as the pattern does, on any text."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from dcrlint import redact, secret_formats
from dcrlint.reports import terminal

# Characters the patterns turn on, and a few others of each kind (controls, bidi, astral).
_TEXT = st.text(alphabet=st.sampled_from([*"$%!{}()`'\"\\ \t\n-_:.=aAzZ09", *"credntials", "\x1b", "\x7f",
                                          "\x85", "\u202e", "\u2028", "\ufeff", "\xe9", "\U0001f600"]),
                max_size=30)


@given(_TEXT)
@example("${{ secrets.X }}")
@example("credentials('pw')")
@example("`cat /run/secrets/pw`")
@example("%PASS%")
@example("!PASS!")
@example("{{ .Values.pw }}")
def test_is_reference_is_its_pattern(value: str) -> None:
    assert redact.is_reference(value) == (redact._PURE_REFERENCE.fullmatch(value.strip()) is not None)


def _safe_the_long_way(text: str) -> str:
    return re.sub(terminal._UNSAFE.pattern, terminal._escape, text.replace("\t", " "))


@given(_TEXT)
@example("plain ascii: ok")
@example("tab\there")
@example("\x7f")
def test_terminal_safe_is_its_pattern(text: str) -> None:
    assert terminal.safe(text) == _safe_the_long_way(text)


@given(st.text(alphabet="0123456789abcdefABCDEF-xg", max_size=48))
@example("123e4567-e89b-12d3-a456-426614174000")
@example("x-123E4567-E89B-12D3-A456-426614174000-y")
def test_potential_uuid_is_its_pattern(secret: str) -> None:
    assert secret_formats.is_potential_uuid(secret) == bool(secret_formats._uuid().search(secret))


@given(st.one_of(_TEXT, st.text(alphabet=st.characters(max_codepoint=0x7f), max_size=20), st.text(max_size=8)))
@example('q"uo\\te')
@example("~ !#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}")
def test_json_escaped_forms_are_json_dumps(text: str) -> None:
    import json

    assert redact._json_escaped(text) == (json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1])
