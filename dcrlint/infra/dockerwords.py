"""A Dockerfile's `ENV` and `ARG` read as Docker reads them, each character mapped to the file.

BuildKit's parser splits the instruction into words (`parseWords`: blanks outside quotes end a
word; quotes and the escape character stay in it), takes `name=value` apart at the first `=`
(`ENV name value`, the legacy form, when the first word has none: the value is the rest of the
line), then reads each value with its shell lexer (`ProcessWord`): quotes are taken out, `'...'`
is as written, in `"..."` the escape character takes itself, `"` and `$` literally (any other
escape stays), outside quotes it takes any character literally; `$X` and `${X}` are expanded
(kept here as written: a variable to the value's readers).
"""

from __future__ import annotations

from ..source import MappedText, MappedTextBuilder


def _words(text: str, escape: str) -> list[tuple[int, int]]:
    """The words of `text` (as `parseWords` splits them), as [start, end) ranges."""
    words: list[tuple[int, int]] = []
    start = -1
    quote = ""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == escape and quote != "'":
                i += 1  # the escaped character is the word's, even a quote
        elif ch.isspace():
            if start >= 0:
                words.append((start, i))
                start = -1
        else:
            if start < 0:
                start = i
            if ch in "'\"":
                quote = ch
            elif ch == escape:
                i += 1
        i += 1
    if start >= 0:
        words.append((start, min(i, n)))
    return words


def _value(line: MappedText, start: int, end: int, escape: str) -> MappedText:
    """line.text[start:end] as ProcessWord reads it: quotes out, escapes taken."""
    text = line.text
    b = MappedTextBuilder()
    quote = ""
    i = start
    while i < end:
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == escape and quote == '"' and i + 1 < end and text[i + 1] in ('"', "$", escape):
                b.copy(line, i + 1, i + 2)  # the character, at its place after the escape
                i += 1
            else:
                b.copy(line, i, i + 1)
        elif ch in "'\"":
            quote = ch
        elif ch == escape:
            if i + 1 < end:
                b.copy(line, i + 1, i + 2)
            i += 1
        else:
            b.copy(line, i, i + 1)
        i += 1
    return b.build(line.span(start, end).end if end > start else line.offset(start))


def assignments(instruction: str, line: MappedText, escape: str) -> list[tuple[str, MappedText]]:
    """(name, value read as Docker reads it) of an `ENV` or `ARG` instruction's arguments
    (`line`: the instruction after its keyword, continuation lines joined)."""
    text = line.text
    words = _words(text, escape)
    if not words:
        return []
    first = text[words[0][0] : words[0][1]]
    out = []
    if instruction == "ENV" and "=" not in first:
        # `ENV name value`: the value is the rest of the line, after the blanks following the name
        name_end = words[0][0]
        while name_end < len(text) and not text[name_end].isspace():
            name_end += 1
        at = name_end
        while at < len(text) and text[at].isspace():
            at += 1
        end = len(text.rstrip())
        if at < end:
            out.append((text[words[0][0] : name_end], _value(line, at, end, escape)))
        return out
    for start, end in words:
        eq = text.find("=", start, end)
        if eq > start:
            out.append((text[start:eq], _value(line, eq + 1, end, escape)))
    return out
