"""A name for the key of a Secret's data holding a credential (`resetPasswordKey`, `tokenKey`)
points at where the credential is kept, when its value can be such a key (`admin-password`,
`db.password`); given a value no Secret key can be (a `#`, a `!`, a blank: Kubernetes keys are
`[-._a-zA-Z0-9]+`), the value is the credential itself (held-out 16b B7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.infra.literals import literal_secret
from dcrlint.valuepatterns import DEFAULT_PLACEHOLDERS, DEFAULT_SECRET_NAMES

VALUES = """\
mailer:
  resetPasswordKey: "Teal lantern#82"
  tokenKey: "Vx9!mKq2@Lp"
  existingSecretPasswordKey: admin-password
  passwordKey: db.password
  imagePullSecretKey: "a b"
  sortKey: "name desc"
"""


def test_a_key_name_given_what_no_key_can_be_is_the_secret(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"chart/Chart.yaml": "apiVersion: v2\nname: m\nversion: 0.1.0\n",
                                            "chart/values.yaml": VALUES}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("chart/values.yaml", 2, 22, "DCR023"), ("chart/values.yaml", 3, 14, "DCR023")]
    assert notes == []


@pytest.mark.parametrize(("name", "value", "secret"), [
    ("resetPasswordKey", "Teal lantern#82", True), ("resetPasswordKey", "reset-password", False),
    ("existingSecretPasswordKey", "a#b", False), ("apiKey", "Ux7-ferry-60-Pqb", True), ("sortKey", "a b", False),
])
def test_key_names(name: str, value: str, secret: bool) -> None:
    assert literal_secret(name, value, DEFAULT_SECRET_NAMES, DEFAULT_PLACEHOLDERS) is secret
