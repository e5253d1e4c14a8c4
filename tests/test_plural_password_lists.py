"""DCR023: the items of a list under a plural password key (`passwords:`, `dbPasswords:`,
`USER_PASSWDS:`) are each a password, judged as one under `password` (held-out 20b KM1: a database
chart's `auth.passwords`, one per `auth.usernames` entry; a literal item is the default every
installation gets, as the scalar `rootPassword` beside it). Empty lists, references, stand-ins
and numbers stay silent; other plurals are no password lists (`secrets:` names Secrets,
`serverTokens` are no tokens), nor a deny list (`bannedPasswords`, `weak_passwords`: passwords nobody
may use) or a list under a key naming keys (`secretKeys.passwords`: a Secret's data keys)."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

CHART = "apiVersion: v2\nname: ledger\nversion: 0.3.0\n"

VALUES = """\
ledgerdb:
  auth:
    adminPassword: Hq4vRt8Lm2
    usernames: [clerk, reviewer, batch]
    passwords:
      - Zt6wKp3Nq9
      - "{{ .Values.global.reviewerPassword }}"
      - changeme
    replicaPasswords: []
    USER_PASSWDS:
      - Lm8xVc2Rt5
    secrets:
      - ledger-clerk-credentials
    serverTokens:
      - off
      - Yq5tNw8Kb3
    pins:
      - 4821
  policy:
    bannedPasswords: [dragonfly, Summer2024!]
    weak_passwords:
      - trustno1
  secretKeys:
    passwords: [db-password, cache-password]
"""


def test_each_item_of_a_password_list(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"chart/Chart.yaml": CHART, "chart/values.yaml": VALUES},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("chart/values.yaml", 3, 20, "DCR023"), ("chart/values.yaml", 6, 9, "DCR023"),
                              ("chart/values.yaml", 11, 9, "DCR023")]
    assert "ledgerdb.auth.passwords.0 is a literal secret" in results[1].message
    assert notes == []
