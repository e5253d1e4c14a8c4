"""What a value is (literal, variable, expression, placeholder), decided in one place,
plus masking and hashing so that no found secret is ever printed."""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache


class ValueKind(enum.Enum):
    EMPTY = "empty"
    LITERAL = "literal"
    VARIABLE = "variable"  # $X, ${X}, %X%, $env:X, $(cmd)
    EXPRESSION = "expression"  # ${{ ... }}, $(( )), $[ ]
    TEMPLATED = "templated"  # {{ ... }}, << parameters.x >>
    REFERENCE = "reference"  # credentials('id'), secretKeyRef
    PLACEHOLDER = "placeholder"  # <password>, changeme, xxxx ...


DEFAULT_PLACEHOLDERS: tuple[str, ...] = (
    r"<[^<>]*>",
    r"\[[^\[\]]*\]",
    r"(?i:your[-_ ]?\w*|(my|some)[-_]\w+)",
    r"(?i:\w*[-_]?(here|placeholder))",
    r"(?i:(change|replace)[-_]?me\w*)",
    r"(?i:(password|passwd|pass|pwd|secret|token|api[-_]?key|username|user)\d*)",
    r"(?i:example|dummy|fake|sample|redacted|todo|fixme|tbd|none|null|nil|undefined|false|true|yes|no|on|off)",
    r"x+|X+|\*+|\.+|_+|-+|0+|\.\.\.",
)

DEFAULT_SECRET_NAMES = (
    r"(?i:passw(or)?d|passwd|(^|[-_])pass($|[-_])|(^|[-_])pwd($|[-_])|token|secret|api[-_]?key"
    r"|(^|[-_])auth($|[-_])|credential|private[-_]?key|access[-_]?key)"
)

_VAR = re.compile(
    r"""\$[A-Za-z_][A-Za-z0-9_]*|\$\{[^{}]+\}|\$[0-9@*#?$!-]|%[A-Za-z_][A-Za-z0-9_]*%"""
    r"""|\$env:[A-Za-z_][A-Za-z0-9_]*|\$\((?!\().*\)""",
    re.S,
)
# `$[ ... ]` is an Azure Pipelines runtime expression.
_EXPR = re.compile(r"\$\{\{.*?\}\}|\$\(\(.*?\)\)|\$\[.*?\]", re.S)
# `<< parameters.x >>` is a CircleCI parameter (and pipeline value).
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<<\s*[A-Za-z_][\w.-]*\s*>>", re.S)
_REFERENCE = re.compile(r"""^\s*credentials\(\s*['"][^'"]*['"]\s*\)\s*$""")


@lru_cache(maxsize=32)
def _compile_any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def classify(value: str, placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS) -> ValueKind:
    """Classify a value as written (quotes already removed).

    Anything that holds an expression, template or variable is not a literal:
    `pre${X}post` can only be partly known, so it is never reported as a secret.
    """
    v = value.strip()
    if not v:
        return ValueKind.EMPTY
    if _EXPR.search(v):
        return ValueKind.EXPRESSION
    if _TEMPLATE.search(v):
        return ValueKind.TEMPLATED
    if _REFERENCE.match(v):
        return ValueKind.REFERENCE
    if _VAR.search(v):
        return ValueKind.VARIABLE
    if _compile_any(tuple(placeholders)).fullmatch(v) or _STAND_IN.fullmatch(v):
        return ValueKind.PLACEHOLDER
    return ValueKind.LITERAL


def restates_name(name: str, value: str) -> bool:
    """A value that only repeats its variable's name (`GOOGLE_API_KEY_VAL` for GOOGLE_API_KEY)."""
    norm_name = re.sub(r"[^a-z0-9]", "", name.lower())
    return len(norm_name) >= 4 and norm_name in re.sub(r"[^a-z0-9]", "", value.lower())


# Names that mention a secret but hold something else: where it is, what it is called, lists
# of such names, or prose about it.
_NOT_SECRET_SUFFIX = re.compile(
    r"(?i)[-_.](url|uri|file|path|dir|host|endpoint|type|mode|method|enabled|header|id|name"
    r"|user(name)?|length|ttl|expiry|expires|env|var|ref|policy|scope|audience|issuer"
    r"|names|files|envs|vars|keys|title|summary|label|description|prompt|message|format|version|count"
    r"|role|roles)$"
)
# Values that stand in for a credential: dummy words, one repeated character, an instruction
# to fill something in, or a phrase of plain words.
_STAND_IN = re.compile(
    r"(?i)(foo|bar|baz|qux|foobar)|(.)\2*|(insert|enter|add|put|set|fill)[-_ ].*|[a-z]+([ \t]+[a-z]+)+"
)


def is_secret_name(name: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """True for names like DCR_PASSWORD, registry-token, api_key (not TOKEN_URL)."""
    if _NOT_SECRET_SUFFIX.search(name):
        return False
    return _compile_any((pattern,)).search(name) is not None


# Ways a script expands a value: `${{ secrets.X }}`, `$env:X`, `${X}`, `$X`, `%X%`.
_REFERENCE_NAME = re.compile(
    r"\$\{\{\s*secrets\.(?P<gh>\w+)\s*\}\}|\$env:(?P<ps>\w+)|\$\{(?P<braced>\w+)\}"
    r"|\$(?P<plain>[A-Za-z_]\w*)|%(?P<cmd>\w+)%"
)


def secret_reference(text: str, pattern: str = DEFAULT_SECRET_NAMES) -> str | None:
    """The first secret a text expands: `secrets.X` for a GitHub secret expression, else the
    first variable with a secret-like name (DCR_PASSWORD in "$DCR_PASSWORD"); None if none."""
    for m in _REFERENCE_NAME.finditer(text):
        if m.group("gh"):
            return f"secrets.{m.group('gh')}"
        name = m.group("ps") or m.group("braced") or m.group("plain") or m.group("cmd")
        if name and is_secret_name(name, pattern):
            return name
    return None


def mask(secret: str) -> str:
    """Masked form safe to print: first and last character and the length."""
    if len(secret) <= 4:
        return f"*** ({len(secret)} chars)"
    return f"{secret[0]}***{secret[-1]} ({len(secret)} chars)"


def digest(secret: str) -> str:
    """Stable hash of a value for fingerprints and baselines (never reversible)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()[:16]
