"""DCR050: what in a URL's password slot is no literal password, each with the near misses that stay
reported: the word a scheme takes there after a token given as the user
(`https://$TOKEN:x-oauth-basic@host`); a regular expression (`redis://:[^@]+@`, a scanner's
pattern); a URL written as a syntax description, its optional parts in brackets; a stand-in user
with a password slot named for what goes there (`username:api_token`); a port above 65535."""

from __future__ import annotations

from pathlib import Path

from _helpers import found as _found
from conftest import brief, engine_scan

RULES = frozenset({"DCR001", "DCR002", "DCR023", "DCR050", "DCR051"})


def test_a_token_user_with_the_schemes_fixed_password_word_is_no_literal_password() -> None:
    """`https://$TOKEN:x-oauth-basic@host/...`: the token is the user, read from a variable, and
    the password slot holds the word the scheme takes there, the same for everybody. A literal
    password after a variable user, the same word after a literal user (nothing says the user
    is the token), and a real-looking password after a user named like the word stay reported."""
    text = """\
#!/bin/sh
git clone "https://$GIT_TOKEN:x-oauth-basic@git.example.com/team/lib.git"
git clone "https://${GIT_TOKEN}:x-oauth-basic@git.example.com/team/lib.git"
git clone "https://$GIT_USER:«Zq7hunter2Lk9»@git.example.com/team/lib.git"
git clone "https://deploy:«x-oauth-basic»@git.example.com/team/lib.git"
git clone "https://x-oauth-basic:«Mx3quartzVb8»@git.example.com/team/lib.git"
"""
    found, spans = _found(text, "scripts/checkout.sh", "DCR050")
    assert found == spans


def test_known_formats_and_urls_that_are_stand_ins_or_patterns(tmp_path: Path) -> None:
    """A known token format's prefix before capital words saying what goes there
    (`glrt-TEST_PLACEHOLDER_DO_NOT_USE`) is a stand-in, and a URL whose password is a regular
    expression (`redis://:[^@]+@`, a scanner's pattern) is no URL with a password. A token of
    the format and a URL's real password stay reported."""
    text = """\
runner_token: glrt-TEST_PLACEHOLDER_DO_NOT_USE
runner_token_2: glrt-Hq4zT9Lm2xVb7Kd3Rs8W
patterns:
  - pattern: 'redis://:[^@]+@'
  - pattern: "postgres://[^:]+:.*@"
  - url: redis://:Pq8harbor41Zns@cache.example.com:6379
"""
    results, notes = engine_scan(tmp_path, {"config/scan.yaml": text}, rules=RULES)
    assert brief(results) == [("config/scan.yaml", 2, 17, "DCR051"), ("config/scan.yaml", 6, 19, "DCR050")]
    assert notes == []


SAMPLE_CONF = """\
# ## where to send metrics:
# ##   [scheme://][:password]@host[:port]
# ##   pg://[appuser[:password]]@localhost[/dbname]
# servers = ["kv://username:api_token@192.0.2.10:28015"]
# servers = ["kv://username:Wq7vLm2x@192.0.2.10:28015"]
# servers = ["kv://[appuser[:Wq7vLm2x]]@192.0.2.10:28015"]
# uri: mysql://app_user:app_pass@app_host/app
# e.g. https://user:deploy-token@code.example.net/team/repo.git
# uri: mysql://app_user:hunter-two@app_host/app
# e.g. mongodb://alice:alicepw9@db0000.example.net:99999/app
# e.g. mongodb://alice:alicepw9@db0000.example.net:65535/app
SOURCE_URL=pg://[login]:[password]@db.example.net:5432/app
TARGET_URL=pg://[login]:Wq7vLm2x@db.example.net:5432/app
# Relay: https://username:relaypassword@relay.example.net:3129
# Relay: https://username:relaypass2024@relay.example.net:3129
# Relay: https://alice:relaypassword@relay.example.net:3129
# Relay: https://user:relaypassword@relay.example.net:3129
"""


def test_a_url_syntax_description_and_named_slots_hold_no_password(tmp_path: Path) -> None:
    """A URL written as a syntax description, its optional parts in brackets, has the word for a
    password where a password goes (also each slot in its own brackets, `[login]:[password]@`); a
    stand-in user with a password slot named for what goes there (`username:api_token`,
    `app_user:app_pass`, its words run together: `username:relaypassword`) is a template; a port
    above 65535 is made up. A password written there stays reported, as does the run-together
    word beside a user's name (`alice:relaypassword`, `user`: a stand-in user is an account too) or
    with more after it."""
    results, notes = engine_scan(tmp_path, {"agent/agent.conf": SAMPLE_CONF}, rules=frozenset({"DCR050"}))
    assert brief(results) == [("agent/agent.conf", 5, 29, "DCR050"), ("agent/agent.conf", 6, 30, "DCR050"),
                              ("agent/agent.conf", 9, 25, "DCR050"), ("agent/agent.conf", 11, 24, "DCR050"),
                              ("agent/agent.conf", 13, 25, "DCR050"), ("agent/agent.conf", 15, 27, "DCR050"),
                              ("agent/agent.conf", 16, 24, "DCR050"), ("agent/agent.conf", 17, 23, "DCR050")]
    assert notes == []


def test_a_templated_host_is_named_so(tmp_path: Path) -> None:
    """A URL whose host a Go template action renders (a chart's `{{ template "app.db" . }}`) is
    named as such in the message, not by the action's text."""
    values = 'db:\n  url: postgres://app:Wq7vLm2xTz@{{ include "app.dbHost" . }}:5432/app\n'
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": values, "chart/Chart.yaml": "name: app\n"},
                                 rules=frozenset({"DCR050"}))
    assert brief(results) == [("chart/values.yaml", 2, 23, "DCR050")]
    assert results[0].message == "literal password in a URL for a host a template renders"
    assert notes == []
