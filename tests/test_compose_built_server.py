"""A Compose stack a CI job brings up for itself whose database service is built from a local
Dockerfile that starts FROM a server image (`FROM postgres:16`) is the job's throwaway database as
`image: postgres` is: its password entries named for that image (`POSTGRES_PASSWORD`, and a
client's same value) guard nothing. Built FROM another image (the app under test), an entry not
named for the image, or a Dockerfile not in the scan: reported as before (held-out 17 A1c)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

STACK = """\
services:
  ledgerdb:
    build: {build}
    environment:
      POSTGRES_PASSWORD: Vn3kQ8wLp
      AUDIT_API_KEY: Zr7tYu2iOp4aSd6fGh
  worker:
    build: ./worker
    environment:
      LEDGER_DB_PASSWORD: Vn3kQ8wLp
      WORKER_PASSWORD: Hj5kL8zXc
"""

WORKFLOW = """\
on: [push]
jobs:
  it:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: docker compose -f it/stack.yml up -d --wait
"""

WORKER = "FROM python:3.12-slim\nCOPY . /app\n"
# (the API key of the database and the worker's own password: secrets whatever builds them)
ALWAYS = [("it/stack.yml", 6, 22, "DCR023"), ("it/stack.yml", 11, 24, "DCR023")]
PASSWORDS = [("it/stack.yml", 5, 26, "DCR023"), ("it/stack.yml", 10, 27, "DCR023")]


def _scan(root: Path, build: str, dockerfiles: dict[str, str]) -> list[tuple[str, int, int, str]]:
    files = {".github/workflows/it.yml": WORKFLOW, "it/stack.yml": STACK.format(build=build),
             "it/worker/Dockerfile": WORKER, **dockerfiles}
    results, _ = engine_scan(root, files, dedent=False, rules=frozenset({"DCR010", "DCR023"}))
    return sorted(brief(results))


@pytest.mark.parametrize(("build", "dockerfiles"), [
    ("./db", {"it/db/Dockerfile": "FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n"}),
    ("{context: db, dockerfile: Dockerfile.pg}",
     {"it/db/Dockerfile.pg": "# syntax=docker/dockerfile:1\nFROM docker.io/library/postgres:16-alpine AS base\n"
                             "FROM base\nRUN echo ready\n"}),
    ("{context: ., target: db}",
     {"it/Dockerfile": "FROM postgres:16 AS db\nCOPY seed.sql /docker-entrypoint-initdb.d/\n"
                       "FROM golang:1.22 AS tools\n"}),
    ('{context: ., dockerfile_inline: "FROM postgres:15\\n"}', {}),
])
def test_a_database_built_from_its_server_image_guards_nothing(tmp_path: Path, build: str,
                                                               dockerfiles: dict[str, str]) -> None:
    assert _scan(tmp_path, build, dockerfiles) == ALWAYS


@pytest.mark.parametrize(("build", "dockerfiles"), [
    # the app under test, or a server image the entry is not named for
    ("./db", {"it/db/Dockerfile": "FROM python:3.12\n"}),
    ("./db", {"it/db/Dockerfile": "FROM mysql:8\n"}),
    # the last stage is what is built: the app, from the database's stage
    ("./db", {"it/db/Dockerfile": "FROM postgres:16 AS schema\nFROM node:20\nCOPY --from=schema / /s\n"}),
    # not in the scan, a base given by a variable
    ("./elsewhere", {}),
    ("./db", {"it/db/Dockerfile": "ARG BASE=postgres:16\nFROM ${BASE}\n"}),
])
def test_a_service_built_otherwise_is_reported(tmp_path: Path, build: str, dockerfiles: dict[str, str]) -> None:
    assert _scan(tmp_path, build, dockerfiles) == sorted(ALWAYS + PASSWORDS)


def test_mariadb_reads_mysql_settings() -> None:
    from dcrlint.images import sets_up

    assert sets_up("MYSQL_ROOT_PASSWORD", frozenset({"mariadb"}))
    assert sets_up("MARIADB_PASSWORD", frozenset({"mariadb"}))
    assert not sets_up("MYSQL_ROOT_PASSWORD", frozenset({"postgres"}))
    assert not sets_up("DOCKER_PASSWORD", frozenset({"docker"}))
