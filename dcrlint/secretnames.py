"""Names: whether a setting's or a variable's name says it holds a secret, a user name, or a
plain setting beside one (`DB_PASSWORD` does, `PASSWORD_MIN_LENGTH` and `token_ttl` do not)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache

from .lazyre import lazy_compile
from .valuepatterns import DEFAULT_SECRET_NAMES, SECRET_NAME_WORDS, _compile_any
from .valueshapes import _EMAIL, literal_name, written_name

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


# The name's last word says what it holds, in any spelling (AUTH_ROLE, passwordPattern,
# admin.passwordMtime, clientID): a setting about a secret, not the secret.
_NOT_SECRET_LAST_WORD = frozenset((
    "url", "uri", "file", "path", "dir", "host", "endpoint", "type", "mode", "method", "enabled",
    # A cloud's identifier of the secret's resource, as an id is (`SECRET_ARN`: an AWS ARN, `vault_ocid`).
    "arn", "arns", "ocid",
    "disabled", "enable", "header", "headers", "id", "ids", "name", "user", "username", "length", "ttl", "expiry",
    "expires", "expiration", "env", "var", "ref", "policy", "scope", "audience", "issuer", "names", "files", "envs",
    # (lists of them: `AUTH_SUPPORTED_SCOPES: openid profile email`)
    "policies", "scopes", "audiences", "issuers",
    "vars", "keys", "title", "summary", "label", "description", "prompt", "message", "format",
    # An image's or a release's tag (`PORTAL_AUTH_TAG`: the auth service's image), as a label is;
    # AES-GCM's authentication tag is public too.
    "tag", "tags",
    "version", "count", "role", "roles", "namespace", "pattern", "regex", "mtime", "time",
    "timestamp", "date", "created", "updated", "rotated", "rotation", "age", "size", "min", "max", "timeout",
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
    # A user's or group's number (`APP_PASSWD_UID=$(id -u app)`: the passwd database's entry), as id says.
    "uid", "gid", "uids", "gids",
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
    # A git branch (`SSO_AUTH_GIT_BRANCH: stable`: which branch of the auth plugin a build takes),
    # as tag and ref say.
    "branch", "branches",
    # Where a token is made and kept, as location says (Nomad's `token_locality: global`), and
    # how a request is routed to an auth service (a Traefik router's `...auth-web.rule: Host(...)`,
    # `...entrypoints: websecure`): a rule and an entry point name no credential.
    "locality", "rule", "rules", "entrypoint", "entrypoints",
    # Whom a token is issued to, as issuer and audience say who issues it and for what (a JWT's
    # `sub` claim: `AUTH_OIDC_SUB: system:serviceaccount:ns:app`, `TOKEN_SUBJECT`).
    "sub", "subs", "subject", "subjects",
    # What a password must be made of (`PASSWORD_COMPLEXITY: lower,upper,digit`), as length says
    # how long, and the rules it is checked against.
    "complexity", "strength", "requirements",
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
# Words saying a credential is kept as a one-way hash (`HASHED_PASSWORD`, `CRYPTED_PASSWORD`,
# `BCRYPT_PASSWORD`, as `PASSWORD_HASHED` says after it): it logs no one in. (Not `encrypted`:
# ciphertext is read back with a key.)
_HASHED = frozenset(("hashed", "crypted", "bcrypt", "bcrypted"))
# A count of secrets, not one: `NUM_TOKENS`, `maxKeys`, `total_passwords` (the word before
# the secret word says how many).
_COUNT_WORDS = frozenset(("num", "number", "max", "min", "total", "n"))
_COUNTED = frozenset(("token", "tokens", "key", "keys", "password", "passwords", "secret", "secrets",
                      "credential", "credentials"))
# Variables the shell itself keeps: their names only look like secrets (PWD is the folder).
_SHELL_STATE = frozenset(("PWD", "OLDPWD"))
# Commands whose names the secret-name pattern matches: a shell runs `$(pwd)` as a command
# substitution (and Azure leaves such a macro as written, make expands an unset variable to
# nothing); a secret variable named exactly so, in the shell's lower case, is the rarer reading.
SHELL_COMMAND_NAMES = frozenset(("pwd",))
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
    if len(words) > 1 and words[-2] in _HASHED and words[-1] in _CREDENTIAL_NOUNS:
        return False  # a one-way hash of it (`HASHED_PASSWORD`, `bcryptPassword`): what a server checks against
    if "for" in words[1:-1] and _compile_any((pattern,)).search("_".join(words[: words.index("for")])) is None:
        return False  # what the secrets are had through (`azureSubscriptionEndpointForSecrets`, `keyVaultForSecrets`)
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
        and not _file_attribute(words) and not _acts_on_secrets(words, pattern)


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
# `TLS_SECRET`, an image `PULL_SECRET`, a `DOCKER_REGISTRY_SECRET`: the registry's login), where a
# CI file, a pod's env or a ConfigMap names it; `JENKINS_SECRET`, `JWT_SECRET` are the credential itself.
_KEPT_CREDENTIALS = frozenset({"token", "tokens", "password", "passwords", "credential", "credentials", "tls",
                               "cert", "certificate", "pull", "registry"})


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


def names_a_kept_secret(place: Sequence[str], value: str) -> bool:
    """A value at `place` (its key path) naming a Secret or a key of one, not a credential: under a
    mapping of Secret names (`names_secret_under`), or anywhere below a key naming a Secret kept
    elsewhere (`existingSecret: {archive-creds: {s3secretkey: archive_s3_secret_key}}`,
    `backupExistingSecret`), shaped as a Secret's name or its data's key can be: which Secret and
    which of its keys to read."""
    if len(place) < 2:
        return False
    if names_secret_under(place[-2], value):
        return True
    return _DATA_KEY_CHARS.fullmatch(value.strip()) is not None and any(
        a == "existing" and b in ("secret", "secrets")
        for key in place[:-1] for a, b in itertools.pairwise(name_words(key)))


# The characters a Secret's name or data key may hold (Kubernetes: `[-._a-zA-Z0-9]+`).
_DATA_KEY_CHARS = lazy_compile(r"[-._a-zA-Z0-9]+")


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


_ACCESS_KEY_ID = lazy_compile(r"accesskey(?:id)?$")


def access_key_ids(names: Iterable[str]) -> frozenset[str]:
    """The names among `names` (the keys of one mapping, Secret or env list) holding the
    identifier half of an access-key pair: an access key (or its id) beside a secret key with
    the same words before them (`accesskey` and `secretkey`, MINIO_ACCESS_KEY and
    MINIO_SECRET_KEY, AWS's `accessKeyId` and `secretAccessKey`). S3's and its kin's access key
    is who signs (AWS's key id, MinIO's user), the secret key the secret. Alone, an access key
    may be a secret (a storage account's key): none then."""
    joined = {n: "".join(name_words(n)) for n in names}
    # (the pair shares the words before it: MINIO_ACCESS_KEY and MINIO_SECRET_KEY, not AZURE_...)
    pairs = {j[: j.index("secret")] for j in joined.values() if "secret" in j and j.endswith("key")}
    return frozenset(n for n, j in joined.items()
                     if "secret" not in j and (m := _ACCESS_KEY_ID.search(j)) and j[: m.start()] in pairs)


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
    "uuid", "guid", "uid", "gid", "kid", "address", "addr", "flow", "flows", "hostname", "fqdn", "status", "plugin",
    *_WHAT_OF_IT, *_BOUND_WORDS,
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


# Verbs that make a name a switch (`ENABLE_TOKEN_CHECK`, `skip_password_prompt`, Kubernetes'
# `automountServiceAccountToken`): on or off. (Not `require`: Redis's `REDIS_REQUIRE_PASS` is the password.)
_SWITCH_VERBS = frozenset(("enable", "disable", "skip", "automount"))
# Verbs done to a set of secrets (`backup_old_secrets`, `rotate_tokens`, `purge_stale_keys`): a
# name whose last word is a plural secret noun after one says what to do with them, a setting
# (a switch, a count); not the singular (`BACKUP_PASSWORD` is the backups' password).
_ACTION_VERBS = frozenset(("backup", "rotate", "purge", "prune", "delete", "remove", "cleanup", "clean", "sync",
                           "refresh", "renew", "regenerate", "expire", "revoke", "migrate"))
_PLURAL_SECRETS = frozenset(("secrets", "passwords", "tokens", "keys", "credentials", "creds"))


# ... unless the word right before the noun names the kind of secret with it: refresh tokens,
# backup keys and codes are secrets (`REFRESH_TOKENS`, `BACKUP_PASSWORDS`; R128).
_KIND_OF_SECRET = frozenset(("refresh", "backup"))


def _acts_on_secrets(words: tuple[str, ...], pattern: str) -> bool:
    """A verb done to secrets comes before the name's last word, a plural secret noun
    (`_ACTION_VERBS`), not as the kind of secret right before it (`_KIND_OF_SECRET`)."""
    return len(words) > 1 and words[-1] in _PLURAL_SECRETS and words[-2] not in _KIND_OF_SECRET \
        and _verb_before_secret(words, pattern, _ACTION_VERBS)


def _switches_a_secret(words: tuple[str, ...], pattern: str) -> bool:
    """A switch verb comes before the name's last secret word (`INPUTS_ENABLE_ZEEBE_TOKEN_CHECK`,
    `DISABLE_PASSWORD_AUTH`): the name turns something about the secret on or off, as a leading
    `enable` makes a key a setting (`setting_key`). (`TOKEN_TO_ENABLE_X` names the token.)"""
    return _verb_before_secret(words, pattern, _SWITCH_VERBS)


def _verb_before_secret(words: tuple[str, ...], pattern: str, verbs: frozenset[str]) -> bool:
    """One of `verbs` comes before the name's last secret word."""
    if not verbs.intersection(words):
        return False
    search = _compile_any((pattern,)).search
    start = next((k for k in range(len(words) - 1, -1, -1) if search("_".join(words[k:]))), 0)
    return any(w in verbs for w in words[:start])


# Verbs that ask whether a secret must be given (`requireToken`, `ENFORCE_PASSWORD_POLICY`), and
# the policy or level words such a setting is given (what happens when it is missing: `warning`,
# `ignore`, `enforce`; the on/off and `required`/`optional` words are flags whatever the name,
# valueshapes._FLAG). Not a switch verb alone: Redis's `REDIS_REQUIRE_PASS` holds the password.
_REQUIREMENT_VERBS = frozenset(("require", "requires", "required", "enforce", "enforced", "mandatory", "must"))
_POLICY_WORDS = frozenset((
    "warn", "warning", "warnings", "error", "errors", "ignore", "ignored", "info", "notice", "log", "fatal", "fail",
    "reject", "block", "enforce", "enforced", "enforcing", "permissive", "audit", "dryrun", "mandatory", "preferred",
    "recommended", "relaxed", "loose", "skip", "silent", "report",
))


def requirement_policy(name: str, value: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """A name asking whether a secret is required (a requirement verb before its last secret
    word, `requireToken`, `REQUIRE_API_KEY`) given a policy or level word (`warning`, `ignore`):
    what is done when the secret is missing, a setting. (Any other value under it, as Redis's
    `REDIS_REQUIRE_PASS: <password>`, is read as the name says.)"""
    return value.lower() in _POLICY_WORDS and _verb_before_secret(name_words(name), pattern, _REQUIREMENT_VERBS)


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


def header_setting(name: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """A name whose last word is header(s) and whose other words name a secret (AUTH_HEADERS,
    apiKeyHeader): a setting that may hold headers with their credentials."""
    if "header" not in name.lower():
        return False  # most names: told without splitting them into words
    words = name_words(unqualified(name) if "/" in name else name)
    return len(words) > 1 and words[-1] in _HEADER_WORDS and is_secret_name("_".join(words[:-1]), pattern)


def secret_named(name: str, value: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """The name says that this value is a secret (is_secret_name), the value read too: not a
    name for the stored credential or the Kubernetes Secret that keeps it, given an id or an
    object's name (`GIT_CREDENTIALS: deploy-key`, `TLS_SECRET: web-tls`, `IMAGE_PULL_SECRET:
    regcred`); under a name for a Secret, a value no object can be named is the credential;
    nor a requirement's policy (`requireToken: warning`)."""
    v = value.strip()
    if names_a_stored_credential(name, v) or names_kept_credential_secret(name, v) \
            or requirement_policy(name, v, pattern):
        return False
    if _CLUSTER_SECRET.search(unqualified(name)):
        return bool(v) and _K8S_NAMES.fullmatch(v) is None and _compile_any((pattern,)).search(name) is not None
    return is_secret_name(name, pattern)


def may_name_secret_setting(name: str, pattern: str = DEFAULT_SECRET_NAMES) -> bool:
    """is_secret_name, or a header setting that may (by its value) be one: for gates."""
    return is_secret_name(name, pattern) or header_setting(name, pattern)


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


# Keys that hold a setting kept beside secrets: their last word says what (type: helm,
# project: default, insecure: "true"); under them, a word or an identifier is that setting.
_SETTING_WORDS = _NOT_SECRET_LAST_WORD | frozenset((
    "project", "cluster", "server", "account", "tenant", "tenancy", "zone", "insecure", "verify",
    "tls", "environment", "stage", "profile", "owner", "repo", "repository", "branch", "channel",
    "queue", "topic", "team", "bucket", "database", "db", "schema", "table", "service", "app",
    "application", "component", "tier", "ocid", "arn", "uid", "guid", "sub", "subject", "sni",
))


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
