"""Whether a Jenkinsfile's model notifies anything, told without making its tokens.

The model (`jenkins.parse`) notifies a string or comment the lexer (`groovy.tokenize`) finds
unterminated, and calls nested past the parser's depth limit. `quiet(text)` is True only when
neither can happen, at a fraction of the lexer's cost: it goes from one string, comment or `/`
to the next with a regular expression (between them there are only identifiers, numbers,
punctuation and blanks, and no such token holds a quote or a slash but `/=`), ends each string
by the lexer's own rules (escapes, `${...}` with strings inside, dollar-slashy `$$` and `$/`),
tells a slashy string from a division by the token before the `/` as the lexer does; then
bounds the nesting as `_CallParser.may_nest_too_deep` does, on the text with its strings and
comments taken out. Where it finds a problem, it says False and the lexer runs, for its
messages. tests/test_groovy_scan.py holds the strings and comments it finds to the lexer's.
"""

from __future__ import annotations

import re

from .groovy import _MAX_NESTING, _PUNCT, _REGEX_AFTER_WORDS, _VALUE_END_PUNCT, _WORD
from .jenkins import _CONTINUES, _GOES_ON, MAX_DEPTH
from .lazyre import lazy_compile

# What ends the run of plain text of a string, by style: its closer's first character, an
# escape, an interpolation, a line break where the style ends at one.
_SINGLE_STOP = lazy_compile(r"['\\\n]")
_DOUBLE_STOP = lazy_compile(r'["\\$\n]')
_TRIPLE_SINGLE_STOP = lazy_compile(r"['\\]")
_TRIPLE_DOUBLE_STOP = lazy_compile(r'["\\$]')
_SLASHY_STOP = lazy_compile(r"[/\\$]")
_DOLLAR_SLASHY_STOP = lazy_compile(r"[/$]")
_CODE_STOP = lazy_compile(r"""[{}'"\n]""")  # inside `${...}`
# (closer, its first character, opener length, stop pattern, single line, interpolates, escapes)
_Style = tuple[str, str, int, re.Pattern[str], bool, bool, bool]
_SINGLE: _Style = ("'", "'", 1, _SINGLE_STOP, True, False, True)
_DOUBLE: _Style = ('"', '"', 1, _DOUBLE_STOP, True, True, True)
_TRIPLE_SINGLE: _Style = ("'''", "'", 3, _TRIPLE_SINGLE_STOP, False, False, True)
_TRIPLE_DOUBLE: _Style = ('"""', '"', 3, _TRIPLE_DOUBLE_STOP, False, True, True)
_SLASHY: _Style = ("/", "/", 1, _SLASHY_STOP, False, True, True)
_DOLLAR_SLASHY: _Style = ("/$", "/", 2, _DOLLAR_SLASHY_STOP, False, True, False)

# Where the lexer may start a token that is no identifier, number or punctuation.
_EVENT = lazy_compile(r"""'|"|/|\$/""")  # (one character first each: `re` skips to them in C)
_BLANKS = frozenset(" \t\f\v\r\n\ufeff\u00a0")  # the lexer's blanks (and `\` before a line break)
_WORD_CHAR = lazy_compile(r"[\w$]")
_STRING, _COMMENT, _DIVISION = 0, 1, 2

# The text without strings and comments: what the nesting bound counts. A run of word
# characters holds at most one identifier; a blank run over a line break may end a statement.
_STRUCTURE = lazy_compile(r"[\w$]+|[()\[\]{};]|\n(?:[ \t\f\v\r\n\ufeff\u00a0]|\\\r?\n)*")
# A line break does not end a statement after a token that may be in _CONTINUES (by its last
# character) or before one that may be in _GOES_ON (by its first): fewer ends, a higher bound.
_CONTINUES_LAST = frozenset(t[-1] for t in _CONTINUES)
_GOES_ON_FIRST = frozenset(t[0] for t in _GOES_ON)
_CLOSER = {")": "(", "]": "[", "}": "{"}
_WORD_RUN = lazy_compile(r"[\w$]+")
_STRING_MARK = "'"  # what a string is in that text: no word, bracket, blank or continuation


def quiet(text: str, limit: int = MAX_DEPTH) -> bool:
    """True only when `jenkins.parse(text)` notifies nothing: no token of the lexer has an
    error and no call nests past `limit` (False: the lexer must say)."""
    events = scan(text)
    return events is not None and not may_nest_too_deep(_structure(text, events), limit)


def scan(text: str) -> list[tuple[int, int, int]] | None:
    """(start, end, kind) of every string, comment and division of the lexer's tokens, in
    order; None when one string or comment is unterminated, or may be."""
    n = len(text)
    events: list[tuple[int, int, int]] = []
    pos = 0
    if text.startswith("#!"):
        end = text.find("\n")
        end = n if end == -1 else end
        events.append((0, end, _COMMENT))
        pos = end
    search = _EVENT.search
    ends: dict[tuple[int, bool, int], int] = {}  # _code_end's answers: each `{` walked once
    while (m := search(text, pos)) is not None:
        p = m.start()
        c = text[p]
        if c == "/":
            if text.startswith("//", p):
                end = text.find("\n", p)
                end = n if end == -1 else end
                events.append((p, end, _COMMENT))
            elif text.startswith("/*", p):
                end = text.find("*/", p + 2)
                if end == -1:
                    return None  # unterminated comment
                end += 2
                events.append((p, end, _COMMENT))
            else:
                allowed = _regex_allowed(text, p, events)
                if allowed is None:
                    return None
                slashy = _string_end(text, p, _SLASHY, 0, ends) if allowed else None
                if slashy is not None:
                    events.append((p, slashy, _STRING))
                    end = slashy
                else:  # a division (a slashy string must end)
                    end = p + 2 if text.startswith("/=", p) else p + 1
                    events.append((p, end, _DIVISION))
            pos = end
            continue
        if c == "$":  # `$/`: a dollar-slashy string where a token starts, else in an identifier
            starts = _token_starts_at(text, p, events[-1][1] if events else 0)
            if starts is None:
                return None
            if not starts:
                pos = p + 1  # the `/` is looked at next
                continue
            end_ = _string_end(text, p, _DOLLAR_SLASHY, 0, ends)
        else:
            end_ = _string_end(text, p, _style_at(text, p), 0, ends)
        if end_ is None:
            return None  # unterminated string
        events.append((p, end_, _STRING))
        pos = end_
    return events


def _style_at(text: str, p: int) -> _Style:
    """The style of the string opening at a quote (the lexer's order: triple quotes first)."""
    if text.startswith("'''", p):
        return _TRIPLE_SINGLE
    if text.startswith('"""', p):
        return _TRIPLE_DOUBLE
    return _SINGLE if text[p] == "'" else _DOUBLE


def _string_end(text: str, start: int, style: _Style, nesting: int,
                ends: dict[tuple[int, bool, int], int] | None = None) -> int | None:
    """Where the string opening at `start` ends, as `_Lexer.string` ends it; None when it is
    unterminated. `nesting`: the lexer's `${...}` depth there."""
    closer, first, opener, stop, single_line, interpolates, escapes = style
    n = len(text)
    i = start + opener
    search = stop.search
    while (m := search(text, i)) is not None:
        j = m.start()
        c = text[j]
        if c == first and text.startswith(closer, j):
            return j + len(closer)
        if c == "\n":
            if single_line:
                return None
            i = j + 1
        elif c == "\\":
            if style is _SLASHY:  # only `\/` is an escape: any other backslash is itself
                i = j + 2 if text.startswith("/", j + 1) else j + 1
            else:  # every character that matters here is decoded with it (`\r\n` together)
                i = j + 3 if text.startswith("\r\n", j + 1) else j + 2
        elif c == "$" and interpolates:
            if not escapes and j + 1 < n and text[j + 1] in "$/":  # dollar-slashy `$$`, `$/`
                i = j + 2
            elif text.startswith("{", j + 1):
                close = _code_end(text, j + 2, single_line, nesting, ends)
                i = close + 1 if close >= 0 else j + 1  # unclosed: the `$` is text
            else:
                i = j + 1  # `$name` holds nothing that matters here
        else:
            i = j + 1  # the closer's first character alone, or a `$` that is text
    return None


def _code_end(text: str, i: int, single_line: bool, nesting: int,
              ends: dict[tuple[int, bool, int], int] | None = None) -> int:
    """The `}` closing the code of `${` (its strings skipped), as `_Lexer.skip_code`; -1 for none.
    `ends`: answers found before, by (start, single_line, nesting), as the lexer keeps them."""
    if nesting >= _MAX_NESTING:
        return -1
    if ends is None:
        ends = {}
    known = ends.get((i, single_line, nesting))
    if known is not None:
        return known
    opened = [i]
    search = _CODE_STOP.search
    while (m := search(text, i)) is not None:
        j = m.start()
        c = text[j]
        if c == "}":
            ends[(opened.pop(), single_line, nesting)] = j
            if not opened:
                return j
        elif c == "{":
            inner = ends.get((j + 1, single_line, nesting))
            if inner is None:
                opened.append(j + 1)
            elif inner < 0:
                break
            else:
                i = inner + 1
                continue
        elif c == "\n":
            if single_line:
                break
        else:
            end = _string_end(text, j, _style_at(text, j), nesting + 1, ends)
            if end is None:
                break
            i = end
            continue
        i = j + 1
    for start in opened:  # never closed: a walk from any of them ends as this one
        ends[(start, single_line, nesting)] = -1
    return -1


def _blank_before(text: str, q: int, bound: int) -> int:
    """Where the blanks (the lexer's, with a backslash before a line break) ending at q start."""
    while q > bound:
        c = text[q - 1]
        if c in _BLANKS or (c == "\\" and (text.startswith("\n", q) or text.startswith("\r\n", q))):
            q -= 1
        else:
            break
    return q


def _regex_allowed(text: str, p: int, events: list[tuple[int, int, int]]) -> bool | None:
    """`_Lexer.regex_allowed` for a `/` at p: the token before it (comments skipped) and
    whether a line break comes between; None when that token cannot be told."""
    k = len(events) - 1
    q = p
    while True:
        bound = events[k][1] if k >= 0 else 0
        q = _blank_before(text, q, bound)
        if q > bound:
            break  # the token before is between the events
        if k < 0:
            return True  # the first token
        start, end, kind = events[k]
        if kind == _COMMENT:
            q, k = start, k - 1
            continue
        if "\n" in text[end:p]:
            return True
        return kind == _DIVISION  # a string is a value; `/` and `/=` are not
    if "\n" in text[q:p]:
        return True
    last = _last_token(text, q, events[k][1] if k >= 0 else 0)
    if last is None:
        return None
    word, is_ident = last
    if is_ident:
        return word in _REGEX_AFTER_WORDS
    return word is not None and word not in _VALUE_END_PUNCT


def _last_token(text: str, q: int, bound: int) -> tuple[str | None, bool] | None:
    """(text, is an identifier) of the lexer's token ending at q, among identifiers, numbers
    and punctuation from bound on (a number's text is None); None if the run does not lex to q."""
    r = q
    if _WORD_CHAR.match(text, q - 1):
        while r > bound and _WORD_CHAR.match(text, r - 1):
            r -= 1
        pattern = _WORD
    else:  # punctuation: from where its run starts (nothing before it joins it)
        while r > bound and text[r - 1] not in _BLANKS and not _WORD_CHAR.match(text, r - 1):
            r -= 1
        pattern = _PUNCT
    found: tuple[str | None, bool] | None = None
    while r < q:
        m = pattern.match(text, r)
        if m is None or m.end() > q:
            return None
        if pattern is _WORD:
            found = (m.group(), True) if m.lastgroup == "ident" else (None, False)
        else:
            found = (m.group(), False)
        r = m.end()
    return found


def _token_starts_at(text: str, p: int, bound: int) -> bool | None:
    """Whether a token of the lexer starts at p (a `$`): not when an identifier before it
    goes on through it; None when that cannot be told."""
    r = p
    while r > bound and _WORD_CHAR.match(text, r - 1):
        r -= 1
    while r < p:
        m = _WORD.match(text, r)
        if m is None:
            return None
        r = m.end()
    return r == p


def _structure(text: str, events: list[tuple[int, int, int]]) -> str:
    """The text with each string as one mark, each comment as a blank (a line break if it holds
    one: the lexer then sees the next token on a new line), divisions as written."""
    parts: list[str] = []
    at = 0
    for start, end, kind in events:
        parts.append(text[at:start])
        if kind == _STRING:
            parts.append(_STRING_MARK)
        elif kind == _COMMENT:
            parts.append("\n" if "\n" in text[start:end] else " ")
        else:
            parts.append(text[start:end])
        at = end
    parts.append(text[at:])
    return "".join(parts)


def may_nest_too_deep(code: str, limit: int = MAX_DEPTH) -> bool:
    """A superset of `_CallParser.may_nest_too_deep` on the text whose strings and comments are
    taken out (`_structure`): brackets matched as `_match_brackets` matches them; at each, the
    depth of its opening plus the identifiers since its statement began. It counts every run of
    word characters (a number too) and ends fewer statements: never below the parser's count.
    A count is of words and brackets of the text: with no more of them than `limit` (most
    Jenkinsfiles once their strings are out), none goes over it."""
    if code.count("(") + code.count("[") + code.count("{") + len(_WORD_RUN.findall(code)) <= limit:
        return False
    base = run = 0
    stack: list[tuple[str, int, int]] = []
    for m in _STRUCTURE.finditer(code):
        t = m.group()
        c = t[0]
        if c == "\n":
            q = _blank_before(code, m.start(), 0)
            before = code[q - 1] if q else ""
            after = code[m.end()] if m.end() < len(code) else ""
            if before not in _CONTINUES_LAST and after not in _GOES_ON_FIRST:
                run = 0
        elif c in "([{":
            if base + run + 1 > limit:
                return True
            stack.append((c, base, run))
            base, run = base + run + 1, 0
        elif c in ")]}":
            opener = _CLOSER[c]
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == opener:
                    base, run = stack[k][1], stack[k][2]
                    del stack[k:]
                    break
            else:
                run = 0  # a closer without its opener ends the statement
        elif c == ";":
            run = 0
        else:
            run += 1
            if base + run > limit:
                return True
    return False
