"""DCR010: a reusable workflow's input that a job's service container is given whole as its
password (`POSTGRES_PASSWORD: ${{ inputs.db_password }}`) has that throwaway password as its
default (tests/test_service_containers.py): silent, in any case of the input's name, as GitHub
reads it. An input no service is given, and one given to a service's non-password setting,
still report."""

from __future__ import annotations

from conftest import Lint

WORKFLOW = """on:
  workflow_call:
    inputs:
      DB_SA_PASSWORD:
        type: string
        default: "LocalDevPassword123!"
      API_TOKEN:
        type: string
        default: "Kq7zPw2mXr9tLq7z"
      LICENSE_TOKEN:
        type: string
        default: "Wq8xW3vN5tR7yU1k"
jobs:
  t:
    runs-on: ubuntu-latest
    services:
      mssql:
        image: mcr.microsoft.com/mssql/server:2022-latest
        env:
          MSSQL_SA_PASSWORD: ${{ inputs.db_sa_password }}
          MSSQL_PID: ${{ inputs.LICENSE_TOKEN }}
    steps:
      - run: sqlcmd -S mssql -U sa -P "$PW"
        env:
          PW: ${{ inputs.DB_SA_PASSWORD }}
          TOKEN: ${{ inputs.API_TOKEN }}
"""


def test_an_input_a_service_password_is_given(lint: Lint) -> None:
    assert lint.scan(".github/workflows/c.yml", WORKFLOW, "--select", "DCR010").where() == [
        ("DCR010", 9, 19, 9, 35),    # no service is given it
        ("DCR010", 12, 19, 12, 35),  # given to a service's setting that is no password
    ]
