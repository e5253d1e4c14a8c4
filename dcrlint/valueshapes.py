"""Shapes of values that are settings or addresses, not secrets: flags, numbers, times, paths,
hosts, e-mail addresses, algorithms, regular expressions, and names written out as words."""

from __future__ import annotations

import re

from .lazyre import lazy_compile

# A name as Kubernetes and DNS write one (`registry-pull-secret`, `app.tls`), a file name with
# an extension (`secrets.yaml`) or a path (`/run/secrets/x`, `./x`, `values/prod`): lower-case
# words joined by `-`, `.` or `/`, at least two of them (one word alone may be a password; a
# mixed-case word with a `/` may be base64).
_LITERAL_NAME = lazy_compile(r"[a-z0-9]+(?:[-./][a-z0-9]+)+|(?:/|\.{1,2}/|~/)[\w.-]+(?:/[\w.-]+)*"
                             r"|[\w-]+\.(?:ya?ml|json|txt|env|pem|crt|key)")


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


def names_auth_method(value: str) -> bool:
    """The value is the name of a way to authenticate (`basic`, `x-oauth-basic`), not a credential."""
    return _AUTH_METHOD.fullmatch(value) is not None


# Whole-value shapes that are no secret, each with what the value is, asked in this order:
# settings first (before ciphertext and hashes), addresses after URLs.
_SETTING_SHAPES = ((_FLAG, "a flag"), (_AUTH_METHOD, "an authentication method"), (_ALGORITHM, "an algorithm"),
                   (_NUMBER, "a number"),
                   (_TIMESTAMP, "a date"), (_CRON, "a schedule"))
_ADDRESS_SHAPES = ((_EMAIL, "an e-mail address"), (_MEDIA_TYPE, "a media type"), (_DISTINGUISHED_NAME, "an LDAP name"),
                   (_NETWORKS, "a network address"), (_HOST, "a host name"), (_PATH, "a path"))


def regex_shaped(value: str) -> bool:
    """A regular expression (`[^@]+`, `^ghp_\\w{36}$`): what a scanner's or a filter's pattern
    matches, not a value."""
    return _REGEX.fullmatch(value) is not None and re.search(r"[\^$\\{}\[\]]", value) is not None
