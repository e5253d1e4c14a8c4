"""Docker `config.json` / `.dockercfg` decoding with the position of every key, shared by
DCR030 (config files) and DCR022 (Kubernetes registry Secrets)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from .records import field, lazy_dataclass
from .source import Span

if TYPE_CHECKING:
    from .scanned import ScannedFile

# Keys of a registry entry that hold a secret inline.
SECRET_KEYS = ("auth", "password", "identitytoken", "registrytoken")


class DockerConfigError(ValueError):
    """The text is not a docker config (bad JSON or base64). The message never holds a value."""


# ---------------------------------------------------------------------------
# A small JSON parser that keeps character offsets (the stdlib one does not).


@lazy_dataclass(frozen=True)
class JString:
    value: str  # decoded
    raw: str  # as written between the quotes
    span: Span  # the text between the quotes


@lazy_dataclass(frozen=True)
class JScalar:
    value: object  # int, float, bool or None
    span: Span


@lazy_dataclass(frozen=True)
class JArray:
    items: tuple[JNode, ...]
    span: Span


@lazy_dataclass(frozen=True)
class JObject:
    items: tuple[tuple[JString, JNode], ...]
    span: Span

    def get(self, key: str) -> JNode | None:
        found = None
        for k, v in self.items:
            if k.value == key:
                found = v  # the last duplicate wins, as in Go and Python
        return found

    def entry(self, key: str) -> tuple[JString, JNode] | None:
        found = None
        for k, v in self.items:
            if k.value == key:
                found = (k, v)
        return found

    def entries_folded(self, key: str) -> list[tuple[JString, JNode]]:
        """Every entry whose key is `key` (lower case) in any case, in order: Docker reads its
        config with Go's encoding/json, which matches a field's name ignoring case (`Auths`,
        `IdentityToken`)."""
        return [(k, v) for k, v in self.items if k.value == key or k.value.casefold() == key]

    def get_folded(self, key: str) -> JNode | None:
        """`get` ignoring case, as Go's encoding/json reads a field (the last one wins)."""
        found = self.entries_folded(key)
        return found[-1][1] if found else None


JNode = JString | JScalar | JArray | JObject


def string_value(node: JNode | None) -> str | None:
    """A JSON node's string value, if it is a string."""
    return node.value if isinstance(node, JString) else None


def keyed_strings(root: JNode) -> Iterator[tuple[JString, str | None]]:
    """Every non-empty string of a JSON document in document order, with the key naming it (an
    array's items are named by the array's key; None at top level)."""
    stack: list[tuple[JNode, str | None]] = [(root, None)]
    while stack:
        node, key = stack.pop()
        if isinstance(node, JObject):
            stack.extend((v, k.value) for k, v in reversed(node.items))
        elif isinstance(node, JArray):
            stack.extend((v, key) for v in reversed(node.items))
        elif isinstance(node, JString) and node.raw:
            yield node, key

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_STRING_PLAIN = re.compile(r'[^"\\\x00-\x1f]*')
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def fail(self, what: str) -> DockerConfigError:
        line = self.text.count("\n", 0, self.i) + 1
        return DockerConfigError(f"invalid JSON: {what} (line {line})")

    def ws(self) -> None:
        m = _WS.match(self.text, self.i)
        assert m is not None
        self.i = m.end()

    def value(self, depth: int = 0) -> JNode:
        if depth > 200:
            raise self.fail("nested too deeply")
        self.ws()
        t = self.text
        if self.i >= len(t):
            raise self.fail("unexpected end of text")
        c = t[self.i]
        if c == "{":
            return self.obj(depth)
        if c == "[":
            return self.arr(depth)
        if c == '"':
            return self.string()
        start = self.i
        for word, val in (("true", True), ("false", False), ("null", None)):
            if t.startswith(word, start):
                self.i += len(word)
                return JScalar(val, Span(start, self.i))
        m = _NUMBER.match(t, start)
        if m and m.end() > start:
            self.i = m.end()
            s = m.group()
            num: object = float(s) if any(ch in s for ch in ".eE") else int(s)
            return JScalar(num, Span(start, self.i))
        raise self.fail("unexpected character")

    def string(self) -> JString:
        t = self.text
        start = self.i + 1
        self.i = start
        parts: list[str] = []
        while True:
            m = _STRING_PLAIN.match(t, self.i)
            assert m is not None
            parts.append(m.group())
            self.i = m.end()
            if self.i >= len(t):
                raise self.fail("unterminated string")
            c = t[self.i]
            if c == '"':
                end = self.i
                self.i += 1
                return JString("".join(parts), t[start:end], Span(start, end))
            if c != "\\":
                raise self.fail("control character in string")
            esc = t[self.i + 1 : self.i + 2]
            if esc in _ESCAPES:
                parts.append(_ESCAPES[esc])
                self.i += 2
            elif esc == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", t[self.i + 2 : self.i + 6]):
                parts.append(chr(int(t[self.i + 2 : self.i + 6], 16)))
                self.i += 6
            else:
                raise self.fail("bad escape in string")

    def obj(self, depth: int) -> JObject:
        start = self.i
        self.i += 1
        items: list[tuple[JString, JNode]] = []
        self.ws()
        if self.text.startswith("}", self.i):
            self.i += 1
            return JObject((), Span(start, self.i))
        while True:
            self.ws()
            if not self.text.startswith('"', self.i):
                raise self.fail("expected a key")
            key = self.string()
            self.ws()
            if not self.text.startswith(":", self.i):
                raise self.fail("expected ':'")
            self.i += 1
            items.append((key, self.value(depth + 1)))
            self.ws()
            if self.text.startswith(",", self.i):
                self.i += 1
                continue
            if self.text.startswith("}", self.i):
                self.i += 1
                return JObject(tuple(items), Span(start, self.i))
            raise self.fail("expected ',' or '}'")

    def arr(self, depth: int) -> JArray:
        start = self.i
        self.i += 1
        items: list[JNode] = []
        self.ws()
        if self.text.startswith("]", self.i):
            self.i += 1
            return JArray((), Span(start, self.i))
        while True:
            items.append(self.value(depth + 1))
            self.ws()
            if self.text.startswith(",", self.i):
                self.i += 1
                continue
            if self.text.startswith("]", self.i):
                self.i += 1
                return JArray(tuple(items), Span(start, self.i))
            raise self.fail("expected ',' or ']'")


def parse_json(text: str) -> JNode:
    """Parse JSON text keeping offsets; raises DockerConfigError."""
    p = _Parser(text)
    node = p.value()
    p.ws()
    if p.i != len(text):
        raise p.fail("extra text after the JSON value")
    return node


def file_json(file: ScannedFile, what: str) -> JNode | None:
    """The file's JSON; None, with a notification (`WHAT: problem; not read`), when it is none."""
    try:
        return parse_json(file.source.text)
    except DockerConfigError as e:
        file.notify(f"{what}: {e}; not read")
        return None


# ---------------------------------------------------------------------------
# The docker config model.


@lazy_dataclass(frozen=True)
class AuthEntry:
    """One secret stored inline in one registry entry."""

    registry: str  # the entry's key as written (decoded JSON string)
    registry_span: Span  # the registry key, between its quotes
    kind: str  # one of SECRET_KEYS
    key_span: Span  # the secret's key ("auth", ...), between its quotes
    value: str  # the JSON string value, decoded
    raw: str  # the value as written in the JSON text, between its quotes
    value_span: Span  # the value, between its quotes
    user: str | None = None  # decoded user (from `auth` or the entry's `username`)
    password: str | None = None  # the secret part: password from `auth`, or the value
    problem: str | None = None  # why `auth` could not be decoded (no secret in it)


@lazy_dataclass(frozen=True)
class DockerConfig:
    entries: tuple[AuthEntry, ...]
    creds_store: str | None = None
    cred_helpers: Mapping[str, str] = field(default_factory=dict)
    legacy: bool = False  # `.dockercfg` layout: registries at the top level
    auths_span: Span | None = None  # the "auths" key, when present

    def helper_for(self, registry: str) -> str | None:
        """The credential helper (or store) that would serve this registry, if any."""
        host = registry_host(registry)
        for key, helper in self.cred_helpers.items():
            if helper and registry_host(key) == host:
                return helper
        return self.creds_store or None


def registry_host(registry: str) -> str:
    """`https://index.docker.io/v1/` -> `index.docker.io`; `localhost:5000/x` -> `localhost:5000`."""
    r = registry.strip()
    r = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", r)
    return r.split("/", 1)[0].lower()


def decode_base64(text: str, what: str = "value") -> str:
    """Base64 (as `base64text.decode` reads it) to UTF-8 text."""
    from .base64text import decode

    data = decode(text)
    if data is None:
        raise DockerConfigError(f"{what} is not base64")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise DockerConfigError(f"{what} is not UTF-8 text after base64 decoding") from None


def _entry_secrets(reg_key: JString, entry: JObject) -> list[AuthEntry]:
    out: list[AuthEntry] = []
    username = entry.get_folded("username")
    user = username.value if isinstance(username, JString) and username.value else None
    for key, val in entry.items:
        kind = key.value.casefold()
        if kind not in SECRET_KEYS or not isinstance(val, JString) or not val.value:
            continue
        e_user, secret, problem = user, val.value, None
        if kind == "auth":
            try:
                decoded = decode_base64(val.value, "auth")
            except DockerConfigError as err:
                problem, secret = str(err), val.value
            else:
                if ":" in decoded:
                    e_user, _, secret = decoded.partition(":")
                else:
                    problem, secret = "auth is not user:password", decoded
        out.append(AuthEntry(reg_key.value, reg_key.span, kind, key.span, val.value, val.raw,
                             val.span, e_user or None, secret, problem))
    return out


def parse_docker_config(text: str) -> DockerConfig:
    """Decode a docker config (`config.json` or legacy `.dockercfg`) keeping positions.

    Raises DockerConfigError (a ValueError) when the text is not a JSON object.
    """
    root = parse_json(text)
    if not isinstance(root, JObject):
        raise DockerConfigError("a docker config must be a JSON object")
    entries: list[AuthEntry] = []
    every_auths = root.entries_folded("auths")  # Go merges them all into one map
    legacy = False
    auths_span = None
    if every_auths:
        auths_span = every_auths[-1][0].span
        for _, auths in every_auths:
            if isinstance(auths, JObject):
                for reg, entry in auths.items:
                    if isinstance(entry, JObject):
                        entries.extend(_entry_secrets(reg, entry))
    elif not root.get_folded("credsstore") and not root.get_folded("credhelpers"):
        # Legacy layout: registry -> {auth, email}.
        for reg, entry in root.items:
            if isinstance(entry, JObject) and any(k.value.casefold() in SECRET_KEYS for k, _ in entry.items):
                legacy = True
                entries.extend(_entry_secrets(reg, entry))
    store = root.get_folded("credsstore")
    helpers = root.get_folded("credhelpers")
    cred_helpers: dict[str, str] = {}
    if isinstance(helpers, JObject):
        for k, v in helpers.items:
            if isinstance(v, JString):
                cred_helpers[k.value] = v.value
    return DockerConfig(
        tuple(entries),
        store.value if isinstance(store, JString) and store.value else None,
        cred_helpers,
        legacy,
        auths_span,
    )
