"""Infrastructure code read as a reviewer reads it (session 14): fixtures written here, each
principle beside a real secret or leak that stays reported at its exact place."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

DIGESTS = """\
#!/bin/bash
basic_auth() {
  local -r user="$1" password="$2"
  echo "${user}:$(openssl passwd -apr1 "${password}")"
}
echo "fingerprint: $(printf %s "$API_TOKEN" | sha256sum | cut -c1-12)"
echo "entry: $(htpasswd -nbB bot "$BOT_PASSWORD")"
echo "hash: $(mkpasswd -m sha-512 "$ROOT_PASSWORD")"
echo "sum: $(md5sum <<<"$API_TOKEN")"
echo "b64: $(printf %s "$API_TOKEN" | base64)"
echo "x: $(sha256sum <<<"$API_TOKEN" | sed "s/^/$API_TOKEN /")"
echo "y: $(htpasswd -b -c f bot "$BOT_PASSWORD"; cat <<<"$BOT_PASSWORD")"
echo "z: $(openssl enc -base64 <<<"$API_TOKEN")"
"""


def test_a_digest_of_a_secret_prints_no_secret(tmp_path: Path) -> None:
    """A command substitution with a stage printing a one-way digest of what it reads or of its
    operands (`openssl passwd`, `htpasswd -n`, `mkpasswd`, `sha256sum`, `md5sum`), and stages after
    it that read only its output (`| cut -c1-12`), shows a hash: no secret. An encoding (`base64`,
    `openssl enc`), a later stage adding the secret back, and a hasher writing to a file beside a
    print of the secret still print it."""
    results, notes = engine_scan(tmp_path, {"setup.sh": DIGESTS}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("setup.sh", 10, 1, "DCR003"), ("setup.sh", 11, 1, "DCR003"),
                              ("setup.sh", 12, 1, "DCR003"), ("setup.sh", 13, 1, "DCR003")]
    assert notes == []


PRINT_PASSWORD = '#!/bin/sh\necho "${ANSIBLE_VAULT_PASSWORD}"\n'


@pytest.mark.parametrize("path", [
    "tools/lib/ansible_vault_env_pass_file.sh", "vault_pass.sh", "bin/vault-password-client.sh",
    "scripts/.vaultpass.sh", "ci/get-vault-pass.sh",
])
def test_a_vault_password_client_prints_to_ansible(tmp_path: Path, path: str) -> None:
    """Ansible runs a `--vault-password-file` that is executable and reads the password from
    its stdout; such scripts are named for it, as askpass programs and credential helpers are:
    what they print goes to the program running them, not to a log."""
    results, notes = engine_scan(tmp_path, {path: PRINT_PASSWORD}, rules=frozenset({"DCR003"}))
    assert results == [] and notes == []


@pytest.mark.parametrize("path", ["vault-bypass.sh", "roles/vault/files/pass.sh", "deploy/print-vault.sh",
                                  "vault/passwd.sh"])
def test_other_scripts_printing_a_vault_password_leak(tmp_path: Path, path: str) -> None:
    results, notes = engine_scan(tmp_path, {path: PRINT_PASSWORD}, rules=frozenset({"DCR003"}))
    assert brief(results) == [(path, 2, 1, "DCR003")]
    assert notes == []


REDACTED = """\
config:
  MSG_TOKEN: "c0021d50-xxxx-xxxx-xxxx-143cc467305c"
  HOOK_TOKEN: "c0021d50-4f2a-9b1e-a3c7-143cc467305c"
  API_KEY: "AKIAQ2****.X7Lm"
  WEBHOOK_SECRET: "Kq7Lm2-xxx-Zt9"
  DB_PASSWORD: "Hq4zT9xxxxLm"
  SIGNING_KEY: "sk_live_XXXX_XXXX"
"""


def test_a_value_with_parts_written_over_is_a_stand_in(tmp_path: Path) -> None:
    """A value whose separated parts include one written over with filler (`xxxx`, `XXXX`,
    `****`), as docs show a token keeping its ends, is not the token. A value with no such part
    (filler glued into a part, three x's, a masked part that keeps other characters) stays one."""
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": REDACTED}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(3, 16), (4, 13), (5, 20), (6, 17)]
    assert notes == []


CONSTRAINTS = """\
runners:
  secret: "nonempty"
  token: non-empty
  password: anything
  apiKey: arbitrary
  signingKey: any
  clientSecret: nonempty-Zq81x
  webhookSecret: anyway
  adminPassword: Anything1
"""


def test_a_value_stating_a_constraint_is_a_stand_in(tmp_path: Path) -> None:
    """A chart default that says what the value must be (`nonempty`: the template renders only
    when it is set; `any`, `anything`, `arbitrary`: whatever is written works) holds no secret.
    A value only containing such a word, or another word, stays reported."""
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": CONSTRAINTS}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(7, 17), (8, 18), (9, 18)]
    assert notes == []


@pytest.mark.parametrize(("value", "stand_in"), [
    ("ChangeThisValueToSomeSecret", True), ("ReplaceWithYourToken", True), ("AnyLongAndHardToGuessString", True),
    ("any-random-string", True), ("ANY_RANDOM_STRING", True), ("abcxyz", True), ("abcqrsxyz", True),
    ("ChangeDirection", False), ("Changeling", False), ("Anyone", False), ("AnyQ7x", False), ("abcxy", False),
    ("abcxyz1", False), ("abcdxz", False),
])
def test_instructions_and_alphabet_runs(value: str, stand_in: bool) -> None:
    """An edit instruction or a phrase saying any value will do, in PascalCase words as in
    other spellings; lower-case runs of the alphabet, three letters or more each (`abcxyz`)."""
    from dcrlint.notsecret import not_a_secret

    assert (not_a_secret(value) is not None) is stand_in


EXAMPLE_ENV = """\
TUNNEL_TOKEN=abcxyz
APP_SECRET=abcdefxyz
STATIC_CRON_TOKEN=ChangeThisValueToSomeSecret
SECRET=AnyLongAndHardToGuessString
DB_USERNAME=firefly
DB_PASSWORD=secret_firefly_password
MAIL_PASSWORD=mail-password
HOOK_TOKEN=abcxy
API_TOKEN=ChangeDirection
JWT_SECRET=Anyone
SMTP_PASSWORD=Kq7_password_Lm2
REDIS_PASSWORD=abcxyz1
"""


@pytest.mark.parametrize("path", ["cloudflared/.env.dist", "app/.env.example"])
def test_an_example_env_file_describing_its_secrets(tmp_path: Path, path: str) -> None:
    """An example env file's stand-ins: runs of the alphabet (`abcxyz`), an edit instruction or a
    phrase saying any value will do in PascalCase words, lower-case words that name the secret
    as a key does (`secret_firefly_password`). Near misses stay reported: two letters of a run,
    PascalCase words that instruct nothing, a random part among the words, a digit after a run."""
    results, notes = engine_scan(tmp_path, {path: EXAMPLE_ENV}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(8, 12), (9, 11), (10, 12), (11, 15),
                                                                  (12, 16)]
    assert notes == []


def test_words_naming_a_secret_are_a_password_outside_an_example(tmp_path: Path) -> None:
    """Outside an example to copy, lower-case words may be the password someone chose."""
    results, _ = engine_scan(tmp_path, {"app/.env": "DB_PASSWORD=secret_firefly_password\n"},
                             rules=frozenset({"DCR023"}))
    assert brief(results) == [("app/.env", 1, 13, "DCR023")]


CHART_FILL = """\
# dummy values so that `helm lint` passes; CI sets each one with --set
registry:
  username: test
  password: test
env:
  CI_TOKEN: test
  API_KEY_PASSPHRASE: test
"""

CHART_NOT_FILL = """\
registry:
  username: deploy
  password: test
db:
  username: admin
  password: admin
"""


def test_a_chart_filled_with_a_test_word(tmp_path: Path) -> None:
    """A chart's defaults that give a credential the same filler word (`test`, `demo`) as the user
    name beside it are a fill to be set at install: that pair and every credential given the word.
    A `test` password under another user name, and the same fill in Compose given to another
    service than the user's (a service may really use it) stay reported, and so does a stock
    `admin`/`admin` pair: `admin` is no filler word but a weak password a deployment may keep."""
    results, notes = engine_scan(tmp_path, {"charts/app/values.yaml": CHART_FILL,
                                            "charts/db/values.yaml": CHART_NOT_FILL,
                                            "compose.yaml": "services:\n  db:\n    environment:\n"
                                                            "      DB_USER: test\n  app:\n    environment:\n"
                                                            "      DB_PASSWORD: test\n"},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("charts/db/values.yaml", 3, 13, "DCR023"), ("charts/db/values.yaml", 6, 13, "DCR023"),
                              ("compose.yaml", 7, 20, "DCR023")]
    assert notes == []


EMBEDDED = """\
configs:
  cm:
    dex.config: |
      connectors:
        - type: oidc
          id: sso
          config:
            issuer: https://sso.example.org
            clientID: argocd
            clientSecret: 5f8e2c1a9b7d4e6f0a3c8b2d1e9f7a6c5b4d3e2f
            clientSecretEnv: $DEX_SECRET
    oidc.config: |
      name: Okta
      clientSecret: $oidc.okta.clientSecret
      cliClientSecret: <client-secret>
  params:
    script.yaml: |
      #!/bin/sh
      echo "password: $TOKEN"
    startup: |
      password: Zq81xLm4Tr9Kp2Wv
    config: |
      password: {{ .Values.password }}
app:
  config.yaml: |
    db: {user: app, password: "Pv3-meadow-81-Lqt"}
"""


def test_a_yaml_configuration_in_a_values_block_is_read(tmp_path: Path) -> None:
    """A literal block under a key whose last word says it is a configuration (`dex.config`,
    `config.yaml`) is a YAML file the chart writes out: its secret-named keys are read as the
    values' own, at their lines inside the block (also a flow mapping there). A block that is a
    script, one under another key, a reference (`$oidc...`), a stand-in or a template stay silent."""
    results, notes = engine_scan(tmp_path, {"deploy/argocd/values.yaml": EMBEDDED}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(10, 27), (26, 32)]
    assert [r.message.split(" is ")[0] for r in results] == [
        "Helm values: configs.cm.dex.config: connectors.0.config.clientSecret",
        "Helm values: app.config.yaml: db.password"]
    assert notes == []


SHARED_ENV = """\
x-common: &common
  image: minio/minio
  environment:
    - MINIO_ROOT_USER=admin
    - MINIO_ROOT_PASSWORD=Pv3-meadow-81-Lqt
services:
  one:
    <<: *common
  two:
    <<: *common
  three:
    <<: *common
    environment:
      - MINIO_ROOT_PASSWORD=Kq7-lantern-22-Zpx
"""


def test_an_environment_list_shared_by_an_anchor_is_one_place(tmp_path: Path) -> None:
    """A Compose `environment` list written once under an `x-` extension and merged into several
    services (`<<: *common`) is one place: reported once, as written there. A service's own list
    beside the merge is another place."""
    results, notes = engine_scan(tmp_path, {"compose.yaml": SHARED_ENV}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("compose.yaml", 5, 27, "DCR023"), ("compose.yaml", 14, 29, "DCR023")]
    assert [r.message.split(":")[0] for r in results] == ["Compose file", "Compose service three"]
    assert notes == []


JQ_IDS = """\
#!/bin/bash
ACCESS_KEY="$(echo "$KEY_RESPONSE" | jq -r '.accessKeyId')"
SECRET_KEY="$(echo "$KEY_RESPONSE" | jq -r '.secretAccessKey')"
TOKEN_ID=$(jq -r .id <<<"$R")
API_TOKEN=$(jq -r '.idToken' <<<"$R")
OTHER_TOKEN=$(jq -r '.id_token' <<<"$R")
echo "ok: created key ${ACCESS_KEY}" >&2
echo "secret ${SECRET_KEY}" >&2
echo "id ${TOKEN_ID}"
echo "tok ${API_TOKEN}"
echo "tok ${OTHER_TOKEN}"
"""


def test_a_value_read_from_an_identifier_key_is_an_id(tmp_path: Path) -> None:
    """A variable whose value jq reads from a key naming an identifier (`.accessKeyId`, `.id`)
    holds which key a response is about (an access key's public half), not its secret. Keys
    that hold the secret (`.secretAccessKey`, `.idToken`, `.id_token`) stay reported."""
    results, notes = engine_scan(tmp_path, {"ci/roundtrip.sh": JQ_IDS}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("ci/roundtrip.sh", 8, 1, "DCR003"), ("ci/roundtrip.sh", 10, 1, "DCR003"),
                              ("ci/roundtrip.sh", 11, 1, "DCR003")]
    assert notes == []


@pytest.mark.parametrize(("value", "stand_in"), [
    ("someslacksecret", True), ("mysuperpassword", False), ("mysql_strong_password", False), ("MySuperPassword", True),
    ("somepassphrase", True), ("some_slack_secret", True),
    ("mySuperSecureAdminPW", True), ("my-super-secret-auth-token", False), ("my-little-secret", False),
    ("my-Pv3x-token", False), ("mycompass", False),
    ("somemonkey", False), ("Mykonoskey", False), ("someslacksecretQ7", False), ("somepas", False),
])
def test_whose_then_what_for_then_a_secret_word(value: str, stand_in: bool) -> None:
    """`some`, what the secret is for, then the secret's word, run together, says what goes there
    (`someslacksecret`), as `somesecret` did; so do such camelCase words after `my` (`mySuperSecurePW`),
    as PascalCase ones (`MyAccessToken`) did. Not a word ending in `key` (`monkey`), nor `my` glued to
    a word in lower case (`mysql_strong_password`) or words apart (`my-little-secret`): both may be a
    passphrase."""
    from dcrlint.notsecret import not_a_secret

    assert (not_a_secret(value) is not None) is stand_in


RELEASE = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: proxy
spec:
  values:
    proxy_config:
      mcp_servers:
        github:
          auth_type: bearer_token
          authentication_token: os.environ/GITHUB_MCP_PAT
        other:
          authentication_token: os.environ/
        third:
          authentication_token: Zq81xLm4Tr9Kp2Wv
"""

CONFIG_MAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: app
data:
  AUTH_SITE: "tracker"
  SITE_PASSWORD: "Zq81xLm4Tr9Kp2Wv"
  RPC_SECRET: cafecafecafecafecafecafecafecafecafecafecafeca
  HMAC_SECRET: deadbeefdeadbeefdeadbeef
  SHARED_SECRET: cafecafecafe9
  DB_URL: postgresql://app:test-password@postgres:5432/app
  CACHE_URL: redis://app:test-Pv3x@cache:6379/0
"""


def test_references_sites_filler_and_test_passwords(tmp_path: Path) -> None:
    """A value naming an environment variable to read (LiteLLM's `os.environ/NAME`, as `env:NAME`)
    is a reference; a key whose last word is the site one signs in to (`AUTH_SITE`) holds that
    site; a short unit repeated three times or more, the last maybe cut short (`cafecafe...ca`,
    `deadbeef` x3), is filler; a URL password saying it is a test's (`test-password`) is a
    stand-in, as it already was elsewhere. Near misses stay reported at their places."""
    results, notes = engine_scan(tmp_path, {"apps/proxy/release.yaml": RELEASE, "apps/app/cm.yaml": CONFIG_MAP},
                                 rules=frozenset({"DCR023", "DCR050"}))
    assert brief(results) == [("apps/app/cm.yaml", 7, 19, "DCR023"), ("apps/app/cm.yaml", 10, 18, "DCR023"),
                              ("apps/app/cm.yaml", 12, 26, "DCR050"),
                              ("apps/proxy/release.yaml", 13, 33, "DCR023"),
                              ("apps/proxy/release.yaml", 15, 33, "DCR023")]
    assert notes == []


LISTS_AND_MARKERS = """\
homarr:
  authProviders: credentials
  AUTH_PROVIDERS: oidc,ldap
  PASSWORD_SITES: Zq81xLm4Tr9Kp2Wv
  authTokens: Kq7Lm2Zt9Pv3Wx8R
redis:
  url: redis://:__REDIS_PASSWORD__@redis-client:6379/0
  other: redis://:__redis_password__@redis-client:6379/0
"""


def test_a_list_of_settings_and_a_replaced_marker(tmp_path: Path) -> None:
    """A name whose last word is the plural of a setting word (`authProviders`, `AUTH_PROVIDERS`)
    holds a list of those settings; a name in capitals between double underscores
    (`__REDIS_PASSWORD__`) is a marker a start script replaces. A plural credential (`authTokens`),
    a credential for sites, and a marker in lower case stay reported."""
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": LISTS_AND_MARKERS},
                                 rules=frozenset({"DCR023", "DCR050"}))
    assert brief(results) == [("chart/values.yaml", 4, 19, "DCR023"), ("chart/values.yaml", 5, 15, "DCR023"),
                              ("chart/values.yaml", 8, 19, "DCR050")]
    assert notes == []


VAULTED_PAIR = """\
secrets:
  - name: etcd-s3-secret
    stringData:
      etcd-s3-access-key: GK0fec79b11516a8112dc2be4f
      etcd-s3-secret-key: !vault |
          $ANSIBLE_VAULT;1.1;AES256
          38353633383439373236323338363837376566663061333535
  - name: other
    stringData:
      storage-access-key: Kq7Lm2Zt9Pv3Wx8RQ4nB
"""


def test_an_access_key_beside_a_vaulted_secret_key_is_its_id(tmp_path: Path) -> None:
    """An access key beside a secret key is the pair's id (who signs), also when the secret key
    is vault-encrypted: the ciphertext is no literal, but it is the secret key beside it. An
    access key with no secret key beside it may be the secret, and stays reported."""
    results, notes = engine_scan(tmp_path, {"group_vars/prod.yml": VAULTED_PAIR}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("group_vars/prod.yml", 10, 27, "DCR023")]
    assert notes == []


NOMAD_JOB = """\
job "stack" {
  group "db" {
    task "mariadb" {
      driver = "docker"
      config {
        image = "bitnami/mariadb"
      }
      env {
        MARIADB_USER          = "bn_app"
        MARIADB_PASSWORD      = "Pv3-meadow-81-Lqt"
        MARIADB_ROOT_PASSWORD = "${var.root_password}"
        APP_TOKEN             = "changeme"
        TZ                    = "Europe/Paris"
      }
      template {
        data        = "DB_PASSWORD={{ with nomadVar \\"nomad/jobs/stack\\" }}{{ .db }}{{ end }}"
        destination = "secrets/db.env"
        env         = true
      }
    }
  }
}
"""


def test_a_nomad_task_env_block_is_read(tmp_path: Path) -> None:
    """A Nomad task's `env` block is the task's environment, as a pod's container `env` is: a
    secret-named literal there is written in the job file (missed). References, stand-ins, other
    names and the `template` reading Nomad Variables stay silent."""
    results, notes = engine_scan(tmp_path, {"jobs/stack.nomad.hcl": NOMAD_JOB}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("jobs/stack.nomad.hcl", 10, 34, "DCR023")]
    assert results[0].message.startswith("Nomad task mariadb env: MARIADB_PASSWORD is a literal secret")
    assert notes == []


def test_an_install_override_values_file_is_told_apart_from_chart_defaults(tmp_path: Path) -> None:
    """A values file with a Chart.yaml beside it is the chart's defaults (every installation not
    overriding gets the value); one with none is an install's override (`helm install -f`): its
    value is what is deployed, and the message says that instead (held-out s14, 3)."""
    values = "auth:\n  adminPassword: Pv3-meadow-81-Lqt\n"
    results, notes = engine_scan(tmp_path, {"charts/app/Chart.yaml": "name: app\nversion: 0.1.0\n",
                                            "charts/app/values.yaml": values, "deploy/app/values.yaml": values},
                                 rules=frozenset({"DCR023"}))
    assert [(r.path, r.start.line, r.start.column) for r in results] == [
        ("charts/app/values.yaml", 2, 18), ("deploy/app/values.yaml", 2, 18)]
    assert "every installation that does not override it" in results[0].message
    assert "what the release is installed with (no Chart.yaml beside it)" in results[1].message
    assert notes == []


ROLE_DEFAULTS = """\
graylog_password_secret: "Kq7Lm2Zt9Pv3Wx8RQ4nBhT6yUe1oPa5s"
graylog_root_password: "{{ vault_graylog_root_password }}"
graylog_ldap_password: "password"
"""


@pytest.mark.parametrize(("path", "found"), [
    ("defaults/main.yml", True), ("vars/main.yaml", True), ("ansible-role-x/defaults/main.yml", True),
    ("defaults/other.yml", False), ("config/main.yml", False),
])
def test_a_role_kept_as_its_own_repository(tmp_path: Path, path: str, found: bool) -> None:
    """A role published as its own repository has `defaults/main.yml`, `vars/main.yml`,
    `tasks/main.yml` at its root, with no `roles/` folder above: read as the role's variables (a
    literal secret there was missed). Another file in such a folder, or `main.yml` in another
    folder, is no role's part by its path."""
    results, notes = engine_scan(tmp_path, {path: ROLE_DEFAULTS}, rules=frozenset({"DCR023"}))
    assert brief(results) == ([(path, 1, 27, "DCR023")] if found else [])
    assert notes == []


TEST_VALUES = """\
apiVersion: v1
kind: Secret
metadata:
  name: examples
stringData:
  encryptionPassphrase: test-encryption
  rbdPassphrase: test_passphrase
  adminPassphrase: test-Kq7x
  otherPassphrase: test-backup
"""

SECRET_IDS = """\
bitwardenSecrets:
  secretIds:
    s3SecretAccessKey: "e9ff9778-0c28-42fd-a318-b48500719679"
    smtpPassword: "53cbe1aa-8d71-4d73-9743-b47500233cc2"
consul:
  token: "9ce1358e-da13-4b7b-b79e-7f7b16408d47"
"""


def test_test_values_and_store_ids(tmp_path: Path) -> None:
    """A test marker glued to a credential word (`test_passphrase`) or to a word of the key
    (`test-encryption` under `encryptionPassphrase`), and UUIDs in a section of ids
    (`secretIds:`, a secrets manager's entries) are no secrets. A test marker before random
    characters or another word, and a UUID token elsewhere (Consul's tokens are UUIDs), stay
    reported."""
    results, notes = engine_scan(tmp_path, {"k8s/secret.yaml": TEST_VALUES, "chart/values.yaml": SECRET_IDS},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("chart/values.yaml", 6, 11, "DCR023"), ("k8s/secret.yaml", 8, 20, "DCR023"),
                              ("k8s/secret.yaml", 9, 20, "DCR023")]
    assert notes == []
