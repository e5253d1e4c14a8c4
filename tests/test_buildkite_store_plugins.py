"""A Buildkite secret-store plugin's mapping (`gcp-secret-manager`, `aws-sm`, `vault-secrets`:
`env: {API_KEY: team-api-key}`) gives each variable the entry the plugin fetches: the value names
the entry, no literal secret (a false DCR010), and the variable holds the secret (printing it is
DCR003 whatever its name); another plugin's `env`/`environment` and a step's `env` keep their
literals."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from conftest import brief, engine_scan

scan = partial(engine_scan, dedent=False)

STORE_PLUGINS = """\
steps:
  - label: deploy
    command: |
      echo "$$DEPLOY_API_KEY"
      echo "$$ORDERS_DB"
      ./deploy.sh
    plugins:
      - acme/gcp-secret-manager#v1.0.0:
          env:
            DEPLOY_API_KEY: deploy-team-qa-api-key
            ORDERS_DB: orders-db-connection
      - acme/aws-sm#v2.0.0:
          env:
            REGISTRY_TOKEN: ci/registry-token
  - label: other
    command: echo "$$ORDERS_DB"
    env:
      SIGNING_TOKEN: Zq8vN3kLp2Xw7RtY
    plugins:
      - docker#v5.0.0:
          environment:
            - PUSH_TOKEN=Hx7pQ2vLm9Kw
"""


def test_a_secret_store_plugins_mapping_names_entries(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {".buildkite/pipeline.yml": STORE_PLUGINS},
                      rules=frozenset({"DCR003", "DCR010", "DCR023"}))
    assert brief(results) == [(".buildkite/pipeline.yml", 4, 7, "DCR003"),
                              (".buildkite/pipeline.yml", 5, 7, "DCR003"),
                              (".buildkite/pipeline.yml", 18, 22, "DCR010"),
                              (".buildkite/pipeline.yml", 22, 26, "DCR010")]
