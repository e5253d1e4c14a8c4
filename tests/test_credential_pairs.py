"""Credentials read as the pairs they are written in. The access key of an access-key pair (an
access key beside a secret key: `accesskey` beside `secretkey`, MINIO_ACCESS_KEY beside
MINIO_SECRET_KEY, the same words before them) is who signs (S3's key id, MinIO's user), not a
secret, also when the secret key is vault-encrypted (the ciphertext is no literal, but it is the
secret key beside it). Alone, or beside another system's secret key, an access key may be the
secret, and stays reported. A password written the same as the user name beside it is reported (a
chart default every installation runs with), in any mapping and any case (the pair's other readings:
test_user_name_pairs.py)."""

from __future__ import annotations

from pathlib import Path

from _helpers import scan_as_written as scan
from conftest import K8S_RULES, brief, engine_scan

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


ACCESS_PAIRS = """\
apiVersion: v1
kind: Secret
metadata:
  name: minio-creds
stringData:
  accesskey: ci-user
  secretkey: Zq8xK2mW9pL4vBn3
---
apiVersion: v1
kind: Secret
metadata:
  name: storage
stringData:
  accesskey: Hq4zT9Lm2xQwRt5y
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: minio
spec:
  template:
    spec:
      containers:
      - name: minio
        image: minio/minio
        env:
        - name: MINIO_ACCESS_KEY
          value: admin
        - name: MINIO_SECRET_KEY
          value: Rt5yU8iO1pAsDf3g
        - name: AZURE_STORAGE_ACCESS_KEY
          value: Hq4zT9Lm2xQwRt5y
"""


def test_the_access_key_of_an_access_key_pair_is_who_signs(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"m.yaml": ACCESS_PAIRS, "chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
                                 "chart/values.yaml": "s3:\n  accessKey: reader\n  secretKey: Zq8xK2mW9pL4vBn3\n"
                                                      "other:\n  accessKey: Zq8xK2mW9pL4vBn4\n"}, rules=K8S_RULES)
    assert brief(results) == [("chart/values.yaml", 3, 14, "DCR023"), ("chart/values.yaml", 5, 14, "DCR023"),
                              ("m.yaml", 7, 14, "DCR023"), ("m.yaml", 14, 14, "DCR023"),
                              ("m.yaml", 30, 18, "DCR023"), ("m.yaml", 32, 18, "DCR023")]


CHART_VALUES = """\
cassandra:
  credentials:
    user: cassandra
    password: cassandra
    jmxUser: cassandra
    jmxPassword: Cassandra
  other:
    password: cassandra
admin_user: radar
admin_password: radar
reader_password: radar2x
"""


SECRETS = """\
apiVersion: v1
kind: Secret
metadata:
  name: db
type: Opaque
data:
  username: cG9zdGdyZXM=
  password: cG9zdGdyZXM=
---
apiVersion: v1
kind: Secret
metadata:
  name: db2
stringData:
  user: admin
  password: admin
  token: Zq8xK2mW9pL4
---
apiVersion: v1
kind: Secret
metadata:
  name: db3
stringData:
  user: admin
  password: Admin
"""


def test_a_password_that_is_the_user_name_beside_it_is_reported(tmp_path: Path) -> None:
    """The pairs in one mapping (chart values, a Secret's data decoded) are reported as the word in
    another mapping (`other.password`), in another case (`Cassandra`, `Admin`), a token beside the
    pair and another password are."""
    results, _ = scan(tmp_path, {"chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
                                 "chart/values.yaml": CHART_VALUES, "secrets.yaml": SECRETS}, rules=K8S_RULES)
    values, secrets = "chart/values.yaml", "secrets.yaml"
    assert brief(results) == [(values, 4, 15, "DCR023"), (values, 6, 18, "DCR023"), (values, 8, 15, "DCR023"),
                              (values, 10, 17, "DCR023"), (values, 11, 18, "DCR023"), (secrets, 8, 13, "DCR023"),
                              (secrets, 16, 13, "DCR023"), (secrets, 17, 10, "DCR023"), (secrets, 25, 13, "DCR023")]
