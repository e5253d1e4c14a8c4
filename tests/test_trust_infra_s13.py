"""Infrastructure code read as a reviewer reads it (session 13): fixtures written here, each
principle beside a real secret or leak that stays reported at its exact place."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import brief, engine_scan

PRINTF_V = """\
#!/bin/bash
set_password() {
  local new_password
  new_password=$(openssl rand -base64 18)
  printf -v "$1" '%s' "$new_password"
  printf -vRESULT '%s' "$new_password"
  printf -v RESULT2 -- '%s' "$new_password"
  printf -- '%s\\n' "$new_password"
  printf '%s -v\\n' "$new_password"
  printf -v
  printf -v OUT '%s' x; echo "$new_password"
}
set_password DB_PASSWORD
"""


def test_printf_into_a_variable_prints_nothing(tmp_path: Path) -> None:
    """bash's `printf -v NAME` (also `-vNAME`) assigns what it formats to NAME: nothing reaches
    stdout, so nothing reaches the log. `printf --`, a format holding `-v`, a lone `-v` (an
    error, no variable) and an `echo` after `printf -v` on the same line still print."""
    results, notes = engine_scan(tmp_path, {"set-secrets.sh": PRINTF_V}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("set-secrets.sh", 8, 3, "DCR003"), ("set-secrets.sh", 9, 3, "DCR003"),
                              ("set-secrets.sh", 11, 25, "DCR003")]
    assert notes == []


YQ_NAME = """\
#!/bin/bash
if [ -n "$ROUTER" ]; then
  export ROUTER_TLS_SECRET="platform-router-tls"
  echo "ROUTER_TLS_SECRET=$ROUTER_TLS_SECRET" | tee -a "$GITHUB_ENV"
fi
export ADMIN_SECRET="platform-admin-login"
echo "ADMIN_SECRET=$ADMIN_SECRET"
export PULL_SECRET="platform-pull"
echo "PULL_SECRET=$PULL_SECRET"
yq eval '
  .ingress.grpc.tls.secretName = strenv(ROUTER_TLS_SECRET) |
  .auth.existingSecret."secret-file" |= env(PULL_SECRET) |
  .auth.adminPassword = strenv(ADMIN_SECRET)
' values.yml > out.yml
"""


def test_a_variable_yq_writes_under_a_name_key_holds_a_name(tmp_path: Path) -> None:
    """A variable yq writes into a key named for a name, a file or a path (`.tls.secretName =
    strenv(X)`, `|= env(X)`) holds the name of a Secret, as one given to `kubectl get secret`
    does: printing it shows no credential. One written into a password key is what it says."""
    results, notes = engine_scan(tmp_path, {"deploy.sh": YQ_NAME}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("deploy.sh", 7, 1, "DCR003")]
    assert notes == []


SWITCHES = """\
#!/bin/bash
echo "Token check: ${INPUTS_ENABLE_ZEEBE_TOKEN_CHECK}"
echo "Password login: ${DISABLE_PASSWORD_AUTH}"
echo "skip? $skip_password_prompt"
echo "Token: ${TOKEN_TO_ENABLE_SYNC}"
echo "Password: ${ENABLED_USER_PASSWORD}"
echo "Skipper: ${SKIPPER_TOKEN}"
"""


def test_a_name_that_switches_a_secret_on_or_off_holds_a_flag(tmp_path: Path) -> None:
    """A switch verb (enable, disable, skip) before the name's secret word makes the name a
    switch about the secret (`ENABLE_ZEEBE_TOKEN_CHECK`), not the secret. After it (`TOKEN_TO_
    ENABLE_SYNC`), as an adjective (`ENABLED_USER_PASSWORD`) or glued into another word
    (`SKIPPER_TOKEN`), the name is the secret's."""
    results, notes = engine_scan(tmp_path, {"show.sh": SWITCHES}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("show.sh", 5, 1, "DCR003"), ("show.sh", 6, 1, "DCR003"), ("show.sh", 7, 1, "DCR003")]
    assert notes == []


@pytest.mark.parametrize(("name", "secret"), [
    ("INPUTS_ENABLE_ZEEBE_TOKEN_CHECK", False), ("DISABLE_PASSWORD_AUTH", False), ("enableTokenAuth", False),
    ("skip-api-key-validation", False), ("TOKEN_TO_ENABLE_SYNC", True), ("ENABLED_USER_PASSWORD", True),
    ("SKIPPER_TOKEN", True), ("DB_PASSWORD", True),
])
def test_switch_names(name: str, secret: bool) -> None:
    from dcrlint.secretnames import is_secret_name

    assert is_secret_name(name) is secret


PAIRS = """\
pipeline {
  agent any
  environment {
    CI_AUTH='user:password'
    WEB_AUTH='admin:changeme'
    PROXY_AUTH='bob:<password>'
    HOOK_AUTH='user:Kq7-lantern-52'
    ADMIN_AUTH='admin:admin'
    SVC_AUTH='svc:password:Kq7'
  }
  stages { stage('a') { steps { sh 'make' } } }
}
"""


def test_a_user_password_pair_whose_password_is_a_placeholder_is_one(tmp_path: Path) -> None:
    """A `user:password` pair (basic auth, htpasswd style) whose password part alone is a
    placeholder (`password`, `changeme`, `<password>`) gives away nothing more than that part
    alone would. A pair with a real password, the stock pair `admin:admin` and a value with
    two colons stay reported."""
    results, notes = engine_scan(tmp_path, {"Jenkinsfile": PAIRS}, rules=frozenset({"DCR010"}))
    assert brief(results) == [("Jenkinsfile", 7, 16, "DCR010"), ("Jenkinsfile", 8, 17, "DCR010"),
                              ("Jenkinsfile", 9, 15, "DCR010")]
    assert notes == []


JSON_TEMPLATE = """\
[
  {
    "name": "app",
    "image": "${image}",
    "cpu": ${cpu},
    %{ if sidecar_enabled ~}
    "dependsOn": [{"containerName": "${sidecar_name}", "condition": "START"}],
    %{ endif ~}
    "environment": ${env_json},
    "healthCheck": {"command": ["CMD-SHELL", "curl -f https://probe:Kq7-lantern-52@localhost/health"]}
  }
  %{ if sidecar_enabled ~}
  ,
  ${sidecar_json}
  %{ endif ~}
  %{ if init_enabled ~}
  ,
  ${init_json}
  %{ endif ~}
]
"""


@pytest.mark.parametrize(("name", "notes_expected"), [
    ("templates/task.json.tpl", 0), ("modules/ecs/templates/task.yml.tpl", 0),
    ("templates/broken.json.tpl", 1),
])
def test_a_json_template_renders_its_items_before_yaml_reads_it(tmp_path: Path, name: str,
                                                                 notes_expected: int) -> None:
    """A JSON document Terraform's templatefile renders (an ECS task definition): an interpolation
    alone on its line after a `,` a directive keeps is an item of the flow sequence (masked as a
    scalar), not a block of YAML (blanked, which left `, ,`: a wrong 'not YAML' warning). A
    template broken otherwise is still told; its text is read either way."""
    text = JSON_TEMPLATE if "broken" not in name else JSON_TEMPLATE.replace('"cpu": ${cpu},', '"cpu": ${cpu},,')
    results, notes = engine_scan(tmp_path, {name: text}, rules=frozenset({"DCR050", "DCR040"}))
    assert brief(results) == [(name, 10, 69, "DCR050")]
    assert len(notes) == notes_expected


EDIT_INSTRUCTIONS = """\
db_password: CUSTOMIZE_THIS
smtp_password: CUSTOMIZE_ME
api_token: EDIT_ME
backup_password: UPDATE_THIS
ldap_password: CONFIGURE_ME
vpn_secret: TO_BE_SET
mqtt_password: to-be-configured
admin_password: CORRECT_HORSE_BATTERY_STAPLE
root_password: UPDATE2024PASS!
cache_password: EDIT_ITEMS
"""


def test_an_edit_instruction_is_no_secret(tmp_path: Path) -> None:
    """A value telling the reader to edit it (`CUSTOMIZE_THIS`, `EDIT_ME`, `TO_BE_SET`), as
    `CHANGEME` and `REPLACE_ME` do: an edit verb pointing at the value itself, or what is still to
    be done to it. A passphrase in capitals, a verb glued to digits and one followed by another
    word (`EDIT_ITEMS`) stay reported."""
    results, notes = engine_scan(tmp_path, {"group_vars/all/secrets.yml": EDIT_INSTRUCTIONS},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("group_vars/all/secrets.yml", 8, 17, "DCR023"),
                              ("group_vars/all/secrets.yml", 9, 16, "DCR023"),
                              ("group_vars/all/secrets.yml", 10, 17, "DCR023")]
    assert notes == []


MARKED = """\
registry:
  password: testpassword1
  token: testpassword2
  api_key: testtoken3
  secret: dummysecret
  client_secret: fake_api_key
  hook_token: testpwd_Kq7lantern52
  deploy_token: test123
"""


def test_a_test_marker_glued_to_a_credential_word_is_a_stand_in(tmp_path: Path) -> None:
    """`test`, `dummy`, `fake` or `mock` glued to a credential word, maybe numbered
    (`testtoken3`), is a stand-in under whichever secret-named key holds it, as it was under the
    key it repeats. A random tail after the marker, or `test` with digits alone, stay reported."""
    results, notes = engine_scan(tmp_path, {"molecule/default/vars.yml": MARKED.replace("registry:", "---\nregistry:")},
                                 rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(8, 15), (9, 17)]
    assert notes == []


SECRET_FILES = """\
secret:
  files:
    app:
      data:
        secretKey1: secretValue1
        tokenKey: TOKEN_VALUE
      encodedData:
        secretKey3: c2VjcmV0VmFsdWUx
        secretKey4: S3E3LWxhbnRlcm4tNTI=
      stringData:
        apiKey: secretValueKq7lantern52
sealed:
  encryptedData:
    WEBPASSWORD: AgBZ8VzTxW5... # your encrypted value here
    ADMIN_PASSWORD: Kq7-lantern\u2026
    API_PASSWORD: Kq7.lantern.52
"""


def test_a_value_named_as_a_secret_value_or_cut_short_is_a_stand_in(tmp_path: Path) -> None:
    """A value naming itself a secret's value (`secretValue1`, `TOKEN_VALUE`, also base64 of
    one), or an example cut short with an ellipsis (`AgBZ8VzTxW5...`: the start of a value, the
    rest left out), holds no secret. Base64 of a password, a random tail after such a name, and dots
    inside a value stay reported."""
    results, notes = engine_scan(tmp_path, {"chart/values-test.yaml": SECRET_FILES}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(9, 21), (11, 17), (16, 19)]
    assert notes == []


@pytest.mark.parametrize(("value", "why"), [
    ("/Zq8vR2mXk4LpQ+w9s7T0aB1cD2eF3gH4iJ5kL6m", None), ("/Zq8vR2mXk4LpQw9s7T0aB1cD2eF3gH4iJ5kL6mN=", None),
    ("/Zq8vR2mXk4LpQw9s7T0aB1cD2eF3gH4iJ5kL6mN", None),
    ("/etc/secret", "a path"), ("/run/secrets/db", "a path"), ("/var/lib/app/token.txt", "a path"),
    ("./secrets/Zq8vR2mXk4LpQ", "a path"),
])
def test_base64_material_starting_with_a_slash_is_no_path(value: str, why: str | None) -> None:
    """`/` is a base64 character: one random value in 64 starts with it. Base64 text with a `+`,
    padding, or a part of 12 or more mixing capitals, small letters and digits is material, not a
    path; file system paths stay paths."""
    from dcrlint.notsecret import not_a_secret

    assert not_a_secret(value) == why


EXAMPLE_ENV = """\
DB_HOST=127.0.0.1
DB_USER=appuser
DB_PASSWORD=appuser
DB_NAME=shop
ADMIN_PASSWORD=shop
API_TOKEN=Kq7-lantern-52
SMTP_PASSWORD=Correct-Horse-Staple
REDIS_PASSWORD=
"""


@pytest.mark.parametrize("name", [".env.example", "config/.example.env", ".env.dist", ".env.sample",
                                  ".env.local.template"])
def test_an_example_env_file_password_equal_to_a_sibling_value_is_a_stand_in(tmp_path: Path, name: str) -> None:
    """In an env file named as an example to copy, a password equal to a value the file gives a
    name that is no secret (the user, the database) was written from it: a stand-in. A password
    equal to nothing beside it (a token, a passphrase) stays reported."""
    results, notes = engine_scan(tmp_path, {name: EXAMPLE_ENV}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(6, 11), (7, 15)]
    assert notes == []


def test_a_password_equal_to_another_name_in_a_real_env_file_stays_reported(tmp_path: Path) -> None:
    """The same lines in a file a program reads (`.env`, `prod.env`): each password is reported,
    the database's name again too, and the user name given beside (`DB_PASSWORD=appuser` after
    `DB_USER=appuser`: a weak password, still the database's)."""
    results, _ = engine_scan(tmp_path, {".env": EXAMPLE_ENV, "deploy/prod.env": EXAMPLE_ENV},
                             rules=frozenset({"DCR023"}))
    assert [(p, line) for p, line, _, _ in brief(results)] == [
        (".env", 3), (".env", 5), (".env", 6), (".env", 7),
        ("deploy/prod.env", 3), ("deploy/prod.env", 5), ("deploy/prod.env", 6), ("deploy/prod.env", 7)]


BOUNDS = """\
oidc:
  accessTokenValidity: "minutes=5"
  refreshTokenValidity: "days=30"
  tokenLifetime: 3600s-ish
  llm:
    tokenLimit: four-thousand
  refreshToken: "days=30"
"""


def test_a_name_for_how_long_or_how_much_of_a_credential_holds_a_setting(tmp_path: Path) -> None:
    """A name whose last word says how long a credential is valid (`accessTokenValidity`,
    `tokenLifetime`) or a bound of something counted (`tokenLimit`) holds a setting about the
    secret, whatever its value looks like. The credential's own name stays reported."""
    results, notes = engine_scan(tmp_path, {"chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
                                            "chart/values.yaml": BOUNDS}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("chart/values.yaml", 7, 18, "DCR023")]
    assert notes == []


THRESHOLDS = """\
#!/bin/bash
PASS_THRESHOLD_PCT="${PASS_THRESHOLD_PCT:-70}"
TOKEN_LIMIT=${TOKEN_LIMIT:-4096}
echo "WARN: usage >= ${PASS_THRESHOLD_PCT}% of the limit"
echo "limit: $TOKEN_LIMIT"
echo "token: $API_TOKEN"
"""


def test_a_threshold_or_a_share_named_with_a_secret_word_is_no_secret(tmp_path: Path) -> None:
    """`PASS_THRESHOLD_PCT` (a test's pass mark), `TOKEN_LIMIT`: a bound, not a credential."""
    results, notes = engine_scan(tmp_path, {"check.sh": THRESHOLDS}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("check.sh", 6, 1, "DCR003")]
    assert notes == []


ECHOED_NAMES = """\
#!/usr/bin/env bash
SECRETS=$(kubectl get externalsecrets -A -o json | jq -r '.items[] | "\\(.metadata.namespace)/\\(.metadata.name)"')
echo "$SECRETS" | while read -r secret; do
  echo "  - $secret"
done
PASSWORDS=$(kubectl get secret app -o jsonpath='{.data.password}' | base64 -d)
echo "$PASSWORDS" | while read -r pw; do
  echo "  - $pw"
done
printf '%s\\n' "$SECRETS" | while read -r token; do
  echo "resync $token"
done
"""


def test_a_loop_reading_echoed_names_reads_names(tmp_path: Path) -> None:
    """jq building a string from names (`"\\(.metadata.namespace)/\\(.metadata.name)"`) prints
    names; `echo "$NAMES" | while read -r x` (or `printf '%s\\n'`) reads what the variable holds.
    A loop over echoed passwords still prints them."""
    results, notes = engine_scan(tmp_path, {"resync.sh": ECHOED_NAMES}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("resync.sh", 8, 3, "DCR003")]
    assert notes == []


SETTINGS_WITH_WEAK_PASSWORDS = """\
rabbit = https://bob:notifi@mq.example.org:15672/api
other = https://ann:ocation@db.example.org/x
"""


def _keys(doc: object) -> set[str]:
    if isinstance(doc, dict):
        return set(doc) | {k for v in doc.values() for k in _keys(v)}
    if isinstance(doc, list):
        return {k for v in doc for k in _keys(v)}
    return set()


@pytest.mark.parametrize(("fmt", "keys"), [
    ("json", {"notifications", "findings"}), ("sarif", {"physicalLocation", "artifactLocation", "locations"}),
    ("gitlab", {"location", "check_name"}),
])
def test_a_weak_password_never_masks_a_json_reports_keys(lint: Any, fmt: str, keys: set[str]) -> None:
    """The last scrub of a report masks every form of every secret in its text; a password that
    is part of a word dcrlint writes (`notifi` of `notifications`, `ocation` of `locations`) turned
    the JSON, SARIF and GitLab reports' keys into keys no reader knows (`"******cations"`). A JSON
    document's keys are dcrlint's own names: kept whole, on standard output, in a report file and
    a baseline. The passwords are still nowhere else in the output."""
    import json

    lint.write("app.conf", SETTINGS_WITH_WEAK_PASSWORDS)
    out = lint("--format", fmt, "--fail-on", "never", ".")
    lint("--format", fmt, "--fail-on", "never", "-o", "report.out", "--write-baseline", "base.json", ".")
    for text in (out.out, (lint.root / "report.out").read_text()):
        doc = json.loads(text)
        assert keys <= _keys(doc) and not any("*" in k for k in _keys(doc))
        values = json.dumps([v for v in _values(doc)])
        # (inside a longer word, `notifications` in a rule's text, a short password is left:
        # masking it there would spell it out, see redact._WORD_SECRET)
        assert not re.search(r"(?<![A-Za-z0-9])(?:notifi|ocation)(?![A-Za-z0-9])", values)
    baseline = json.loads((lint.root / "base.json").read_text())
    assert "findings" in baseline and len(baseline["findings"]) == 2
    assert lint("--baseline", "base.json", "--format", fmt, "--fail-on", "warning", ".").code == 0


def _values(doc: object) -> list[object]:
    if isinstance(doc, dict):
        return [x for v in doc.values() for x in _values(v)]
    if isinstance(doc, list):
        return [x for v in doc for x in _values(v)]
    return [doc]


def _sealed(first: int) -> str:
    """A kubeseal-shaped ciphertext: two length bytes (0x0200), then bytes starting with `first`."""
    import base64

    return base64.b64encode(b"\x02\x00" + bytes((first + i * 37) % 256 for i in range(560))).decode()


def test_every_kubeseal_ciphertext_is_ciphertext(tmp_path: Path) -> None:
    """kubeseal's output starts with the RSA-encrypted key's length (0x0200): base64 `Ag` and
    then A, B, C or D, by the first bits of the random byte after it. Only `AgA` was read as
    ciphertext: three sealed values in four, under a chart's `encryptedData:`, were plaintext
    secrets. Other prefixes and short `AgB` values stay reported."""
    import base64

    other = base64.b64encode(b"\x02\x10" + bytes((7 + i * 37) % 256 for i in range(560))).decode()
    values = (f"sealed:\n  encryptedData:\n    A_PASSWORD: {_sealed(0x00)}\n    B_PASSWORD: {_sealed(0x40)}\n"
              f"    C_PASSWORD: {_sealed(0x80)}\n    D_PASSWORD: {_sealed(0xC0)}\n    E_PASSWORD: {other}\n"
              "    F_PASSWORD: AgBKq7lantern52Kq7lantern52\n")
    assert [v.split(": ")[1][:3] for v in values.splitlines()[2:6]] == ["AgA", "AgB", "AgC", "AgD"]
    results, notes = engine_scan(tmp_path, {"chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
                                            "chart/values.yaml": values}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(7, 17), (8, 17)]
    assert notes == []


KUBECTL_IN_A_VARIABLE = """\
#!/usr/bin/env bash
K="kubectl -n ${NAMESPACE}"
AUTH_SECRET=proxy-auth
CERT_SECRET="$(python3 -c "import yaml; print(yaml.safe_load(open('v.yaml'))['cert']['name'])")"
echo "==> htpasswd Secret ${AUTH_SECRET}"
PASSWD="$($K get secret "$AUTH_SECRET" -o jsonpath='{.data.passwd}' | base64 -d)"
if ${K} get secret "$CERT_SECRET" >/dev/null 2>&1; then
  echo "==> ${CERT_SECRET} present"
fi
echo "existing: $PASSWD"
KC=kubectrl
$KC get secret "$DB_SECRET"
echo "db: $DB_SECRET"
"""


def test_a_secret_name_given_to_kubectl_run_from_a_variable_is_a_name(tmp_path: Path) -> None:
    """A script that keeps kubectl with its options in a variable (`K="kubectl -n ${NS}"`) runs
    `$K get secret "$X"`: X names a Secret there, as with kubectl written out. What it reads
    from the Secret's data stays a secret, and a variable holding another program is no kubectl."""
    results, notes = engine_scan(tmp_path, {"upgrade.sh": KUBECTL_IN_A_VARIABLE}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("upgrade.sh", 10, 1, "DCR003"), ("upgrade.sh", 13, 1, "DCR003")]
    assert notes == []


LISTS = """\
apiVersion: v1
kind: Secret
metadata:
  name: app-env
stringData:
  PAPERLESS_APPS: "allauth.socialaccount.providers.openid_connect"
  ALLOWED_REGIONS: "eu_west.eu_central"
  PAPERLESS_SECRET_KEY: "allauth.socialaccount.providers.openid_connect"
  SESSION_KEYS: "Kq7lantern52Kq7lantern52"
"""


def test_a_list_of_settings_in_a_secret_is_a_setting(tmp_path: Path) -> None:
    """A Secret's key whose last word is the plural of a setting word (`PAPERLESS_APPS`,
    `ALLOWED_REGIONS`) holds a list of such settings: an identifier there is a setting, as under
    `PAPERLESS_APP`. A secret's key, and a random value under another plural, stay reported."""
    results, notes = engine_scan(tmp_path, {"k8s/secret.yaml": LISTS}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(8, 26), (9, 18)]
    assert notes == []


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


POSSESSIVE_NAMES = """\
# Admin API token for the tracker's HTTP API
TRACKER_API__ACCESS_TOKENS__ADMIN='MyAccessToken'
SERVICE_API_KEY=YourApiKey
DB_PASSWORD=SummerPassword
HOOK_TOKEN=MyAccessTokenKq7lantern
"""


def test_a_possessive_pascal_case_name_of_a_secret_is_a_stand_in(tmp_path: Path) -> None:
    """`MyAccessToken` names what belongs there, as `myAccessToken` and `my_access_token`
    already did: PascalCase after my/your/some ending in a secret word. Other PascalCase words
    (`SummerPassword`) may be a password, and a random tail keeps the value a secret."""
    results, notes = engine_scan(tmp_path, {"deploy/.env": POSSESSIVE_NAMES}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/.env", 4, 13, "DCR023"), ("deploy/.env", 5, 12, "DCR023")]
    assert notes == []


MASKED_FIRST = """\
on: push
jobs:
  create:
    runs-on: ubuntu-latest
    steps:
      - run: |
          db_password="$(openssl rand -base64 12)"
          echo "before: $db_password"
          echo "::add-mask::$db_password"
          echo "db_password=$db_password" | tee -a "$GITHUB_OUTPUT"
          printf '%s\\n' "$db_password"
          echo "token: $API_TOKEN"
      - run: |
          echo "other step: $db_password"
"""


def test_a_value_masked_by_the_runner_before_is_printed_masked(tmp_path: Path) -> None:
    """After `echo "::add-mask::$X"` the runner writes `***` for X's value wherever the job
    prints it: a later print of X in the same script leaks nothing. A print before the mask,
    another variable, and another step's shell (where the mask's variable is not set) still
    report."""
    results, notes = engine_scan(tmp_path, {".github/workflows/ci.yml": MASKED_FIRST}, rules=frozenset({"DCR003"}))
    assert brief(results) == [(".github/workflows/ci.yml", 8, 11, "DCR003"), (".github/workflows/ci.yml", 12, 11, "DCR003"),
                              (".github/workflows/ci.yml", 14, 11, "DCR003")]
    assert notes == []
