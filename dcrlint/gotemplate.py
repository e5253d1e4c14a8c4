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

from dataclasses import dataclass

from .source import Span

# What an inline action is replaced with: a letter every YAML context reads as plain text.
MASK_CHAR = "x"
_BLANKS = " \t"
# Line breaks as YAML counts them: kept, so lines and columns stay the file's.
_BREAKS = "\r\n\x85\u2028\u2029"


class TemplateError(Exception):
    """An action that does not end (`{{` without `}}`, an unterminated string in an action)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
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
    at = text.find("{{")
    while at != -1:
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
        at = text.find("{{", end)
    return out


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


def _action_close(text: str, p: int, start: int) -> int:
    n = len(text)
    while p < n:
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
        for span in actions[i : j + 1]:
            fill = " " if alone else MASK_CHAR
            if not alone:
                inline.append(span)
            for k in range(span.start, span.end):
                if chars[k] not in _BREAKS:
                    chars[k] = fill
        i = j + 1
    return Masked("".join(chars), tuple(actions), tuple(inline))


def _line_end(text: str, p: int) -> int:
    end = text.find("\n", p)
    return len(text) if end == -1 else end


def _only_blanks(text: str, start: int, end: int, breaks: bool = False) -> bool:
    allowed = _BLANKS + ("\r" if not breaks else _BREAKS)
    return all(text[k] in allowed for k in range(start, end))
