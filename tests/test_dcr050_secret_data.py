"""A Secret's `data` value decodes from base64; a URL with a literal password
in it is written in the repository as plainly as in `stringData`: DCR050 at the value (which
holds the password only encoded), saying so. A password that is a variable, or a SOPS file's
ciphertext, is none."""

from __future__ import annotations

import base64
from pathlib import Path

from conftest import brief, engine_scan


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


SECRETS = f"""\
apiVersion: v1
kind: Secret
metadata:
  name: till-db
data:
  DATABASE_URL: {_b64("postgresql://till_app:Wv7-Lark-39@db.till.internal:5432/till")}
  TEMPLATE_URL: {_b64("postgresql://till_app:${{DB_PW}}@db.till.internal:5432/till")}
---
apiVersion: v1
kind: Secret
metadata:
  name: till-db-plain
stringData:
  DATABASE_URL: postgresql://till_app:Wv7-Lark-40@db.till.internal:5432/till
"""


def test_a_url_in_secret_data_is_read_decoded(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"k8s/secrets.yaml": SECRETS}, rules=frozenset({"DCR050", "DCR023"}))
    assert brief(results) == [("k8s/secrets.yaml", 6, 17, "DCR050"), ("k8s/secrets.yaml", 14, 39, "DCR050")]
    assert results[0].message.endswith("(base64-encoded in Secret till-db data.DATABASE_URL)")
    assert notes == []
