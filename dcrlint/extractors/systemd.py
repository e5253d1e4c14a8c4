"""systemd units: the commands a service runs (`ExecStart=`, `ExecStartPre=` ...) and Podman
Quadlet's units, whose settings become a podman command line (an `.image` unit's `Creds=` is
`podman image pull --creds=...`, a `.container` unit's `PodmanArgs=` are `podman run`'s).

A unit's commands are no shell script, but systemd splits them into words much as a shell does
(quotes, `$VAR` and `${VAR}` from the unit's environment, a lone `;` between commands), so they
are read as one written so that a shell splits them as systemd does (`_add_value`: `|`, `&&`, `>`
are the program's arguments): its `Environment=` settings first, as assignments
(`-p ${REGISTRY_PASSWORD}` with `Environment=REGISTRY_PASSWORD=...` is a password written in the
unit), then each command on a line of its own, its `-`, `@`, `+`, `!`, `:` prefixes left out (`@`'s
argv[0] word too), a line continued with `\\` kept continued. A specifier (`%i`, `%n`: what
systemd puts in for the instance, the unit's name) is read as the variable it stands for, `${i}`;
`%%` is a `%`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..facts import NO_SHELL, SETTINGS, SHELL_CONTEXTS, VALUES, Fact, Setting, ShellContext
from ..filevalues import line_values
from ..lazyre import lazy_compile
from ..scanned import ScannedFile
from ..shell.heredocs import HEREDOC, delimiter_line
from ..source import MappedText, MappedTextBuilder, mapped_through
from . import inert

_SECTION = lazy_compile(r"[ \t]*\[([^\]\n]+)\][ \t]*$")
_SETTING = lazy_compile(r"[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=[ \t]*")
_COMMANDS = frozenset(("ExecStart", "ExecStartPre", "ExecStartPost", "ExecStop", "ExecStopPost", "ExecReload",
                       "ExecCondition"))
_NAME = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]*=")
# What `_add_value` reads: a specifier, quotes and escapes, `$`, and what only a shell reads.
_SPECIAL = lazy_compile(r"[%$'\"\\|&;<>()#`]")
_BLANK = " \t\r\n"
_VARIABLE = lazy_compile(r"\{[A-Za-z_]\w*\}|[A-Za-z_]\w*")
_WORD_END = lazy_compile(r"[\s\\'\"]")


class _Setting:
    __slots__ = ("end", "key", "key_start", "section", "start")

    def __init__(self, section: str, key: str, key_start: int, start: int, end: int) -> None:
        self.section, self.key, self.key_start, self.start, self.end = section, key, key_start, start, end


def _settings(text: str, pos: int, n: int) -> list[_Setting]:
    """Each `Key=value` of the unit in text[pos:n], with its section and the span of its value
    (a value continued with `\\` over lines spans them all)."""
    out: list[_Setting] = []
    section = ""
    while pos < n:
        end = text.find("\n", pos)
        end = n if end < 0 else end
        line = text[pos:end]
        stripped = line.lstrip()
        if not stripped or stripped[0] in "#;":
            pos = end + 1
            continue
        m = _SECTION.match(line)
        if m is not None:
            section = m.group(1).strip()
            pos = end + 1
            continue
        s = _SETTING.match(text, pos, end)
        last = pos  # (the line just read: a continued value takes the next line too)
        while end < n and _continued(text, last, end):
            last = end + 1
            nxt = text.find("\n", last)
            end = n if nxt < 0 else nxt
        if s is not None:
            stop = end - 1 if text[pos:end].endswith("\r") else end
            out.append(_Setting(section, s.group(1), s.start(1), s.end(), stop))
        pos = end + 1
    return out


def _continued(text: str, start: int, end: int) -> bool:
    """The line text[start:end] ends with `\\` (before an optional `\\r`)."""
    if end > start and text[end - 1] == "\r":
        end -= 1
    return end > start and text[end - 1] == "\\"


def _add_value(b: MappedTextBuilder, text: str, start: int, end: int) -> None:
    """The value as the words systemd gives the program, written for a shell: a specifier as
    the variable it stands for; what systemd substitutes as it does, whatever quotes the word
    was written in (it unquotes a word first): `$$` as a `$`, `${VAR}` as one word (also inside
    single quotes), `$VAR` only as a word of its own (`token=$VAR` are characters); and what only
    a shell reads (`|`, `&`, `<`, `>`, `(`, `)`, a backquote, a `;` inside a word, a word's leading
    `#`), which systemd passes to the program, as characters of their words. A lone `;` still
    ends a command. Otherwise quoted words are left as written (`sh -c '...'`'s script is a
    shell's, which expands what systemd left)."""
    at = i = start
    quote = ""
    while (m := _SPECIAL.search(text, i, end)) is not None:
        p = m.start()
        c = text[p]
        i = p + 1
        if c == "%":
            b.add(text[at:p], at)
            _add_specifier(b, text, p, end)
            at = i = min(p + 2, end)
        elif c == "$":
            at, i = _add_dollar(b, text, p, at, start, end, quote)
        elif quote == "'":
            quote = "" if c == "'" else quote
        elif c == "\\":
            i = p + 2
        elif c == '"':
            quote = "" if quote else c
        elif quote:
            continue
        elif c == "'":
            quote = c
        elif not (c == "#" and text[p - 1] not in _BLANK) \
                and not (c == ";" and text[p - 1] in _BLANK and (i == end or text[i] in _BLANK)):
            b.add(text[at:p], at)
            b.add_decoded("\\", p)
            at = p
    b.add(text[at:end], at)


def _add_dollar(b: MappedTextBuilder, text: str, p: int, at: int, start: int, end: int,
                quote: str) -> tuple[int, int]:
    """The `$` at text[p] as systemd reads it, written for a shell (`_add_value`); returns where
    the text is added up to and where the search goes on."""
    if text.startswith("$", p + 1):  # `$$`: a `$` (the shell's `\$`, or a `$` in single quotes)
        b.add(text[at:p], at)
        b.add_decoded("$" if quote == "'" else "\\$", p, p + 2)
        return p + 2, p + 2
    name = _VARIABLE.match(text, p + 1, end)
    if name is None:
        return at, p + 1
    e = name.end()
    braced = text[p + 1] == "{"
    if braced or _whole_word(text, p, e, start, end, quote):
        if quote == "'":  # (out of the shell's quotes: systemd puts the value there)
            b.add(text[at:p], at)
            b.add_decoded("'\"", p)
            b.add(text[p:e], p)
            b.add_decoded("\"'", e - 1)
            return e, e
        if braced and not quote:  # (one word, as systemd gives it)
            b.add(text[at:p], at)
            b.add_decoded('"', p)
            b.add(text[p:e], p)
            b.add_decoded('"', e - 1)
            return e, e
    elif quote != "'":  # (`token=$X`: systemd passes the characters)
        b.add(text[at:p], at)
        b.add_decoded("\\", p)
        return p, e
    return at, e


def _whole_word(text: str, p: int, e: int, start: int, end: int, quote: str) -> bool:
    """The expansion text[p:e] is a word of its own: blanks (or the value's ends) around it, or,
    inside quotes, the quotes right around it and blanks around them (`"$X"`; not `"using $X"`,
    one word systemd gives as written: R124)."""
    if quote:
        if text[p - 1] != quote or e >= end or text[e] != quote:
            return False
        p, e = p - 1, e + 1
    return (p <= start or text[p - 1] in _BLANK) and (e >= end or text[e] in _BLANK)


def _add_specifier(b: MappedTextBuilder, text: str, p: int, end: int) -> None:
    """The specifier at text[p] (`%i`) as the variable it stands for (`${i}`); `%%` is a `%`."""
    letter = text[p + 1] if p + 1 < end else ""
    if letter == "%":
        b.add("%", p)
    elif letter.isalpha():
        b.add_decoded("${", p)
        b.add(letter, p + 1)
        b.add_decoded("}", p + 1)
    else:
        b.add(text[p : p + 2], p)


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of an `Environment=` value's words: `NAME=value`, `"NAME=value with spaces"`
    (or single-quoted: the span inside the quotes)."""
    out = []
    i = start
    while i < end:
        if text[i] in " \t\r\n\\":
            i += 1
            continue
        if text[i] in "\"'":
            close = text.find(text[i], i + 1, end)
            close = end if close < 0 else close
            out.append((i + 1, close))
            i = close + 1
            continue
        j = i
        while j < end and text[j] not in " \t\r\n":
            j += 1
        out.append((i, j))
        i = j
    return out


def _assignments(text: str, s: _Setting) -> Iterator[tuple[int, int, int]]:
    """(name start, value start, end) of each `NAME=value` word of an `Environment=` setting."""
    for start, end in _words(text, s.start, s.end):
        m = _NAME.match(text, start, end)
        if m is not None:
            yield start, m.end(), end


def _environment(b: MappedTextBuilder, text: str, s: _Setting) -> None:
    """Each assignment as a shell's (`NAME='value'`, mapped to the unit's characters)."""
    for start, at, end in _assignments(text, s):
        value = text[at:end]
        if "'" in value or "\\" in value or "\n" in value:
            continue  # (not written as one shell word here: left out)
        b.add_decoded("\n", s.key_start)
        b.add(text[start:at], start)
        b.add_decoded("'", at - 1)
        b.add(value, at)
        b.add_decoded("'", end - 1)


def _command(b: MappedTextBuilder, text: str, s: _Setting) -> None:
    at = s.start
    argv0 = False
    while at < s.end and text[at] in "-@+!:":
        argv0 = argv0 or text[at] == "@"  # (the word after the path is the program's argv[0])
        at += 1  # (systemd's prefixes: ignore failure, argv[0], privileges)
    b.add_decoded("\n", s.key_start)
    # The program: by its path, as a unit names nearly every one (`/usr/bin/echo`), read as its
    # name, so that the checks know it (`echo ${TOKEN}` prints the token to the journal).
    word_end = _WORD_END.search(text, at, s.end)
    stop = word_end.start() if word_end else s.end
    name = text.rfind("/", at, stop) + 1 if text.startswith("/", at) else at
    b.add(text[name:stop], name)
    at = stop
    if argv0:  # (`@/usr/bin/docker docker login ...`: what the program is told its name is, no argument)
        while at < s.end and text[at] in " \t":
            at += 1
        word_end = _WORD_END.search(text, at, s.end)
        at = word_end.start() if word_end else s.end
    _add_value(b, text, at, s.end)


def _podman(b: MappedTextBuilder, text: str, s: _Setting, words: str, option: str,
            operand: _Setting | None) -> None:
    """A Quadlet setting as the podman command line it becomes (`words`, then `option` and
    the value), mapped to the setting: its key for the words podman is given by the unit."""
    b.add_decoded("\n" + words + " " + option, s.key_start, s.key_start + len(s.key))
    _add_value(b, text, s.start, s.end)
    if operand is not None:
        b.add_decoded(" ", operand.key_start)
        _add_value(b, text, operand.start, operand.end)


def unit_script(text: str, start: int, end: int) -> MappedText | None:
    """The commands of the unit in text[start:end] as one script (offsets into `text`)."""
    settings = _settings(text, start, end)
    b = MappedTextBuilder()
    for s in settings:
        if s.key == "Environment" and s.section in ("Service", "Container"):
            _environment(b, text, s)
    images = {s.section: s for s in settings if s.key == "Image"}
    for s in settings:
        if s.key in _COMMANDS:
            _command(b, text, s)
        elif s.section == "Image" and s.key == "Creds":
            _podman(b, text, s, "podman image pull", "--creds=", images.get("Image"))
        elif s.section == "Container" and s.key == "PodmanArgs":
            _podman(b, text, s, "podman run", "", None)
    script = b.build(end)
    return script if script.text.strip() else None


_ADVICE = ("keep it out of the unit: an `EnvironmentFile=` kept outside the repository, systemd's credentials "
           "(`LoadCredential=`), or a Podman secret (`Secret=`)")


def settings(file: ScannedFile) -> list[Setting]:
    """A service's and a Quadlet container's `Environment=` settings, as an env file's lines and
    Compose's `environment:` are (a value holding a specifier, `%d/token`, is systemd's, no literal)."""
    text = file.source.text
    out = []
    for s in _settings(text, 0, len(text)):
        if s.key != "Environment" or s.section not in ("Service", "Container"):
            continue
        where = "Quadlet container" if s.section == "Container" else "systemd unit"
        for start, at, end in _assignments(text, s):
            if "%" not in text[at:end]:
                name = text[start : at - 1]
                out.append(Setting(name, name, MappedText.verbatim(text[at:end], at), (s.section, "Environment", name),
                                   where, _ADVICE))
    return out


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    script = unit_script(file.source.text, 0, len(file.source.text))
    return [ShellContext(script, "sh", (NO_SHELL,))] if script is not None else []


# A unit a script writes from a here-document (`cat > /etc/systemd/system/app.service <<EOF`,
# `tee app.service <<'EOF'`; `cat <<EOF >"$UNIT"` whose body opens with a unit's section).
_UNIT_TARGET = lazy_compile(r"\.service(?=[\"' \t;|&)]|$)", re.M)
_UNIT_START = lazy_compile(r"\s*\[(?:Unit|Service)\]")


def may_write_unit(text: str) -> bool:
    """A superset of `written_units`: a here-document and a unit's name or section."""
    return "<<" in text and (".service" in text or "[Service]" in text)


def written_units(script: MappedText, place: tuple[str, ...]) -> list[ShellContext]:
    """The units a script writes from here-documents, each read as a unit file is, at its place
    in the file (a body the shell expands gets the script's values: `-p $TOKEN` there is the
    token on the unit's command line)."""
    text = script.text
    out: list[ShellContext] = []
    for m in HEREDOC.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        if line_end < 0 or text[line_start : m.start()].lstrip().startswith("#") \
                or text.startswith("<", m.start() - 1):
            continue  # (a comment; a here-string, `<<<`)
        body = line_end + 1
        # (a unit by its target or its first line, asked first: a shift `$(( 1 << n ))` is no
        # here-document and has no delimiter to look for)
        if not (_UNIT_TARGET.search(text, line_start, line_end) or _UNIT_START.match(text, body)):
            continue
        end = delimiter_line(text, body, m.group(3), m.group(1) == "-")
        unit = unit_script(text, body, end) if end is not None else None
        if unit is not None:
            out.append(ShellContext(mapped_through(unit, script), "sh",
                                    (*place, NO_SHELL, str(text.count("\n", 0, body) + 1))))
    return out


FACTS: dict[Fact[Any], Any] = {SHELL_CONTEXTS: shell_contexts, VALUES: line_values, SETTINGS: settings}
# Settings read line by line, their commands parsed as a script's: nothing to notify.
NOTES = inert.no_notes
