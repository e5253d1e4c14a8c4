"""A password that is the user name given beside it is reported as any literal is (session 17,
reversing session 16's B10): a weak password is still the working credential of what it
deploys, and the catalog's placeholders do not name it. In every place that reads one: chart
values, Compose services, pod env, Secrets and ConfigMaps, `kubectl create secret` (a script, a
workflow's `run: |` block), HCL var files and variable defaults, Packer's legacy JSON, CI `env:`
and `variables:`, Helmfile `set` items, an Argo CD `values: |` block. Only a login to a registry
on the machine itself, or a URL to a loopback host, with such a pair is a local test server's
throwaway account (`secretnames.is_user_name`). An example env file's password equal to a
sibling value is a stand-in (test_pair_and_sibling_stand_ins.py), reported in a real env file."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.secretnames import is_user_name, names_a_user, user_names

OTHER = "Wq4-ember-71-Tzn"  # a made-up password that is nobody's name
RANDOM = "Hq8ZtR3xVm2LpK9wBd"  # made up: a random string, no name

SCRIPT = f"""\
#!/bin/sh
kubectl create secret generic shop-db --from-literal=username=grocer --from-literal=password=grocer
kubectl create secret generic shop-db2 --from-literal=username=grocer --from-literal=password={OTHER}
oc create secret generic shop-db3 --from-literal=db-user={RANDOM} --from-literal=db-password={RANDOM}
docker login -u grocer -p grocer registry.shop.example
docker login -u grocer -p grocer localhost:5000
"""

WORKFLOW = f"""\
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      SHOP_USER: grocer
      SHOP_PASSWORD: grocer
      SHOP_TOKEN: {OTHER}
    steps:
      - run: |
          kubectl create secret generic shop \\
            --from-literal=user=grocer --from-literal=password=grocer
          kubectl create secret generic shop2 --from-literal=password=grocer
"""

VALUES = f"""\
auth:
  username: grocer
  password: grocer
  adminPassword: Grocer
other:
  password: grocer
extraEnv:
  - name: SHOP_DB_USER
    value: grocer
  - name: SHOP_DB_PASSWORD
    value: grocer
  - name: SHOP_API_KEY
    value: {OTHER}
"""

APPLICATION = """\
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: shop
spec:
  source:
    helm:
      values: |
        db:
          user: grocer
          password: grocer
        cache:
          password: grocer
"""

MANIFESTS = f"""\
apiVersion: v1
kind: Pod
metadata:
  name: shop
spec:
  containers:
    - name: db
      image: postgres:16
      env:
        - name: POSTGRES_USER
          value: grocer
        - name: POSTGRES_PASSWORD
          value: grocer
    - name: app
      image: shop:1
      env:
        - name: DB_PASSWORD
          value: grocer
---
apiVersion: v1
kind: Secret
metadata:
  name: shop-db
data:
  username: Z3JvY2Vy
  password: Z3JvY2Vy
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: shop
data:
  DB_LOGIN: grocer
  DB_PASSWORD: grocer
  MAIL_PASSWORD: {OTHER}
"""

COMPOSE = """\
services:
  db:
    image: mariadb:11
    environment:
      - MARIADB_USER=grocer
      - MARIADB_PASSWORD=grocer
  app:
    build: .
    environment:
      DB_PASSWORD: grocer
"""

PKRVARS = f"""\
ssh_username = "grocer"
ssh_password = "grocer"
winrm_password = "{OTHER}"
"""

TFVARS = """\
db = {
  username = "grocer"
  password = "grocer"
}
cache = {
  password = "grocer"
}
"""

VARIABLES = """\
variable "db_user" {
  default = "grocer"
}
variable "db_password" {
  default = "grocer"
}
"""

LEGACY_JSON = f"""\
{{
  "variables": {{"ssh_username": "grocer", "ssh_password": "grocer", "vault_token": "{OTHER}"}},
  "builders": [{{"type": "qemu", "ssh_username": "{{{{user `ssh_username`}}}}"}}]
}}
"""

GITLAB = """\
variables:
  DEPLOY_USER: grocer
  DEPLOY_PASSWORD: grocer
build:
  variables:
    DEPLOY_PASSWORD: grocer
  script:
    - make
"""

HELMFILE = """\
releases:
  - name: shop
    chart: charts/shop
    set:
      - name: db.user
        value: grocer
      - name: db.password
        value: grocer
  - name: cache
    chart: charts/cache
    set:
      - name: auth.password
        value: grocer
"""

URLS = """\
local = postgres://grocer:grocer@localhost:5432/shop
remote = postgres://grocer:grocer@db.shop.example:5432/shop
"""


def test_a_password_that_is_the_user_name_beside_it_is_reported(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {
        "deploy.sh": SCRIPT, ".github/workflows/deploy.yml": WORKFLOW,
        "chart/Chart.yaml": "apiVersion: v2\nname: shop\nversion: 0.1.0\n", "chart/values.yaml": VALUES,
        "argocd/shop.yaml": APPLICATION, "k8s/shop.yaml": MANIFESTS, "compose.yaml": COMPOSE,
        "packer/shop.pkrvars.hcl": PKRVARS, "infra/terraform.tfvars": TFVARS, "infra/variables.tf": VARIABLES,
        "packer/legacy.json": LEGACY_JSON, ".gitlab-ci.yml": GITLAB, "config/app.conf": URLS,
        "helmfile.yaml": HELMFILE,
    }, rules=frozenset({"DCR002", "DCR010", "DCR023", "DCR050"}), dedent=False)
    assert brief(results) == [
        (".github/workflows/deploy.yml", 7, 22, "DCR010"),
        (".github/workflows/deploy.yml", 8, 19, "DCR010"),
        (".github/workflows/deploy.yml", 12, 64, "DCR023"),  # inside the `run: |` block
        (".github/workflows/deploy.yml", 13, 71, "DCR023"),
        (".gitlab-ci.yml", 3, 20, "DCR010"),
        (".gitlab-ci.yml", 6, 22, "DCR010"),
        ("argocd/shop.yaml", 11, 21, "DCR023"),  # inside the `values: |` block
        ("argocd/shop.yaml", 13, 21, "DCR023"),
        ("chart/values.yaml", 3, 13, "DCR023"),
        ("chart/values.yaml", 4, 18, "DCR023"),
        ("chart/values.yaml", 6, 13, "DCR023"),
        ("chart/values.yaml", 11, 12, "DCR023"),
        ("chart/values.yaml", 13, 12, "DCR023"),
        ("compose.yaml", 6, 26, "DCR023"),
        ("compose.yaml", 10, 20, "DCR023"),
        ("config/app.conf", 2, 28, "DCR050"),  # (line 1: a loopback URL's stock account)
        ("deploy.sh", 2, 94, "DCR023"),
        ("deploy.sh", 3, 95, "DCR023"),
        ("deploy.sh", 4, 104, "DCR023"),
        ("deploy.sh", 5, 27, "DCR002"),  # (line 6: a login to a registry on the machine itself)
        ("helmfile.yaml", 8, 16, "DCR023"),
        ("helmfile.yaml", 13, 16, "DCR023"),
        ("infra/terraform.tfvars", 3, 15, "DCR023"),
        ("infra/terraform.tfvars", 6, 15, "DCR023"),
        ("infra/variables.tf", 5, 14, "DCR023"),
        ("k8s/shop.yaml", 13, 18, "DCR023"),
        ("k8s/shop.yaml", 18, 18, "DCR023"),
        ("k8s/shop.yaml", 26, 13, "DCR023"),  # base64 of the user name
        ("k8s/shop.yaml", 34, 16, "DCR023"),
        ("k8s/shop.yaml", 35, 18, "DCR023"),
        ("packer/legacy.json", 2, 60, "DCR023"),
        ("packer/legacy.json", 2, 85, "DCR023"),
        ("packer/shop.pkrvars.hcl", 2, 17, "DCR023"),
        ("packer/shop.pkrvars.hcl", 3, 19, "DCR023"),
    ]
    assert notes == []


@pytest.mark.parametrize(("name", "user"), [
    ("username", True), ("POSTGRES_USER", True), ("ssh_username", True), ("userName", True), ("db-login", True),
    ("KEYCLOAK_ADMIN", True), ("adminEmail", True), ("accountName", True), ("MINIO_ROOT_USER", True),
    ("user_password", False), ("admin_password", False), ("user_id", False), ("users", False),
    ("user_agent", False), ("username_key", False), ("host", False), ("DB_NAME", False),
])
def test_names_of_a_user(name: str, user: bool) -> None:
    assert names_a_user(name) is user


def test_only_a_name_is_a_user_name() -> None:
    """A user name is one read as a name; the password must be it exactly (spaces around aside)."""
    users = user_names([("user", "grocer"), ("login", RANDOM), ("host", "pantry"), ("email", ""),
                        ("admin_user", "sa"), ("adminEmail", "ops@shop.example")])
    assert users == frozenset({"grocer", "sa", "ops@shop.example"})
    assert is_user_name(" grocer ", users) and not is_user_name("Grocer", users)
    assert not is_user_name("pantry", users) and not is_user_name("", users)


def test_the_user_name_with_a_password_word_for_its_user_word() -> None:
    """`cacheuser` and `cachepass`, `app_user` and `app_password`: the account's name, its role
    word turned from a user's to a password's, is as known as the name itself."""
    users = user_names([("user", "grocer_user"), ("login", "pantryuser")])
    assert is_user_name("grocer_password", users) and is_user_name("pantrypass", users)
    assert not is_user_name("grocer_pass9", users) and not is_user_name("cellarpass", users)
    assert not is_user_name("pass", user_names([("user", "user")]))  # (no name before the role word)


EXAMPLE_ENV = """\
DB_HOST=db.shop.example.org
DB_USER=appuser
DB_PASSWORD=appuser
DB_NAME=shop
ADMIN_PASSWORD=shop
API_TOKEN=Kq7-lantern-52
SMTP_PASSWORD=Correct-Horse-Staple
REDIS_PASSWORD=
"""


@pytest.mark.parametrize("name", [".env.example", "config/.example.env", ".env.dist", ".env.sample",
                                  ".env.local.template"])
def test_an_example_env_file_password_equal_to_a_sibling_value_is_a_stand_in(tmp_path: Path, name: str) -> None:
    """In an env file named as an example to copy, a password equal to a value the file gives a
    name that is no secret (the user, the database) was written from it: a stand-in. A password
    equal to nothing beside it (a token, a passphrase) stays reported."""
    results, notes = engine_scan(tmp_path, {name: EXAMPLE_ENV}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(6, 11), (7, 15)]
    assert notes == []


def test_a_password_equal_to_another_name_in_a_real_env_file_stays_reported(tmp_path: Path) -> None:
    """The same lines in a file a program reads (`.env`, `prod.env`): each password is reported,
    the database's name again too, and the user name given beside (`DB_PASSWORD=appuser` after
    `DB_USER=appuser`: a weak password, still the database's)."""
    results, _ = engine_scan(tmp_path, {".env": EXAMPLE_ENV, "deploy/prod.env": EXAMPLE_ENV},
                             rules=frozenset({"DCR023"}))
    assert [(p, line) for p, line, _, _ in brief(results)] == [
        (".env", 3), (".env", 5), (".env", 6), (".env", 7),
        ("deploy/prod.env", 3), ("deploy/prod.env", 5), ("deploy/prod.env", 6), ("deploy/prod.env", 7)]
