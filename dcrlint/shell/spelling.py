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

from ..lazyre import lazy_compile

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
# The string's letters follow its `$`: an escape before the first opener is in none of them
# (`printf '%s\\n'` before a `grep -v '^$'`, whose `$'` opens nothing).
_ANSI_C = re.compile(r"\$[\"'\\]*'")
_SPELLING_ESCAPE = re.compile(r"\\[\"'\\]*[xuU0-7ntrvf]")


def _plain(text: str) -> str | None:
    if "\\" in text:
        if "$" in text and (opener := _ANSI_C.search(text)) is not None \
                and _SPELLING_ESCAPE.search(text, opener.start() + 1) is not None:
            return None  # (an escape before the first opener is in no ANSI-C string)
        if "\\\n" in text or "\\\r\n" in text:
            text = text.replace("\\\r\n", "").replace("\\\n", "")
        text = text.replace("\\", "")
    if "^" in text and ("^\n" in text or "^\r\n" in text):  # cmd's line continuation: `ec^` `ho`
        text = text.replace("^\r\n", "").replace("^\n", "")
    # str.replace is several times faster than one translate() or re.sub() here
    for ch in "\"'`^":
        if ch in text:
            text = text.replace(ch, "")
    return text


# `set` or a shell given an option holding x (`set -ex`, `bash -x`, `$SHELL -x`), or `-o xtrace`:
# tracing may be turned on (on a text's words).
_TRACE = lazy_compile(r"(?:set|sh|shell)\b[^\n;&|]*?-[a-z]*x|xtrace")
_OPTION_X = lazy_compile(r"-[a-z]*x")  # what _TRACE's first branch needs: searched fast (a literal first)


def may_trace(text: str) -> bool:
    """Whether the parse may find shell tracing turned on in `text` (`set -x`, `bash -ex`,
    `set -o xtrace`, a `#!/bin/bash -x` line): the parser walks such a statement whatever the
    checks read."""
    low = words(text)
    return True if low is None else may_trace_words(low)


def may_trace_words(low: str) -> bool:
    """`may_trace` of a text read as `words`."""
    if "xtrace" not in low and _OPTION_X.search(low) is None:
        return False  # (_TRACE alone tries each `s` of the text: this runs on most statements)
    return _TRACE.search(low) is not None


_UNTRACE = lazy_compile(r"set\b[^\n;&|]*?\+[a-z]*x")


def may_untrace(text: str) -> bool:
    """Whether `text` may turn tracing off (`set +x`, `set +ex`; `set +o xtrace` is `may_trace`'s)."""
    low = words(text)
    return True if low is None else _UNTRACE.search(low) is not None


# An escaped line break: the shell's, cmd's and a Dockerfile's (`\\`), PowerShell's and a
# Dockerfile's with `# escape=\``, cmd's (`^`).
_LINE_JOIN = lazy_compile(r"[\\`^]\r?\n")


def joined(text: str) -> str | None:
    """`text` with each escaped line break taken out together with as much of the next line's
    indent as both lines have (None when it has none): the words a script spells across its
    lines when it was written with an indent that its reader cuts (a YAML block scalar's, a
    make recipe's tab). `words(text)` keeps that indent: a word split at the indent
    (`ec\\` then `ho` under it) is whole here, and a break after a word that goes on further in
    (`echo\\` then `  $X`) keeps a blank in one of the two; one of them reads each command as
    its shell does."""
    m = _LINE_JOIN.search(text)
    if m is None:
        return None
    out: list[str] = []
    at = 0
    n = len(text)
    while m is not None:
        j = m.start()
        k = line = text.rfind("\n", 0, j) + 1
        while k < j and text[k] in " \t":
            k += 1
        e, last = m.end(), min(n, m.end() + k - line)
        while e < last and text[e] in " \t":
            e += 1
        out.append(text[at:j])
        at = e
        m = _LINE_JOIN.search(text, e)
    out.append(text[at:])
    return "".join(out)
