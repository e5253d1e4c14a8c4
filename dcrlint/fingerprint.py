"""Stable fingerprints that identify a finding by where it is, never by the secret.

A fingerprint hashes the rule, the path, the structural place without list indexes
(`jobs/build/steps/run`, not `.../steps/2/run`) and the text around the finding on its first
line (up to 80 characters each side; the finding's own span and every hidden value masked,
spaces collapsed), plus a count
of earlier findings with the same key in the file. So it survives adding a step, a job or
lines above the finding, re-indenting, and renaming another job; it changes when the line
itself changes. No part is derived from a secret: a fingerprint or a baseline gives nothing
to test password guesses against (see docs/output-formats.md, "Fingerprints").
"""

from __future__ import annotations

from .lazyre import lazy_compile
from .sha import sha256

VERSION = 2  # of the fingerprint construction; baselines record it
_SPACES = lazy_compile(r"\s+")
_MASKED = lazy_compile("\0+")


def place_key(place: tuple[str, ...]) -> tuple[str, ...]:
    """The place without list indexes, which shift when an item is added above."""
    return tuple(p for p in place if not p.isdigit())


# Characters of the line kept on each side of the finding: a long line (a docker config or a
# flow-style manifest on one line) changes elsewhere without moving this finding.
CONTEXT = 80


def context_window(line: str, start: int, end: int) -> str:
    """The part of a line around line[start:end] that identifies a finding."""
    return line[max(0, start - CONTEXT) : end + CONTEXT]


def context_key(line: str) -> str:
    """A line whose masked characters are NUL: masked runs become one `\\0`, spaces collapse."""
    return _SPACES.sub(" ", _MASKED.sub("\0", line)).strip()


def fingerprint(rule_id: str, path: str, place: tuple[str, ...], context: str, occurrence: int) -> str:
    h = sha256()
    for part in (f"v{VERSION}", rule_id, path, "/".join(place_key(place)), context, str(occurrence)):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:32]
