"""A value that is a file system path is no secret (`notsecret.not_a_secret`: "a path"); but `/` is
a base64 character, one random value in 64 starts with it: base64 text with a `+`, padding, or a
part of 12 or more mixing capitals, small letters and digits is material, not a path. A value led by
`/` is a path only without a character no path holds (`;`, `!`, `|`): `/;q1.kw8` is a password."""

from __future__ import annotations

from pathlib import Path

import pytest
from _helpers import scan_as_written as scan
from conftest import brief

from dcrlint.notsecret import not_a_secret


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


COMPOSE = """\
services:
  db:
    image: mysql:8
    environment:
      - "MYSQL_ROOT_PASSWORD=/;q1.kw8"
      - "MYSQL_PASSWORD=/run/secrets/db"
      - MYSQL_USER=app
"""


def test_a_value_led_by_a_slash_is_a_path_only_as_paths_are_written(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"docker-compose.yml": COMPOSE}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("docker-compose.yml", 5, 30, "DCR023")]
    assert [not_a_secret(v) for v in ("/var/log/*.log", "/a/b?x=1&y=2", "@/run/secrets/x", "/x!y")] \
        == ["a path", "a path", "a path", None]
