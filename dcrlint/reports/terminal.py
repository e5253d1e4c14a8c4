"""Text that came from scanned files, made safe to print on a terminal or a CI log."""

from __future__ import annotations

import re

from ..lazyre import lazy_compile

# C0 and C1 controls (escape sequences, carriage returns, line breaks), DEL, and the
# invisible characters that reorder or hide text (bidi overrides and isolates, marks,
# line and paragraph separators, zero-width characters).
_UNSAFE = lazy_compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """Controls and invisible characters written as escapes (`\\x1b`, `\\u202e`), tabs as a space."""
    if text.isascii() and text.isprintable():
        return text  # printable ASCII holds none of them (most text: no pattern compiled)
    return _UNSAFE.sub(_escape, text.replace("\t", " "))


def safe_path(path: str) -> str:
    """A path as a line may start with it: escaped, and never starting with `::` (which a
    GitHub Actions runner reads as a workflow command)."""
    shown = safe(path)
    return "./" + shown if shown.lstrip().startswith("::") else shown
