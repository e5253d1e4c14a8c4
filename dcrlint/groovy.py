"""A Groovy lexer for Jenkinsfiles: tokens with spans, decoded strings and their interpolations."""

from __future__ import annotations

import enum
import re

from .records import lazy_dataclass
from .source import MappedText, MappedTextBuilder, Span


class TokenKind(enum.Enum):
    __hash__ = object.__hash__  # identity, as FileKind's (classify.py)

    IDENT = "ident"
    NUMBER = "number"
    STRING = "string"
    PUNCT = "punct"
    COMMENT = "comment"


class StringStyle(enum.Enum):
    __hash__ = object.__hash__  # identity, as FileKind's (classify.py)

    SINGLE = "'"
    DOUBLE = '"'
    TRIPLE_SINGLE = "'''"
    TRIPLE_DOUBLE = '"""'
    SLASHY = "/"
    DOLLAR_SLASHY = "$/"

    @property
    def interpolates(self) -> bool:
        """Groovy expands `$x` and `${x}` in strings of this style."""
        return self not in (StringStyle.SINGLE, StringStyle.TRIPLE_SINGLE)

    @property
    def closer(self) -> str:
        return "/$" if self is StringStyle.DOLLAR_SLASHY else self.value

    @property
    def single_line(self) -> bool:
        return self in (StringStyle.SINGLE, StringStyle.DOUBLE)


@lazy_dataclass(frozen=True)
class Interpolation:
    """`${expr}` or `$name.prop` inside a GString."""

    span: Span  # the whole interpolation, `$` to the closing brace or last name char
    expression: str  # `expr` (stripped) or `name.prop`
    braced: bool

    @property
    def root(self) -> str:
        """The first name of the expression: `env` for `${env.X}`, '' when none."""
        m = _ROOT.match(self.expression)
        return m.group(1) if m else ""

    @property
    def path(self) -> str:
        """The dotted name the expression is, or '' when it is more than a name."""
        m = _DOTTED_FULL.fullmatch(self.expression)
        return m.group(0) if m else ""


@lazy_dataclass(frozen=True, init=False)
class GroovyString:
    style: StringStyle
    value: MappedText  # decoded; interpolations stay verbatim in the text
    interpolations: tuple[Interpolation, ...]

    def __init__(self, style: StringStyle, value: MappedText, interpolations: tuple[Interpolation, ...]) -> None:
        d = self.__dict__  # frozen, made through the instance dict (see source.Span): one a string
        d["style"] = style
        d["value"] = value
        d["interpolations"] = interpolations

    @property
    def interpolates(self) -> bool:
        return self.style.interpolates

    @property
    def is_gstring(self) -> bool:
        """A string Groovy builds from values at run time."""
        return self.style.interpolates and bool(self.interpolations)


@lazy_dataclass(frozen=True, init=False)
class Token:
    kind: TokenKind
    text: str  # raw source text
    span: Span
    newline_before: bool  # a line break separates it from the previous token
    string: GroovyString | None = None
    error: str | None = None  # unterminated string or comment

    def __init__(self, kind: TokenKind, text: str, span: Span, newline_before: bool,
                 string: GroovyString | None = None, error: str | None = None) -> None:
        d = self.__dict__  # frozen, made through the instance dict (see source.Span)
        d["kind"] = kind
        d["text"] = text
        d["span"] = span
        d["newline_before"] = newline_before
        d["string"] = string
        d["error"] = error


_SPACE = re.compile(r"(?:[ \t\f\v\r\n\ufeff\u00a0]+|\\\r?\n)+")  # runs of blanks: not a char at a time
_IDENT = re.compile(r"(?:[^\W\d]|\$)[\w$]*")
_NUMBER = re.compile(
    r"0[xX][0-9a-fA-F_]+[lLgGiI]?|0[bB][01_]+[lLgGiI]?"
    r"|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?[lLgGiIdDfF]?"
)
_PUNCT = re.compile(
    r">>>=|>>>|<=>|\.\.<|==~|\?\.|\*\.|\.@|\.&|::|\.\.|=~|==|!=|<=|>=|&&|\|\||\+\+|--"
    r"|\+=|-=|\*=|/=|%=|\*\*|->|\?:|<<|>>|&=|\|=|\^=|."
)
# The first characters _SPACE can match at: elsewhere it is not tried.
_SPACE_FIRST = frozenset(" \t\f\v\r\n\ufeff\u00a0\\")
# _IDENT, else _NUMBER, else _PUNCT, in one match (alternatives are tried in that order).
_WORD = re.compile(f"(?P<ident>{_IDENT.pattern})|(?P<number>{_NUMBER.pattern})|(?P<punct>{_PUNCT.pattern})")
_WORD_KINDS = {"ident": TokenKind.IDENT, "number": TokenKind.NUMBER, "punct": TokenKind.PUNCT}
_DIGIT = re.compile(r"\d")
_UNSEEN = (TokenKind.PUNCT, _PUNCT)  # a marker: not looked at yet
# By first character, the kind and pattern of a token starting with it (what _WORD would
# match there), None where something else may start (blanks, comments, strings, `$/`).
_PLAIN_START: dict[str, tuple[TokenKind, re.Pattern[str]] | None] = {}


def _plain_start(c: str) -> tuple[TokenKind, re.Pattern[str]] | None:
    if c in _SPACE_FIRST or c in "/'\"$":
        return None
    if _IDENT.match(c):
        return TokenKind.IDENT, _IDENT
    if _DIGIT.match(c):
        return TokenKind.NUMBER, _NUMBER
    return TokenKind.PUNCT, _PUNCT
_GSTRING_NAME = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")
_ROOT = re.compile(r"\s*((?:[^\W\d]|\$)[\w$]*)")
_DOTTED_FULL = re.compile(r"[^\W\d]\w*(?:\s*\??\.\s*[^\W\d]\w*)*")
_UNICODE = re.compile(r"u+([0-9a-fA-F]{4})")
_OCTAL = re.compile(r"[0-3][0-7]{0,2}|[4-7][0-7]?")
_SIMPLE_ESCAPES = {
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "s": " ",
    "t": "\t",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "$": "$",
}
# Per style: (closer, opener length, single_line, interpolates), looked up once per string
# (an enum member's value is a Python-level property in this Python: slow by the thousand).
_STYLE_FACTS = {st: (st.closer, len(st.value), st.single_line, st.interpolates) for st in StringStyle}
_PLAIN_RUN = {
    StringStyle.SINGLE: re.compile(r"[^'\\\n]+"),
    StringStyle.DOUBLE: re.compile(r'[^"\\$\n]+'),
    StringStyle.TRIPLE_SINGLE: re.compile(r"[^'\\]+"),
    StringStyle.TRIPLE_DOUBLE: re.compile(r'[^"\\$]+'),
    StringStyle.SLASHY: re.compile(r"[^/\\$]+"),
    StringStyle.DOLLAR_SLASHY: re.compile(r"[^/$]+"),
}
# After these a `/` starts a slashy string rather than dividing.
_REGEX_AFTER_WORDS = frozenset(
    {"return", "case", "in", "assert", "else", "and", "or", "not", "throw", "yield", "instanceof"}
)
_VALUE_END_PUNCT = frozenset({")", "]", "}", "++", "--"})
_MAX_NESTING = 64


# Enum members as globals: a member read from its class costs about 20 times a global, and the
# lexer reads them per token.
_K_COMMENT, _K_STRING, _K_PUNCT, _K_IDENT = TokenKind.COMMENT, TokenKind.STRING, TokenKind.PUNCT, TokenKind.IDENT
_SINGLE, _DOUBLE, _TRIPLE_SINGLE, _TRIPLE_DOUBLE, _SLASHY, _DOLLAR_SLASHY = (
    StringStyle.SINGLE, StringStyle.DOUBLE, StringStyle.TRIPLE_SINGLE, StringStyle.TRIPLE_DOUBLE, StringStyle.SLASHY,
    StringStyle.DOLLAR_SLASHY)


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.nesting = 0
        # skip_code's answers by (start, single_line, nesting): a `{` whose `}` was found, or
        # found absent, is not walked again (unclosed `${` nested in strings walked the rest
        # of the text from each, at each nesting: exponential in the lines).
        self.code_ends: dict[tuple[int, bool, int], int] = {}
        self.code_strings: dict[tuple[int, int], int] = {}  # where skip_code's strings end (-1: never)

    def run(self) -> list[Token]:
        text, n = self.text, self.n
        tokens: list[Token] = []
        prev: Token | None = None
        newline = True
        pos = 0
        if text.startswith("#!"):
            end = text.find("\n")
            end = n if end == -1 else end
            tokens.append(Token(_K_COMMENT, text[:end], Span(0, end), True))
            pos = end
        plain = _PLAIN_START
        while pos < n:
            c = text[pos]
            how = plain.get(c, _UNSEEN)
            if how is _UNSEEN:
                how = plain[c] = _plain_start(c)
            if how is not None:  # an identifier, a number or punctuation: its first character tells
                kind, pattern = how
                end = pattern.match(text, pos).end()  # type: ignore[union-attr]  # its first character matches
                prev = Token(kind, text[pos:end], Span(pos, end), newline)
                tokens.append(prev)
                newline = False
                pos = end
                continue
            if c in _SPACE_FIRST:
                m = _SPACE.match(text, pos)
                if m:
                    if "\n" in m.group():
                        newline = True
                    pos = m.end()
                    continue
            tok: Token | None = None
            if c == "/" and text.startswith("//", pos):
                end = text.find("\n", pos)
                end = n if end == -1 else end
                tok = Token(_K_COMMENT, text[pos:end], Span(pos, end), newline)
            elif c == "/" and text.startswith("/*", pos):
                end = text.find("*/", pos + 2)
                error = None
                if end == -1:
                    end, error = n, "unterminated comment"
                else:
                    end += 2
                tok = Token(_K_COMMENT, text[pos:end], Span(pos, end), newline, error=error)
                if "\n" in tok.text:
                    newline = True
            elif c in "'\"" or (c == "$" and text.startswith("$/", pos)):
                tok = self.string(pos, newline)
            elif c == "/" and self.regex_allowed(prev, newline):
                tok = self.string(pos, newline, _SLASHY)
                if tok.error:
                    tok = None  # a division after all: a slashy string must end
            if tok is None:
                m = _WORD.match(text, pos)  # an identifier, else a number, else punctuation
                assert m is not None and m.lastgroup is not None
                tok = Token(_WORD_KINDS[m.lastgroup], m.group(), Span(pos, m.end()), newline)
            tokens.append(tok)
            if tok.kind is not _K_COMMENT:
                prev = tok
                newline = False
            pos = tok.span.end
        return tokens

    @staticmethod
    def regex_allowed(prev: Token | None, newline: bool) -> bool:
        if prev is None or newline:
            return True
        if prev.kind is _K_PUNCT:
            return prev.text not in _VALUE_END_PUNCT
        if prev.kind is _K_IDENT:
            return prev.text in _REGEX_AFTER_WORDS
        return False

    def string(self, start: int, newline: bool, style: StringStyle | None = None) -> Token:
        text, n = self.text, self.n
        if style is None:
            if text.startswith("$/", start):
                style = _DOLLAR_SLASHY
            elif text.startswith("'''", start):
                style = _TRIPLE_SINGLE
            elif text.startswith('"""', start):
                style = _TRIPLE_DOUBLE
            elif text[start] == "'":
                style = _SINGLE
            else:
                style = _DOUBLE
        closer, opener_len, single_line, interpolates = _STYLE_FACTS[style]
        plain = _PLAIN_RUN[style]
        i = start + opener_len
        m = plain.match(text, i)
        j = m.end() if m else i
        if text.startswith(closer, j):  # nothing decoded: the text as written (most strings)
            end = j + len(closer)
            return Token(_K_STRING, text[start:end], Span(start, end), newline,
                         GroovyString(style, MappedText.verbatim(text[i:j], i), ()))
        b = MappedTextBuilder()
        interpolations: list[Interpolation] = []
        i = start + opener_len
        error: str | None = None
        while True:
            if i >= n:
                error, end = "unterminated string", n
                break
            c = text[i]
            if c == closer[0] and text.startswith(closer, i):
                end = i + len(closer)
                break
            if c == "\n" and single_line:
                error, end = "unterminated string", i
                break
            if c == "\\" and style is not _DOLLAR_SLASHY:
                i = self.escape(i, style, b)
                continue
            if c == "$" and interpolates:
                if style is _DOLLAR_SLASHY and i + 1 < n and text[i + 1] in "$/":
                    b.add_decoded(text[i + 1], i, i + 2)
                    i += 2
                    continue
                found = self.interpolation(i, single_line)
                folded = self.constant(found) if found is not None and found.braced else None
                if found is not None and folded is not None:  # `${'text'}` is the text itself
                    b.copy(folded, 0, len(folded.text))
                    i = found.span.end
                    continue
                if found is not None:
                    interpolations.append(found)
                    b.add(text[i : found.span.end], i)
                    i = found.span.end
                    continue
            m = plain.match(text, i)
            j = m.end() if m else i + 1
            b.add(text[i:j], i)
            i = j
        value = b.build(end - (0 if error else len(closer)))
        return Token(
            _K_STRING,
            text[start:end],
            Span(start, end),
            newline,
            GroovyString(style, value, tuple(interpolations)),
            error,
        )

    def escape(self, i: int, style: StringStyle, b: MappedTextBuilder) -> int:
        """Decode the escape at text[i] == '\\' into b; return where scanning goes on."""
        text = self.text
        nxt = text[i + 1] if i + 1 < self.n else ""
        if style is _SLASHY:
            if nxt == "/":
                b.add_decoded("/", i, i + 2)
                return i + 2
            b.add("\\", i)
            return i + 1
        if nxt in _SIMPLE_ESCAPES and nxt:
            b.add_decoded(_SIMPLE_ESCAPES[nxt], i, i + 2)
            return i + 2
        if nxt == "\n":
            return i + 2
        if nxt == "\r" and text.startswith("\n", i + 2):
            return i + 3
        if nxt == "u" and (m := _UNICODE.match(text, i + 1)):
            b.add_decoded(chr(int(m.group(1), 16)), i, m.end())
            return m.end()
        if m := _OCTAL.match(text, i + 1):
            b.add_decoded(chr(int(m.group(), 8)), i, m.end())
            return m.end()
        b.add("\\", i)  # not an escape Groovy knows: kept as written
        return i + 1

    def interpolation(self, i: int, single_line: bool) -> Interpolation | None:
        """The interpolation starting at the `$` at text[i], if there is one."""
        text = self.text
        if text.startswith("{", i + 1):
            close = self.skip_code(i + 2, single_line)
            if close < 0:
                return None
            return Interpolation(Span(i, close + 1), text[i + 2 : close].strip(), True)
        m = _GSTRING_NAME.match(text, i + 1)
        if m is None:
            return None
        return Interpolation(Span(i, m.end()), m.group(), False)

    def constant(self, found: Interpolation) -> MappedText | None:
        """The decoded text of `${'literal'}` (a string literal without interpolations, alone
        in the braces), each character mapped into the inner literal; None for any other code."""
        text = self.text
        close = found.span.end - 1
        p = found.span.start + 2
        while p < close and text[p] in " \t":
            p += 1
        if p >= close or text[p] not in "'\"":
            return None
        tok = self.string(p, False)
        if tok.error or tok.string is None or tok.string.interpolations or text[tok.span.end : close].strip():
            return None
        return tok.string.value

    def skip_code(self, i: int, single_line: bool) -> int:
        """Index of the `}` closing code that starts at i, or -1 when there is none."""
        nesting = self.nesting
        if nesting >= _MAX_NESTING:
            return -1
        ends = self.code_ends
        known = ends.get((i, single_line, nesting))
        if known is not None:
            return known
        self.nesting += 1
        opened = [i]  # where the code of each open `{` starts (the first: this code's)
        close = -1
        try:
            text, n, strings = self.text, self.n, self.code_strings
            while i < n:
                c = text[i]
                if c == "}":
                    ends[(opened.pop(), single_line, nesting)] = i
                    if not opened:
                        close = i
                        return i
                elif c == "{":
                    inner = ends.get((i + 1, single_line, nesting))
                    if inner is None:
                        opened.append(i + 1)
                    elif inner < 0:  # never closed: neither is this code
                        return -1
                    else:
                        i = inner + 1  # its code and `}`, as walked before
                        continue
                elif c == "\n" and single_line:
                    return -1
                elif c in "'\"":
                    end = strings.get((i, nesting + 1))
                    if end is None:  # the end alone is kept: a token's decoded text, 64 nestings over
                        tok = self.string(i, False)
                        end = strings[(i, nesting + 1)] = -1 if tok.error else tok.span.end
                    if end < 0:
                        return -1
                    i = end
                    continue
                i += 1
            return -1
        finally:
            self.nesting -= 1
            if close < 0:  # each code still open ends nowhere: the walk from it goes as this one
                for start in opened:
                    ends[(start, single_line, nesting)] = -1


def tokenize(text: str) -> list[Token]:
    """All tokens of Groovy source, comments included; never raises on bad input."""
    return _Lexer(text).run()


def string_at(text: str, start: int, end: int) -> GroovyString | None:
    """The string literal whose opening quote is text[start], read as the lexer reads it
    (escapes decoded, interpolations kept as written) no further than end; None when it does
    not end there."""
    lexer = _Lexer(text)
    lexer.n = end
    tok = lexer.string(start, False)
    return None if tok.error or tok.span.end != end or tok.string is None else tok.string
