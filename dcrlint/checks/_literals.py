"""The literal secrets a value holds, shared by DCR002 (login inputs) and DCR010 (secret-named
variables and inputs): decided over typed facts (`Assignment`, `ActionInput`), in one place."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..lazyre import lazy_compile
from ..values import ValueKind, classify, is_secret_name, not_a_secret

if TYPE_CHECKING:
    from ..scanned import ScannedFile
    from ..source import MappedText, Span

# Inputs that carry a registry login's password, of an action or a CI plugin: DCR002's.
LOGIN_INPUTS = frozenset({"password", "token"})
_ASSIGNMENT_LINE = lazy_compile(r"[ \t]*[A-Za-z_][\w.-]*=(.*)")


def secret_name(file: ScannedFile, name: str) -> bool:
    return is_secret_name(name, file.settings.secret_names)


def literal_value(value: str, placeholders: tuple[str, ...]) -> bool:
    """A literal credential: not a variable, expression or placeholder, nor a value that is no
    secret whatever its name (a flag, a number, a path, a URL, a certificate, a stand-in ...)."""
    return classify(value, placeholders) is ValueKind.LITERAL and not_a_secret(value, placeholders) is None


def literal_parts(file: ScannedFile, value: MappedText, is_text: bool) -> list[tuple[Span, str]]:
    """Spans and written text of the literal secrets a value holds: the whole value, or each
    value of a block of `ID=value` lines (build secrets). Numbers and flags are not secrets."""
    if not is_text:
        return []
    placeholders = file.settings.placeholders
    text = value.text
    multiline = "\n" in text.strip()
    if multiline and not_a_secret(text, placeholders) == "a reference list":
        return []  # `NAME=path:key` lines: where a secret store keeps each secret
    parts: list[tuple[int, int]] = []
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)] if multiline else []
    if lines and all(_ASSIGNMENT_LINE.fullmatch(t) for _, t in lines):
        for at, line in lines:
            m = _ASSIGNMENT_LINE.fullmatch(line)
            assert m is not None
            parts.append((at + m.start(1), at + m.end(1)))
    else:
        parts.append((0, len(text)))
    out = []
    for start, end in parts:
        raw = text[start:end]
        stripped = raw.strip()
        if not stripped or not literal_value(stripped, placeholders):
            continue
        lead = start + len(raw) - len(raw.lstrip())
        span = value.span(lead, lead + len(stripped))
        out.append((span, file.source.text[span.start : span.end]))
    return out
