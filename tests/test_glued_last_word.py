"""values._glued_last_word looks up the last word's few endings in `_NOT_SECRET_LAST_WORD`
instead of asking each of its words whether the last word ends with it: the same answer for
every name (held here against the former reading, on names built of secret words, last words
glued on, heads of every length and random letters)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dcrlint.secretnames import _NOT_SECRET_LAST_WORD, _glued_last_word
from dcrlint.valuepatterns import DEFAULT_SECRET_NAMES, _compile_any


def _former(words: list[str], pattern: str) -> bool:
    """The reading before: every last word asked whether the name's last word ends with it."""
    search = _compile_any((pattern,)).search
    word = words[-1]
    if len(words) > 1 and search("_".join(words[:-1])):
        return False
    return any(word.endswith(last) and len(word) > len(last) + 2
               and search("_".join((*words[:-1], word[: -len(last)]))) for last in _NOT_SECRET_LAST_WORD)


_PIECES = st.sampled_from(["password", "passwd", "token", "secret", "key", "private", "api", "auth", "pass",
                           "pwd", "ssh", "db", "super", "x", "ab", "abc", "credential", "id", *sorted(_NOT_SECRET_LAST_WORD)])
_WORD = st.lists(st.one_of(_PIECES, st.text("abcdefiklnoprstuwxy", max_size=6)), min_size=1, max_size=3).map("".join)


# The built-in pattern, and a configured one whose secret words are as short as two letters
# (the head's shortest length then matters).
PATTERNS = (DEFAULT_SECRET_NAMES, "(?i)pw|^db|tok")


@settings(max_examples=2000, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=4), st.sampled_from(PATTERNS))
def test_same_reading_as_before(words: list[str], pattern: str) -> None:
    assert _glued_last_word(words, pattern) == _former(words, pattern), words


def test_each_last_word_glued_on_and_the_head_lengths() -> None:
    """Exhaustive over the last words: glued after secret words (heads of 2, 3 and more
    letters: `keyfile` is read, `pwfile` too short a head) and alone."""
    for last in _NOT_SECRET_LAST_WORD:
        for head in ("pw", "key", "pwd", "token", "password", "privatekey", "abc"):
            for before in ([], ["ssh"], ["db"], ["password"]):
                for pattern in PATTERNS:
                    words = [*before, head + last]
                    assert _glued_last_word(words, pattern) == _former(words, pattern), (words, pattern)
    assert _glued_last_word(["ssh", "private", "keyfile"], DEFAULT_SECRET_NAMES)
    assert not _glued_last_word(["postgres", "password", "superuser"], DEFAULT_SECRET_NAMES)
