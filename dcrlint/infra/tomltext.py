"""TOML strings with their places in the text, each character mapped to the file.

`tomllib` (the standard library's TOML 1.0 parser; `tomli`, the same, before Python 3.11)
says what a document holds, or why it is not TOML; it gives no positions. A scan of the same
text by TOML's grammar (tables, arrays of tables, dotted and quoted keys, arrays over lines,
inline tables, the four kinds of string and their escapes) finds where each string is written
and decodes it as TOML does, mapped to the file. A string is kept only where the parser holds
the same text at the same key path: the scan never points at a place the document does not
hold (a scan that loses its way keeps what it read before).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from ..lazyre import lazy_compile
from ..source import MappedText, MappedTextBuilder

if TYPE_CHECKING:
    from ..scanned import ScannedFile

# One key: bare, or quoted (`"..."` with escapes, `'...'` as written).
_BARE_KEY = lazy_compile(r"[A-Za-z0-9_-]+")
# Not a string, array nor inline table: a number, a boolean, a date and time (whose `T` may be a
# blank), read to where the value ends.
_OTHER_VALUE = lazy_compile(r"\d{4}-\d{2}-\d{2}[ Tt]\d{2}:\d{2}[^\s,\]}#]*|[^\s,\]}#]+")
_BLANKS = " \t"
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
# In a basic string: its end, or an escape (a run of anything else is copied whole).
_BASIC_STOP = lazy_compile(r'["\\\r]')
_MULTI_BASIC_STOP = lazy_compile(r'"""|\\|\r\n')
_MULTI_LITERAL_STOP = lazy_compile(r"'''|\r\n")

Path = tuple[str, ...]


# The place tomllib gives in its message: `... (at line 3, column 9)`.
_LINE = lazy_compile(r"at line (\d+)")


class TomlError(Exception):
    """Not TOML: tomllib's message (fixed words and a place, never the document's text)."""


class _Lost(Exception):
    """The scan met what it does not read as the parser did (the parser is the reference)."""


def toml_strings(source: str | MappedText, origin: int = 0) -> list[tuple[Path, MappedText]]:
    """Every string of the TOML document `source` (the file's text from offset `origin`, or a
    value of the file mapped to it: a YAML block scalar) with its key path (an array's items
    and the tables of an array of tables by their index), in text order, as tomllib reads it,
    mapped to the file; TomlError when it is not TOML."""
    import tomllib

    text = source if isinstance(source, str) else source.text

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise TomlError(str(e)) from None
    except RecursionError:
        raise TomlError("nested too deeply") from None
    found: list[tuple[Path, MappedText]] = []
    scan = _Scan(text, origin if isinstance(source, str) else source)
    try:
        for path, value in scan.document():
            if _holds(doc, path, value.text):
                found.append((path, value))
    except (_Lost, IndexError, RecursionError):
        pass  # (what was read before stays: each string is checked against the parse)
    return found


def file_strings(file: ScannedFile, what: str) -> list[tuple[Path, MappedText]]:
    """The strings of a TOML file (`toml_strings`), read once for every fact asking; none and a
    notification when it is not TOML (`what` names the file's kind)."""
    return file.once("toml-strings", partial(_file_strings, what=what))


def _file_strings(file: ScannedFile, what: str) -> list[tuple[Path, MappedText]]:
    try:
        return toml_strings(file.source.text)
    except TomlError as e:
        m = _LINE.search(str(e))
        file.notify(f"{what}: not TOML ({e}); not read", int(m.group(1)) if m else None)
        return []


def _holds(doc: Any, path: Path, text: str) -> bool:
    node = doc
    for key in path:
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return False
    return isinstance(node, str) and node == text


class _Scan:
    def __init__(self, text: str, origin: int | MappedText) -> None:
        self.text = text
        self.origin = origin if isinstance(origin, int) else 0
        self.mapped = None if isinstance(origin, int) else origin  # the text's own map, if not the file's
        self.at = 0
        self.arrays: dict[Path, int] = {}  # an array of tables (path with indices): its last index

    # ---------------------------------------------------------------- structure

    def document(self) -> Iterator[tuple[Path, MappedText]]:
        text = self.text
        table: Path = ()
        while True:
            self._skip_blank_lines()
            if self.at >= len(text):
                return
            if text.startswith("[[", self.at):
                self.at += 2
                keys = self._keys("]]")
                base = self._resolve(keys[:-1])
                whole = (*base, keys[-1])
                index = self.arrays[whole] = self.arrays.get(whole, -1) + 1
                table = (*whole, str(index))
            elif text[self.at] == "[":
                self.at += 1
                table = self._resolve(self._keys("]"))
            else:
                keys = self._keys("=")
                yield from self._value((*table, *keys))
            self._end_of_line()

    def _resolve(self, keys: Path) -> Path:
        """A header's keys as a path: each array of tables it goes through at its last table."""
        out: Path = ()
        for key in keys:
            out = (*out, key)
            if out in self.arrays:
                out = (*out, str(self.arrays[out]))
        return out

    def _keys(self, end: str) -> Path:
        """A dotted key, up to and past `end` (`=`, `]`, `]]`)."""
        keys: list[str] = []
        while True:
            self._skip(_BLANKS)
            keys.append(self._key())
            self._skip(_BLANKS)
            if self.text.startswith(end, self.at):
                self.at += len(end)
                return tuple(keys)
            if not self.text.startswith(".", self.at):
                raise _Lost
            self.at += 1

    def _key(self) -> str:
        ch = self.text[self.at]
        if ch == '"':
            return self._basic().text
        if ch == "'":
            return self._literal().text
        m = _BARE_KEY.match(self.text, self.at)
        if m is None:
            raise _Lost
        self.at = m.end()
        return m.group()

    def _value(self, path: Path) -> Iterator[tuple[Path, MappedText]]:
        self._skip(_BLANKS)
        text = self.text
        ch = text[self.at]
        if ch == '"':
            yield path, self._multi('"') if text.startswith('"""', self.at) else self._basic()
        elif ch == "'":
            yield path, self._multi("'") if text.startswith("'''", self.at) else self._literal()
        elif ch == "[":
            self.at += 1
            yield from self._items(path, "]", lambda i: (*path, str(i)), self._skip_blank_lines)
        elif ch == "{":
            self.at += 1
            yield from self._items(path, "}", None, lambda: self._skip(_BLANKS))
        else:
            m = _OTHER_VALUE.match(text, self.at)
            if m is None:
                raise _Lost
            self.at = m.end()

    def _items(self, path: Path, close: str, item: Callable[[int], Path] | None,
               skip: Callable[[], None]) -> Iterator[tuple[Path, MappedText]]:
        """An array's values (`item`: each one's path) or an inline table's `key = value`s,
        separated by commas (a trailing one in an array), to `close`."""
        index = 0
        while True:
            skip()
            if self.text.startswith(close, self.at):
                self.at += 1
                return
            if item is not None:
                yield from self._value(item(index))
            else:
                yield from self._value((*path, *self._keys("=")))
            index += 1
            skip()
            if self.text.startswith(",", self.at):
                self.at += 1
            elif not self.text.startswith(close, self.at):
                raise _Lost

    # ---------------------------------------------------------------- blanks and comments

    def _skip(self, chars: str) -> None:
        text, at = self.text, self.at
        while at < len(text) and text[at] in chars:
            at += 1
        self.at = at

    def _skip_comment(self) -> None:
        if self.text.startswith("#", self.at):
            eol = self.text.find("\n", self.at)
            self.at = len(self.text) if eol < 0 else eol

    def _skip_blank_lines(self) -> None:
        """Blanks, comments and line breaks (between statements, in an array)."""
        while True:
            self._skip(" \t\r\n")
            if not self.text.startswith("#", self.at):
                return
            self._skip_comment()

    def _end_of_line(self) -> None:
        self._skip(_BLANKS)
        self._skip_comment()
        if self.at < len(self.text) and self.text[self.at] not in "\r\n":
            raise _Lost

    # ---------------------------------------------------------------- strings

    def _copy(self, b: MappedTextBuilder, start: int, end: int) -> None:
        """text[start:end] as written."""
        if self.mapped is None:
            b.add(self.text[start:end], self.origin + start)
        else:
            b.copy(self.mapped, start, end)

    def _decoded(self, b: MappedTextBuilder, s: str, start: int, end: int) -> None:
        """s, standing for text[start:end] (an escape, a CRLF)."""
        if self.mapped is None:
            b.add_decoded(s, self.origin + start, self.origin + end)
        else:
            b.add_decoded(s, self.mapped.offset(start), self.mapped.stop(end - 1))

    def _file_offset(self, i: int) -> int:
        return self.origin + i if self.mapped is None else self.mapped.offset(i)

    def _escape(self, b: MappedTextBuilder, at: int) -> int:
        """The escape at `at` (a backslash) decoded into b; where it ends."""
        text = self.text
        code = text[at + 1]
        if code in _ESCAPES:
            self._decoded(b, _ESCAPES[code], at, at + 2)
            return at + 2
        width = 4 if code == "u" else 8 if code == "U" else 0
        digits = text[at + 2 : at + 2 + width]
        if not width or len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
            raise _Lost
        self._decoded(b, chr(int(digits, 16)), at, at + 2 + width)
        return at + 2 + width

    def _basic(self) -> MappedText:
        """`"..."` from its opening quote: escapes decoded."""
        text = self.text
        b = MappedTextBuilder()
        at = self.at + 1
        while True:
            m = _BASIC_STOP.search(text, at)
            if m is None or m.group() == "\r":
                raise _Lost
            self._copy(b, at, m.start())
            if m.group() == '"':
                self.at = m.end()
                return b.build(self._file_offset(m.start()))
            at = self._escape(b, m.start())

    def _literal(self) -> MappedText:
        """`'...'` from its opening quote: as written."""
        end = self.text.find("'", self.at + 1)
        if end < 0:
            raise _Lost
        start, self.at = self.at + 1, end + 1
        b = MappedTextBuilder()
        self._copy(b, start, end)
        return b.build(self._file_offset(end))

    def _first_line_break(self, at: int) -> int:
        """A line break right after the opening delimiter is not part of the string."""
        if self.text.startswith("\n", at):
            return at + 1
        return at + 2 if self.text.startswith("\r\n", at) else at

    def _closing(self, at: int, quote: str) -> int:
        """How many of the quotes at `at` (three or more) are the string's: up to two before
        the closing three."""
        n = 3
        while n < 5 and self.text.startswith(quote, at + n):
            n += 1
        return n - 3

    def _multi(self, quote: str) -> MappedText:
        """`\"\"\"...\"\"\"` (escapes decoded, a line-ending backslash takes the blanks and line
        breaks after it out) or `'''...'''` (as written); CRLF read as LF, as tomllib reads them."""
        text = self.text
        stops = _MULTI_BASIC_STOP if quote == '"' else _MULTI_LITERAL_STOP
        b = MappedTextBuilder()
        at = self._first_line_break(self.at + 3)
        while True:
            m = stops.search(text, at)
            if m is None:
                raise _Lost
            self._copy(b, at, m.start())
            stop = m.group()
            if stop == "\r\n":
                self._decoded(b, "\n", m.start(), m.end())
                at = m.end()
                continue
            if stop != "\\":  # the closing quotes
                kept = self._closing(m.start(), quote)
                self._copy(b, m.start(), m.start() + kept)
                self.at = m.start() + kept + 3
                return b.build(self._file_offset(m.start() + kept))
            after = m.start() + 1  # a backslash: only a basic string stops at one
            while after < len(text) and text[after] in _BLANKS:
                after += 1
            if text.startswith(("\n", "\r\n"), after):  # a line-ending backslash
                while after < len(text) and text[after] in " \t\r\n":
                    after += 1
                at = after
                continue
            at = self._escape(b, m.start())

