"""Maven `settings.xml` (`.m2/settings.xml`, a CI's `ci_settings.xml`, `.mvn/settings.xml`): each
`<server>`'s credentials, by its `<id>`. jib and the docker Maven plugins log in to a registry
with the server whose id is the registry's host (`registry.example.com`, `gcr.io`): a literal
password there is a registry login's (DCR002). Any other server is an artifact repository's
(`nexus-releases`): its literal password is a committed secret all the same (DCR023).

`${env.NAME}` and `${...}` properties are read when Maven runs, and a value Maven encrypted
(`{COQLCE6DU6GtcS5P=}`, `mvn --encrypt-password`) is no password in clear: neither is a literal."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..facts import RegistryCredential, Setting
from ..source import MappedText
from .xmlelements import blank_comments, element, enclosed
from .xmltext import element_text

if TYPE_CHECKING:
    from ..scanned import ScannedFile

# What Maven's password encryption writes: base64 in braces (text may come before the braces).
_ENCRYPTED = re.compile(r"(?s).*\{[A-Za-z0-9+/=]+\}\s*")
_SECRET_ELEMENTS = ("password", "passphrase")
ADVICE = "read it with `${env.NAME}` from the CI's secret store, or encrypt it (`mvn --encrypt-password`)"


def _servers(file: ScannedFile) -> list[tuple[int, str, str | None, str, MappedText]]:
    """(index, id, username, element name, text) of each server's literal secret."""
    text = blank_comments(file.source.text)
    out = []
    for i, (_, start, end) in enumerate(enclosed(text, ("server",), 0, len(text))):
        server_id, user = _text(text, "id", start, end), _text(text, "username", start, end)
        for name in _SECRET_ELEMENTS:
            value = _text(text, name, start, end)
            if value is None or not value.text or _ENCRYPTED.fullmatch(value.text):
                continue
            out.append((i, server_id.text if server_id else "", user.text if user else None, name, value))
    return out


def _text(text: str, name: str, start: int, end: int) -> MappedText | None:
    span = element(text, name, start, end)
    return None if span is None else element_text(text, *span)


def registry_server(server_id: str) -> bool:
    """A server id that is a registry's host (`registry.example.com`, `localhost:5000`), as jib
    and the docker Maven plugins name the server they log in with."""
    return bool(re.fullmatch(r"[\w-]+(\.[\w-]+)+(:\d+)?|localhost(:\d+)?|[\w-]+:\d+", server_id))


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    return [RegistryCredential(sid, user, value, ("servers", str(i), name), "Maven settings `<server>`", "login")
            for i, sid, user, name, value in _servers(file) if name == "password" and registry_server(sid)]


def settings(file: ScannedFile) -> list[Setting]:
    return [Setting(name, f"<{name}>", value, ("servers", str(i), name),
                    f"Maven settings server `{sid}`" if sid else "Maven settings server", ADVICE)
            for i, sid, _user, name, value in _servers(file) if not (name == "password" and registry_server(sid))]
