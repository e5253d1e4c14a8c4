"""A pom's elements found in linear time: the spans the regular expressions `jib` read a pom
with found (`<(to|from)>(.*?)</\\1>`, `<name>((?:[^<]|<!\\[CDATA\\[.*?\\]\\]>)*?)</name>`,
`<!--.*?-->`), found the same way without walking the rest of the text from each opening left
unclosed (a lazy `.*?` to a closing tag that never comes is quadratic: a 700 kB pom of unclosed
CDATA sections in jib's elements took 53 s). Each closing tag is looked for with str.find, once
it is known to be absent it is not looked for again; an element's text is read once, backwards
(`_TextEnds`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

_CDATA = "<![CDATA["
_CDATA_END = "]]>"
_FAIL = -1


def blank_comments(text: str) -> str:
    """`<!-- ... -->` replaced by spaces (line breaks kept), the offsets the file's: as
    `re.sub(r"<!--.*?-->", ..., re.S)`; an unclosed comment is left as written (and so is
    every comment after it, as none of them is closed either)."""
    parts: list[str] = []
    at = 0
    while (i := text.find("<!--", at)) >= 0:
        j = text.find("-->", i + 4)
        if j < 0:
            break
        parts.append(text[at:i])
        parts.append(re.sub(r"[^\n]", " ", text[i : j + 3]))
        at = j + 3
    if not parts:
        return text
    parts.append(text[at:])
    return "".join(parts)


class _Openings:
    """The openings `<name>` of several names in [start, end), the earliest first from a
    position: each name's next opening is kept until passed (no text looked at twice)."""

    def __init__(self, text: str, names: tuple[str, ...], end: int) -> None:
        self.text = text
        self.tags = [f"<{name}>" for name in names]
        self.end = end
        self.next = [-2] * len(names)  # -2: not looked for yet; -1: none

    def first(self, p: int) -> tuple[int, int]:
        """(index of the name, offset) of the first opening at or after p; (-1, -1) for none."""
        best, at = -1, -1
        for k, tag in enumerate(self.tags):
            i = self.next[k]
            if i == -2 or 0 <= i < p:
                i = self.next[k] = self.text.find(tag, p, self.end)
            if i >= 0 and (at < 0 or i < at):
                best, at = k, i
        return best, at


def enclosed(text: str, names: tuple[str, ...], start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(index of the name, content start, content end) of each `<name>...</name>`, the content
    reaching the first closing tag after the opening, as `re.finditer(r"<(a|b)>(.*?)</\\1>",
    text, start, end)` (re.S) finds them."""
    openings = _Openings(text, names, end)
    closed = [True] * len(names)  # False once a name's closing tag is absent after some opening
    p = start
    while True:
        k, i = openings.first(p)
        if k < 0:
            return
        content = i + len(names[k]) + 2
        close = text.find(f"</{names[k]}>", content, end) if closed[k] else -1
        if close < 0:  # nor after any later opening of the name
            closed[k] = False
            p = i + 1
            continue
        yield k, content, close
        p = close + len(names[k]) + 3


class _TextEnds:
    """Where an element's text that starts at a given offset ends, as the lazy
    `((?:[^<]|<!\\[CDATA\\[.*?\\]\\]>)*?)</name>` of a regular expression reads it, backtracking
    included: characters but `<`, and CDATA sections, up to `</name>`; a section's end is its
    first `]]>` from which the rest reads to `</name>`, else the next such `]]>` (a regex
    backtracks into `.*?`). Each `<` and each `]]>` of [lo, end) is read once, from the last:
    what follows a `<` or a `]]>` decides what it reads to."""

    def __init__(self, text: str, name: str, lo: int, end: int) -> None:
        close = f"</{name}>"
        marks: list[int] = []  # `<` and `]]>` offsets, in order
        i = text.find("<", lo, end)
        j = text.find(_CDATA_END, lo, end)
        while i >= 0 or j >= 0:
            if j < 0 or 0 <= i < j:
                marks.append(i)
                i = text.find("<", i + 1, end)
            else:
                marks.append(j)
                j = text.find(_CDATA_END, j + 3, end)
        self.text = text
        self.end = end
        # A `<`: where the text read from it ends (its own offset for `</name>`, _FAIL for
        # markup that is neither the closing tag nor a CDATA section that reads on to it).
        self.at_tag: dict[int, int] = {}
        after_tag = _FAIL  # what the next `<` reads to (none: the text ends unclosed)
        after_cdata_end = _FAIL  # what the first workable `]]>` from here reads to
        for m in reversed(marks):
            if text[m] == "<":
                if text.startswith(close, m, end):
                    after_tag = m
                elif text.startswith(_CDATA, m, end):
                    # no `]]>` starts inside the opener: the next one is the next mark's
                    after_tag = after_cdata_end
                else:
                    after_tag = _FAIL
                self.at_tag[m] = after_tag
            else:
                # no `<` inside `]]>`: what follows it reads as the next `<` does
                if after_tag != _FAIL:
                    after_cdata_end = after_tag

    def end_from(self, start: int) -> int:
        """The text's end (the offset of `</name>`) when it starts at start, else _FAIL."""
        t = self.text.find("<", start, self.end)
        return _FAIL if t < 0 else self.at_tag[t]


def elements(text: str, names: tuple[str, ...], start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(index of the name, text start, text end) of each `<name>text</name>` of [start, end),
    the text characters and CDATA sections, as `re.finditer(r"<(a|b)>((?:[^<]|<!\\[CDATA\\[.*?\\]\\]>)*?)</\\1>",
    text, start, end)` (re.S) finds them."""
    openings = _Openings(text, names, end)
    ends: list[_TextEnds | None] = [None] * len(names)
    p = start
    while True:
        k, i = openings.first(p)
        if k < 0:
            return
        content = i + len(names[k]) + 2
        reader = ends[k]
        if reader is None:  # (built from the name's first opening: nothing before it is read)
            reader = ends[k] = _TextEnds(text, names[k], content, end)
        close = reader.end_from(content)
        if close == _FAIL:
            p = i + 1
            continue
        yield k, content, close
        p = close + len(names[k]) + 3


def element(text: str, name: str, start: int, end: int) -> tuple[int, int] | None:
    """The text span of the first `<name>text</name>` of [start, end) (as `elements`)."""
    for _, s, e in elements(text, (name,), start, end):
        return s, e
    return None
