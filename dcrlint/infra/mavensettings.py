"""Maven `settings.xml` (`.m2/settings.xml`, a CI's `ci_settings.xml`, `.mvn/settings.xml`): each
`<server>`'s credentials, by its `<id>`. jib and the docker Maven plugins log in to a registry
with the server whose id is the registry's host (`registry.example.com`, `gcr.io`): a literal
password there is a registry login's (DCR002). Any other server is an artifact repository's
(`nexus-releases`): its literal password is a committed secret all the same (DCR023). So is a
header the server's `<configuration>` sends with each request (`<httpHeaders><property>`), named
for a secret: GitLab's package registry reads a `Private-Token` or `Deploy-Token` there.

`${env.NAME}` and `${...}` properties are read when Maven runs, and a value Maven encrypted
(`{COQLCE6DU6GtcS5P=}`, `mvn --encrypt-password`) is no password in clear: neither is a literal."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from ..facts import RegistryCredential, Setting
from ..headers import header_credential
from ..source import MappedText
from .xmlelements import blank_comments, element, enclosed
from .xmltext import element_text

if TYPE_CHECKING:
    from ..scanned import ScannedFile

# What Maven's password encryption writes: base64 in braces (text may come before the braces).
_ENCRYPTED = re.compile(r"(?s).*\{[A-Za-z0-9+/=]+\}\s*")
_SECRET_ELEMENTS = ("password", "passphrase")
ADVICE = "read it with `${env.NAME}` from the CI's secret store, or encrypt it (`mvn --encrypt-password`)"
# Maven decrypts a server's password and passphrase only: a header is read from the environment.
_HEADER_ADVICE = "read it with `${env.NAME}` from the CI's secret store"


class _Secret(NamedTuple):
    """A literal a server gives: a `<password>` or `<passphrase>`, or an HTTP header's value."""

    server_index: int  # of the server in the file
    server: str  # its `<id>`
    user: str | None
    name: str  # as the secret-name patterns read it
    shown: str
    value: MappedText
    place: tuple[str, ...]  # under the server's


def _servers(file: ScannedFile) -> list[_Secret]:
    """Each server's literal secrets: its `<password>` and `<passphrase>`, and the value of each
    HTTP header its `<configuration>` sends."""
    text = blank_comments(file.source.text)
    out = []
    for i, (_, start, end) in enumerate(enclosed(text, ("server",), 0, len(text))):
        server_id, user = _text(text, "id", start, end), _text(text, "username", start, end)
        sid, username = server_id.text if server_id else "", user.text if user else None
        for name in _SECRET_ELEMENTS:
            value = _text(text, name, start, end)
            if value is not None and value.text and not _ENCRYPTED.fullmatch(value.text):
                out.append(_Secret(i, sid, username, name, f"<{name}>", value, (name,)))
        for _, h_start, h_end in enclosed(text, ("httpHeaders",), start, end):
            for _, p_start, p_end in enclosed(text, ("property",), h_start, h_end):
                header, value = _text(text, "name", p_start, p_end), _text(text, "value", p_start, p_end)
                if header is None or not header.text.strip() or value is None or not value.text.strip() \
                        or _ENCRYPTED.fullmatch(value.text):
                    continue
                name = header.text.strip()
                shown, place = f"HTTP header `{name}`", ("httpHeaders", name)
                cred = header_credential(name, value.text.strip())
                if cred is not None and name.lower().endswith("authorization"):
                    # `Bearer x`: the credential after the scheme, named as what it is
                    lead = len(value.text) - len(value.text.lstrip())
                    name, value = f"{name} credential", value.slice(lead + cred[0], lead + cred[1])
                out.append(_Secret(i, sid, username, name, shown, value, place))
    return out


def _text(text: str, name: str, start: int, end: int) -> MappedText | None:
    span = element(text, name, start, end)
    return None if span is None else element_text(text, *span)


def registry_server(server_id: str) -> bool:
    """A server id that is a registry's host (`registry.example.com`, `localhost:5000`), as jib
    and the docker Maven plugins name the server they log in with."""
    return bool(re.fullmatch(r"[\w-]+(\.[\w-]+)+(:\d+)?|localhost(:\d+)?|[\w-]+:\d+", server_id))


def _login(s: _Secret) -> bool:
    return s.place == ("password",) and registry_server(s.server)


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    return [RegistryCredential(s.server, s.user, s.value, ("servers", str(s.server_index), "password"),
                               "Maven settings `<server>`", "login")
            for s in _servers(file) if _login(s)]


def settings(file: ScannedFile) -> list[Setting]:
    return [Setting(s.name, s.shown, s.value, ("servers", str(s.server_index), *s.place),
                    f"Maven settings server `{s.server}`" if s.server else "Maven settings server",
                    ADVICE if len(s.place) == 1 else _HEADER_ADVICE)
            for s in _servers(file) if not _login(s)]
