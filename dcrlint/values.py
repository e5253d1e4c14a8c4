"""What a value is (literal, variable, expression, placeholder), decided in one place,
plus masking and hashing so that no found secret is ever printed."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable

from .lazyre import lazy_compile
from .references import secret_reference
from .secretnames import is_secret_name
from .sha import sha256
from .standins import _STAND_IN
from .valuepatterns import DEFAULT_PLACEHOLDERS, DEFAULT_SECRET_NAMES, _compile_any


class ValueKind(enum.Enum):
    __hash__ = object.__hash__  # identity, as FileKind's (classify.py)

    EMPTY = "empty"
    LITERAL = "literal"
    VARIABLE = "variable"  # $X, ${X}, %X%, $env:X, $(cmd)
    EXPRESSION = "expression"  # ${{ ... }}, $(( )), $[ ]
    TEMPLATED = "templated"  # {{ ... }}, << parameters.x >>, ((var))
    REFERENCE = "reference"  # credentials('id'), secretKeyRef
    PLACEHOLDER = "placeholder"  # <password>, changeme, xxxx ...


_VAR = lazy_compile(
    r"""\$[A-Za-z_][A-Za-z0-9_]*|\$\{[^{}]+\}|\$[0-9@*#?$!-]|%[A-Za-z_][A-Za-z0-9_]*%"""
    r"""|\$env:[A-Za-z_][A-Za-z0-9_]*|\$\((?!\().*\)""",
    re.S,
)
# `$[ ... ]` is an Azure Pipelines runtime expression.
# `$(X)` is also Kubernetes' dependent variable and Tekton's substitution (`$(params.password)`,
# `$(workspaces.auth.path)`, `$(params["x"])`).
_DATA_VAR = lazy_compile(
    r"(?<![\w$])\$(?:\{[A-Za-z_][^{}]*\}|\([A-Za-z_][\w.\[\]\"'-]*\)|[A-Za-z_][A-Za-z0-9_]*)|^%[A-Za-z_]\w*%$"
)
# An expression is `${{ ... }}`, `$(( ... ))` or `$[ ... ]` (`_EXPRESSION_PAIRS`).
# `{{ }}` and `{% %}` are Go/Jinja templates; `<< parameters.x >>` is a CircleCI parameter (and
# pipeline value); `(@= data.values.x @)` a Carvel ytt text template's expression (`(@ code @)`,
# `(@- trimmed -@)`).
_EXPRESSION_PAIRS = (("${{", "}}"), ("$((", "))"), ("$[", "]"))
_TEMPLATE_PAIRS = (("{{", "}}"), ("{%", "%}"))
# (and a name in capitals between double underscores, `__REDIS_PASSWORD__`: a marker a start
# script or `sed` replaces with the value; a Concourse, BOSH or CredHub variable, `((name))`,
# `((vault:path/x.field))`, `(("quoted.name".field))`, filled in from a credential manager
# before the configuration is used: not the shell's `$(( ))`)
CREDENTIAL_VARIABLE = r"(?<!\$)\(\([ \t]*[\w\"][\w\"./:-]*[ \t]*\)\)"
_TEMPLATE = lazy_compile(r"<<\s*[A-Za-z_][\w.-]*(?:[ \t]+[\w.-]+)*\s*>>|\{\d+\}|__[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*__|"
                         + CREDENTIAL_VARIABLE)
_YTT_OPEN = lazy_compile(r"\(@[-=]?\s")
_YTT_CLOSE = lazy_compile(r"\s-?@\)")


def _paired(v: str, pairs: tuple[tuple[str, str], ...]) -> bool:
    """Whether an opener of the pairs has its closer somewhere after it (as `{{.*?}}` with re.S
    finds one). Told by `str.find` from the first opener: a lazy `.*?` to a closer that never
    comes walks the rest of the value from every opener (quadratic: seconds for a 40 KB value)."""
    for opener, closer in pairs:
        at = v.find(opener)
        if at >= 0 and v.find(closer, at + len(opener)) >= 0:
            return True
    return False


# A pipeline merger's operator call, the whole value (spruce's `(( grab meta.registry.password ))`,
# `(( param "Please set the key" ))`, `(( concat "https://" meta.host ))`): an operator's name, a
# blank, its arguments; the merger puts the value there (not `((n++))`, which names nothing).
_MERGER_OPERATOR = lazy_compile(r"\(\([ \t]*[a-z][a-z_-]*[ \t]+[^\n]*?[ \t]*\)\)")


def _templated(v: str) -> bool:
    """`{{ }}`, `{% %}`, `(@ @)` with both ends, `<< name >>`, `{0}` (see `_paired`), a merger's
    `(( operator args ))`."""
    if _paired(v, _TEMPLATE_PAIRS) or _TEMPLATE.search(v):
        return True
    if v.startswith("((") and _MERGER_OPERATOR.fullmatch(v.strip()):
        return True
    opened = _YTT_OPEN.search(v) if "(@" in v else None
    return opened is not None and _YTT_CLOSE.search(v, opened.end()) is not None
# A format field filled in later (`format('https://x:{0}@host', secrets.T)`, `'%s'`, `{}`).
_FORMAT_FIELD = lazy_compile(r"\{\}|\{[A-Za-z_]\w*\}|%(?:\([A-Za-z_]\w*\))?[sdv]")
# A named %-format field anywhere in a value (`registry/%(type)s:%(version)s`): Python fills it in.
_NAMED_FORMAT_FIELD = lazy_compile(r"%\([A-Za-z_]\w*\)[sd]")
# (or a secret store's reference a tool resolves before the value is used: vals' `ref+vault://...`,
# `ref+op://...`, 1Password's `op://vault/item/field`, whose vault, item and section are named as
# the app shows them, blanks and all: `op://Home Lab/Backup account/credential`)
_REFERENCE = lazy_compile(r"""^\s*(?:credentials\(\s*['"][^'"]*['"]\s*\)|(?:ref\+[a-z0-9]+|op)://[^\s@]+"""
                          r"""|op://[^\s/@][^/@\n]*(?:/[^\s/@][^/@\n]*){1,3})\s*$""")
# A value that is wholly one reference, read where the shell leaves `$` alone (single quotes,
# `\$`): `${NAME}`, `${env.NAME}`, `$(NAME)`, or `$NAME` in an environment variable's spelling.
# Another layer expands it before the shell runs (Groovy's GString, a Makefile recipe), or the
# program is given the reference's text, which is nobody's password; `$ecretPass` may be one.
_QUOTED_REFERENCE = lazy_compile(r"\$(?:\{[A-Za-z_][\w.]*\}|\([A-Za-z_][\w.]*\)|[A-Z_][A-Z0-9_]*)")


def classify(value: str, placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS,
             literal_dollar: bool = False, quoted: bool = False, expanded: bool = True) -> ValueKind:
    r"""Classify a value as written (quotes already removed).

    Anything that holds an expression, template or variable is not a literal:
    `pre${X}post` can only be partly known, so it is never reported as a secret.
    `literal_dollar`: the value is data (a JSON or YAML string), where a `$` inside a word is
    text (`robot$ci-pull`, Harbor's robot accounts); only `$X` / `${X}` standing on their own
    are substitution variables there. `quoted`: the shell does not expand it (a single-quoted
    word, an escaped `\$`, a quoted heredoc): every `$` is text, but a value that is wholly one
    reference (`'${PASS}'`, `'$(PASS)'`) is a variable where a layer before the shell may
    expand it (`expanded`: Groovy's GString, make; `_QUOTED_REFERENCE`). `expanded=False`:
    nothing does (a shell script, a Dockerfile RUN): the program gets the text as written,
    `'$ADMIN2024'` is that password.
    """
    v = value.strip()
    if not v:
        return ValueKind.EMPTY
    if _paired(v, _EXPRESSION_PAIRS):
        return ValueKind.EXPRESSION
    if _templated(v) or _FORMAT_FIELD.fullmatch(v) or ("%(" in v and _NAMED_FORMAT_FIELD.search(v)):
        return ValueKind.TEMPLATED
    if _REFERENCE.match(v):
        return ValueKind.REFERENCE
    if ((expanded and _QUOTED_REFERENCE.fullmatch(v)) if quoted else (_DATA_VAR if literal_dollar else _VAR).search(v)):
        return ValueKind.VARIABLE
    if _compile_any(tuple(placeholders)).fullmatch(v) or _STAND_IN.fullmatch(v):
        return ValueKind.PLACEHOLDER
    return ValueKind.LITERAL


def mask(secret: str) -> str:
    """Masked form safe to print: first and last character and the length."""
    if len(secret) <= 4:
        return f"*** ({len(secret)} chars)"
    return f"{secret[0]}***{secret[-1]} ({len(secret)} chars)"


def digest(secret: str) -> str:
    """Stable hash of a value for fingerprints and baselines (never reversible)."""
    return sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Classifier:
    """The value decisions of one configuration (placeholders, secret names), built once from
    the settings and handed to every extractor and check through `ScannedFile.classifier`:
    a placeholder is a placeholder in every kind of file and for every rule."""

    __slots__ = ("placeholders", "secret_names")

    def __init__(self, placeholders: tuple[str, ...] = DEFAULT_PLACEHOLDERS,
                 secret_names: str = DEFAULT_SECRET_NAMES) -> None:
        self.placeholders = placeholders
        self.secret_names = secret_names

    def classify(self, value: str, quoted: bool = False, expanded: bool = True) -> ValueKind:
        return classify(value, self.placeholders, quoted=quoted, expanded=expanded)

    def is_literal(self, value: str, quoted: bool = False) -> bool:
        """A literal credential: not empty, a variable, an expression, a template, a
        reference or a placeholder. `quoted`: no `$` in it is expanded."""
        return classify(value, self.placeholders, quoted=quoted) is ValueKind.LITERAL

    def is_secret_name(self, name: str) -> bool:
        return is_secret_name(name, self.secret_names)

    def secret_reference(self, text: str) -> str | None:
        return secret_reference(text, self.secret_names)


DEFAULT_CLASSIFIER = Classifier()
