"""DCR010 and a CI step's or job's variables that place a service on the runner itself (its host
or URL settings, each a loopback host: `KV_ADDR: http://localhost:8200`): the service's own secrets
(`KV_TOKEN`: a host setting's words before its last name the service) are a throwaway instance's,
the dev server a job's service container runs, as an env file's are (decided: the target is the
machine itself). A variable sees its own block's and those of the blocks holding it (a job's
`env:`, the workflow's), the nearest of a name. A secret of another service, of one with no host
setting, or of one a nearer block moves elsewhere, stays reported; so does a job's own key beside a
loopback domain (that reading is an env file's stack's, not a job's)."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

DCR010 = frozenset({"DCR010"})

WORKFLOW = """\
on: push
jobs:
  integration:
    runs-on: ubuntu-latest
    services:
      kv:
        image: kvstore/server:1
        ports: ["8200:8200"]
    env:
      CACHE_HOST: 127.0.0.1
    steps:
      - run: make seed
        env:
          KV_ADDR: http://localhost:8200
          KV_TOKEN: dev-root-9Qw
          CACHE_PASSWORD: Hb6kWp2Rx
          MAIL_API_TOKEN: rT5vK9mWq2Lp8XzN
      - run: make sync
        env:
          CACHE_HOST: cache.example.org
          CACHE_PASSWORD: Hb6kWp2Rx
          STORE_TOKEN: Zm4Xq8Lr2Vt
  localstack:
    runs-on: ubuntu-latest
    env:
      BLOB_ENDPOINT_URL: http://localhost:4566
      BLOB_SECRET_KEY: Wq7vLm2xTz8Kp
      SITE_DOMAIN: board.localhost
      SITE_SESSION_SECRET: Hq4vN8sLw2pXc7Rz
    steps:
      - run: make e2e
"""

GITLAB = """\
variables:
  QUEUE_URL: amqp://localhost:5672
integration:
  script: make test
  variables:
    QUEUE_PASSWORD: Qv8nLm3Tz
deploy:
  script: make deploy
  variables:
    QUEUE_URL: amqps://queue.example.org
    QUEUE_PASSWORD: Qv8nLm3Ty
"""


def test_the_secrets_of_a_service_on_the_runner_itself(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {".github/workflows/it.yml": WORKFLOW, ".gitlab-ci.yml": GITLAB},
                                 rules=DCR010)
    assert brief(results) == [(".github/workflows/it.yml", 17, 27, "DCR010"),
                              (".github/workflows/it.yml", 21, 27, "DCR010"),
                              (".github/workflows/it.yml", 22, 24, "DCR010"),
                              (".github/workflows/it.yml", 29, 28, "DCR010"),
                              (".gitlab-ci.yml", 11, 21, "DCR010")]
    assert notes == []
