"""What a value is (literal, variable, expression, placeholder), decided in one place,
plus masking and hashing so that no found secret is ever printed."""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from .lazyre import lazy_compile
from .sha import sha256

if TYPE_CHECKING:
    from .userregex import Matcher


class ValueKind(enum.Enum):
    __hash__ = object.__hash__  # identity, as FileKind's (classify.py)

    EMPTY = "empty"
    LITERAL = "literal"
    VARIABLE = "variable"  # $X, ${X}, %X%, $env:X, $(cmd)
    EXPRESSION = "expression"  # ${{ ... }}, $(( )), $[ ]
    TEMPLATED = "templated"  # {{ ... }}, << parameters.x >>
    REFERENCE = "reference"  # credentials('id'), secretKeyRef
    PLACEHOLDER = "placeholder"  # <password>, changeme, xxxx ...


# The words that ask for a value where `here` follows them (DEFAULT_PLACEHOLDERS).
_ASKING_WORDS = ("password|passwd|passphrase|pass|pwd|pw|secret|secrets|token|tokens|apikey|api|keys|key|creds"
                 "|cred|credentials|credential|auth|pem|cert|certificate|username|user|login|email|name|value"
                 "|your|my|put|paste|insert|enter|add|set|goes|go|type|write|fill")

DEFAULT_PLACEHOLDERS: tuple[str, ...] = (
    # (also after an authorization scheme: `Basic <base64-credentials>`)
    r"(?i:(?:basic|bearer|token|digest)[ \t]+)?<[^<>]*>",
    r"\[[^\[\]]*\]|\[\[[^\[\]]*\]\]",  # (`[[DB_PASSWORD]]`: a name in double brackets, for a script to fill in)
    r"(?i:your[-_ ]?\w*|your[-_ ][a-z]+(?:[-_ ][a-z]+)+|(my|some)[-_]\w+)",
    r"(?i:[\w-]*[-_]?placeholder)",
    # `here` as its own word, after a word asking for a value there: a secret's or an account's
    # word, whose, a fill-in verb (`your_token_here`, `type-token-here`, `key-goes-here`,
    # `TokenHere`, `PasteItHere`); not letters ending in `here` (`Biosphere`) nor a phrase
    # asking for nothing (`NoPeekingInHere`: a password someone chose)
    # (each after a look at its end first: a long run of words not ending so is passed in one scan)
    rf"(?i:(?=[a-z0-9 _-]*[-_ ]here\Z)(?:[a-z0-9]+[-_ ])*?(?:{_ASKING_WORDS})(?:[-_ ][a-z0-9]+)*[-_ ]here)",
    rf"(?=[A-Za-z0-9]*Here\Z)(?:(?:[A-Za-z0-9]*?[a-z0-9])?(?:{_ASKING_WORDS.title()})|(?:{_ASKING_WORDS}))"
    r"(?:[A-Z][a-z0-9]*)*Here",
    r"(?i:(change|replace)[-_]?(me|it)\w*)",
    # an instruction to change it written inside the value (`UQ6_CHANGE_ME_Gzb`, `NOT_CHANGING_ME_X`)
    r"(?i:.*?(?:^|[-_.])(?:chang(?:e|ing)|replac(?:e|ing))[-_.]?me(?:[-_.].*)?)",
    # a stand-in in guillemets, as in angle brackets (`«your token»`)
    r"\u00ab[^\u00ab\u00bb]*\u00bb",
    # a value saying what puts the real one there (`replaced_by_sidecar_proxy`, `injected-at-runtime`)
    r"(?i:(replaced|injected|provided|filled|overridden|overwritten|populated)[-_ ]"
    r"(by|at|in|from|on)([-_ ][a-z0-9]+)+)",
    r"(?i:missing|unset|not[-_ ]?set|not[-_ ]?(needed|required|used)|unused|empty|n/?a|tbc)",
    # a value stating a constraint on the value, not the value (`nonempty`: a template renders
    # only if it is set; `any`, `arbitrary`: whatever is written works)
    r"(?i:non[-_ ]?empty|not[-_ ]?empty|any(thing)?|arbitrary)",
    r"\*+[A-Za-z_ ]*\*+",  # **SOPS**, *** masked ***
    r"(?i:(password|passwd|pass|pwd|secret|token|api[-_]?key|key|username|user)s?\d{0,3})",
    # the same words in other languages, maybe after `your` or `my` (`contraseña`, `tucontraseña`,
    # `Passwort`, `senha`, `mot-de-passe`, `contraseña-secreta`: a secret password)
    r"(?i:(?:tu|su|mi|tua|sua|seu|meu|minha|votre|ton|mon|dein|deine|ihr|mein|meine|uw|jouw)?[-_]?"
    r"(?:contrase[ñn]a|clave|secret[oa]|senha|segredo|segret[oa]|mot[-_]?de[-_]?passe|passwort|kennwort|geheim"
    r"|wachtwoord)(?:[-_ ](?:secret[oa]|segret[oa]|secr[eè]te?|geheime?|segura|seguro))?\d{0,3})",
    # the same after `my` or `some` (`mypassword`, `MyPwd1`, `mycreds`, `somesecret`: `my-password` is
    # above), and a value whose words say it is none (`insecure`, `notsecurepw`, `not-a-real-token`,
    # `this_is_not_a_secret`, `not_safe_pw`)
    r"(?i:(my|some)(password|passwd|passphrase|pass|pwd|pw|secret|token|api[-_]?key|key|cred|credential)s?\d{0,3})",
    # (also with what it is for between: run together after `some` (`someslacksecret`), or in
    # camelCase words as `MyAccessToken` is (`mySuperSecurePW`); not after `my` in lower case,
    # `mysql_strong_password`, nor words apart, `my-little-secret`: both may be a passphrase)
    r"(?i:some[a-z]{1,24}?(password|passphrase|secret|token))",
    r"(?:my|My|some|Some)[A-Z][A-Za-z]{0,40}?(?:Password|Passwd|Passphrase|Secret|Token|ApiKey|Credential|Pwd|PWD"
    r"|PW)s?\d{0,3}",
    # (the words decide, whatever punctuation ends them: `Not-So-Secret!`)
    r"(?i:[a-z_-]*(insecure|unsafe|not[-_]?(a[-_]?|so[-_]?)?(secure|secret|real|safe))[a-z_-]*\d*[!?.]*)",
    # (`noop`: no operation, a test setting's word for a service not called)
    r"(?i:example|dummy|fake|sample|redacted|todo|fixme|tbd|none|null|nil|undefined|no-?op|false|true|yes|no|on|off)",
    r"x+|X+|\*+|\.+|_+|-+|0+|\.\.\.",
)

DEFAULT_SECRET_NAMES = (
    r"(?i:passw(or)?d|passwd|passphrase|(^|[-_])pass($|[-_])|(^|[-_])pwd($|[-_])|token|secret|api[-_]?key"
    r"|(^|[-_])auth($|[-_])|credential|private[-_]?key|access[-_]?key)"
)

# Every ASCII text the built-in secret-name pattern matches holds one of these words in
# lowercase (tests/test_engine_cold.py holds them to the pattern): a text holding none of them
# names no secret, told without the regex. Not for other text as is: `(?i)` also matches `ſ` as `s`
# (checks/_spellings.lower reads such letters as ASCII).
SECRET_NAME_WORDS = ("pass", "pwd", "token", "secret", "key", "auth", "credential")

_BUILTIN = frozenset((*DEFAULT_PLACEHOLDERS, DEFAULT_SECRET_NAMES))
_JOINED_NAMES = f"(?:{DEFAULT_SECRET_NAMES})|"

_VAR = lazy_compile(
    r"""\$[A-Za-z_][A-Za-z0-9_]*|\$\{[^{}]+\}|\$[0-9@*#?$!-]|%[A-Za-z_][A-Za-z0-9_]*%"""
    r"""|\$env:[A-Za-z_][A-Za-z0-9_]*|\$\((?!\().*\)""",
    re.S,
)
# `$[ ... ]` is an Azure Pipelines runtime expression.
# `$(X)` is also Kubernetes' dependent variable and Tekton's substitution (`$(params.password)`,
# `$(workspaces.auth.path)`, `$(params["x"])`).
_DATA_VAR = lazy_compile(
    r"(?<![\w$])\$(?:\{[A-Za-z_][^{}]*\}|\([A-Za-z_][\w.\[\]\"'-]*\)|[A-Za-z_][A-Za-z0-9_]*)|^%[A-Za-z_]\w*%$"
)
# An expression is `${{ ... }}`, `$(( ... ))` or `$[ ... ]` (`_EXPRESSION_PAIRS`).
# `{{ }}` and `{% %}` are Go/Jinja templates; `<< parameters.x >>` is a CircleCI parameter (and
# pipeline value); `(@= data.values.x @)` a Carvel ytt text template's expression (`(@ code @)`,
# `(@- trimmed -@)`).
_EXPRESSION_PAIRS = (("${{", "}}"), ("$((", "))"), ("$[", "]"))
_TEMPLATE_PAIRS = (("{{", "}}"), ("{%", "%}"))
# (and a name in capitals between double underscores, `__REDIS_PASSWORD__`: a marker a start
# script or `sed` replaces with the value)
_TEMPLATE = lazy_compile(r"<<\s*[A-Za-z_][\w.-]*(?:[ \t]+[\w.-]+)*\s*>>|\{\d+\}|__[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*__")
_YTT_OPEN = lazy_compile(r"\(@[-=]?\s")
_YTT_CLOSE = lazy_compile(r"\s-?@\)")


def _paired(v: str, pairs: tuple[tuple[str, str], ...]) -> bool:
    """Whether an opener of the pairs has its closer somewhere after it (as `{{.*?}}` with re.S
    finds one). Told by `str.find` from the first opener: a lazy `.*?` to a closer that never
    comes walks the rest of the value from every opener (quadratic: seconds for a 40 KB value)."""
    for opener, closer in pairs:
        at = v.find(opener)
        if at >= 0 and v.find(closer, at + len(opener)) >= 0:
            return True
    return False


def _templated(v: str) -> bool:
    """`{{ }}`, `{% %}`, `(@ @)` with both ends, `<< name >>`, `{0}` (see `_paired`)."""
    if _paired(v, _TEMPLATE_PAIRS) or _TEMPLATE.search(v):
        return True
    opened = _YTT_OPEN.search(v) if "(@" in v else None
    return opened is not None and _YTT_CLOSE.search(v, opened.end()) is not None
# A format field filled in later (`format('https://x:{0}@host', secrets.T)`, `'%s'`, `{}`).
_FORMAT_FIELD = lazy_compile(r"\{\}|\{[A-Za-z_]\w*\}|%(?:\([A-Za-z_]\w*\))?[sdv]")
# A named %-format field anywhere in a value (`registry/%(type)s:%(version)s`): Python fills it in.
_NAMED_FORMAT_FIELD = lazy_compile(r"%\([A-Za-z_]\w*\)[sd]")
# (or a secret store's reference a tool resolves before the value is used: vals' `ref+vault://...`,
# `ref+op://...`, 1Password's `op://vault/item/field`)
_REFERENCE = lazy_compile(r"""^\s*(?:credentials\(\s*['"][^'"]*['"]\s*\)|(?:ref\+[a-z0-9]+|op)://[^\s@]+)\s*$""")
# A value that is wholly one reference, read where the shell leaves `$` alone (single quotes,
# `\$`): `${NAME}`, `${env.NAME}`, `$(NAME)`, or `$NAME` in an environment variable's spelling.
# Another layer expands it before the shell runs (Groovy's GString, a Makefile recipe), or the
# program is given the reference's text, which is nobody's password; `$ecretPass` may be one.
_QUOTED_REFERENCE = lazy_compile(r"\$(?:\{[A-Za-z_][\w.]*\}|\([A-Za-z_][\w.]*\)|[A-Z_][A-Z0-9_]*)")


@lru_cache(maxsize=32)
def _compile_any(patterns: tuple[str, ...]) -> Matcher:
    """The patterns as one matcher: built-in ones on Python's engine, configured ones through
    `userregex` (linear time). The configured secret-names come joined to the built-in ones
    (`config`): `(?:built-in)|(?:a)|(?:b)`."""
    from .userregex import any_of

    builtin: list[str] = []
    user: list[str] = []
    for p in patterns:
        if p in _BUILTIN:
            builtin.append(p)
        elif p.startswith(_JOINED_NAMES):
            builtin.append(DEFAULT_SECRET_NAMES)
            user.append(p[len(_JOINED_NAMES) :])
        else:
            user.append(p)
    return any_of(tuple(builtin), tuple(user))


def classify(value: str, placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS,
             literal_dollar: bool = False, quoted: bool = False, expanded: bool = True) -> ValueKind:
    r"""Classify a value as written (quotes already removed).

    Anything that holds an expression, template or variable is not a literal:
    `pre${X}post` can only be partly known, so it is never reported as a secret.
    `literal_dollar`: the value is data (a JSON or YAML string), where a `$` inside a word is
    text (`robot$ci-pull`, Harbor's robot accounts); only `$X` / `${X}` standing on their own
    are substitution variables there. `quoted`: the shell does not expand it (a single-quoted
    word, an escaped `\$`, a quoted heredoc): every `$` is text, but a value that is wholly one
    reference (`'${PASS}'`, `'$(PASS)'`) is a variable where a layer before the shell may
    expand it (`expanded`: Groovy's GString, make; `_QUOTED_REFERENCE`). `expanded=False`:
    nothing does (a shell script, a Dockerfile RUN): the program gets the text as written,
    `'$ADMIN2024'` is that password.
    """
    v = value.strip()
    if not v:
        return ValueKind.EMPTY
    if _paired(v, _EXPRESSION_PAIRS):
        return ValueKind.EXPRESSION
    if _templated(v) or _FORMAT_FIELD.fullmatch(v) or ("%(" in v and _NAMED_FORMAT_FIELD.search(v)):
        return ValueKind.TEMPLATED
    if _REFERENCE.match(v):
        return ValueKind.REFERENCE
    if ((expanded and _QUOTED_REFERENCE.fullmatch(v)) if quoted else (_DATA_VAR if literal_dollar else _VAR).search(v)):
        return ValueKind.VARIABLE
    if _compile_any(tuple(placeholders)).fullmatch(v) or _STAND_IN.fullmatch(v):
        return ValueKind.PLACEHOLDER
    return ValueKind.LITERAL


def names_its_subject(name: str, value: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """The name's last word is a secret word run together with another of two letters or more
    (`passwdqc`, a module checking passwords' quality), and a whole word of the value
    (`os_packages_pam_passwdqc: libpam-passwdqc`): the value names that thing (its package, its
    module), no credential for it. A bare secret word, or its plural, is no such subject."""
    parts = name_words(name)
    if not parts:
        return False
    last = parts[-1]
    m = _compile_any((pattern,)).search(last)
    if m is None or len(last) - (m.end() - m.start()) < 2 or last[: m.start()] + last[m.end():] in ("es",):
        return False
    # The value is shaped as a package's or module's name (lower-case words and numbers: a credential's
    # shape beside the word, `rootpassword-Hq4zT9Lm...`, is the secret), and the word is one of its parts.
    return _PACKAGE_NAME.fullmatch(value) is not None and last in re.split(r"[^a-z0-9]+", value)


_PACKAGE_NAME = lazy_compile(r"[a-z][a-z0-9]*(?:[-_.+][a-z0-9]+)*")


def word_for_a_token(name: str, value: str) -> bool:
    """A lower-case word of a few letters under a name whose last word is `tokens`: a setting about
    tokens (`server_tokens: prod`, the web servers' directive for what the `Server` header shows),
    not a list of them (tokens are issued by the system they open, never such a word)."""
    parts = name_words(name)
    return bool(parts) and parts[-1] == "tokens" and _LOWER_WORD.fullmatch(value.strip()) is not None


_LOWER_WORD = lazy_compile(r"[a-z]{2,12}")


# A test or dummy marker, then one word (`test-encryption`, `dummy_smtp`).
_MARKED = lazy_compile(r"(?i)(?:test|dummy|fake|mock)[-_]?([a-z]+)")


def marked_subject(name: str, v: str) -> bool:
    """A test marker glued to a word of the name (`test-encryption` for `encryptionPassphrase`,
    `test_smtp` for SMTP_PASSWORD): a test's stand-in for that setting, as `test-password` is."""
    m = _MARKED.fullmatch(v)
    return m is not None and m.group(1).lower() in name_words(name)


def stand_in_for(name: str, value: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """A value that stands for the secret its name says, read with the name: the name restated
    (`GOOGLE_API_KEY_VAL`, `storage_access_key`), a test's value for it (`test-encryption` under
    ENCRYPTION_PASSPHRASE), a word a `*_tokens` setting takes (`server_tokens: prod`), the thing
    the name names (`PAM_PASSWDQC: libpam-passwdqc`). The one name-aware test of a secret-named
    value: CI variables and inputs (DCR010, DCR002) ask it as settings and manifests (DCR023)
    do, so a stand-in is one in every kind of file (`not_a_secret` is the test without the name)."""
    v = value.strip()
    return bool(v) and (restates_name(name, v) or marked_subject(name, v) or word_for_a_token(name, v)
                        or names_its_subject(name, v, pattern))


# What a setting's name written as its value carries beside the name (`GOOGLE_API_KEY_VAL`,
# `test-api-key`, `REPLACE_DB_PASSWORD`, `your_token_here`): never digits or a random run.
_NAME_FILLER = frozenset(("", "val", "value", "values", "here", "your", "my", "the", "some", "enter", "insert",
                          "replace", "set", "put", "test", "dummy", "fake", "mock", "example", "sample", "placeholder"))


def restates_name(name: str, value: str) -> bool:
    """A value that only repeats its variable's name (`GOOGLE_API_KEY_VAL` for GOOGLE_API_KEY, a
    filler word at most beside it: not `Password123!` for PASSWORD, a password built on the word),
    or the name's last words as the name writes them, less a prefix (`storage_access_key` for
    APP_STORAGE_ACCESS_KEY; any of `-_.` between words): the name of the setting written where
    its value belongs. Words run together (`storagepassword`) may be a password made of them.
    Also whose, then the name's last two words or more (`my-s3-secret-access-key` for
    AWS_SECRET_ACCESS_KEY, `some_registry_password`): what belongs there, said as a phrase."""
    norm_name = re.sub(r"[^a-z0-9]", "", name.lower())
    norm_value = re.sub(r"[^a-z0-9]", "", value.lower())
    if len(norm_name) >= 4 and norm_name in norm_value \
            and all(part in _NAME_FILLER for part in norm_value.split(norm_name, 1)):
        return True  # (not a password built on the word: `Password123!`, `apikey_Xk9Qm2`)
    parts = [p for p in re.split(r"[-_.]+", value.strip().lower()) if p]
    if len(parts) >= 3 and parts[0] in ("my", "some", "your") and tuple(parts[-2:]) == name_words(name)[-2:]:
        return True
    tail = re.sub(r"[-.]", "_", value.strip().lower())
    whole = re.sub(r"[-.]", "_", name.lower())
    return ("_" in tail.strip("_") and whole.endswith("_" + tail)) or _described_setting(name, value.strip())


def _described_setting(name: str, value: str) -> bool:
    """Plain lower-case words ending in a secret's word, among them in order every word the
    name puts before its own (`store-admin-password` for STORE_PASSWORD, `db-secret` for
    DB_PASS): the setting described in a few more words (held-out B3). Not words that leave
    the name's out (`testing-password` for RELAY_PASSWORD, `secret_firefly_password` for
    DB_PASSWORD: a password someone may have chosen), nor a word with a digit (`x8kq-password`)."""
    words = name_words(name)
    if len(words) < 2 or words[-1] not in _SECRET_NOUNS or not _PLAIN_WORDS.fullmatch(value):
        return False
    parts = re.split(r"[-_.]", value)
    if parts[-1] not in _SECRET_NOUNS or len(parts) - len(words) > 2:
        return False
    left = iter(parts[:-1])
    return all(w in left for w in words[:-1])  # (each of the name's words found after the one before)


# Two to five lower-case words of letters joined by `-`, `_` or `.`.
_PLAIN_WORDS = lazy_compile(r"[a-z]{2,14}(?:[-_.][a-z]{2,14}){1,4}")


# After a secret word: how it is used (`PAM_PASSWDQC_OPTIONS`), the secret hashed or encrypted
# (`web_password_crypted`), the record a store keeps it in (`onePasswordItem`), a table of them
# (postfix's `smtp_sasl_password_maps: texthash:/etc/...`).
# How long a credential lasts, or a bound or share of something counted (`_NOT_SECRET_LAST_WORD`).
_BOUND_WORDS = ("validity", "lifetime", "lifespan", "duration", "threshold", "thresholds", "limit", "limits",
                "pct", "percent", "percentage",
                # how often or how much it may be used (`AUTH_RATELIMIT: 10/minute`, `TOKEN_QUOTA`)
                "rate", "rates", "ratelimit", "ratelimits", "quota", "quotas")
_WHAT_OF_IT = ("options", "opts", "settings", "crypted", "hashed", "encrypted", "item", "entry", "map", "maps")

# Names that mention a secret but hold something else: where it is, what it is called, lists
# of such names, or prose about it.
_NOT_SECRET_SUFFIXES = frozenset((
    "url", "uri", "file", "path", "dir", "host", "endpoint", "type", "mode", "method", "enabled", "header", "id",
    "name", "user", "username", "length", "ttl", "expiry", "expires", "expiration", "env", "var", "ref", "policy",
    "scope",
    "audience", "issuer", "names", "files", "envs", "vars", "keys", "title", "summary", "label", "tag", "tags",
    "description",
    "prompt", "message", "format", "version", "count", "role", "roles", "hostname", "status", "plugin",
    "state",  # (`passwd_state: present`)
))
# ... after a `-`, `_` or `.`, in any case, at the end (`$`: or before a last line break).
_NOT_SECRET_SUFFIX = lazy_compile(rf"(?i)[-_.]({'|'.join(sorted(_NOT_SECRET_SUFFIXES))})$")


def _has_not_secret_suffix(name: str) -> bool:
    """`_NOT_SECRET_SUFFIX.search(name)`. An ASCII name without the pattern (compiling it costs
    about 1 ms, a fortieth of a one-file run): a suffix holds no separator, so only the text
    after the last one can be one, and ASCII letters fold only to each other (`re` also reads
    the long s as s, the dotless i as i)."""
    if not name.isascii():
        return _NOT_SECRET_SUFFIX.search(name) is not None
    end = len(name) - 1 if name.endswith("\n") else len(name)
    cut = max(name.rfind("-", 0, end), name.rfind("_", 0, end), name.rfind(".", 0, end))
    return cut >= 0 and name[cut + 1:end].lower() in _NOT_SECRET_SUFFIXES


# A part of a describing phrase: a word or a short number.
_DESCRIBING_PART = r"([a-z]{1,14}|\d{1,3})"
# The words of a describing phrase run together (`longrandomstringof48chars`,
# `arandom32characterstring`): a closed list, so that a random run never reads as one.
_DESCRIBING_RUN = (r"(a|an|and|of|at|least|some|long|short|random|randomly|strong|secure|unique|new|string|value|text"
                   r"|chars?|characters?|digits?|letters?|alphanumeric|hex|secret|key|token|password|passphrase"
                   r"|bytes?|bits?|length|len|with|min|max|in|total|exactly)s?")
_KIND_RUN = r"(string|value|text|char|secret|key|token|password|passphrase|byte|bit|digit|letter)"
# The kind of value a describing phrase names (`random-string`, `alphanumeric_key`).
_KIND_OF_VALUE = r"(string|value|data|text|chars|characters|bytes|hex|password|passphrase|secret|key|token|salt)"
# Values that stand in for a credential: dummy words, one repeated character, an instruction
# to fill something in or to change it (`CHANGEME!`, `change-this-value`), or a phrase of
# plain words.
_STAND_IN = lazy_compile(
    # Filler words (`foo`, `blah`, `lorem`), one repeated character.
    r"(?i)(foo|bar|baz|qux|quux|foobar|blah(blah)*|lorem|ipsum|xyzzy)|(.)\3*|(insert|enter|add|put|set|fill)[-_ ].*"
    # (a word of the phrase may join words with `-`: a display name, `Home-Ops Deploy Key`)
    r"|[a-z]+(?:-[a-z]+)*(?:[ \t]+(?:-[ \t]+)?[a-z]+(?:-[a-z]+)*)+"
    # How to get the value, in lower-case words (`generate_a_new_key`, `get-one-from-the-console`).
    r"|(?-i:(generate|get|create|obtain|paste|provide)([-_][a-z]+)+)"
    r"|(change|replace)([-_ ]?(me|it|this)([^a-z0-9].*)?|[-_ ].+)|(overwrite|override)[-_ ]?(me|it|this)([^a-z0-9].*)?"
    # (run together with the credential it asks for: `replacepassword`, `changethetoken`)
    r"|(change|replace)(the|your)?(password|passwd|pass|pwd|secret|token|key)"
    # (the same in PascalCase words, `ChangeThisValueToSomeSecret`)
    r"|(?-i:(Change|Replace|Overwrite|Override)(Me|It|This|With|To)([A-Z][a-z]*)*)"
    # A phrase saying any value will do (`any-random-string`, `AnyLongAndHardToGuessString`).
    r"|any[-_ ][a-z]+([-_ ][a-z]+)*|(?-i:Any([A-Z][a-z]+)+)"
    # An edit verb pointing at the value itself (`CUSTOMIZE_THIS`, `edit-me`, `UPDATE_HERE`), or
    # what is still to be done to it (`TO_BE_SET`, `to-be-configured`): an instruction to the reader.
    r"|(customi[sz]e|edit|update|configure|adjust|modify|provide|supply|define)[-_ ]?(me|it|this|here)([^a-z0-9].*)?"
    r"|to[-_ ]?be[-_ ]?(customi[sz]ed|edited|updated|configured|adjusted|modified|provided|supplied|defined|set"
    r"|filled([-_ ]?in)?|changed|replaced|determined|added|generated)([^a-z0-9].*)?"
    # An example cut short (`AgBZ8VzTxW5...`, `ghp_abc…`): the start of a value, with the rest left out.
    r"|\S+(\.{3}|\u2026)"
    # A describing phrase run together, in lower case: its words (`_DESCRIBING_RUN`) and counts,
    # `random` and a kind of value among them (`randomstring`, `somerandomtoken`,
    # `longrandomstringof48chars`; the words apart are the branch below), or a request to change
    # the value (`please-change`).
    r"|(?-i:(?=[a-z0-9]{6,64}$)(?=.*random)(?=.*" + _KIND_RUN + r")(" + _DESCRIBING_RUN + r"|\d{1,3}(?!\d))+)"
    r"|please[-_ ]?(change|replace|set|update|fill|edit)([-_ ].*)?"
    # Where the real value is kept (`defined_in_secrets`, `DEFINED-BY-THE-PLATFORM`).
    r"|defined[-_ ](in|by)[-_ ].*"
    # What the real value is, made elsewhere (`generated-password`, `autogenerated_token`).
    r"|(auto[-_]?)?generated([-_ ][a-z]+)+"
    # (the same in camelCase words, `generatedLongRandomPhrase`, `AutogeneratedToken`)
    r"|(?-i:(auto|Auto)?[gG]enerated([A-Z][a-z]+)+)"
    # Words describing the value to put there (`long-and-random-alphanumeric-string`,
    # `random-string-data`, `alphanumeric_key_of_64_chars`): a random value never calls itself
    # random. Each part a lower-case word or a short number, none with a run of five consonants
    # (`random-key-x8kq2mz9` is a key with a prefix, `random-key-xkqmzvbn` too).
    r"|(?-i:(?=(" + _DESCRIBING_PART + r"[-_])*(random|alphanumeric)([-_]|$))"
    r"(?=(" + _DESCRIBING_PART + r"[-_])*" + _KIND_OF_VALUE + r"([-_]|$))(?!.*[b-df-hj-np-tv-xz]{5})"
    + _DESCRIBING_PART + r"([-_]" + _DESCRIBING_PART + r")+)"
)


# The name's last word says what it holds, in any spelling (AUTH_ROLE, passwordPattern,
# admin.passwordMtime, clientID): a setting about a secret, not the secret.
_NOT_SECRET_LAST_WORD = frozenset((
    "url", "uri", "file", "path", "dir", "host", "endpoint", "type", "mode", "method", "enabled",
    "disabled", "enable", "header", "headers", "id", "ids", "name", "user", "username", "length", "ttl", "expiry",
    "expires", "expiration", "env", "var", "ref", "policy", "scope", "audience", "issuer", "names", "files", "envs",
    # (lists of them: `AUTH_SUPPORTED_SCOPES: openid profile email`)
    "policies", "scopes", "audiences", "issuers",
    "vars", "keys", "title", "summary", "label", "description", "prompt", "message", "format",
    # An image's or a release's tag (`PORTAL_AUTH_TAG`: the auth service's image), as a label is;
    # AES-GCM's authentication tag is public too.
    "tag", "tags",
    "version", "count", "role", "roles", "namespace", "pattern", "regex", "mtime", "time",
    "timestamp", "date", "created", "updated", "rotated", "age", "size", "min", "max", "timeout",
    "interval", "strategy", "provider", "backend", "algorithm", "alg", "kind", "class", "location",
    "region", "realm", "domain", "org", "group", "port", "mount", "store", "source", "field",
    # The attributes a directory keeps it in, as field says (Dovecot's `pass_attrs: userPassword=password`).
    "attr", "attribute",
    # The site one signs in to (`AUTH_SITE: <a tracker's name>`), as realm and domain say.
    "site",
    # Where one authenticates, as realm and domain say (`OS_AUTH_PROJECT`, `auth_cloud`: an
    # entry of clouds.yaml, `auth_tenant`, `auth_cloud_system`: the cloud's system scope).
    "cloud", "project", "tenant", "system",
    "required", "optional", "hint", "help", "link", "digest", "hash", "fingerprint", "sha",
    "checksum", "selector", "annotation", "flag", "flags", "level", "list", "prefix", "suffix",
    # The level or plan a token is issued at (`ENTERPRISE_TOKEN_TIER: corporate`), as level says.
    "tier",
    # Which secrets a step takes (`secretsFilter: DbPassword,ApiKey`), as a selector says.
    "filter", "filters",
    "database", "db", "mechanism", "template", "templates", "variable", "variables", "registry",
    "server", "email", "sock", "socket", "pid",
    # The service a token is issued for or by (a registry's `REGISTRY_AUTH_TOKEN_SERVICE`), as
    # issuer and audience say.
    "service", "services",
    # Where (`AUTH_HOSTNAME`, as host says), a state (`TOKEN_STATUS`, an HTTP status code), the
    # plugin that checks a password (MariaDB's `nativePasswordPlugin: mysql_native_password`).
    "hostname", "hostnames", "fqdn", "status", "plugin", "plugins",
    # Where a thing is (a contract's `ethTokenAddress`, `TOKEN_SERVER_ADDR`), as host and url say.
    "address", "addresses", "addr",
    # The tool that keeps secrets (`SECRETS_MANAGER=vault`, `passwordManager`), not one of them.
    "manager",
    # How long or over what a credential is used (`TOKEN_PERIOD`), its protocol (SNMP's
    # `auth_protocol: SHA`), the project or domains it belongs to.
    "period", "protocol", "project", "domains",
    # How long a credential is valid (an identity provider's `accessTokenValidity: minutes=5`,
    # `TOKEN_LIFETIME`), a bound or a share (`TOKEN_LIMIT: 4096`, a test's `PASS_THRESHOLD_PCT`).
    *_BOUND_WORDS,
    # A blockchain address (Solana's program-derived `rewardsManagerTokenPDA`, a token's `mint`,
    # a `pubkey`, a token's `contract`): public, as an address is.
    "pda", "pubkey", "mint", "contract",
    # A container image names what runs, never a credential (`authProxyImage`, `TOKEN_SYNC_IMAGE`).
    "image", "images",
    # A repository names where code or images are kept (`SHOP_TOKEN_REPO: shop_token_backend`:
    # the token service's repository), as image and registry do.
    "repo", "repos", "repository", "repositories",
    # The steps by which one signs in (an identity provider's `AUTH_FLOW`, `authorization_flow`).
    "flow", "flows",
    # Who may use a credential and how, not the credential (`APIKEY_USERS`, `AUTH_DEFAULT_ACCESS`).
    "users", "access", "permission", "permissions",
    # How a key is used or derived (`KEY_CIPHER: aes-xts-plain64`, `PASSWORD_KDF`).
    "cipher", "ciphers", "kdf", "pbkdf",
    # Identifiers written as one word (`OIDC_CLIENTID`, `AUTH_APPID`), as `id` is in two.
    "clientid", "appid", "userid", "keyid", "accountid", "tenantid", "projectid", "uuid", "guid",
    # A key's id as JOSE names it (a JSON Web Key's or a token header's `kid`: `SIGNING_KEY_KID`).
    "kid",
    # The name of the fact (a variable) a task sets the credential into (Ansible's
    # `credentials_fact: admin_creds`), as var says.
    "fact",
    # What a scan for leaked secrets reports (`SECRET_ALERTS`: a count of them), not a secret.
    "alert", "finding",
    # When a credential is rotated (`password_rotation_schedule_expression: rate(15 days)`,
    # `TOKEN_REFRESH_CRON`), as interval says.
    "schedule", "expression", "cron",
    # The characters a generated password is made of (`random_password_override_special: !@#$%`,
    # `PASSWORD_CHARSET`), as length says how many.
    "special", "chars", "characters", "charset", "alphabet",
    # Where a token is made and kept, as location says (Nomad's `token_locality: global`), and
    # how a request is routed to an auth service (a Traefik router's `...auth-web.rule: Host(...)`,
    # `...entrypoints: websecure`): a rule and an entry point name no credential.
    "locality", "rule", "rules", "entrypoint", "entrypoints",
    *_WHAT_OF_IT,
))
_LONGEST_LAST_WORD = max(map(len, _NOT_SECRET_LAST_WORD))
# Of those, the words saying where or for which thing a credential is (`auth_cloud`: where one
# logs in, a setting), which name the credential for that thing when the credential itself comes
# right before them (`HARBOR_PASSWORD_SYSTEM`, `GITLAB_TOKEN_PROJECT`, `PASSWORD_DB_ORDERS`).
# (not registry, server, email: the fields of a registry credential, `regSecret.registry`)
# (not region: `sm_aws_secret_region` is the region of the store keeping the secret, a setting)
_WHICH_WORDS = frozenset(("cloud", "project", "tenant", "system", "realm", "domain", "org", "group",
                          "db", "database", "site"))
# (not `credentials`: `applicationCredentialsProject` is the project an application credential
# belongs to, a setting)
_CREDENTIAL_NOUNS = frozenset(("password", "passwd", "pwd", "pass", "passphrase", "token", "secret", "key", "apikey"))
# A count of secrets, not one: `NUM_TOKENS`, `maxKeys`, `total_passwords` (the word before
# the secret word says how many).
_COUNT_WORDS = frozenset(("num", "number", "max", "min", "total", "n"))
_COUNTED = frozenset(("token", "tokens", "key", "keys", "password", "passwords", "secret", "secrets",
                      "credential", "credentials"))
# Variables the shell itself keeps: their names only look like secrets (PWD is the folder).
_SHELL_STATE = frozenset(("PWD", "OLDPWD"))
_WORD = lazy_compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


@lru_cache(maxsize=8192)  # a pure function of its text: a scan asks about the same names again and again
def name_words(name: str) -> tuple[str, ...]:
    """Lower-case words of a name in any spelling: `passwordPattern`, `DB_PASSWORD`, `a.b-c`."""
    return tuple([w.lower() for w in _WORD.findall(name)])


_PASSWORD_WORDS = frozenset(("password", "passwd", "pass", "pwd", "pw", "passphrase"))


def password_name(name: str) -> bool:
    """A password's name (`POSTGRES_PASSWORD`, `DB_PASS`), not a token's or a key's."""
    return any(w in _PASSWORD_WORDS or w.endswith("password") for w in name_words(name))


# The last word of a name for who logs in (`POSTGRES_USER`, `ssh_username`, `login`, `adminEmail`;
# `KEYCLOAK_ADMIN`: the admin account's name), and last two (`user_name`, `accountName`).
_USER_WORDS = frozenset(("user", "username", "usr", "login", "email", "admin"))
_USER_PAIRS = frozenset((("user", "name"), ("account", "name"), ("login", "name")))


def names_a_user(name: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """A name for the user name of an account (`username`, `DB_USER`, `rootUser`), not a secret's."""
    w = name_words(name)
    if not w or not (w[-1] in _USER_WORDS or w[-1].endswith("user") or w[-2:] in _USER_PAIRS):
        return False
    return not is_secret_name(name, pattern)


def user_names(pairs: Iterable[tuple[str, str]], pattern: str = DEFAULT_SECRET_NAMES) -> frozenset[str]:
    """The values given under user names among (name, value) pairs: the user names given beside a
    password (one command's options, one mapping's keys), for `is_user_name`. Only a value that
    reads as a name (words, a short one: `ci`, `sa`; an email address): a random string in a
    user's place is no name, but a credential given twice."""
    return frozenset(v for name, value in pairs if (v := value.strip()) and names_a_user(name, pattern)
                     and (len(v) <= 5 or written_name(v) or literal_name(v) or _EMAIL.fullmatch(v)))


def is_user_name(password: str, users: Collection[str]) -> bool:
    """A password that is the user name given beside it (`-u app -p app`, `app:app@`), or that
    name with its word for a user turned into one for a password (`cacheuser` and `cachepass`,
    `app_user` and `app_password`): a guessable pair. Only a login to a server on the machine
    itself is let off for it (`dcr002._guessable`, a loopback URL in DCR050): a throwaway account
    of a local test server. Anywhere else the pair is reported as any literal is: a weak password
    is still the working credential of what it deploys (live logins of public hosts were found
    written so), and the catalog's placeholders do not name it."""
    v = password.strip()
    if not v:
        return False
    if v in users:
        return True
    p = _ROLE_PASSWORD.fullmatch(v)
    return p is not None and any((u := _ROLE_USER.fullmatch(user)) is not None
                                 and u.group(1).lower() == p.group(1).lower() for user in users)


# A name made of a stem and the word for its role: a user's (`cacheuser`, `app_user`), a password's
# (`cachepass`, `app-password`).
_ROLE_USER = lazy_compile(r"([A-Za-z][A-Za-z0-9]*?)[-_]?(?i:user|username|usr|login)")
_ROLE_PASSWORD = lazy_compile(r"([A-Za-z][A-Za-z0-9]*?)[-_]?(?i:password|passwd|pass|pwd|pw)")


def may_name_a_secret(text: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """False when no name in the text, nor any part of one, is a secret name (a superset: True
    whenever that cannot be told without the pattern: another pattern, text not ASCII)."""
    if pattern != DEFAULT_SECRET_NAMES or not text.isascii():
        return True
    low = text.lower()
    return any(word in low for word in SECRET_NAME_WORDS)


# The prefix of a qualified name (`secret.reloader.example.com/reload`, as Kubernetes annotation
# and label keys are written): the DNS domain of whoever reads the key.
_QUALIFIER = lazy_compile(r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)+")


def unqualified(name: str) -> str:
    """The name part of a qualified name (after `domain/`), which alone says what the value
    holds; any other name as it is."""
    slash = name.rfind("/")
    return name[slash + 1 :] if slash > 0 and _QUALIFIER.fullmatch(name[:slash]) else name


@lru_cache(maxsize=8192)  # a pure function of its text: a scan asks about the same names again and again
def is_secret_name(name: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """True for names like DCR_PASSWORD, registry-token, api_key (not TOKEN_URL, AUTH_ROLE,
    passwordPattern, PWD, secret.reloader.example.com/reload)."""
    if "/" in name:
        name = unqualified(name)
    if "__" in name and (leaf := _setting_of_sections(name, pattern)) is not None:
        return is_secret_name(leaf, pattern)
    if name in _SHELL_STATE or not may_name_a_secret(name, pattern) or _has_not_secret_suffix(name):
        return False
    if _CLUSTER_SECRET.search(name):
        return False
    words = name_words(name)
    if len(words) > 1 and _about_a_secret(words[-1], words[-2]):
        return False
    if len(words) > 2 and words[-1] in ("at", "on") and words[-2] in _NOT_SECRET_LAST_WORD:
        return False  # when (`token_expires_at`, `secretCreatedOn`), as `expires` alone says
    if words and _glued_last_word(words, pattern):
        return False
    if any(a in _COUNT_WORDS and b in _COUNTED and not (i and words[i - 1].isdigit())
           for i, (a, b) in enumerate(itertools.pairwise(words))):
        return False  # (a count word after digits is a numeronym's letter: the n of N8N_TOKEN)
    if _compile_any((pattern,)).search(name) is None:
        return False
    return not _names_what_of_a_secret(words, pattern) and not _switches_a_secret(words, pattern) \
        and not _file_attribute(words)


# A Kubernetes Secret named in a setting (`TS_KUBE_SECRET: tailscale`, `k8sSecret`): the object's
# name, as a Secret's name under SECRET_NAME is; the credential is in the object. So are a pod's
# image pull secrets (`IMAGE_PULL_SECRETS: regcred`, as `imagePullSecrets` lists them by name; not
# a bare `pullSecret`, which OpenShift's installer gives the registry credentials themselves).
# Where the value is known, it decides (secret_setting): one no object can be named is the
# credential itself.
_CLUSTER_SECRET = lazy_compile(r"(?i)(?:kube|k8s|kubernetes|image[-_.]?pull)[-_.]?secrets?$")

# What a Secret's name looks like: a key whose last word is `secret` and whose value is such a
# name names a Kubernetes Secret (`tlsSecret: web-tls`), maybe after its namespace
# (`kube-system/ingress-ca`, as charts and ingress annotations name a Secret of another one).
_K8S_NAME = lazy_compile(r"(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?/)?[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?")
# Kubernetes object names, one or more, separated by blanks or commas.
_K8S_NAMES = lazy_compile(r"[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?(?:[ \t]*[, \t][ \t]*[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)*")


def names_secret_object(name: str, value: str) -> bool:
    """A value under a name whose last word is `secret` that is a Kubernetes object's name of
    two words or more, maybe after its namespace (`TOKEN_SECRET: builder-token`, `tlsSecret:
    kube-system/ingress-ca`): the Secret the credential is kept in, not the credential."""
    v = value.strip()
    parts = name_words(name)
    return bool(parts) and parts[-1] == "secret" and _K8S_NAME.fullmatch(v) is not None and "-" in v


# The words before `secret` of a name for the Secret keeping that credential (`TOKEN_SECRET`,
# `TLS_SECRET`, an image `PULL_SECRET`), where a CI file, a pod's env or a ConfigMap names it;
# `JENKINS_SECRET`, `JWT_SECRET` are the credential itself.
_KEPT_CREDENTIALS = frozenset({"token", "tokens", "password", "passwords", "credential", "credentials", "tls",
                               "cert", "certificate", "pull"})


def names_kept_credential_secret(name: str, value: str) -> bool:
    """names_secret_object for a name whose word before `secret` is a credential it keeps; or
    names_secret_objects."""
    parts = name_words(name)
    return (len(parts) > 1 and parts[-2] in _KEPT_CREDENTIALS and names_secret_object(name, value)) \
        or names_secret_objects(name, value)


def names_secret_under(parent: str, value: str) -> bool:
    """A value of a mapping whose key says it holds Secret names (`secretName: {auth:
    api-auth-settings}`, `secretNames`, `existingSecrets`, `secretRefs`), shaped as an object's
    name: which Secret, not a credential; the child's secret word (`auth`, `token`) says which."""
    parts = name_words(parent)
    return bool(parts) and ("secret" in parts or "secrets" in parts) \
        and (parts[-1] in ("name", "names", "ref", "refs") or parts[0] == "existing") \
        and _K8S_NAME.fullmatch(value.strip()) is not None


def names_secret_objects(name: str, value: str) -> bool:
    """A value under a name about Secrets, plural (`SECRETS_TO_COPY`, `pullSecrets`), that lists
    Kubernetes object names of two words or more (`app-tls registry-pull`): which Secrets, no
    credential (a list of values is no one secret either)."""
    v = value.strip()
    return "secrets" in name_words(name) and _K8S_NAMES.fullmatch(v) is not None \
        and all("-" in n for n in re.split(r"[\s,]+", v))


# A leaf that stands for its section's own value (`ApiKey__Value`), an index into a list
# (`ApiKeys__0`); a section holding secrets by name (`Passwords__Admin`, `Tokens__Github`).
_SECTION_VALUE_LEAVES = frozenset(("key", "value", "data", "content"))
_SECRETS_SECTION = lazy_compile(r"(?i).*(?:passwords|tokens|secrets|keys|credentials)")


def _setting_of_sections(name: str, pattern: str = DEFAULT_SECRET_NAMES) -> str | None:
    """The setting a hierarchical name sets, sections joined by `__` (the environment form of
    .NET's configuration, pydantic's and Airflow's: `ApiKeyAuth__Clients__0__Controller`): its
    last section, where that alone says what the value is; None where the sections before it
    do (a list index, `Key`/`Value` of the section, an entry of a section holding secrets, or
    which one of a secret the section names: `Password__Admin`, `ApiKey__Primary`)."""
    sections = [s for s in name.split("__") if s.strip("_")]
    if len(sections) < 2:
        return None
    leaf = sections[-1]
    words = name_words(leaf)
    if not words or leaf.isdigit() or (len(words) == 1 and words[0] in _SECTION_VALUE_LEAVES) \
            or _SECRETS_SECTION.fullmatch(sections[-2]) or is_secret_name(sections[-2], pattern):
        return None
    return leaf


def access_key_ids(names: Iterable[str]) -> frozenset[str]:
    """The names among `names` (the keys of one mapping, Secret or env list) holding the
    identifier half of an access-key pair: an access key beside a secret key with the same
    words before them (`accesskey` and `secretkey`, MINIO_ACCESS_KEY and MINIO_SECRET_KEY).
    S3's and its kin's access key is who signs (AWS's key id, MinIO's user), the secret key
    the secret. Alone, an access key may be a secret (a storage account's key): none then."""
    joined = {n: "".join(name_words(n)) for n in names}
    # (the pair shares the words before it: MINIO_ACCESS_KEY and MINIO_SECRET_KEY, not AZURE_...)
    pairs = {j[: j.index("secret")] for j in joined.values() if "secret" in j and j.endswith("key")}
    return frozenset(n for n, j in joined.items()
                     if j.endswith("accesskey") and "secret" not in j and j[: -len("accesskey")] in pairs)


def _glued_last_word(words: Sequence[str], pattern: str) -> bool:
    """A name whose last word is a secret word with such a last word glued on, as a lower-case
    key writes it (`secretname`, `tokenurl`, `passwordfile`, `ssh_private_keyfile`): read as
    the words it joins (the secret word may need the words before it: `private_key`)."""
    search = _compile_any((pattern,)).search
    word = words[-1]
    if len(words) > 1 and search("_".join(words[:-1])):
        return False  # the secret word is before (POSTGRES_PASSWORD_SUPERUSER: `super`+`user` is who)
    # Each ending of the word that is such a last word, after a head of three letters or more:
    # the word's few last endings are looked up, not each of the hundred and more last words.
    for cut in range(max(3, len(word) - _LONGEST_LAST_WORD), len(word)):
        if word[cut:] in _NOT_SECRET_LAST_WORD and search("_".join((*words[:-1], word[:cut]))):
            return True
    return False


# Words that say what OF a secret a name holds (its name, id, file, type, length ...), not which
# thing the secret is for (PASSWORD_DB_ORDERS, TOKEN_ORG_ACME, PASSWORD_USER_ADMIN hold one).
_ABOUT_A_SECRET = frozenset((
    "url", "uri", "file", "files", "filename", "path", "paths", "dir", "type", "mode", "method", "enabled",
    "disabled", "enable", "header", "headers", "id", "ids", "name", "names", "length", "ttl", "expiry", "expires",
    "expiration", "env", "envs", "var", "vars", "ref", "policy", "scope", "audience", "issuer", "title", "summary",
    "label", "tag", "tags",
    "policies", "scopes", "audiences", "issuers",
    "description", "prompt", "message", "format", "version", "count", "pattern", "regex", "mtime", "time",
    "timestamp", "date", "created", "updated", "rotated", "age", "size", "min", "max", "timeout", "interval",
    "strategy", "provider", "backend", "algorithm", "alg", "kind", "class", "mount", "store", "field", "attr",
    "attrs", "attribute", "attributes", "required",
    "optional", "hint", "help", "link", "digest", "hash", "fingerprint", "sha", "checksum", "selector",
    "annotation", "flag", "flags", "level", "tier", "list", "prefix", "suffix", "filter", "filters", "template",
    "templates", "variable",
    "variables", "manager", "cipher", "ciphers", "kdf", "pbkdf", "period", "protocol", "clientid", "keyid",
    "uuid", "guid", "kid", "address", "addr", "flow", "flows", "hostname", "fqdn", "status", "plugin", *_WHAT_OF_IT,
    *_BOUND_WORDS,
))


# A file's or folder's attribute named before what the file is (`file_owner_passwd`, `dir_group_secrets`,
# `file_mode_htpasswd`): a user's or group's name, a mode.
_FILE_ATTRIBUTE = frozenset(("owner", "group", "mode", "perms", "permissions"))


def _file_attribute(words: tuple[str, ...]) -> bool:
    return any(a in ("file", "dir", "folder") and b in _FILE_ATTRIBUTE for a, b in itertools.pairwise(words))


def _names_what_of_a_secret(words: tuple[str, ...], pattern: str) -> bool:
    """The name's last secret word is followed by a word saying what of it the name holds
    (SECRET_NAME_MONGO, API_KEY_ID_PROD, PASSWORD_FILE_ADMIN: `_ABOUT_A_SECRET`), not which
    thing it is for (PASSWORD_DB_ORDERS). The secret is the shortest run of words the pattern
    matches that ends the nearest the name's end."""
    search = _compile_any((pattern,)).search
    n = len(words)
    for start in range(n - 1, -1, -1):
        if search("_".join(words[start:])) is None:
            continue
        end = next(e for e in range(start + 1, n + 1) if search("_".join(words[start:e])))
        return end < n and words[end] in _ABOUT_A_SECRET
    return False


# Verbs that make a name a switch (`ENABLE_TOKEN_CHECK`, `skip_password_prompt`): on or off.
_SWITCH_VERBS = frozenset(("enable", "disable", "skip"))


def _switches_a_secret(words: tuple[str, ...], pattern: str) -> bool:
    """A switch verb comes before the name's last secret word (`INPUTS_ENABLE_ZEEBE_TOKEN_CHECK`,
    `DISABLE_PASSWORD_AUTH`): the name turns something about the secret on or off, as a leading
    `enable` makes a key a setting (`setting_key`). (`TOKEN_TO_ENABLE_X` names the token.)"""
    if not _SWITCH_VERBS.intersection(words):
        return False
    search = _compile_any((pattern,)).search
    start = next((k for k in range(len(words) - 1, -1, -1) if search("_".join(words[k:]))), 0)
    return any(w in _SWITCH_VERBS for w in words[:start])


# The last words of a secret store's entry that name a plain setting kept beside a credential
# (`secrets.AWS_REGION`, `REGISTRY_HOST`, `GCP_PROJECT_ID`): not `url`, `uri`, `file`, `path`,
# `config`, which in a store hold a connection string, a webhook, a key file (`DATABASE_URL`).
_PLAIN_SETTING_WORDS = frozenset(("region", "zone", "location", "host", "hostname", "port", "domain", "project",
                                  "projectid", "namespace", "cluster", "bucket", "registry", "server", "org",
                                  "organization", "owner", "id", "ids", "accountid", "tenantid", "subscriptionid",
                                  "clientid", "appid", "name", "email"))


def names_stored_setting(name: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """A secret store's entry named for what is kept beside a credential, no credential: a user
    name (names_a_user: `DOCKERHUB_USERNAME`) or a plain setting (`AWS_REGION`, `REGISTRY_HOST`)."""
    words = name_words(name)
    return names_a_user(name, pattern) or (bool(words) and words[-1] in _PLAIN_SETTING_WORDS
                                           and not is_secret_name(name, pattern))


def names_no_secret(name: str) -> bool:
    """A field's name whose last word says what it holds and that is no secret (`expiresOn`,
    `token_type`, `username`, `id`), as is_secret_name reads a name's last word; not a neutral
    container of a value (`value`, `data`, `result`, `Parameter.Value`), which may hold one."""
    words = name_words(name)
    if len(words) > 1 and words[-1] in ("at", "on") and words[-2] in _NOT_SECRET_LAST_WORD:
        return True  # when (`expires_at`, `createdOn`)
    return bool(words) and words[-1] in _NOT_SECRET_LAST_WORD


def _about_a_secret(word: str, before: str) -> bool:
    """`word`, after `before`, says what of a secret the name holds (`_NOT_SECRET_LAST_WORD`, or
    a list of such: `AUTH_PROVIDERS`), unless it says which thing the credential right before it
    is for."""
    if word not in _NOT_SECRET_LAST_WORD and word[-1:] == "s" and word[:-1] in _NOT_SECRET_LAST_WORD \
            and word != "facts":  # (`credentials_fact` names the variable a task sets; `facts` are many values)
        word = word[:-1]
    return word in _NOT_SECRET_LAST_WORD and not (word in _WHICH_WORDS and before in _CREDENTIAL_NOUNS)


# A header setting's name (`AUTH_HEADERS`, `apiKeyHeader`): its value is header names
# (`X-Auth-User,X-Auth-Email`), unless it holds a header with its credential, which it then is.
_HEADER_WORDS = frozenset(("header", "headers"))
# A header that carries a credential, `Name: value` or `Name=value` (OTEL_EXPORTER_OTLP_HEADERS
# lists them so, `%20` for the blank): the credential part in group `cred`.
_CREDENTIAL_HEADER = lazy_compile(
    r"(?i)(?<![\w-])(?:(?:proxy-)?authorization[ \t]*[:=][ \t]*(?:bearer|basic|token)(?:[ \t]+|%20)"
    r"|(?:private-token|x-api-key|api-key|x-[\w-]*-token|cookie)[ \t]*[:=][ \t]*)"
    r"(?P<cred>[^\s,;\"']+)"
)


def header_setting(name: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """A name whose last word is header(s) and whose other words name a secret (AUTH_HEADERS,
    apiKeyHeader): a setting that may hold headers with their credentials."""
    if "header" not in name.lower():
        return False  # most names: told without splitting them into words
    words = name_words(unqualified(name) if "/" in name else name)
    return len(words) > 1 and words[-1] in _HEADER_WORDS and is_secret_name("_".join(words[:-1]), pattern)


def credential_header(value: str, placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS) -> bool:
    """A value holding a header with a literal credential (`Authorization: Bearer <literal>`,
    `PRIVATE-TOKEN: x`, `X-Vault-Token=x`), not a variable, placeholder or stand-in there."""
    return any(not_a_secret(m.group("cred"), placeholders) is None
               for m in _CREDENTIAL_HEADER.finditer(value))


def header_credential(name: str, value: str) -> tuple[int, int] | None:
    """Where in its value a header (`name: value`) carries a credential by its scheme or name
    (`Authorization: Bearer x`, `Private-Token: x`): the (start, end) of the credential; None
    if it carries none."""
    m = _CREDENTIAL_HEADER.fullmatch(f"{name}: {value}")
    return None if m is None else (m.start("cred") - len(name) - 2, m.end("cred") - len(name) - 2)


def secret_setting(name: str, value: str, pattern: str = DEFAULT_SECRET_NAMES,
                   placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS) -> bool:
    """A name that holds a secret (is_secret_name), or a header setting whose value holds a
    header with its credential."""
    return secret_named(name, value, pattern) or (
        header_setting(name, pattern) and credential_header(value, placeholders))


def secret_named(name: str, value: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """The name says that this value is a secret (is_secret_name), the value read too: not a
    name for the stored credential or the Kubernetes Secret that keeps it, given an id or an
    object's name (`GIT_CREDENTIALS: deploy-key`, `TLS_SECRET: web-tls`, `IMAGE_PULL_SECRET:
    regcred`); under a name for a Secret, a value no object can be named is the credential."""
    v = value.strip()
    if names_a_stored_credential(name, v) or names_kept_credential_secret(name, v):
        return False
    if _CLUSTER_SECRET.search(unqualified(name)):
        return bool(v) and _K8S_NAMES.fullmatch(v) is None and _compile_any((pattern,)).search(name) is not None
    return is_secret_name(name, pattern)


def may_name_secret_setting(name: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """is_secret_name, or a header setting that may (by its value) be one: for gates."""
    return is_secret_name(name, pattern) or header_setting(name, pattern)


# Ways a script expands a value: `${{ secrets.X }}`, `$env:X`, `${X}`, `$X`, `%X%`, and an
# array's elements, `${X[0]}`, `${X[@]}`, `${X[*]}`: what they expand is the array's, named by
# it (`${TOKENS[0]}` holds a token as `$TOKEN` does). The subscript is taken whole and names
# nothing (`${names[$key]}` prints the element the key selects, never the key); a count or the
# keys (`${#X[@]}`, `${!X[@]}`) are no element. A parameter expansion with an operator yields the
# value or a part of it as `$X` does: the value or a default (`${X:-}`, `${X-d}`, `${X:=d}`,
# `${X:?}`), a substring (`${X:0:8}`), what a pattern leaves (`${X#p}`, `${X%%p}`, `${X/a/b}`),
# the case changed (`${X^^}`), the value quoted (`${X@Q}`); not the alternative word (`${X:+w}`),
# which is its own text, the attributes (`${X@a}`), nor a pattern that takes every character
# (`_WHOLE_PATTERN`). The default word is read on (a variable there is expanded too). `${!X}`
# expands the variable whose name X holds: a secret's when X is named for one (`${!TOKEN_VAR}`),
# even as X holds a name.
# A pattern operator whose pattern takes every character, leaving none of the value: each one
# replaced (`${X//?/*}`, the shell's masking idiom, as telling as `${#X}`), the whole replaced
# (`${X/*/set}`) or removed (`${X##*}`, `${X%%*}`).
_WHOLE_PATTERN = r"//\?[/}]|//?\*[/}]|##\*\}|%%\*\}"
# PowerShell: what an expression yields of a variable that is none of its text: its length
# (`$env:X.Length`), a test of it (`[bool]$env:X`, `[string]::IsNullOrEmpty($env:X)`), as the
# shell's `${#X}` and `${X:+set}`.
_PS_TESTED = lazy_compile(r"(?:\[bool\]|IsNullOrEmpty\(|IsNullOrWhiteSpace\()$")
_PS_MEASURED = lazy_compile(r"\.(?:Length|Count)\b")


def _escaped(text: str, at: int) -> bool:
    """An odd run of backticks before `at`: PowerShell's escape, the `$` there is text."""
    i = at
    while i > 0 and text[i - 1] == "`":
        i -= 1
    return (at - i) % 2 == 1


def _ps_yields_none(text: str, start: int, end: int) -> bool:
    """`$env:X` at text[start:end] is measured or tested in an expression (outside a
    double-quoted string, or inside one's `$(...)`): a string expands the variable alone, so
    `"$env:X.Length"` writes the secret and then `.Length`."""
    if not (_PS_MEASURED.match(text, end) or _PS_TESTED.search(text, max(0, start - 20), start)):
        return False
    quoted = False
    depth = 0  # `$(...)` subexpressions open inside the string
    i = 0
    while i < start:
        c = text[i]
        if c == "`":
            i += 2
            continue
        if c == '"' and depth == 0:
            quoted = not quoted
        elif quoted and text.startswith("$(", i):
            depth += 1
            i += 1
        elif quoted and depth and c == ")":
            depth -= 1
        i += 1
    return not quoted or depth > 0
_REFERENCE_NAME = lazy_compile(
    r"\$\{\{\s*secrets\.(?P<gh>\w+)\s*\}\}|\$env:(?P<ps>\w+)|\$\{(?P<braced>\w+)\}"
    r"|\$\{(?P<element>[A-Za-z_]\w*)\[(?P<key>[^\]\n]*)\]\}|\$(?P<plain>[A-Za-z_]\w*)|%(?P<cmd>\w+)%"
    r"|\$\{(?P<operated>[A-Za-z_]\w*)(?:\[[^\]\n]*\])?(?=:(?!\+)|[-=?#%/^,~]|@(?!a))(?!" + _WHOLE_PATTERN + r")"
    r"|\$\{!(?P<indirect>[A-Za-z_]\w*)\}"
)


# One expansion with a default: `${X:-word}`, `${X-word}`, `${X:=word}`, `${X=word}`, the word
# plain text (no expansion, quote, escape or blank in it).
_DEFAULTED = lazy_compile(r"\$\{([A-Za-z_]\w*):?[-=]([^$`\"'\\{}\s]+)\}")


def expansion_default(text: str) -> tuple[str, int, int] | None:
    """When text is all of one expansion with a plain default word (`${TOKEN:-word}`): the
    variable and where the word is (start, end). The word is what the text gives wherever the
    variable is unset: a literal written in the file, read as any literal is."""
    m = _DEFAULTED.fullmatch(text)
    return None if m is None else (m.group(1), m.start(2), m.end(2))


# One Go template action (Helm, Helmfile) whose pipeline falls back to a quoted word:
# `{{ .Values.db.password | default "word" | quote }}`, `{{ default "word" .Values.x }}`,
# `{{ env "X" | default "word" }}` (each later command a function name, maybe with words).
_GO_WORD = r'(?:"[^"\\{}]*"|`[^`{}]*`)'
_GO_TEMPLATE_DEFAULT = lazy_compile(
    r"\{\{-?\s*(?:[^{}|]*\|\s*)*default\s+(?P<q>[\"`])(?P<word>[^\"`{}\\]*)(?P=q)"
    r"(?:\s+[.$][\w.$]*|\s+\([^(){}]*\))?"
    r"(?:\s*\|\s*[A-Za-z]\w*(?:\s+" + _GO_WORD + r")*)*\s*-?\}\}")


def template_default(text: str) -> tuple[int, int] | None:
    """When text is all of one Go template action falling back to a quoted word (`{{ .Values.x |
    default "word" }}`, `{{ default "word" .Values.x }}`): where the word is (start, end). Every
    install (every `helmfile apply`) that does not set the value gets the word: a literal
    written in the file, read as any literal is, as `${X:-word}`'s (`expansion_default`). A
    default made by a function (`default (randAlphaNum 16)`) is none."""
    lead = len(text) - len(text.lstrip())
    m = _GO_TEMPLATE_DEFAULT.fullmatch(text.strip())
    return None if m is None else (lead + m.start("word"), lead + m.end("word"))


# The last word of a variable's name that says it holds another variable's name (`TOKEN_VAR`).
_VARIABLE_NAMING_WORDS = frozenset(("var", "variable", "name", "env"))


def _names_a_secret_variable(name: str, pattern: str) -> bool:
    """Whether `${!name}` expands a secret: name is named for one (`${!PASSWORD}`), or for the
    name of one (`${!TOKEN_VAR}`, `${!SECRET_NAME}`)."""
    if is_secret_name(name, pattern):
        return True
    words = name_words(name)
    return len(words) > 1 and words[-1] in _VARIABLE_NAMING_WORDS and is_secret_name("_".join(words[:-1]), pattern)


def secret_reference(text: str, pattern: str = DEFAULT_SECRET_NAMES,
                     not_secrets: Collection[str] = ()) -> str | None:
    """The first secret a text expands: `secrets.X` for a GitHub secret expression (not one named
    for a user name), else the
    first variable with a secret-like name (DCR_PASSWORD in "$DCR_PASSWORD") not among
    `not_secrets` (variables known to hold names); None if none."""
    for m in _REFERENCE_NAME.finditer(text):
        if m.group("gh"):
            if names_stored_setting(m.group("gh"), pattern):
                continue  # what a store keeps beside a credential (`secrets.REGISTRY_USERNAME`, `secrets.AWS_REGION`)
            return f"secrets.{m.group('gh')}"
        indirect = m.group("indirect")
        if indirect:
            if _names_a_secret_variable(indirect, pattern):
                return indirect
            continue
        if m.group("ps") and (_escaped(text, m.start()) or _ps_yields_none(text, m.start(), m.end())):
            continue  # (a backtick escapes the `$`: the text `$env:X`, as a message names the variable)
        name = (m.group("ps") or m.group("braced") or m.group("element") or m.group("plain") or m.group("cmd")
                or m.group("operated"))
        if name and m.group("key") and _ELEMENT_KEY.fullmatch(m.group("key")):
            field = keyed_field(m.group("key").strip("'\""), pattern)
            if field == "user":
                continue  # the record's user name (`${CREDS[username]}`)
            if field == "secret" and name not in not_secrets:
                return name  # the record's secret (`${CREDS[password]}`), whatever the record's name
        if name and name not in not_secrets and is_secret_name(name, pattern):
            return name
    return None


def expanded_variables(text: str) -> Iterator[str]:
    """The variables a text expands whole or in part, as secret_reference reads them (`$X`,
    `${X}`, `${X[i]}`, `${X:0:4}`, `$env:X`, `%X%`; not `${X:+set}`, `${#X}`, an escaped `$env:X`),
    whatever their names: for variables known otherwise to hold a secret."""
    for m in _REFERENCE_NAME.finditer(text):
        if m.group("ps") and (_escaped(text, m.start()) or _ps_yields_none(text, m.start(), m.end())):
            continue
        name = (m.group("ps") or m.group("braced") or m.group("element") or m.group("plain") or m.group("cmd")
                or m.group("operated"))
        if name:
            yield name


# A word an element is selected by, maybe quoted (an associative array's key, a Groovy map's).
_ELEMENT_KEY = lazy_compile(r"""(["']?)[A-Za-z_][\w-]*\1""")
# The keys of one account's record that hold its user name (`creds['Username']`, `${CREDS[login]}`).
_USER_FIELDS = frozenset(("user", "username", "usr", "login", "email", "account", "accountname"))


def keyed_field(key: str, pattern: str = DEFAULT_SECRET_NAMES) -> str | None:
    """What an element selected by a word key is, where the key says: "user" for a field of one
    account's record holding its user name (`creds['Username']`, `${CREDS[login]}`), "secret"
    for one holding its secret (`${CREDS[password]}`); None where the key says whose or which
    (`${PASSWORDS[admin]}`, `${REG_TOKENS[ci_user]}`): the element is one of what the container
    holds, judged by the container's name. For the shell's arrays and Groovy's maps alike."""
    if "".join(name_words(key)) in _USER_FIELDS:
        return "user"
    return "secret" if is_secret_name(key, pattern) else None


# A name as Kubernetes and DNS write one (`registry-pull-secret`, `app.tls`), a file name with
# an extension (`secrets.yaml`) or a path (`/run/secrets/x`, `./x`, `values/prod`): lower-case
# words joined by `-`, `.` or `/`, at least two of them (one word alone may be a password; a
# mixed-case word with a `/` may be base64).
_LITERAL_NAME = lazy_compile(r"[a-z0-9]+(?:[-./][a-z0-9]+)+|(?:/|\.{1,2}/|~/)[\w.-]+(?:/[\w.-]+)*"
                             r"|[\w-]+\.(?:ya?ml|json|txt|env|pem|crt|key)")


# A variable's description saying it holds where a secret is, not the secret: its name, path, id
# or ARN (`Kube Secret Name for ...`, `Chamber parameter name`), or the entry holding or keeping it
# (`The KeyVault Secret containing ...`, `The SSM key to save the password`).
_WHERE_DESCRIBED = lazy_compile(
    r"(?i)\b(?:names?|paths?|arns?|ids?|identifiers?)\b"
    r"|\b(?:containing|contains|holding|holds|stores|storing|to (?:save|store|read|hold|keep))\b"
)


# A value shaped as an entry's name, path, id or ARN: lower-case words and numbers joined by
# `-`, `_`, `.`, `/` or `:` (`github-private-key`, `admin/db_password`, `tailscale`).
_ENTRY_NAME = lazy_compile(r"[a-z0-9]+(?:[-_./:]+[a-z0-9]+)*")


# A description's subject: its first words (after an article) up to one that starts what is
# said of it (a preposition, an article, a verb form, a relative word) or a punctuation mark.
_SUBJECT = lazy_compile(
    r"(?i)\s*(?:(?:the|a|an|this|your)\s+)?([a-z][\w-]*(?:\s+[a-z][\w-]*)*?)(?=\s+(?:of|for|with|to|that|which"
    r"|the|a|an|used|uses|by|from|in|on|at|as|is|are|was|and|or|when|whose|who|containing|holding|stored"
    r"|kept|given|needed|required|granted|allowing)\b|\s*[,.:;()\[\]]|\s*\Z)")
# The credential itself as a subject's last word (`Password ...`, `API token ...`); not `secret`
# nor a bare `key`, which also name the entry of a store holding one (`The Key Vault secret
# containing ...`, `The SSM key to save ...`).
_CREDENTIAL_SUBJECTS = frozenset(("password", "passwords", "passwd", "passphrase", "pwd", "token", "tokens",
                                  "credential", "credentials"))


def _subject_is_the_secret(description: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """Whether a description's subject is the credential itself: "Password the CI user uses to
    read images", "API token with rights to store artifacts", "Private key of ..."."""
    m = _SUBJECT.match(description)
    if m is None:
        return False
    words = m.group(1).lower().split()
    last = words[-1]
    return last in _CREDENTIAL_SUBJECTS or (last in ("key", "keys") and len(words) >= 2
                                            and is_secret_name(f"{words[-2]}_key", pattern))


def describes_where_kept(description: str, value: str | None = None) -> bool:
    """A variable's description says its value names where a secret is kept (a name, a path, an
    id, the entry containing it), not the secret; and its value (None: not a literal) is shaped
    as such a name: a credential's shape (`Hq4zT9Lm77`) is the secret whatever the words say
    ("the password the CI user uses to read images"). A description whose subject is the
    credential itself describes the secret, whatever else it says ("Password the CI user uses to
    read images": one lower-case word or a hex run, the shapes of a name and an id, are also a
    password's and a token's)."""
    return _WHERE_DESCRIBED.search(description) is not None and not _subject_is_the_secret(description) \
        and (value is None or _ENTRY_NAME.fullmatch(value) is not None)


# A name as people write one: words joined by blanks, `-`, `_` or `.`, or in camelCase, a number
# at the end, set apart or of one or two digits (`acr-prod-01`, `My Docker Registry`, `feed2`).
_WRITTEN_PART = lazy_compile(r"([A-Za-z]+)(\d{0,2})|(\d+)")
_CASED_WORD = lazy_compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")
_VOWEL = lazy_compile(r"[aeiouyAEIOUY]")
_CONSONANTS = lazy_compile(r"[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ]{5,}")


def written_name(value: str) -> bool:
    """A name as people write one (a service connection's: `FeedPushConnection`, `acr-prod-01`):
    words a reader reads (a vowel, no run of five consonants; or an acronym: `ACR`, `npmFeed`, a
    capitalised one among as many words read, `GcrPush`), of three letters or more on average, a
    letter alone only at the end, a number only at the end, set apart or short. Not a
    credential's shapes: a word with a year or more glued on (`Summer2024`), a run of letters
    with no word structure (`HqzTLmXqwPzKrtVbNw`), digits among letters (`Hq4zT9Lm77`)."""
    parts = re.split(r"[ ._-]+", value.strip())
    read = capitalised = letters = count = 0
    for k, part in enumerate(parts):
        m = _WRITTEN_PART.fullmatch(part)
        if m is None or (k < len(parts) - 1 and (m.group(2) or m.group(3))) or (k == 0 and m.group(3)):
            return False
        words = _CASED_WORD.findall(m.group(1) or "")
        for i, w in enumerate(words):
            letters, count = letters + len(w), count + 1
            if len(w) == 1 and 0 < i < len(words) - 1:
                return False  # (a letter alone between words: `xKpQzT`)
            if _VOWEL.search(w) and not _CONSONANTS.search(w):
                read += 1
            elif (w.isupper() and len(w) <= 5) or (w.islower() and i == 0 and len(w) <= 4):
                continue  # an acronym (`ACR`, `npm`)
            elif w[0].isupper() and 3 <= len(w) <= 4:
                capitalised += 1  # (`Gcr`, `Ghcr`)
            else:
                return False
    return capitalised <= read and letters >= 3 * count


def literal_name(value: str) -> bool:
    """A literal that names something (a Secret, a file, a path) rather than being a secret."""
    return _LITERAL_NAME.fullmatch(value) is not None


def mask(secret: str) -> str:
    """Masked form safe to print: first and last character and the length."""
    if len(secret) <= 4:
        return f"*** ({len(secret)} chars)"
    return f"{secret[0]}***{secret[-1]} ({len(secret)} chars)"


def digest(secret: str) -> str:
    """Stable hash of a value for fingerprints and baselines (never reversible)."""
    return sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# --------------------------------------------------------------------------- value semantics
# What a literal is, for every presence rule: a secret-named key does not make a flag, a
# number, a path, a certificate or a ciphertext a secret.

_FLAG = lazy_compile(
    r"(?i)true|false|yes|no|on|off|y|n|enabled?|disabled?|required|requested|optional|always|never|auto"
    r"|allow|deny|random|generate|generated|prompt|none|null|default|strict|lax|basic|bearer|plain"
    # When something is done, as an option naming an action on a password chooses it
    # (`update_password: on_create`): an event, not a credential.
    r"|on[-_](?:create|creation|change|update|demand|failure|success|start|first[-_]use)"
)
# The name of a way to authenticate (`REGISTRY_AUTH: htpasswd`, `portal_auth: basic-auth`): what a
# setting named for auth chooses, not a credential.
_AUTH_METHOD = lazy_compile(
    r"(?i)(?:basic|digest|bearer|token|key|api-?key|hmac|jwt|ldap|oauth2?|oidc|saml|session|cookie|header"
    r"|form|cert|mtls)[-_ ]?auth(?:entication)?|htpasswd|oauth2?|oidc|openid(?:-connect)?|saml2?|ldaps?"
    r"|kerberos|ntlm|negotiate|anonymous|sigv4|hmac|jwt|simple|sasl"
    # The fixed word a git host takes as the password when the token is given as the user
    # (`https://$TOKEN:x-oauth-basic@host/...`): the same for everybody.
    r"|x-oauth-basic"
    # How an ACME HTTP challenge is answered (`http_auth: standalone`, a web root)
    r"|standalone|webroot"
    # Linux's modules, basic auth checked by them (Open OnDemand's `basic_pam`)
    r"|pam|basic[-_ ]?pam"
    # Sign-in left to a reverse proxy in front (`auth: proxy`, `AUTH_MODE=forward-auth`).
    r"|proxy|(?:forward|proxy)[-_ ]?auth(?:entication)?|trusted[-_ ]?headers?"
    # Go's tls.ClientAuthType names, what a TLS auth setting chooses (`clientTlsAuth: VerifyClientCertIfGiven`)
    r"|NoClientCert|RequestClientCert|RequireAnyClientCert|VerifyClientCertIfGiven|RequireAndVerifyClientCert"
)
# The name of a hash, key-derivation or cipher algorithm (`CRYPTO_PBKDF: argon2i`, `KEY_HASH: sha256`,
# `cipher: aes-256-gcm`): which one a setting beside the secrets chooses.
_ALGORITHM = lazy_compile(
    r"(?i)argon2(?:id|i|d)?|pbkdf2(?:[-_](?:hmac[-_])?sha-?\d{1,3})?|scrypt|bcrypt|yescrypt|md5|blake2[bs]?"
    r"|(?:hmac[-_]?)?sha-?(?:1|224|256|384|512)|sha3[-_](?:224|256|384|512)"
    r"|aes[-_]?(?:128|192|256)(?:[-_](?:gcm|cbc|ctr|xts|cfb|ofb))?|aes[-_](?:xts|gcm|cbc)[-_]plain(?:64)?"
    r"|chacha20(?:[-_]poly1305)?|rsa(?:[-_](?:2048|3072|4096))?|ecdsa(?:[-_]p(?:256|384|521))?|ed25519"
)
# A chart value's path written without its template action (`value: .Values.db.password`): the
# name of where the secret is kept, not the secret.
_CHART_VALUE_PATH = lazy_compile(r"\.Values(?:\.[A-Za-z_][\w-]*)+")
_NUMBER = lazy_compile(r"[-+]?\d{1,8}(\.\d+)?(?i:ms|s|m|h|d|w|y|k|ki|m|mi|g|gi|t|ti|kb|mb|gb|b|%)?")
# A schedule (cron: five to seven fields of numbers, ranges, steps, lists or day and month
# names, at least one `*` or `?`; or a nickname such as @daily): when a job runs, kept beside
# secrets in a Secret or an env file (`BACKUP_SCHEDULE: "0 */12 * * *"`).
_CRON = lazy_compile(r"@(?:yearly|annually|monthly|weekly|daily|midnight|hourly|reboot)"
                     r"|(?=[^*?]*[*?])[\d*?/,LW#-]+(?:[ \t]+(?:[\d*?/,LW#-]+|[A-Za-z]{3}(?:[-,][A-Za-z]{3})*)){4,6}")
_TIMESTAMP = lazy_compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")
# (after `@`, a file the value is read from, as curl and many tools read `@/run/secrets/x`; not
# with a character no path in configuration holds, the shell's `;!|<>^`, quotes, a backtick:
# `/;q1.kw8` is typed, a password)
_PATH = lazy_compile(r"@?(?:/|\./|\.\./|~/|[A-Za-z]:\\)[^\s;!|<>^'\"`]*|[\w.-]+(?:/[\w.-]+)*/[\w-]+\.[A-Za-z]\w{0,5}")
# (after a backend's name, as restic writes a repository: `s3:https://host/bucket`, `rest:http://...`)
_URL_NO_PASSWORD = lazy_compile(r"(?:[a-z][a-z0-9]*:)?[a-z][a-z0-9+.-]*://(?:[^@\s:/]*@)?[^@\s]*")
# A media type (RFC 6838), as an HTTP `Accept` or `Content-Type` value is written.
_MEDIA_TYPE = lazy_compile(r"(?:application|text|image|audio|video|multipart|message|font|model)/[\w.+-]+"
                           r"(?:[ \t]*;[ \t]*[\w.-]+=[\w.-]+)*")
_HOST = lazy_compile(r"(?:(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}|localhost)(?::\d{1,5})?")
_EMAIL = lazy_compile(r"[\w.+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}")
# IPv4 addresses or ranges (CIDR), one or a list: where a client may come from, never a secret
# (`NO_AUTH_NETWORKS: 10.0.0.0/8`, `AUTH_DISABLED_ALLOWED_CIDRS: 0.0.0.0/0`).
# (an address with its port: `0.0.0.0:8080`, as a host name with one is a host)
_NETWORKS = lazy_compile(r"(?:\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2}|:\d{1,5})?)"
                         r"(?:\s*[,;]\s*\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2}|:\d{1,5})?)*")
# An LDAP distinguished name (`uid=ci,ou=people,dc=example,dc=org`, RFC 4514): whom a bind or
# an access key names, never its secret. Two or more attribute=value parts of the usual types.
_DISTINGUISHED_NAME = lazy_compile(
    r"(?i)(?:cn|uid|ou|dc|o|c|l|st|mail|sn)=[^,=+\s][^,=+]*(?:\s*[,+]\s*(?:cn|uid|ou|dc|o|c|l|st|mail|sn)=[^,=+]+)+")
_REGEX = lazy_compile(r"\^.*\$|\^?\S*(?:\\[dwsS]|\[[^\]]+\][*+?{]|\.[*+]|\{\d+,\d*\}).*")
# A name pointing into a secret store, one per line: `NAME=path:key`, `NAME=path/to#field`.
_STORE_REFERENCES = lazy_compile(r"(?:\s*[A-Z_][A-Z0-9_]*\s*=\s*[\w.-]+(?:[/:#][\w.-]+)+\s*)+")
# A list of the secrets a secret manager's step loads, by the names its store keeps them under:
# a mapping of each variable to one (`NEXUS_PASSWORD: nexus-password`, a variable in capitals and
# an entry's id; `token:my-project/registry-token`, any name and a path; by `:` or `,`, never `=`:
# `NAME=value` lines are a build's secrets, each value the secret itself) on each line, or two or
# more ids or paths by lines or commas (`registry-password, api-token`). An id is lower-case words
# (digits too) joined by `-`, `_` or `.`; a path has `/` between names that start in lower case or
# a digit (`/3`: a version), so that `user:S3cr/et` stays a user and a password.
_STORE_ENTRY_ID = r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+"
_STORE_ENTRY_PATH = r"[a-z0-9][\w.-]*(?:/[a-z0-9*][\w.*-]*)+"
_STORE_MAPPING = (rf"(?:[A-Z_][A-Z0-9_-]*[ \t]*[:,][ \t]*(?:{_STORE_ENTRY_ID}|{_STORE_ENTRY_PATH})"
                  rf"|[A-Za-z_][\w-]*[ \t]*[:,][ \t]*{_STORE_ENTRY_PATH})")
# (or paths by `;`, each optionally with the variable it goes to after `|`, as a secret store's
# loader reads them: `team/app/db-password|DB_PASSWORD;team/app/api-key;`)
_STORE_ALIASED_PATH = rf"{_STORE_ENTRY_PATH}(?:\|[A-Za-z_]\w*)?"
# A comma or a line break between entries, blanks around: each character read one way (`\s*[,\n]\s*`
# split a run of blank lines every way, exponential where the list fails at its end).
_LIST_SEPARATOR = r"[ \t]*(?:,\s*|\r?\n\s*)"
_STORE_NAMES = lazy_compile(
    rf"\s*(?:{_STORE_MAPPING}(?:[ \t]*\r?\n\s*{_STORE_MAPPING})*"
    rf"|(?:{_STORE_ENTRY_ID}|{_STORE_ENTRY_PATH})(?:{_LIST_SEPARATOR}(?:{_STORE_ENTRY_ID}|{_STORE_ENTRY_PATH}))+"
    rf"|{_STORE_ALIASED_PATH}(?:[ \t]*;[ \t]*{_STORE_ALIASED_PATH})+;?)\s*")
# A list of lower-case names by commas (`event_name, repository_owner, ref`: the claims, fields or
# options a setting selects), two of them words joined by `-`, `_` or `.` at least: names, as the
# store entries' lists above (a single word alone may be a password: `admin, hunter2` is no list).
_JOINED_NAME = lazy_compile(r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+")
_NAME_LIST = lazy_compile(r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*(?:[ \t]*,[ \t]*[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*)+")
# A path in a secret store (Vault's `secret/team/ci/registry`): three or more `/`-separated
# lower-case words, each letters with digits only after a separator or at its end (`v3`), never
# mixed as generated text is. It names where the secret is kept; the secret is not in it.
# (a run of digits is taken whole, `\d+(?!\d)`: split among repetitions it was tried every way,
# exponential in its length where the value is no path, `ghp_` and 40 digits)
_STORE_PATH = lazy_compile(r"[a-z]+(?:[-_.]*\d+(?!\d)|[-_.]+[a-z]+)*(?:/[a-z]+(?:[-_.]*\d+(?!\d)|[-_.]+[a-z]+)*){2,}")
# A value a secret injector swaps for the secret at run time: `vault:path/to/secret#FIELD`
# (an optional `#version` after); or a tool reads a Kubernetes Secret or a variable it names
# (Argo CD Image Updater's `pullsecret:NAMESPACE/NAME`, `secret:NAMESPACE/NAME#KEY`, `env:NAME`,
# LiteLLM's `os.environ/NAME`):
# where the secret is, not the secret.
_INJECTED_REFERENCE = lazy_compile(
    r"vault:[\w.-]+(?:/[\w.-]+)+#[\w.-]+(?:#\d+)?"
    r"|(?:pull)?secret:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?/[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?(?:#[\w.-]+)?"
    r"|env:[A-Z_][A-Z0-9_]*"
    # (LiteLLM's config reads a variable written `os.environ/NAME`)
    r"|os\.environ/[A-Za-z_]\w*")
# A function of a record's field, as a log query or a metric's label extractor writes one
# (`EXTRACT(protoPayload.resourceName)`, `REGEXP_EXTRACT(jsonPayload.user, "(.*)")`): which field
# a program reads out of each record, not a value.
_FIELD_FUNCTION = lazy_compile(r"[A-Za-z_]\w*\(\s*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+"
                               r"""\s*(?:,\s*(?:"[^"]*"|'[^']*'|\d+)\s*)*\)""")
# A cloud resource's name (an AWS ARN: `arn:aws:secretsmanager:REGION:ACCOUNT:secret:prod/db-AbCdEf`,
# `arn:aws:ssm:...:parameter/x`): which secret or key a program reads, never its value.
_RESOURCE_NAME = lazy_compile(r"arn:aws(?:-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12})?:[\w+=,.@/:-]+")
# Lines naming a store path, the field read from it and optionally the variable it goes to
# (`secret/data/ci token | NPM_TOKEN ;`, as Vault's actions and plugins read a list of secrets).
_STORE_FIELDS = lazy_compile(
    r"(?:[ \t]*[\w.-]+(?:/[\w.-]+)+[ \t]+[\w.-]+(?:[ \t]*\|[ \t]*[A-Za-z_]\w*)?[ \t]*;?[ \t]*(?:\r?\n|$))+"
)
# A known format's prefix with filler for the rest (`ghp_xxxxx`, `glrt-xxxxx`, `sk-****`,
# `xoxb-0000-xxxx`): one character repeated in each part after it.
_FILLED_PREFIX = lazy_compile(r"[a-z][a-z0-9]{0,11}(?:[-_](?:x{3,}|X{3,}|\*{3,}|0{3,}|\.{3,}))+")
# A name after an optional vendor prefix (of a few parts: `tskey-auth-`), in capitals: `nvapi-NVKEY`,
# `sk-YOUR_KEY`, `tok-live-YOUR_KEY_HERE`.
_NAMED_STAND_IN = lazy_compile(r"(?:[a-z0-9]{1,12}[-_]){0,3}[a-z0-9]{0,12}[-_]?[A-Z][A-Z]+(?:[-_][A-Z]+)*")
# A word that says a value in capitals names what goes there (capitals joined by `-` need one:
# `DEFINED-IN-REGION-SECRETS`, `FROM-EXTERNAL-VAULT-PROVIDER`; `CORRECT-HORSE-BATTERY-STAPLE` has none).
_STAND_IN_WORD = lazy_compile(r"PASS|PWD|TOKEN|SECRET|KEY|CRED|AUTH|REPLACE|CHANGE|YOUR|DEFINED|EXAMPLE|PLACEHOLDER"
                              r"|VAULT|INSERT|ENTER|FILL|TODO|DUMMY|FAKE|HERE|VALUE")
# An identifier that says it is an example (`ocid1.tenancy.oc1..example_tenancy_id`), or a
# credential that is not one, as a test of a failing login gives (`wrong_password`), or one a test
# harness signs in with that says so (`harness-fixture-only`).
_EXAMPLE_WORD = lazy_compile(
    r"(?i)(?:^|[^a-z0-9])(?:example|sample|dummy|placeholder|fake|redacted|wrong|invalid|bogus|incorrect|stub"
    r"|fixtures?"
    # (a value saying it is none: `test-token-not-real`, `not-a-real-key`; or that it is not
    # used: `unused`, `unused-kept-for-the-chart`, `not-used`)
    r"|not[-_ ]?(?:a[-_ ]?)?real|unused|not[-_ ]?used"
    r"|do[-_ ]?not[-_ ]?use)"
    r"(?:[^a-z0-9]|$)"
)
_ENCRYPTED = lazy_compile(
    r"ENC\[[A-Z0-9_]+,|-----BEGIN (?:PGP MESSAGE|AGE ENCRYPTED FILE|ENCRYPTED MESSAGE)-----"
    # Sealed Secrets: kubeseal's output starts with the RSA-encrypted key's length, two bytes
    # (0x0200 for its 4096-bit keys), so base64 `Ag` and one of A-D (the next byte's first bits).
    r"|\$ANSIBLE_VAULT;|vault:v\d+:|Ag[A-D][A-Za-z0-9+/]{300,}"
    # Jenkins's stored secret (hudson.util.Secret, as a JCasC export or a job's config.xml writes
    # it): `{...}` around the base64 of version 1 and a 16-byte IV's length, `AQAAABAAAA`, then
    # the IV and data encrypted with the controller's own key
    r"|\{AQAAABAAAA[A-Za-z0-9+/]{20,}={0,2}\}"
)
_PEM_BLOCK = lazy_compile(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.S)
_PUBLIC_PEM = lazy_compile(r"CERTIFICATE|(?:RSA |EC |DSA |SSH2 )?PUBLIC KEY|PGP PUBLIC KEY BLOCK|X509 CRL"
                         r"|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|TRUSTED CERTIFICATE|DH PARAMETERS"
                         r"|EC PARAMETERS")
_SSH_KEY_TYPE = (r"(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp\d+"
                 r"|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)(?:-cert-v01@openssh\.com)?")
# An authorized_keys or known_hosts line (hosts, hashed `|1|...` hosts, markers before the key).
_SSH_PUBLIC = lazy_compile(
    rf"(?:@(?:cert-authority|revoked)\s+)?(?:\S+\s+)?{_SSH_KEY_TYPE}\s+AAAA[0-9A-Za-z+/]+=*(?:\s.*)?"
)
_PRIVATE_PEM = lazy_compile(
    r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----(.*?)(?:-----END \1-----|\Z)", re.S
)
_PEM_HEADER = lazy_compile(r"^[A-Za-z-]+:.*$", re.M)
_BASE64 = lazy_compile(r"[A-Za-z0-9+/]+={0,2}")


def public_material(value: str) -> bool:
    """Certificates, public keys, `known_hosts` and `authorized_keys` lines: meant to be shared."""
    text = value.strip()
    if not text:
        return False
    if text.startswith("-----BEGIN "):
        blocks = list(_PEM_BLOCK.finditer(text))
        rest = _PEM_BLOCK.sub("", text).strip()
        return bool(blocks) and not rest and all(_PUBLIC_PEM.fullmatch(b.group(1)) for b in blocks)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return bool(lines) and all(_SSH_PUBLIC.fullmatch(ln) for ln in lines)


# A password hash in crypt(3)'s format (bcrypt, SHA-crypt, Apache MD5, argon2), alone or as an
# htpasswd line `user:hash`, or salted as Jupyter keeps its password (`sha1:<salt>:<hex digest>`,
# `argon2:$argon2id$...`): a verifier a server checks passwords against, not the password.
_PASSWORD_HASH = lazy_compile(
    r"(?:[^:\s]{1,64}:)?(?:\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}"
    r"|(?:sha1|sha224|sha256|sha384|sha512|md5):[0-9a-f]{8,64}:(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{56}"
    r"|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})"
    r"|\$[56]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86}"
    r"|\$(?:apr1|1)\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}"
    r"|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{16,}"
    # LDAP's userPassword schemes (RFC 2307: `{SSHA}` and its kin, base64 of digest and salt)
    r"|(?i:\{(?:s?sha(?:256|384|512)?|s?md5)\})[A-Za-z0-9+/]{20,}={0,2}"
    # MySQL's mysql_native_password hash (`*` and SHA1(SHA1(password)) in capital hex)
    r"|\*[0-9A-F]{40})"
)


def password_hash(value: str) -> bool:
    """A crypt(3) password hash, or an htpasswd line of one: safe in the sense that it does not
    log anyone in (the password it was made from is not in it)."""
    return _PASSWORD_HASH.fullmatch(value.strip()) is not None


def encrypted(value: str) -> bool:
    """Ciphertext (SOPS, PGP, age, Ansible Vault, Vault transit, Sealed Secrets, Jenkins's stored
    secrets): safe to commit."""
    return _ENCRYPTED.match(value.strip()) is not None


def private_key_body_is_real(body: str) -> bool:
    """A PEM body with key material (not `...` or `YOUR_KEY_HERE`): enough base64 to be a key,
    and not one short run repeated throughout (`FakeKeyBodyFakeKeyBody...`): key material is
    random bytes, which never repeat a unit over the whole body."""
    lines = _PEM_HEADER.sub("", body).split()
    data = "".join(lines)
    if len(data) < 40 or _BASE64.fullmatch(data) is None:
        return False
    long = [line for line in lines if len(line) >= 16]
    if _periodic(data) or (long and all(_periodic(line) for line in long)):
        return False  # (the whole, or each line, one unit repeated)
    return sum(1 for cls in (r"[a-z]", r"[A-Z]", r"\d") if re.search(cls, data)) >= 2 and len(set(data)) > 8


def _periodic(text: str) -> bool:
    """Whether `text` is a run of at most 32 characters repeated (the last time maybe cut):
    each character is the one a period before it."""
    return any(text[p:] == text[:-p] for p in range(1, min(32, len(text) // 2) + 1))


def real_private_keys(text: str) -> list[tuple[int, int]]:
    """Spans of private-key PEM blocks whose body is key material."""
    return [m.span() for m in _PRIVATE_PEM.finditer(text)
            if private_key_body_is_real(m.group(2).replace("\\n", "\n"))]


def decode_base64_text(value: str) -> str | None:
    """The UTF-8 text a base64 value holds, or None (not base64, not text, too short)."""
    from .base64text import decode

    data = decode(value, 8)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if text.isprintable() or all(c.isprintable() or c in "\r\n\t" for c in text) else None


def hidden_secret(value: str) -> str | None:
    """What a value hides that is a secret whatever its key: a private key (also base64-encoded)
    or a cloud service-account key. None when it holds neither."""
    for text in (value, decode_base64_text(value) or ""):
        if '"private_key"' in text and "service_account" in text and real_private_keys(text):
            return "a service-account key"
        if real_private_keys(text):
            return "a private key"
    return None


def names_auth_method(value: str) -> bool:
    """The value is the name of a way to authenticate (`basic`, `x-oauth-basic`), not a credential."""
    return _AUTH_METHOD.fullmatch(value) is not None


def not_a_secret(value: str, placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS,
                 literal_dollar: bool = False) -> str | None:
    """Why a literal found where a secret may be written is not a secret (a flag, a number,
    a path, public material, ciphertext, a placeholder, also base64-encoded), or None.
    `literal_dollar` as for classify."""
    v = value.strip()
    why = _not_a_secret(v, placeholders, literal_dollar)
    if why is None and not hidden_secret(v):
        decoded = decode_base64_text(v)
        if decoded is not None and decoded.strip() and decoded.strip() != v:
            inner = _not_a_secret(decoded.strip(), placeholders, True)
            if inner is not None:
                return f"base64 of {inner}"
    return why


# Whole-value shapes that are no secret, each with what the value is, asked in this order:
# settings first (before ciphertext and hashes), addresses after URLs.
_SETTING_SHAPES = ((_FLAG, "a flag"), (_AUTH_METHOD, "an authentication method"), (_ALGORITHM, "an algorithm"),
                   (_NUMBER, "a number"),
                   (_TIMESTAMP, "a date"), (_CRON, "a schedule"))
_ADDRESS_SHAPES = ((_EMAIL, "an e-mail address"), (_MEDIA_TYPE, "a media type"), (_DISTINGUISHED_NAME, "an LDAP name"),
                   (_NETWORKS, "a network address"), (_HOST, "a host name"), (_PATH, "a path"))


def _not_a_secret(v: str, placeholders: Iterable[str], literal_dollar: bool) -> str | None:
    if classify(v, placeholders, literal_dollar) is not ValueKind.LITERAL:
        return "not a literal"
    for shape, why in _SETTING_SHAPES:
        if shape.fullmatch(v):
            return why
    if encrypted(v):
        return "ciphertext"
    if ("$" in v or ":" in v or "}" in v or v.startswith("*")) and password_hash(v):
        return "a password hash"
    if public_material(v):
        return "public material"
    if v.startswith("-----BEGIN") and (block := _PEM_BLOCK.fullmatch(v.strip())) is not None \
            and "PRIVATE KEY" in block.group(1) and not real_private_keys(v):
        return "a private key's stand-in"  # a PEM block whose body is no key material (`...`, a prefix)
    if v.startswith("{") and '"private_key"' in v and "service_account" in v and not real_private_keys(v):
        return "a service-account key template"  # its one secret, the private key, is a stand-in
    if _STORE_FIELDS.fullmatch(v) or _STORE_NAMES.fullmatch(v):
        return "a reference list"
    if "," in v and _NAME_LIST.fullmatch(v) and sum(bool(_JOINED_NAME.fullmatch(e.strip())) for e in v.split(",")) >= 2:
        return "a list of names"
    if "," in v and _stand_in_list(v, placeholders):
        return "a placeholder"
    if v.startswith("--secret") and _SECRET_MOUNTS.fullmatch(v):
        return "a list of names"
    if "\n" in v:
        return "a reference list" if _STORE_REFERENCES.fullmatch(v) else None
    if _URL_NO_PASSWORD.fullmatch(v) and not re.match(r"(?:[a-z][a-z0-9]*:)?[a-z][a-z0-9+.-]*://[^@/\s]*:[^@/\s]*@", v):
        return "a URL"
    for shape, why in _ADDRESS_SHAPES:
        if shape.fullmatch(v) and not (shape is _PATH and _base64_material(v)):
            return why
    if regex_shaped(v):
        return "a pattern"
    if (_STORE_REFERENCES.fullmatch(v) or _CHART_VALUE_PATH.fullmatch(v) or _STORE_PATH.fullmatch(v)
            or _INJECTED_REFERENCE.fullmatch(v) or _RESOURCE_NAME.fullmatch(v)):
        return "a reference"
    if _FIELD_FUNCTION.fullmatch(v):
        return "an expression"
    if named_stand_in(v) or _names_a_secret(v) or _patterned(v) or _typed_in_order(v) \
            or _MARKED_CREDENTIAL.fullmatch(v) or _pair_stand_in(v, placeholders) or _sample_jwt(v):
        return "a placeholder"
    return None


def _sample_jwt(v: str) -> bool:
    """A JWT of documentation's sample claims (`jwt.Jwt.example`: the token tutorials paste),
    issued to no one."""
    if not v.startswith("eyJ") or v.count(".") != 2:
        return False
    from . import jwt  # here: few values are a JWT (start-up)

    token = jwt.decode(v)
    return token is not None and token.example


# docker build's (buildx's, buildah's, podman's) `--secret` options, each naming a secret the
# build gets and where it is read from (`--secret id=npm,env=NPM_TOKEN`, `--secret id=k,src=k.txt`):
# names, no credential (an args-named setting holding them, `SECRET_ARGS`; a literal given to a
# credential option, `--token=X`, is one).
_MOUNT_FIELD = r"(?:id|env|src|source|type|target|required|mode|uid|gid)=[^\s,]*"
_SECRET_MOUNTS = lazy_compile(rf"(?:--secret(?:[ \t]+|=){_MOUNT_FIELD}(?:,{_MOUNT_FIELD})*[ \t]*)+")


def _stand_in_list(v: str, placeholders: Iterable[str]) -> bool:
    """A list by commas of two or more placeholders (`secret1,secret2`, `<token-a>, <token-b>`):
    each item stands in for a value, as one alone does."""
    items = [e.strip() for e in v.split(",")]
    return len(items) >= 2 and all(e and classify(e, placeholders, literal_dollar=True) is ValueKind.PLACEHOLDER
                                   for e in items)


# A `user:password` pair as basic auth and htpasswd-style settings write one (no blank, one colon).
_PAIR = lazy_compile(r"([^\s:]+):([^\s:]+)")


def _pair_stand_in(v: str, placeholders: Iterable[str]) -> bool:
    """A `user:password` pair whose password part alone is a placeholder (`user:password`,
    `admin:changeme`, `bob:<password>`) and whose user part is a user's name: it gives away no
    more than that part does alone. (`admin:admin`, `user:Hq4zT9Lm` hold a password; so does
    `<token>:x`, an API key sent as the basic-auth user with a dummy password, as APIs document.)"""
    m = _PAIR.fullmatch(v)
    return m is not None and classify(m.group(2), placeholders, literal_dollar=True) is ValueKind.PLACEHOLDER \
        and (len(m.group(1)) < 12 or written_name(m.group(1)))


# Base64 text (`/` is one of its characters: one random value in 64 starts with it).
_BASE64_TEXT = lazy_compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def _base64_material(v: str) -> bool:
    """A value shaped as a path (`/...`) that is base64 material instead: base64 characters only,
    with a `+` or padding, or a part between slashes of 12 or more that mixes capitals, small
    letters and digits, as random bytes do and path names do not (`/run/secrets/db` is a path)."""
    if _BASE64_TEXT.fullmatch(v) is None:
        return False
    return "+" in v or v.endswith("=") or any(
        len(p) >= 12 and re.search(r"[A-Z]", p) and re.search(r"[a-z]", p) and re.search(r"\d", p)
        for p in v.split("/"))


# The id of stored credentials (an entry of a CI server's store, a file): a UUID (what Jenkins
# gives a credential added without an id) or lower-case words joined by `-`, `_` or `.`, maybe numbered
# (`deploy-robot`, `gcs-upload-2`); not one word, nor mixed case or digits inside a word.
_STORE_ID = lazy_compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                         r"|[a-z]+(?:[-_.][a-z]+)+(?:[-_.]\d+)?")


# The credentials a store keeps under a key named for them (`DB_PASSWORD_KEY`, `tokenKey`); not
# the secret or API key, which is the credential, nor a pass key (`PASS_KEY`: a passkey is one).
_KEYED = frozenset(("password", "passwd", "pwd", "passphrase", "token", "credential", "credentials", "creds"))


def names_a_stored_credential(name: str, value: str) -> bool:
    """A variable named for credentials (`GIT_CREDENTIALS`, `deployCredential`: a bundle kept
    somewhere, a store's term for its entries), or for the key a password or token is kept
    under (`DB_PASSWORD_KEY`), whose value is shaped as an id: it says which stored credentials
    to use (a CI server's entry, as `credentials('id')` does; a file of a container's secrets
    folder, `KEYSTORE_CREDENTIALS: broker_keystore_creds`; a secret manager's entry,
    `DB_PASSWORD_KEY: database_password`)."""
    words = name_words(name)
    stored = bool(words) and (words[-1] in ("credential", "credentials")
                              or (words[-1] == "key" and len(words) > 1 and words[-2] in _KEYED))
    return stored and _STORE_ID.fullmatch(value) is not None


def regex_shaped(value: str) -> bool:
    """A regular expression (`[^@]+`, `^ghp_\\w{36}$`): what a scanner's or a filter's pattern
    matches, not a value."""
    return _REGEX.fullmatch(value) is not None and re.search(r"[\^$\\{}\[\]]", value) is not None


# A known format's prefix (`ghp_`, `glpat-`, `xoxb-`) and what follows it.
_PREFIXED = lazy_compile(r"([a-z][a-z0-9]{0,11}[-_])([A-Za-z0-9]{8,})")


def _ordered_body(value: str) -> bool:
    """A format's prefix with a body typed in order (`ghp_1234567890123...`, `gho_abcdef...xyz1234`):
    each run of letters or of digits goes up one at a time (9 to 0, z to a), as no generator
    makes a token."""
    m = _PREFIXED.fullmatch(value)
    if m is None:
        return False
    body = m.group(2)
    for a, b in itertools.pairwise(body):
        if a.isdigit() != b.isdigit():
            continue  # a run of letters, then one of digits
        step = (ord(b) - ord(a)) % (10 if a.isdigit() else 26)
        if step != 1 or a.isupper() != b.isupper():
            return False
    return True


def named_stand_in(value: str) -> bool:
    """A value that names what belongs there in capitals (`REPLACE_DB_PASSWORD`, `DB-PASSWORD`:
    one of its words says so, not random capitals `XKQZWPRTMNBV` nor a passphrase in capitals),
    says it is an example or a test's (`test-password`; `EXAMPLE` in capitals, glued, as AWS's
    documentation keys end, `...EXAMPLEKEY`: no random string holds it), or is a format's prefix with filler
    (`xoxb-0000-xxxx`): where a URL's password or a known format is written."""
    return _named_in_capitals(value) or _EXAMPLE_WORD.search(value) is not None or "EXAMPLE" in value \
        or _FILLED_PREFIX.fullmatch(value) is not None or _ordered_body(value) or _redacted_parts(value) \
        or _MARKED_CREDENTIAL.fullmatch(value) is not None or _test_phrase(value)


_FILLER_PART = lazy_compile(r"x{4,}|X{4,}|\*{4,}")


def _redacted_parts(v: str) -> bool:
    """A value with parts written over with filler (`c0021d50-xxxx-xxxx-xxxx-143cc467305c`, a
    key's middle as `****`): shown as docs show one, with what identifies it kept and the rest
    hidden; the value it came from is not there."""
    parts = re.split(r"[-_.]", v)
    return len(parts) >= 2 and all(p.isalnum() or set(p) == {"*"} for p in parts) \
        and any(_FILLER_PART.fullmatch(p) for p in parts)


def _named_in_capitals(v: str) -> bool:
    return _NAMED_STAND_IN.fullmatch(v) is not None and _STAND_IN_WORD.search(v) is not None


_SECRET_NOUNS = frozenset(("password", "passwd", "pw", "pwd", "pass", "token", "secret", "apikey", "key",
                           "passphrase", "credential", "credentials"))


def _names_a_secret(v: str) -> bool:
    """A camelCase or upper-case snake identifier whose last word names a secret (`jiraToken`,
    `dbPassword`, S3_PASSWORD), or a secret's value (`secretValue1`, `TOKEN_VALUE`; a number
    after the value counts them): the name of a setting (a variable, a Secret's key) written where its
    value belongs. (`testing-password` may well be the password itself.)"""
    if not re.fullmatch(r"[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"
                        r"|(?:My|Your|Some)(?:[A-Z][a-z0-9]+)+", v):
        return False  # (PascalCase after a possessive only: `MyAccessToken`; `SummerPassword` may be one)
    words = name_words(v)
    if words[-1] in _SECRET_NOUNS:
        return True
    last = len(words) - 1
    while last > 1 and words[last].isdigit():
        last -= 1  # (`secretValue1`: counted values; `X_PASSWORD1` may be a password)
    return words[last] in ("value", "val") and words[last - 1] in _SECRET_NOUNS


# A test or dummy marker glued to a credential word, maybe numbered (`testpassword1`, `testtoken3`,
# `dummysecret`, `fake_api_key`): a stand-in under whichever key holds it.
# (also with what it is for between, `fakeclientsecret`, `dummy_admin_token`; not `testing-password`)
_MARKED_CREDENTIAL = lazy_compile(
    r"(?i)(?:test|dummy|fake|mock)[-_]?(?:(?!ing)[a-z]{2,12}[-_]?)?"
    r"(?:password|passwd|passphrase|pass|pwd|token|secret|api[-_]?key|key|credential)s?[-_]?\d{0,3}")


# A test marker word and the words a phrase describing a test's credential is made of.
_TEST_MARKERS = frozenset(("test", "dummy", "fake", "mock"))  # (not `testing`: `testing-password` may be one)
_PHRASE_PART = lazy_compile(r"[a-z]+|\d{1,4}[a-z]*")


def _test_phrase(v: str) -> bool:
    """Lower-case words joined by `-`, `_` or `.` that describe a test's credential: a marker word,
    then a credential word among those after it (`ci-test-credential`, `test_oauth_signing_secret_32bytes`,
    `app-mock-token-0123456789abcdef`); each other part a word, a count (`32bytes`) or filler typed in
    order. Written to be read, as no generator writes a secret."""
    parts = [p for p in re.split(r"[-_.]+", v) if p]
    if len(parts) < 2 or not all(_PHRASE_PART.fullmatch(p) or _typed_runs(p) for p in parts):
        return False
    marker = next((k for k, p in enumerate(parts) if p in _TEST_MARKERS), None)
    return marker is not None and any(p in _SECRET_NOUNS for p in parts[marker + 1:])


def _typed_runs(part: str) -> bool:
    """Runs of three digits or lower-case letters or more, each typed in order (`0123456789abcdef`,
    `abcdef123456`)."""
    runs = re.findall(r"\d+|[a-z]+", part)
    return "".join(runs) == part and all(len(r) >= 3 and _in_order(r) for r in runs)


def _patterned(v: str) -> bool:
    """Filler made of a few runs of one character (`aaaa1111`, `ffff-9999`): typed, not random."""
    chars = re.sub(r"[-_.:]", "", v)
    if len(chars) < 6:
        return False
    runs = 1 + sum(1 for a, b in itertools.pairwise(chars) if a != b)
    return runs * 4 <= len(chars)


def _in_order(run: str) -> bool:
    """Empty, or lower-case letters or digits each one after the one before."""
    return ((run.isalpha() and run.islower()) or run.isdigit() or not run) \
        and all(ord(b) - ord(a) == 1 for a, b in itertools.pairwise(run))


def _typed_in_order(v: str) -> bool:
    """Filler typed in order: a run of the alphabet or of digits (`abc`, `abcdefgh`, `efghij`,
    `12345`), or a short unit (up to eight characters) repeated three times or more, the last
    time maybe cut short (`abababab`, `xyzxyzxyz`, `cafecafecafeca`, `deadbeefdeadbeefdeadbeef`),
    or the hex digits in order (`_hex_in_order`)."""
    letters = v.rstrip("0123456789")
    digits = v[len(letters):]
    if len(v) >= 3 and _in_order(letters) and _in_order(digits) \
            and (not letters or not digits or (len(letters) >= 6 and len(digits) >= 3)):
        # (also letters then digits, each in order: `abcdefghijklmnopqrstuvwxyz123456`; not
        # `abc123`, one of the passwords people choose)
        return True
    return len(v) >= 6 and v.isalnum() and (any(
        len(v) // n >= 3 and v == (v[:n] * (len(v) // n + 1))[:len(v)] for n in range(2, 9)) or _alphabet_runs(v)
        or _hex_in_order(v) or _counted_apart(v))


def _counted_apart(v: str) -> bool:
    """Lower-case letters and digits mixed, each read alone counting one at a time, up or down
    (`1ab2c3d4e5f6g7h8`, `98z76y54x32w1`): an example typed out, ten characters or more with four
    of each at least (`a1b2c3d4`, a password people choose, is shorter)."""
    letters = [ord(c) for c in v if c.isalpha()]
    digits = [ord(c) for c in v if c.isdigit()]
    if len(v) < 10 or len(letters) < 4 or len(digits) < 4 or len(letters) + len(digits) != len(v) \
            or not v.islower():
        return False
    return all(len({b - a for a, b in itertools.pairwise(run)}) == 1
               and abs(run[1] - run[0]) == 1 for run in (letters, digits))


_HEX_DIGITS = "0123456789abcdef"


def _hex_in_order(v: str) -> bool:
    """Hex digits typed in order, from f round to 0, each written once or each twice (the last
    maybe cut short: `00112233445566778899aabbccddeeff`, `AABBCCDDEEFF0011...`, `89abcdef01234567`): a test's
    stand-in for a hex key or hash (a random one never runs so). In one case, twelve digits or
    more."""
    if len(v) < 12 or not (v.islower() or v.isupper() or v.isdigit()) or v.strip("0123456789abcdefABCDEF"):
        return False
    runs = [(ch, len(list(group))) for ch, group in itertools.groupby(v.lower())]
    size = runs[0][1]
    if size > 2 or len(runs) < 6 or any(n != size for _, n in runs[1:-1]) or runs[-1][1] > size:
        return False
    return all((_HEX_DIGITS.index(b) - _HEX_DIGITS.index(a)) % 16 == 1 for (a, _), (b, _) in itertools.pairwise(runs))


def _alphabet_runs(v: str) -> bool:
    """Lower-case letters typed as runs of the alphabet, three letters or more each (`abcxyz`:
    its start, then its end)."""
    if not (v.isalpha() and v.islower()):
        return False
    runs = [1]
    for a, b in itertools.pairwise(v):
        if ord(b) - ord(a) == 1:
            runs[-1] += 1
        else:
            runs.append(1)
    return min(runs) >= 3


# Words and identifiers: `helm`, `in-cluster`, `us-east-1`, `my_project`, `Admin`. Each part is
# letters or digits, never a mix (`s3cr3t`, `p4ss` are not identifiers).
# (digits taken whole, as in _STORE_PATH)
# (or a numeronym standing for a word, as `k8s`, `i18n`, `a11y` do: one letter, a count, one letter)
_IDENTIFIER = lazy_compile(r"[A-Za-z]+(?:[-_.:/]+[A-Za-z]+|[-_.:/]*\d+(?!\d))*|[A-Za-z]\d{1,2}[A-Za-z]")


# Keys that hold a setting kept beside secrets: their last word says what (type: helm,
# project: default, insecure: "true"); under them, a word or an identifier is that setting.
_SETTING_WORDS = _NOT_SECRET_LAST_WORD | frozenset((
    "project", "cluster", "server", "account", "tenant", "tenancy", "zone", "insecure", "verify",
    "tls", "environment", "stage", "profile", "owner", "repo", "repository", "branch", "channel",
    "queue", "topic", "team", "bucket", "database", "db", "schema", "table", "service", "app",
    "application", "component", "tier", "ocid", "arn", "uid", "guid", "sub", "subject", "sni",
))


# Keys whose last word says the value is a digest, and a digest's shapes: hex, or the base64 of
# 16 to 64 bytes.
_DIGEST_WORDS = frozenset(("hash", "digest", "checksum", "sha", "fingerprint"))
_DIGEST_SHAPE = lazy_compile(r"[0-9a-fA-F]{32,128}|[A-Za-z0-9+/]{22,86}={0,2}")


# Setting words a lower-case key glues to the word before (`sslmode`, `volumegroup`, `dbname`).
_GLUED_SETTING_WORDS = tuple(sorted(w for w in _SETTING_WORDS if len(w) >= 4))


def setting_key(name: str) -> bool:
    """A key whose last word names a setting (`type`, `project`, `tenancy_ocid`, `enableOCI`),
    or a list of them (`apps`), also glued to the word before it (`sslmode`)."""
    words = name_words(name)
    if not words:
        return False
    last = words[-1]
    if last.endswith("s") and last[:-1] in _SETTING_WORDS:
        last = last[:-1]  # a list of such settings (`PAPERLESS_APPS`, `allowedRegions`)
    return last in _SETTING_WORDS or words[0] in ("enable", "disable", "use", "skip") \
        or (last.endswith(_GLUED_SETTING_WORDS) and any(
            last.endswith(w) and len(last) > len(w) + 1 for w in _GLUED_SETTING_WORDS))


def setting_value(value: str, key: str, placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS,
                  literal_dollar: bool = True) -> bool:
    """A value, under a key that does not name a secret, in a place that holds secrets (a
    Secret's data), that is a setting rather than secret material: a flag, a number, a host,
    a URL ..., or, under a key naming a setting, a word or an identifier. Not for secret-named
    keys: under `password`, `postgres` is a password."""
    v = value.strip()
    if hidden_secret(v):
        return False
    if not_a_secret(v, placeholders, literal_dollar) is not None or _names_a_file(v):
        return True
    if not setting_key(key):
        return False
    if _DIGEST_SHAPE.fullmatch(v) and name_words(key)[-1] in _DIGEST_WORDS:
        return True  # a digest under a key naming one (MariaDB's `ed25519Hash`): a verifier
    if v and not any(c.isalnum() for c in v):
        return True  # a pattern or a separator (`.*`, `;`)
    decoded = decode_base64_text(v)
    for text in (v, decoded.strip() if decoded else ""):
        if text and len(text) <= 64 and _IDENTIFIER.fullmatch(text):
            return True
    return False


# A one-line configuration file: a directive and the file it names (`IdentityFile /keys/id_ci`,
# `Include /etc/ssh/conf.d/ci.conf`, `UserKnownHostsFile=~/.ssh/ci_hosts`, as ssh reads them).
_DIRECTIVE = lazy_compile(r"[A-Za-z][A-Za-z0-9_-]*(?:[ \t]+|[ \t]*=[ \t]*)(\S+)")


def _names_a_file(v: str) -> bool:
    """A directive naming a file: where something is kept, as a whole configuration file is (a
    Secret's multi-line entry is left to the rules that read inside it). A directive given a
    secret (`Password x`, `token x`) names no file."""
    m = _DIRECTIVE.fullmatch(v)
    return m is not None and _PATH.fullmatch(m.group(1)) is not None and not _base64_material(m.group(1))


class Classifier:
    """The value decisions of one configuration (placeholders, secret names), built once from
    the settings and handed to every extractor and check through `ScannedFile.classifier`:
    a placeholder is a placeholder in every kind of file and for every rule."""

    __slots__ = ("placeholders", "secret_names")

    def __init__(self, placeholders: tuple[str, ...] = DEFAULT_PLACEHOLDERS,
                 secret_names: str = DEFAULT_SECRET_NAMES) -> None:
        self.placeholders = placeholders
        self.secret_names = secret_names

    def classify(self, value: str, quoted: bool = False, expanded: bool = True) -> ValueKind:
        return classify(value, self.placeholders, quoted=quoted, expanded=expanded)

    def is_literal(self, value: str, quoted: bool = False) -> bool:
        """A literal credential: not empty, a variable, an expression, a template, a
        reference or a placeholder. `quoted`: no `$` in it is expanded."""
        return classify(value, self.placeholders, quoted=quoted) is ValueKind.LITERAL

    def is_secret_name(self, name: str) -> bool:
        return is_secret_name(name, self.secret_names)

    def secret_reference(self, text: str) -> str | None:
        return secret_reference(text, self.secret_names)


DEFAULT_CLASSIFIER = Classifier()
