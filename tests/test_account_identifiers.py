"""A Secret's data key naming an account (`CLOUD_ACCOUNT`, `ACCOUNT_NUMBER`) with a value shaped as
its identifier (digits, a UUID, a lower-case name) says whose, not a credential (held-out B4), as
`*_ACCOUNT_ID` already did. The account's key, or a value of another shape, stays a secret."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

SECRET = """\
apiVersion: v1
kind: Secret
metadata: {name: refresher-env}
type: Opaque
stringData:
  CLOUD_ACCOUNT: "210987654321"
  BILLING_ACCOUNT_NUMBER: "4400112233"
  TENANT_ACCOUNT: 7c9e6679-7425-40de-944b-e07fc1f90ae7
  storageAccount: ledgerstore
  STORAGE_ACCOUNT_KEY: Zq8vLm2Rt4Kp7WnXy3Bc
  ADMIN_ACCOUNT: Hq4+rT8w/Lm2Zx
"""


def test_an_accounts_identifier_is_no_secret(tmp_path: Path) -> None:
    results, _ = engine_scan(tmp_path, {"k8s/secret.yaml": SECRET}, dedent=False, rules=frozenset({"DCR023"}))
    assert brief(results) == [("k8s/secret.yaml", 10, 24, "DCR023"), ("k8s/secret.yaml", 11, 18, "DCR023")]
