"""DCR020 on evidence, not on a list: a registry is private when configured, or when the scan
shows it needs credentials; DCR021 only where the scan keeps the namespace's pull Secrets."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from conftest import write

PULL_RULES = ("--format", "json", "--fail-on", "never", "--select", "DCR020,DCR021")
WHERE = ("rule", "path", "line", "level")


def deploy(image: str, name: str = "web", pull: str | None = None, ns: str = "default") -> str:
    secrets = f"      imagePullSecrets:\n      - name: {pull}\n" if pull else ""
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n"
            f"  template:\n    spec:\n{secrets}      containers:\n      - name: {name}\n        image: {image}\n")


def registry_secret(host: str, name: str = "pull", ns: str = "default") -> str:
    config = base64.b64encode(json.dumps({"auths": {host: {"auth": "${AUTH}"}}}).encode()).decode()
    return (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {ns}\n"
            f"type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {config}\n")


def test_no_evidence_no_finding(lint, tmp_path: Path) -> None:
    for i, image in enumerate(["registry.vendor-example.io/agent:7", "gcr.io/some-project/app:1",
                               "us-docker.pkg.dev/some-project/images/app:1", "registry.example.com/app:1",
                               "ecr-public.example.aws/x/y:1", "quay.io/acme/app:1"]):
        write(tmp_path, f"d{i}.yaml", deploy(image, name=f"w{i}"))
    assert lint(*PULL_RULES).table(*WHERE) == []


def test_unknown_registries_as_notes_when_asked(lint, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", deploy("registry.vendor-example.io/agent:7"))
    write(tmp_path, "hub.yaml", deploy("nginx:1.27", name="hub"))
    write(tmp_path, ".dcrlint.yaml", "registries:\n  report-unknown: true\n")
    assert lint(*PULL_RULES).table(*WHERE) == [("DCR020", "d.yaml", 11, "note")]


def test_stored_credentials_make_a_registry_private(lint, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", deploy("dcr.corp.example/team/web:1"))
    write(tmp_path, "s.yaml", registry_secret("https://dcr.corp.example"))
    out = lint(*PULL_RULES).table(*WHERE)
    assert out == [("DCR020", "d.yaml", 11, "error")]


def test_a_login_makes_a_registry_private(lint, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", deploy("dcr.corp.example:5000/team/web:1"))
    write(tmp_path, "ci/push.sh", "#!/bin/sh\necho \"$P\" | docker login dcr.corp.example:5000 -u ci --password-stdin\n")
    assert lint(*PULL_RULES).table(*WHERE) == [("DCR020", "d.yaml", 11, "error")]
    r = lint("--format", "json", "--select", "DCR020")
    assert "logs in to it" in r.json()["findings"][0]["message"]


def test_a_login_action_and_a_docker_config_count(lint, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", deploy("a.corp.example/x:1") + "---\n" + deploy("b.corp.example/y:1", name="b"))
    write(tmp_path, ".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
          "      - uses: docker/login-action@v3\n        with:\n          registry: a.corp.example\n"
          "          username: ci\n          password: ${{ secrets.P }}\n")
    write(tmp_path, "conf/config.json", '{"credHelpers": {"b.corp.example": "corp"}}\n')
    assert [r[2] for r in lint(*PULL_RULES).table(*WHERE)] == [11, 23]


def test_a_push_login_to_a_node_identity_registry_is_not_evidence(lint, tmp_path: Path) -> None:
    write(tmp_path, "d.yaml", deploy("europe-docker.pkg.dev/proj/repo/app:1"))
    write(tmp_path, "push.sh", "gcloud auth print-access-token | docker login -u oauth2accesstoken "
          "--password-stdin https://europe-docker.pkg.dev\n")
    assert lint(*PULL_RULES).table(*WHERE) == []


def test_other_workloads_with_pull_secrets_are_evidence(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", deploy("dcr.corp.example/team/a:1", name="a", pull="pull"))
    write(tmp_path, "b.yaml", deploy("dcr.corp.example/team/b:1", name="b"))
    write(tmp_path, "s.yaml", registry_secret("dcr.corp.example"))
    assert lint(*PULL_RULES).table(*WHERE) == [("DCR020", "b.yaml", 11, "error")]


def test_shared_registries_need_evidence_for_the_same_repository(lint, tmp_path: Path) -> None:
    # (ghcr.io sets visibility per package: a private sibling of the same owner says nothing)
    write(tmp_path, "a.yaml", deploy("ghcr.io/acme/a:1", name="a", pull="pull"))
    write(tmp_path, "a2.yaml", deploy("ghcr.io/acme/a:2", name="a2"))
    write(tmp_path, "b.yaml", deploy("ghcr.io/acme/b:1", name="b"))
    write(tmp_path, "c.yaml", deploy("ghcr.io/other-org/c:1", name="c"))
    write(tmp_path, "d.yaml", deploy("nginx:1.27", name="d"))
    write(tmp_path, "s.yaml", registry_secret("ghcr.io"))
    write(tmp_path, "login.sh", "docker login -u ci --password-stdin < token\n")  # Docker Hub
    assert lint(*PULL_RULES).table(*WHERE) == [("DCR020", "a2.yaml", 11, "error")]


def test_configured_private_and_public_win(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", deploy("registry.vendor-example.io/agent:7"))
    write(tmp_path, "b.yaml", deploy("dcr.corp.example/b:1", name="b"))
    write(tmp_path, "s.yaml", registry_secret("dcr.corp.example"))
    write(tmp_path, ".dcrlint.yaml", "registries:\n  private: ['^registry\\.vendor-example\\.io/']\n"
          "  public: ['^dcr\\.corp\\.example/']\n")
    assert lint(*PULL_RULES).table(*WHERE) == [("DCR020", "a.yaml", 11, "error")]


def test_unresolved_only_where_the_scan_keeps_pull_secrets(lint, tmp_path: Path) -> None:
    write(tmp_path, "snapshot/app.yaml", deploy("nginx:1.27", pull="installer-supplied", ns="apps"))
    write(tmp_path, "snapshot/opaque.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-config\n"
          "  namespace: apps\nstringData:\n  mode: fast\n")
    write(tmp_path, "prod/app.yaml", deploy("nginx:1.27", pull="typo-pull", ns="prod"))
    write(tmp_path, "prod/pull.yaml", registry_secret("dcr.corp.example", name="prod-pull", ns="prod"))
    write(tmp_path, "other/app.yaml", deploy("nginx:1.27", pull="prod-pull", ns="other"))
    out = lint(*PULL_RULES).table(*WHERE)
    assert out == [("DCR021", "other/app.yaml", 10, "warning"), ("DCR021", "prod/app.yaml", 10, "warning")]
    write(tmp_path, ".dcrlint.yaml", "kubernetes:\n  unresolved-without-secrets: true\n")
    assert ("DCR021", "snapshot/app.yaml", 10, "warning") in lint(*PULL_RULES).table(*WHERE)
