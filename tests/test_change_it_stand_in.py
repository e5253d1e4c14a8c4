"""The stand-in asking to change the value (`changeme`, `change-it`) is one whatever joins its
words: a blank as a phrase writes it, or the `@` a password policy asks for (held-out 18b H1:
`change@it`). A password built on other words with `@` stays reported."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

COMPOSE = """\
    services:
      db:
        image: postgres:16
        environment:
          POSTGRES_PASSWORD: change@it
      app:
        image: ghcr.io/example/app:1
        environment:
          API_TOKEN: Change@Me
          SMTP_PASSWORD: change it
          CACHE_PASSWORD: Kettle@Moss47
    """


def test_change_it_with_any_joiner_is_a_stand_in(tmp_path: Path) -> None:
    results, _ = engine_scan(tmp_path, {"docker-compose.yml": COMPOSE}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("docker-compose.yml", 11, 23, "DCR023")]
