"""DCR010's gate: whether a CI file may give a secret-named name a literal value, told from its
text without building the model (a superset of what the check reports).

Secret words are in most CI files (`${{ secrets.TOKEN }}`, `permissions: id-token: write`,
`persist-credentials: false`, `credentials('id')`), so a word test holds nearly everywhere. The
check reports a value only where a name the CI system reads as a variable, input or registry
password is secret-named (or the value is a registry password, a reusable workflow's secret)
and the value is a literal. So, per kind:

- GitHub and GitLab YAML: each line that may hold a secret word (in any case, with YAML escapes
  decoded, not ASCII, or any line when secret names are configured) is read as a block-style
  YAML line: block scalar content and sequence items name nothing; a `key: value` line matters
  when the mapping holding it is one the check reads (GitHub `env:`, `with:`, `secrets:`,
  `credentials:` `password`, an input's `default:`; GitLab `variables:` plain or `value:`
  form), and then only when its value may be a literal: a value that starts with an expression
  or a variable is none however it goes on, one wholly on the line is classified as the check
  classifies it. A mapping on the lines after a secret-named key (or `secrets:`) has its
  entries read the same way. Anything this reading does not follow holds: a line of another
  form, a structure it cannot place (a flow collection over several lines, a comment or a line
  of another form above it), aliases (a mapping used elsewhere), GitLab local includes (a file
  including this one may name its values) and `variables:` given by a `!reference` or tag.
- Jenkinsfiles: the check reads `NAME = value` in `environment { }` blocks and `env.NAME =`,
  `env['NAME'] =` in code, so a file without the word `env`, without `environment` and no such
  `env` assignment, or whose secret-named assignments all take `credentials('id')`,
  holds none; job parameters need the word `parameters` (`parameters { }`, `parameters([...])`,
  `parameters:`) and a secret word in any spelling.
- The CI systems described as data: a secret word anywhere (their names are keys, sibling
  `name:` values and `NAME=value` words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Final

from ..classify import FileKind
from ..lazyre import lazy_compile
from ..secretnames import may_name_secret_setting
from ..valuepatterns import DEFAULT_SECRET_NAMES, SECRET_NAME_WORDS
from ._literals import literal_value
from ._spellings import lower_spellings, unescaped, unescaped_lines

if TYPE_CHECKING:
    from ..scanned import ScannedFile

_WORD = lazy_compile("|".join(SECRET_NAME_WORDS))
# The letters Python's regular expressions read as ASCII ones when ignoring case (`İ`, `ı` as
# `i`, `ſ` as `s`, the Kelvin sign as `k`): the only ones that can make a name match the
# built-in secret-name pattern, which is ASCII.
_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _has_fold(text: str) -> bool:
    return not text.isascii() and any(c in text for c in _FOLDS)


def _lines_at(text: str, positions: list[int]) -> set[int]:
    """The numbers of the lines of `text` holding these positions."""
    out: set[int] = set()
    line = last = 0
    for pos in sorted(positions):
        line += text.count("\n", last, pos)
        last = pos
        out.add(line)
    return out


def may_assign_secret(file: ScannedFile) -> bool:
    """The gate of both DCR010 checks (worked out once per file)."""
    return file.once("dcr010_gate", _may_assign_secret)


def _may_assign_secret(file: ScannedFile) -> bool:
    kind = file.kind
    if kind is FileKind.JENKINSFILE:
        return _jenkins(file)
    if kind in (FileKind.GITHUB_WORKFLOW, FileKind.GITHUB_ACTION, FileKind.GITLAB_CI):
        return _CiYaml(file).may_assign()
    return _any_word(file)


def _has_word(low: str) -> bool:
    return any(word in low for word in SECRET_NAME_WORDS)


def _any_word(file: ScannedFile) -> bool:
    """A secret word in any case in the text or its decoded escapes, or text that is not ASCII
    (the name pattern ignores case the Unicode way: `ſ` reads `s`)."""
    if file.settings.secret_names != DEFAULT_SECRET_NAMES:
        return True
    if not file.source.text.isascii() or not (unescaped_lines(file) or "").isascii():
        return True
    return any(_has_word(t) for t in lower_spellings(file))


# --- Jenkinsfiles ------------------------------------------------------------------------

# An identifier (as the Groovy lexer reads one) and `=`, with blanks and comments between (the
# parser reads tokens without comments).
# (Each blank, comment and identifier is matched one way only: no backtracking blow-up.)
_GROOVY_ASSIGN = lazy_compile(
    r"(?<![\w$])((?:[^\W\d]|\$)[\w$]*)"
    r"(?:[ \t\f\v\r\n\ufeff\u00a0]|\\\r?\n|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*(?![^\n]))*=(?![=~])"
)
# `credentials('id')` alone up to the line's end: the value is a reference to the store.
_CREDENTIALS_CALL = lazy_compile(
    r"[ \t]*credentials[ \t]*\([^()\n]*\)[ \t]*(?:;[ \t]*)?(?://[^\n]*)?(?:\r?\n[ \t\r\n]*|\Z)"
)


# `env[KEY] =`: the key's text (a string literal, for the model). `env` first, what is before it
# looked behind: `re` skips to each `env` in C (led by the lookbehind, it tries every character).
_ENV_INDEX = lazy_compile(r"env(?<![\w$]env)\s*\[([^\]]*)\]\s*=(?![=~])")


def _jenkins(file: ScannedFile) -> bool:
    text = file.source.text
    if "parameters" in text and _any_word(file):  # job parameters (an identifier) given a secret name
        return True
    if "env" not in text:  # `environment { }` and `env.NAME =`: identifiers, not spelled otherwise
        return False
    pattern = file.settings.secret_names
    block = "environment" in text
    if not block and "[" in text and _env_index(text, pattern):
        return True
    if pattern == DEFAULT_SECRET_NAMES and text.isascii():
        # A secret name holds a secret word: the identifiers around the words (str.find)
        # rather than every identifier of the file.
        low, starts = text.lower(), set()
        for word in SECRET_NAME_WORDS:
            at = low.find(word)
            while at >= 0:
                start = at
                while start and (text[start - 1].isalnum() or text[start - 1] in "_$"):
                    start -= 1
                starts.add(start)
                at = low.find(word, at + 1)
        found: Iterator[re.Match[str]] = (m for start in sorted(starts) if (m := _GROOVY_ASSIGN.match(text, start)))
    else:
        found = _GROOVY_ASSIGN.finditer(text)
    for m in found:
        if not may_name_secret_setting(m.group(1), pattern):
            continue
        if not block and not _after_dot(text, m.start()):
            continue  # without `environment`, only `env.NAME =` is read
        call = _CREDENTIALS_CALL.match(text, m.end())
        # A statement goes on at a line starting with an operator (`.`, `+`, `?:`, `&&` ...).
        if call is None or text[call.end() : call.end() + 1] in ".?+&|:/":
            return True
    return False


def _after_dot(text: str, at: int) -> bool:
    """A `.` (or a comment's end, which may follow one) before `at`, over blanks."""
    at -= 1
    while at >= 0 and text[at] in " \t\r\n\f\v\ufeff\u00a0\\":
        at -= 1
    return at >= 0 and text[at] in "./"


def _env_index(text: str, pattern: str) -> bool:
    """`env['NAME'] =` with a key that may be a secret name: one written with an escape or a
    comment is taken to be one."""
    for m in _ENV_INDEX.finditer(text):
        key = m.group(1).strip()
        if "\\" in key or "/" in key or may_name_secret_setting(key.strip("'\""), pattern):
            return True
    return False


# --- GitHub and GitLab YAML ----------------------------------------------------------------

# A block-style line: indentation, `- ` items, a key (plain, without `:` or `#`, or quoted on
# the line), `:` and the rest.
_KEY_LINE = lazy_compile(
    r"( *)((?:- +)*)(?:([^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*?|[-?:][^\s:#][^:#]*?)"
    r"|\"((?:[^\"\\]|\\.)*)\"|'((?:[^']|'')*)') *:(?:[ \t]+(.*))?"
)
_ITEM_LINE = lazy_compile(r"( *)((?:- +)*-)(?:[ \t]+(.*))?")
_DOUBLE = lazy_compile(r'"(?:[^"\\]|\\.)*"')
_SINGLE = lazy_compile(r"'(?:[^']|'')*'")
_AFTER_QUOTE = lazy_compile(r"[ \t]*(?:#.*)?")
_PROPERTIES = lazy_compile(r"(?:[&!]\S*(?:[ \t]+|$))+")
_COMMENT = lazy_compile(r"[ \t]#")
_VARIABLE_START = lazy_compile(r"\$[A-Za-z_]")
# A `[` or `{` where a node may start (not the inner `{` of `${{`): a flow collection.
_FLOW_START = lazy_compile(r"(?:^|[\s:,?-])[\[{]")
# Line breaks YAML reads besides LF and CRLF (or characters it refuses, ending the document).
_ODD_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")  # (str.find: C speed)
_LONE_CR = lazy_compile(r"\r(?!\n)")
_VARIABLES = lazy_compile("variables")
_BRACKET = lazy_compile(r"[\[{]")
_SPACES = lazy_compile(" *")
_MAYBE_BLANK = frozenset(("", "\t", "\r"))
_BLANK = lazy_compile(r"[ \t\r]*")
_BACKSLASH = lazy_compile(r"\\")

# An alias and an anchor where a node may start, as `yamlsrc` finds them (tests hold them equal;
# this module reads text, not YAML).
_ALIAS = lazy_compile(r"\*(?<![^\s\[{,:?\ufeff-]\*)([0-9A-Za-z_-]+)")
_ANCHOR = lazy_compile(r"&(?<![^\s\[{,:?\ufeff-]&)([0-9A-Za-z_-]+)")


def _may_alias(text: str) -> bool:
    """Whether an alias of the text may name one of its anchors (`yamlsrc._may_alias`)."""
    aliases = {m.group(1) for m in _ALIAS.finditer(text)}
    return bool(aliases) and any(m.group(1) in aliases for m in _ANCHOR.finditer(text))


# Keys whose value is read as a mapping of names (GitLab's `variables` also by `!reference`).
_HOLDERS = frozenset(("secrets", "credentials", "variables"))

# What follows a key's `: ` (or an item's `- `).
NESTED: Final = "nested"  # nothing (or node properties only): on the lines after, or null
BLOCK: Final = "block"  # `|` or `>`: a block scalar's content follows
FLOW: Final = "flow"  # `{` or `[` (after any properties)
OTHER: Final = "other"  # an alias, properties and a scalar, a quoted scalar going on ...
QUOTED: Final = "quoted"  # a quoted scalar closed on the line
PLAIN: Final = "plain"

# A line read: (form, indentation, key column, key, value kind, value). Forms: "key" (a key
# line, after any `- `), "item" (a sequence item without a key), "blank", "comment", "other".
_Line = tuple[str, int, int, "str | None", str, str]


class _Unknown:
    """Where a line's place cannot be told from the lines above it."""


UNKNOWN: Final = _Unknown()
CONTENT: Final = "\0content"  # part of a scalar written above (a block scalar's content ...)
_Parent = str | _Unknown | None  # None: the document's top, or a sequence item


def _yaml_unescaped(text: str) -> str:
    return unescaped(text, FileKind.GITHUB_WORKFLOW) or text


def _value(text: str | None) -> tuple[str, str]:
    """(kind, value) of the text after a key's `: `; the value as the check reads it for a
    quoted scalar closed on the line, the first line's text for a plain one."""
    if not text or text[0] == "#":
        return NESTED, ""
    first = text[0]
    if first in "|>":
        return BLOCK, ""
    if first in "&!":
        m = _PROPERTIES.match(text)
        rest = text[m.end() :] if m else ""
        if not rest or rest[0] == "#":
            return NESTED, text
        return (FLOW, rest) if rest[0] in "{[" else (OTHER, text)
    if first in "{[":
        return FLOW, text
    if first in "\"'":
        m = (_DOUBLE if first == '"' else _SINGLE).match(text)
        if m is None or not _AFTER_QUOTE.fullmatch(text, m.end()):
            return OTHER, text
        inner = text[1 : m.end() - 1]
        return QUOTED, (_yaml_unescaped(inner) if first == '"' else inner.replace("''", "'"))
    if first in "*%@`" or text[:2] in ("- ", "? ", ": ") or text in ("-", "?", ":"):
        return OTHER, text
    cut = _COMMENT.search(text)
    return PLAIN, (text[: cut.start()] if cut else text).rstrip()


def _never_literal(plain: str) -> bool:
    """A plain scalar starting so is an expression or a variable, however it goes on."""
    return (plain.startswith("${{") and "}}" in plain[3:]) or _VARIABLE_START.match(plain) is not None


def _flow_open(text: str) -> bool:
    """Whether a line (without its indentation) leaves a flow collection open, reading
    brackets and quotes where YAML starts a node; in doubt, open."""
    depth = 0
    start = True  # where a node may start
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t":
            i += 1
            continue
        if c == "#" and (i == 0 or text[i - 1] in " \t"):
            break
        if start and c in "\"'":
            m = (_DOUBLE if c == '"' else _SINGLE).match(text, i)
            if m is None:
                return True  # a quoted scalar going on to the next line
            i, start = m.end(), False
            continue
        if start and c in "&!":  # node properties: the node starts after them
            while i < n and text[i] not in " \t":
                i += 1
            continue
        if c in "[{" and (start or depth):
            depth += 1
            start = True
        elif c in "]}" and depth:
            depth -= 1
            start = False
        elif (c == "," and depth) or (c in ":-?" and (i + 1 == n or text[i + 1] in " \t")):
            start = True
        else:
            start = False
        i += 1
    return depth > 0


class _CiYaml:
    """The lines of a GitHub or GitLab CI file, and whether one may give the check a literal."""

    def __init__(self, file: ScannedFile) -> None:
        self.file = file
        text = file.source.text
        self.text = text[1:] if text.startswith("\ufeff") else text
        self.gitlab = file.kind is FileKind.GITLAB_CI
        self.pattern = file.settings.secret_names
        self.placeholders = file.settings.placeholders
        self.lines: list[str] = []
        self._odd = False  # line breaks other than LF and CRLF: lines from str.splitlines
        self._parsed: dict[int, _Line] = {}
        self._parents: dict[int, _Parent] = {}
        self._aboves: dict[int, int] = {}
        self._indent: list[int] | None = None
        self._flow_at: int | None = None  # the first line leaving a flow collection open
        self._flow_to = 0  # lines before this one looked at for that

    def may_assign(self) -> bool:
        text = self.text
        escapes = "\\" in text
        custom = self.pattern != DEFAULT_SECRET_NAMES
        odd = custom or any(c in text for c in _ODD_BREAKS) or ("\r" in text and _LONE_CR.search(text) is not None)
        # (every line break YAML reads splits here; the others are refused by the parser)
        self.lines, self._odd = (text.splitlines(), True) if odd else (text.split("\n"), False)
        if self.gitlab and ("include" in text or (escapes and "include" in _yaml_unescaped(text))) \
                and self._includes_local_file(escapes):
            return True  # an included file may `!reference` this file's values under its names
        low = text.lower()
        if not custom and not escapes and not _has_fold(text) and not _has_word(low):
            return False  # no name of the file can be secret-named
        if _may_alias(text):
            return True  # a mapping or a name used at another place
        if odd:
            selected: Iterable[int] = range(len(self.lines)) if custom else self._selected_slowly()
        else:
            selected = self._selected(low, escapes)
        return any(self._line(i) for i in selected)

    def _includes_local_file(self, escapes: bool) -> bool:
        """Whether the file's top-level `include:` may name a file of the repository (a path,
        `local:`): remote, template, project and component includes are not read."""
        lines = self.lines
        for i, line in enumerate(lines):
            if "include" not in line and not (escapes and "\\" in line and "include" in _yaml_unescaped(
                    line + "\n" + lines[i + 1] if i + 1 < len(lines) else line)):
                continue
            form, indent, key_col, key, kind, value = self._parse(i)
            if form == "other":
                return True  # `? include`, a tag, a key spelled otherwise
            if form != "key" or key != "include" or key_col > indent:
                continue  # text of a value, another key, a key of a sequence item
            parent = self._parent(i)
            if parent is CONTENT or isinstance(parent, str):
                continue  # not the document's (`trigger: include:` is a child pipeline's)
            if kind in (PLAIN, QUOTED):
                if not value.startswith(("http://", "https://")):
                    return True
            elif kind != NESTED or self._local_entries(i, key_col):
                return True
        return False

    def _local_entries(self, i: int, key_col: int) -> bool:
        """Whether the `include:` list or mapping after line i may name a repository file: a
        path as an item, or `local:`."""
        item_col: int | None = None
        for j in range(i + 1, len(self.lines)):
            form, indent, col, key, kind, value = self._parse(j)
            if form in ("blank", "comment"):
                continue
            if indent < key_col or (indent == key_col and form != "item" and col == indent):
                return False  # the next key of the document
            if item_col is None:
                item_col = indent
            if form == "other" or key == "local" or (kind in (FLOW, OTHER, BLOCK) and "local" in self.lines[j]):
                return True
            if indent == item_col and form == "item":  # `- path` (a file) or `-` and a mapping below
                if kind in (PLAIN, QUOTED) and not value.startswith(("http://", "https://")):
                    return True
                if kind in (OTHER, BLOCK):  # (a flow mapping names a file by `local:` only)
                    return True
        return False

    # -- which lines to read

    def _selected(self, low: str, escapes: bool) -> list[int]:
        """The lines that may hold a secret name (and GitLab's `variables`), in order: a word
        in any case, a letter the name pattern reads as an ASCII one, a word spelled with an
        escape."""
        text = self.text
        words: list[int] = []
        for word in SECRET_NAME_WORDS:  # (str.find: far faster than one pattern of them all)
            found = low.find(word)
            while found >= 0:
                words.append(found)
                found = low.find(word, found + 1)
        at: list[int] = []
        for c in _FOLDS:
            found = text.find(c)
            while found >= 0:
                at.append(found)
                found = text.find(c, found + 1)
        if self.gitlab:
            at += [m.start() for m in _VARIABLES.finditer(text)]
        if escapes:
            at += [m.start() for m in _BACKSLASH.finditer(text)]
        # (lower() may lengthen a line: `İ` reads two characters; lines stay the same)
        found_at = _lines_at(low, words) | _lines_at(text, at)
        if escapes:  # a line with an escape is read when decoded it may name something
            lines = self.lines
            return [i for i in sorted(found_at) if "\\" not in lines[i] or self._names(lines[i])
                    or self._decoded_names(i)]
        return sorted(found_at)

    def _selected_slowly(self) -> list[int]:
        """`_selected` line by line (a text with line breaks other than LF and CRLF)."""
        return [i for i, line in enumerate(self.lines)
                if self._names(line) or ("\\" in line and self._decoded_names(i))]

    def _names(self, line: str) -> bool:
        return _has_word(line.lower()) or _has_fold(line) or (self.gitlab and "variables" in line)

    def _decoded_names(self, i: int) -> bool:
        """Whether line i, escapes decoded (an escaped line break joins the next), may name a
        secret (or GitLab's `variables`)."""
        lines = self.lines
        return self._names(_yaml_unescaped(lines[i] + "\n" + lines[i + 1] if i + 1 < len(lines) else lines[i]))

    # -- how a line reads, and where it is

    def _parse(self, i: int) -> _Line:
        try:
            return self._parsed[i]
        except KeyError:
            pass
        line = self.lines[i]
        if line.endswith("\r"):
            line = line[:-1]
        indent = _SPACES.match(line).end()  # type: ignore[union-attr]
        first = line[indent : indent + 1]
        parsed: _Line
        if _BLANK.fullmatch(line, indent):
            parsed = ("blank", indent, indent, None, "", "")
        elif first == "\t":
            parsed = ("other", indent, indent, None, OTHER, "")  # a tab in the indentation
        elif first == "#":
            parsed = ("comment", indent, indent, None, "", "")
        elif (m := _KEY_LINE.fullmatch(line)) is not None and m.group(3) != "<<":  # (a merge key: another form)
            plain, double, single = m.group(3), m.group(4), m.group(5)
            key = plain.rstrip("\t") if plain is not None else _yaml_unescaped(double) if double is not None \
                else single.replace("''", "'")
            parsed = ("key", indent, len(m.group(1)) + len(m.group(2)), key, *_value(m.group(6)))
        elif (m := _ITEM_LINE.fullmatch(line)) is not None:
            parsed = ("item", indent, m.end(2), None, *_value(m.group(3)))
        else:
            parsed = ("other", indent, indent, None, OTHER, "")
        self._parsed[i] = parsed
        return parsed

    def _indents(self) -> list[int]:
        """Every line's indentation, -1 for a blank line."""
        if self._indent is None:
            self._indent = [len(line) - len(body) if (body := line.lstrip(" "))[:1] not in _MAYBE_BLANK
                            else -1 if not body.strip(" \t\r") else len(line) - len(body)
                            for line in self.lines]
        return self._indent

    def _above(self, i: int) -> int:
        """The nearest line above line i indented less (not blank), -1 when none is. Lines
        passed by are jumped over with their own answers where known."""
        above = self._aboves
        found = above.get(i)
        if found is not None:
            return found
        indents = self._indents()
        col = indents[i]
        j = i - 1
        while j >= 0:
            indent = indents[j]
            if indent < 0:
                j -= 1
            elif indent < col:
                break
            else:
                jump = above.get(j)
                j = j - 1 if jump is None else jump  # every line between is indented as much as j
        above[i] = j
        return j

    def _parent(self, i: int) -> _Parent:
        """The key whose mapping holds line i (as the nearest line above indented less
        says), None at the top or in a sequence item, CONTENT when line i is part of a scalar
        written above, UNKNOWN when that cannot be told."""
        try:
            return self._parents[i]
        except KeyError:
            pass
        j = self._above(i)
        found: _Parent = None
        if j >= 0:
            col = self._indents()[i]
            form, indent, key_col, key, kind, _ = self._parse(j)
            if self._parent(j) is CONTENT:
                found = CONTENT  # line j is a scalar's content, and so is every line after it indented more
            elif form in ("comment", "other"):
                found = UNKNOWN
            elif col > key_col:  # below the key (or the item)
                if kind == BLOCK:
                    found = CONTENT  # every line since is indented more than the key: content
                elif kind == FLOW:
                    found = UNKNOWN
                elif kind != NESTED:
                    found = CONTENT  # a plain or quoted scalar going on (or a syntax error)
                else:
                    found = key if form == "key" else None
            elif form == "key" and key_col > indent and col == key_col:
                found = None  # another key of the same sequence item
            else:
                found = UNKNOWN
        self._parents[i] = found
        return found

    def _in_flow(self, i: int) -> bool:
        """Whether a flow collection may be open at line i (a line at or above it, outside
        block scalars, leaves one open): then indentation does not tell where line i is,
        nor where a plain scalar on it ends."""
        if self._flow_at is None and self._flow_to <= i:
            for j in self._flow_starts(self._flow_to, i + 1):
                if self._parent(j) is not CONTENT and _flow_open(self.lines[j][self._indents()[j]:]):
                    self._flow_at = j
                    break
            self._flow_to = i + 1
        return self._flow_at is not None and self._flow_at <= i

    def _flow_starts(self, first: int, end: int) -> list[int]:
        """Lines first..end-1 holding a `[` or `{` where a node may start (not the inner `{`
        of `${{`)."""
        lines = self.lines
        if self._odd:
            return [j for j in range(first, end) if _FLOW_START.search(lines[j])]
        out: list[int] = []
        for j in range(first, end):
            line = lines[j]
            if "[" in line or "{" in line:
                at = 0
                for m in _BRACKET.finditer(line):
                    at = m.start()
                    if not at or line[at - 1] in " \t:,?-":
                        out.append(j)
                        break
        return out

    # -- what a line may give

    def _line(self, i: int) -> bool:
        """Whether line i may give the check a literal. What the line's own text tells comes
        first: most lines give a value that cannot be a literal wherever they are."""
        form, indent, key_col, key, kind, value = self._parse(i)
        if form in ("blank", "comment"):
            return False
        if form == "item" and not ((kind == FLOW and ":" in value) or kind == OTHER):
            return False  # a sequence item names nothing (a mapping in one is no variable either)
        if key is not None and key not in _HOLDERS and (
                (kind == PLAIN and _never_literal(value)) or (kind != FLOW and not self._read(key, UNKNOWN))):
            # A value that cannot be a literal, or a name read nowhere (a name of any kind
            # under `secrets:` is read from the `secrets:` line, `_entries`).
            return False
        parent = self._parent(i)
        if parent is CONTENT:
            return False
        if form == "item":  # merged into a mapping (`<<:`) where the line above is not read
            return isinstance(parent, _Unknown) or self._in_flow(i)
        if form == "key" and kind == QUOTED and not (self.gitlab and key == "variables") and not literal_value(
                value, self.placeholders):
            return False
        if form != "key":
            # A line of another form: a name (`? key`, a merge key `<<:`, a key spelled
            # otherwise) where it has a `:` or starts with `?`; else a scalar going on.
            rest = self.lines[i][indent:]
            return (":" in rest or rest[:1] == "?" or isinstance(parent, _Unknown)
                    or self._in_flow(i))
        assert key is not None
        if not isinstance(parent, _Unknown) and key_col > indent:
            parent = None  # `- key:`: the first key of a sequence item
        if self._pair(key, parent, i, key_col, kind, value, False):
            return True
        # In a flow collection over lines the place told by indentation may be wrong.
        return (not isinstance(parent, _Unknown) and self._pair(key, UNKNOWN, i, key_col, kind, value, True)
                and self._in_flow(i))

    def _secret(self, name: str) -> bool:
        return may_name_secret_setting(name, self.pattern)

    def _read(self, key: str, parent: _Parent) -> bool:
        """Whether the check reads a scalar given to `key` in the mapping of `parent`."""
        if isinstance(parent, _Unknown):
            return self._secret(key) or key in ("password", "default", "value")
        if self.gitlab:  # `variables:`, plain or `value:` form
            return (parent == "variables" and self._secret(key)) or (
                key == "value" and parent is not None and self._secret(parent))
        # `env:`, `with:` inputs, a reusable workflow's `secrets:`, a container's registry
        # password, an input's default
        return ((parent in ("env", "with") and self._secret(key)) or parent == "secrets"
                or (parent == "credentials" and key == "password")
                or (key == "default" and parent is not None and self._secret(parent)))

    def _holds(self, key: str) -> bool:
        """Whether the check reads entries of a mapping given to `key` whatever their names."""
        return self._secret(key) or (not self.gitlab and key in ("secrets", "credentials"))

    def _pair(self, key: str, parent: _Parent, i: int, key_col: int, kind: str, value: str, flow: bool) -> bool:
        """Whether `key: value` written on line i may give the check a literal; `flow`: as if
        in a flow collection (a plain scalar may go on at any indentation)."""
        read = self._read(key, parent)
        if self.gitlab and key == "variables":
            # variables given by a tag (`!reference`), or written otherwise than as a mapping
            if kind == NESTED and not value:
                return self._below(i, key_col) not in ("key", "item", None)
            return kind not in (PLAIN, QUOTED)
        if kind == NESTED:
            below = self._below(i, key_col)
            if below == "key":
                return self._holds(key) and self._entries(i, key_col, key, flow)
            if below in ("item", None):
                return False
            return read or self._holds(key)  # a scalar on the next line, or a line of another form
        if kind == FLOW:
            return ":" in value or read
        if not read:
            return False
        if kind == QUOTED:
            return literal_value(value, self.placeholders)
        if kind == PLAIN:
            if _never_literal(value):
                return False
            if not flow and self._ends(i, key_col):
                return literal_value(value, self.placeholders)
        return True

    def _ends(self, i: int, key_col: int) -> bool:
        """Whether a plain scalar starting on line i ends there (out of flow collections): the
        next line that is not blank is indented no more than its key (and not by a tab)."""
        for j in range(i + 1, len(self.lines)):
            form, indent = self._parse(j)[:2]
            if form != "blank":
                line = self.lines[j]
                return indent <= key_col and line[indent : indent + 1] != "\t"
        return True

    def _below(self, i: int, key_col: int) -> str | None:
        """The form of the first line after i indented more than key_col ("item" also for a
        sequence at key_col), None when none is: what a key with nothing after it holds."""
        for j in range(i + 1, len(self.lines)):
            form, indent, col = self._parse(j)[:3]
            if form in ("blank", "comment"):
                continue
            if indent > key_col or (indent == key_col and (form == "item" or (form == "key" and col > indent))):
                return "item" if form == "key" and col > indent else form
            return None
        return None

    def _entries(self, i: int, key_col: int, key: str, flow: bool) -> bool:
        """Whether an entry of the mapping under line i's key may give the check a literal."""
        col: int | None = None
        for j in range(i + 1, len(self.lines)):
            form, indent, entry_col, entry, kind, value = self._parse(j)
            if form in ("blank", "comment"):
                continue
            if indent <= key_col:
                return False
            if col is None:
                col = indent
            if indent > col or form == "item" or (form == "key" and entry_col > indent):
                continue  # below an entry, or the sequence an entry holds
            if indent < col or form != "key":
                return True
            assert entry is not None
            if self._pair(entry, key, j, entry_col, kind, value, flow):
                return True
            if (not flow and self._pair(entry, UNKNOWN, j, entry_col, kind, value, True)
                    and self._in_flow(j)):
                return True
        return False
