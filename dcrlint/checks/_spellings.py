"""The other spellings of a file's text, for whole-text tests with which a check returns early.

Checks read values decoded (a YAML double-quoted scalar's `\\x41`, a Groovy string's `\\u0041`,
an escaped line break), so a word a check looks for may be missing from the raw text and still
be in a value. `unescaped` gives the text with every escape its language may decode taken as
decoded: a test that looks at the raw text and at this one misses no value. Line folding (a
plain or quoted YAML scalar over several lines reads its line breaks as spaces) is the other
spelling; a pattern that can span a blank allows `FOLD` there."""

from __future__ import annotations

import re
from functools import cache
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
# Where a Groovy text may read otherwise decoded: the pattern is the definition, `_groovy_spells`
# tests it fast (tests/test_jenkins_gate.py holds them equal). Its pieces are searched apart: a
# pattern that starts with a literal skips ahead in C, one that starts with a set of characters
# (a quote: in every line of Groovy) tries each of them.
_GROOVY_SPELLS = lazy_compile(r"\\|\$[$/]|\$\{[ \t]*['\"]")
_GROOVY_CONSTANT_OPEN = lazy_compile(r"\$\{[ \t]*['\"]")
_GROOVY_CONSTANT_CLOSE_REVERSED = lazy_compile(r"\}[ \t]*['\"]")  # `['"][ \t]*\}` read backwards


def _groovy_spells(text: str) -> bool:
    """`_GROOVY_SPELLS.search(text)`, fast: most Jenkinsfiles hold none."""
    return "\\" in text or "$$" in text or "$/" in text or _GROOVY_CONSTANT_OPEN.search(text) is not None


def _groovy_marked(text: str) -> bool:
    """`_GROOVY_MARKS.search(text)`, fast (the close of a `${'constant'}` searched in the text
    reversed, from its `}`)."""
    return _groovy_spells(text) or _GROOVY_CONSTANT_CLOSE_REVERSED.search(text[::-1]) is not None


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
        if not _groovy_spells(text):
            return None
        return _GROOVY_ESCAPE.sub(_groovy, _GROOVY_CONSTANT.sub("", text))
    if kind in _XML_KINDS:  # XML: character references, CDATA
        if "&" not in text and "<![" not in text:
            return None
        from ..infra.xmltext import decoded

        return decoded(text).text
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
# (Each alternative led by one character, none by a class: `re` then tests each character of
# the text against the set of the four in C, where a class first had it try every alternative
# at every character: three times slower on a Jenkinsfile.)
_GROOVY_MARKS = lazy_compile(r"\\|\$[$/]|\$\{[ \t]*['\"]|'[ \t]*\}|\"[ \t]*\}")
_XML_MARKS = lazy_compile(r"&|<!\[")
_XML_KINDS = frozenset((FileKind.MAVEN_POM, FileKind.MAVEN_SETTINGS))


def escape_marks(kind: FileKind) -> re.Pattern[str]:
    """Where a line of a file of `kind` may read otherwise decoded (see `escape_lines`)."""
    return _GROOVY_MARKS if kind is FileKind.JENKINSFILE else _XML_MARKS if kind in _XML_KINDS else _MARKS


def escape_lines(text: str, kind: FileKind) -> str:
    """The lines of text that `unescaped` may change, each with the line after it (an escaped
    line break joins them), in order; the others read the same decoded. A word that does not
    go over a line break and reads otherwise decoded is in `unescaped` of these lines."""
    if kind is FileKind.JENKINSFILE and not _groovy_marked(text):
        return ""
    marks = escape_marks(kind)
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
        # on from the mark's line: the line after may hold an escape too (two escaped line
        # breaks in a row join three lines); another mark on its own line adds nothing (and
        # looking for each one's line walked a long line once per mark: quadratic)
        line_end = text.find("\n", m.end())
        last, at = max(last, end), n if line_end < 0 else line_end
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


# What `re` reads as an ASCII letter where a pattern ignores case, besides its two cases
# (secret_formats._FOLDS), that str.lower() does not make one: `(?i)secrets` matches
# `ſecrets`, `(?i)inherit` `İnherit` (lower: `i̇nherit`). The Kelvin sign lowers to `k`.
_ASCII_FOLDS = {0x130: "i", 0x131: "i", 0x17F: "s"}


def lower(text: str) -> str:
    """text in lower case, the letters `re` reads as ASCII ones where it ignores case made so: a
    word that a case-ignoring pattern (or str.lower()) matches in text is in it in lower case."""
    if not text.isascii() and ("\u017f" in text or "\u0131" in text or "\u0130" in text):
        text = text.translate(_ASCII_FOLDS)
    return text.lower()


def lower_spellings(file: ScannedFile) -> tuple[str, ...]:
    """The file's text in lower case (`lower`), as written and (the lines escapes are on)
    decoded, once per file: a value of the file can read a word (in any case, not over a line
    break) only if one of them holds it. Folding only ever puts a blank between two words,
    never joins them."""
    try:
        found: tuple[str, ...] = file.memo["lower_spellings"]
    except KeyError:
        decoded = unescaped_lines(file)
        text = lower(file.source.text)
        found = file.memo["lower_spellings"] = (text,) if decoded is None else (text, lower(decoded))
    return found


def may_read(file: ScannedFile, *words: str) -> bool:
    """Whether a value of the file may read one of `words` (lower case), in any case."""
    return any(w in t for t in lower_spellings(file) for w in words)


# --- the whole text as the shell may read its words (the login gates)

# Where a consumer may join a line to other text, so that a word is cut in the file: a line
# continuation (shell `\`, PowerShell's and a Dockerfile's backtick, cmd's caret) at the end
# of a line or of a value (a closing quote, a comment, a flow `,`, `]` or `}` after it): a
# Dockerfile drops the comment lines after it, GitLab joins script items with a line break
# (the next item may be an alias written anywhere). See `_joining_kinds`.
# (A pattern per character: one that starts with a literal skips ahead several times faster.)
_CONTINUED = tuple((c, lazy_compile(re.escape(c) + r"[ \t\"',\]}]*(?:[\r\n#,\]}]|\Z)")) for c in "\\`^")
# Groovy joins string literals (`'docker lo' + 'gin'`, method calls and comments between):
# any quote or slashy-string delimiter may end a joined literal.
_GROOVY_ENDS = ("'", '"', "/")
# Marks a join in the text `ShellWords.ends` reads: no word holds it, and `words` keeps it.
_JOIN = "\x01"
_LONGEST = 32  # no word a test asks for is longer


class ShellWords:
    """The file's text as the shell may read its words: `shell.spelling.words` of the text as
    written and with its escapes decoded (`unescaped_text`), in one string (a separator that
    no word holds between them, so that a test on it is a test on each, also when a joined
    word takes its parts from both: a plain item joined to an escaped one). `has(word)`: the
    word is in it, or may be made of the ends of joined stretches and a text that follows.
    `names`: `shell.spelling.plain` of the same texts, as one string (variables' names read in
    their case, with their `$`)."""

    __slots__ = ("_ends", "_kind", "_texts", "low", "names")

    def __init__(self, low: str, texts: tuple[str, ...], kind: FileKind, names: str = "") -> None:
        self.low = low
        self.names = names
        self._texts = texts
        self._kind = kind
        self._ends: frozenset[str] | None = None

    @property
    def ends(self) -> frozenset[str]:
        """Every end (its last `_LONGEST` characters at most, as `words` reads them) of a
        stretch of text that a join continues (`lo` of `docker lo\\`): made on first need."""
        if self._ends is None:
            ends: set[str] = set()
            if self._kind in _joining_kinds():
                for text in self._texts:
                    for tail in _joined_tails(text, self._kind):
                        ends.update(tail[k:] for k in range(len(tail)))
            self._ends = frozenset(ends)
        return self._ends

    def has(self, word: str) -> bool:
        """Whether a word (lower case) may be read in the file: in the text, or its first part
        ends a stretch that a join continues (`lo\\` + `gin`), any middle parts end stretches
        too, and the rest is in the text."""
        low = self.low
        if word in low:
            return True
        ends = self.ends
        if not ends:
            return False  # no word cut by a join: most files
        n = len(word)
        reached = [True] + [False] * n  # word[:i] may be made of ends of joined stretches
        for i in range(n):
            if not reached[i]:
                continue
            if i and word[i:] in low:
                return True
            for j in range(i + 1, n):
                if word[i:j] in ends:
                    reached[j] = True
        return False


@cache
def _joining_kinds() -> frozenset[FileKind]:
    """Kinds whose shell contexts join stretches of the file: GitLab and the CI systems
    described as data join script items with a line break, a Dockerfile joins continued lines
    over comment lines (also with the backtick escape), Groovy concatenates strings. Elsewhere
    a context is one stretch (a YAML scalar, a whole script, a Makefile recipe), whose own
    joins the decoded spelling makes (an escaped line break; a backslash-newline with the
    indent or the recipe tab after it, `_ESCAPE`)."""
    from ..extractors import EXTRACTORS

    return frozenset({FileKind.GITLAB_CI, FileKind.DOCKERFILE, FileKind.JENKINSFILE,
                      *(k for k, name in EXTRACTORS.items() if name == "cisystem")})


def _joined_tails(text: str, kind: FileKind) -> set[str]:
    """The last word (as `words` reads it) of each stretch of the text that a consumer may
    join to other text: the characters before a join, back to a blank (a blank just before
    it cuts no word)."""
    from ..shell.spelling import words

    tails = set()
    for m in (m for c, continued in _CONTINUED if c in text for m in continued.finditer(text)):
        at = start = m.start()  # (few in a file)
        while start > 0 and at - start < 4 * _LONGEST and not text[start - 1].isspace():
            start -= 1
        if start < at:
            tails.add((words(text[start:at]) or "")[-_LONGEST:])
    if kind is FileKind.JENKINSFILE and "+" in text:
        # before every quote: the text with a mark there, read once
        marked = text
        for end in _GROOVY_ENDS:
            marked = marked.replace(end, _JOIN + end)
        stretches = (words(marked) or "").split(_JOIN)[:-1]  # each but the last ends at a join
        tails.update(s[-_LONGEST:].split()[-1] for s in stretches if s and not s[-1].isspace())
    return tails


def shell_words(file: ScannedFile) -> ShellWords | None:
    """The file's `ShellWords`, once per file; None when a text may hold an ANSI-C string
    whose escapes spell a letter (`$'\\x6c'`): then every word may be read."""
    try:
        found: ShellWords | None = file.memo["shell_words"]
    except KeyError:
        from ..shell.spelling import plain, words

        text = file.source.text
        decoded = unescaped_text(file)
        texts = (text,) if decoded is None else (text, decoded)
        lows, names = [], []
        for t in texts:
            lows.append(words(t))
            names.append(plain(t))  # (worked out with `words`)
        found = None
        if None not in lows:
            found = ShellWords("\0".join(low for low in lows if low is not None), texts, file.kind,
                               "\0".join(name for name in names if name is not None))
        file.memo["shell_words"] = found
    return found


# A key written other than `name:` (YAML): an explicit key (`? name`, also a block scalar) or
# an alias as a key (`*k : value`). (Each starts with its indicator: a regex that starts with
# a literal character skips ahead fast; what may come before it is looked at per match.)
_EXPLICIT_KEY = lazy_compile(r"\?(?:[ \t]|$)", re.M)
_ALIAS_KEY = lazy_compile(r"\*[^\s,\[\]{}]+[ \t]*:")


def may_have_key(file: ScannedFile, *names: str) -> bool:
    """Whether a mapping of the file may have a key named one of `names` (lower case), read in
    any case with escapes decoded: the name (not inside a longer name) before a `:`, after an
    optional closing quote and blanks (`token:`, `"token" :`, `{token: x}`); a file that writes
    a key another way (explicit, an alias) may have it wherever it reads the name."""
    if not may_read(file, *names):
        return False
    spellings = lower_spellings(file)
    if any(_ALIAS_KEY.search(t) or any(_indicator_at(t, m.start()) for m in _EXPLICIT_KEY.finditer(t))
           for t in spellings):
        return True
    return any(_name_at(t, m.start()) for t in spellings for key in _key_patterns(names) for m in key.finditer(t))


def _indicator_at(text: str, at: int) -> bool:
    """An indicator starts a node at `at`: at the start, after a blank, a flow `[`, `{`, `,`."""
    return not at or text[at - 1].isspace() or text[at - 1] in "[{,"


def _name_at(text: str, at: int) -> bool:
    """A name starts at `at`, not inside a longer one (after no word character nor `-`)."""
    return not at or not (text[at - 1].isalnum() or text[at - 1] in "_-")


_KEYS: dict[tuple[str, ...], tuple[re.Pattern[str], ...]] = {}


def _key_patterns(names: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """A pattern for each name, led by it: `re` skips from one occurrence of the name to the
    next in C, where an alternation of the names is led by the set of their first letters and
    tried at each (every `p` and `t` of a text, for `password` and `token`). Names are words:
    a match that another name's match would have taken in starts after a word character,
    where `_name_at` takes none."""
    found = _KEYS.get(names)
    if found is None:
        found = _KEYS[names] = tuple(re.compile(rf"{re.escape(name)}[\"']?\s*:") for name in names)
    return found


def spellings(file: ScannedFile) -> tuple[str, ...]:
    """The file's text as written and (the lines escapes are on) decoded: a value of the file
    can read a word written in one case (not over a line break) only if one of them holds it."""
    decoded = unescaped_lines(file)
    return (file.source.text,) if decoded is None else (file.source.text, decoded)


def may_name_secret(file: ScannedFile) -> bool:
    """Whether a name the file's values read may be a secret name (`secretnames.is_secret_name` with
    the file's settings): one of the built-in pattern's words is in a spelling, in any case; a
    configured pattern may match anything."""
    from ..valuepatterns import DEFAULT_SECRET_NAMES, SECRET_NAME_WORDS

    return file.settings.secret_names != DEFAULT_SECRET_NAMES or may_read(file, *SECRET_NAME_WORDS)

