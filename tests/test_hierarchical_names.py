"""A hierarchical setting name (`Section__Sub__Key`: .NET's environment form of nested settings,
also pydantic's and Airflow's): its last section is the setting
(`ApiKeyAuth__Clients__0__Controller` holds a controller's name, `RELAY_TOKENISER__SIGNING_JWK__E` a
public key's exponent; a word of an earlier section says which service); the sections decide where
the last one is an index, `Key`/`Value`, or an entry of a section of secrets (`Passwords__Admin`).
Read so in a pod's `env`, a Compose file, an env file and Terraform. `kid`, a key's id as JOSE names
it, is which key. A numeronym (`k8s`) under a setting's last section
(`ERROR_REPORTING__ENVIRONMENT`) is that setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from _helpers import scan_as_written as scan
from conftest import K8S_RULES, brief

from dcrlint.secretnames import is_secret_name

COMPOSE = """\
services:
  relay:
    image: relay:2
    environment:
      RELAY_TOKENISER__SIGNING_JWK__KTY: "RSA"
      RELAY_TOKENISER__SIGNING_JWK__USE: "sig"
      RELAY_TOKENISER__SIGNING_JWK__E: "AQAB"
      RELAY_TOKENISER__SIGNING_JWK__N: "vR3kQ9zLm2Xw8TpB4nHc7YsJ1dFg6KaE0uWqZiO5rVlMxN2bC8yPoTe4Rj7HsUk"
      RELAY_TOKENISER__PRIVATE_KEY__D: "Wq7eR2tY9uI4oP1aS6dF3gH8jK5lZ0xC7vB2nM4qW9eR1tY6uI3oP8aS5dF2gH7"
      RELAY_TOKENISER__DB__PASSWORD: "Hq4zT9Lm2xQw"
      WEBHOOK_TOKEN_KID: "2024-07-k3"
      WEBHOOK_TOKEN: "Zq8xK2mW9pL4vBn3Rt5y"
"""


def test_hierarchical_names_in_compose_keep_their_sections(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"compose.yaml": COMPOSE}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("compose.yaml", 9, 41, "DCR023"),
                              ("compose.yaml", 10, 39, "DCR023"),
                              ("compose.yaml", 12, 23, "DCR023")]


DOTNET_ENV = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: routes
spec:
  template:
    spec:
      containers:
      - name: api
        image: registry.corp.example/routes:1
        env:
        - name: ApiKeyAuth__Clients__0__Controller
          value: "Reports"
        - name: ApiKeyAuth__Enabled
          value: "true"
        - name: ApiKeyAuth__Clients__0__Key
          value: "Zq8xK2mW9pL4vBn3"
        - name: Smtp__Password
          value: "Hq4zT9Lm2xQw"
        - name: Passwords__Admin
          value: "Rt5yU8iO1pAs"
"""


def test_the_last_section_of_a_hierarchical_name_is_the_setting(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"deploy.yaml": DOTNET_ENV}, rules=K8S_RULES)
    assert brief(results) == [("deploy.yaml", 17, 19, "DCR023"),
                              ("deploy.yaml", 19, 19, "DCR023"),
                              ("deploy.yaml", 21, 19, "DCR023")]


@pytest.mark.parametrize(("name", "secret"), [
    ("ApiKeyAuth__Clients__0__Controller", False), ("ApiKey__Enabled", False), ("Auth__Token__Issuer", False),
    ("AIRFLOW__SECRETS__BACKEND", False),
    ("ApiKeyAuth__Clients__0__Key", True), ("ApiKey__Value", True), ("ApiKeys__0", True),
    ("Passwords__Admin", True), ("Tokens__Github", True), ("Jwt__Secret", True), ("Redis__Pass", True),
    ("Authentication__Google__ClientSecret", True), ("AIRFLOW__WEBSERVER__SECRET_KEY", True), ("__TOKEN__", True),
    # which one of a secret its section names (guard R31): singular sections too
    ("Auth__Token__Default", True), ("ApiKey__Primary", True), ("Password__Admin", True), ("Secret__Github", True),
    ("ClientSecret__Prod", True), ("Password__File", False), ("Token__Url", False),
])
def test_hierarchical_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


NUMERONYM = """\
apiVersion: v1
kind: Secret
metadata:
  name: app-config
stringData:
  ERROR_REPORTING__ENVIRONMENT: k8s
  DEPLOY_ENVIRONMENT: k8sX2
  NOTE: k8s
  SMTP__PASSWORD: k8s
"""


def test_a_numeronym_under_a_setting_key_is_that_setting(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"s.yaml": NUMERONYM}, rules=K8S_RULES)
    # another shape under a setting key, a key naming no setting, a secret-named key: reported
    assert brief(results) == [("s.yaml", 7, 23, "DCR023"), ("s.yaml", 8, 9, "DCR023"), ("s.yaml", 9, 19, "DCR023")]
