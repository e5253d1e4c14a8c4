"""The other spellings of a file's text, for whole-text tests with which a check returns early.

Checks read values decoded (a YAML double-quoted scalar's `\\x41`, a Groovy string's `\\u0041`,
an escaped line break), so a word a check looks for may be missing from the raw text and still
be in a value. `unescaped` gives the text with every escape its language may decode taken as
decoded: a test that looks at the raw text and at this one misses no value. Line folding (a
plain or quoted YAML scalar over several lines reads its line breaks as spaces) is the other
spelling; a pattern that can span a blank allows `FOLD` there."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..classify import FileKind
from ..lazyre import lazy_compile

if TYPE_CHECKING:
    from ..scanned import ScannedFile

# A line break of a folded scalar, with the blanks around it: read as one space.
FOLD = r"(?:[ \t]*\r?\n[ \t]*)"

# YAML double-quoted and JSON/HCL strings: \xHH, \uHHHH, \UHHHHHHHH, an escaped line break
# (it joins the lines, dropping the next line's indent), any other one character.
_ESCAPE = lazy_compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|\r?\n[ \t]*|(.))", re.S)
_YAML_CHARS = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
    "P": "\u2029",
}
# Groovy strings: \u (one or more u), octal, an escaped line break (kept indent), the simple
# escapes; in dollar-slashy strings `$$` and `$/`; `${'text'}` is the text itself.
_GROOVY_ESCAPE = lazy_compile(r"\\(?:u+([0-9a-fA-F]{4})|([0-3][0-7]{0,2}|[4-7][0-7]?)|\r?\n|(.))|\$([$/])", re.S)
_GROOVY_CHARS = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "s": " ", "t": "\t"}
_GROOVY_CONSTANT = lazy_compile(r"\$\{[ \t]*(?:'''|\"\"\"|'|\")|(?:'''|\"\"\"|'|\")[ \t]*\}")
_GROOVY_SPELLS = lazy_compile(r"\\|\$[$/]|\$\{[ \t]*['\"]")


def _char(code: str) -> str:
    n = int(code, 16)
    return chr(n) if n <= 0x10FFFF else ""


def _yaml(m: re.Match[str]) -> str:
    hexa = m.group(1) or m.group(2) or m.group(3)
    if hexa:
        return _char(hexa)
    one = m.group(4)
    return "" if one is None else _YAML_CHARS.get(one, one)


def _groovy(m: re.Match[str]) -> str:
    if m.group(1):
        return _char(m.group(1))
    if m.group(2):
        return chr(int(m.group(2), 8))
    if m.group(4):
        return m.group(4)
    one = m.group(3)
    return "" if one is None else _GROOVY_CHARS.get(one, one)


def unescaped(text: str, kind: FileKind) -> str | None:
    """The text with its escapes decoded as the file's language may decode them; None when it
    holds none (the raw text is every spelling there is)."""
    if kind is FileKind.JENKINSFILE:
        if not _GROOVY_SPELLS.search(text):
            return None
        return _GROOVY_ESCAPE.sub(_groovy, _GROOVY_CONSTANT.sub("", text))
    if "\\" not in text:
        return None
    return _ESCAPE.sub(_yaml, text)


def unescaped_text(file: ScannedFile) -> str | None:
    """`unescaped` of the file's text, worked out once per file for every check that asks."""
    try:
        found: str | None = file.memo["unescaped"]
    except KeyError:
        found = file.memo["unescaped"] = unescaped(file.source.text, file.kind)
    return found


# Where a line's text may read otherwise once decoded: an escape; in Groovy also `$$`, `$/`
# and either end of a `${'constant'}`.
_MARKS = lazy_compile(r"\\")
_GROOVY_MARKS = lazy_compile(r"\\|\$[$/]|\$\{[ \t]*['\"]|['\"][ \t]*\}")


def escape_lines(text: str, kind: FileKind) -> str:
    """The lines of text that `unescaped` may change, each with the line after it (an escaped
    line break joins them), in order; the others read the same decoded. A word that does not
    go over a line break and reads otherwise decoded is in `unescaped` of these lines."""
    marks = _GROOVY_MARKS if kind is FileKind.JENKINSFILE else _MARKS
    out: list[str] = []
    n = len(text)
    at = 0
    last = -1  # end of the last range taken
    while (m := marks.search(text, at)) is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = n if end < 0 else text.find("\n", end + 1)  # through the line after
        end = n if end < 0 else end + 1
        out.append(text[max(start, last):end])
        # on from the mark: the line after may hold an escape too (two escaped line breaks
        # in a row join three lines)
        last, at = max(last, end), m.end()
    return "".join(out)


def unescaped_lines(file: ScannedFile) -> str | None:
    """`unescaped` of the file's `escape_lines`, once per file: enough to find a word that does
    not go over a line break."""
    try:
        found: str | None = file.memo["unescaped_lines"]
    except KeyError:
        changed = escape_lines(file.source.text, file.kind)
        found = file.memo["unescaped_lines"] = unescaped(changed, file.kind) if changed else None
    return found


def lower_spellings(file: ScannedFile) -> tuple[str, ...]:
    """The file's text in lower case, as written and (the lines escapes are on) decoded, once
    per file: a value of the file can read a word (in any case, not over a line break) only if
    one of them holds it. Folding only ever puts a blank between two words, never joins them."""
    try:
        found: tuple[str, ...] = file.memo["lower_spellings"]
    except KeyError:
        decoded = unescaped_lines(file)
        text = file.source.text.lower()
        found = file.memo["lower_spellings"] = (text,) if decoded is None else (text, decoded.lower())
    return found


def may_read(file: ScannedFile, *words: str) -> bool:
    """Whether a value of the file may read one of `words` (lower case), in any case."""
    return any(w in t for t in lower_spellings(file) for w in words)
