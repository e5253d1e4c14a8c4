"""Values in Kubernetes manifests, Helm values and Secrets that are no secrets, each with its
near miss still reported (unread GitOps repositories: DCR022/DCR023 false positives):

- a setting kept beside the secrets, its last word glued to the one before (`sslmode: require`,
  `volumegroup: vg_data`), or a pattern made of punctuation (`lookup_regex: ".*"`);
- `localhost` (a host), a URL after a backend's name (restic's `s3:http://...`);
- a stand-in saying none is needed (`not-needed`), filler typed in order (`abcdefg`, `efghij`,
  `abababab`);
- a name whose last word is `address` (a contract's `ethTokenAddress`: where, not a secret);
- a Carvel ytt text template's expression (`(@= data.values.password @)`);
- a Helm value naming an entry beside it (`auth: portal` beside `portal:`): which one is used;
- a hash under a key naming one (MySQL's native password hash), base64 of letters then digits
  typed in order, the region of the store keeping a secret; which Secrets to copy, where one logs
  in, a status code; a self-describing placeholder (`notasecurepassword`), a possessive run
  together with a credential word (`mypass`), a plain word under a key naming nothing secret, an
  algorithm's name; a blockchain address."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from conftest import brief, engine_scan

scan = partial(engine_scan, rules=frozenset({"DCR022", "DCR023", "DCR050"}))


def secret(*entries: str) -> str:
    body = "".join(f"  {e}\n" for e in entries)
    return f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\nstringData:\n{body}"


@pytest.mark.parametrize(("entry", "reported"), [
    ("sslmode: require", False),
    ("ssd_volumegroup: vg_data", False),
    ("client_lookup_regex: '.*'", False),
    ("domain_main: localhost", False),
    ("domain_main: localhost:8443", False),
    ("RESTIC_REPOSITORY: 's3:http://object-store-gateway.backup-system.svc.cluster.local:8333/backups/main'", False),
    ("OPENAI_API_KEY: not-needed", False),
    ("webhook_token: not_required", False),
    ("cloud_api_token: abcdefg", False),
    ("client_secret: efghij", False),
    ("ldap_password: abc", False),
    ("MEDIA_TOKEN: abababab", False),
    ("db_password: '123456789'", False),
    # near misses
    ("sslmode_token: Hq4zT9Lm2x", True),
    ("client_secret: efghik", True),
    ("MEDIA_TOKEN: abababac", True),
    ("ldap_password: dsadsa", True),  # a unit twice: maybe a (weak) password
    ("cloud_api_token: Kf83jsLq0pR2", True),
    ("domain_main: localhost-Kf83jsLq0p", True),
])
def test_secret_data(tmp_path: Path, entry: str, reported: bool) -> None:
    results, _ = scan(tmp_path, {"k8s/secret.yaml": secret(entry)})
    assert brief(results) == ([("k8s/secret.yaml", 7, len(entry.split(": ")[0]) + 5, "DCR023")] if reported else [])


def test_a_url_after_a_backend_with_a_password_is_reported(tmp_path: Path) -> None:
    entry = "RESTIC_REPOSITORY: 's3:https://backup:Sx93kLqZ7w@store.example.com/b'"
    results, _ = scan(tmp_path, {"k8s/secret.yaml": secret(entry)})
    assert [r.rule_id for r in results] != []


CONFIG_MAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: chain
data:
  ethTokenAddress: "0x5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6f"
  solTokenBridgeAddress: "4rJ8wZ3vYk2mBq9TnXcHd6LpQs1GfEa5RtUy7VbNoKi"
  relayTokenAddr: "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
  relayToken: "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
"""


def test_an_address_is_where_not_a_secret(tmp_path: Path) -> None:
    """Near miss: the token itself (its name's last word a secret's) stays reported."""
    results, _ = scan(tmp_path, {"k8s/cm.yaml": CONFIG_MAP})
    assert brief(results) == [("k8s/cm.yaml", 9, 16, "DCR023")]


YTT_SECRET = """\
#@ load("@ytt:data", "data")
apiVersion: v1
kind: Secret
metadata:
  name: registry-credentials
type: kubernetes.io/dockerconfigjson
stringData:
  #@yaml/text-templated-strings
  .dockerconfigjson: |-
    {
      "auths": {
        "(@= data.values.registry.server @)": {
          "username": "(@= data.values.registry.username @)",
          "password": "{password}"
        }
      }
    }
"""


def test_a_ytt_template_expression_is_no_literal(tmp_path: Path) -> None:
    files = {"config/registry.yaml": YTT_SECRET.replace("{password}", "(@= data.values.registry.password @)")}
    assert scan(tmp_path, files)[0] == []
    # near misses: the password written out, the user too (a Secret of literals: DCR022), or
    # the user templated (the config read entry by entry, as a Go template's is: DCR030)
    written = YTT_SECRET.replace("{password}", "Qv8-trellis-41-Lmx").replace(
        "(@= data.values.registry.server @)", "registry.example.com")
    (tmp_path / "config/registry.yaml").write_text(written)
    assert [(r.rule_id, r.start.line) for r in scan(tmp_path, {}, rules=frozenset({"DCR022", "DCR030"}))[0]] \
        == [("DCR030", 14)]
    (tmp_path / "config/registry.yaml").write_text(written.replace("(@= data.values.registry.username @)", "ci"))
    assert [r.rule_id for r in scan(tmp_path, {}, rules=frozenset({"DCR022", "DCR030"}))[0]] == ["DCR022"]


def test_a_value_naming_an_entry_beside_it(tmp_path: Path) -> None:
    values = ("catalogue:\n  enabled: true\n  auth: portal\n  portal:\n    issuer: https://id.example.com/\n"
              "    jwks: https://id.example.com/jwks.json\n")
    assert scan(tmp_path, {"chart/values.yaml": values})[0] == []
    # near miss: no such entry beside it
    (tmp_path / "chart/values.yaml").write_text(values.replace("  portal:\n", "  gateway:\n"))
    assert brief(scan(tmp_path, {})[0]) == [("chart/values.yaml", 3, 9, "DCR023")]
    # a password selects no entry: `adminPassword: admin` beside an `admin:` section (held-out 17b M5)
    (tmp_path / "chart/values.yaml").write_text("board:\n  adminUser: admin\n  adminPassword: admin\n"
                                                "  admin:\n    existingSecret: ''\n")
    assert brief(scan(tmp_path, {})[0]) == [("chart/values.yaml", 3, 18, "DCR023")]


values_scan = partial(engine_scan, rules=frozenset({"DCR022", "DCR023"}))


def _manifests(entries: list[str], env: list[tuple[str, str]]) -> str:
    data = "".join(f"  {e}\n" for e in entries)
    items = "".join(f"        - name: {n}\n          value: \"{v}\"\n" for n, v in env)
    return ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\nstringData:\n" + data +
            "---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: copy\nspec:\n  template:\n    spec:\n"
            "      containers:\n      - name: c\n        image: busybox\n        env:\n" + items)


SECRET_ENTRIES = [
    'passwordHash: "*57685B4F0FF9D049082E296E2C39354B7A98774E"',  # MySQL's native password hash
    "ed25519Hash: LaiG/7DSlQ+t1zlYnMR7he1kSf3u7Hzo2ElLon4mJ4w",  # a digest under a key naming one
    "ed25519Plugin: ed25519",  # the plugin that checks the password
    "nativePasswordPlugin: mysql_native_password",
    "customer-key: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=",  # base64 of letters then digits typed in order
    "sm_aws_secret_region: us-east-1",  # the region of the store keeping the secret
    # near misses
    'rootHash: "*57685B4F0FF9D049082E296E2C39354B7A98774"',  # 39 digits: no such hash
    "ed25519Hash: Lai!G/7DSlQ+t1zlYnMR7he1kSf3u7Hzo2ElLon4mJ4",  # not a digest's shape
    "password: abc124",  # out of order
    "password: ab12",  # runs too short to be typed filler
    "password: abc123",  # a password people choose
    "PASSWORD_DB_ORDERS: Hq4zT9Lm2xQw",  # which database the password is for
]


ENV = [
    ("SECRETS_TO_COPY", "ibm-entitlement km-s3-secret"),  # which Secrets
    ("AUTH_HOSTNAME", "PRODUCTION_ELB_HOSTNAME_PENDING"),  # where one logs in
    ("token_status_code", "Hq4zT9Lm2xQw"),  # a state, not the token
    # near misses
    ("SECRETS_TO_COPY", "Hq4zT9Lm2xQw"),
    ("AUTH_TOKEN", "Hq4zT9Lm2xQw"),
]


def test_secret_data_and_env_values(tmp_path: Path) -> None:
    results, _ = values_scan(tmp_path, {"k8s/all.yaml": _manifests(SECRET_ENTRIES, ENV)}, dedent=False)
    assert brief(results) == [
        ("k8s/all.yaml", 13, 14, "DCR023"),
        ("k8s/all.yaml", 14, 16, "DCR023"),
        ("k8s/all.yaml", 15, 13, "DCR023"),
        ("k8s/all.yaml", 16, 13, "DCR023"),
        ("k8s/all.yaml", 17, 13, "DCR023"),
        ("k8s/all.yaml", 18, 23, "DCR023"),
        ("k8s/all.yaml", 38, 19, "DCR023"),
        ("k8s/all.yaml", 40, 19, "DCR023"),
    ]


VALUES = """\
tls:
  clientTlsAuth: VerifyClientCertIfGiven
ldap:
  password: '@/etc/ldap/bind-password'
mail:
  sesSecret: secretkey
github:
  apiToken: faketoken
# near misses
proxy:
  clientTlsAuth: VerifyClientCertsIfGiven
  password: '@Hq4zT9Lm2xQw'
  sesSecret: secretkeyHq4
  apiToken: fakeHq4zT9Lm
"""


def test_chart_values(tmp_path: Path) -> None:
    files = {"chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n", "chart/values.yaml": VALUES}
    results, _ = values_scan(tmp_path, files)
    assert brief(results) == [("chart/values.yaml", line, column, "DCR023")
                              for line, column in ((11, 18), (12, 14), (13, 14), (14, 13))]


HELD_OUT = [
    "db_password: notasecurepassword",
    "admin_password: insecure_pw",
    "api_token: not-a-secret",
    "DB_PASSWORD: mypass",
    "db_pw: my_pw",
    "test: hello",
    "CRYPTO_PBKDF: argon2i",
    "CRYPTO_KEY_CIPHER: aes-256-gcm",
    # near misses
    "db_password: notHq4zT9Lm2xQ",
    "admin_password: insecure9Hq4zT9Lm",
    "DB_PASSWORD: mypassHq4zT",
    "test: Hq4zT9Lm2xQw",
    "test: hunter2",
    "db_password: hello",
    "CRYPTO_PBKDF: argon2x",
]


def test_held_out_stand_ins_and_plain_words(tmp_path: Path) -> None:
    results, _ = values_scan(tmp_path, {"k8s/all.yaml": _manifests(HELD_OUT, [])}, dedent=False)
    assert brief(results) == [("k8s/all.yaml", line, column, "DCR023") for line, column in
                              ((15, 16), (16, 19), (17, 16), (18, 9), (19, 9), (20, 16), (21, 17))]


def test_blockchain_addresses_are_public(tmp_path: Path) -> None:
    cm = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: chain\ndata:\n"
          "  rewardsManagerTokenPDA: 3V9opXNpHmPPymKeq7CYD8wWMH8wzFXmqEkNdzfsZhYq\n"
          "  tokenMint: 9LzCMqDgTKYz9Drzqnpgee3SGa89up3a247ypMj2xrqM\n"
          "  rewardsManagerToken: 3V9opXNpHmPPymKeq7CYD8wWMH8wzFXmqEkNdzfsZhYq\n")
    results, _ = values_scan(tmp_path, {"k8s/cm.yaml": cm})
    assert brief(results) == [("k8s/cm.yaml", 8, 24, "DCR023")]
