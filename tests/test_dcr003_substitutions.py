"""DCR003: what a command substitution given a secret prints of it: an HTTP client's response (the
secret is sent, the response printed), a masked form, one field of a secret's JSON whose name says
it is no secret (`jq -r .expiresOn`). A client printing its request, sending the secret as data a
server may echo, an encoding, and a neutral field (`.value`) still print it. A last stage that
counts what it reads (`grep -c`, `wc`) shows a number, and a stage printing a one-way digest
(`openssl passwd`, `htpasswd -n`, `sha256sum`) a hash; a filter passing lines on, a later stage
adding the secret back do not."""

from __future__ import annotations

from pathlib import Path

from _helpers import scan_as_written as scan
from conftest import brief, engine_scan

SUBSTITUTED = """\
#!/bin/bash
GRID_TOKEN="$(cat /run/secrets/grid)"
echo "Option: -Dgrid.token=$(mask "${GRID_TOKEN}")"
echo "$(curl -s -H "Authorization: Bearer ${GRID_TOKEN}" https://grid.example.org/status)"
echo "$(wget -qO- --header "Authorization: Bearer ${GRID_TOKEN}" https://grid.example.org/status | jq .ready)"
echo "$(curl -s -H "Authorization: Bearer ${GRID_TOKEN}" --data '{"query": "{ grid { ready } }"}' https://grid.example.org/q)"
echo "$(curl -s -H "Authorization: Bearer ${GRID_TOKEN}" -d '{"query": "query($k: Int) { nodes(k: $k) }"}' https://q)"
echo "$(curl -sv -H "Authorization: Bearer ${GRID_TOKEN}" https://grid.example.org/status)"
echo "$(curl --trace-ascii - -u "ci:${GRID_TOKEN}" https://grid.example.org/status)"
echo "$(curl -s -d "token=${GRID_TOKEN}" https://grid.example.org/echo)"
echo "$(curl -s --data-urlencode "token=${GRID_TOKEN}" https://grid.example.org/echo)"
echo "$(curl -sF "token=${GRID_TOKEN}" https://grid.example.org/echo)"
echo "$(curl -s --json "{\"t\": \"${GRID_TOKEN}\"}" https://grid.example.org/echo)"
echo "$(wget -qO- --post-data "token=${GRID_TOKEN}" https://grid.example.org/echo)"
echo "Option: -Dgrid.token=$(masked "${GRID_TOKEN}")"
echo "$(printf %s "${GRID_TOKEN}" | base64)"
echo "$(wget -qdO- --header "Authorization: Bearer ${GRID_TOKEN}" https://grid.example.org/status)"
"""


def test_a_substitution_printing_no_operand_shows_no_secret(tmp_path: Path) -> None:
    """A command substitution whose command prints a masked form of what it is given (a program
    named `mask`), or an HTTP client's response (curl, wget: the secret is sent, the response
    printed) shows no secret. A client printing its request (`-v`, `--trace-ascii`), sending the
    secret as data a server may echo (`-d`, `--data*`, `-F`, `--json`, wget's `--post-data`), any
    other program, and an encoding still print it; literal data beside a secret header does not
    (a `$` in single quotes, a GraphQL variable, expands nothing)."""
    results, notes = engine_scan(tmp_path, {"probe.sh": SUBSTITUTED}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("probe.sh", line, 1, "DCR003") for line in range(8, 18)]
    assert notes == []


JQ_SCRIPT = """\
#!/bin/bash
tokenInfo=$(az account get-access-token)
echo "acquired, expires $(echo "$tokenInfo" | jq -r .expiresOn)"
echo "day $(echo "$tokenInfo" | jq -r '.token.expires_at' | cut -c1-10)"
echo "token $(echo "$tokenInfo" | jq -r .accessToken)"
echo "all $(echo "$tokenInfo" | jq .)"
echo "kind $(echo "$tokenInfo" | jq -r .token_type)"
echo "kv $(echo "$VAULT_SECRET" | jq -r .value)"
echo "ssm $(echo "$DB_SECRET" | jq -r .Parameter.Value)"
"""


def test_a_jq_field_of_a_secret_is_that_field(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"get-token.sh": JQ_SCRIPT}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("get-token.sh", 5, 1, "DCR003"), ("get-token.sh", 6, 1, "DCR003"),
                              ("get-token.sh", 8, 1, "DCR003"), ("get-token.sh", 9, 1, "DCR003")]


COUNTS = """\
#!/bin/bash
PASSWD=$(htpasswd -nb bot "$BOT_PW")
echo "    written ($(grep -c . <<<"$PASSWD") entries)"
echo "token length: $(printf %s "$API_TOKEN" | wc -c)"
echo "lines: $(wc -l <<< "$API_TOKEN")"
echo "x $(grep -v '^#' <<<"$PASSWD")"
echo "$(cat <<<"$API_TOKEN") $(wc -l < f)"
echo "c: $(grep -e c <<<"$PASSWD")"
"""


def test_a_count_of_a_secret_prints_no_secret(tmp_path: Path) -> None:
    """A command substitution whose last stage counts what it reads (`grep -c`, `wc`) shows a
    number: `echo "written ($(grep -c . <<<"$PASSWD") entries)"` prints no password. A filter
    that passes lines on (`grep -v`, `grep -e c`), or a count beside the secret, still prints it."""
    results, notes = engine_scan(tmp_path, {"upgrade.sh": COUNTS}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("upgrade.sh", 6, 1, "DCR003"), ("upgrade.sh", 7, 1, "DCR003"),
                              ("upgrade.sh", 8, 1, "DCR003")]
    assert notes == []


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
