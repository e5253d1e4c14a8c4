"""A Secret key that is a one-line text file named for a secret (`db.password.txt`,
`client.secret.txt`: mounted for a program that reads its secrets from files, `*_FILE` settings)
holds the secret itself: judged under the name it is for, not passed over as a whole config file.
A `.txt` key named for nothing secret, or one of several lines, stays a file for other rules; a
symmetric key's `.key` file holds the key itself."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

MANIFEST = """\
apiVersion: v1
kind: Secret
metadata:
  name: ledger-files
type: Opaque
stringData:
  ledger.db.password.txt: Tf6-harvest-Wq9
  api.token.txt: changeme
  motd.txt: Welcome-Kx8-aboard
  notes.password.txt: |
    first line
    second line
"""


def test_one_line_secret_files(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"k8s/files.yaml": MANIFEST}, dedent=False, rules=frozenset({"DCR023"}))
    assert brief(results) == [("k8s/files.yaml", 7, 27, "DCR023")]
    assert "stringData.ledger.db.password.txt" in results[0].message
    assert notes == []


def test_a_symmetric_keys_file(tmp_path: Path) -> None:
    """A `.key` file of a symmetric key (`hmac.key`, `encryption.key`) holds random text: the
    secret. One named for a private key (`server.key`, `tls.key`, `id_rsa`) holds a PEM key or a
    stand-in for one; a stand-in under any name stays silent."""
    manifest = """\
        apiVersion: v1
        kind: Secret
        metadata:
          name: portal-keys
        type: Opaque
        stringData:
          session.hmac.key: Qm4tZ8wLr2Xk7Vp9Nc3Hs6Jd
          cache.encryption.key: changeme
          server.key: the-server-pem-goes-here
          id_rsa: Zk2Lw9Qm4tVr7Xp3
        """
    results, _ = engine_scan(tmp_path, {"k8s/keys.yaml": manifest}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("k8s/keys.yaml", 7, 21, "DCR023")]
