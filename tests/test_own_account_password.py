"""A password that is the account or service its own name names (`MYSQL_ROOT_PASSWORD: root`) is
reported as any literal is (session 17, reversing held-out 16a D1): a weak default is still the
working credential of what it deploys. Only a login to a registry on the machine itself with a
user name as password is let off (`secretnames.is_user_name`)."""

from __future__ import annotations

from typing import Any


def test_reported_in_compose_ci_chart_values_and_a_login(lint: Any) -> None:
    lint.write("compose.yaml", "services:\n  db:\n    image: mysql:8\n    environment:\n"
               "      MYSQL_ROOT_PASSWORD: root\n")
    lint.write(".gitlab-ci.yml", "variables:\n  ADMIN_PASSWORD: admin\ntest:\n  script:\n    - make\n")
    lint.write("chart/Chart.yaml", "apiVersion: v2\nname: db\nversion: 0.1.0\n")
    lint.write("chart/values.yaml", "auth:\n  rootPassword: root\n")
    lint.write("login.sh", "docker login -u root -p root reg.example.org\n"
               "docker login -u root -p root localhost:5000\n")
    found = lint("--format", "json", "--fail-on", "never", ".").table("path", "line", "rule")
    assert sorted(found) == [(".gitlab-ci.yml", 2, "DCR010"), ("chart/values.yaml", 2, "DCR023"),
                     ("compose.yaml", 5, "DCR023"), ("login.sh", 1, "DCR001"), ("login.sh", 1, "DCR002"),
                     ("login.sh", 2, "DCR001")]
