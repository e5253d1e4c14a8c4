"""`scheme://user:password@host`: the one pattern for credentials written into a URL."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lazyre import lazy_compile

# Not `image@sha256:digest`: a digest after `@` is no host, and `name:tag` before it no password.
# The user may be empty (`redis://:pw@host`); the host may be a variable or a template
# (`https://u:pw@${NEXUS}/`): the password is written down all the same. A `${...}` in the
# user is one expansion, colon and all: `redis://${PASSWORD:-}@host` has no password written.
URL_CREDENTIALS = lazy_compile(
    r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://(?P<user>(?:\$\{[^{}\s@]*\}|\$(?!\{)|[^\s:/@'\"`<>$]){0,128})"
    r":(?P<pw>[^\s/'\"`<>]{1,256})@"
    r"(?!sha\d+:)(?P<host>[A-Za-z0-9.\-\[\]:]+|\$\{[A-Za-z_][\w.]*\}|\$\([A-Za-z_][\w.]*\)|\$[A-Za-z_]\w*"
    r"|\{\{[^{}]*\}\})"
)


def url_matches(text: str) -> Iterator[re.Match[str]]:
    """URL_CREDENTIALS.finditer(text), run only on the lines holding `://` and an `@` after
    it: a match never spans a line break and has an `@` after its `://`, and the regex is slow
    when tried at every letter of a big file (most lines with a URL have no `@`)."""
    at = text.find("://")
    while at != -1:
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        if text.find("@", at, end) != -1:
            yield from URL_CREDENTIALS.finditer(text, text.rfind("\n", 0, at) + 1, end)
        at = text.find("://", end)


def loopback(host: str) -> bool:
    """A host on the machine itself (`localhost:5432`, `127.0.0.1`, `[::1]:6379`): a test or
    development server, which nothing beyond the machine reaches."""
    name = host[1 : host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
    name = name.lower().rstrip(".")
    return name in ("localhost", "::1") or name.endswith(".localhost") or name.startswith("127.")
