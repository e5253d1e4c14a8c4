"""`MappedText.slice` copies a run at a time (`MappedTextBuilder.copy`): the same map as
copying each character with its own source (an escape's character keeps its whole escape),
on texts mapped with decoded escapes as a Jenkins or YAML string is; and a PowerShell or cmd
word copied a run of ordinary characters at a time maps as one copied character by character."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dcrlint.shell.pwsh import parse_pwsh
from dcrlint.source import MappedText, MappedTextBuilder

# (character, how many source characters it stands for: 1 copied, more an escape)
PIECES = st.lists(st.tuples(st.sampled_from(list("ab $'\"`^&|;\n(){}@<>é")), st.integers(min_value=1, max_value=4)),
                  max_size=40)


def _mapped(pieces: list[tuple[str, int]], origin: int) -> MappedText:
    b = MappedTextBuilder()
    at = origin
    for ch, width in pieces:
        if width == 1:
            b.add(ch, at)
        else:
            b.add_decoded(ch, at, at + width)
        at += width
    return b.build(at)


def _slice_by_character(mt: MappedText, start: int, end: int) -> MappedText:
    b = MappedTextBuilder()
    for i in range(start, end):
        at, stop = mt.offset(i), mt.stop(i)
        if stop == at + 1:
            b.add(mt.text[i], at)
        else:
            b.add_decoded(mt.text[i], at, stop)
    return b.build(mt.span(start, end).end)


def _map(mt: MappedText) -> tuple[object, ...]:
    return mt.text, mt.starts, mt.origins, mt.end, mt.stops


@settings(max_examples=400, deadline=None, derandomize=True)
@given(PIECES, st.integers(min_value=0, max_value=50), st.data())
def test_slice_is_the_characters_copied_one_by_one(pieces: list[tuple[str, int]], origin: int,
                                                   data: st.DataObject) -> None:
    mt = _mapped(pieces, origin)
    start = data.draw(st.integers(min_value=0, max_value=len(mt.text)))
    end = data.draw(st.integers(min_value=start, max_value=len(mt.text)))
    assert _map(mt.slice(start, end)) == _map(_slice_by_character(mt, start, end))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(PIECES, st.sampled_from(["pwsh", "cmd"]))
def test_powershell_words_map_each_character_to_its_source(pieces: list[tuple[str, int]], dialect: str) -> None:
    """A word's characters outside quotes and escapes are the script's own, each mapped where
    the script maps it (so a word copied a run at a time maps as one copied by character)."""
    mt = _mapped(pieces, 3)
    for cmd in parse_pwsh(mt, dialect).commands:
        for w in cmd.words:
            start = mt.text.find(w.raw.text)
            assert start >= 0
            raw = w.raw
            for i in range(len(raw.text)):
                assert raw.offset(i) >= 0 and raw.stop(i) > raw.offset(i)
            plain = raw.text == w.value.text and not any(c in raw.text for c in "'\"`^$@")
            if plain:
                assert _map(w.value)[1:] == _map(raw)[1:]


WORDS = [  # what each word reads as (found before words were copied a run at a time)
    ("pwsh", "echo a'b c'd e\"f g\"h", [["echo", "ab cd", "ef gh"]]),
    ("pwsh", "echo a`nb a`tb a`$b", [["echo", "a\nb", "a\tb", "a$b"]]),
    ("pwsh", "echo a$(x y)b a$x", [["echo", "a$(x y)b", "a$x"]]),
    ("pwsh", "echo a@'\nline one\n'@ b", [["echo", "aline one", "b"]]),
    ("pwsh", "echo a{b} c;d|e&f&&g||h", [["echo", "a"], ["b"], ["c"], ["d"], ["e&f"], ["g"], ["h"]]),
    ("pwsh", "echo a<b a>b a(b)", [["echo", "a<b", "a>b", "a(b)"]]),
    ("cmd", "echo a^&b a^^b \"c d\"e a'b", [["echo", "a&b", "a^b", "c de", "a'b"]]),
    ("cmd", "echo a&b a(b)c a<b a>c", [["echo", "a"], ["b", "a"], ["b"], ["c", "a", "a"]]),
    ("cmd", "echo a$(x y) a@b a`b a{b}", [["echo", "a$"], ["x", "y"], ["a@b", "a`b", "a{b}"]]),
]


@pytest.mark.parametrize(("dialect", "text", "words"), WORDS)
def test_a_word_s_quotes_and_escapes_after_ordinary_characters(dialect: str, text: str, words: list[list[str]]) -> None:
    script = parse_pwsh(MappedText.verbatim(text, 0), dialect)
    assert [[w.value.text for w in c.words] for c in script.commands] == words
