"""`kubectl apply` keeps the object it was given, as JSON, in the
`kubectl.kubernetes.io/last-applied-configuration` annotation. A Secret exported from a cluster
(`kubectl get secret -o yaml`) and then encrypted with SOPS keeps its data there in plaintext: SOPS
encrypts `data` and `stringData`, not the metadata. That data is read as the Secret's own is
(DCR023; a registry Secret's docker config, DCR022), at its places inside the annotation."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

RULES = frozenset({"DCR022", "DCR023", "DCR051"})

# (base64 of `store-writer`, of `Vq3-harbour-lamp-77Zt`, of `eu-central-1`)
SOPS_SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  name: bucket-keys
  namespace: backup
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","data":{"ACCESS_KEY":"c3RvcmUtd3JpdGVy","SECRET_KEY":"VnEzLWhhcmJvdXItbGFtcC03N1p0","REGION":"ZXUtY2VudHJhbC0x"},"kind":"Secret","metadata":{"annotations":{},"name":"bucket-keys","namespace":"backup"},"type":"Opaque"}
type: Opaque
data:
  ACCESS_KEY: ENC[AES256_GCM,data:q0Vw,iv:Zm9v,tag:YmFy,type:str]
  SECRET_KEY: ENC[AES256_GCM,data:r1Xy,iv:Zm9v,tag:YmFy,type:str]
  REGION: ENC[AES256_GCM,data:s2Zz,iv:Zm9v,tag:YmFy,type:str]
sops:
  version: 3.8.1
  encrypted_regex: ^(data|stringData)$
"""


def test_sops_secrets_applied_data_is_plaintext(tmp_path: Path) -> None:
    """The encrypted data is ciphertext; the annotation's secret key is not (its access key, the
    identifier of the pair, and the region are no secrets)."""
    results, notes = engine_scan(tmp_path, {"secrets/bucket.yaml": SOPS_SECRET}, dedent=False, rules=RULES)
    assert brief(results) == [("secrets/bucket.yaml", 8, 80, "DCR023")]
    line = SOPS_SECRET.splitlines()[7]
    assert line[79:results[0].end.column - 1] == "VnEzLWhhcmJvdXItbGFtcC03N1p0"
    assert "last-applied-configuration annotation's data.SECRET_KEY" in results[0].message
    assert notes == []


def test_a_plain_secret_is_reported_at_both_places(tmp_path: Path) -> None:
    """Not encrypted, the same password is written twice: each place is a finding."""
    manifest = """\
        apiVersion: v1
        kind: Secret
        metadata:
          name: app-db
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: >
              {"apiVersion":"v1","kind":"Secret","metadata":{"name":"app-db"},
              "stringData":{"username":"app","password":"Lp7-orchid-Qm2"},"type":"Opaque"}
        type: Opaque
        stringData:
          username: app
          password: Lp7-orchid-Qm2
        """
    results, _ = engine_scan(tmp_path, {"db.yaml": manifest}, rules=RULES)
    assert brief(results) == [("db.yaml", 8, 50, "DCR023"), ("db.yaml", 12, 13, "DCR023")]


def test_other_objects_and_broken_json_are_passed_over(tmp_path: Path) -> None:
    """A ConfigMap's applied copy holds no Secret data; an annotation that is no JSON object (cut
    short) is passed over without a notification."""
    manifest = """\
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: |
              {"apiVersion":"v1","kind":"ConfigMap","data":{"mode":"fast"},"metadata":{"name":"settings"}}
        data:
          mode: fast
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: cut
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: '{"kind":"Secret","data":{"token":"'
        type: Opaque
        """
    results, notes = engine_scan(tmp_path, {"mixed.yaml": manifest}, rules=RULES)
    assert brief(results) == []
    assert notes == []


# (base64 of `{"auths":{"pull.internal.example.net":{"username":"deployer","password":"Hb5-quartz-lily-08"}}}`)
DOCKER_CONFIG = ("eyJhdXRocyI6eyJwdWxsLmludGVybmFsLmV4YW1wbGUubmV0Ijp7InVzZXJuYW1lIjoiZGVwbG95ZXIiLCJwYXNzd29yZCI6"
                 "IkhiNS1xdWFydHotbGlseS0wOCJ9fX0=")


def test_an_exported_registry_secret_in_a_sops_file(tmp_path: Path) -> None:
    """The tool's own case: a pull Secret exported, then encrypted; the applied copy names the
    registry and user, never the password."""
    manifest = f"""\
apiVersion: v1
kind: Secret
metadata:
  name: pull-creds
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {{"apiVersion":"v1","data":{{".dockerconfigjson":"{DOCKER_CONFIG}"}},"kind":"Secret","metadata":{{"name":"pull-creds"}},"type":"kubernetes.io/dockerconfigjson"}}
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: ENC[AES256_GCM,data:q0Vw,iv:Zm9v,tag:YmFy,type:str]
sops:
  version: 3.8.1
"""
    results, notes = engine_scan(tmp_path, {"pull.yaml": manifest}, dedent=False, rules=RULES)
    assert brief(results) == [("pull.yaml", 7, 35, "DCR022")]
    assert "pull.internal.example.net (user deployer)" in results[0].message
    assert "last-applied-configuration annotation's data[.dockerconfigjson]" in results[0].message
    assert "Hb5-quartz-lily-08" not in results[0].message
    assert notes == []


def test_data_that_is_no_base64_is_a_note(tmp_path: Path) -> None:
    """A Secret data value Kubernetes would refuse (no standard, padded base64: `xyz` is a value
    left to fill in) is said to be no base64, as a note: the file was read whole (held-out B5)."""
    manifest = """\
        apiVersion: v1
        kind: Secret
        metadata:
          name: pull-later
        type: kubernetes.io/dockerconfigjson
        data:
          .dockerconfigjson: >-
            xyz
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: opaque-later
        data:
          token: xyz
        """
    results, notes = engine_scan(tmp_path, {"skeleton.yaml": manifest}, rules=RULES)
    assert results == []
    assert [(n.line, n.level, n.message) for n in notes] == [
        (7, "note", "Secret pull-later: data..dockerconfigjson value is not base64; not checked"),
        (15, "note", "Secret opaque-later: data.token value is not base64; not checked"),
    ]
