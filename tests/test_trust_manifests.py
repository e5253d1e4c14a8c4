"""Presence rules in manifests read values, not only names: settings, flags, public material,
ciphertext and placeholders are not secrets; private keys and service-account keys are, also
base64-encoded; a `$` in a data string is text (Harbor robot accounts).
Every kubeseal ciphertext (`AgA`..`AgD`) is ciphertext; a YAML file a ConfigMap mounts is read
for its settings."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from conftest import brief, engine_scan, write

PW = "Hq5wRt8zLm2K"  # a made-up password

KEY_BODY = ("MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
            "KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEm")
PRIVATE_KEY = f"-----BEGIN RSA PRIVATE KEY-----\n{KEY_BODY}\n-----END RSA PRIVATE KEY-----\n"
CERT = f"-----BEGIN CERTIFICATE-----\n{KEY_BODY}\n-----END CERTIFICATE-----\n"
SSH_PUB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq0aPq1dE2FYjvBlG6sZQpvT6f0n9qM2wX1bC3dE4fG"

JSON = ("--format", "json", "--fail-on", "never")


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def indent(text: str, n: int) -> str:
    return "".join(" " * n + line + "\n" for line in text.splitlines())


def test_settings_in_an_opaque_secret_are_not_secrets(lint, tmp_path: Path) -> None:
    write(tmp_path, "repo-secret.yaml", f"""\
apiVersion: v1
kind: Secret
metadata: {{name: repo}}
type: Opaque
stringData:
  type: helm
  project: default
  url: https://charts.example.org/stable
  insecure: "true"
  admin.passwordMtime: "2019-03-20T17:54:53Z"
  ssh-known-hosts: "git.example.org {SSH_PUB}"
  sshPublicKey: {SSH_PUB}
  enableOCI: "yes"
  value: s3cr3t-V4lue
data:
  region: {b64("eu-west-1")}
  token: {b64("MISSING")}
""")
    assert lint(*JSON).table("rule", "line", "column") == [("DCR023", 14, 10)]


def test_flags_roles_and_placeholders_in_env_are_not_secrets(lint, tmp_path: Path) -> None:
    write(tmp_path, "db.yaml", """\
apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  containers:
  - name: db
    image: mariadb
    env:
    - {name: ALLOW_EMPTY_PASSWORD, value: "yes"}
    - {name: MYSQL_RANDOM_ROOT_PASSWORD, value: "yes"}
    - {name: GF_AUTH_ANONYMOUS_ORG_ROLE, value: Admin}
    - {name: ACME_API_KEY, value: acme-APIKEY}
    - {name: POSTGRES_PASSWORD, value: changeit}
    - {name: DB_PASSWORD_FILE, value: /run/secrets/db}
    - {name: LDAP_PASSWORD_LENGTH, value: "16"}
    - {name: SECRET_KEY_BASE, value: "$(GENERATED_KEY)"}
    - {name: MYSQL_PASSWORD, value: migration}
""")
    assert lint(*JSON).table("rule", "line", "column") == [("DCR023", 17, 37)]


def test_settings_about_secrets_in_a_config_map(lint, tmp_path: Path) -> None:
    write(tmp_path, "cm.yaml", """\
apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
data:
  passwordPattern: "^.{8,32}$"
  users.anonymous.enabled: "false"
  oidc.tls.insecure.skip.verify: "true"
  webhook.secret: Zr7uQ2pX9w
  tokens.json: '{ "name": "replace-tokens", "image": "alpine" }'
  api-token.txt: Vq3nL8sT2e
""")
    # a key named for a file holds a file (one line of JSON), unless its value is one word
    assert lint(*JSON).table("rule", "line", "column") == [("DCR023", 8, 19), ("DCR023", 10, 18)]


def test_a_one_line_file_under_a_file_named_key_is_read_for_its_members(lint, tmp_path: Path) -> None:
    write(tmp_path, "cm.yaml", """\
apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
data:
  credentials.json: '{"user": "ci", "password": "Kp4-walnut-71-Tz"}'
  db_password.properties: "db.password = Kp4-walnut-71-Tz"
  token.conf: "abc Kp4walnut71Tz"
  tokens.json: '{"name": "replace-tokens", "image": "alpine"}'
  secret.properties: "db.password = ${DB_PASSWORD}"
  auth.ini: "user = ci; realm = ops"
""")
    # a member with a secret name and a literal value, or words that are no members: reported
    assert lint(*JSON).table("rule", "line") == [("DCR023", 5), ("DCR023", 6), ("DCR023", 7)]


def test_public_material_and_ciphertext_are_not_secrets(lint, tmp_path: Path) -> None:
    write(tmp_path, "s.yaml", f"""\
apiVersion: v1
kind: Secret
metadata: {{name: s}}
stringData:
  ca-secret: |
{indent(CERT, 4)}  known-hosts-secret: |
    git.example.org {SSH_PUB}
  db-password: ENC[AES256_GCM,data:Tr7oQ2==,iv:AbCd=,tag:EfGh=,type:str]
data:
  ca-cert-secret: {b64(CERT)}
""")
    assert lint(*JSON).table("rule", "line", "column") == []


def test_private_key_in_opaque_string_data_is_dcr023(lint, tmp_path: Path) -> None:
    write(tmp_path, "app-secret.yaml", f"""\
apiVersion: v1
kind: Secret
metadata: {{name: app}}
type: Opaque
stringData:
  private.key: |
{indent(PRIVATE_KEY, 4)}""")
    r = lint("--format", "json", "--fail-on", "never")
    assert [(f["rule"], f["start"]["line"], f["start"]["column"]) for f in r.json()["findings"]] == [
        ("DCR023", 7, 5)]
    assert "a private key" in r.json()["findings"][0]["message"]


@pytest.mark.parametrize(("stype", "key", "text", "what"), [
    ("kubernetes.io/ssh-auth", "ssh-privatekey", PRIVATE_KEY, "a private key"),
    ("kubernetes.io/basic-auth", "password", "Kq8vT2mWz9", "a plaintext value"),
    ("Opaque", "key.json", json.dumps({"type": "service_account", "private_key": PRIVATE_KEY}),
     "a service-account key"),
    ("Opaque", "deploy", PRIVATE_KEY, "a private key"),
])
def test_keys_hidden_in_base64_data(lint, tmp_path: Path, stype: str, key: str, text: str, what: str) -> None:
    write(tmp_path, "s.yaml", f"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\ntype: {stype}\n"
                              f"data:\n  {key}: {b64(text)}\n")
    r = lint("--format", "json", "--fail-on", "never")
    (f,) = r.json()["findings"]
    assert (f["rule"], f["start"]["line"], f["start"]["column"]) == ("DCR023", 6, len(key) + 5)
    assert what in f["message"]


def test_example_private_keys_are_not_reported(lint, tmp_path: Path) -> None:
    body = "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----\n"
    other = "-----BEGIN RSA PRIVATE KEY-----\nYOUR_ACTUAL_PRIVATE_KEY_CONTENT_HERE\n-----END RSA PRIVATE KEY-----\n"
    write(tmp_path, "s.yaml", f"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nstringData:\n"
                              f"  sshPrivateKey: |\n{indent(body, 4)}  other: |\n{indent(other, 4)}")
    write(tmp_path, "values.schema.yaml", f"key:\n  description: |\n    Provide it as\n{indent(body, 4)}")
    assert lint(*JSON).table("rule", "line", "column") == []


def test_harbor_robot_account_in_a_registry_secret(lint, tmp_path: Path) -> None:
    config = json.dumps({"auths": {"harbor.corp.example": {
        "username": "robot$ci-pull", "password": "Zq8vT2mWz9Lk", "auth": b64("robot$ci-pull:Zq8vT2mWz9Lk")}}})
    write(tmp_path, "pull.yaml", f"""\
apiVersion: v1
kind: Secret
metadata: {{name: pull}}
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: {b64(config)}
---
apiVersion: v1
kind: Secret
metadata: {{name: pull2}}
type: kubernetes.io/dockerconfigjson
stringData:
  .dockerconfigjson: '{config}'
""")
    assert [f[:2] for f in lint(*JSON).table("rule", "line", "column")] == [("DCR022", 6), ("DCR022", 13)]


def test_stand_ins_in_secret_data(lint, tmp_path: Path) -> None:
    write(tmp_path, "s.yaml", f"""\
apiVersion: v1
kind: Secret
metadata: {{name: s}}
stringData:
  username: username
  apitoken: api-token
  crumb: crumb
  auth_token: aaaa1111
  password: jiraToken
data:
  id_rsa: {b64("this is where the id_rsa goes, base64")}
""")
    assert lint(*JSON).table("rule", "line", "column") == []


def test_tekton_substitutions_are_not_literals(lint, tmp_path: Path) -> None:
    write(tmp_path, "task.yaml", """\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: alpine
    env:
    - {name: BASIC_AUTH_DIRECTORY, value: $(workspaces.basic-auth.path)}
    - {name: TOKEN_EXPIRATION, value: "$(params.token-expiration)"}
""")
    assert lint(*JSON).table("rule", "line", "column") == []


# crypt(3) password hashes (made up, of each format's length): verifiers, not passwords
BCRYPT = "$2b$12$NrWehkSfzcj1ZgCj0fnAfWeAdpJZqnLvlwTkgfy90M54SKDvDiK9P"
SHA512 = "$6$3IhnZtPr8Zdh$MPQ94gjG6gfL3IVQa5Rtm9fzIoDWW9it3XHp1HZRUBriurBB/8vFI.qZTMoe4WWXWl7Xfwgy2smPel.rkSbhyU"
ARGON2 = "$argon2id$v=19$m=65536,t=3,p=4$CQCyEZDz/TddJ8HyS5SUkC$nD8zRA9a9SkpXz9w3QlY7Zkuvqdt7s8Stqcbnr3yBdG"


def test_password_hashes_are_not_secrets(lint, tmp_path: Path) -> None:
    write(tmp_path, "secret.yaml", f"""\
apiVersion: v1
kind: Secret
metadata: {{name: app}}
type: Opaque
stringData:
  admin.password: {BCRYPT}
  root-password: "{ARGON2}"
  auth: "ci:$apr1$rEQS6nm8$577LiqlPF7saySqbKjFStR"
  other.password: "$2b$12$Vq7-trellis"
data:
  db-password: {b64(SHA512)}
""")
    # the last is no hash of any format: a password that starts like one
    assert lint(*JSON).table("rule", "line", "column") == [("DCR023", 9, 20)]


def _sealed(first: int) -> str:
    """A kubeseal-shaped ciphertext: two length bytes (0x0200), then bytes starting with `first`."""
    import base64

    return base64.b64encode(b"\x02\x00" + bytes((first + i * 37) % 256 for i in range(560))).decode()


def test_every_kubeseal_ciphertext_is_ciphertext(tmp_path: Path) -> None:
    """kubeseal's output starts with the RSA-encrypted key's length (0x0200): base64 `Ag` and
    then A, B, C or D, by the first bits of the random byte after it. Only `AgA` was read as
    ciphertext: three sealed values in four, under a chart's `encryptedData:`, were plaintext
    secrets. Other prefixes and short `AgB` values stay reported."""
    import base64

    other = base64.b64encode(b"\x02\x10" + bytes((7 + i * 37) % 256 for i in range(560))).decode()
    values = (f"sealed:\n  encryptedData:\n    A_PASSWORD: {_sealed(0x00)}\n    B_PASSWORD: {_sealed(0x40)}\n"
              f"    C_PASSWORD: {_sealed(0x80)}\n    D_PASSWORD: {_sealed(0xC0)}\n    E_PASSWORD: {other}\n"
              "    F_PASSWORD: AgBKq7lantern52Kq7lantern52\n")
    assert [v.split(": ")[1][:3] for v in values.splitlines()[2:6]] == ["AgA", "AgB", "AgC", "AgD"]
    results, notes = engine_scan(tmp_path, {"chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
                                            "chart/values.yaml": values}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(7, 17), (8, 17)]
    assert notes == []


def test_a_configmaps_yaml_file(tmp_path: Path) -> None:
    # the YAML file a ConfigMap mounts holds its settings as plainly as a key's value
    cm = f"""\
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: portal
        data:
          settings.yaml: |-
            listen: 0.0.0.0:8080
            clients:
              - id: portal
                client_secret: {PW}
                issuer: https://sso.example.org
            db:
              password: ${{DB_PASSWORD}}
              passwordFile: /run/secrets/db
          notes.txt: |
            client_secret: not read here
        """
    results, _ = engine_scan(tmp_path, {"deploy/cm.yaml": cm}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/cm.yaml", 10, 24, "DCR023")]
    assert results[0].message.startswith("ConfigMap portal settings.yaml: clients.0.client_secret is a literal secret")


def test_a_configmaps_yaml_file_read_where_its_values_are(tmp_path: Path) -> None:
    # composed as a file is (libyaml), its marks' lines and columns say where a value is in the
    # text: after letters outside ASCII and an astral character, quoted, in its second document
    cm = f"""\
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: portal
        data:
          settings.yaml: |-
            title: "Café \U0001F600 portal"
            ---
            clients:
              - name: "über"
                client_secret: "{PW}"
        """
    results, _ = engine_scan(tmp_path, {"deploy/cm.yaml": cm}, rules=frozenset({"DCR023"}))
    text = (tmp_path / "deploy/cm.yaml").read_text("utf-8")
    assert [text[r.span.start : r.span.end] for r in results] == [PW]
