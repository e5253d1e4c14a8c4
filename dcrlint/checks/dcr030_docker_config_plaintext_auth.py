"""DCR030 docker-config-plaintext-auth: a docker config.json or .dockercfg storing a registry
credential inline (instead of a credential store or helper), as a file or as the value of a
variable (GitLab runner's `DOCKER_AUTH_CONFIG`, an `env:` entry, a Compose or container
environment, an env file, a make variable, a shell or Dockerfile assignment, a Groovy string, a
Terraform string or heredoc)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from ..classify import FileKind
from ..facts import DOCKER_CONFIG, SETTINGS, SHELL_CONTEXTS, TERRAFORM, VALUES, VARIABLES
from ..findings import Finding
from ..lazyre import lazy_compile
from ..scanned import ScannedFile
from ..shell.heredocs import HEREDOC, delimiter_line
from ..source import MappedText, MappedTextBuilder, Span
from ..standins import secret_slot, user_slot
from ..values import ValueKind, classify
from . import FileCheck

if TYPE_CHECKING:
    from ..dockerauth import AuthEntry, DockerConfig
    from ..facts import ShellContext
    from ..filevalues import FileValue


# An `auth` docker cannot read as base64 of `user:password` that names base64 or `auth` tells
# what to write there (`BASE64_AUTH`, `base64(user:pass)`): a stand-in, not a credential.
_DESCRIBES_AUTH = lazy_compile(r"(?i)base[-_ ]?64|(?<![a-z])auth(?![a-z])")


def inline_secret(entry: AuthEntry, placeholders: tuple[str, ...], literal_dollar: bool = True) -> str | None:
    """The secret part of an entry when it is a real literal, else None. `literal_dollar`: the
    config is read as it is written (a file); not for one in a variable, which the CI system or
    shell may expand (`$(cat f)`, `robot$x` are not literals there)."""
    secret = entry.password
    if entry.problem and entry.kind == "auth" and _DESCRIBES_AUTH.search(entry.value):
        return None  # what belongs there (`BASE64_ENCODED_USER_PASS`), not base64 of user:password
    if entry.problem and entry.kind == "auth" and ":" in entry.value:
        secret = entry.value.partition(":")[2]  # written as user:password, not base64
    if secret is None or classify(secret, placeholders, literal_dollar=literal_dollar) is not ValueKind.LITERAL:
        return None
    if entry.user and user_slot(entry.user) and secret_slot(secret):
        return None  # a template's slots, each named for what goes there (`registry.username`, `registry.password`)
    return secret


def describe(entry: AuthEntry, config: DockerConfig) -> str:
    """`registry example.org (user ci)`, plus the helper that should hold it instead."""
    who = f" (user {entry.user})" if entry.user else ""
    helper = config.helper_for(entry.registry)
    if helper:
        what = "credential store" if helper == config.creds_store else "credential helper"
        how = f"; {what} `{helper}` is configured, remove the inline secret"
    else:
        how = "; use `credsStore` or `credHelpers` instead"
    return f"registry {entry.registry}{who}{how}"


def check(file: ScannedFile) -> Iterator[Finding]:
    config = file.get(DOCKER_CONFIG)
    if config is None:
        return
    for entry in config.entries:
        if inline_secret(entry, file.settings.placeholders) is None:
            continue
        layout = "legacy .dockercfg" if config.legacy else "docker config"
        yield Finding(
            rule_id="DCR030",
            message=f"{layout} stores `{entry.kind}` inline for {describe(entry, config)}",
            path=file.path,
            # from the key through its value, so that reports showing the line mask the value
            span=Span(entry.key_span.start, entry.value_span.end),
            place=("auths", entry.registry, entry.kind),
            secret=entry.raw,
        )


# A value that may hold a docker config with an inline secret, in the file's text however its
# language spells it. A JSON object written out: a brace, blanks (maybe escaped: `\n`, `\t`,
# `\r`, `\ `, an escaped line break) and the quote of its first key (maybe escaped: `{\"auths\"`
# in a double-quoted string, ``{`"auths`"`` in a Dockerfile whose escape character is the
# backtick), as one run of a character class (a superset, and a cheap search);
# else an escape that may spell the brace, the quote or a blank (`_spelled`).
_OBJECT = lazy_compile(r'\{[\s\\`ntr]*"')
_STRUCTURE = frozenset('{" \t\n\r')
# Then an escape that may spell a character of a quoted secret key (`_spelled`): a letter of one
# in either case, the Kelvin sign or the long s, which Go folds to k and s as it reads keys
# ignoring case, the quote, or a backslash (a JSON `\u0061` spelled with an outer escape,
# `\x5cu0061`); with a written `\\` (a JSON escape's backslash) a hex digit too (`\\u\x30061`).
# Other escapes (`\x1b` in a colored echo, `\x6c`, `\u003c` in rendered JSON) spell no key;
_KEY_CHARS = frozenset("authpasswordidentitytokenregistrytoken".upper() + "authpasswordidentitytokenregistrytoken"
                       + '"\\\u212a\u017f')
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
# or a secret key in quotes, in any case, its closing quote maybe escaped. An escaped line break
# (YAML double-quoted, Groovy strings) may split a key: such text is read with its breaks joined.
_KEY_QUOTE = lazy_compile(r'"(?:auth|password|identitytoken|registrytoken)[\\`]*"')
# A character's number as the readers of values decode it: hex (YAML `\x6c`, `\u006c`,
# `\U0000006c`; Groovy's `\uu006c`; HCL, TOML, JSON; bash's `$'\u6c'` with fewer digits) or
# octal (Groovy, bash's `$'\154'`). Read greedily (a superset: `_spelled` also tries the octal's
# shorter readings, Groovy's `\777` is `\77` then `7`).
_NUMERIC_ESCAPE = lazy_compile(r"\\(?:x[0-9a-fA-F]{1,2}|u+[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3})")
_LINE_JOIN = lazy_compile(r"\\\r?\n[ \t]*")
# A Dockerfile's continuation (either escape character) and the blank and comment lines after it.
_DOCKERFILE_JOIN = lazy_compile(r"[\\`][ \t]*\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*")
# A shell, Dockerfile or Makefile value is a word of one line as written: no line joins there.
_LINE_WORD_KINDS = frozenset({FileKind.SHELL, FileKind.DOCKERFILE, FileKind.MAKEFILE})
# A docker config as a value: a JSON object, maybe after `NAME=` (a Compose `environment` list
# item, `docker run -e NAME=...`, an env line read as a word).
_EMBEDDED = lazy_compile(r"\s*(?:[A-Za-z_][A-Za-z0-9_.-]*=[ \t]*)?\{")


# A base64 value that may decode to a JSON object (which a docker config is): `{` then a blank
# or a quote gives its first three characters, `ey[A-DI-L]` or `ew[k-r0-3]`; `encoded` reads a
# value led by four such characters on one line of the file. Led by a literal: `re` skips ahead
# in C.
_BASE64_OBJECT = lazy_compile(r"e(?:y[A-DI-L]|w[k-r0-3])[A-Za-z0-9+/_-]+")
# A value starts there when no base64 character is before it (`keyId`, `framework` are words).
_BASE64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
# Bytes JSON text never holds: control characters but the blanks (a string's are escaped).
_NOT_JSON = bytes(c for c in range(32) if c not in (9, 10, 13))
# The first four characters of such a run, some spelled with an escape (`\x65yJh`, `e\u0079Jh`):
# `e`, then `y` or `w`, then any base64 character twice (a superset: any escape stands for them).
_B64_ANY_ESCAPE = r"\\(?:[xuU]+[0-9a-fA-F]+|[0-7]+)"
_BASE64_OBJECT_SPELLED = lazy_compile(
    r"(?:e|\\(?:(?:x|u+|U)0*65|0*145))(?:[yw]|\\(?:(?:x|u+|U)0*7[79]|0*1(?:71|67)))"
    rf"(?:[A-Za-z0-9+/_-]|{_B64_ANY_ESCAPE}){{2}}"
    # or of gzip's magic number (`H4sI`), some spelled with an escape
    r"|(?:H|\\(?:(?:x|u+|U)0*48|0*110))(?:4|\\(?:(?:x|u+|U)0*34|0*64))(?:s|\\(?:(?:x|u+|U)0*73|0*163))"
    r"(?:I|\\(?:(?:x|u+|U)0*49|0*111))")
# A value cloud-init's `write_files` writes with `encoding: gz+b64` (and its other names): base64
# of gzip, which starts `H4sI` (its magic number and method); read where cloud-init reads it.
_GZIP_BASE64 = frozenset({"gz+base64", "gzip+base64", "gz+b64", "gzip+b64"})
_GZIP_START = "H4sI"
# Larger than any docker config once gunzipped: not read (a gzip bomb stays small in the file).
_MAX_GUNZIPPED = 1 << 20
# What one of those escapes may spell (the last two: any base64 character).
_BASE64_SPELLED = _BASE64_CHARS


def may_embed_config(file: ScannedFile) -> bool:
    """Gate of the embedded checks: False only where no value of the file can be a docker
    config storing a secret."""
    return file.once("dcr030-embedded", _may_embed)


def _may_embed(file: ScannedFile) -> bool:
    text = file.source.text
    if _may_embed_text(text, file.kind not in _LINE_WORD_KINDS):
        return True
    # A Dockerfile's instruction goes on over its continuation lines (the comment lines between
    # dropped): an ENV, ARG or RUN value is read joined.
    return file.kind is FileKind.DOCKERFILE and ("\\" in text or "`" in text) \
        and _may_embed_text(_DOCKERFILE_JOIN.sub("", text), False)


def _may_embed_text(text: str, joins: bool) -> bool:
    """`joins`: the language may join a line to the next by an escaped line break."""
    written = text
    escapes = "\\" in text
    spelled = _spelled(text) if escapes else _NOTHING
    if ("{" not in text or _OBJECT.search(text) is None) and spelled.isdisjoint(_STRUCTURE):
        # (most files: no regex compiled for a one-file run); a config may be base64-encoded
        return _may_encode(text, spelled)
    if not spelled.isdisjoint(_KEY_CHARS) or ("\\\\" in text and not spelled.isdisjoint(_HEX_DIGITS)):
        return True
    if escapes and joins and ("\\\n" in text or "\\\r\n" in text):
        text = _LINE_JOIN.sub("", text)
    low = text.lower()  # lower() folds the Kelvin sign too
    if "\u017f" in low:
        low = low.casefold()  # the long s folds to s
    return _KEY_QUOTE.search(low) is not None or _may_encode(written, spelled)


_NOTHING: frozenset[str] = frozenset()


def _spelled(text: str) -> frozenset[str]:
    """The characters the numeric escapes of `text` may spell, in any reader of values."""
    out = set()
    for escape in set(_NUMERIC_ESCAPE.findall(text)):  # (few distinct ones: `\u003c` a hundred times)
        kind = escape[1]
        if kind in "xuU":
            out.add(_char(int(escape.lstrip("\\xuU"), 16)))
        else:  # octal: bash reads up to three digits, Groovy `\[4-7][0-7]?`; `\0`, `\01` are shorter
            out.update(_char(int(escape[1:n], 8)) for n in range(2, len(escape) + 1))
    return frozenset(out)


def _char(code: int) -> str:
    return chr(code) if code < 0x110000 else "\ufffd"


def _may_encode(text: str, spelled: frozenset[str]) -> bool:
    """False only where no value can be base64 of a JSON object as `encoded` reads it: no run of
    base64 characters starting a value decodes, in its whole 4-character groups, to the start of
    JSON text, and no escape may spell one of the first four characters of such a run
    (`\\x65yJ`, `ey\\x4ah`)."""
    for m in _BASE64_OBJECT.finditer(text):  # (most files: none; a test of "ey" first costs as much)
        at = m.start()
        if at and text[at - 1] in _BASE64_CHARS:
            continue  # inside a word: no value starts here
        from ..base64text import decode

        run = m.group()
        data = decode(run[: len(run) - len(run) % 4])
        if data is not None and not any(b in _NOT_JSON for b in data):
            return True
    at = text.find(_GZIP_START)
    while at >= 0:  # base64 of gzip (cloud-init's gz+b64) that starts a value: read it
        if not at or text[at - 1] not in _BASE64_CHARS:
            return True
        at = text.find(_GZIP_START, at + 4)
    if spelled.isdisjoint(_BASE64_SPELLED):
        return False
    for escape in _NUMERIC_ESCAPE.finditer(text):
        at = escape.start()
        for start in range(max(0, at - 3), at + 1):  # up to three characters of the run before it
            spelled_run = _BASE64_OBJECT_SPELLED.match(text, start)
            if spelled_run is not None and spelled_run.end() > at:
                return True
    return False


# A key of the legacy layout (registry -> {auth, password}) that names no registry: one word,
# no dot, port, scheme or path (a registry on the machine is `localhost`), as another program's
# JSON settings name their sections.
_NO_REGISTRY = lazy_compile(r"(?!(?i:localhost)$)[A-Za-z_][A-Za-z0-9_-]*")


def embedded(file: ScannedFile, text: str, locate: Callable[[], MappedText], name: str | None,
             place: tuple[str, ...], holder: str = "a value") -> Iterator[Finding]:
    """The inline secrets of a docker config that is the whole of `text` (after `NAME=`);
    `locate` maps it to the file, asked only when there is one."""
    from ..dockerauth import DockerConfigError, parse_docker_config

    m = _EMBEDDED.match(text)
    if m is None or '"' not in text or not text.rstrip().endswith("}"):
        return  # no quoted key, or text after the object: no JSON docker config (cheap, before parsing)
    at = m.end() - 1
    try:
        config = parse_docker_config(text[at:])
    except DockerConfigError:
        return  # a value that is not JSON: not a docker config
    if at and "=" in text[:at]:
        name = text[:at].partition("=")[0].strip()  # `NAME={...}` names its variable
    if name and name != "value":  # not the `value:` of an env item
        holder = f"`{name}`"
    placeholders = file.settings.placeholders
    value: MappedText | None = None
    for entry in config.entries:
        if classify(entry.value, placeholders) is not ValueKind.LITERAL \
                or inline_secret(entry, placeholders, literal_dollar=False) is None:
            continue
        if config.legacy and _NO_REGISTRY.fullmatch(entry.registry):
            continue  # another program's settings (`{"WebConsole": {"password": ...}}`), no registry's
        value = value or locate()
        if value.text != text:
            return  # (a value whose mapped text reads otherwise: no exact place to point at)
        key = value.span(at + entry.key_span.start, at + entry.key_span.end)
        secret = value.span(at + entry.value_span.start, at + entry.value_span.end)
        who = f" (user {entry.user})" if entry.user else ""
        yield Finding(
            rule_id="DCR030",
            message=f"docker config in {holder} stores `{entry.kind}` inline for registry {entry.registry}{who}; "
                    "keep it in the CI system's or cluster's secret store, or log in at run time",
            path=file.path,
            span=Span(key.start, secret.end),  # from the key through its value, as in a config file
            place=(*place, "auths", entry.registry, entry.kind),
            secret=file.source.text[secret.start : secret.end],  # as written in the file
        )


def encoded(file: ScannedFile, text: str, locate: Callable[[], MappedText], name: str | None,
            place: tuple[str, ...], gzipped: bool = False) -> Iterator[Finding]:
    """A value that is base64 (as `base64text.decode` reads it: wrapped over lines, unpadded,
    URL-safe) of a JSON docker config with an inline secret (`gzipped`: of one gzipped, as
    cloud-init's gz+b64 writes it): one finding at the whole value, as written (no place inside
    the encoding to point at)."""
    if not (text.startswith(_GZIP_START) if gzipped else _BASE64_OBJECT.match(text)):
        return  # not led by base64 of `{` and a blank or a quote (of gzip's magic number)
    from ..base64text import decode
    from ..dockerauth import SECRET_KEYS, DockerConfigError, parse_docker_config

    data = decode(text, 24)
    if data is not None and gzipped:
        data = _gunzip(data)
    if data is None or not data.startswith(b"{"):
        return
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    low = decoded.lower().replace("\u017f", "s")  # lower() folds the Kelvin sign; the long s is s to Go
    if "\\" not in decoded and not any(key in low for key in SECRET_KEYS):
        return  # no secret key in any spelling Go reads (a JWT's header, other JSON): not parsed
    try:
        config = parse_docker_config(decoded)
    except DockerConfigError:
        return
    placeholders = file.settings.placeholders
    entries = [e for e in config.entries if classify(e.value, placeholders) is ValueKind.LITERAL
               and inline_secret(e, placeholders, literal_dollar=False) is not None]
    if not entries:
        return
    value = locate()
    if value.text != text:
        return  # (a value whose mapped text reads otherwise: no exact place to point at)
    if "\n" in file.source.text[value.offset(0) : value.offset(3)]:
        return  # its first characters cut by an escaped line break: not read (the gate's pattern)
    span = value.span(0, len(text.rstrip()))
    first = entries[0]
    who = f" (user {first.user})" if first.user else ""
    more = f" and {len(entries) - 1} more" if len(entries) > 1 else ""
    holder = f"`{name}`" if name and name != "value" else "a value"
    how = "gzip+base64" if gzipped else "base64"
    yield Finding(
        rule_id="DCR030",
        message=f"{how}-encoded docker config in {holder} stores `{first.kind}` inline for registry "
                f"{first.registry}{who}{more}; keep it in the CI system's or cluster's secret store, "
                "or log in at run time",
        path=file.path,
        span=span,
        place=(*place, how, "auths", first.registry, first.kind),
        secret=file.source.text[span.start : span.end],
    )


def _gunzip(data: bytes) -> bytes | None:
    """gzip's data decompressed (as cloud-init does), None when it is not gzip or too large."""
    import zlib

    inflate = zlib.decompressobj(31)  # (a gzip header and trailer)
    try:
        out = inflate.decompress(data, _MAX_GUNZIPPED)
    except zlib.error:
        return None
    return None if inflate.unconsumed_tail else out.lstrip()


def _text_of(value: FileValue) -> MappedText:
    return value.text


def _same(text: MappedText) -> MappedText:
    return text


def check_values(file: ScannedFile) -> Iterator[Finding]:
    """A docker config written as a value: a YAML scalar, a Groovy or Terraform string, a word
    of a shell, Dockerfile or Makefile line (a quoted word on one line)."""
    if file.kind in (FileKind.DOCKER_CONFIG, FileKind.ENV_FILE) or not may_embed_config(file):
        return  # a config file's strings are its entries (`check`); an env file's lines, `check_env_file`'s
    if file.kind is FileKind.MAKEFILE:
        yield from _make_variables(file)
    runner_values = file.kind is not FileKind.GITLAB_RUNNER
    assigned = _assigned(file)
    gzipped: set[tuple[str, ...]] | None = None
    for value in file.get(VALUES):
        # most values are dropped here, before their positions are built
        text = value.value
        if ("{" in text and _EMBEDDED.match(text)) or (len(text) >= 24 and text[0] == "e"):  # (`{` in base64)
            if assigned and assigned(value.text.offset(0)):
                continue  # a word of an ENV or ARG: its value is read as Docker reads it (`check_variables`)
            yield from _config_value(file, value, ())
        elif text.startswith(_GZIP_START) and value.key == "content":
            # cloud-init's `write_files` item with `encoding: gz+b64` (a cloud-config file)
            gzipped = gzipped if gzipped is not None else {
                v.place for v in file.get(VALUES) if v.key == "encoding" and v.value.lower() in _GZIP_BASE64}
            if value.place in gzipped:
                yield from encoded(file, text, partial(_text_of, value), value.key, (*value.place, "content"), True)
        elif runner_values and "runners" in text:
            # a GitLab Runner's config.toml as a value (the gitlab-runner chart's `runners.config`, a
            # ConfigMap's file): its `environment = ["DOCKER_AUTH_CONFIG={...}"]`
            from ..infra.runnerconfig import embedded as runner_strings

            for inner in runner_strings(text, value.text):
                yield from _config_value(file, inner, (*value.place, value.key or "value"))


def _assigned(file: ScannedFile) -> Callable[[int], bool] | None:
    """For a Dockerfile, whether an offset is in an `ENV` or `ARG` instruction."""
    if file.kind is not FileKind.DOCKERFILE:
        return None
    from bisect import bisect_right

    statements = sorted({(v.statement.start, v.statement.end) for v in file.get(VARIABLES)})
    starts = [start for start, _ in statements]

    def inside(at: int) -> bool:
        i = bisect_right(starts, at)
        return bool(i) and at < statements[i - 1][1]

    return inside


def check_variables(file: ScannedFile) -> Iterator[Finding]:
    """A Dockerfile's `ENV` or `ARG` value that is a docker config (or base64 of one), read as
    Docker reads it (quotes and escapes out: `ENV X="{\"auths\": ...}"`, the legacy
    `ENV X '{...}'`, a value over continuation lines), named by its own variable."""
    if not may_embed_config(file):
        return
    for var in file.get(VARIABLES):
        text = var.value.text
        if "{" in text and _EMBEDDED.match(text):
            yield from embedded(file, text, partial(_same, var.value), var.name, var.place)
        elif len(text) >= 24 and text[0] == "e":  # `{` in base64
            yield from encoded(file, text, partial(_same, var.value), var.name, var.place)


def _config_value(file: ScannedFile, value: FileValue, outer: tuple[str, ...]) -> Iterator[Finding]:
    """A docker config that is `value` (after `NAME=`), or base64 of one; `outer`: the place of
    the value it is read from."""
    text = value.value
    place = (*outer, *value.place, value.key or "value")
    if "{" in text and _EMBEDDED.match(text):
        yield from embedded(file, text, partial(_text_of, value), value.key, place)
    elif len(text) >= 24 and text[0] == "e":
        yield from encoded(file, text, partial(_text_of, value), value.key, place)


# A make variable given a value (`X := ...`, `X = ...`, `export X ?= ...`; not `!=`, whose value
# is a command's output): the rest of its logical line, to a comment. Also a target-specific one
# (`deploy: X = ...`, `a b: export X := ...`: GNU make's `target ... : variable-assignment`, the
# keywords export, unexport, override, private before it). A recipe's line (led by a tab) is the
# shell's.
_MAKE_VARIABLE = lazy_compile(r"^ *(?:([^\s:#=][^:#=\n]*?)[ \t]*:[ \t]*)?"
                              r"(?:(?:export|unexport|override|private)[ \t]+)*([A-Za-z_][\w.-]*)[ \t]*"
                              r"(?::{1,3}=|[?+]?=)[ \t]*", re.M)
# `define NAME [op]` ... `endef`: the lines between are the value as written (no comment, no line
# joined: make keeps them); a `define` inside nests.
_DEFINE = lazy_compile(r"^ *(?:(?:export|override|private)[ \t]+)*define[ \t]+([A-Za-z_][\w.-]*)[ \t]*"
                       r"(?::{1,3}=|[?+]?=)?[ \t]*\r?$", re.M)
_DEFINE_OR_END = lazy_compile(r"^ *(?:(?:export|override|private)[ \t]+)*(define|endef)\b", re.M)


def _make_variables(file: ScannedFile) -> Iterator[Finding]:
    """A make variable whose value is a docker config, written out or base64-encoded over lines:
    its words are not VALUES' (a JSON object holds blanks and quotes; a value may go on over
    lines). A base64 value on one line is a word of VALUES (`check_values`)."""
    text = file.source.text
    bodies = []
    for name, start, end in _defines(text):
        bodies.append((start, end))
        yield from _make_value(file, name, MappedText.verbatim(text[start:end], start), ("define", name))
    for m in _MAKE_VARIABLE.finditer(text):
        if any(start <= m.start() < end for start, end in bodies):
            continue  # a line of a define's value
        value, joined = _logical_value(text, m.end())
        if joined or value.text[:1] == "{":
            name = m.group(2)
            target = ("target", m.group(1).split()[0]) if m.group(1) else ()
            yield from _make_value(file, name, value, (*target, "variable", name))


def _make_value(file: ScannedFile, name: str, value: MappedText, place: tuple[str, ...]) -> Iterator[Finding]:
    text = value.text
    if "{" in text and _EMBEDDED.match(text):
        yield from embedded(file, text, partial(_same, value), name, place)
    elif text.lstrip()[:1] == "e":  # `{` in base64
        at = len(text) - len(text.lstrip())
        yield from encoded(file, text[at:], partial(value.slice, at, len(text)), name, place)


def _defines(text: str) -> Iterator[tuple[str, int, int]]:
    """(name, start, end) of each outermost `define`'s value: the lines up to its `endef`."""
    last = 0
    for m in _DEFINE.finditer(text):
        if m.start() < last:
            continue  # in the value of the define before
        body = text.find("\n", m.end()) + 1
        if not body:
            return
        depth = 1
        for d in _DEFINE_OR_END.finditer(text, body):
            depth += 1 if d.group(1) == "define" else -1
            if depth == 0:
                end = max(body, d.start() - 1)  # before the line break ending the last line
                if end > body and text[end - 1] == "\r":
                    end -= 1
                yield m.group(1), body, end
                last = d.end()
                break
        else:
            return  # no endef: make stops there


def _logical_value(text: str, start: int) -> tuple[MappedText, bool]:
    """A make variable's value from `start`: its line and the lines a backslash joins to it (an
    odd number of them ends the line), make's way: each break with the blanks around it one
    blank; to a comment (an escaped `\\#` too: no JSON after it). And whether a line was joined."""
    b = MappedTextBuilder()
    at = start
    joined = False
    while True:
        eol = text.find("\n", at)
        eol = len(text) if eol < 0 else eol
        line_end = eol - 1 if eol > at and text[eol - 1] == "\r" else eol
        comment = text.find("#", at, line_end)
        k = line_end
        while k > at and text[k - 1] == "\\":
            k -= 1
        if comment >= 0 or (line_end - k) % 2 == 0 or eol == len(text):
            stop = comment if comment >= 0 else line_end
            b.add(text[at:stop], at)
            return b.build(stop), joined
        cut = line_end - 1  # the backslash that joins
        while cut > at and text[cut - 1] in " \t":
            cut -= 1
        b.add(text[at:cut], at)
        nxt = eol + 1
        while nxt < len(text) and text[nxt] in " \t":
            nxt += 1
        b.add_decoded(" ", cut, nxt)  # the break stands for one blank
        at, joined = nxt, True


def check_heredocs(file: ScannedFile) -> Iterator[Finding]:
    """A Terraform heredoc holding a docker config (a `locals` value, a variable's default, a
    secret manager's `secret_string`): its text is taken as written, which JSON reads; and a file
    a machine's cloud-init user data writes (`write_files`)."""
    facts = file.get(TERRAFORM)
    if facts is None or not may_embed_config(file):
        return
    for value in facts.heredocs:
        if "{" in value.value and _EMBEDDED.match(value.value):
            yield from embedded(file, value.value, partial(_text_of, value), value.key,
                                (value.key or "value", "heredoc"), "a heredoc")
    for files in facts.cloud_files:
        for written in files():
            yield from _cloud_file(file, written.content, written.path or None, written.encoding, written.place)


def _cloud_file(file: ScannedFile, content: MappedText, path: str | None, encoding: str, place: tuple[str, ...]
                ) -> Iterator[Finding]:
    """A file cloud-init's `write_files` writes (a `~/.docker/config.json` in a machine's user
    data), read as cloud-init decodes its content, named by its path."""
    text = content.text
    if encoding in _GZIP_BASE64 or encoding in ("b64", "base64"):
        yield from encoded(file, text, partial(_same, content), path, (*place, "content"), encoding in _GZIP_BASE64)
    elif encoding in ("", "text/plain") and "{" in text and _EMBEDDED.match(text):
        yield from embedded(file, text, partial(_same, content), path, (*place, "content"), "a file cloud-init writes")


def check_env_file(file: ScannedFile) -> Iterator[Finding]:
    """An env file's `NAME={...}` line: its values are words of lines, which an unquoted JSON
    object is not (other kinds' settings are values of VALUES already)."""
    if file.kind is not FileKind.ENV_FILE or not may_embed_config(file):
        return
    text = file.source.text
    for s in file.get(SETTINGS):
        value = s.value
        if "\\" in value.text:
            span = value.span(0, len(value.text))
            if span.start and text[span.start - 1] == '"' and text.startswith('"', span.end):
                # double-quoted: Compose and dotenv readers take the backslash out of `\"` and `\\`
                yield from embedded(file, _ENV_ESCAPE.sub(_env_unescape, value.text),
                                    partial(_double_quoted, value, 0, len(value.text), _ENV_ESCAPE, _ENV_DECODED),
                                    s.shown, s.place)
                continue
        yield from embedded(file, value.text, partial(_same, value), s.shown, s.place)
        if value.text[:1] == "e":  # `{` in base64
            yield from encoded(file, value.text, partial(_same, value), s.shown, s.place)


# Text the shell takes as written: a single-quoted string (after `NAME=` when it is assigned),
# and a here-document's body (`cat > ~/.docker/config.json <<EOF`); in an unquoted one a `$X`
# is expanded, which the config's reading takes as a variable, not a literal.
_SINGLE_QUOTED = lazy_compile(r"'(\s*(?:[A-Za-z_][\w.-]*=[ \t]*)?\{[^']*)'")  # led by its quote: cheap
# A double-quoted string of sh (`export X="{\"auths\": ...}"`): the shell takes the backslash
# out of `\"`, `\\`, `\$` and `` \` ``, and an escaped line break whole; a `$X` is expanded (a
# variable to the config's reading).
_DOUBLE_QUOTED = lazy_compile(r'"(\s*(?:[A-Za-z_][\w.-]*=[ \t]*)?\{(?:[^"\\]|\\.)*)"', re.S)
_DQ_ESCAPE = lazy_compile(r'\\([\\"$`\n])')
_ASSIGNED = lazy_compile(r"([A-Za-z_][A-Za-z0-9_]*)=\Z")
# An env file's double-quoted value: the escapes every reader of it decodes (Compose's and
# godotenv's, python-dotenv's): `\"`, `\\`, and `\n`, `\r` as line breaks (a config written
# pretty on one line, `"{\n  \"auths\": ...}"`). Each reads others its own way (`\t` is a tab
# to python-dotenv, `t` to Compose): a JSON object is read only where they agree.
_ENV_ESCAPE = lazy_compile(r'\\([\\"nr])')
_ENV_DECODED = {"n": "\n", "r": "\r"}


def check_shell(file: ScannedFile) -> Iterator[Finding]:
    """A docker config written in a script: a single-quoted string (`export DOCKER_AUTH_CONFIG='{...}'`,
    in a CI step or over lines), a here-document. A one-line string of a shell, Dockerfile or
    Makefile line is a word of VALUES (`check_values`)."""
    if not may_embed_config(file):
        return
    from ..shell import SH_DIALECTS

    words_read = file.kind in _LINE_WORD_KINDS
    for ctx in file.get(SHELL_CONTEXTS):
        text = ctx.text.text
        if "{" not in text:
            continue
        # A here-document's body and its quoted delimiter are not the shell's strings: a quote
        # there would pair with one of a string after it. Its body is read as a whole.
        at, shell = 0, []
        while (h := HEREDOC.search(text, at)) is not None and (eol := text.find("\n", h.end())) >= 0:
            shell.append((at, h.start()))
            body = eol + 1
            end = delimiter_line(text, body, h.group(3), bool(h.group(1)))
            end = len(text) if end is None else end
            if "{" in text[body:end] and _EMBEDDED.match(text, body, end):
                yield from embedded(file, text[body:end], partial(ctx.text.slice, body, end), None,
                                    (*ctx.place, "heredoc"), "a here-document")
            if end == len(text):  # no delimiter line: maybe no here-document (`$((a << b))`),
                at = h.start()  # its strings are the shell's (and a body holds no here-document)
                break
            # a body holds no here-document (and is walked once: linear); the shell goes on
            # after its delimiter's line
            eol = text.find("\n", end)
            at = eol + 1 if eol >= 0 else len(text)
        shell.append((at, len(text)))
        sh = ctx.dialect in SH_DIALECTS  # (PowerShell's and cmd's quoting is not sh's)
        for start, stop in shell:
            yield from _strings(file, ctx, start, stop, words_read, sh)


def _strings(file: ScannedFile, ctx: ShellContext, start: int, stop: int, words_read: bool, sh: bool
             ) -> Iterator[Finding]:
    """The docker configs in the single-quoted strings of ctx's text[start:stop], and with `sh`
    its double-quoted ones."""
    text = ctx.text.text
    for m in _SINGLE_QUOTED.finditer(text, start, stop):
        body = m.group(1)
        if words_read and "\n" not in file.source.text[ctx.text.offset(m.start(1)) : ctx.text.offset(m.end(1))]:
            continue  # on one line of the file: a word of VALUES (a Dockerfile's continued line is not one)
        assigned = _ASSIGNED.search(text, max(0, m.start() - 64), m.start())
        yield from embedded(file, body, partial(ctx.text.slice, m.start(1), m.end(1)),
                            assigned.group(1) if assigned else None, (*ctx.place, "string"))
    if sh:
        for m in _DOUBLE_QUOTED.finditer(text, start, stop):
            if "\\" not in m.group(1):
                continue  # no escaped quote: no JSON key in it (and a one-line word is a value)
            body = _DQ_ESCAPE.sub(_dq_unescape, m.group(1))
            assigned = _ASSIGNED.search(text, max(0, m.start() - 64), m.start())
            yield from embedded(file, body, partial(_double_quoted, ctx.text, m.start(1), m.end(1)),
                                assigned.group(1) if assigned else None, (*ctx.place, "string"))


def _env_unescape(m: re.Match[str]) -> str:
    return _ENV_DECODED.get(m.group(1), m.group(1))


def _dq_unescape(m: re.Match[str]) -> str:
    return "" if m.group(1) == "\n" else m.group(1)


def _double_quoted(mt: MappedText, start: int, end: int, escape: re.Pattern[str] = _DQ_ESCAPE,
                   decodes: dict[str, str] | None = None) -> MappedText:
    """mt.text[start:end] as sh (or `escape`'s reader, which reads `decodes`' escapes as their
    characters) reads a double-quoted string, each character mapped to the file."""
    decodes = decodes or {}
    b = MappedTextBuilder()
    text = mt.text
    at = start
    for m in escape.finditer(text, start, end):
        b.copy(mt, at, m.start())
        if (decoded := decodes.get(m.group(1))) is not None:
            span = mt.span(m.start(), m.end())
            b.add_decoded(decoded, span.start, span.end)  # (`\n` in an env file: a line break)
        elif m.group(1) != "\n":
            b.copy(mt, m.start(1), m.end(1))  # the character, at its place after the backslash
        at = m.end()
    b.copy(mt, at, end)
    return b.build(mt.span(start, end).end)


CHECKS = (
    FileCheck(rules=("DCR030",), run=check, facts=(DOCKER_CONFIG,)),
    FileCheck(rules=("DCR030",), run=check_values, facts=(VALUES,), gate=may_embed_config),
    FileCheck(rules=("DCR030",), run=check_env_file, facts=(SETTINGS,), gate=may_embed_config),
    FileCheck(rules=("DCR030",), run=check_heredocs, facts=(TERRAFORM,), gate=may_embed_config),
    FileCheck(rules=("DCR030",), run=check_shell, facts=(SHELL_CONTEXTS,), gate=may_embed_config),
    FileCheck(rules=("DCR030",), run=check_variables, facts=(VARIABLES,), gate=may_embed_config),
)
