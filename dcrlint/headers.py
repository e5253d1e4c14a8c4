"""Credential headers: `Authorization: Basic x` given as a value, and the decision for a setting
by its name and its value together (a secret name, or a header that carries a credential)."""

from __future__ import annotations

from collections.abc import Iterable

from .lazyre import lazy_compile
from .notsecret import not_a_secret
from .secretnames import header_setting, secret_named
from .valuepatterns import DEFAULT_PLACEHOLDERS, DEFAULT_SECRET_NAMES

# A header that carries a credential, `Name: value` or `Name=value` (OTEL_EXPORTER_OTLP_HEADERS
# lists them so, `%20` for the blank): the credential part in group `cred`.
_CREDENTIAL_HEADER = lazy_compile(
    r"(?i)(?<![\w-])(?:(?:proxy-)?authorization[ \t]*[:=][ \t]*(?:bearer|basic|token)(?:[ \t]+|%20)"
    r"|(?:private-token|x-api-key|api-key|x-[\w-]*-token|cookie)[ \t]*[:=][ \t]*)"
    r"(?P<cred>[^\s,;\"']+)"
)


def credential_header(value: str, placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS) -> bool:
    """A value holding a header with a literal credential (`Authorization: Bearer <literal>`,
    `PRIVATE-TOKEN: x`, `X-Vault-Token=x`), not a variable, placeholder or stand-in there."""
    return any(not_a_secret(m.group("cred"), placeholders) is None
               for m in _CREDENTIAL_HEADER.finditer(value))


def header_credential(name: str, value: str) -> tuple[int, int] | None:
    """Where in its value a header (`name: value`) carries a credential by its scheme or name
    (`Authorization: Bearer x`, `Private-Token: x`): the (start, end) of the credential; None
    if it carries none."""
    m = _CREDENTIAL_HEADER.fullmatch(f"{name}: {value}")
    return None if m is None else (m.start("cred") - len(name) - 2, m.end("cred") - len(name) - 2)


def secret_setting(name: str, value: str, pattern: str = DEFAULT_SECRET_NAMES,
                   placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS) -> bool:
    """A name that holds a secret (is_secret_name), or a header setting whose value holds a
    header with its credential."""
    return secret_named(name, value, pattern) or (
        header_setting(name, pattern) and credential_header(value, placeholders))
