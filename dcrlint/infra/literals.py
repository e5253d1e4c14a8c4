"""Is this name = value pair a literal secret? The one test every infrastructure format shares."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..headers import credential_header
from ..keymaterial import decode_base64_text
from ..lazyre import lazy_compile
from ..notsecret import not_a_secret
from ..records import lazy_dataclass
from ..references import expansion_default
from ..secretnames import (
    access_key_ids,
    header_setting,
    is_secret_name,
    name_words,
    names_secret_object,
    secret_named,
    unqualified,
)
from ..source import MappedText
from ..standins import stand_in_for
from ..valuepatterns import KEY_HOLDERS
from ..values import ValueKind, classify

# Names that point at a secret rather than hold one: `existingSecret`, `passwordSecretRef`,
# `tokenKey` (the key inside a Secret), `secretName`.
_POINTER_WORDS = {"existing", "key", "ref", "name", "secretref", "keyref", "from", "mount", "provider",
                  "store", "backend", "volume", "class", "annotations", "labels", "create", "generate", "length"}
# URLs without credentials, Ansible Vault and SOPS ciphertext (paths and numbers: notsecret.not_a_secret;
# a quoted string of nine digits or more under a secret's name is a PIN-like password there).
_NOT_A_SECRET = lazy_compile(r"^[a-z][a-z0-9+.-]*://[^@\s]*$|^ENC\[|^\$ANSIBLE_VAULT;")
# Words that say what goes there rather than being it (`secret: "value"`).
_GENERIC_WORDS = frozenset({"value", "string", "text", "some-value", "somevalue"})
# A value made only of words that name or stand for a secret (`secret_pw`, `another-password`).
_PLACEHOLDER_WORDS = frozenset({"secret", "password", "passwd", "pass", "pw", "pwd", "token", "key", "api",
                                "another", "my", "some", "your", "example", "sample", "test", "dummy", "value",
                                "fake"})


def _only_placeholder_words(value: str) -> bool:
    """Two such words or more, apart or run together (`secret_pw`, `secretkey`, `faketoken`)."""
    parts = [p for p in re.split(r"[-_. ]+", value.lower()) if p]
    if len(parts) > 1:
        return all(p in _PLACEHOLDER_WORDS for p in parts)
    return len(parts) == 1 and len(parts[0]) <= 64 and _glued_words(parts[0], 0)


def _glued_words(text: str, count: int) -> bool:
    """`text` is placeholder words run together, two or more in all with the `count` before it."""
    if not text:
        return count > 1
    return any(text.startswith(w) and _glued_words(text[len(w):], count + 1) for w in _PLACEHOLDER_WORDS)


# Where camelCase starts a word, also after a run of capitals (`authTLSSecret`: auth, tls, secret).
_CAMEL = lazy_compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def words(name: str) -> list[str]:
    """`existingSecretPasswordKey` -> existing, secret, password, key (also snake and kebab)."""
    return list(_words(name))


@lru_cache(maxsize=8192)  # a pure function of a name: a scan asks about the same names again and again
def _words(name: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[-_.\s]+", _CAMEL.sub("_", name).lower()) if w)


# `key` after these words names a credential (an API key, an access key), not the key of a
# Secret's data that holds one (`passwordKey: admin-password`).
_CREDENTIAL_KEYS = frozenset({"api", "access", "private", "secret", "signing", "encryption", "master", *KEY_HOLDERS})
# What the key of a Secret's data looks like: words, no digits (`admin-password`, `tls.key`).
_DATA_KEY = lazy_compile(r"^[A-Za-z]+([-_.][A-Za-z]+)*$")


def secret_name(name: str, value: str, pattern: str) -> bool:
    """A name that says its value is a secret (camelCase read like snake_case; secretnames.secret_named),
    not one that points at a secret kept elsewhere."""
    parts = words(unqualified(name))
    if not parts or parts[0] == "existing":
        return False
    if parts[-1] in _POINTER_WORDS and not _credential_key(parts):
        return False
    # (a hierarchical name keeps its `__` between sections, `SYNC_TOKENSERVER__JWK__KID`: the
    # sections decide which of them is the setting, is_secret_name)
    sections = ("_".join(words(s)) for s in unqualified(name).split("__"))
    return secret_named("__".join(s for s in sections if s), value, pattern)


def _credential_key(parts: list[str]) -> bool:
    """`api_key`, `aws_secret_access_key`, `privateKey`: a key that is the credential."""
    return parts[-1] == "key" and len(parts) > 1 and parts[-2] in _CREDENTIAL_KEYS


# The characters a Secret's data key may hold (Kubernetes: `[-._a-zA-Z0-9]+`).
_SECRET_KEY_CHARS = lazy_compile(r"[-._a-zA-Z0-9]+")


def _names_no_key(name: str, v: str, pattern: str) -> bool:
    """A name for the key of a Secret's data that holds a credential (`resetPasswordKey`,
    `tokenKey`) given a value no such key can be (a `#`, a `!`, a blank): the credential
    itself, not where it is kept."""
    parts = words(unqualified(name))
    return len(parts) > 1 and parts[-1] == "key" and parts[0] != "existing" and "pull" not in parts \
        and is_secret_name("_".join(parts[:-1]), pattern) and not _SECRET_KEY_CHARS.fullmatch(v)


def literal_secret(name: str, value: str, pattern: str, placeholders: tuple[str, ...],
                   beside: Iterable[tuple[str, str]] | None = None) -> bool:
    """`value` written under `name` is a real literal secret; `beside`: the (name, value) of the
    other entries of its mapping, when known (`_points_into_data`)."""
    v = value.strip()
    if not secret_name(name, v, pattern) and not _names_no_key(name, v, pattern) and not (
            header_setting(name, pattern) and credential_header(v, placeholders)):
        return False
    if not v or "\n" in v or _NOT_A_SECRET.match(v):
        return False
    if names_secret_object(name, v):
        return False
    if words(name)[-1] == "key" and _DATA_KEY.match(v) and _points_into_data(name, beside):
        return False  # names the key of a Secret's data (`secretKey: admin-password`)
    if _stand_in(name, v, pattern):
        return False
    decoded = decode_base64_text(v)
    if decoded is not None and decoded.strip() and _stand_in(name, decoded.strip(), pattern):
        return False  # base64 of a stand-in (`dGVzdC1hcGkta2V5Cg==` is test-api-key)
    if classify(v, placeholders) is not ValueKind.LITERAL:
        return False
    return not_a_secret(v, placeholders) is None  # flags, constants, public material, placeholders


def _points_into_data(name: str, beside: Iterable[tuple[str, str]] | None) -> bool:
    """A `...Key` given a data key's shape (`secretKey: admin-password`) names the key of a
    Secret's data, unless its mapping says otherwise (`beside`, when known): the secret half of
    an access-key pair, its access key beside it (`accessKey` and `secretKey`, `access_key_ids`),
    is the pair's secret, whatever its shape."""
    return beside is None or "secret" not in words(name) \
        or not any(access_key_ids([name, other]) for other, _ in beside)


def _stand_in(name: str, v: str, pattern: str) -> bool:
    """A value that stands for a secret: one for what its name says (`standins.stand_in_for`), a
    generic word, placeholder words."""
    return stand_in_for(name, v, pattern) or v.lower() in _GENERIC_WORDS or _only_placeholder_words(v)


@lazy_dataclass(frozen=True)
class Pair:
    """A secret-named key and its scalar value, with the path of keys to it."""

    name: str
    value: ScalarNode
    path: tuple[str, ...]


def scalar_pairs(root: Node, stop: frozenset[str] = frozenset()) -> Iterator[Pair]:
    """Every mapping entry under root whose value is a scalar (not a bool or number), with its
    key path; the keys in `stop` are not entered."""
    stack: list[tuple[Node, tuple[str, ...], int]] = [(root, (), 0)]
    seen: set[int] = set()
    while stack:
        node, path, depth = stack.pop()
        if id(node) in seen or depth > 64:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            named = _name_value(node)
            if named is not None:  # `- name: DB_PASSWORD` / `value: ...`, as container env is written
                yield Pair(named[0], named[1], (*path, named[0]))
            for k, v in reversed(node.value):
                if not isinstance(k, ScalarNode):
                    continue
                if isinstance(v, ScalarNode):
                    if not v.tag.endswith((":int", ":float", ":bool", ":null")):
                        yield Pair(str(k.value), v, (*path, str(k.value)))
                elif str(k.value) not in stop:
                    stack.append((v, (*path, str(k.value)), depth + 1))
        elif isinstance(node, SequenceNode):
            singular = _one_of_plural_passwords(path)
            for i in range(len(node.value) - 1, -1, -1):
                item = node.value[i]
                if singular is not None and isinstance(item, ScalarNode) \
                        and not item.tag.endswith((":int", ":float", ":bool", ":null")):
                    yield Pair(singular, item, (*path, str(i)))  # each item a password (`passwords: [a, b]`)
                else:
                    stack.append((item, (*path, str(i)), depth + 1))


# The plural password words ending a key (`passwords`, `dbPasswords`, `USER_PASSWDS`): a list of
# passwords (a database chart's `auth.passwords`, one per `auth.usernames` entry). Not other
# plurals: a `secrets:` list names Secrets, `*_tokens` settings are often no tokens (`server_tokens`).
_PLURAL_PASSWORDS = frozenset(("passwords", "passwds"))
# ... not a list of passwords nobody may use (`bannedPasswords`, `weak_passwords`: a policy's deny
# list), nor under a key naming keys (`secretKeys.passwords`: the keys of a Secret's data).
_NOT_USED = frozenset(("banned", "weak", "common", "forbidden", "blocked", "blacklist", "blacklisted", "denied",
                       "disallowed", "leaked", "compromised", "breached", "example", "examples", "bad", "invalid"))


def _one_of_plural_passwords(path: tuple[str, ...]) -> str | None:
    """The name of one item of a list under a plural password key (`password` of `passwords`), the
    key last in `path`; None for another key."""
    words = name_words(path[-1]) if path else ()
    if not words or words[-1] not in _PLURAL_PASSWORDS or not _NOT_USED.isdisjoint(words) \
            or (len(path) > 1 and name_words(path[-2])[-1:] in (("keys",), ("names",))):
        return None
    return path[-1][:-1]


_ENV_NAME = lazy_compile(r"[A-Za-z_][\w.-]*")


def assignment(text: MappedText, names: re.Pattern[str] = _ENV_NAME) -> tuple[str, MappedText] | None:
    """`NAME=value` (a Compose list entry, a line of an env file): the name and the mapped
    value with one level of matching quotes removed."""
    s = text.text
    eq = s.find("=")
    if eq <= 0:
        return None
    name = s[:eq].strip()
    if not names.fullmatch(name):
        return None
    start, end = eq + 1, len(s)
    while start < end and s[start] in " \t":
        start += 1
    while end > start and s[end - 1] in " \t\r":
        end -= 1
    if end - start >= 2 and s[start] == s[end - 1] and s[start] in "'\"":
        start, end = start + 1, end - 1
    return name, text.slice(start, end)


def _name_value(node: MappingNode) -> tuple[str, ScalarNode] | None:
    name = value = None
    for k, v in node.value:
        if isinstance(k, ScalarNode) and isinstance(v, ScalarNode):
            if k.value == "name":
                name = v.value
            elif k.value == "value" and not v.tag.endswith((":int", ":float", ":bool", ":null")):
                value = v
    return (str(name), value) if name and value is not None else None


# An expansion opened and never closed (`${DB_ROOT`, `${DB_ROOT:-x`).
_UNTERMINATED = lazy_compile(r"\$\{[A-Za-z_][^}]*")


def defaulted(value: MappedText, name: str) -> tuple[MappedText, str]:
    """A value that is one expansion with a plain default (`${API_TOKEN:-word}`, as Compose and
    env-file readers interpolate it): the default word, given wherever the variable is unset, read as any
    literal (`references.expansion_default`), and how messages name it; else the value and the name."""
    text = value.text.strip()
    if text.startswith("${") and _UNTERMINATED.fullmatch(text):
        # `${NAME` with no `}`: a reference with a typo, which Compose refuses ("invalid
        # interpolation format"): no container gets the text, nothing is written there
        return value.slice(0, 0), name
    found = expansion_default(text)
    if found is None:
        return value, name
    lead = len(value.text) - len(value.text.lstrip())
    return value.slice(lead + found[1], lead + found[2]), f"{name} (the default of ${{{found[0]}}})"
