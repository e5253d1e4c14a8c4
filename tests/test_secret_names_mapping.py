"""A mapping whose key says it holds Secret names gives its children that role: each value is
which Secret, not a credential (held-out 16b B8); a credential under a plain `secret:` mapping
stays reported."""

from __future__ import annotations

from typing import Any

import pytest

from dcrlint.secretnames import names_secret_under


@pytest.mark.parametrize(("parent", "value", "names"), [
    ("secretName", "ledger-auth-config", True), ("secretNames", "ledger-token", True),
    ("existingSecrets", "ledger-db", True), ("secretRefs", "ledger-keys", True),
    ("secret", "ledger-auth-config", False), ("secretName", "Hv8kQ3zWm5RtXp2L", False),
])
def test_names_secret_under(parent: str, value: str, names: bool) -> None:
    assert names_secret_under(parent, value) is names


def test_children_of_a_secret_names_mapping_in_chart_values(lint: Any) -> None:
    lint.write("ledger/Chart.yaml", "apiVersion: v2\nname: ledger\nversion: 0.1.0\n")
    lint.write("ledger/values.yaml", "secretName:\n  token: ledger-token-store\n  password: ledger-db-login\n"
               "existingSecrets:\n  auth: ledger-auth\nsecret:\n  password: Hv8kQ3zWm5RtXp2L\n")
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert run.starts() == [("DCR023", 7, 13)]


def test_everything_below_an_existing_secret_names_its_keys(lint: Any) -> None:
    """Below a key naming a Secret kept elsewhere (`existingSecret`, `backupExistingSecret`), at
    any depth, the values name that Secret and the keys to read from it (`{ledger-store:
    {s3secretkey: ledger_s3_secret_key}}`), shaped as such names are; a credential beside it, and a
    value no data key can be, stay reported."""
    lint.write("ops/values-archive.yaml", """\
archive:
  existingSecret:
    ledger-store:
      s3accesskey: ledger_s3_access_key_id
      s3secretkey: ledger_s3_secret_key
  mirrorExistingSecret:
    ledger-mirror:
      mirrorsecretkey: ledger.mirror.secret-key
  store:
    secretKey: Hv8kQ3zWm5RtXp2L
  existingSecretTwo:
    ledger-other:
      othersecretkey: "Hv8k Q3zW/m5Rt"
""")
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert run.starts() == [("DCR023", 10, 16), ("DCR023", 13, 24)]
