"""DCR050 and a local server's stock account: `postgres://postgres:postgres@localhost:5432/test` in
a CI job or a development `.env` names a server on the machine itself whose password is its user's
name: guessable from the text beside it, and nothing beyond the machine reaches it. A password that
is not the user's name, or the same account on another host, is reported. The same for a registry
login (DCR002) to `localhost` or a loopback address."""

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


PROVIDERS = """\
provider "docker" {
  alias = "local"
  registry_auth {
    address  = "localhost:5000"
    username = "tester"
    password = "tester"
  }
}
provider "docker" {
  alias = "loopback"
  registry_auth {
    address  = "http://127.0.0.1:5000/v2/"
    username = "ci"
    password = "ci"
  }
}
provider "docker" {
  alias = "local-other"
  registry_auth {
    address  = "localhost:5000"
    username = "tester"
    password = "Kq7-lantern-52"
  }
}
provider "docker" {
  alias = "remote"
  registry_auth {
    address  = "dcr.example.com"
    username = "tester"
    password = "tester"
  }
}
provider "docker" {
  alias = "case"
  registry_auth {
    address  = "localhost:5000"
    username = "tester"
    password = "Tester"
  }
}
"""


SCRIPT = """\
#!/bin/sh
docker login localhost:5000 -u tester -p tester
echo tester | docker login -u tester --password-stdin 127.0.0.1:5000
docker login localhost:5000 -u tester -p Kq7-lantern-52
docker login dcr.example.com -u tester -p tester
docker login -u tester -p tester
"""


def test_a_local_registry_login_whose_password_is_its_user_is_no_secret(tmp_path: Path) -> None:
    """A login to a registry on the machine itself (`localhost`, a loopback address) whose
    password is the user name written beside it is a throwaway test account: nothing is given
    away. Another password there, the same pair for a remote registry (or Docker Hub, no
    registry named), a password differing in case: reported as before."""
    results, notes = engine_scan(tmp_path, {"main.tf": PROVIDERS, "push.sh": SCRIPT}, rules=frozenset({"DCR002"}))
    assert brief(results) == [("main.tf", 22, 17, "DCR002"), ("main.tf", 30, 17, "DCR002"),
                              ("main.tf", 38, 17, "DCR002"),
                              ("push.sh", 4, 42, "DCR002"), ("push.sh", 5, 43, "DCR002"),
                              ("push.sh", 6, 27, "DCR002")]
    assert notes == []
