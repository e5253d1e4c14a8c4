"""JSON Web Tokens read without verifying them: only their dates matter here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from .lazyre import lazy_compile
from .records import lazy_dataclass

# header.payload.signature, base64url; a JWS header always starts with `{"` -> `eyJ`.
JWT_PATTERN = lazy_compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")


# Digits in counting order from 0 or 1 (six or more), as a subject nobody is given.
_SEQUENCE = lazy_compile(r"0?123456(?:7(?:8(?:90?)?)?)?")
_PLACEHOLDER_PERSON = lazy_compile(r"(?i)(?:john|jane)[ _.]?doe")


@lazy_dataclass(frozen=True)
class Jwt:
    header: dict[str, Any]
    claims: dict[str, Any]

    def _date(self, claim: str) -> dt.datetime | None:
        v = self.claims.get(claim)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return None
        try:
            return dt.datetime.fromtimestamp(v, dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None

    @property
    def issued_at(self) -> dt.datetime | None:
        return self._date("iat")

    @property
    def expires_at(self) -> dt.datetime | None:
        return self._date("exp")

    @property
    def example(self) -> bool:
        """Claims of documentation, issued to no one: a subject of digits in sequence
        (`1234567890`) or the placeholder person (`John Doe`, `Jane Doe`)."""
        sub, name = self.claims.get("sub"), self.claims.get("name")
        if isinstance(sub, (str, int)) and not isinstance(sub, bool) and _SEQUENCE.fullmatch(str(sub)):
            return True
        return isinstance(name, str) and _PLACEHOLDER_PERSON.fullmatch(name.strip()) is not None

    @property
    def issuer(self) -> str | None:
        v = self.claims.get("iss")
        return v if isinstance(v, str) and len(v) <= 200 else None


def _b64url_json(part: str) -> dict[str, Any] | None:
    import base64  # here: few texts hold a JWT (start-up)
    import binascii
    import json

    try:
        data = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        value = json.loads(data.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


# The parameters of a JWS/JWE header (RFC 7515, 7516): what a token's first part holds.
_HEADER_PARAMETERS = frozenset(("alg", "typ", "kid", "cty", "x5t", "x5t#S256", "x5u", "jku", "crit", "enc", "zip"))


def header_alone(text: str) -> bool:
    """A JWT's header alone (`eyJhbGciOi...`, no payload nor signature after it): base64url of a
    JSON object of header parameters, its algorithm among them. It says how a token is signed
    and by which key, and logs no one in."""
    if not text.startswith("eyJ") or "." in text or len(text) > 512:
        return False
    header = _b64url_json(text)
    return header is not None and "alg" in header and set(header) <= _HEADER_PARAMETERS


def decode(token: str) -> Jwt | None:
    """Header and claims of a compact JWS, or None when it is not one. No verification."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        return None
    header = _b64url_json(parts[0])
    if header is None or not isinstance(header.get("alg", ""), str):
        return None
    claims = _b64url_json(parts[1])
    if claims is None:
        return None
    return Jwt(header, claims)


def find(text: str) -> Iterator[tuple[int, int, Jwt]]:
    """Every decodable JWT in text: (start, end, decoded)."""
    if "eyJ" not in text:
        return
    for m in JWT_PATTERN.finditer(text):
        tok = decode(m.group())
        if tok is not None:
            yield m.start(), m.end(), tok
