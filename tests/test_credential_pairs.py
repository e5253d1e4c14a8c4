"""Credentials read as the pairs they are written in. The access key of an access-key pair (an access key beside a secret key: `accesskey` beside
`secretkey`, MINIO_ACCESS_KEY beside MINIO_SECRET_KEY, the same words before them) is who signs
(S3's key id, MinIO's user), not a secret, also when the secret key is vault-encrypted (the
ciphertext is no literal, but it is the secret key beside it). Alone, or beside another system's
secret key, an access key may be the secret, and stays reported. A password written the same as
the user name beside it is reported (a chart default every installation runs with), in any
mapping and any case (the pair's other readings: test_user_name_pairs.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

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
