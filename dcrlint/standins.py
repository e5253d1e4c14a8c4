"""Stand-ins: values written in a secret's place (`a-long-random-string`, `test-password`,
`abc123`, `EXAMPLE_TOKEN`, a value restating its name), which no one uses as a credential."""

from __future__ import annotations

import itertools
import re

from .lazyre import lazy_compile
from .secretnames import is_secret_name, name_words
from .valuepatterns import DEFAULT_SECRET_NAMES, _compile_any


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


# A setting's name in lower-case words (`auth_key`, `db_password`, `registry.password`), and one naming
# a user (`db_user`, `app-username`, `registry.username`).
_SLOT_NAME = lazy_compile(r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+")
# ... or its words run together, a password's word last (`proxypassword`, `dbpass`).
_GLUED_SLOT = lazy_compile(r"[a-z]{2,20}(?:password|passwd|pass|pwd)")
_USER_SLOT = lazy_compile(r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*[-_.](?:user|username|login)")


def user_slot(user: str) -> bool:
    """A user written as the name of the setting that holds it (`db_user`, `registry.username`)."""
    return _USER_SLOT.fullmatch(user) is not None


def secret_slot(value: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """A password written as the name of the setting that holds it (`db_pass`, `registry.password`):
    beside a user written so (`user_slot`), each slot of a template named for what goes there, for
    a tool to fill in (a URL's `db_user:db_pass@`, a docker config's `username`/`password`)."""
    return _SLOT_NAME.fullmatch(value) is not None and is_secret_name(value, pattern)


def glued_slots(user: str, password: str) -> bool:
    """A pair written as the names of its slots, the password's words run together
    (`username:proxypassword`, `db_user:dbpass`): only beside a user that names its slot too,
    since a stand-in user is an account as well (`user:postgrespwd`, the database's own pair)."""
    return (user_slot(user) or user.lower() in ("username", "login")) and _GLUED_SLOT.fullmatch(password) is not None


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
                          "replace", "set", "put", "test", "dummy", "fake", "mock", "example", "sample", "placeholder",
                          # (how it is to be written: `base64encodedaccountkey` for `accountkey`)
                          "base64", "b64", "encoded", "base64encoded", "hex", "hexencoded"))


def restates_name(name: str, value: str) -> bool:
    """A value that only repeats its variable's name (`GOOGLE_API_KEY_VAL` for GOOGLE_API_KEY, a
    filler word at most beside it: not `Password123!` for PASSWORD, a password built on the word),
    or the name's last words as the name writes them, less a prefix (`storage_access_key` for
    APP_STORAGE_ACCESS_KEY; any of `-_.` between words): the name of the setting written where
    its value belongs. Words run together (`storagepassword`) may be a password made of them.
    Also whose, then the name's last two words or more (`my-s3-secret-access-key` for
    AWS_SECRET_ACCESS_KEY, `some_registry_password`): what belongs there, said as a phrase; or
    `default` and a secret's name in plain words (`default_secret_key`, `default-api-token`); or
    any of these, then where the real value is had (`relay-password-from-vault`,
    `service-apikey-from-acmecloud-io`: a source in plain words, no random part before it)."""
    source = _FROM_SOURCE.fullmatch(value.strip().lower())
    if source is not None and restates_name(name, source.group(1)):
        return True
    norm_name = re.sub(r"[^a-z0-9]", "", name.lower())
    norm_value = re.sub(r"[^a-z0-9]", "", value.lower())
    if len(norm_name) >= 4 and norm_name in norm_value \
            and all(part in _NAME_FILLER for part in norm_value.split(norm_name, 1)):
        return True  # (not a password built on the word: `Password123!`, `apikey_Xk9Qm2`)
    parts = [p for p in re.split(r"[-_.]+", value.strip().lower()) if p]
    if len(parts) >= 3 and parts[0] in ("my", "some", "your") and tuple(parts[-2:]) == name_words(name)[-2:]:
        return True
    if len(parts) >= 2 and parts[0] == "default" and parts[-1] in _SECRET_NOUNS \
            and _PLAIN_WORDS.fullmatch(value.strip().lower()) and is_secret_name("_".join(parts[1:])):
        return True  # the default said as such, then a secret's name (`default_secret_key` for OBJ_SECRET)
    tail = re.sub(r"[-.]", "_", value.strip().lower())
    whole = re.sub(r"[-.]", "_", name.lower())
    return ("_" in tail.strip("_") and whole.endswith("_" + tail)) or _described_setting(name, value.strip()) \
        or _abridged_name(name, value.strip())


# A value, then `from` and the place the real one is had, in one to four plain words.
_FROM_SOURCE = lazy_compile(r"(.+?)[-_.]from[-_.]([a-z]+(?:[-_.][a-z]+){0,3})")


def _abridged_name(name: str, value: str) -> bool:
    """The name's own words, some left out, in its order, ending in its secret word
    (`mirror-password` for MIRROR_HUB_PASSWORD, `shopdb_secret` for SHOPDB_HUB_SECRET): the
    setting named more briefly, nothing added. Not a word the name lacks (`guestwinter`), nor
    the words run together (`adminpassword` may be a password made of them)."""
    words = name_words(name)
    if len(words) < 3 or words[-1] not in _SECRET_NOUNS or not _PLAIN_WORDS.fullmatch(value):
        return False
    parts = re.split(r"[-_.]", value)
    if len(parts) < 2 or parts[-1] != words[-1]:
        return False
    left = iter(words[:-1])
    return all(p in left for p in parts[:-1])  # (each of the value's words found after the one before)


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
    # (and it may end on a stop: `just type random characters here!`)
    r"|[a-z]+(?:-[a-z]+)*(?:[ \t]+(?:-[ \t]+)?[a-z]+(?:-[a-z]+)*)+[.!]?"
    # How to get the value, in lower-case words (`generate_a_new_key`, `get-one-from-the-console`).
    r"|(?-i:(generate|get|create|obtain|paste|provide)([-_][a-z]+)+)"
    r"|(change|replace)([-_ ]?(me|it|this)([^a-z0-9].*)?|[-_ ].+)|(overwrite|override)[-_ ]?(me|it|this)([^a-z0-9].*)?"
    # (run together with the credential it asks for: `replacepassword`, `changethetoken`)
    r"|(change|replace)(the|your)?(password|passwd|pass|pwd|secret|token|key)"
    # (a fill-in verb so, `your` or `new` maybe between: `enterYOURpwd`, `InputPWD`, `typenewpassword`)
    r"|(insert|enter|input|paste|put|type|fill)(the|your|a|new){0,2}(password|passwd|pass|pwd|pw|secret|token|key)s?"
    # (the same in PascalCase words, `ChangeThisValueToSomeSecret`)
    r"|(?-i:(Change|Replace|Overwrite|Override)(Me|It|This|With|To)([A-Z][a-z]*)*)"
    # A phrase saying any value will do (`any-random-string`, `AnyLongAndHardToGuessString`).
    r"|any[-_ ][a-z]+([-_ ][a-z]+)*|(?-i:Any([A-Z][a-z]+)+)"
    # An edit verb pointing at the value itself (`CUSTOMIZE_THIS`, `edit-me`, `UPDATE_HERE`), or
    # what is still to be done to it (`TO_BE_SET`, `to-be-configured`): an instruction to the reader.
    r"|(customi[sz]e|edit|update|configure|adjust|modify|provide|supply|define)[-_ ]?(me|it|this|here)([^a-z0-9].*)?"
    r"|to[-_ ]?be[-_ ]?(customi[sz]ed|edited|updated|configured|adjusted|modified|provided|supplied|defined|set"
    r"|filled([-_ ]?in)?|changed|replaced|determined|added|generated)([^a-z0-9].*)?"
    # A to-do note where the value goes (`TODO: make this required`, `FIXME`, `tbd-later`): the
    # value is still to be given.
    r"|(todo|fixme|tbd)([-_:. ].*)?"
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
        or _MARKED_CREDENTIAL.fullmatch(value) is not None or _test_phrase(value) \
        or _PREFIX_AND_WORD.fullmatch(value) is not None or _described_only(value) \
        or _TEST_DIGITS.fullmatch(value) is not None or _local_stand_in(value)


# A known token format's prefix, then one word saying what goes there (`ghp_token`, `glpat_token`,
# `xoxb-secret`): the format shown, no token (a real one has a long random tail).
_PREFIX_AND_WORD = lazy_compile(
    r"(?:gh[pousr]|github_pat|glpat|gldt|glrt|glptt|glsoat|xox[abpr]|dckr_pat)[-_]"
    r"(?:token|secret|key|api[-_]?key|password|pat|value|here|changeme|placeholder)s?")
# The word test (testing) and digits typed in order, maybe after a name and before a symbol
# (`test123`, `testing1234`, `web_test_123$`): a stand-in as `password123` is (lead's ruling,
# held-out 21b D1/M4). (`admin1234`: an account's word, a weak working password, stays one.)
_TEST_DIGITS = lazy_compile(r"(?i)(?:[a-z][a-z0-9]*[-_])?test(?:ing)?[-_]?0?123(?:4(?:5(?:6(?:7(?:8(?:9)?)?)?)?)?)?"
                            r"[!?#.$%&*@]?")
# The words that say a value is a local development stand-in.
_LOCAL_WORDS = frozenset(("local", "dev", "development", "localdev"))
_LOCAL_PARTS = lazy_compile(r"[a-z]+(?:[-_.][a-z]+){1,5}")
_LOCAL_RUN = lazy_compile(r"(?:local|dev)[a-z]{0,30}(?:secret|token|key|password|passwd|pass)")


def _local_stand_in(value: str) -> bool:
    """A value of plain lower-case words, one saying it is for local development (`local`,
    `dev`), a secret's word last, the others saying what it is for (`wiki-store-local-dev-secret`,
    `local-bootstrap-token`; run together after the local word: `localdevforwikisecret`): it names
    itself a local stand-in (lead's ruling, held-out 21b D2/M5)."""
    if _LOCAL_PARTS.fullmatch(value) is not None:
        parts = re.split(r"[-_.]", value)
        return parts[-1] in _SECRET_WORDS and not _LOCAL_WORDS.isdisjoint(parts[:-1])
    if _LOCAL_RUN.fullmatch(value) is None:
        return False
    rest = value
    while (word := next((w for w in ("localdev", "local", "development", "dev") if rest.startswith(w)), None)):
        rest = rest[len(word):]
    # (the local word a word of its own: what follows starts with a known word, `for` or a
    # secret's; `devopssecret`, `deviouspassword`, `localitykey` start with another word: R125)
    return rest != value and any(rest.startswith(w) for w in (*_DESCRIBING_VOCABULARY, "for"))


# Words that only say what a secret is like (`strong`, `equally`, `encoded`), whose it is (`my`), a
# secret's own words, and the words naming what it protects (`db`, `vault`, `account`): a value
# made of these alone describes the value to put there (lead's ruling, held-out 20b D1; 21b M2).
_QUALITY_WORDS = frozenset(("strong", "stronger", "strongest", "secure", "safe", "super", "very", "really", "extra",
                            "ultra", "top", "good", "hard", "complex", "long", "equally", "similarly", "my", "your",
                            "some", "encoded", "base64"))
_SECRET_WORDS = frozenset(("password", "passwd", "passphrase", "pass", "pwd", "pw", "secret", "key", "token",
                           "credential", "credentials"))
_ROLE_WORDS = frozenset(("db", "database", "admin", "administrator", "root", "user", "vault", "storage", "account",
                         "encryption", "bucket", "backup", "app", "api", "access", "service", "mail", "smtp", "cache",
                         "cluster", "registry", "master", "signing", "session", "web", "server", "client", "data",
                         "bind", "ldap"))
_DESCRIBING_VOCABULARY = _QUALITY_WORDS | _SECRET_WORDS | _ROLE_WORDS
_DESCRIBED = lazy_compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_. ][A-Za-z0-9]+)*=*")


def _described_only(value: str) -> bool:
    """A value whose every word (camelCase, snake, or run together: `strong-vault-encryption-password`,
    `StrongDBPassword`, `base64encodedbucketaccountkey==`) says what the secret is like, whose it
    is or what it protects, with one of the first kind and a secret's word last: a description
    of the value to put there. (`MyPassword2024`, `securepass-Vq8zL2`, `winterpassword`: a
    number or another word, which a chosen password has, stays one; `rootpassword` names no
    quality; `my` run together with lower-case words, `mysuperpassword`, may be a passphrase.)"""
    if len(value) > 64 or _DESCRIBED.fullmatch(value) is None:
        return False
    words: list[str] = []
    for w in name_words(value.rstrip("=")):
        if w == "64" and words[-1:] == ["base"]:
            words[-1] = "base64"  # (name_words splits `base64` at its digits)
        else:
            words.append(w)
    found: list[str] = []
    for w in words:
        parts = _segment(w)
        if parts is None or (len(parts) > 1 and parts[0] == "my"):
            return False  # (`my` run together with words in lower case may be a passphrase: `mysuperpassword`)
        found += parts
    return bool(found) and found[-1] in _SECRET_WORDS and not _QUALITY_WORDS.isdisjoint(found)


def _segment(word: str) -> list[str] | None:
    """A lower-case word as the describing words it is run together from, or None."""
    if word in _DESCRIBING_VOCABULARY:
        return [word]
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 13), end):
            prefix = best[start]
            if prefix is not None and word[start:end] in _DESCRIBING_VOCABULARY:
                best[end] = [*prefix, word[start:end]]
                break
    return best[-1]


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


# A test, dummy or sample marker glued to a credential word, maybe numbered (`testpassword1`,
# `testtoken3`, `dummysecret`, `fake_api_key`, `SampleAccessKey1!`: the digit and the sign a
# password's rules ask for after it): a stand-in under whichever key holds it.
# (also with what it is for between, `fakeclientsecret`, `dummy_admin_token`; not `testing-password`)
_MARKED_CREDENTIAL = lazy_compile(
    r"(?i)(?:test|dummy|fake|mock|sample|example)[-_]?(?:(?!ing)[a-z]{2,12}[-_]?)?"
    r"(?:password|passwd|passphrase|pass|pwd|token|secret|api[-_]?key|key|credential)s?[-_]?\d{0,3}[!?.#@$%&*]?")


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


# The letter rows of a keyboard, left to right.
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _keyboard_run(v: str) -> bool:
    """Four lower-case letters or more typed left to right along one row of a keyboard (`asdf`,
    `qwerty`, `zxcvbn`): the alphabet's run on the keys, typed to fill a field."""
    return len(v) >= 4 and any(v in row for row in _KEYBOARD_ROWS)


def _typed_in_order(v: str) -> bool:
    """Filler typed in order: a run of the alphabet, of a keyboard's row or of digits (`abc`,
    `abcdefgh`, `efghij`, `asdf`, `12345`), or a short unit (up to eight characters) repeated
    three times or more, the last time maybe cut short (`abababab`, `xyzxyzxyz`,
    `cafecafecafeca`, `deadbeefdeadbeefdeadbeef`), or the hex digits in order (`_hex_in_order`)."""
    if _keyboard_run(v):
        return True
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
