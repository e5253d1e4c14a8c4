"""A list of the secrets a secret manager's step loads, by the names its store keeps them under,
is no secret (a false DCR010 on the `secrets:` input of secret-manager actions): a variable in
capitals mapped to an entry's id on each line (`NEXUS_PASSWORD: nexus-password`), any name mapped
to a path (`token:my-project/registry-token`), or two or more ids or paths by lines or commas
(`registry-password, api-token`). A build's secrets (`NAME=value` lines, each value the secret),
a mapping to a value that is no id (`NAME: Kq7z...`), a user
and a password with `/` (`user:S3cr/et`) and a lower-case name mapped to an id
(`admin: super-secret`, a user's password) still report.
So are a `secretsFilter` (which Key Vault secrets a step takes) and an orb step's `secrets:`
written `path|VARIABLE;path;`."""

from __future__ import annotations

import pytest
from _helpers import found as _found
from conftest import Lint

from dcrlint.notsecret import not_a_secret

LISTS = """on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: example/secret-manager@v1
        with:
          secrets: |
            NEXUS_PASSWORD: nexus-password
            GITHUB-TOKEN: github-token
      - uses: google-github-actions/get-secretmanager-secrets@v2
        with:
          secrets: |-
            token:my-project/docker-registry-token
            password:my-project/db-password/3
      - uses: aws-actions/aws-secretsmanager-get-secrets@v2
        with:
          secret-ids: |
            SECRET_ALIAS, prod-db-secret
            DB_CREDS, prod/db/creds
      - uses: example/key-vault@v1
        with:
          secrets: 'registry-password, api-token'
"""

NEAR = """on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: example/secret-manager@v1
        with:
          secrets: |
            NEXUS_PASSWORD: Kq7zPw2mXr9t
            GITHUB-TOKEN: github-token
      - uses: example/deploy@v1
        with:
          api-token: "deployer:S3cr/et"
          credentials: |
            admin: super-secret
      - uses: docker/build-push-action@v6
        with:
          secrets: |
            GIT_AUTH_TOKEN=deploy-token-value
"""


def test_lists_of_stored_secrets_names_are_silent(lint: Lint) -> None:
    assert lint.scan(".github/workflows/s.yml", LISTS, "--select", "DCR010").where() == []


def test_near_misses_keep_reporting(lint: Lint) -> None:
    assert lint.scan(".github/workflows/s.yml", NEAR, "--select", "DCR010").where() == [
        ("DCR010", 9, 13, 10, 39), ("DCR010", 13, 23, 13, 39), ("DCR010", 15, 13, 15, 32),
        ("DCR010", 19, 13, 19, 46)]  # a build's secret: `NAME=value`, the value itself


@pytest.mark.parametrize(("value", "why"), [
    ("STYRA_TOKEN: styra-das-token\n", "a reference list"),
    ("token:my-project/registry-token", "a reference list"),
    ("registry-password, api-token", "a reference list"),
    ("a-b\nc-d/2\n", "a reference list"),
    ("admin: super-secret", None),     # a lower-case name and an id: a user's password
    ("user:S3cr/et", None),            # a path's parts start in lower case or a digit
    ("DB_PASSWORD: Kq7zPw2mXr9t", None),  # no id
    ("Kq7zPw2m, Xr9tLq7z", None),      # no ids
    ("registry-password", None),       # one id alone: not a list
    ("GIT_AUTH_TOKEN=deploy-token-value\n", None),  # `=`: a build's secret and its value
])
def test_the_shape(value: str, why: str | None) -> None:
    assert not_a_secret(value, ()) == why


def test_a_list_that_fails_at_its_end_is_read_in_linear_time() -> None:
    """R45: ids separated by runs of blank lines, the last not an id: each separator is read one
    way (an exponential split of the blank lines took minutes from 16 entries on)."""
    value = "".join("a-b\n\n\n" for _ in range(40)) + "a-b!"
    assert not_a_secret(value) is None or not_a_secret(value) != "a reference list"
    assert not_a_secret("".join("team-db-password\n\n" for _ in range(40)).strip()) == "a reference list"


def test_a_filter_of_secrets_names_them() -> None:
    """`secretsFilter` (which Key Vault secrets a step takes) holds names; a name whose last
    word is the secret (`filterSecret`) is still a secret."""
    text = """\
variables:
- name: secretsFilter
  value: 'DbPassword,ApiKey'
- name: SECRET_FILTERS
  value: 'db-password api-key'
- name: filterSecret
  value: '«Wd4mR9xQ2pLsZq7»'
steps:
- script: make
"""
    found, spans = _found(text, "azure-pipelines.yml", "DCR010")
    assert found == spans


def test_a_semicolon_list_of_store_paths_with_variables_names_stored_secrets() -> None:
    """An orb step's `secrets:` written `path|VARIABLE;path;` names the entries a secret store
    keeps (and the variables they are loaded into), not their values. A single entry, a list
    whose parts are no lower-case store paths, and a mixed-case value with a `/` stay reported."""
    text = """\
version: 2.1
orbs:
  store: example/store@1.0.0
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - store/load:
          secrets: "team/ci/db-password|DB_PASSWORD;team/ci/api-key;"
      - store/load:
          secrets: "team/ci/db-password|DB_PASSWORD ; team/ci/api-key|API_KEY"
      - store/load:
          secrets: "«Kq2v/N8sLw;Tz9/xQ»"
      - store/load:
          secrets: "«S3cr/et|X;ab/cd»"
      - store/load:
          api_token: "«Rt6cobaltNp2;Mx3quartzVb8»"
"""
    found, spans = _found(text, ".circleci/config.yml", "DCR010")
    assert found == spans


def test_store_field_lines_from_the_root_with_dashed_outputs() -> None:
    """Vault's action reads `path field | OUTPUT ;` lines; a path may start at the store's root
    (`/team/data/ci`) and an output's name hold `-` (a step's outputs may): the lines still name
    where the secrets are. A line whose field is followed by a word with `/` is no such line."""
    text = """\
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: hashicorp/vault-action@v3
        with:
          secrets: |
            /team/data/ci/registry api-key | team_data_ci_registry_api-key ;
            /team/data/ci/registry user-name | team_data_ci_registry_user-name ;
      - uses: hashicorp/vault-action@v3
        with:
          secrets: |
            «/team/data/ci Zq7/Lm4 | S3cr/et»
"""
    found, spans = _found(text, ".github/workflows/v.yml", "DCR010")
    assert found == spans
