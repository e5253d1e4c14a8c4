"""XML text as an XML parser hands it to Maven: character references (`&#108;`, `&#x6c;`) and
the predefined entities (`&amp;`, `&lt;` ...) decoded, CDATA sections taken as written, each
character mapped back to the file (`MappedText`), so that a finding on a decoded value points
at the text as written."""

from __future__ import annotations

import re

from ..lazyre import lazy_compile
from ..source import MappedText, MappedTextBuilder

_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
# A reference, or the opening of a stretch where none is read: a comment, a CDATA section (its
# text as it is), a processing instruction. Each stretch's end is found with str.find: a lazy
# `.*?` to its end would walk the rest of the text from every opening left unclosed (quadratic).
_MARKUP = lazy_compile(r"&(?:#([0-9]{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));|<!--|<!\[CDATA\[|<\?")
_CLOSERS = {"<!--": "-->", "<![CDATA[": "]]>", "<?": "?>"}


def _char(m: re.Match[str]) -> str | None:
    """The character a reference stands for; None for no character XML allows (`&#0;`)."""
    if m.group(3):
        return _ENTITIES[m.group(3)]
    code = int(m.group(1), 10) if m.group(1) else int(m.group(2), 16)
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF:
        return chr(code)
    return None


def decoded(text: str, start: int = 0, end: int | None = None) -> MappedText:
    """text[start:end] with its references decoded and its CDATA sections' text taken as it is
    (the markers dropped); a comment or processing instruction is kept as written."""
    end = len(text) if end is None else end
    b = MappedTextBuilder()
    at = start
    unclosed: set[str] = set()
    if "&" in text or "<![" in text:  # (a plain text: one run)
        while (m := _MARKUP.search(text, at, end)) is not None:
            b.add(text[at : m.start()], at)
            opener = m.group(0)
            if opener[0] == "&":
                ch = _char(m)
                if ch is None:
                    b.add(opener, m.start())  # not well-formed: left as written
                else:
                    b.add_decoded(ch, m.start(), m.end())
                at = m.end()
                continue
            closer = _CLOSERS[opener]
            # once a closer is absent after an opening it is absent after every later one: not
            # looked for again (each of N openings left unclosed walked the rest of the text)
            close = -1 if closer in unclosed else text.find(closer, m.end(), end)
            if close < 0:  # never closed: the opener as written, what follows read on
                unclosed.add(closer)
                b.add(opener, m.start())
                at = m.end()
                continue
            if opener == "<![CDATA[":
                b.add(text[m.end() : close], m.end())
            else:
                b.add(text[m.start() : close + len(closer)], m.start())
            at = close + len(closer)
    b.add(text[at:end], at)
    return b.build(end)


def element_text(text: str, start: int, end: int) -> MappedText:
    """The value of an element whose content is text[start:end], as Maven reads it: decoded,
    without the blanks around it."""
    value = decoded(text, start, end)
    s = value.text
    lead = len(s) - len(s.lstrip())
    trail = len(s.rstrip())
    if lead == 0 and trail == len(s):
        return value
    return value.slice(lead, max(lead, trail))


def may_read(text: str, word: str) -> bool:
    """Whether `word` may be in the text as decoded (written, or spelled with references)."""
    return word in text or ("&" in text and word in decoded(text).text)
