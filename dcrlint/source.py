"""Scanned files, spans, and text that remembers where each character came from."""

from __future__ import annotations

import bisect
from functools import cached_property

from .lazyre import lazy_compile
from .records import field, lazy_dataclass

_BREAK = lazy_compile("\r\n?|\n")


@lazy_dataclass(frozen=True, order=True, init=False)
class Span:
    """Half-open range of character (code point) offsets into a file's text."""

    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        # Frozen, made through the instance dict: the made-up __init__ of a frozen dataclass
        # sets each field with object.__setattr__, which is slow for the most made object.
        d = self.__dict__
        d["start"] = start
        d["end"] = end


@lazy_dataclass(frozen=True)
class SourceFile:
    """One scanned file, decoded once. Offsets everywhere are indexes into `text`."""

    path: str  # relative, POSIX separators: what reports show
    text: str
    abspath: str = ""
    # Why the text is not the file's UTF-8 (a file in another 8-bit encoding, read as Latin-1):
    # the notification its scan gives. "" for nearly every file.
    read_as: str = ""

    def __init__(self, path: str, text: str, abspath: str = "", read_as: str = "") -> None:
        d = self.__dict__  # one per file and per text read beside it: through the instance dict (see Span)
        d["path"] = path
        d["text"] = text
        d["abspath"] = abspath
        if read_as:  # (else the class's "")
            d["read_as"] = read_as

    @cached_property
    def line_starts(self) -> list[int]:
        """Where each line starts. Lines end at LF, CRLF or a lone CR, as editors and
        GitHub count them; NEL, LS and PS are characters within a line."""
        text = self.text
        if "\r" not in text:
            starts = [0]
            find = text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            return starts
        return [0, *(m.end() for m in _BREAK.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset; columns count code points."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """Offset of a 0-based line and column (as PyYAML marks give them)."""
        return self.line_starts[line] + column

    def line_text(self, line: int) -> str:
        """Text of a 1-based line, without its line break."""
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


@lazy_dataclass(frozen=True, init=False)
class MappedText:
    """Text derived from a file (a decoded YAML scalar, a Groovy string, a joined
    Dockerfile line, the script inside `bash -c '...'`) that maps each of its
    characters back to a file offset.

    The map is a list of runs: run k starts at text offset `starts[k]` and its
    characters come from consecutive file offsets beginning at `origins[k]`.
    An escape such as `\\n` becomes a one-character run pointing at the backslash; `stops[k]`
    is the file offset just past the source of run k's last character (past the whole escape),
    so that a span ending with a decoded character covers all of it. No `stops`: each run's
    source is as long as the run.
    """

    text: str
    starts: tuple[int, ...] = field(repr=False)
    origins: tuple[int, ...] = field(repr=False)
    end: int = field(repr=False)  # file offset just past the last character
    stops: tuple[int, ...] = field(default=(), repr=False)

    def __init__(self, text: str, starts: tuple[int, ...], origins: tuple[int, ...], end: int,
                 stops: tuple[int, ...] = ()) -> None:
        d = self.__dict__  # frozen, made through the instance dict (see Span)
        d["text"] = text
        d["starts"] = starts
        d["origins"] = origins
        d["end"] = end
        d["stops"] = stops

    @classmethod
    def verbatim(cls, text: str, origin: int) -> MappedText:
        """Text copied unchanged from the file at `origin`."""
        return cls(text, (0,), (origin,), origin + len(text))

    def offset(self, i: int) -> int:
        """File offset of text[i]; len(text) maps to `end`."""
        if i >= len(self.text):
            return self.end
        k = bisect.bisect_right(self.starts, i) - 1
        return self.origins[k] + (i - self.starts[k])

    def span(self, start: int, end: int) -> Span:
        """File span covering text[start:end] (and the whole escape its last character is)."""
        if end <= start:
            at = self.offset(start)
            return Span(at, at)
        return Span(self.offset(start), self.stop(end - 1))

    def stop(self, i: int) -> int:
        """File offset just past the source of text[i]."""
        if self.stops:
            k = bisect.bisect_right(self.starts, i) - 1
            run_end = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.text)
            if i == run_end - 1:
                return self.stops[k]
        return self.offset(i) + 1

    def slice(self, start: int, end: int) -> MappedText:
        """The mapped text of text[start:end]."""
        b = MappedTextBuilder()
        b.copy(self, start, end)  # a run at a time: what copying each character makes
        return b.build(self.span(start, end).end)


class MappedTextBuilder:
    """Accumulates characters with their file offsets, merging contiguous runs."""

    def __init__(self) -> None:
        self._chars: list[str] = []
        self._starts: list[int] = []
        self._origins: list[int] = []
        self._stops: list[int] = []
        self._next: int = -1  # file offset that would continue the current run
        self._len = 0
        self._decoded = False  # some source is longer than what it stands for

    def add(self, s: str, origin: int) -> None:
        """Append s, whose characters come from consecutive offsets at origin."""
        if not s:
            return
        if origin != self._next:
            self._starts.append(self._len)
            self._origins.append(origin)
            self._stops.append(origin)
        self._chars.append(s)
        self._len += len(s)
        self._next = origin + len(s)
        self._stops[-1] = self._next

    def add_decoded(self, s: str, origin: int, stop: int | None = None) -> None:
        """Append s, all of whose characters stand for the source text at origin (up to
        `stop`, e.g. the whole escape `\\u0041`; default: one character)."""
        stop = origin + 1 if stop is None else max(stop, origin + 1)
        self._decoded = self._decoded or stop > origin + 1
        for ch in s:
            self._starts.append(self._len)
            self._origins.append(origin)
            self._stops.append(stop)
            self._chars.append(ch)
            self._len += 1
        self._next = -1

    def copy(self, mt: MappedText, start: int, end: int) -> None:
        """Append mt.text[start:end] with its map, one run at a time (escapes stay whole)."""
        starts = mt.starts
        if len(starts) == 1 and not mt.stops:  # one run, each character one source character
            if end > start:
                self.add(mt.text[start:end], mt.origins[0] + (start - starts[0]))
            return
        i = start
        while i < end:
            k = bisect.bisect_right(starts, i) - 1
            run_end = starts[k + 1] if k + 1 < len(starts) else len(mt.text)
            j = end if end < run_end else run_end
            origin = mt.origins[k] + (i - starts[k])
            if mt.stops and j == run_end and mt.stops[k] != origin + (j - i):
                self.add(mt.text[i : j - 1], origin)
                self.add_decoded(mt.text[j - 1], origin + (j - 1 - i), mt.stops[k])
            else:
                self.add(mt.text[i:j], origin)
            i = j

    def build(self, end: int) -> MappedText:
        if not self._starts:
            return MappedText("", (0,), (end,), end)
        return MappedText("".join(self._chars), tuple(self._starts), tuple(self._origins), end,
                          tuple(self._stops) if self._decoded else ())


def mapped_through(inner: MappedText, outer: MappedText) -> MappedText:
    """`inner`, whose offsets are into outer's text, mapped on to outer's (the file's)."""
    b = MappedTextBuilder()
    starts = inner.starts
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(inner.text)
        if end <= start:
            continue
        origin = inner.origins[k]
        if inner.stops and inner.stops[k] != origin + (end - start):  # one decoded character
            b.add_decoded(inner.text[start:end], outer.offset(origin), outer.stop(inner.stops[k] - 1))
        elif outer.text.startswith(inner.text[start:end], origin):
            b.copy(outer, origin, origin + (end - start))
        else:  # a character the inner text made of its source's (a folded line break read as a space)
            for j in range(start, end):
                at = origin + (j - start)
                if outer.text[at : at + 1] == inner.text[j]:
                    b.copy(outer, at, at + 1)
                else:
                    b.add_decoded(inner.text[j], outer.offset(at), outer.stop(at))
    return b.build(outer.offset(inner.end))


def char_offsets(text: str) -> list[int] | None:
    """Character offset of every UTF-8 byte offset of text (tree-sitter counts bytes), or None
    when they are equal (ASCII)."""
    if text.isascii():
        return None
    table: list[int] = []
    extend = table.extend
    done = 0
    for m in _NON_ASCII.finditer(text):  # ASCII stretches are one byte a character: copied whole
        start, end = m.span()
        extend(range(done, start))
        for i in range(start, end):
            o = ord(text[i])
            extend([i] * (2 if o < 0x800 else 3 if o < 0x10000 else 4))
        done = end
    extend(range(done, len(text)))
    table.append(len(text))
    return table


_NON_ASCII = lazy_compile("[^\x00-\x7f]+")
