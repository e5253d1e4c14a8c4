"""CI and release repositories read as a reviewer reads them (session 15): fixtures written here,
each principle beside a real secret or leak that stays reported at its exact place."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

BOUNDS = """\
LOGIN_RATELIMIT=5/hour
SESSION_AUTH_RATE=3/second
UPLOAD_TOKEN_QUOTA=2500
SIGNUP_AUTH_RATELIMIT_PER_HOST=40/day
SIGNUP_API_TOKEN=qT7vN2xLp9Rw4Zk8
"""


def test_a_rate_or_a_quota_of_a_secret_is_a_bound(tmp_path: Path) -> None:
    """A name whose word after the secret word is a rate, a rate limit or a quota holds how often
    or how much the credential may be used (`5/hour`), as a limit or a threshold does; the token
    beside them stays reported."""
    results, notes = engine_scan(tmp_path, {"deploy/app.env": BOUNDS}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/app.env", 5, 18, "DCR023")]
    assert notes == []


TOKEN_SERVICE = """\
services:
  store:
    image: distribution/registry:2
    environment:
      - STORE_AUTH_TOKEN_SERVICE=image_store
      - STORE_AUTH_TOKEN_ISSUER=forge-issuer
      - STORE_HTTP_SECRET=Vb8mQ2rT6yLw3Kz9
"""


def test_the_service_a_token_is_for_is_a_name(tmp_path: Path) -> None:
    """A registry's token auth names the service its tokens are issued for (`..._TOKEN_SERVICE`),
    as its issuer and realm: a party, not a credential. The HTTP secret beside it stays reported."""
    results, notes = engine_scan(tmp_path, {"compose.yaml": TOKEN_SERVICE}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("compose.yaml", 7, 27, "DCR023")]
    assert notes == []


DESCRIBED = """\
services:
  forge:
    image: example/forge:1
    environment:
      - FORGE_SECRET_KEY_BASE=very-long-random-alphanumeric-text
      - FORGE_COOKIE_SECRET=alphanumeric_key_of_64_chars
      - FORGE_SIGNING_SALT=random_salt
      - FORGE_DB_PASSWORD=blah
      - FORGE_CACHE_PASSWORD=blahblah
      - FORGE_QUEUE_PASSWORD=tidal-harbor-lantern
      - FORGE_MAIL_PASSWORD=random-tidal-harbor
"""


def test_words_describing_the_value_to_put_stand_in_for_it(tmp_path: Path) -> None:
    """A phrase of words that says the value is random or alphanumeric and names a kind of value
    (`very-long-random-alphanumeric-text`, `random_salt`) describes what to put there: a random
    value never calls itself random. Filler words (`blah`) stand in as `foo` does. A passphrase of
    plain words stays a password, also one holding `random` but naming no kind of value."""
    results, notes = engine_scan(tmp_path, {"compose.yaml": DESCRIBED}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("compose.yaml", 10, 30, "DCR023"), ("compose.yaml", 11, 29, "DCR023")]
    assert notes == []


WORKING_FOLDER = """\
#!/bin/bash
native_path() {
  local target="$1"
  local pwd="$PWD"
  if [[ "$OSTYPE" == msys ]]; then
    pwd="$(cygpath -w "$PWD")"
  fi
  echo "${target/.\\//$pwd/}"
}
show_home() {
  local pwd="${HOME}"
  echo "home: $pwd"
}
"""
READ_SECRET = """\
#!/bin/bash
show_db() {
  local pwd="$PWD"
  pwd="$(cat /run/secrets/db_pwd)"
  echo "db: $pwd"
}
"""


@pytest.mark.parametrize("value", [
    "random-token-q7w2e9r4t6y1", "alphanumeric-secret-Pz4Kw8Nq2Lx6", "b7n2-random-value-k9d4",
    "random-password-qzxcvbnmwt", "Random-Password", "Alphanumeric_Key_2025",
])
def test_a_describing_phrase_holds_words_only(tmp_path: Path, value: str) -> None:
    """Every part of a describing phrase is a lower-case word or a short number: a key after
    or before describing words (`random-token-<key>`), mixed case, a run of five consonants are
    a credential with a prefix, reported as before."""
    from dcrlint.values import ValueKind, classify

    assert classify(value) is ValueKind.LITERAL
    results, _ = engine_scan(tmp_path, {".env": f"SIGNING_TOKEN={value}\n"}, rules=frozenset({"DCR023"}))
    assert brief(results) == [(".env", 1, 15, "DCR023")]


def test_a_variable_copying_the_working_folder_holds_a_path(tmp_path: Path) -> None:
    """A variable whose every value is a folder the shell keeps (`$PWD`, `$HOME`) or a command
    printing a path (`cygpath`) holds a path, whatever its name (`pwd`); one also read from a
    secret file prints the secret."""
    results, notes = engine_scan(tmp_path, {"lib/paths.bash": WORKING_FOLDER, "lib/db.bash": READ_SECRET},
                                 rules=frozenset({"DCR003"}))
    assert brief(results) == [("lib/db.bash", 5, 3, "DCR003")]
    assert notes == []


FILE_OR_VALUE = """\
#!/bin/bash
if [ -f "${KEYSTORE_PASSWORD}" ]; then
  echo "Reading the keystore password from ${KEYSTORE_PASSWORD}"
  KEYSTORE_PASSWORD="$(cat "${KEYSTORE_PASSWORD}")"
  echo "read: ${KEYSTORE_PASSWORD}"
fi
[[ -s $SIGNING_TOKEN ]] && echo "signing token file: $SIGNING_TOKEN"
if [ ! -f "${SIGNING_TOKEN}" ]; then echo "signing token: ${SIGNING_TOKEN}"; fi
if [ -r "$SIGNING_TOKEN" ]; then :; fi; echo "after the test: $SIGNING_TOKEN"
SIGNING_TOKEN="$(vault kv get -field=token ci/signing)"
"""


def test_a_secret_tested_as_a_file_is_its_path_in_that_branch(tmp_path: Path) -> None:
    """Where a test found the variable to name a file (the `then` branch or `&&` right of
    `[ -f "$X" ]`, `[[ -s $X ]]`) and the script has not set it again, it holds the path of the
    file the secret is read from. After the read, in a negated test's branch, and after the `if`,
    it holds what it may: the secret."""
    results, notes = engine_scan(tmp_path, {"bin/start.sh": FILE_OR_VALUE}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("bin/start.sh", 5, 3, "DCR003"), ("bin/start.sh", 8, 38, "DCR003"),
                              ("bin/start.sh", 9, 41, "DCR003")]
    assert notes == []


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


STORED_KEYS = """\
steps:
  - name: gcr.io/cloud-builders/docker
    entrypoint: bash
    args: ['-c', 'docker login -u ci --password-stdin reg.example.org <<< "$$REG_TOKEN"']
    secretEnv: ['REG_TOKEN']
availableSecrets:
  secretManager:
    - versionName: projects/$PROJECT_ID/secrets/${_REGISTRY_TOKEN_KEY}/versions/latest
      env: REG_TOKEN
substitutions:
  _REGISTRY_TOKEN_KEY: registry_pull_token
  _CACHE_PASSWORD_KEY: build-cache-password
  _SIGNING_SECRET_KEY: release_signing
  _MIRROR_PASSWORD_KEY: Hq7mZ2xW9kLp
  _SITE_PASS_KEY: garden_gate_lantern
"""


def test_the_key_a_password_is_kept_under_is_a_name(tmp_path: Path) -> None:
    """A name for the key a password or token is kept under (`_REGISTRY_TOKEN_KEY`, a secret
    manager's entry) given an id (`registry_pull_token`) says which stored credential to use,
    as `*_CREDENTIALS: deploy-robot` does. A secret key (the credential itself) and a key-named
    variable given a credential's shape stay reported, and so does a pass key (a passkey is one)."""
    results, notes = engine_scan(tmp_path, {"cloudbuild.yaml": STORED_KEYS}, rules=frozenset({"DCR010"}))
    assert brief(results) == [("cloudbuild.yaml", 13, 24, "DCR010"), ("cloudbuild.yaml", 14, 25, "DCR010"),
                              ("cloudbuild.yaml", 15, 19, "DCR010")]
    assert notes == []


UNREADABLE_CONDITION = """\
#!/bin/bash
STATUS=1
if [ $STATUS -ne 0 ] AND [ $RETRIES -gt 3 ]; then
	echo "the mirror did not come up in time"
	exit 1
fi
mirrorctl sync --token $MIRROR_TOKEN
docker login -u ci -p "$REGISTRY_PASSWORD" reg.example.org
echo "pushed with $REGISTRY_PASSWORD"
"""


def test_a_line_break_ends_a_command_the_parser_could_not_read(tmp_path: Path) -> None:
    """Error recovery (a condition bash cannot read: `[ a ] AND [ b ]`) makes one command of the
    lines after it; a line break ends a simple command, so each line is one: the `echo` prints
    its message only, and the login and the print after it are found."""
    results, _ = engine_scan(tmp_path, {"wait.sh": UNREADABLE_CONDITION}, rules=frozenset({"DCR001", "DCR003"}))
    assert brief(results) == [("wait.sh", 8, 24, "DCR001"), ("wait.sh", 9, 1, "DCR003")]


TAGS = """\
#!/bin/bash
echo "INFO: GATEWAY_AUTH_TAG=${GATEWAY_AUTH_TAG}"
echo "INFO: RELEASE_TOKEN_TAGS=${RELEASE_TOKEN_TAGS}"
echo "INFO: GATEWAY_AUTH_TOKEN=${GATEWAY_AUTH_TOKEN}"
"""


def test_a_tag_is_no_secret(tmp_path: Path) -> None:
    """A name whose last word is `tag` holds an image's or a release's tag (the auth service's
    image), as a label is; the token beside it stays reported."""
    results, notes = engine_scan(tmp_path, {"run-tests.sh": TAGS}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("run-tests.sh", 4, 1, "DCR003")]
    assert notes == []


def test_a_continuation_before_a_crlf_line_end_joins_the_lines(tmp_path: Path) -> None:
    """A script with CRLF line ends (a Windows work tree) continues a command with `\\` before
    the `\\r\\n` as before a `\\n`: the login written over such lines keeps its password."""
    text = "#!/bin/sh\r\nregctl registry login \\\r\n  -u deployer \\\r\n  -p Ux4bN7qZ2m \\\r\n  mirror.example.net\r\n"
    results, _ = engine_scan(tmp_path, {"push.sh": text}, rules=frozenset({"DCR001", "DCR002"}), dedent=False)
    assert brief(results) == [("push.sh", 4, 6, "DCR001"), ("push.sh", 4, 6, "DCR002")]


def _token(**claims: object) -> str:
    import base64
    import json

    def part(d: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(dict(claims))}.Qm9va2tlZXBlci1zaWduYXR1cmUtOTE"


def test_an_api_descriptions_examples_are_documentation(tmp_path: Path) -> None:
    """Under `example`/`examples` an API description (OpenAPI, Swagger: a YAML document whose
    root holds `openapi` or `swagger`) shows what a value looks like: documentation, as a README's
    sample token is. A token elsewhere in it, and `examples` of any other YAML, stay reported."""
    sample = _token(iss="ledger", sub="alice", exp=1600000000)
    other = _token(iss="ledger", sub="ci-bot", exp=4100000000)
    api = f"""\
openapi: 3.1.0
info: {{title: Ledger, version: "2"}}
components:
  schemas:
    Session:
      type: object
      properties:
        token:
          type: string
          examples:
            - {sample}
        refresh:
          type: string
          example: '{sample}'
x-ci:
  deploy_token: {other}
"""
    plain = f"examples:\n  - {other}\n"
    results, _ = engine_scan(tmp_path, {"api/ledger.yaml": api, "conf/tokens.yaml": plain},
                             rules=frozenset({"DCR051", "DCR041"}), dedent=False)
    assert brief(results) == [("api/ledger.yaml", 16, 17, "DCR051"), ("conf/tokens.yaml", 2, 5, "DCR051")]
