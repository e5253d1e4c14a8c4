"""A Compose project's `.env` (the file `docker compose` reads for `${NAME}` in the Compose files
of its folder) gives its variables to the settings that use them: a variable whose own name says
nothing (`LEDGERROOT`) that a service's secret-named setting receives whole
(`MARIADB_ROOT_PASSWORD: ${LEDGERROOT}`) holds that secret, judged as that setting's value
(held-out 19b HM2) and reported once, at the `.env` line. Not a variable used in a longer value,
given to a setting that names no secret, a stand-in, a variable already named as a secret (its
finding is the usual one), nor another env file or a Compose file of another folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

ENV = """\
LEDGERROOT=Kq8vLr2mWxTz
LEDGERWEB=Hb6kWp2RxQ
LEDGERVERSION=2.4.1
LEDGERDSNPART=Zm4Xq8Lr2Vt
LEDGERSPARE=please-change-me
LEDGER_DB_PASSWORD=Tn5wQz7mKv
"""

COMPOSE = """\
services:
  ledgerdb:
    image: mariadb:11
    environment:
      MARIADB_ROOT_PASSWORD: ${LEDGERROOT}
      MARIADB_PASSWORD: ${LEDGER_DB_PASSWORD}
      MARIADB_REPLICATION_PASSWORD: ${LEDGERSPARE}
  ledgerweb:
    image: example/ledger:${LEDGERVERSION}
    environment:
      - ADMIN_PASSWORD=${LEDGERWEB:?set it in .env}
      - DATABASE_URL=mysql://ledger:${LEDGERDSNPART}@ledgerdb/ledger
      - RELEASE=${LEDGERVERSION}
"""


@pytest.mark.usefixtures("gating")
def test_a_variable_named_by_its_use(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"deploy/.env": ENV, "deploy/docker-compose.yml": COMPOSE},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/.env", 1, 12, "DCR023"), ("deploy/.env", 2, 11, "DCR023"),
                              ("deploy/.env", 6, 20, "DCR023")]
    assert "LEDGERROOT, given whole to MARIADB_ROOT_PASSWORD by docker-compose.yml" in results[0].message
    assert notes == []


@pytest.mark.parametrize("files", [
    {"deploy/app.env": ENV, "deploy/docker-compose.yml": COMPOSE},  # not the file Compose interpolates from
    {"deploy/.env": ENV, "other/compose.yaml": COMPOSE},  # a Compose file of another folder
    {"deploy/.env": ENV},
])
def test_no_compose_file_using_it(tmp_path: Path, files: dict[str, str]) -> None:
    results, _ = engine_scan(tmp_path, files, rules=frozenset({"DCR023"}))
    assert [(r.path, r.start.line) for r in results if r.path.endswith("env")] == [(next(iter(files)), 6)]
