"""A setting that names the Kubernetes Secret keeping a credential holds an object's name, in
every kind of file (one decision, secretnames.secret_named); a value no object can be named is the
credential itself (reviewer R68, R71)."""

from __future__ import annotations

from typing import Any

import pytest

from dcrlint.headers import secret_setting
from dcrlint.secretnames import secret_named

RANDOM = "Hv8kQ3zWm5RtXp2L"


@pytest.mark.parametrize(("name", "value", "secret"), [
    ("TLS_SECRET", "web-tls", False), ("TOKEN_SECRET", "builder-token", False),
    ("IMAGE_PULL_SECRET", "registry-pull", False), ("IMAGE_PULL_SECRET", "regcred", False),
    ("imagePullSecrets", "regcred-ro, other-pull", False), ("PULL_SECRET", "registry-pull", False),
    ("KUBE_SECRET", "tailscale", False),
    # the Secret a registry's login is kept in (`*_REGISTRY_SECRET`, as `*_PULL_SECRET`)
    ("APP_DOCKER_REGISTRY_SECRET", "app-docker-registry-auth", False), ("REGISTRY_SECRET", "hub-login", False),
    ("APP_DOCKER_REGISTRY_SECRET", RANDOM, True),
    # a value no Kubernetes object can be named: the credential
    ("IMAGE_PULL_SECRET", RANDOM, True), ("KUBE_SECRET", RANDOM, True), ("PULL_SECRET", RANDOM, True),
    ("TLS_SECRET", RANDOM, True),
    # the word before `secret` is no credential a Secret keeps: the secret itself
    ("JENKINS_SECRET", "my-little-secret", True), ("JWT_SECRET", "signing-key", True),
])
def test_secret_named(name: str, value: str, secret: bool) -> None:
    assert secret_named(name, value) is secret


def _ci_files(value: str) -> dict[str, str]:
    return {
        ".gitlab-ci.yml": f"variables:\n  TLS_SECRET: web-tls\n  IMAGE_PULL_SECRET: {value}\n"
                          "deploy:\n  script:\n    - kubectl -n web get secret \"$TLS_SECRET\"\n",
        ".github/workflows/deploy.yml": f"on: push\nenv:\n  TLS_SECRET: web-tls\n  IMAGE_PULL_SECRET: {value}\n"
                                       "jobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n"
                                       "      - run: kubectl get secret \"$TLS_SECRET\"\n",
        "chart/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
        "chart/values.yaml": f"tlsSecret: web-tls\nimagePullSecret: {value}\n",
        "k8s/job.yaml": "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: copy\nspec:\n  template:\n"
                        "    spec:\n      containers:\n        - name: c\n          image: busybox\n"
                        "          env:\n            - name: TLS_SECRET\n              value: web-tls\n"
                        f"            - name: IMAGE_PULL_SECRET\n              value: {value}\n",
    }


def test_secret_names_silent_in_every_kind_of_file(lint: Any) -> None:
    for rel, text in _ci_files("registry-pull").items():
        lint.write(rel, text)
    assert lint("--format", "json", "--fail-on", "never", ".").findings == []


def test_a_credential_under_a_secret_name_is_reported_in_every_kind_of_file(lint: Any) -> None:
    for rel, text in _ci_files(RANDOM).items():
        lint.write(rel, text)
    found = sorted((f["path"], f["rule"]) for f in lint("--format", "json", "--fail-on", "never", ".").findings)
    assert found == [(".github/workflows/deploy.yml", "DCR010"), (".gitlab-ci.yml", "DCR010"),
                     ("chart/values.yaml", "DCR023"), ("k8s/job.yaml", "DCR023")]


@pytest.mark.parametrize(("name", "value", "secret"), [
    # a pod's image pull secret named by a value shaped as a Kubernetes object's name
    ("IMAGE_PULL_SECRET", "registry-pull", False), ("imagePullSecret", "acr-auth", False),
    ("IMAGE_PULL_SECRETS", "regcred-ro app-pull", False), ("TLS_SECRET", "web-tls", False),
    # a random value under the name is a credential (a registry password kept under it)
    ("IMAGE_PULL_SECRET", "Hv8kQ3zWm5RtXp2L", True), ("IMAGE_PULL_SECRETS", "Zq8vLr2mWxTn4Yp", True),
    ("PULL_SECRET", "Hv8kQ3zWm5RtXp2L", True),
    # a secret that is itself the credential, whatever its value's shape
    ("JWT_SECRET", "jwt-signing", True),
])
def test_a_setting_naming_a_pull_secret_is_decided_by_its_value(name: str, value: str, secret: bool) -> None:
    assert secret_setting(name, value) is secret


def test_image_pull_secret_names_in_ci_variables_are_no_secrets(lint: Any) -> None:
    text = ("variables:\n  IMAGE_PULL_SECRETS: regcred-ro\n  DEPLOY_TOKEN: Fq3vZ9-Lm27xQp\n"
            "  IMAGE_PULL_SECRET: Hv8kQ3zWm5RtXp2L\n")
    run = lint.scan(".gitlab-ci.yml", text, "--fail-on", "never")
    assert run.starts() == [("DCR010", 3, 17), ("DCR010", 4, 22)]
