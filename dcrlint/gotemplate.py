"""Go templates (Helm charts) read as YAML: each `{{ ... }}` action is masked with text of the
same length, so the YAML parser sees a document and every offset, line and column is the
file's own.

An action alone on its lines (`{{- if .Values.x }}`, `{{- toYaml . | nindent 8 }}`, a
multi-line `{{- /* comment */}}`) becomes blanks: it only adds or removes YAML around it. An
action among other text on its line (`image: {{ .Values.image }}`) becomes a run of a plain
letter, so it stays one scalar (or part of one) where it stood; the composed scalar gets the
action's text back (`yamlsrc.compose`), which `values.classify` reads as templated.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from .lazyre import lazy_compile
from .records import lazy_dataclass
from .source import Span

# What an inline action is replaced with: a letter every YAML context reads as plain text.
MASK_CHAR = "x"
_BLANKS = " \t"
# Line breaks as YAML counts them: kept, so lines and columns stay the file's.
_BREAKS = "\r\n\x85\u2028\u2029"
_BREAK_SET = frozenset(_BREAKS)


class TemplateError(Exception):
    """An action that does not end (`{{` without `}}`, an unterminated string in an action)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@lazy_dataclass(frozen=True)
class Masked:
    text: str  # same length as the original, line breaks where they were
    actions: tuple[Span, ...]  # every action, in order
    inline: tuple[Span, ...]  # the actions masked with MASK_CHAR (the others became blanks)


def find_actions(text: str) -> list[Span]:
    """Spans of the template actions, `{{` to `}}` inclusive, as Go's lexer delimits them:
    a `}}` inside a string, raw string or character constant does not end an action, and a
    comment `{{/* ... */}}` ends only at `*/}}`."""
    out: list[Span] = []
    n = len(text)
    next_open = _opens(text)
    at = next_open(0)
    while at != -1:
        if text[at + 1] != "{":  # a Jinja statement or comment, as Ansible templates manifests
            close = text.find("%}" if text[at + 1] == "%" else "#}", at + 2)
            if close != -1:
                out.append(Span(at, close + 2))
            at = next_open(close + 2 if close != -1 else at + 2)
            continue
        p = at + 2
        if text.startswith("- ", p) or text.startswith("-\t", p) or text.startswith("-\n", p) \
                or text.startswith("-\r", p):
            p += 2
        while p < n and text[p] in " \t\r\n" and text.startswith("/*", _skip_blanks(text, p)):
            p = _skip_blanks(text, p)
        if text.startswith("/*", p):
            close = text.find("*/", p + 2)
            if close == -1:
                raise TemplateError("unclosed template comment", at)
            end = _comment_close(text, close + 2)
            if end == -1:
                raise TemplateError("template comment does not end with }}", at)
        else:
            end = _action_close(text, p, at)
        out.append(Span(at, end))
        at = next_open(end)
    return out


# (not after `$`: `${#}`, `${#VAR}` are a shell's parameter expansions, in a Go template's scripts too)
_JINJA_OPEN = lazy_compile(r"(?<!\$)\{[%#]")


def _opens(text: str) -> Callable[[int], int]:
    """Where the next action opens from an offset: `{{`, or Jinja's `{%` (a statement) and `{#`
    (a comment) where the text holds one (a Go template's actions are `{{` only). The Jinja
    opens are found once: a search of the rest of the text per action would cost its square."""
    if "{%" not in text and "{#" not in text:
        return lambda start: text.find("{{", start)
    jinja = [m.start() for m in _JINJA_OPEN.finditer(text)]

    def next_open(start: int) -> int:
        at = text.find("{{", start)
        k = bisect.bisect_left(jinja, start)
        j = jinja[k] if k < len(jinja) else -1
        return at if j == -1 or (at != -1 and at < j) else j

    return next_open


def _skip_blanks(text: str, p: int) -> int:
    while p < len(text) and text[p] in " \t\r\n":
        p += 1
    return p


def _comment_close(text: str, p: int) -> int:
    """Offset after the `}}` that ends a comment whose `*/` ends at p, else -1."""
    q = _skip_blanks(text, p)
    if text.startswith("-", q) and q > p:
        q = _skip_blanks(text, q + 1)
    return q + 2 if text.startswith("}}", q) else -1


# What may end or quote inside an action: the scan goes from one to the next in C.
_ACTION_SPECIAL = lazy_compile("[}\"'`{]")


def _action_close(text: str, p: int, start: int) -> int:
    n = len(text)
    special = _ACTION_SPECIAL.search
    while p < n:
        m = special(text, p)
        if m is None:
            break
        p = m.start()
        ch = text[p]
        if ch == "}" and text.startswith("}}", p):
            return p + 2
        if ch == '"' or ch == "'":
            p += 1
            while p < n and text[p] != ch:
                if text[p] == "\\":
                    p += 1
                elif text[p] == "\n":
                    raise TemplateError("unterminated string in template action", start)
                p += 1
            if p >= n:
                raise TemplateError("unterminated string in template action", start)
        elif ch == "`":
            close = text.find("`", p + 1)
            if close == -1:
                raise TemplateError("unterminated raw string in template action", start)
            p = close
        elif ch == "{" and text.startswith("{{", p):
            raise TemplateError("template action does not end before the next {{", start)
        p += 1
    raise TemplateError("template action does not end", start)


def mask(text: str) -> Masked:
    """The text with every action masked (see the module docstring); raises TemplateError."""
    actions = find_actions(text)
    if not actions:
        return Masked(text, (), ())
    chars = list(text)
    inline: list[Span] = []
    entries: list[Span] = []
    i = 0
    while i < len(actions):
        # The run of actions that share lines: a line holding nothing but actions and blanks
        # is blanked as a whole; a run with other text on its first or last line is inline.
        j = i
        while j + 1 < len(actions) and _only_blanks(text, actions[j].end, actions[j + 1].start):
            j += 1
        first, last = actions[i], actions[j]
        line_start = text.rfind("\n", 0, first.start) + 1
        line_end = _line_end(text, last.end)
        alone = _only_blanks(text, line_start, first.start, breaks=False) and \
            _only_blanks(text, last.end, line_end, breaks=False)
        # After a block scalar header (`config: |- {{ include ... | nindent 4 }}`) the
        # actions write the scalar's lines: blanks too.
        blank = alone or _BLOCK_HEADER_END.search(text, line_start, first.start) is not None
        for span in actions[i : j + 1]:
            if not blank:
                inline.append(span)
            _fill(chars, span, " " if blank else MASK_CHAR)
        if not blank and _only_blanks(text, last.end, line_end):
            if j == i and _ITEM_START.search(text, line_start, first.start) is not None:
                entries.append(first)
            elif (_KEY_END.search(text, line_start, first.start) is not None
                  and _next_indent(text, line_end) > _indent(text, line_start)) \
                    or (_KEY_GLUED.search(text, line_start, first.start) is not None
                        and _NINDENT_LAST.search(text, first.start, last.end) is not None):
                # `labels: {{ include "x.labels" . | nindent 4 }}` and more keys under it:
                # the action writes the first lines of the mapping below the key. Also
                # `key:{{ toYaml .x | nindent 4 }}`: nindent writes a line break first, so
                # the key ends with its colon (masked as text, `key:xxx` were one scalar).
                for span in actions[i : j + 1]:
                    inline.remove(span)
                    _fill(chars, span, " ")
        i = j + 1
    _inline_control(text, actions, chars, inline)
    masked = "".join(chars)
    if "---" in text:
        masked = _document_starts(masked, text)
    masked = _block_leads(masked, text, inline)
    for span in entries:
        masked = _as_first_entry(masked, span)
    return Masked(masked, tuple(actions), tuple(inline))


# A line that ends in a block scalar header: `key: |`, `- >-`, `key: |2+`.
_BLOCK_HEADER_END = lazy_compile(r"(?:^|[ \t:-])[|>][-+1-9]{0,2}[ \t]*\Z", re.M)
# A sequence entry's dash, then the action: `  - {{ toYaml . | nindent 8 | trim }}`.
_ITEM_START = lazy_compile(r"^[ \t]*-[ \t]+\Z", re.M)
_KEY_LINE = lazy_compile(r"[^\s#'\"\[{][^\n]*?:(?:[ \t]|$)", re.M)


# What every line _BLOCK_HEADER_END finds has (its end, line by line).
_ANY_HEADER_END = lazy_compile(r"[|>][-+1-9]{0,2}[ \t]*\r*$", re.M)
_KEY_END = lazy_compile(r"^[ \t]*(?:-[ \t]+)?[^\s#][^\n]*:[ \t]+\Z", re.M)
# A key with the action right after its colon (`key:{{`), and an action whose pipeline ends in
# nindent (its output starts with a line break).
_KEY_GLUED = lazy_compile(r"^[ \t]*(?:-[ \t]+)?[^\s#'\"]\S*[^\s:]:\Z", re.M)
_NINDENT_LAST = lazy_compile(r"\|[ \t]*nindent[ \t]+\d+[ \t]*-?\}\}\Z")


# A line that starts with an action and holds no text but `---` besides actions
# (`{{ if ne $i 0 }}---{{ end }}` in a range): it starts a document, as rendered.
_ACTION_RUN = r"(?:\{\{(?:(?!\}\})[^\n])*\}\}[ \t]*)"
_LEADING_SEPARATOR = lazy_compile(rf"^{_ACTION_RUN}+---[ \t]*{_ACTION_RUN}*\r?$", re.M)


def _document_starts(masked: str, text: str) -> str:
    """Each such line masked as `---` at its start, where YAML reads a document start."""
    for m in _LEADING_SEPARATOR.finditer(text):
        width = len(m.group().rstrip("\r"))
        masked = masked[: m.start()] + "---" + " " * (width - 3) + masked[m.start() + width :]
    return masked


def _indent(text: str, line_start: int) -> int:
    p = line_start
    while p < len(text) and text[p] == " ":
        p += 1
    return p - line_start


def _next_indent(text: str, line_end: int) -> int:
    """Indentation of the next line with something on it besides actions (-1: none)."""
    at = line_end
    while at < len(text):
        start = at + 1
        nxt = text.find("\n", start)
        nxt = len(text) if nxt == -1 else nxt
        body = text[start:nxt].strip()
        if body and not (body.startswith("{{") and body.endswith("}}")):
            return _indent(text, start)
        at = nxt
    return -1


def _block_leads(masked: str, text: str, inline: list[Span]) -> str:
    """A block scalar's leading blank lines may not be longer than its indentation; a
    blanked action there (`config: |` then `      {{- if .x }}` above `    key: 1`) becomes
    text at that indentation instead."""
    if _ANY_HEADER_END.search(masked) is None:
        return masked  # no line ends as a block scalar header does
    lines = masked.split("\n")
    starts = [0]
    for ln in lines[:-1]:
        starts.append(starts[-1] + len(ln) + 1)
    changed = False
    for n, line in enumerate(lines):
        if ("|" not in line and ">" not in line) or not _BLOCK_HEADER_END.search(line.rstrip("\r")):
            continue
        parent = len(line) - len(line.lstrip(" "))
        leads = []
        k = n + 1
        while k < len(lines) and not lines[k].strip():
            leads.append(k)
            k += 1
        if k >= len(lines):
            continue
        indent = len(lines[k]) - len(lines[k].lstrip(" "))
        if indent <= parent:
            continue
        for m in leads:
            body = lines[m].rstrip("\r")
            if len(body) > indent and text[starts[m] : starts[m] + len(body)].strip():
                lines[m] = body[:indent] + MASK_CHAR * (len(body) - indent) + lines[m][len(body):]
                inline.append(Span(starts[m] + indent, starts[m] + len(body)))
                changed = True
    if changed:
        inline.sort()
    return "\n".join(lines) if changed else masked


_CONTROL = frozenset({"if", "else", "end", "with", "range", "define", "block", "break", "continue"})


def _inline_control(text: str, actions: list[Span], chars: list[str], inline: list[Span]) -> None:
    """Control actions among text write nothing: blanks, not a stand-in value. On a line with
    `{{ if }}A{{ else }}B{{ end }}`, only the first branch is kept (`stringData:` or `data:`)."""
    lines = {text.rfind("\n", 0, s.start) for s in inline}
    by_line: dict[int, list[tuple[Span, str]]] = {}
    for span in actions:
        m = _KEYWORD.match(text, span.start, span.end)
        word = m.group(1) if m else ("/*" if "/*" in text[span.start : span.start + 6] else "")
        at = text.rfind("\n", 0, span.start)
        if at in lines and (word in _CONTROL or word == "/*") and "\n" not in text[span.start : span.end]:
            by_line.setdefault(at, []).append((span, word))
    for at, line in by_line.items():
        for span, _word in line:
            if span in inline and not _only_blanks(text, at + 1, span.start):
                inline.remove(span)  # a control action that leads its line keeps the line's indentation
                _fill(chars, span, " ")
        depth, skip_from = 0, -1
        for span, word in line:
            if word in ("if", "with", "range"):
                depth += 1
            elif word == "else" and depth == 1 and skip_from < 0:
                skip_from = span.end
            elif word == "end" and depth:
                depth -= 1
                if depth == 0 and skip_from >= 0:
                    for k in range(skip_from, span.start):
                        if chars[k] not in _BREAKS:
                            chars[k] = " "
                    inline[:] = [s for s in inline if not skip_from <= s.start < span.start]
                    skip_from = -1


def _fill(chars: list[str], span: Span, fill: str) -> None:
    start, end = span.start, span.end
    if _BREAK_SET.isdisjoint(chars[start:end]):
        chars[start:end] = [fill] * (end - start)  # one line: all of it
        return
    # An action among text wrapped over lines (`image: {{ .a }}:{{ .b` then `    | default .c }}`,
    # as chart generators wrap long lines) keeps each later line's indentation: masked, its
    # lines go on with the scalar where the template had them, not at the first column.
    lead = False
    for k in range(start, end):
        c = chars[k]
        if c in _BREAKS:
            lead = fill != " "
        elif not (lead and c in _BLANKS):
            lead = False
            chars[k] = fill


def _as_first_entry(masked: str, span: Span) -> str:
    """`- {{ toYaml $item | nindent 8 | trim }}` followed by keys at the action's column
    writes the first keys of a mapping: masked as `xxxx: x` so those keys stay in it."""
    column = span.start - (masked.rfind("\n", 0, span.start) + 1)
    at = masked.find("\n", span.end)
    while at != -1:
        nxt = masked.find("\n", at + 1)
        line = masked[at + 1 : nxt if nxt != -1 else len(masked)]
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            if indent == column and _KEY_LINE.match(line, indent) and span.end - span.start >= 4:
                entry = MASK_CHAR * (span.end - span.start - 3) + ": " + MASK_CHAR
                return masked[: span.start] + entry + masked[span.end :]
            return masked
        at = nxt
    return masked


def _line_end(text: str, p: int) -> int:
    end = text.find("\n", p)
    return len(text) if end == -1 else end


def _only_blanks(text: str, start: int, end: int, breaks: bool = False) -> bool:
    allowed = _BLANKS + ("\r" if not breaks else _BREAKS)
    return not text[start:end].strip(allowed)  # every character one of them


_KEYWORD = lazy_compile(r"\{\{-?\s*(\w+)")
_OPENERS = frozenset({"if", "range", "with", "define", "block"})


def define_bodies(text: str, actions: tuple[Span, ...]) -> list[Span]:
    """The bodies of the top-level `{{ define "name" }} ... {{ end }}` blocks (helper files:
    `_helpers.tpl`), between the define's `}}` and its end's `{{`."""
    return [body for _, body in named_defines(text, actions)]


def named_defines(text: str, actions: tuple[Span, ...]) -> list[tuple[str, Span]]:
    """`define_bodies`, each with the template's name ("" when it is no plain string)."""
    out: list[tuple[str, Span]] = []
    depth = 0
    body_start = -1
    name = ""
    for a in actions:
        m = _KEYWORD.match(text, a.start, a.end)
        word = m.group(1) if m else ""
        if word in _OPENERS:
            if depth == 0 and word in ("define", "block"):
                body_start = a.end
                named = _DEFINE_NAME.match(text, a.start, a.end)
                name = named.group(1) if named else ""
            depth += 1
        elif word == "end" and depth > 0:
            depth -= 1
            if depth == 0 and body_start >= 0:
                out.append((name, Span(body_start, a.start)))
                body_start = -1
    return out


_DEFINE_NAME = lazy_compile(r'\{\{-?\s*(?:define|block)\s+"([^"\\]*)"')


_NOT_BREAKS = lazy_compile("[^\r\n\x85\u2028\u2029]+")


def blank(text: str) -> str:
    """The text with every character but the line breaks a blank."""
    return _NOT_BREAKS.sub(lambda m: " " * (m.end() - m.start()), text)


def only(masked: str, span: Span, blanked: str | None = None) -> str:
    """The masked text with everything outside span blanked (line breaks kept). `blanked`:
    `blank(masked)`, made once for the several spans of one text (a helper file's defines)."""
    if blanked is None:
        blanked = blank(masked)
    return blanked[: span.start] + masked[span.start : span.end] + blanked[span.end :]
