"""Inline suppressions: `# dcrlint: ignore[DCR001, exp:2027-03-31] reason` (or `//` in Groovy).

A directive is a real comment of the file's language: `#` in shell, Dockerfiles, Makefiles and
YAML (and a shell comment in a YAML block scalar, which holds a script); `//` or `/* */` in
Groovy and Gradle; `#`, `//` or `/* */` in HCL; `<!-- -->` in XML. The same text inside a string
or a command argument is not a directive. A directive covers findings on its own line; one alone
on its line covers the next line.

The allowlist comments of the secret scanners users come from are read too, as they read them:
detect-secrets' `pragma: allowlist secret` (its line) and `pragma: allowlist nextline secret`
(alone on its line: the next one), gitleaks' `gitleaks:allow` (its line). They say the value on
the line is no secret to report, so they cover the findings of a secret written there (presence
rules) and of its age (lifecycle rules), not a practice finding (a password on a command line).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import sys
from functools import cache
from typing import TYPE_CHECKING

from .lazyre import lazy_compile
from .records import lazy_dataclass

if TYPE_CHECKING:
    from .classify import FileKind

# The reason runs to the end of the line, or of the `/* ... */` comment: code after a block
# comment (`/* dcrlint: ignore[DCR002] why */ sh 'login -p ...'`) is not part of it.
_DIRECTIVE = lazy_compile(
    r"(?:#|//|(?P<block>/\*))\s*dcrlint:\s*ignore(?:\[(?P<ids>[^\]]*)\])?"
    r"(?P<reason>(?(block)(?:(?!\*/)[^\n])*|[^\n]*))"
)


@lazy_dataclass(frozen=True)
class Directive:
    line: int  # 1-based line the comment is on
    column: int
    refs: tuple[str, ...]  # rule IDs or names as written
    expires: dt.date | None
    reason: str
    problem: str = ""  # why the directive is malformed, if it is
    alone: bool = False  # nothing else on its line: it covers the next line
    end_column: int = 0  # just past the comment's text (a block comment's `*/` included)
    astral: tuple[int, int] = (0, 0)  # characters beyond U+FFFF before the start and the end (UTF-16 columns)
    tool: str = ""  # the scanner whose allowlist comment this is (detect-secrets, gitleaks); "" for dcrlint's


# An expiry however it is spelled (`exp:`, `EXP=`, `expires:`): never mistaken for a rule name,
# which would leave the other rules of the list suppressed for ever.
_EXPIRY = lazy_compile(r"(?i)exp(?:ires?|iry)?\s*[:=]\s*(?P<date>.*)")

# detect-secrets' pragma (`whitelist` its older spelling) right after a comment's marker, and
# gitleaks' marker anywhere in a comment.
_FOREIGN = lazy_compile(r"pragma: ?(?:allow|white)list[ -](?P<next>nextline[ -])?secret|(?P<gitleaks>gitleaks:allow)")
_MARKER_BEFORE = lazy_compile(r"(?:#|//|/\*|<!--)[# \t]*\Z")
_XML_COMMENT = lazy_compile(r"<!--.*?(?:-->|\Z)", re.S)
_MARKER = lazy_compile(r"#|//|/\*|<!--")
_CLOSER = lazy_compile(r"\*/|-->")
_CLOSERS = lazy_compile(r"(?:\*/|-->)\s*\Z")


def parse_directives(text: str, kind: FileKind | None = None) -> list[Directive]:
    """Every suppression comment in the text, well-formed or not. With `kind`, only those that
    are comments of the file's language (not text in a string or a command's argument)."""
    own = "dcrlint:" in text
    if not own and "pragma:" not in text and "gitleaks:allow" not in text:
        return []
    out: list[Directive] = []
    line = 1
    last = 0
    comments = _Comments(text, kind)
    for m in _DIRECTIVE.finditer(text) if own else ():
        line += text.count("\n", last, m.start())
        last = m.start()
        if not comments.is_comment(m.start()):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        rest = text[m.end() : len(text) if line_end == -1 else line_end]
        rest = rest.partition("*/")[2] if m.group("block") else ""  # code after `/* ... */`
        alone = not text[line_start : m.start()].strip() and not rest.strip()
        column = m.start() - line_start + 1
        stop = m.end() + 2 if m.group("block") and text.startswith("*/", m.end()) else m.end()
        end_column = len(text[line_start:stop].rstrip()) + 1
        before = text[line_start : line_start + end_column - 1]
        astral = (0, 0) if before.isascii() else (
            sum(ord(ch) > 0xFFFF for ch in before[: column - 1]), sum(ord(ch) > 0xFFFF for ch in before))
        reason = m.group("reason").strip().rstrip("*/").strip()
        ids = m.group("ids")
        if ids is None or not ids.strip():
            out.append(Directive(line, column, (), None, reason, "ignore without rule IDs", alone, end_column,
                                 astral))
            continue
        refs: list[str] = []
        expires: dt.date | None = None
        problem = ""
        for part in (p.strip() for p in ids.split(",")):
            expiry = _EXPIRY.fullmatch(part)
            if expiry:
                try:
                    expires = dt.date.fromisoformat(expiry.group("date").strip())
                except ValueError:
                    problem = "expiry is not an ISO date (YYYY-MM-DD)"
            elif part:
                refs.append(part)
        out.append(Directive(line, column, tuple(refs), expires, reason, problem, alone, end_column, astral))
    if "pragma:" in text or "gitleaks:allow" in text:
        out.extend(_foreign(text, comments))
        out.sort(key=lambda d: (d.line, d.column))
    return out


def _foreign(text: str, comments: _Comments) -> list[Directive]:
    """The allowlist comments of detect-secrets and gitleaks, as directives of their tools."""
    out: list[Directive] = []
    line = 1
    last = 0
    for m in _FOREIGN.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.group("gitleaks"):
            tool, start = "gitleaks", comments.opening(line_start, m.start())
            if start < 0:
                continue
        else:
            marker = _MARKER_BEFORE.search(text, line_start, m.start())
            if marker is None:
                continue  # detect-secrets reads the pragma only as a comment's first words
            tool, start = "detect-secrets", marker.start()
        if not comments.is_comment(start):
            continue
        line_end = text.find("\n", m.end())
        rest = text[m.end() : len(text) if line_end == -1 else line_end]
        alone = not text[line_start:start].strip()
        if m.group("next") and not alone:
            continue  # a nextline pragma after code: detect-secrets reads it as nothing
        reason = _CLOSERS.sub("", rest).strip()
        column = start - line_start + 1
        end_column = len(text[line_start : m.end() + len(rest)].rstrip()) + 1
        before = text[line_start : line_start + end_column - 1]
        astral = (0, 0) if before.isascii() else (
            sum(ord(ch) > 0xFFFF for ch in before[: column - 1]), sum(ord(ch) > 0xFFFF for ch in before))
        out.append(Directive(line, column, (), None, reason, "", bool(m.group("next")), end_column, astral, tool))
    return out


def target(d: Directive) -> int:
    """The line a directive covers: its own, or the next one for a directive alone on its line."""
    return d.line + 1 if d.alone else d.line


class _Comments:
    """Whether an offset is in a comment of the file's language (a directive's marker starts it)."""

    def __init__(self, text: str, kind: FileKind | None) -> None:
        self.text = text
        self.kind = kind
        self._spans: list[tuple[int, int, bool]] | None = None
        self._scalars: list[tuple[int, int, bool]] | None = None

    def is_comment(self, offset: int) -> bool:
        from .classify import FileKind

        if self.kind is None:
            return True
        if self.kind is FileKind.DOCKER_CONFIG:
            return False  # JSON has no comments
        if self.kind in _tokenized():
            held = _holding(self._comment_spans(), offset)
            # A comment token; or in a Jenkinsfile's multi-line string (a step's script, as a YAML
            # block scalar holds one), a shell comment on a line of the string's own text.
            return held is not None and (not held[2] or (
                self.text.rfind("\n", 0, offset) + 1 > held[0] and _shell_comment(self.text, offset)))
        if self.kind.is_yaml:
            scalar = _holding(self._yaml_scalars(), offset)
            if scalar is not None:
                # Text of a scalar; in a block scalar (a script), a shell comment counts.
                return scalar[2] and _shell_comment(self.text, offset)
        return _shell_comment(self.text, offset)

    def opening(self, line_start: int, offset: int) -> int:
        """Where the comment that holds offset (on the line from line_start) opens: its
        marker, or offset itself in a comment opened on an earlier line; -1 outside comments."""
        from .classify import FileKind

        if self.kind is not None and self.kind in _tokenized():
            span = _holding(self._comment_spans(), offset)
            if span is None:
                return -1
            if not span[2]:
                return max(span[0], line_start)
        for marker in _MARKER.finditer(self.text, line_start, offset):
            if self.kind is FileKind.DOCKER_CONFIG or _CLOSER.search(self.text, marker.end(), offset):
                continue
            if self.is_comment(marker.start()):
                return marker.start()
        return -1

    def _comment_spans(self) -> list[tuple[int, int, bool]]:
        """The comments of a language read whole: Groovy (Jenkinsfiles, Gradle), HCL, XML."""
        if self._spans is None:
            from .classify import FileKind

            if self.kind is FileKind.TERRAFORM:
                from .infra.terraform import comment_spans

                self._spans = [(a, b, False) for a, b in comment_spans(self.text)]
            elif self.kind in (FileKind.MAVEN_POM, FileKind.MAVEN_SETTINGS):
                self._spans = [(m.start(), m.end(), False) for m in _XML_COMMENT.finditer(self.text)]
            else:
                from .groovy import StringStyle, TokenKind, tokenize

                scripts = (StringStyle.TRIPLE_SINGLE, StringStyle.TRIPLE_DOUBLE) \
                    if self.kind is FileKind.JENKINSFILE else ()
                self._spans = [(t.span.start, t.span.end, t.kind is not TokenKind.COMMENT)
                               for t in tokenize(self.text) if t.kind is TokenKind.COMMENT
                               or (t.string is not None and t.string.style in scripts)]
        return self._spans

    def _yaml_scalars(self) -> list[tuple[int, int, bool]]:
        if self._scalars is None:
            import yaml

            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            spans: list[tuple[int, int, bool]] = []
            try:
                for token in yaml.scan(self.text, Loader=loader):
                    if isinstance(token, yaml.ScalarToken):
                        spans.append((token.start_mark.index, token.end_mark.index,
                                      token.style in ("|", ">")))
            except yaml.YAMLError:
                pass  # broken YAML: the scalars read so far; the rest by the shell rule
            self._scalars = spans
        return self._scalars


@cache
def _tokenized() -> frozenset[FileKind]:
    from .classify import FileKind

    return frozenset({FileKind.JENKINSFILE, FileKind.GRADLE, FileKind.TERRAFORM, FileKind.MAVEN_POM,
                      FileKind.MAVEN_SETTINGS})


def _holding(spans: list[tuple[int, int, bool]], offset: int) -> tuple[int, int, bool] | None:
    """The span (start, end, ...) that holds offset, of spans in order that do not overlap
    (tokens): the last that starts at or before it, found by bisection (each of thousands of
    suppression comments looked at every token before it)."""
    i = bisect.bisect_right(spans, (offset, sys.maxsize, True))
    return spans[i - 1] if i and offset < spans[i - 1][1] else None


def _shell_comment(text: str, offset: int) -> bool:
    """Whether offset is in a shell comment, or starts one: a `#` outside quotes on its line, at
    the start of a word, at or before it."""
    start = text.rfind("\n", 0, offset) + 1
    quote = ""
    i = start
    while i < offset:
        ch = text[i]
        if quote == "'":
            if ch == "'":
                quote = ""
        elif ch == "\\":
            i += 1
        elif quote == '"':
            if ch == '"':
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == start or text[i - 1] in " \t;|&("):
            return True  # a comment runs to the end of the line
        i += 1
    if quote:
        return False
    # only `#` opens a shell comment (`//`, `/*`, `<!--` are words of a command there)
    return text.startswith("#", offset) and (offset == start or text[offset - 1] in " \t;|&(")
