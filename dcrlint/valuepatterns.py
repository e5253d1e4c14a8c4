"""The two pattern sets a configuration extends, placeholders (a value standing in for a secret)
and secret names (a name whose value is a secret), and the one matcher built from them."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .userregex import Matcher


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
    # (its words apart as a phrase writes them, or joined by the `@` a password's rules ask for: `change@it`)
    r"(?i:(change|replace)[-_.@ ]?(me|it)\w*)",
    # an instruction to change it written inside the value (`UQ6_CHANGE_ME_Gzb`, `NOT_CHANGING_ME_X`)
    r"(?i:.*?(?:^|[-_.])(?:chang(?:e|ing)|replac(?:e|ing))[-_.]?me(?:[-_.].*)?)",
    # ... or as its last words after plain words naming the setting, run together or not
    # (`kindlychangeme`, `opspasswordchangeme`, `long_secret_to_change`, `GenerateMeThenChangeMe`,
    # the instruction's own case irregular: `MakeMeAndchangeMe`): letters only before it, no run
    # of five consonants within a word (a random run with the words glued on; `change` starts a
    # word wherever it stands: `worldchangeme` is `world` and `change`)
    r"(?![a-z]*(?:(?!change)[b-df-hj-np-tv-xz]){5})[a-z]+(?:[-_.][a-z]+)*[-_.]?(?:change[-_.]?me|to[-_.]?change)"
    r"|(?=[A-Za-z]*(?:[Cc]hangeMe|To[Cc]hange)\Z)(?![A-Za-z]*(?:(?!change)[b-df-hj-np-tv-xz]){5})[a-z]*(?:[A-Z][a-z]+)+",
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
    r"(?i:(password|passwd|pass|pwd|psw|secret|token|api[-_]?key|key|username|user)s?\d{0,3})",
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
    # a value that only describes a secret: intensifier or quality words, then a secret's word or
    # another quality word (`supersecret`, `strongpassword`, `securepass`, `supersecure`, `top-secret`;
    # lead's ruling, held-out 20b D1); not beside a value part (`securepass-Vq8zL2`), four digits
    # (`strongpassword2024`) or another word (`winterpassword`)
    r"(?i:(?:(?:super|very|really|extra|ultra|top|most|strong|secure|safe|good|hard|complex|long)[-_. ]?)+"
    r"(?:secret|password|passwd|passphrase|pass|pwd|pw|secure|safe|strong)\d{0,3})",
    # (words apart after `my` or `some` when each is a secret's word, maybe numbered, a version
    # word and up to three digits after them: `my-secret-password-v2-456` names the slot)
    r"(?i:(?:my|some)(?:[-_. ](?:password|passwd|passphrase|pass|pwd|pw|secret|token|api[-_]?key|key|cred"
    r"|credentials?))+(?:[-_. ]v\d{1,2})?(?:[-_. ]?\d{1,3})?)",
    r"(?:my|My|some|Some)[A-Z][A-Za-z]{0,40}?(?:Password|Passwd|Passphrase|Secret|Token|ApiKey|Credential|Pwd|PWD"
    r"|PW)s?\d{0,3}",
    # (the words decide, whatever punctuation ends them: `Not-So-Secret!`)
    # (words apart too: `THIS IS UNSAFE!`)
    r"(?i:[a-z _-]*(insecure|unsafe|not[-_ ]?(a[-_ ]?|so[-_ ]?)?(secure|secret|real|safe))[a-z _-]*\d*[!?.]*)",
    # (`noop`: no operation, a test setting's word for a service not called)
    r"(?i:example|dummy|fake|sample|redacted|todo|fixme|tbd|none|null|nil|undefined|no-?op|false|true|yes|no|on|off)",
    r"x+|X+|\*+|\.+|_+|-+|0+|\.\.\.",
    # filler with the punctuation a password's rules ask for after it (`xxxxxx!`, `XXXX#1`: the letters
    # written over, the rest of the shape kept)
    r"(?:x{3,}|X{3,}|\*{3,})[!?.#@$%&*+=~^-]{1,3}\d?",
)

# The words before `key` of a key named for whom or what it authenticates, or how it is held:
# `account_key` (Azure Storage's `AccountKey`), `app_key`, `client_key`, `service_key`, an Azure
# `SharedKey` or a VPN's `shared_key`: the `<noun>_key` names detect-secrets' keyword list holds
# (gitleaks' generic rule reads any `key`); not `db_key`, as often a database's key name.
KEY_HOLDERS = ("shared", "account", "app", "application", "service", "client")

DEFAULT_SECRET_NAMES = (
    r"(?i:passw(or)?d|passwd|passphrase|(^|[-_])pass($|[-_])|(^|[-_])pwd($|[-_])|token|secret"
    r"|(^|[-_])auth($|[-_])|credential|private[-_]?key|access[-_]?key)"
    # (`key` ends the word: not `API_KEYSPACE`, `appkeywords`, `CLIENT_KEYBOARD`; `SharedKeyFor`'s
    # capital starts the next word, `KEYRING`'s capitals go on with this one)
    rf"|(?i:(api|{'|'.join(KEY_HOLDERS)})[-_]?keys?)(?![a-z])(?![A-Z]{{2}})"
    r"|(?i:(requirepass|masterauth)($|[-_]))"  # (Redis's password directives: REDIS_REQUIREPASS)
)

# Every ASCII text the built-in secret-name pattern matches holds one of these words in
# lowercase (tests/test_engine_cold.py holds them to the pattern): a text holding none of them
# names no secret, told without the regex. Not for other text as is: `(?i)` also matches `ſ` as `s`
# (checks/_spellings.lower reads such letters as ASCII).
SECRET_NAME_WORDS = ("pass", "pwd", "token", "secret", "key", "auth", "credential")

_BUILTIN = frozenset((*DEFAULT_PLACEHOLDERS, DEFAULT_SECRET_NAMES))
_JOINED_NAMES = f"(?:{DEFAULT_SECRET_NAMES})|"


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
