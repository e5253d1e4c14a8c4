"""DCR030's gate over escapes (`_spelled`): it holds for an escape only where it may spell a
character of a quoted secret key, the structure of a JSON object or the first characters of a
base64 value, in every form the readers of values decode (hex and unicode in either case, YAML's
`\\U`, Groovy's `\\uu` and octal, bash's `$'\\u61'` and `$'\\141'`). Random spellings hold it to
the full reading (the check run as if the gate held): never False where the reading finds."""

from __future__ import annotations

import base64
import random
import re
from collections.abc import Callable

import pytest
from conftest import Lint, run_checks, scanned

from dcrlint.checks import dcr030_docker_config_plaintext_auth as dcr030
from dcrlint.classify import FileKind
from dcrlint.reports import FORMATS

AUTH = base64.b64encode(b"ci-bot:Qm4-lantern-27-Zpx").decode()
KEYS = ("auth", "password", "identitytoken", "registrytoken", "AUTH", "IdentityToken", "pa\u017f\u017fword",
        "identityto\u212aen", "email", "username", "authx")


def _full_reading(text: str, path: str, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """DCR030's findings with its gate taken as holding everywhere."""
    with monkeypatch.context() as m:
        m.setattr(dcr030, "_may_embed", lambda file: True)
        return run_checks(scanned(text, path), "DCR030")


# --- the gate before this change, the reference it must never fall short of where it held ------
_OLD_STRUCTURE_ESCAPE = re.compile(r"\\(?:x|u+00|U000000)(?:22|7[bB]|20|0[9aAdD])")
_OLD_KEY_ESCAPE = re.compile(r"\\(?:x|u+00|U000000)(?:[2-7]|0[9aAdD])|\\(?:u+|U0000)(?:212[aA]|017[fF])")


def _old_gate(text: str) -> bool:
    """The gate as it was for the kinds used here (no Dockerfile joins): any printable escape."""
    escapes = "\\" in text
    if ("{" not in text or dcr030._OBJECT.search(text) is None) and not (
            escapes and _OLD_STRUCTURE_ESCAPE.search(text)):
        return _old_encode(text, escapes)
    if escapes and _OLD_KEY_ESCAPE.search(text):
        return True
    if escapes and ("\\\n" in text or "\\\r\n" in text):
        text = dcr030._LINE_JOIN.sub("", text)
    low = text.lower()
    if "\u017f" in low:
        low = low.casefold()
    return dcr030._KEY_QUOTE.search(low) is not None or _old_encode(text, escapes)


def _old_encode(text: str, escapes: bool) -> bool:
    return dcr030._may_encode(text, frozenset()) or (escapes and _OLD_KEY_ESCAPE.search(text) is not None)


# --- spellings --------------------------------------------------------------------------------
def _hex(rng: random.Random, code: int, width: int) -> str:
    digits = f"{code:0{width}x}"
    return digits.upper() if rng.random() < 0.3 else digits


def _yaml_escape(rng: random.Random, c: str) -> str:
    code = ord(c)
    forms = [f"\\u{_hex(rng, code, 4)}", f"\\U{_hex(rng, code, 8)}"]
    if code < 256:
        forms.append(f"\\x{_hex(rng, code, 2)}")
    return rng.choice(forms)


def _groovy_escape(rng: random.Random, c: str) -> str:
    code = ord(c)
    forms = [f"\\{'u' * rng.randint(1, 3)}{_hex(rng, code, 4)}"]
    if code < 256:
        forms.append(f"\\{code:03o}" if code >= 64 else f"\\{code:o}")
    return rng.choice(forms)


def _hcl_escape(rng: random.Random, c: str) -> str:
    return rng.choice([f"\\u{_hex(rng, ord(c), 4)}", f"\\U{_hex(rng, ord(c), 8)}"])


def _json_escape(rng: random.Random, c: str) -> str:
    return f"\\u{_hex(rng, ord(c), 4)}"


# (path, text around the value, the escape of one character, how a quote and a backslash are written)
HOSTS: list[tuple[str, str, Callable[[random.Random, str], str], str, str]] = [
    (".gitlab-ci.yml", 'variables:\n  DOCKER_AUTH_CONFIG: "%s"\n', _yaml_escape, '\\"', "\\\\"),
    ("Jenkinsfile", 'pipeline {\n  environment {\n    DOCKER_AUTH_CONFIG = "%s"\n  }\n}\n', _groovy_escape,
     '\\"', "\\\\"),
    ("main.tf", 'locals {\n  cfg = "%s"\n}\n', _hcl_escape, '\\"', "\\\\"),
    ("config.toml", '[[runners]]\n  name = "r"\n  environment = ["DOCKER_AUTH_CONFIG=%s"]\n', _hcl_escape, '\\"',
     "\\\\"),
    # JSON's own escapes, in a string YAML takes as written
    (".gitlab-ci.yml", "variables:\n  DOCKER_AUTH_CONFIG: '%s'\n", _json_escape, '"', "\\"),
]
NOISE = ["\\x1b[0m", "\\u003c", "\\x6c", "\\u00e9", "\\n", "\\t", "\\\\", "\\x41", "\\101", "\\u0020"]


def _config(rng: random.Random) -> str:
    key = rng.choice(KEYS)
    if rng.random() < 0.3:  # a letter of the key as JSON's own escape (its backslash the host's \\)
        i = rng.randrange(len(key))
        key = key[:i] + f"\x00u{ord(key[i]):04x}" + key[i + 1 :]
    value = rng.choice([AUTH, AUTH, "${REG_AUTH}", "<auth>"])
    blank = rng.choice(["", " ", "\n  "])
    config = f'{{{blank}"auths": {{"dcr.example.com": {{"{key}": "{value}"}}}}}}'
    if rng.random() < 0.35:
        config = base64.b64encode(config.replace("\x00", "\\").encode()).decode()
    return config


def _spell(rng: random.Random, config: str, escape: Callable[[random.Random, str], str], quote: str,
           backslash: str) -> str:
    rate = rng.choice([0.0, 0.02, 0.1, 0.4])
    out = []
    for i, c in enumerate(config):
        if c == "\x00":
            out.append(backslash)  # a JSON escape's backslash
        elif (rng.random() < rate or (i < 4 and rng.random() < 0.15)) and c != "\n":
            out.append(escape(rng, c))
        elif c == '"':
            out.append(quote)
        elif c == "\n":
            out.append("\\n")
        else:
            out.append(c)
        if rng.random() < 0.01:
            out.append(rng.choice(NOISE))
    return "".join(out)


@pytest.mark.parametrize("host", range(len(HOSTS)), ids=[h[0] for h in HOSTS])
def test_the_gate_holds_wherever_the_full_reading_finds(monkeypatch: pytest.MonkeyPatch, host: int) -> None:
    path, frame, escape, quote, backslash = HOSTS[host]
    rng = random.Random(3000 + host)
    found = narrowed = 0
    for _ in range(1000):
        text = frame % _spell(rng, _config(rng), escape, quote, backslash)
        new = dcr030._may_embed_text(text, True)
        if _full_reading(text, path, monkeypatch):
            found += 1
            assert new, text  # never "skip" where a docker config with a secret is read
        elif _old_gate(text) and not new:
            narrowed += 1
    print(path, found, narrowed)
    assert found >= 30  # the spellings are read (not a test that cannot fail)
    assert narrowed  # and the gate is narrower than it was


@pytest.mark.parametrize(("text", "holds"), [
    # escapes that spell no key character, no structure, no start of a base64 object
    ("#!/bin/sh\nprintf '\\x1b[0m{\"x\": 1}\\n'\necho \\x6c\\u006c\\x3c\n", False),
    ('{"page": "\\u003cdiv\\u003e", "title": "caf\\u00e9"}\n', False),
    ("msg: \"\\x6cogin \\x6c\\x6c {\\\"x\\\": 1}\"\n", False),
    # each reader's spelling of a key's letter, in either case, and octal
    ('X: "{\\"auths\\": {\\"r\\": {\\"\\x61uth\\": 1}}}"\n', True),
    ('X: "{\\"auths\\": {\\"r\\": {\\"\\X61uth\\": 1}}}"\n', False),  # no reader's escape: `\X`
    ('X: "{\\"auths\\": {\\"r\\": {\\"\\u0041UTH\\": 1}}}"\n', True),
    ('X: "{\\"auths\\": {\\"r\\": {\\"\\U00000041uth\\": 1}}}"\n', True),
    ('X = "{\\"auths\\": {\\"r\\": {\\"\\141uth\\": 1}}}"\n', True),  # Groovy's octal
    ("X=$'{\"auths\": {\"r\": {\"\\u61uth\": 1}}}'\n", True),  # bash's short \u
    ("X=$'{\"auths\": {\"r\": {\"identityto\\u212aen\": 1}}}'\n", True),  # Kelvin sign
    # a JSON escape's digit spelled by the host (`\\u\x30061` is `\u0061`): only with a written `\\`
    ('X: "{\\"auths\\": {\\"r\\": {\\"\\\\u\\x30061uth\\": 1}}}"\n', True),
    ('X: "{\\"auths\\": {\\"r\\": {\\"a\\x30uth\\": 1}}}"\n', False),
    # the quote and the brace spelled
    ('X: "\\x7b\\"auths\\": {\\"r\\": {\\u0022auth\\": 1}}}"\n', True),
    # the first characters of a base64 object spelled, any of the four
    ("X: \"\\x65yJhdXRocyI6\"\n", True),
    ("X: \"e\\u0079JhdXRocyI6\"\n", True),
    ("X: \"ew\\x6fKICAiYXV0aHMi\"\n", True),
    ("X: \"eyJ\\x68dXRocyI6\"\n", True),
    ("X: \"\\x66yJhdXRocyI6\"\n", False),  # `f`: no JSON object starts so
    # gzip's magic number (cloud-init's gz+b64), written or spelled
    ("content: H4sIAAAAAAAC\n", True),
    ("content: \"\\x484sIAAAAAAAC\"\n", True),
    ("content: \"H4\\163IAAAAAAAC\"\n", True),
    ("content: xH4sIAAAAAAAC\n", False),  # inside a word
])
def test_which_escapes_hold_the_gate(text: str, holds: bool) -> None:
    assert dcr030._may_embed_text(text, True) is holds


def test_a_key_spelled_in_octal_is_found_and_the_gate_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Groovy reads `\\141` as `a`: the old gate (hex escapes only) said skip here."""
    text = 'pipeline {\n  environment {\n    X = "{\\"auths\\": {\\"dcr.example.com\\": {\\"\\141uth\\": \\"%s\\"}}}"\n' \
           '  }\n}\n' % AUTH
    file = scanned(text, "Jenkinsfile")
    assert file.kind is FileKind.JENKINSFILE
    assert dcr030.may_embed_config(file)
    (finding,) = run_checks(file, "DCR030")
    line, column = file.source.position(finding.span.start)
    assert (line, column) == (3, text.splitlines()[2].index("\\141") + 1)
    assert not _old_gate(text)


def reported_nowhere(lint: Lint, path: str, text: str, *secrets: str) -> list[tuple[int, int, int, int]]:
    """Scan `text` at `path` in every output format: no format shows a secret, nor its base64
    form; the DCR030 findings' (line, column, end line, end column) from the JSON report."""
    lint.write(path, text)
    hidden = [*secrets, *(base64.b64encode(s.encode()).decode() for s in secrets)]
    for fmt in FORMATS:
        out = lint("--format", fmt, "--fail-on", "never", "--show-suppressed", ".").out
        assert not [s for s in hidden if s in out], fmt
    run = lint("--format", "json", "--fail-on", "never", ".")
    return [(h.line, h.column, h.end_line, h.end_column) for h in run.hits("DCR030") if h.path == path]


def test_an_octal_key_is_reported_at_the_key_and_leaks_nowhere(lint: Lint, gating: None) -> None:
    text = 'pipeline {\n  environment {\n    X = "{\\"auths\\": {\\"dcr.example.com\\": {\\"\\141uth\\": \\"%s\\"}}}"\n' \
           '  }\n}\n' % AUTH
    line = text.splitlines()[2]
    start, end = line.index("\\141") + 1, line.index(AUTH) + len(AUTH) + 1
    assert reported_nowhere(lint, "Jenkinsfile", text, AUTH, "Qm4-lantern-27-Zpx") == [(3, start, 3, end)]
