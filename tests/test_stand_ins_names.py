"""A value that names the secret it stands in for, each with the near misses that stay reported:
possessive PascalCase words ending in a secret word (`MyAccessToken`, as `my_access_token`);
`some`, what the secret is for, then the secret's word, run together (`someslacksecret`), and
such camelCase words after `my` (`mySuperSecurePW`). Other PascalCase words (`SummerPassword`),
`my` glued to a lower-case word, words apart (`my-little-secret`) may be a passphrase.
A secret's name in upper-case snake written as a value names a key of a Secret kept elsewhere
(`S3_PASSWORD`); a value saying what puts the secret there (`replaced_by_sidecar_proxy`,
`injected-at-runtime`, `Basic <base64-credentials>`) stands in."""

from __future__ import annotations

from pathlib import Path

import pytest
from _helpers import scan_as_written as scan
from conftest import K8S_RULES, brief, engine_scan

from dcrlint.notsecret import not_a_secret

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


@pytest.mark.parametrize(("value", "stand_in"), [
    ("someslacksecret", True), ("mysuperpassword", False), ("mysql_strong_password", False), ("MySuperPassword", True),
    ("somepassphrase", True), ("some_slack_secret", True),
    ("mySuperSecureAdminPW", True), ("my-super-secret-auth-token", False), ("my-little-secret", False),
    ("my-Pv3x-token", False), ("mycompass", False),
    ("somemonkey", False), ("Mykonoskey", False), ("someslacksecretQ7", False), ("somepas", False),
])
def test_whose_then_what_for_then_a_secret_word(value: str, stand_in: bool) -> None:
    """`some`, what the secret is for, then the secret's word, run together, says what goes there
    (`someslacksecret`), as `somesecret` did; so do such camelCase words after `my` (`mySuperSecurePW`),
    as PascalCase ones (`MyAccessToken`) did. Not a word ending in `key` (`monkey`), nor `my` glued to
    a word in lower case (`mysql_strong_password`) or words apart (`my-little-secret`): both may be a
    passphrase."""
    from dcrlint.notsecret import not_a_secret

    assert (not_a_secret(value) is not None) is stand_in


KEY_NAMES = """\
s3:
  existingSecret: s3-credentials
  secretKeys:
    s3AccessKey: S3_PASSWORD
    s3SecretKey: s3Password
smtp:
  password: HUNTER_22
  token: Zq8xK2mW9pL4vBn3
"""


def test_a_secret_name_in_upper_case_snake_written_as_a_value_names_a_key(tmp_path: Path) -> None:
    # (`secretKeys:` beside `existingSecret:` names the keys of a Secret kept elsewhere)
    results, _ = scan(tmp_path, {"chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
                                 "chart/values.yaml": KEY_NAMES}, rules=K8S_RULES)
    assert brief(results) == [("chart/values.yaml", 7, 13, "DCR023"), ("chart/values.yaml", 8, 10, "DCR023")]
    assert [not_a_secret(v) for v in ("S3_PASSWORD", "DB_PASS", "S3_USER", "X_PASSWORD1")] \
        == ["a placeholder", "a placeholder", None, None]


STAND_INS = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: sandbox
spec:
  template:
    spec:
      containers:
      - name: agent
        image: registry.corp.example/agent:1
        env:
        - { name: GH_TOKEN, value: "replaced_by_sidecar_proxy" }
        - { name: API_TOKEN, value: "injected-at-runtime" }
        - { name: REPORTS_AUTH, value: "Basic <base64-credentials>" }
        - { name: UPSTREAM_AUTH, value: "Basic Zq8xK2mW9pL4vB" }
        - { name: CI_TOKEN, value: "replacedZq8xK2mW9" }
"""


def test_a_value_saying_what_puts_the_secret_there_is_a_stand_in(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"d.yaml": STAND_INS}, rules=K8S_RULES)
    # a scheme before a literal, a word run into random text: reported
    assert brief(results) == [("d.yaml", 15, 42, "DCR023"), ("d.yaml", 16, 37, "DCR023")]


@pytest.mark.parametrize(("value", "stand_in"), [
    ("my-secret-password-v2-456", True), ("my-secret-password-456", True), ("some.token.key-7", True),
    ("my_secret_password_456", True), ("My Secret Password", True),
    # a word that is no secret's, four digits, a random run: may be a password
    ("my-little-secret", False), ("my-secret-password-2024", False), ("MyPassword2024", False),
    ("my-secret-Qz8kW", False), ("my-secret-password-v2x", False),
])
def test_my_then_secret_words_apart_numbered(value: str, stand_in: bool) -> None:
    """`my`/`some` then secret words apart, maybe a version word and up to three digits after them
    (`my-secret-password-v2-456`), as run together (`mypassword`) or with underscores: the slot
    named. A word that is no secret's (`my-little-secret`) or four digits (`MyPassword2024`, decided)
    keep the value a password."""
    assert (not_a_secret(value) is not None) is stand_in


@pytest.mark.parametrize(("value", "stand_in"), [
    ("supersecret", True), ("strongpassword", True), ("securepass", True), ("supersecure", True),
    ("top-secret", True), ("Very_Strong_Password", True), ("goodpw1", True),
    # a value part beside, four digits, another word, a quality word alone: may be a password
    ("securepass-Vq8zL2", False), ("strongpassword2024", False), ("winterpassword", False), ("secure", False),
    ("supersecretQz8k", False),
])
def test_a_value_that_only_describes_a_secret(value: str, stand_in: bool) -> None:
    """Intensifier or quality words, then a secret's word or another quality word, say what kind
    of value belongs there (the lead's ruling on held-out 20b D1): a stand-in in every file."""
    assert (not_a_secret(value) is not None) is stand_in
