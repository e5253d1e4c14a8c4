"""A secret-named setting given a value shaped as a name that a Secret of the scan is named by
(`HOOK_SECRET: hook-signing-keys` beside a Secret of that name, in another file; a chart value
naming a SealedSecret; a Kustomize generator's or `kubectl create secret`'s name; `ns/name`)
says which Secret holds the credential: no DCR023. A name-shaped value no Secret of the scan is
named by stays reported, also in a pre-commit run naming the file alone."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

SECRETS = """\
apiVersion: v1
kind: Secret
metadata:
  name: hook-signing-keys
stringData:
  key: Qx8vT2mZp5Lw9Rk
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: board-viewers
spec:
  encryptedData:
    users: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq
"""

DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ctl
spec:
  template:
    spec:
      containers:
        - name: ctl
          image: example.org/ctl:1
          env:
            - name: HOOK_SECRET
              value: hook-signing-keys
            - name: PEER_SECRET
              value: apps/peer-shared-key
            - name: SESSION_SECRET
              value: blue-river-stone
"""

VALUES = """\
board:
  auth:
    secret: board-viewers
  adminPassword: amber-lake-seven
"""

KUSTOMIZATION = """\
resources: [deploy.yaml]
secretGenerator:
  - name: peer-shared-key
    files: [peer.key]
"""

COMPOSE = """\
services:
  relay:
    image: example.org/relay:2
    environment:
      RELAY_TOKEN: relay-token-store
"""

SCRIPT = """\
#!/bin/sh
kubectl create secret generic relay-token-store --from-file=token=relay.token
"""

FILES = {"base/secrets.yaml": SECRETS, "apps/deploy.yaml": DEPLOY, "charts/board/values.yaml": VALUES,
         "apps/kustomization.yaml": KUSTOMIZATION, "relay/compose.yaml": COMPOSE}


def test_a_value_naming_a_secret_of_the_scan(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, FILES, rules=frozenset({"DCR023"}))
    assert sorted(brief(results)) == [
        ("apps/deploy.yaml", 17, 22, "DCR023"),  # SESSION_SECRET: no Secret of that name
        ("base/secrets.yaml", 6, 8, "DCR023"),  # the Secret's own data
        ("charts/board/values.yaml", 4, 18, "DCR023"),  # a password written as words: no Secret's
        ("relay/compose.yaml", 5, 20, "DCR023"),  # no Secret of that name (yet)
    ]
    assert notes == []
    results, _ = engine_scan(tmp_path, {**FILES, "relay/make-secret.sh": SCRIPT}, rules=frozenset({"DCR023"}))
    assert ("relay/compose.yaml", 5, 20, "DCR023") not in brief(results)


def test_named_alone_the_folder_names_the_secret(tmp_path: Path) -> None:
    engine_scan(tmp_path, FILES, rules=frozenset({"DCR023"}))
    results, _ = engine_scan(tmp_path, {}, named=["apps/deploy.yaml"], rules=frozenset({"DCR023"}))
    assert brief(results) == [("apps/deploy.yaml", 17, 22, "DCR023")]


CHART = {
    "chart/Chart.yaml": "apiVersion: v2\nname: shop\nversion: 1.0.0\n",
    "chart/values.yaml": "frontend:\n  image:\n    repository: example.org/shop/frontend:3\n    secret: shoppull\n"
                         "backend:\n  secret: Xk29vQ7p\n",
    ".github/workflows/it.yml": "on: push\njobs:\n  it:\n    runs-on: ubuntu-latest\n    steps:\n"
                                "      - run: kubectl create secret generic shoppull --type=kubernetes.io/dockerconfigjson"
                                " --from-file=.dockerconfigjson=$HOME/.docker/config.json\n",
}


def test_one_word_under_a_secret_key_naming_a_secret_of_the_scan(tmp_path: Path) -> None:
    """One word under a `...secret` key that a Secret the scan creates is named
    by; a value no Secret is named by stays reported."""
    results, notes = engine_scan(tmp_path, CHART, rules=frozenset({"DCR023"}))
    assert brief(results) == [("chart/values.yaml", 6, 11, "DCR023")]
    assert notes == []


def test_a_withheld_value_is_masked_whichever_rules_run(tmp_path: Path) -> None:
    """A name-shaped value left to the cross-file decision is masked on the lines of the file's
    other findings even where DCR023 is not selected (it runs only to learn what to hide)."""
    token = "ghp_" + "Zq8xW3vN5tR7yU1iO9pA2sD4fG6hJ0kLmXcB"
    values = f"env: {{DB_PASSWORD: blue-river-stone, GH_TOKEN: {token}}}\n"
    results, _ = engine_scan(tmp_path, {"chart/Chart.yaml": "apiVersion: v2\nname: x\nversion: 1.0.0\n",
                                        "chart/values.yaml": values}, rules=frozenset({"DCR051"}))
    assert [r.rule_id for r in results] == ["DCR051"]
    assert "blue-river-stone" not in results[0].source and token not in results[0].source


def test_findings_that_may_name_a_secret_keep_their_fingerprints(tmp_path: Path) -> None:
    """A finding the scan's Secret names might withdraw is the file's finding until they do: its
    fingerprint counts among the file's (two env values of one shape on like lines get two
    fingerprints), as it did before any cross-file reading."""
    deploy = DEPLOY.replace("value: hook-signing-keys", "value: qx")
    results, _ = engine_scan(tmp_path, {"apps/deploy.yaml": deploy}, rules=frozenset({"DCR023"}))
    assert [r.start.line for r in results] == [13, 15, 17]
    assert len({r.fingerprint for r in results}) == 3
