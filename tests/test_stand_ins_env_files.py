"""Stand-ins in env files, each with the near misses that stay reported: a value left empty with
a comment after a blank says how to make it (`NAME= # openssl rand ...`), lower-case words say how
to get it (`generate_a_new_key`). In an example to copy (`.env.example`, `.env.dist`): runs of the
alphabet, an edit instruction or a phrase saying any value will do in PascalCase words,
lower-case words naming the secret as a key does; outside an example such words may be the
password someone chose. (A password equal to a value beside it: test_user_name_pairs.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

RULES = frozenset({"DCR003", "DCR010", "DCR023", "DCR051"})


REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


ENV_FILE = f"""\
# Authentication
APP_SECRET_KEY= # openssl rand 60 | base64
APP_ACCESS_KEY_ENCRYPTION=\t#key for the database, make it with: head -c32 /dev/urandom | base64
MAIL_PASSWORD=smtp_password
UTILS_SECRET=generate_a_new_key
OAUTH_CLIENT_SECRET=get_the_secret_of_the_key_above
DB_PASSWORD=#{REAL}
ADMIN_PASSWORD= {REAL} # the admin's
RELAY_PASSWORD=testing-password
API_TOKEN=Get-Cobalt-Harbor
SIGNING_SECRET=smtp_passwords
"""


def test_env_file_stand_ins_and_comments(tmp_path: Path) -> None:
    """An env file's value left empty with a comment after a blank (`NAME= # openssl rand ...`)
    says how to make it; lower-case words saying how to get it (`generate_a_new_key`) stand in
    for it. A `#` right after the `=`, a value before a comment, a passphrase of words joined by
    `-`, capitals, and a snake_case name as the value (a template's default may be the password
    itself: `smtp_password`) stay reported."""
    results, notes = engine_scan(tmp_path, {"templates/app/.env": ENV_FILE}, rules=RULES)
    assert brief(results) == [("templates/app/.env", 4, 15, "DCR023"), ("templates/app/.env", 7, 13, "DCR023"), ("templates/app/.env", 8, 17, "DCR023"),
                              ("templates/app/.env", 9, 16, "DCR023"), ("templates/app/.env", 10, 11, "DCR023"),
                              ("templates/app/.env", 11, 16, "DCR023")]
    assert notes == []


EXAMPLE_ENV = """\
TUNNEL_TOKEN=abcxyz
APP_SECRET=abcdefxyz
STATIC_CRON_TOKEN=ChangeThisValueToSomeSecret
SECRET=AnyLongAndHardToGuessString
DB_USERNAME=firefly
DB_PASSWORD=secret_firefly_password
MAIL_PASSWORD=mail-password
HOOK_TOKEN=abcxy
API_TOKEN=ChangeDirection
JWT_SECRET=Anyone
SMTP_PASSWORD=Kq7_password_Lm2
REDIS_PASSWORD=abcxyz1
"""


@pytest.mark.parametrize("path", ["cloudflared/.env.dist", "app/.env.example"])
def test_an_example_env_file_describing_its_secrets(tmp_path: Path, path: str) -> None:
    """An example env file's stand-ins: runs of the alphabet (`abcxyz`), an edit instruction or a
    phrase saying any value will do in PascalCase words, lower-case words that name the secret
    as a key does (`secret_firefly_password`). Near misses stay reported: two letters of a run,
    PascalCase words that instruct nothing, a random part among the words, a digit after a run."""
    results, notes = engine_scan(tmp_path, {path: EXAMPLE_ENV}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(8, 12), (9, 11), (10, 12), (11, 15),
                                                                  (12, 16)]
    assert notes == []


def test_words_naming_a_secret_are_a_password_outside_an_example(tmp_path: Path) -> None:
    """Outside an example to copy, lower-case words may be the password someone chose."""
    results, _ = engine_scan(tmp_path, {"app/.env": "DB_PASSWORD=secret_firefly_password\n"},
                             rules=frozenset({"DCR023"}))
    assert brief(results) == [("app/.env", 1, 13, "DCR023")]
