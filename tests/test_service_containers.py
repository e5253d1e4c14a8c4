"""DCR010 and a job's service containers: a database the job starts for its tests lives as long as
the job, on the runner's network, so the password it is set up with (`POSTGRES_PASSWORD`) guards
nothing, and neither does the same value given to the job's client (`PGPASSWORD`). A token or key a
service is given was issued elsewhere (a licence, an API it calls): still reported, as are the
registry credentials that pull a service's image and every other literal of the job."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

DCR010 = frozenset({"DCR010"})

WORKFLOW = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: node:20
      env:
        DB_PASSWORD: Tr8kWm2qPz
    services:
      db:
        image: postgres:16
        env:
          POSTGRES_USER: app
          POSTGRES_PASSWORD: Tr8kWm2qPz
      cache:
        image: dcr.example.com/redis:7
        credentials:
          username: bot
          password: Hq4zT9Lm77Xq2wPu
        env:
          REDIS_PASSWORD: Zx7vB3nM9q
          LICENSE_TOKEN: Mv4kP8xQ2rTz7Ln
    env:
      API_TOKEN: Lp3xR8sK2vQw9Zt
    steps:
      - run: psql -h localhost -U app -c 'select 1'
        env:
          PGPASSWORD: Tr8kWm2qPz
      - run: ./deploy
        env:
          DEPLOY_PASSWORD: Tr8kWm2qPy
"""


def test_github_service_passwords_and_their_client_are_silent(tmp_path: Path) -> None:
    results, _ = engine_scan(tmp_path, {".github/workflows/t.yml": WORKFLOW}, dedent=False, rules=DCR010)
    assert brief(results) == [
        (".github/workflows/t.yml", 19, 21, "DCR010"),  # the registry password pulling the service's image
        (".github/workflows/t.yml", 22, 26, "DCR010"),  # a token the service is given
        (".github/workflows/t.yml", 24, 18, "DCR010"),  # a job literal no service sets up
        (".github/workflows/t.yml", 31, 28, "DCR010"),  # one character off the service's password
    ]


def test_a_password_set_in_a_job_env_is_no_service_password(tmp_path: Path) -> None:
    """Only a service's own settings make a password a throwaway one: the same name in the job's
    `env:` is the job's secret."""
    text = WORKFLOW.replace("          POSTGRES_PASSWORD: Tr8kWm2qPz\n", "").replace(
        "      API_TOKEN: Lp3xR8sK2vQw9Zt\n", "      POSTGRES_PASSWORD: Tr8kWm2qPz\n")
    results, _ = engine_scan(tmp_path, {".github/workflows/t.yml": text}, dedent=False, rules=DCR010)
    assert (".github/workflows/t.yml", 8, 22, "DCR010") in brief(results)  # DB_PASSWORD of the container
    assert (".github/workflows/t.yml", 23, 26, "DCR010") in brief(results)  # POSTGRES_PASSWORD of the job


def test_a_service_password_of_a_known_format_is_still_found(tmp_path: Path) -> None:
    token = "ghp_" + "Zq8xW3vN5tR7yU1iO9pA2sD4fG6hJ0kLmXcB"  # made up, GitHub's format
    text = WORKFLOW.replace("POSTGRES_PASSWORD: Tr8kWm2qPz", f"POSTGRES_PASSWORD: {token}")
    results, _ = engine_scan(tmp_path, {".github/workflows/t.yml": text}, dedent=False,
                             rules=frozenset({"DCR010", "DCR051"}))
    assert (".github/workflows/t.yml", 14, 30, "DCR051") in brief(results)


@pytest.mark.parametrize(("rel", "text", "expected"), [
    (".circleci/config.yml", """\
version: 2.1
jobs:
  test:
    docker:
      - image: cimg/python:3.12
        environment:
          DATABASE_PASSWORD: Tr8kWm2qPz
          API_TOKEN: Lp3xR8sK2vQw9Zt
      - image: cimg/postgres:16.0
        environment:
          POSTGRES_PASSWORD: Tr8kWm2qPz
          SERVICE_TOKEN: Zq8xW3vN5tR7yU1i
    steps:
      - run: pytest
""", [(8, 22), (12, 26)]),  # the first image is the job's own; the others are its services
    (".drone.yml", """\
kind: pipeline
type: docker
name: default
steps:
  - name: test
    image: python:3.12
    environment:
      DB_PASSWORD: Tr8kWm2qPz
      DEPLOY_TOKEN: Lp3xR8sK2vQw9Zt
    commands: [pytest]
services:
  - name: db
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: Tr8kWm2qPz
""", [(9, 21)]),
    ("bitbucket-pipelines.yml", """\
image: python:3.12
definitions:
  services:
    postgres:
      image: postgres:16
      variables:
        POSTGRES_PASSWORD: Tr8kWm2qPz
        LICENSE_TOKEN: Mv4kP8xQ2rTz7Ln
pipelines:
  default:
    - step:
        services: [postgres]
        script:
          - pytest
""", [(8, 24)]),
])
def test_ci_systems_service_containers(tmp_path: Path, rel: str, text: str, expected: list[tuple[int, int]]) -> None:
    results, _ = engine_scan(tmp_path, {rel: text}, dedent=False, rules=DCR010)
    assert [(line, col) for _, line, col, _ in brief(results)] == expected


GITLAB_ALL_JOBS = """\
variables:
  MYSQL_DATABASE: app
  MYSQL_ROOT_PASSWORD: Tr8kWm2qPz
  API_TOKEN: Lp3xR8sK2vQw9Zt
services:
  - mysql:5.7
test:
  script: [phpunit]
lint:
  script: [phpcs]
"""

GITLAB_SOME_JOBS = """\
variables:
  POSTGRES_PASSWORD: Tr8kWm2qPz
test:
  services: [postgres:16]
  script: [pytest]
deploy:
  image: alpine/helm
  script: [helm upgrade app chart --set db.password=$POSTGRES_PASSWORD]
build:
  services: [docker:27-dind]
  variables:
    DOCKER_PASSWORD: Lp3xR8sK2vQw9Zt
    POSTGRES_PASSWORD: Zq8xW3vN5tR7yU1
  script: [docker build .]
itest:
  services:
    - name: registry.example.com/mirror/bitnami/postgresql:15@sha256:0123
      alias: db
  variables:
    POSTGRESQL_PASSWORD: Mv4kP8xQ2rTz7Ln
    ELASTIC_PASSWORD: Hq4zT9Lm77Xq2wPu
  script: [pytest]
e2e:
  extends: .with-search
  variables:
    ELASTIC_PASSWORD: Nb5tY7uR3eWq1Zx
  script: [npm test]
.with-search:
  services: [docker.elastic.co/elasticsearch/elasticsearch:8.15.0]
"""


def test_gitlab_variables_handed_to_the_jobs_services(tmp_path: Path) -> None:
    """GitLab hands a job's variables to its services, and a server image reads its settings from
    variables named for it: where every job receiving the variable runs that service, it sets up
    a throwaway server."""
    results, _ = engine_scan(tmp_path, {"a/.gitlab-ci.yml": GITLAB_ALL_JOBS, "b/.gitlab-ci.yml": GITLAB_SOME_JOBS},
                             dedent=False, rules=DCR010)
    assert brief(results) == [
        ("a/.gitlab-ci.yml", 4, 14, "DCR010"),  # a token: no service's setting
        ("b/.gitlab-ci.yml", 2, 22, "DCR010"),  # global, and the deploy job runs no postgres: a real password
        ("b/.gitlab-ci.yml", 12, 22, "DCR010"),  # the docker client's, not the daemon's (dind)
        ("b/.gitlab-ci.yml", 13, 24, "DCR010"),  # postgres is not among this job's services
        ("b/.gitlab-ci.yml", 21, 23, "DCR010"),  # ELASTIC_ names a service itest does not run
    ]


def test_the_same_value_elsewhere_is_no_throwaway(tmp_path: Path) -> None:
    """The client's copy is the throwaway only in the job that starts the service, and only as a
    password: a deploy job's password or a token that happen to be the same value are reported, as
    is the workflow's env every job receives."""
    workflow = WORKFLOW.replace("on: push\n", "on: push\nenv:\n  DATABASE_PASSWORD: Tr8kWm2qPz\n") + """\
  deploy:
    runs-on: ubuntu-latest
    env:
      PROD_DB_PASSWORD: Tr8kWm2qPz
      API_TOKEN: Tr8kWm2qPz
    steps:
      - run: ./deploy
"""
    gitlab = GITLAB_SOME_JOBS + """\
release:
  variables:
    PROD_DB_PASSWORD: Mv4kP8xQ2rTz7Ln
  script: [./release]
"""
    results, _ = engine_scan(tmp_path, {".github/workflows/t.yml": workflow, ".gitlab-ci.yml": gitlab},
                             dedent=False, rules=DCR010)
    found = brief(results)
    assert (".github/workflows/t.yml", 3, 22, "DCR010") in found  # the workflow's env
    assert (".github/workflows/t.yml", 37, 25, "DCR010") in found  # another job's password
    assert (".github/workflows/t.yml", 38, 18, "DCR010") in found  # a token
    assert (".gitlab-ci.yml", 32, 23, "DCR010") in found  # the value of itest's service password
    assert (".github/workflows/t.yml", 30, 23, "DCR010") not in found  # PGPASSWORD, the client in the job


def test_a_url_to_the_jobs_own_service_is_its_throwaway(tmp_path: Path) -> None:
    """DCR050: a URL whose password is a service's throwaway one, to the job's own service (on the
    runner's loopback, or by the service's alias), is no credential; the same password to another
    host is reported."""
    workflow = WORKFLOW.replace("    env:\n      API_TOKEN", """\
    env:
      DATABASE_URL: postgres://app:Tr8kWm2qPz@localhost:5432/app
      CACHE_URL: redis://:Zx7vB3nM9q@cache:6379/0
      PROD_URL: postgres://app:Tr8kWm2qPz@db.example.com:5432/app
      DEPLOY_URL: postgres://app:Tr8kWm2qPz@proddb:5432/app
      API_TOKEN""", 1)
    results, _ = engine_scan(tmp_path, {".github/workflows/t.yml": workflow}, dedent=False,
                             rules=frozenset({"DCR050"}))
    assert brief(results) == [(".github/workflows/t.yml", 26, 32, "DCR050"),  # another host
                              (".github/workflows/t.yml", 27, 34, "DCR050")]  # a host named as no service is


WOODPECKER_SERVICES = """\
when:
  - event: push
services:
  - name: db
    image: postgres:17
    environment:
      POSTGRES_USER: shop
      POSTGRES_PASSWORD: Wq5-pZ8mKt
  - name: cache
    alias: kv
    image: redis:7
    environment:
      REDIS_PASSWORD: Jn3-vR6xLb
steps:
  - name: test
    image: rust:1
    environment:
      DATABASE_URL: postgres://shop:Wq5-pZ8mKt@db:5432/shop
      CACHE_URL: redis://:Jn3-vR6xLb@kv:6379/0
      SERVICE_URL: postgres://shop:Wq5-pZ8mKt@0:5432/shop
      PROD_URL: postgres://shop:Wq5-pZ8mKt@db.example.org:5432/shop
    commands: [cargo test]
"""


def test_a_url_to_a_listed_service_by_its_name(tmp_path: Path) -> None:
    """Services written as a list (Woodpecker's, Drone's) are reached by each item's `name` (or
    `alias`), not its index: a URL to one with its password is the throwaway; the same password
    to another host, or to a host named as the index, is reported."""
    results, _ = engine_scan(tmp_path, {".woodpecker/test.yml": WOODPECKER_SERVICES}, dedent=False,
                             rules=frozenset({"DCR050"}))
    assert brief(results) == [(".woodpecker/test.yml", 20, 36, "DCR050"),  # the index is no host
                              (".woodpecker/test.yml", 21, 33, "DCR050")]  # another host
