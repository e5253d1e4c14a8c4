"""Whether a literal is no secret whatever its name (a setting's shape, a reference to a secret
store, a stand-in, public key material), and whether a setting's value is one."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .keymaterial import (
    _PEM_BLOCK,
    _base64_material,
    decode_base64_text,
    encrypted,
    hidden_secret,
    password_hash,
    public_material,
    real_private_keys,
)
from .lazyre import lazy_compile
from .secretnames import name_words, setting_key
from .standins import _MARKED_CREDENTIAL, _names_a_secret, _patterned, _typed_in_order, named_stand_in
from .valuepatterns import DEFAULT_PLACEHOLDERS
from .values import ValueKind, classify
from .valueshapes import _ADDRESS_SHAPES, _PATH, _SETTING_SHAPES, regex_shaped, written_name

# A chart value's path written without its template action (`value: .Values.db.password`): the
# name of where the secret is kept, not the secret.
_CHART_VALUE_PATH = lazy_compile(r"\.Values(?:\.[A-Za-z_][\w-]*)+")


# (after a backend's name, as restic writes a repository: `s3:https://host/bucket`, `rest:http://...`)
_URL_NO_PASSWORD = lazy_compile(r"(?:[a-z][a-z0-9]*:)?[a-z][a-z0-9+.-]*://(?:[^@\s:/]*@)?[^@\s]*")


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
# LiteLLM's `os.environ/NAME`; a marker naming the environment before or around the variable's
# name, as servers' config files read one: `{env}NAME`, `{env.NAME}`, `%env(NAME)%`):
# where the secret is, not the secret.
_INJECTED_REFERENCE = lazy_compile(
    r"vault:[\w.-]+(?:/[\w.-]+)+#[\w.-]+(?:#\d+)?"
    r"|(?:pull)?secret:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?/[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?(?:#[\w.-]+)?"
    r"|env:[A-Z_][A-Z0-9_]*"
    r"|\{env\}[A-Z_][A-Z0-9_]*|\{env\.[A-Za-z_]\w*\}|%env\((?:[a-z_]+:)*[A-Z_][A-Z0-9_]*\)%"
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
# (`secret/data/ci token | NPM_TOKEN ;`, as Vault's actions and plugins read a list of secrets;
# the path may start at the root, `/team/data/ci token`, and the output's name hold `-`, as a
# step's outputs may: `team_data_ci_api-key`).
_STORE_FIELDS = lazy_compile(
    r"(?:[ \t]*/?[\w.-]+(?:/[\w.-]+)+[ \t]+[\w.-]+(?:[ \t]*\|[ \t]*[A-Za-z_][\w-]*)?[ \t]*;?[ \t]*(?:\r?\n|$))+"
)


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


# Words and identifiers: `helm`, `in-cluster`, `us-east-1`, `my_project`, `Admin`. Each part is
# letters or digits, never a mix (`s3cr3t`, `p4ss` are not identifiers).
# (digits taken whole, as in _STORE_PATH)
# (or a numeronym standing for a word, as `k8s`, `i18n`, `a11y` do: one letter, a count, one letter)
_IDENTIFIER = lazy_compile(r"[A-Za-z]+(?:[-_.:/]+[A-Za-z]+|[-_.:/]*\d+(?!\d))*|[A-Za-z]\d{1,2}[A-Za-z]")


# Keys whose last word says the value is a digest, and a digest's shapes: hex, or the base64 of
# 16 to 64 bytes.
_DIGEST_WORDS = frozenset(("hash", "digest", "checksum", "sha", "fingerprint"))
_DIGEST_SHAPE = lazy_compile(r"[0-9a-fA-F]{32,128}|[A-Za-z0-9+/]{22,86}={0,2}")


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
