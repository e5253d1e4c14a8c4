"""A value that names the secret it stands in for, each with the near misses that stay reported:
possessive PascalCase words ending in a secret word (`MyAccessToken`, as `my_access_token`);
`some`, what the secret is for, then the secret's word, run together (`someslacksecret`), and
such camelCase words after `my` (`mySuperSecurePW`). Other PascalCase words (`SummerPassword`),
`my` glued to a lower-case word, words apart (`my-little-secret`) may be a passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

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
