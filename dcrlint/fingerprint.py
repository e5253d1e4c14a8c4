"""Stable fingerprints: rule, path, structural place and a digest of the value, never the line."""

from __future__ import annotations

import hashlib

from .values import digest


def fingerprint(rule_id: str, path: str, place: tuple[str, ...], value: str, occurrence: int) -> str:
    h = hashlib.sha256()
    for part in (rule_id, path, "/".join(place), digest(value), str(occurrence)):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:32]
