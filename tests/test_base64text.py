"""Base64 is read one way everywhere (`base64text.decode`). A Secret's `data` value that is no
padded base64 (`certificate: CERTIFICATE`) is refused by Kubernetes: a value to fill in, told as a
note; one that still decodes to text (a password whose `==` was cut) is read as it decodes."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from _helpers import scan_as_written as scan
from conftest import brief

from dcrlint.base64text import decode

DATA = b'{"auths": {"r.example.com": {"auth": "dTpw"}}, "note": "~~~???"}'
STD = base64.b64encode(DATA).decode()


@pytest.mark.parametrize("text", [
    STD,
    "\n".join(STD[i : i + 76] for i in range(0, len(STD), 76)),  # as `base64` prints it
    "\r\n    ".join(STD[i : i + 20] for i in range(0, len(STD), 20)),  # a block scalar's lines
    STD.rstrip("="),
    base64.urlsafe_b64encode(DATA).decode(),
    base64.urlsafe_b64encode(DATA).decode().rstrip("="),
])
def test_spellings_of_one_encoding(text: str) -> None:
    assert "+" in STD and "/" in STD  # (the URL-safe spellings differ)
    assert decode(text) == DATA


@pytest.mark.parametrize("text", [STD[:-3], STD + "===", f"{STD[:10]}.{STD[10:]}", "Basic é", STD + "A"])
def test_not_base64(text: str) -> None:
    assert decode(text) is None


def test_min_length_counts_no_blanks() -> None:
    assert decode("QUJD REVG", 8) == b"ABCDEF"
    assert decode("QUJD REV", 8) is None


def test_no_other_module_decodes_base64_of_configuration() -> None:
    """Every reader of a Secret's data, a docker config's `auth` or an encoded value goes through
    `base64text.decode`; JWT segments (base64url by their definition) and redaction (which
    encodes) are the others."""
    root = Path(__file__).resolve().parent.parent / "dcrlint"
    users = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                   if re.search(r"b64decode|urlsafe_b64decode", p.read_text()))
    assert users == ["base64text.py", "jwt.py", "secret_formats.py"]


SECRETS = """\
apiVersion: v1
kind: Secret
metadata:
  name: sp-cert
type: Opaque
data:
  certificate: CERTIFICATE
  token: WnE4eEsybVc5cEw0dkJuMw==
  password: WnE4eEsybVc5cEw0dkJuMw
"""


def test_secret_data_that_is_no_padded_base64_is_a_value_to_fill(tmp_path: Path) -> None:
    results, notes = scan(tmp_path, {"secret.yaml": SECRETS}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("secret.yaml", 8, 10, "DCR023"), ("secret.yaml", 9, 13, "DCR023")]
    assert sum("not base64" in str(n) for n in notes) == 1
