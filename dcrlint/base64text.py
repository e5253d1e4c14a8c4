"""Base64 as configuration writes it, read one way everywhere (a Secret's `data`, a docker
config's `auth`, a base64-encoded docker config in a variable, a value that may hide a secret):
blanks and line breaks anywhere (`base64` wraps its output at 76 columns, a YAML block scalar or
a make line continued over lines keeps them), the padding optional, the standard or the URL-safe
alphabet. Whoever reads the file can decode any of these: each holds what it encodes."""

from __future__ import annotations

from .lazyre import lazy_compile

_BLANKS = lazy_compile(r"\s+")
_BASE64 = lazy_compile(r"[A-Za-z0-9+/_-]*={0,2}")


def decode(text: str, min_length: int = 0) -> bytes | None:
    """The bytes `text` encodes, or None when it is not base64 (or shorter than `min_length`
    characters once blanks are taken out)."""
    import base64  # here: a run that decodes nothing does not load it (start-up)
    import binascii

    s = _BLANKS.sub("", text)
    if len(s) < min_length or not _BASE64.fullmatch(s):
        return None
    s = s.rstrip("=")
    if "-" in s or "_" in s:
        s = s.replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(s + "=" * (-len(s) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
