"""A password that is the account or service its own name names (`MYSQL_ROOT_PASSWORD: root`)
is a stand-in in every kind of file, as one equal to a user name given beside it is (held-out
16a D1, the B10 principle)."""

from __future__ import annotations

from typing import Any

import pytest

from dcrlint.values import names_own_account


@pytest.mark.parametrize(("name", "value", "own"), [
    ("MYSQL_ROOT_PASSWORD", "root", True), ("WIKI_ADMIN_PASSWORD", "admin", True),
    ("REDIS_PASSWORD", "redis", True), ("rootPassword", "Root", True), ("DB_ADMIN_PASS", "admin", True),
    ("MYSQL_ROOT_PASSWORD", "Xk9vQ2mLp7", False), ("REDIS_PASSWORD", "redis7", False),
    ("PASSWORD_ROOT", "root", False),  # not a word before the password's: no account named
    ("DB_PASSWORD", "db", False),  # too short to tell
    ("API_TOKEN", "api", False),  # no password
])
def test_names_own_account(name: str, value: str, own: bool) -> None:
    assert names_own_account(name, value) is own


def test_silent_in_compose_ci_and_chart_values_and_reported_in_a_login(lint: Any) -> None:
    lint.write("compose.yaml", "services:\n  db:\n    image: mysql:8\n    environment:\n"
               "      MYSQL_ROOT_PASSWORD: root\n")
    lint.write(".gitlab-ci.yml", "variables:\n  ADMIN_PASSWORD: admin\ntest:\n  script:\n    - make\n")
    lint.write("chart/Chart.yaml", "apiVersion: v2\nname: db\nversion: 0.1.0\n")
    lint.write("chart/values.yaml", "auth:\n  rootPassword: root\n")
    lint.write("login.sh", "docker login -u root -p root reg.example.org\n")
    found = sorted({(f["path"], f["rule"]) for f in lint("--format", "json", "--fail-on", "never", ".").findings})
    assert found == [("login.sh", "DCR001"), ("login.sh", "DCR002")]
