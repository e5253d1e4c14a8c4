"""Files known by their names: Dockerfile variants and containers' auth.json (podman, buildah,
skopeo), read like a Dockerfile and a docker config.json. A YAML file Helmfile renders
(`*.yaml.gotmpl`) that is no state file is the values it hands a release; a file with no suffix
named for an environment (`env`, `db_env`) whose lines are `NAME=value` settings is an env file."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from conftest import brief, engine_scan, write
from test_lifecycle import NOW, T0, make_jwt

from dcrlint.classify import FileKind, classify, classify_path, classify_text

PW = "Vt4nQ8zLw2Rk6Hs"  # a made-up password


@pytest.mark.parametrize(
    "name",
    ["Dockerfile", "Dockerfile.dev", "Dockerfile-alpine", "Dockerfile_ci", "web.Dockerfile", "web-dockerfile",
     "Containerfile", "Containerfile.fedora", "build.containerfile", "Dockerfile.j2"],
)
def test_dockerfile_names(name: str) -> None:
    assert classify_path(f"images/{name}") is FileKind.DOCKERFILE


@pytest.mark.parametrize("name", ["Dockerfile.md", "dockerfile_test.go", "Dockerfiles", ".dockerignore",
                                  "dockerfile.json"])
def test_not_dockerfile_names(name: str) -> None:
    assert classify_path(f"docs/{name}") is not FileKind.DOCKERFILE


@pytest.mark.parametrize("name", ["Jenkinsfile", "Jenkinsfile.release", "Dockerfile_agent_Jenkinsfile",
                                  "Dockerfile-Jenkinsfile", "deploy.jenkinsfile", "Jenkinsfile.groovy",
                                  "jenkinsfile_conf"])
def test_a_name_ending_in_jenkinsfile_is_a_pipeline(name: str) -> None:
    assert classify_path(f"ci/{name}") is FileKind.JENKINSFILE


@pytest.mark.parametrize("name", ["jenkinsfile_conf.rst", "Jenkinsfile.md", "jenkinsfile-notes.txt",
                                  "Jenkinsfile.html"])
def test_a_document_about_a_jenkinsfile_is_no_pipeline(name: str) -> None:
    assert classify_path(f"docs/{name}") is not FileKind.JENKINSFILE


@pytest.mark.parametrize("name", ["Dockerfile-alpine", "Dockerfile_ci", "web.Dockerfile", "Containerfile"])
def test_dockerfile_variant_is_checked(lint, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, name, "FROM alpine\nRUN docker login -u ci -p Zq8vL2mN4pR7tX1w dcr.example.com\n")
    run = lint("--format", "json", ".")
    assert [(f["rule"], f["start"]["line"], f["start"]["column"]) for f in run.json()["findings"]] == [
        ("DCR001", 2, 27), ("DCR002", 2, 27)]


def _auth(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize("rel", ["containers/auth.json", "run/user/1000/containers/auth.json", "auth.json"])
def test_containers_auth_json_is_a_docker_config(lint, tmp_path: Path, rel: str) -> None:  # type: ignore[no-untyped-def]
    text = ('{\n  "auths": {\n    "quay.io/team/app": {\n      "auth": "%s"\n    }\n  }\n}\n'
            % _auth("robot", "Zq8vL2mN4pR7tX1w"))
    assert classify(rel, text) is FileKind.DOCKER_CONFIG
    write(tmp_path, rel, text)
    run = lint("--format", "json", ".")
    got = run.table("rule", "line", "column", "message", rules=("DCR030",))
    assert [(r, ln, col) for r, ln, col, _ in got] == [("DCR030", 4, 8)]
    assert "quay.io/team/app" in got[0][3] and "robot" in got[0][3]


def test_auth_json_with_credential_helpers_is_clean(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "containers/auth.json",
          '{\n  "auths": {\n    "quay.io": {}\n  },\n  "credHelpers": {\n    "quay.io": "secretservice"\n  }\n}\n')
    assert lint("--format", "json", ".").json()["findings"] == []


def test_expired_identity_token_in_auth_json(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    token = make_jwt(exp=T0 - 86400, iat=T0 - 2 * 86400)
    write(tmp_path, "containers/auth.json",
          '{\n  "auths": {\n    "registry.example.com": {\n      "identitytoken": "%s"\n    }\n  }\n}\n' % token)
    run = lint("--now", NOW, "--format", "json", ".")
    assert run.table("rule", "line", rules=("DCR030", "DCR041")) == [("DCR030", 4), ("DCR041", 4)]
    assert token not in run.out


@pytest.mark.parametrize(("path", "head", "kind"), [
    ("deploy/releases/ledger.yaml.gotmpl", "ledger:\n  auth:\n    password: x\n", FileKind.HELM_VALUES),
    ("deploy/env/stage/common.yml.gotmpl", "shared:\n  region: eu\n", FileKind.HELM_VALUES),
    # content still says what else a rendered file is: a manifest, a state file
    ("deploy/manifests/job.yaml.gotmpl", "apiVersion: batch/v1\nkind: Job\n", FileKind.KUBERNETES),
    ("deploy/bases/apps.yaml.gotmpl", "releases:\n  - name: a\n    chart: r/a\n", FileKind.HELMFILE),
    # env files with no suffix
    ("compose/config/api/env", "# api\nAPI_PORT=8080\nexport API_TOKEN=x\n", FileKind.ENV_FILE),
    ("compose/config/db/pg_env", "PGUSER=app\n", FileKind.ENV_FILE),
    # near misses: a file named env that is no list of settings, an empty one, another name
    ("bin/env", "set -e\nexec \"$@\"\n", FileKind.OTHER),
    ("compose/config/api/env", "\n", FileKind.OTHER),
    ("compose/config/api/environ", "API_PORT=8080\n", FileKind.OTHER),
    ("compose/config/api/seven", "API_PORT=8080\n", FileKind.OTHER),
])
def test_rendered_values_and_env_files(path: str, head: str, kind: FileKind) -> None:
    assert classify_text(path, head) is kind


def test_a_release_values_file_helmfile_renders(tmp_path: Path) -> None:
    values = f"""\
        ledger:
          oidc:
            clientId: ledger-app
            clientSecret: "{PW}"
          db:
            password: "{{{{ .Values.secrets.ledgerDb }}}}"
          admin:
            password: "{{{{ requiredEnv "LEDGER_ADMIN" }}}}"
        """
    results, notes = engine_scan(tmp_path, {"deploy/releases/ledger.yaml.gotmpl": values},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/releases/ledger.yaml.gotmpl", 4, 20, "DCR023")]
    assert PW not in results[0].message
    assert not notes


def test_an_env_file_compose_names_by_a_bare_name(tmp_path: Path) -> None:
    files = {
        "stack/docker-compose.yml": """\
            services:
              api:
                image: registry.example.com/api:1
                env_file:
                  - ./config/api/env
            """,
        "stack/config/api/env": f"API_PORT=8080\nAPI_SIGNING_SECRET={PW}\nAPI_ADMIN_PASSWORD=\n",
    }
    results, _ = engine_scan(tmp_path, files, rules=frozenset({"DCR023"}))
    assert brief(results) == [("stack/config/api/env", 2, 20, "DCR023")]
