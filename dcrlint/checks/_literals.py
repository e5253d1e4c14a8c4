"""The literal secrets a value holds, shared by DCR002 (login inputs) and DCR010 (secret-named
variables and inputs): decided over typed facts (`Assignment`, `ActionInput`), in one place."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..headers import secret_setting
from ..lazyre import lazy_compile
from ..notsecret import not_a_secret
from ..standins import stand_in_for
from ..values import ValueKind, classify

if TYPE_CHECKING:
    from ..facts import ActionInput, Assignment
    from ..scanned import ScannedFile
    from ..source import Span

# Inputs that carry a registry login's password, of an action or a CI plugin: DCR002's.
LOGIN_INPUTS = frozenset({"password", "token"})
_ASSIGNMENT_LINE = lazy_compile(r"[ \t]*[A-Za-z_][\w.-]*=(.*)")


def secret_name(file: ScannedFile, site: Assignment | ActionInput) -> bool:
    """A secret-named variable or input, or a header setting holding a credential header."""
    return secret_setting(site.name, site.value if site.is_text else "", file.settings.secret_names,
                          file.settings.placeholders)


def literal_value(value: str, placeholders: tuple[str, ...]) -> bool:
    """A literal credential: not a variable, expression or placeholder, nor a value that is no
    secret whatever its name (a flag, a number, a path, a URL, a certificate, a stand-in ...)."""
    return classify(value, placeholders) is ValueKind.LITERAL and not_a_secret(value, placeholders) is None


def literal_parts(file: ScannedFile, site: Assignment | ActionInput) -> list[tuple[Span, str]]:
    """Spans and written text of the literal secrets a value holds: the whole value (its kind
    is the classifier's), or each value of a block of `ID=value` lines (build secrets).
    Numbers and flags are not secrets."""
    if not site.is_text:
        return []
    placeholders = file.settings.placeholders
    value = site.value
    lines: list[tuple[int, str]] = []
    if "\n" in value.strip():
        if not_a_secret(value, placeholders) == "a reference list":
            return []  # `NAME=path:key` lines: where a secret store keeps each secret
        lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", value)]
    if not lines or not all(_ASSIGNMENT_LINE.fullmatch(t) for _, t in lines):
        stripped = value.strip()
        if site.kind is ValueKind.EXPRESSION:
            return _fallbacks(file, site)
        if site.kind is not ValueKind.LITERAL or not_a_secret(stripped, placeholders) is not None \
                or stand_in_for(site.name, stripped, file.settings.secret_names):
            return []  # (a stand-in for what the name says: as DCR023 reads settings)
        lead = len(value) - len(value.lstrip())
        span = site.text.span(lead, lead + len(stripped))
        return [(span, file.source.text[span.start : span.end])]
    out = []
    for at, line in lines:
        m = _ASSIGNMENT_LINE.fullmatch(line)
        assert m is not None
        raw = m.group(1)
        stripped = raw.strip()
        if not stripped or not literal_value(stripped, placeholders) \
                or stand_in_for(line[: line.index("=")].strip(), stripped, file.settings.secret_names):
            continue
        lead = at + m.start(1) + len(raw) - len(raw.lstrip())
        span = site.text.span(lead, lead + len(stripped))
        out.append((span, file.source.text[span.start : span.end]))
    return out


# A GitHub expression's string literal (`'...'`; `''` is a quote inside it).
_STRING = lazy_compile(r"'((?:[^']|'')*)'")


def _fallbacks(file: ScannedFile, site: Assignment | ActionInput) -> list[tuple[Span, str]]:
    """The string literal a value that is one GitHub expression falls back to (`${{ secrets.X ||
    'word' }}`: the word whenever the secret is unset, `ghexpr.fallback`), read as any literal
    is: a fallback is a default written in the file, as `${X:-word}` is. (`x && 'set' || 'unset'`
    falls back to a word saying the secret is missing: a placeholder.)"""
    from ..ghexpr import expressions, fallback

    value = site.value
    found = list(expressions(value))
    if len(found) != 1 or value[: found[0].start()].strip() or value[found[0].end() :].strip():
        return []
    inner = found[0].group(1).rstrip()
    last = fallback(inner)
    if last is None:
        return []
    m = _STRING.fullmatch(last)
    if m is None or "''" in m.group(1) or not literal_value(m.group(1), file.settings.placeholders) \
            or stand_in_for(site.name, m.group(1), file.settings.secret_names):
        return []
    at = found[0].start(1) + len(inner) - len(last) + 1  # (after the quote)
    span = site.text.span(at, at + len(m.group(1)))
    return [(span, file.source.text[span.start : span.end])]
