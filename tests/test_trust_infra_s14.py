"""Infrastructure code read as a reviewer reads it (session 14): fixtures written here, each
principle beside a real secret or leak that stays reported at its exact place."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

DIGESTS = """\
#!/bin/bash
basic_auth() {
  local -r user="$1" password="$2"
  echo "${user}:$(openssl passwd -apr1 "${password}")"
}
echo "fingerprint: $(printf %s "$API_TOKEN" | sha256sum | cut -c1-12)"
echo "entry: $(htpasswd -nbB bot "$BOT_PASSWORD")"
echo "hash: $(mkpasswd -m sha-512 "$ROOT_PASSWORD")"
echo "sum: $(md5sum <<<"$API_TOKEN")"
echo "b64: $(printf %s "$API_TOKEN" | base64)"
echo "x: $(sha256sum <<<"$API_TOKEN" | sed "s/^/$API_TOKEN /")"
echo "y: $(htpasswd -b -c f bot "$BOT_PASSWORD"; cat <<<"$BOT_PASSWORD")"
echo "z: $(openssl enc -base64 <<<"$API_TOKEN")"
"""


def test_a_digest_of_a_secret_prints_no_secret(tmp_path: Path) -> None:
    """A command substitution with a stage printing a one-way digest of what it reads or of its
    operands (`openssl passwd`, `htpasswd -n`, `mkpasswd`, `sha256sum`, `md5sum`), and stages after
    it that read only its output (`| cut -c1-12`), shows a hash: no secret. An encoding (`base64`,
    `openssl enc`), a later stage adding the secret back, and a hasher writing to a file beside a
    print of the secret still print it."""
    results, notes = engine_scan(tmp_path, {"setup.sh": DIGESTS}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("setup.sh", 10, 1, "DCR003"), ("setup.sh", 11, 1, "DCR003"),
                              ("setup.sh", 12, 1, "DCR003"), ("setup.sh", 13, 1, "DCR003")]
    assert notes == []
