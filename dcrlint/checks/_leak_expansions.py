"""Which secret a word of a printing command shows: the variables it expands, through the layers
that expand them before the shell (Azure's `$(X)`, GitHub's `${{ }}`), and what prints only a
count, a member or literal data instead."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from ..lazyre import lazy_compile
from ..references import expanded_variables, secret_reference
from ..scanned import ScannedFile, ShellContext
from ..secretnames import access_key_ids, is_secret_name, names_no_secret
from ..valuepatterns import DEFAULT_SECRET_NAMES
from ._leak_env_secrets import _env_held_secrets

if TYPE_CHECKING:
    from ..shell.model import Word


# A reference a layer before the shell expands inside the shell's single quotes (make's `$(X)`,
# written `${X}` in a recipe's shell text; a pod's `$(X)`).
_LAYER_REFERENCE = lazy_compile(r"\$(?:\{[^{}'\s]*\}|\([^()'\s]*\))")


def _expanded(raw: str, layer: Callable[[int], bool] | None = None) -> str:
    """A word as written with its single-quoted parts and escaped `$` blanked: what the shell
    does not expand (`echo 'set $PASSWORD first'` prints no secret); a line continuation goes.
    `layer`: whether the `$` at an index of `raw` is expanded by a layer before the shell (make's
    `echo '$(X)'` prints X's value): such a reference is kept in single quotes too."""
    out = []
    quote = ""
    i = 0
    while i < len(raw):
        ch = raw[i]
        if quote == "'":
            ref = _LAYER_REFERENCE.match(raw, i) if ch == "$" and layer is not None else None
            if ref is not None and layer is not None and layer(i):
                out.append(ref.group())
                i = ref.end()
                continue
            out.append("'" if ch == "'" else " ")
            quote = "" if ch == "'" else quote
        elif ch == "\\" and i + 1 < len(raw):
            if raw[i + 1] != "\n":
                out.append("  ")
            i += 1  # (a backslash-newline joins the lines: `$PASS\\<newline>WORD` is `$PASSWORD`)
        elif ch == "'" and quote != '"':
            key = _QUOTED_KEY.match(raw, i) if raw.endswith("[", 0, i) else None
            if key is not None and _SUBSCRIPT_OPEN.search(raw, max(0, i - 128), i):
                out.append(key.group())  # a quoted key selects the element (`${CREDS['user']}`)
                i = key.end()
                continue
            quote = "'"
            out.append(ch)
        else:
            if ch == '"':
                quote = "" if quote == '"' else '"'
            out.append(ch)
        i += 1
    return "".join(out)


# An element's subscript opened (`${CREDS[`), and a single-quoted word key closing it (`'user']}`).
_SUBSCRIPT_OPEN = lazy_compile(r"\$\{[A-Za-z_]\w*\[\Z")
_QUOTED_KEY = lazy_compile(r"'[A-Za-z_][\w-]*'(?=\]\})")


# PowerShell's escaped `$`: a backtick after an even run of them (a doubled backtick is a backtick).
_PS_ESCAPED_DOLLAR = lazy_compile(r"(?<!`)((?:``)*)`\$")


def _secret_in(file: ScannedFile, ctx: ShellContext, args: tuple[Word, ...],
               holders: list[frozenset[str]]) -> tuple[str | None, list[str]]:
    """The secret variable printed words expand (None if none) and their texts as shown, up to
    it. `holders`: the variables the script shows hold names (`_name_holders`), worked out on
    first need (the few scripts that print a secret-worded variable) and kept there."""
    shown_all: list[str] = []
    for w in args:
        shown = w.value.text if ctx.dialect == "cmd" else _expanded(w.raw.text, _layer_at(file, w))
        shown_all.append(shown)
        if "$(" in shown and ctx.dialect in ("sh", "pwsh"):
            # (a PowerShell subexpression runs its pipeline as a sh substitution does: `$(MASKED $t)`)
            masking = _masking_functions(ctx.text.text)
            shown = _COUNT_SUBSTITUTION.sub(partial(_counted, pattern=file.settings.secret_names, masking=masking),
                                            shown)
        if ctx.dialect == "pwsh":
            if "`$" in shown:  # (an odd run of backticks escapes the `$`: "`$Token unset" names the variable)
                shown = _PS_ESCAPED_DOLLAR.sub(r"\1_", shown)
            if "." in shown:
                shown = _members_shown(shown, file.settings.secret_names)
        name = _printed_secret(file, ctx, shown, holders)
        while name is not None and _access_key_id(ctx, name):
            # (the pair's id is no secret; its secret key may be printed in the same word: `$ID/$KEY`)
            rest = re.sub(rf"\$\{{{re.escape(name)}\}}|\${re.escape(name)}(?!\w)", "", shown)
            name = _printed_secret(file, ctx, rest, holders) if rest != shown else None
            shown = rest
        if name is not None:
            return name, shown_all
    return None, shown_all


def _printed_secret(file: ScannedFile, ctx: ShellContext, shown: str, holders: list[frozenset[str]]) -> str | None:
    """The first secret variable the word as shown expands, or None."""
    name = secret_reference(shown, file.settings.secret_names)
    if name is not None and ctx.dialect == "sh":
        if not holders:
            from ._name_holders import name_holders

            holders.append(name_holders(ctx.text.text))
        name = secret_reference(shown, file.settings.secret_names, holders[0])
    if name is None and "$" in shown and (held := _env_held_secrets(file, ctx)):
        name = next((n for n in expanded_variables(shown) if n in held), None)
    return name


_IDENTIFIER = lazy_compile(r"[A-Za-z_]\w*")


def _access_key_id(ctx: ShellContext, name: str) -> bool:
    """An access key the script names beside its pair's secret key (RANCHER_ACCESS_KEY and
    RANCHER_SECRET_KEY): the pair's id, who signs (`secretnames.access_key_ids`), no secret.
    Alone, an access key may be the secret (a storage account's key)."""
    if "access" not in name.lower():
        return False
    text = ctx.text.text
    if "secret" not in text.lower():
        return False
    names = {m.group() for m in _IDENTIFIER.finditer(text) if "secret" in m.group().lower()}
    return name in access_key_ids({name, *names})


def _layer_at(file: ScannedFile, w: Word) -> Callable[[int], bool] | None:
    """For a word with a `$` in single quotes: whether a layer before the shell expands the `$`
    at an index of its raw text (`derived.layer_of`); None for any other word."""
    raw = w.raw
    if "'" not in raw.text or "$" not in raw.text:
        return None
    from ..extractors.derived import layer_of

    layer = layer_of(file)
    return lambda i: layer(raw.slice(i, len(raw.text)))


# PowerShell member access, which prints the member, not the object: a subexpression
# `$($x.A.B)`, or a whole unquoted argument `$x.A` (in a double-quoted string `"$x.A"` expands
# `$x` alone, then the text `.A`).
_MEMBER = lazy_compile(r"\$\(\s*\$(\w+)((?:\.\w+)+)\s*\)|\A\$(\w+)((?:\.\w+)+)\Z")


def _members_shown(shown: str, pattern: str) -> str:
    """A PowerShell argument with each member access written as what it shows: blanked where the
    member path names no secret (`$($secret.Name)`, `$($secrets.Count)`, `$($t.expires_at)`), a
    reference to the path where it does and the object's name did not (`$($config.Password)`
    prints a password: `${config_Password}`); as written where the object is itself named for a
    secret (`$($token.Value)`: reported by the object's name, as before)."""
    def member(m: re.Match[str]) -> str:
        var, path = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(3), m.group(4))
        name = var + path.replace(".", "_")
        if not is_secret_name(name, pattern):
            return " " * len(m.group())
        return m.group() if is_secret_name(var, pattern) else "${" + name + "}"
    return _MEMBER.sub(member, shown)


# A command substitution (one level of parentheses inside), and a stage of its pipeline that
# prints a count of what it reads, `wc` (any options), `grep -c` / `--count`, or a one-way digest
# of it or of its operands: a checksum (`sha256sum`, `md5sum`, `b2sum`, `cksum`), `openssl dgst`
# (`sha256`, `md5`) and the password hashers (`openssl passwd`, `mkpasswd`, `htpasswd -n`); a
# program named for masking what it is given (`mask "$PW"`: `***`), or a function the script
# defines named for masking or digesting it (`_masking_functions`); an HTTP client, which sends
# its operands and prints the response (not with an option printing the request: curl's `-v`,
# `--trace`, wget's `-d`, `--debug`; nor with data a server may echo back that expands a value:
# `_sends_literal_data`).
_COUNT_SUBSTITUTION = lazy_compile(r"\$\(((?:[^()]|\([^()]*\))*)\)")
# A stage is one simple command: its operands run to a pipe, a list operator or a line break
# (`$(sha256sum <<<"$T"; echo "$T")` prints the secret after the digest).
_COUNTER = lazy_compile(
    r"[ \t]*(?:wc\b[^|;&\n]*|grep(?:[ \t]+-[A-Za-z]+)*[ \t]+(?:-[A-Za-z]*c[A-Za-z]*|--count)\b[^|;&\n]*"
    r"|(?:sha(?:1|224|256|384|512)?sum|md5sum|b2sum|cksum|mkpasswd|openssl[ \t]+(?:passwd|dgst|sha\d*|md5))"
    r"\b[^|;&\n]*|htpasswd(?:[ \t]+-[A-Za-z]+)*[ \t]+-[A-Za-mo-z]*n[A-Za-z]*\b[^|;&\n]*"
    r"|(?:mask|redact)(?=[ \t])[^|;&\n]*"
    r"|(?:curl|wget)(?=[ \t])(?![^|;&\n]*[ \t](?:-[A-Za-z]*v[A-Za-z]*|--(?:verbose|trace[\w-]*|debug))(?![\w-]))"
    r"[^|;&\n]*)")
_SINGLE_QUOTED = lazy_compile(r"'[^']*'")
# An HTTP client's options sending data a server may echo back in its response: curl's `-d`,
# `-F` (also at a cluster's end, `-sd`), `--data*`, `--form*`, `--json`, `-T`/`--upload-file`
# (a file named by an expansion); wget's `--post-data`, `--body-data`, `--post-file`, `--body-file`.
_DATA_OPTIONS = lazy_compile(r"--(?:data[\w-]*|form[\w-]*|json|upload-file|post-data|body-data|post-file|body-file)")


def _quoted_dollars_blanked(text: str) -> str:
    """The text with each `$` the shell does not expand (in single quotes, escaped `\\$`) made a
    NUL: what is left of a word once its quotes go keeps a `$` only where it expands one."""
    out: list[str] = []
    quote = ""
    escaped = False
    for c in text:
        if escaped:
            out.append("\0" if c == "$" else c)
            escaped = False
            continue
        if c == "\\" and quote != "'":
            escaped = True
        elif c in "'\"" and quote in ("", c):
            quote = "" if quote == c else c
        elif c == "$" and quote == "'":
            c = "\0"
        out.append(c)
    return "".join(out)


def _sends_literal_data(stage: str) -> bool:
    """An HTTP client's stage (any other: True) whose data a server may echo back expands no
    value (`--data '{"query": "..."}'` beside `-H "Authorization: Bearer $T"`: the response may
    hold the data sent, not the header); not wget's `-d` (debug: it prints the request). False
    when its words cannot be read."""
    head = stage.lstrip()
    if not head.startswith(("curl", "wget")):
        return True
    wget = head.startswith("wget")
    try:
        argv = shlex.split(_quoted_dollars_blanked(stage))
    except ValueError:
        return False
    for k, word in enumerate(argv[1:], 1):
        name, eq, value = word.partition("=")
        if _DATA_OPTIONS.fullmatch(name):
            sent = value if eq else (argv[k + 1] if k + 1 < len(argv) else "")
        elif not word.startswith("--") and (short := re.match(r"-([A-Za-z]+)", word)) is not None:
            letters = short.group(1)
            if wget and "d" in letters:
                return False
            at = next((i for i, c in enumerate(letters) if c in "dFT"), None)
            if at is None:
                continue
            sent = word[at + 2 :] or (argv[k + 1] if k + 1 < len(argv) else "")  # (the rest of the word, or the next)
        else:
            continue
        if "$" in sent or "`" in sent:
            return False
    return True


# jq given one path of fields (`jq -r .expiresOn`, `jq '.token.expires_at'`): it prints that field
# of the JSON it reads, named by the path.
_JQ_FIELD = lazy_compile(r"""[ \t]*jq(?:[ \t]+-[a-zA-Z]+|[ \t]+--(?:raw-output|compact-output|exit-status))*"""
                         r"""[ \t]+(['"]?)((?:\.[A-Za-z_]\w*)+)\1[ \t]*""")


# A function's name saying it masks or digests what it is given (`MASKED`, `mask_secret`,
# `MD5MSK`, `sha256_of`; not `unmask`, `show_unmasked`: reviewer R103).
_MASKING_NAME = lazy_compile(r"(?i)(?![\w.:-]*un(?:mask|redact))[\w.:-]*?(?:mask|redact|md5|sha(?:1|224|256|384|512))"
                             r"[\w.:-]*")


@lru_cache(maxsize=8)  # (asked for each printed word with a substitution; a script's text hashes once)
def _masking_functions(text: str) -> frozenset[str]:
    """The functions the script defines whose names say they mask or digest what they are given
    (cdaf's `MASKED`, hashing its argument): their output shows no secret. A program of another
    file named so (`masked`) is not known to (`mask` and `redact` are, `_COUNTER`)."""
    if not _MASKING_NAME.search(text):
        return frozenset()
    from ._leak_tracing import _functions

    return frozenset(f for f in _functions(text) if _MASKING_NAME.fullmatch(f))


def _counted(m: re.Match[str], pattern: str = DEFAULT_SECRET_NAMES, masking: frozenset[str] = frozenset()) -> str:
    """A substitution whose output is a count or a digest of what it reads (`$(grep -c . <<<"$PASSWD")`,
    `$(printf %s "$TOKEN" | wc -c)`, `$(openssl passwd -apr1 "$PASSWORD")`), or a field of the JSON
    it reads whose name says it is no secret (`$(echo "$TOKEN_INFO" | jq -r .expiresOn)`, `.token_type`;
    not `.accessToken`, nor a neutral `.value`, `.data` where a secret's JSON keeps it),
    shows a number, a hash or that field, not the secret: blanked (same length). The stages after
    such a stage read only its output, when they expand nothing (`| cut -c1-8`)."""
    stages = m.group(1).split("|")
    for at in range(len(stages) - 1, -1, -1):
        if _COUNTER.fullmatch(stages[at]) and _sends_literal_data(stages[at]):
            return " " * len(m.group())
        if masking and (words := stages[at].split()) and words[0] in masking and not {";", "&"} & set(stages[at]):
            return " " * len(m.group())  # (`$(MASKED $T)`: the function the script defines prints a mask)
        if at and (jq := _JQ_FIELD.fullmatch(stages[at])) is not None \
                and names_no_secret(last := jq.group(2).rsplit(".", 1)[-1]) and not is_secret_name(last, pattern):
            return " " * len(m.group())  # (not `.value`, `.data`: where a secret's JSON keeps it)
        if "$" in _SINGLE_QUOTED.sub("", stages[at]) or "<" in stages[at] or ";" in stages[at] or "&" in stages[at]:
            break  # (a later stage reading a secret of its own; `awk '{print $1}'` expands nothing)
    return m.group()
