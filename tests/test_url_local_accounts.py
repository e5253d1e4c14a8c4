"""DCR050 and a local server's stock account: `postgres://postgres:postgres@localhost:5432/test` in a
CI job or a development `.env` names a server on the machine itself whose password is its user's
name: guessable from the text beside it, and nothing beyond the machine reaches it. A password
that is not the user's name, or the same account on another host, is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

DCR050 = frozenset({"DCR050"})


@pytest.mark.parametrize("url", [
    "postgres://postgres:postgres@localhost:5432/app",
    "redis://default:default@127.0.0.1:6379/0",
    "amqp://guest:guest@[::1]:5672/",
    "mysql://root:root@db.localhost/app",
    "postgres://shopuser:shoppass@localhost/shop",  # (the user's name, its role word a password's)
])
def test_a_local_servers_stock_account_is_silent(tmp_path: Path, url: str) -> None:
    results, _ = engine_scan(tmp_path, {".env": f"DATABASE_URL={url}\n"}, rules=DCR050)
    assert results == []


@pytest.mark.parametrize(("url", "column"), [
    ("postgres://postgres:Tr8kWm2qPz@localhost:5432/app", 34),  # a password of its own
    ("postgres://postgres:postgres@db.example.com:5432/app", 34),  # another host
    ("postgres://postgres:postgres@localhost.example.com/app", 34),
    ("postgres://app:Postgres@localhost/app", 29),  # not the user's name
    ("postgres://shopuser:shoppass@db.example.com/shop", 34),  # another host
])
def test_other_urls_are_reported(tmp_path: Path, url: str, column: int) -> None:
    results, _ = engine_scan(tmp_path, {".env": f"DATABASE_URL={url}\n"}, rules=DCR050)
    assert brief(results) == [(".env", 1, column, "DCR050")]
