"""What a shell text can spell once its quotes and escapes are gone: the parse prefilters
(`facts.CommandFilter`) test a context's text before it is parsed, and must hold on every text
whose parse holds a command they stand for, however it is written.

The parsers take quotes and escapes out of a word: `lo"gin"`, `'lo'gin`, `lo\\gin`, `l$'ogin'`,
a backslash-newline inside a word, PowerShell's backtick (``lo`gin``), cmd's caret (`lo^gin`),
and a nested script (`bash -c "..."`, `eval`, a heredoc fed to a shell) loses one more level of
them. Taking every such character out of the whole text leaves each word's letters next to each
other, so a test for a word in `words(text)` holds whenever the parse has that word (it may
also hold when the parse does not: a superset is fine). An ANSI-C string (`$'\\x6cogin'`)
spells letters with escapes: a text that may hold one, also once a level of quotes is gone
(`"$""'"`), is not tested (None) and is parsed.
YAML and Groovy escapes (`\\x6c`, `\\u006c`) are already decoded: a context's text is what the
shell runs."""

from __future__ import annotations

import re

# The checks of a context test one text in a row: the last one is kept (a tuple, replaced whole).
_last: list[tuple[str, str | None, str | None]] = [("", "", "")]


def plain(text: str) -> str | None:
    """`text` without quote and escape characters (a backslash-newline goes whole), or None
    when it may hold an ANSI-C string with an escape: every test must hold then. A `$` stays
    (`"$"NAME` is `$NAME` once eval'd): for the names of variables."""
    last = _last[0]
    if last[0] is not text:
        last = _remember(text)
    return last[1]


def words(text: str) -> str | None:
    """`plain(text)` without `$` (the `$` of `l$'ogin'` goes with its quotes) and in lowercase:
    for words, which the tests read in any case (a superset of those that ask for one)."""
    last = _last[0]
    if last[0] is not text:
        last = _remember(text)
    return last[2]


def _remember(text: str) -> tuple[str, str | None, str | None]:
    kept = _plain(text)
    lowered = None if kept is None else (kept.replace("$", "") if "$" in kept else kept).lower()
    last = _last[0] = (text, kept, lowered)
    return last


# A `$` that is, or becomes once quotes are removed (`eval "$""'"'\\x6c'"'"`), an ANSI-C
# string's opener; an escape there that spells a letter (hex, unicode, octal) or a blank
# (`eval $'set\\nenv'` runs two commands), also once quotes are removed (`"\\"x6c`). Its
# other escapes are a control character or the character itself, as a backslash taken out.
_ANSI_C = re.compile(r"\$[\"'\\]*'")
_SPELLING_ESCAPE = re.compile(r"\\[\"'\\]*[xuU0-7ntrvf]")


def _plain(text: str) -> str | None:
    if "\\" in text:
        if "$" in text and _ANSI_C.search(text) is not None and _SPELLING_ESCAPE.search(text) is not None:
            return None
        if "\\\n" in text or "\\\r\n" in text:
            text = text.replace("\\\r\n", "").replace("\\\n", "")
        text = text.replace("\\", "")
    # str.replace is several times faster than one translate() or re.sub() here
    for ch in "\"'`^":
        if ch in text:
            text = text.replace(ch, "")
    return text
