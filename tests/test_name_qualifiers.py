"""What a secret-worded name holds, read from the words after its secret word (fixtures written
here): a name whose last secret word is followed by a word saying what of it the name holds
(`SECRET_NAME_X`, `API_KEY_ID_X`, `PASSWORD_FILE_X`) holds that, as the same word last does;
who may use a credential and how (`*_USERS`, `*_ACCESS`, `*_CIPHER`), an identifier written as
one word (`CLIENTID`); a value restating the name's last words less a prefix is a stand-in;
`your-...` with hyphens is a placeholder. A word saying when it expires (`expires_at`), a rate or
a quota (`_RATELIMIT`, `_QUOTA`), the service a token is issued for (`_TOKEN_SERVICE`) or an image's
tag (`_AUTH_TAG`) is no secret; nor are where a token is made (`token_locality`), a router's rule,
when a credential expires, what a scan found. After a credential noun a glued last word says
whose it is (`PASSWORD_SUPERUSER`). A list of what of a secret (`OAUTH_SCOPES`,
`TOKEN_AUDIENCES`) is none. Near misses stay reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.notsecret import not_a_secret
from dcrlint.secretnames import is_secret_name
from dcrlint.standins import restates_name

RULES = frozenset({"DCR001", "DCR002", "DCR023", "DCR050", "DCR051"})
REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture
PW = "Hq5wRt8zLm2K"  # a made-up password

SILENT_NAMES = [
    "SECRET_NAME_DATABASE", "secretNameTenant", "API_KEY_ID_PROD", "PASSWORD_FILE_ADMIN",
    "TOKEN_URL_STAGING", "AUTHENTICATION_APIKEY_USERS", "NOTIFY_AUTH_DEFAULT_ACCESS", "TOKEN_PERMISSIONS",
    "APP_AUTH_OIDC_PROVIDERS_CLIENTID", "VOLUME_KEY_CIPHER", "ADMIN_PASSWORD_KDF",
]
SECRET_NAMES = [
    "DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "SECRET_KEY_BASE", "TOKEN_ID_SECRET", "AUTH_KEY",
    "ADMIN_PASSWORD_DEFAULT", "API_KEY_PROD", "registryPassword", "CIPHER_PASSPHRASE", "ACCESS_TOKEN",
    "CLIENT_SECRET", "SECRET_MONGO", "USERS_PASSWORD", "ACCESS_KEY_SECRET",
    # a word after the secret word saying which thing it is for, not what of it (guard R3)
    "PASSWORD_DB_ORDERS", "passwordDbOrders", "SECRET_DATABASE_MAIN", "PASSWORD_USER_ADMIN", "TOKEN_ORG_ACME",
    "TOKEN_GROUP_PLATFORM", "API_KEY_SERVER_EU", "PASSWORD_REGISTRY_MIRROR", "TOKEN_PROJECT_WEB",
    "PASSWORD_EMAIL_NOREPLY", "DB_PASSWORD_SYSTEM_PROD",
]


@pytest.mark.parametrize("name", SILENT_NAMES)
def test_a_name_qualified_after_its_secret_word_holds_no_secret(name: str) -> None:
    assert not is_secret_name(name)


@pytest.mark.parametrize("name", SECRET_NAMES)
def test_names_of_the_credential_itself_stay_secret_names(name: str) -> None:
    assert is_secret_name(name)


def test_a_configured_pattern_is_read_the_same_way() -> None:
    pattern = r"(?i:vaultish)"
    assert is_secret_name("APP_VAULTISH", pattern)
    assert not is_secret_name("APP_VAULTISH_NAME_PROD", pattern)


def test_a_value_restating_the_names_last_words() -> None:
    assert restates_name("acme_storage_access_key", "storage_access_key")
    assert restates_name("ACME_OBJECT_STORE_PASSWORD", "object-store-password")
    assert not restates_name("DB_PASSWORD", "password-7Hq")  # one word is no restatement
    assert not restates_name("ACME_STORAGE_ACCESS_KEY", "Zq8vL2mN4pR7tX1w")
    # words run together may be a password made of them, as weak ones are
    assert not restates_name("APP_CHAT_PASSWORD", "chatpassword")
    assert not restates_name("failover_password_a", "passworda")


@pytest.mark.parametrize(("name", "value", "restated"), [
    # the name's own words in order, a few plain words more, a secret's word last (held-out B3)
    ("CACHE_PASSWORD", "cache-writer-password", True), ("QUEUE_PASS", "queue_secret", True),
    ("ledgerDbPassword", "ledger.db.admin.password", True),
    # not the name's words: a password someone may have chosen; a digit; too many words more
    ("MAILER_PASSWORD", "garden-password", False), ("QUEUE_PASS", "secret_queue_rabbit", False),
    ("CACHE_PASSWORD", "cache-q7-password", False), ("CACHE_PASSWORD", "cache-red-blue-green-password", False),
])
def test_a_value_describing_its_setting(name: str, value: str, restated: bool) -> None:
    assert restates_name(name, value) is restated


def test_an_env_file_value_describing_its_setting(tmp_path: Path) -> None:
    from conftest import brief, engine_scan

    env = "CACHE_PASSWORD=cache-writer-password\nQUEUE_PASS=queue_secret\nMAILER_PASSWORD=garden-password\n"
    results, _ = engine_scan(tmp_path, {"svc/.env": env}, dedent=False, rules=frozenset({"DCR023"}))
    assert brief(results) == [("svc/.env", 3, 17, "DCR023")]


@pytest.mark.parametrize("value", ["your-key-here", "your-api-token", "YOUR-REGISTRY-PASSWORD"])
def test_your_with_hyphens_is_a_placeholder(value: str) -> None:
    assert not_a_secret(value) is not None


@pytest.mark.parametrize("value", ["yourself-Tr9vX9kLm2Wx", "yours-Tr9-vX9kLm2Wx", "Yourname-7hq-lantern"])
def test_a_secret_beginning_with_your_is_no_placeholder(value: str) -> None:
    assert not_a_secret(value) is None


def test_manifests_and_values_through_the_scan(lint) -> None:  # type: ignore[no-untyped-def]
    lint.write("deploy.yaml", """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: api
          image: nginx
          env:
            - name: APP_AUTH_OIDC_CLIENTID
              value: api-portal
            - name: SEARCH_APIKEY_USERS
              value: reader,writer
            - name: NOTIFY_AUTH_DEFAULT_ACCESS
              value: deny-all
            - name: NGC_API_KEY
              value: your-key-here
            - name: SEARCH_API_KEY
              value: Hq4-lantern-57-Rvw9
            - name: OIDC_CLIENT_SECRET
              value: Zq8vL2mN4pR7tX1w
""")
    lint.write("chart/values.yaml", """\
acme_storage_accesskey: "storage_accesskey"
acme_storage_secretkey: "storage_secretkey"
db:
  password: Kx7-harbor-22-Qpz
""")
    lint.write("secret.yaml", """\
apiVersion: v1
kind: Secret
metadata: {name: volume-crypto}
stringData:
  CRYPTO_KEY_VALUE: "Pv3-meadow-81-Lqt"
  CRYPTO_KEY_CIPHER: "aes-xts-plain64"
""")
    run = lint("--format", "json", ".")
    assert sorted(run.table("path", "line", "column", rules=("DCR023",))) == [
        ("chart/values.yaml", 4, 13), ("deploy.yaml", 20, 22), ("deploy.yaml", 22, 22), ("secret.yaml", 5, 22)]


def test_a_time_a_credential_expires_at_is_no_secret() -> None:
    from dcrlint.secretnames import is_secret_name

    assert not is_secret_name("tokenResponse_expires_at")
    assert not is_secret_name("secretResult_CreatedOn")
    assert is_secret_name("token_at")  # (no word saying when before it)
    assert is_secret_name("access_token")


BOUNDS = """\
LOGIN_RATELIMIT=5/hour
SESSION_AUTH_RATE=3/second
UPLOAD_TOKEN_QUOTA=2500
SIGNUP_AUTH_RATELIMIT_PER_HOST=40/day
SIGNUP_API_TOKEN=qT7vN2xLp9Rw4Zk8
"""


def test_a_rate_or_a_quota_of_a_secret_is_a_bound(tmp_path: Path) -> None:
    """A name whose word after the secret word is a rate, a rate limit or a quota holds how often
    or how much the credential may be used (`5/hour`), as a limit or a threshold does; the token
    beside them stays reported."""
    results, notes = engine_scan(tmp_path, {"deploy/app.env": BOUNDS}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/app.env", 5, 18, "DCR023")]
    assert notes == []


TOKEN_SERVICE = """\
services:
  store:
    image: distribution/registry:2
    environment:
      - STORE_AUTH_TOKEN_SERVICE=image_store
      - STORE_AUTH_TOKEN_ISSUER=forge-issuer
      - STORE_HTTP_SECRET=Vb8mQ2rT6yLw3Kz9
"""


def test_the_service_a_token_is_for_is_a_name(tmp_path: Path) -> None:
    """A registry's token auth names the service its tokens are issued for (`..._TOKEN_SERVICE`),
    as its issuer and realm: a party, not a credential. The HTTP secret beside it stays reported."""
    results, notes = engine_scan(tmp_path, {"compose.yaml": TOKEN_SERVICE}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("compose.yaml", 7, 27, "DCR023")]
    assert notes == []


TAGS = """\
#!/bin/bash
echo "INFO: GATEWAY_AUTH_TAG=${GATEWAY_AUTH_TAG}"
echo "INFO: RELEASE_TOKEN_TAGS=${RELEASE_TOKEN_TAGS}"
echo "INFO: GATEWAY_AUTH_TOKEN=${GATEWAY_AUTH_TOKEN}"
"""


def test_a_tag_is_no_secret(tmp_path: Path) -> None:
    """A name whose last word is `tag` holds an image's or a release's tag (the auth service's
    image), as a label is; the token beside it stays reported."""
    results, notes = engine_scan(tmp_path, {"run-tests.sh": TAGS}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("run-tests.sh", 4, 1, "DCR003")]
    assert notes == []


def test_a_glued_last_word_after_the_secret_word_is_whose(tmp_path: Path) -> None:
    """The glued reading (`ssh_private_keyfile`: key + file) holds only where the glued head
    completes the secret word; after a credential noun the last word says whose or which the
    credential is (`super`+`user`, `web`+`server`, `prod`+`db`: guard R7), a secret name."""
    names = ["POSTGRES_PASSWORD_SUPERUSER", "API_TOKEN_WEBSERVER", "REGISTRY_PASSWORD_PRODDB", "ADMIN_PASSWORD_NEWUSER"]
    text = "".join(f"{n}={REAL}\n" for n in names) + "SSH_PRIVATE_KEYFILE=deploy.key\nDB_PASSWORDFILE=pw.txt\n"
    results, notes = engine_scan(tmp_path, {"deploy/.env": text}, rules=RULES)
    assert brief(results) == [("deploy/.env", i + 1, len(n) + 2, "DCR023") for i, n in enumerate(names)]
    assert notes == []


@pytest.mark.parametrize(("name", "secret"), [
    ("SESSION_TOKEN_EXPIRATION", False), ("tokenExpiration", False), ("PASSWORD_EXPIRE", True),
    ("SECRET_ALERTS", False), ("leaked_token_findings", False), ("ALERT_TOKEN", True),
    ("alertmanager_password", True),
    # a Kubernetes Secret named in a setting: the object's name
    ("TS_KUBE_SECRET", False), ("APP_K8S_SECRET", False), ("kubeSecret", False), ("KUBE_SECRET_KEY", True),
    ("KUBE_TOKEN", True),
    # the attributes a directory keeps a password in, as a field
    ("mail_dovecot_pass_attrs", False), ("ldap_password_attribute", False), ("PASSWORD_ATTRS_ADMIN", False),
    ("attr_password", True),
    # the level a token is issued at
    ("ENTERPRISE_TOKEN_TIER", False), ("license_token_tier", False), ("TIER_TOKEN", True),
])
def test_when_a_credential_expires_and_what_a_scan_found_are_no_secrets(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


def test_settings_named_for_where_and_how(tmp_path: Path) -> None:
    main = f"""\
        resource "nomad_acl_auth_method" "sso" {{
          name           = "sso"
          token_locality = "global"
          client_secret  = "{PW}"
        }}
        """
    values = f"""\
        app:
          podLabels:
            traefik.http.routers.app-auth-web.entrypoints: websecure
            traefik.http.routers.app-auth-web.rule: Host(`auth.example.org`)
          auth:
            password_rule: lower-upper-digit
            password: "{PW}"
        """
    results, _ = engine_scan(tmp_path, {"infra/main.tf": main, "deploy/app-values.yaml": values},
                             rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/app-values.yaml", 7, 16, "DCR023"), ("infra/main.tf", 4, 21, "DCR023")]


@pytest.mark.parametrize(("name", "secret"), [
    ("AUTH_SUPPORTED_SCOPES", False), ("OAUTH_SCOPES", False), ("TOKEN_AUDIENCES", False), ("PASSWORD_POLICIES", False),
    ("AUTH_TOKEN", True), ("OAUTH_CLIENT_SECRET", True), ("SCOPES_TOKEN", True),
])
def test_a_list_of_what_of_a_secret_is_no_secret(name: str, secret: bool) -> None:
    # (a chart's env `AUTH_SUPPORTED_SCOPES: openid profile email ...` was a literal secret)
    assert is_secret_name(name) is secret


@pytest.mark.parametrize(("name", "secret"), [
    ("azureSubscriptionEndpointForSecrets", False), ("keyVaultForSecrets", False), ("KEY_VAULT_FOR_SECRETS", False),
    ("serviceConnectionForToken", False),
    # the words before `for` name the credential: it is one, for that
    ("TOKEN_FOR_CI", True), ("apiKeyForSecrets", True), ("SECRET_FOR_UPLOADS", True), ("platformToken", True),
])
def test_a_thing_named_for_secrets_is_that_thing(name: str, secret: bool) -> None:
    """`<thing> for <secret>`: the words before `for` say what the setting holds (an endpoint,
    a vault, a connection the secrets are had through); a secret word among them keeps it one."""
    assert is_secret_name(name) is secret


def test_a_pipeline_task_input_naming_the_connection_for_secrets(tmp_path: Path) -> None:
    """An Azure Pipelines task input naming the service connection its registry secret is made
    through (`azureSubscriptionEndpointForSecrets`) holds that connection's name."""
    pipeline = f"""\
steps:
- task: Kubernetes@1
  inputs:
    connectionType: Azure Resource Manager
    azureSubscriptionEndpointForSecrets: 'Team Sub (00000000-1111-2222-3333-444444444444)'
    secretType: dockerRegistry
- task: Example@1
  inputs:
    tokenForUploads: '{REAL}'
"""
    results, notes = engine_scan(tmp_path, {"azure-pipelines.yml": pipeline}, rules=frozenset({"DCR010"}))
    assert brief(results) == [("azure-pipelines.yml", 9, 23, "DCR010")]
    assert notes == []


def test_a_hashed_credential_and_a_branch_are_named_so(tmp_path: Path) -> None:
    """A name saying its value is a one-way hash of the credential, before the secret word as
    after it (`HASHED_PASSWORD`, `CRYPTED_PASSWORD`, `bcryptPassword`), holds what a server checks
    a password against, which logs no one in; a name whose last word is `branch` holds a git
    branch whatever secret word says whose (`PLUGIN_AUTH_GIT_BRANCH: stable`), as `_TAG` does.
    An encrypted password (read back with a key), a printed password, and a branch-named secret
    word before another secret word stay secret names."""
    script = """\
#!/bin/bash
HASHED_PASSWORD=$(mkpasswd -m bcrypt "$(head -c 12 /dev/urandom | base64)")
echo "hash kept: ${HASHED_PASSWORD}"
CRYPTED_PASSWORD="$(openssl passwd -6 -stdin <<< "$NEW_PASSWORD")"
echo "shadow entry: ${CRYPTED_PASSWORD}"
echo "encrypted: ${ENCRYPTED_PASSWORD}"
echo "new one: ${NEW_PASSWORD}"
"""
    compose = f"""\
services:
  gateway:
    build:
      context: gateway
      args:
        PLUGIN_AUTH_GIT_BRANCH: stable
        PLUGIN_AUTH_GIT_TAG: v3.0.1
        BRANCH_TOKEN: {REAL}
    image: example/gateway:dev
"""
    results, notes = engine_scan(tmp_path, {"tools/rotate.sh": script, "compose.yaml": compose},
                                 rules=frozenset({"DCR003", "DCR023"}))
    assert brief(results) == [("compose.yaml", 8, 23, "DCR023"), ("tools/rotate.sh", 6, 1, "DCR003"),
                              ("tools/rotate.sh", 7, 1, "DCR003")]
    assert notes == []
