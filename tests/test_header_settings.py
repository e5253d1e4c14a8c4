"""A setting named for headers (`AUTH_HEADERS`, `authHeader`) holds header names
(`X-Auth-User,X-Auth-Email`), unless its value holds a header with its credential
(`Authorization: Bearer <literal>`, `PRIVATE-TOKEN: x`, `X-Vault-Token=x`): then it is the secret
it holds, in every place a secret-named setting is judged. Fixtures written here."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.headers import credential_header, secret_setting
from dcrlint.secretnames import header_setting

RULES = frozenset({"DCR010", "DCR023"})
TOKEN = "Hq4-lantern-57-Rvw9"
B64 = "Y2k6SHE0LWxhbnRlcm4tNTc="

# (name, value with a literal credential) as such settings are written
TRUE = [
    ("AUTH_HEADERS", f"Authorization: Bearer {TOKEN}"),
    ("API_AUTH_HEADERS", f"Authorization: Basic {B64}"),
    ("TOKEN_HEADERS", f"PRIVATE-TOKEN: {TOKEN}"),
    ("authHeaders", f"X-Api-Key: {TOKEN}"),
    ("SECRET_HEADERS", f"X-Vault-Token={TOKEN}"),
    ("AUTH_HEADER", f"Authorization: Bearer {TOKEN}"),
    ("OTEL_AUTH_HEADERS", f"x-tenant=ops,Authorization=Bearer%20{TOKEN}"),
    ("PROXY_AUTH_HEADER", f"Proxy-Authorization: Basic {B64}"),
    ("SESSION_TOKEN_HEADER", f"Cookie: sid={TOKEN}"),
]
# header names, and credentials that are variables, placeholders or stand-ins
NEAR = [
    ("AUTH_RESPONSE_HEADERS", "X-Auth-User,X-Auth-Email"),
    ("AUTH_HEADER", "Authorization"),
    ("AUTH_HEADERS", "Authorization: Bearer ${TOKEN}"),
    ("AUTH_HEADERS", "Authorization: Bearer <your-token>"),
    ("TOKEN_HEADERS", "PRIVATE-TOKEN: changeme"),
    ("AUTH_HEADERS", "Authorization: Bearer xxxxxxxx"),
]


@pytest.mark.parametrize(("name", "value"), TRUE)
def test_a_header_with_its_credential_is_the_secret(name: str, value: str) -> None:
    assert header_setting(name) and credential_header(value) and secret_setting(name, value)


@pytest.mark.parametrize(("name", "value"), NEAR)
def test_header_names_and_stand_ins_are_settings(name: str, value: str) -> None:
    assert header_setting(name) and not secret_setting(name, value)


def test_only_a_header_setting_of_a_secret_name() -> None:
    assert not header_setting("EXTRA_HEADERS") and not header_setting("AUTH_HEADER_NAME")
    assert not secret_setting("EXTRA_HEADERS", f"Authorization: Bearer {TOKEN}")


def _places(name: str, value: str) -> dict[str, tuple[str, str]]:
    """file -> (text, the line that holds the value) in each place such a setting is written."""
    q = f"'{value}'"
    return {
        "chart/values.yaml": (f"app:\n  {name}: {q}\n", f"  {name}: {q}"),
        "k8s/deploy.yaml": ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n"
                            "    spec:\n      containers:\n        - name: a\n          image: alpine\n"
                            f"          env:\n            - name: {name}\n              value: {q}\n",
                            f"              value: {q}"),
        "k8s/cm.yaml": (f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata:\n  {name}: {q}\n",
                        f"  {name}: {q}"),
        ".gitlab-ci.yml": (f"variables:\n  {name}: {q}\nb:\n  script: [make]\n", f"  {name}: {q}"),
        ".github/workflows/w.yml": (f"on: push\nenv:\n  {name}: {q}\njobs:\n  b:\n    runs-on: x\n"
                                    "    steps:\n      - run: make\n", f"  {name}: {q}"),
        "Jenkinsfile": (f"pipeline {{\n  agent any\n  environment {{\n    {name} = {q}\n  }}\n"
                        "  stages { stage('a') { steps { sh 'make' } } }\n}\n", f"    {name} = {q}"),
        ".env": (f'{name}="{value}"\n', f'{name}="{value}"'),
    }


def _expected(files: dict[str, tuple[str, str]]) -> list[tuple[str, int, int, str]]:
    out = []
    for path, (text, line) in files.items():
        number = text.splitlines().index(line) + 1
        column = line.index(line[-1] if path == ".env" else "'") + 2  # after the opening quote, 1-based
        rule = "DCR010" if path in (".gitlab-ci.yml", ".github/workflows/w.yml", "Jenkinsfile") else "DCR023"
        out.append((path, number, column, rule))
    return sorted(out)


@pytest.mark.parametrize(("name", "value"), TRUE[:6])
def test_reported_in_every_place(tmp_path: Path, name: str, value: str) -> None:
    files = _places(name, value)
    results, notes = engine_scan(tmp_path, {p: t for p, (t, _) in files.items()}, rules=RULES)
    assert sorted(brief(results)) == _expected(files)
    assert notes == []


@pytest.mark.parametrize(("name", "value"), NEAR)
def test_silent_in_every_place(tmp_path: Path, name: str, value: str) -> None:
    files = _places(name, value)
    results, notes = engine_scan(tmp_path, {p: t for p, (t, _) in files.items()}, rules=RULES)
    assert brief(results) == []
    assert notes == []
