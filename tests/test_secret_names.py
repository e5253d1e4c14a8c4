"""What a secret-worded name holds, read from its words (`secretnames.is_secret_name`; the words
after its secret word: test_name_qualifiers.py), each with the near misses that stay reported: a
switch verb before the secret word (`ENABLE_ZEEBE_TOKEN_CHECK`, `DISABLE_PASSWORD_AUTH`) makes a
switch about the secret; a bound of something counted or a threshold (`tokenLimit`, `TOKEN_LIMIT`,
`PASS_THRESHOLD_PCT`), how long a credential is valid (`accessTokenValidity`, `tokenLifetime`), a
setting about it. A file's owner or group named before the file (`file_owner_passwd`) and a state
(`passwd_state`) hold no secret."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.secretnames import is_secret_name

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


@pytest.mark.parametrize(("name", "secret"), [
    ("file_owner_passwd", False), ("file_group_secrets", False), ("dir_mode_htpasswd", False),
    ("file_owner_credentials_cnf", False), ("passwd_state", False),
    # a user's or group's number (the passwd database's entry), as an id is
    ("APP_PASSWD_UID", False), ("vault_secrets_gid", False), ("tokenUid", False),
    # near misses: the secret itself
    ("owner_password", True), ("group_token", True), ("mysqld_exporter_mysql_password", True),
    ("file_password", True), ("db_password", True), ("token.conf", True), ("UID_PASSWORD", True),
])
def test_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


def test_a_user_number_printed_is_no_secret(tmp_path: Path) -> None:
    """A variable named for a password database's user number holds an id (`id -u`), printed."""
    script = ('#!/bin/bash\nAPP_PASSWD_UID=$(id -u app 2>/dev/null || echo 0)\necho "uid: ${APP_PASSWD_UID}"\n'
              'echo "pw: ${APP_PASSWD}"\n')
    results, _ = engine_scan(tmp_path, {"entry.sh": script}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("entry.sh", 4, 1, "DCR003")]
