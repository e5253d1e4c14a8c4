"""jib's registry auth in Gradle build files, `build.gradle` (Groovy) and `build.gradle.kts`
(Kotlin): `jib { to { auth { password = '...' } } }`, `to.auth.password = "..."`,
`password.set("...")`, `setPassword("...")`, with the target's `image` and `auth.username`.

The text is read once, forwards, for what decides these: comments, strings (their ends by
Groovy's rules: escapes, `${...}`), names, dots, `=`, parentheses and braces (each block's
name, `to { ... }`, kept on a stack). A string's value is read as Groovy reads it
(`groovy.string_at`: `\\u0041`, `\\'`, octal ...; a Kotlin raw `\"\"\"...\"\"\"` string as it is), each
character mapped back to the file; a template (`${...}`) is no literal. Linear in the text: no
look back from each assignment (an old reader walked to the start of the file from each)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..facts import RegistryCredential
from ..groovy import string_at
from ..source import MappedText
from .jib import credential

if TYPE_CHECKING:
    from ..scanned import ScannedFile

# One token: a line break, blanks, a comment, the opening of a block comment or of a string, a
# name, `?.`, punctuation that matters here, any other character.
_TOKEN = re.compile(r"""(\n)|[ \t\r\f\v]+|//[^\n]*|(/\*)|('''|\"\"\")|(['"])|([^\W\d]\w*)|(\?\.|[.=(){};])|(.)""", re.S)
# A one-line string to its closing quote: escapes, and `${...}` without braces in it (a template
# holding a block is no literal: taken for an unterminated string, read on at the next line).
_ONE_LINE = {"'": re.compile(r"'(?:[^'\\\n]|\\[\s\S])*'"),
             '"': re.compile(r'"(?:[^"\\\n$]|\\[\s\S]|\$(?!\{)|\$\{[^{}\n]*\})*"')}
_SETTERS = {"setPassword": "password", "setUsername": "username", "setImage": "image"}
_KEYS = ("password", "username", "image")
_DOTS = (".", "?.")
_CONTINUES = ("=", ".", "?.", "(")  # a statement goes on over a line break after these
_Token = tuple[str, str]  # ("w", name), ("p", punctuation), ("s", "start:end") of a string


def gradle_credentials(file: ScannedFile) -> list[RegistryCredential]:
    text = file.source.text
    name = file.source.path.rsplit("/", 1)[-1]
    found = _assignments(text, kotlin=name.endswith(".kts"))
    firsts: dict[tuple[str, str], MappedText] = {}  # (what, target): the first value given
    for what, target, value in found:
        firsts.setdefault((what, target), value)
    out = []
    for what, target, value in found:
        if what != "password" or not value.text:
            continue
        user, image = firsts.get(("username", target)), firsts.get(("image", target))
        out.append(credential(value, image.text if image else None, user.text if user else None, target,
                              f"jib in {name}"))
    return out


def _target(chain: list[str]) -> str | None:
    """`to` or `from` when the names leading to a value are jib's target's or base image's
    (`jib.to.auth.password`, `jib.to.auth.username`, `jib.to.image`), else None."""
    key = chain[-1]
    head = chain[-4:-1] if key != "image" else [*chain[-3:-1], "auth"]
    if len(head) == 3 and head[0] == "jib" and head[1] in ("to", "from") and head[2] == "auth":
        return head[1]
    return None


def _assignments(text: str, kotlin: bool) -> list[tuple[str, str, MappedText]]:
    """(what, target, value) of each statement `a.b.password = '...'`, `password.set('...')`,
    `setPassword('...')` (and username, image) whose whole value is a string literal, named
    with the blocks around it for jib's target."""
    blocks: list[list[str]] = []  # names of each open block, outermost first
    recent: list[_Token] = []  # the statement's tokens (its last ones: enough to read it)
    out: list[tuple[str, str, MappedText]] = []
    n = len(text)
    pos = 0
    while pos < n:
        m = _TOKEN.match(text, pos)
        assert m is not None  # (`.` matches any character)
        pos = m.end()
        if m.lastindex is None:  # blanks, a line comment
            continue
        newline, comment, triple, quote, word, punct, _ = m.groups()
        if newline:
            if recent and recent[-1][1] not in _CONTINUES:
                _statement(text, recent, blocks, out, kotlin)
                recent = []
        elif punct in (";", "}"):
            _statement(text, recent, blocks, out, kotlin)
            recent = []
            if punct == "}" and blocks:
                blocks.pop()
        elif punct == "{":
            blocks.append(_block_name(recent))
            recent = []
        elif comment:
            close = text.find("*/", pos)
            if close < 0:
                break
            pos = close + 2
        elif triple:
            close = _triple_end(text, pos, triple, raw=kotlin and triple == '"""')
            if close < 0:  # unterminated: the rest of the file is in it
                break
            recent.append(("s", f"{m.start()}:{close + 3}"))
            pos = close + 3
        elif quote:
            s = _ONE_LINE[quote].match(text, m.start())
            if s is None:  # unterminated, or a template with a block: the line is done
                line_end = text.find("\n", pos)
                pos = n if line_end < 0 else line_end
                recent.append(("p", "?"))
                continue
            recent.append(("s", f"{m.start()}:{s.end()}"))
            pos = s.end()
        elif word:
            recent.append(("w", word))
        else:
            recent.append(("p", punct or "?"))
        if len(recent) > 64:  # a long statement is no assignment of a literal: kept short
            recent[8:40] = [("p", "...")]
    _statement(text, recent, blocks, out, kotlin)
    return out


def _block_name(tokens: list[_Token]) -> list[str]:
    """The names of a block opened after tokens: `to {`, `jib.to {`, `auth() {`; none else."""
    end = len(tokens) - 2 if tokens[-2:] == [("p", "("), ("p", ")")] else len(tokens)
    return _path(tokens, end) or []


def _path(tokens: list[_Token], end: int) -> list[str] | None:
    """The names of tokens[:end] when it is a dotted path (`a.b.c`, `a?.b`), else None."""
    if end % 2 == 0:
        return None
    names = []
    for i in range(0, end, 2):
        if tokens[i][0] != "w" or (i + 1 < end and tokens[i + 1][1] not in _DOTS):
            return None
        names.append(tokens[i][1])
    return names


def _statement(text: str, tokens: list[_Token], blocks: list[list[str]], out: list[tuple[str, str, MappedText]],
               kotlin: bool) -> None:
    """A statement that gives jib's password, username or image a string literal, as a whole."""
    k = len(tokens)
    if k < 3:
        return
    if tokens[-1][0] == "s" and tokens[-2] == ("p", "=") and tokens[-3][0] == "w":
        key, end, string = tokens[-3][1], k - 3, tokens[-1][1]  # a.password = 'x'
    elif tokens[-1] == ("p", ")") and tokens[-2][0] == "s" and tokens[-3] == ("p", "(") and k >= 4:
        string = tokens[-2][1]
        if k >= 6 and tokens[-4] == ("w", "set") and tokens[-5][1] in _DOTS and tokens[-6][0] == "w":
            key, end = tokens[-6][1], k - 6  # a.password.set('x')
        elif tokens[-4][0] == "w" and tokens[-4][1] in _SETTERS:
            key, end = _SETTERS[tokens[-4][1]], k - 4  # a.setPassword('x')
        else:
            return
    else:
        return
    if key not in _KEYS:
        return
    path: list[str] | None = []
    if end:  # the dotted path before the key (`to.auth.`), all of the statement before it
        path = _path(tokens, end - 1) if tokens[end - 1][1] in _DOTS else None
    if path is None:
        return
    chain = [name for names in blocks for name in names] + path + [key]
    target = _target(chain)
    if target is not None:
        start, stop = (int(x) for x in string.split(":"))
        out.append((key, target, _value(text, start, stop, kotlin)))


def _triple_end(text: str, p: int, closer: str, raw: bool) -> int:
    """Offset of the closer of a triple-quoted string whose text starts at p, -1 for none: a
    quote escaped with a backslash does not close it (in a Kotlin raw string nothing is escaped)."""
    while (i := text.find(closer, p)) >= 0:
        if raw:
            return i
        b = i
        while b > p and text[b - 1] == "\\":
            b -= 1
        if (i - b) % 2 == 0:
            return i
        p = i + 1
    return -1


def _value(text: str, start: int, end: int, kotlin: bool) -> MappedText:
    """A string literal's value, decoded as Groovy reads it; a template or a Kotlin raw string
    as written (a template is no literal: reading its code would cost each `${` the rest of the
    string)."""
    quote = 3 if text.startswith(("'''", '"""'), start) else 1
    body_start, body_end = start + quote, end - quote
    raw = kotlin and quote == 3 and text[start] == '"'
    if raw or (text[start] == '"' and "${" in text[body_start:body_end]):
        return MappedText.verbatim(text[body_start:body_end], body_start)
    value = string_at(text, start, end)
    return MappedText.verbatim(text[body_start:body_end], body_start) if value is None else value.value
