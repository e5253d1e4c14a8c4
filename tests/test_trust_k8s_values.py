"""Values in Kubernetes manifests, Helm values and Secrets that are no secrets, each with its
near miss still reported (unread GitOps repositories: DCR022/DCR023 false positives):

- a setting kept beside the secrets, its last word glued to the one before (`sslmode: require`,
  `volumegroup: vg_data`), or a pattern made of punctuation (`lookup_regex: ".*"`);
- `localhost` (a host), a URL after a backend's name (restic's `s3:http://...`);
- a stand-in saying none is needed (`not-needed`), filler typed in order (`abcdefg`, `efghij`,
  `abababab`);
- a name whose last word is `address` (a contract's `ethTokenAddress`: where, not a secret);
- a Carvel ytt text template's expression (`(@= data.values.password @)`);
- a Helm value naming an entry beside it (`auth: portal` beside `portal:`): which one is used."""

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
