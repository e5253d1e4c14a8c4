"""DCR003: a variable a CI step's `env:` gives a secret whole (GitHub's `${{ secrets.X }}`, Azure's
`$(registryPassword)`, a GitLab job's or file's `variables:` entry given `$REGISTRY_PASSWORD`,
Drone's and Woodpecker's `from_secret:` in `environment:`), or that the definition declares a
secret (a Cloud Build step's `secretEnv`, CodeBuild's `env.secrets-manager`), holds that secret
whatever its own name: printing it prints the secret. A length or a test of it prints none, nor
does one holding what a store keeps beside a credential (`secrets.DOCKERHUB_USERNAME`, a region);
the whole secrets context (`${{ toJSON(secrets) }}`) or a secret an expression picks
(`secrets[x]`) is a secret too, and so is a store entry named for a URL or a file."""

from __future__ import annotations

from pathlib import Path

from _helpers import scan_as_written as scan
from conftest import brief

STEP_ENV_WORKFLOW = """\
on: push
jobs:
  push:
    runs-on: ubuntu-latest
    env:
      SIGN_WITH: ${{ secrets.COSIGN_KEY }}
    steps:
      - run: |
          echo "signing with $SIGN_WITH"
          echo "pw set: ${REG_PW:+yes} (${#REG_PW} chars)"
          echo "pushing $TAG_NAME"
          echo "pw $REG_PW"
        env:
          REG_PW: ${{ secrets.REGISTRY_PASSWORD }}
          TAG_NAME: ${{ github.ref_name }}
          REG_ACCOUNT: ${{ secrets.DOCKERHUB_USERNAME }}
      - run: |
          echo "as $REG_ACCOUNT"
          echo "in ${{ secrets.AWS_REGION }}"
        env:
          REG_ACCOUNT: ${{ secrets.DOCKERHUB_USERNAME }}
"""


STEP_ENV_PIPELINE = """\
pool:
  vmImage: ubuntu-latest
steps:
  - pwsh: |
      Write-Host "pw $env:REG_PW"
      Write-Host "build $env:BUILD_NO"
    env:
      REG_PW: $(registryPassword)
      BUILD_NO: $(Build.BuildId)
"""


STEP_ENV_DRONE = """\
kind: pipeline
type: docker
name: publish
steps:
  - name: push
    image: docker:27
    environment:
      PUSH_PW:
        from_secret: registry_pw
      CHANNEL: stable
      PUSH_AS:
        from_secret: registry_username
    commands:
      - echo "channel $CHANNEL"
      - echo "pw $PUSH_PW"
      - echo "as $PUSH_AS"
"""


CLOUD_BUILD = """\
steps:
  - name: gcr.io/cloud-builders/docker
    entrypoint: bash
    args:
      - -c
      - |
        echo "mirror $$MIRROR_HOST"
        echo "pw $$PUSH_PW"
    secretEnv: [PUSH_PW]
availableSecrets:
  secretManager:
    - versionName: projects/p/secrets/push/versions/latest
      env: PUSH_PW
"""


BUILDSPEC = """\
version: 0.2
env:
  secrets-manager:
    PUSH_PW: ci/registry:pw
  variables:
    MIRROR_HOST: mirror.example.net
phases:
  build:
    commands:
      - echo "mirror $MIRROR_HOST"
      - echo "pw $PUSH_PW"
"""


GITLAB = """\
variables:
  MIRROR_PW: $MIRROR_PASSWORD
push:
  variables:
    SHIP_PW: $SHIP_PASSWORD
    SHORT: $CI_COMMIT_SHORT_SHA
  script:
    - echo "short $SHORT"
    - echo "ship $SHIP_PW"
    - echo "mirror $MIRROR_PW"
"""


def test_a_step_env_entry_given_a_secret_holds_it(tmp_path: Path) -> None:
    files = {".github/workflows/push.yml": STEP_ENV_WORKFLOW, "azure-pipelines.yml": STEP_ENV_PIPELINE,
             ".drone.yml": STEP_ENV_DRONE, "cloudbuild.yaml": CLOUD_BUILD, "buildspec.yml": BUILDSPEC,
             ".gitlab-ci.yml": GITLAB}
    results, _ = scan(tmp_path, files, rules=frozenset({"DCR003"}))
    assert brief(results) == [(".drone.yml", 15, 9, "DCR003"),
                              (".github/workflows/push.yml", 9, 11, "DCR003"),
                              (".github/workflows/push.yml", 12, 11, "DCR003"),
                              (".gitlab-ci.yml", 9, 7, "DCR003"), (".gitlab-ci.yml", 10, 7, "DCR003"),
                              ("azure-pipelines.yml", 5, 7, "DCR003"),
                              ("buildspec.yml", 11, 9, "DCR003"),
                              ("cloudbuild.yaml", 8, 9, "DCR003")]


CONTEXT_WORKFLOW = """\
on: push
jobs:
  dump:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        key: [ALPHA_KEY, BETA_KEY]
    steps:
      - run: |
          echo "all $ALL_OF_THEM"
          echo "one $PICKED"
          echo "fmt $FORMATTED"
        env:
          ALL_OF_THEM: ${{ toJSON(secrets) }}
          PICKED: ${{ secrets[matrix.key] }}
          FORMATTED: ${{ format('{0}', toJSON(secrets)) }}
"""


def test_the_secrets_context_given_to_a_step_env_entry_is_a_secret(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {".github/workflows/dump.yml": CONTEXT_WORKFLOW}, rules=frozenset({"DCR003"}))
    assert brief(results) == [(".github/workflows/dump.yml", 10, 11, "DCR003"),
                              (".github/workflows/dump.yml", 11, 11, "DCR003"),
                              (".github/workflows/dump.yml", 12, 11, "DCR003")]


STORE_NAMES = """\
on: push
jobs:
  show:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "${{ secrets.ORDERS_DATABASE_URL }}"
          echo "${{ secrets.CHAT_WEBHOOK_URL }}"
          echo "${{ secrets.SIGNING_KEY_FILE }}"
          echo "${{ secrets.DEPLOY_REGION }}"
          echo "${{ secrets.MIRROR_USERNAME }}"
          echo "$ORDERS_DB"
        env:
          ORDERS_DB: ${{ secrets.ORDERS_DATABASE_URL }}
"""


def test_a_store_entry_named_for_a_location_or_file_is_a_secret(tmp_path: Path) -> None:
    """Reviewer R92: a connection string, a webhook URL, a key file kept in a secret store hold
    the credential; a region or a user name kept beside one does not."""
    results, _ = scan(tmp_path, {".github/workflows/show.yml": STORE_NAMES}, rules=frozenset({"DCR003"}))
    assert [r[1] for r in brief(results)] == [7, 8, 9, 12]


POD = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: till-sync
spec:
  template:
    spec:
      initContainers:
        - name: fetch
          image: r.example.test/till/fetch:3
          env:
            - name: SYNC_SIGNER
              valueFrom:
                secretKeyRef: {name: till-sync, key: signer}
            - name: SYNC_MODE
              valueFrom:
                configMapKeyRef: {name: till-sync, key: mode}
            - name: SYNC_DB_HOST
              valueFrom:
                secretKeyRef: {name: till-db, key: host}
            - name: SYNC_LINK
              valueFrom:
                secretKeyRef: {name: till-db, key: username}
          command: ["/bin/sh", "-c"]
          args:
            - |
              echo "mode $SYNC_MODE, signer ${SYNC_SIGNER}"
              echo "other container's $SYNC_ENDPOINT"
              echo "db at $SYNC_DB_HOST as $SYNC_LINK"
      containers:
        - name: sync
          image: r.example.test/till/sync:3
          env:
            - name: SYNC_ENDPOINT
              valueFrom:
                secretKeyRef: {name: till-sync, key: endpoint}
          command: ["sh", "-c", "echo starting; echo ${#SYNC_ENDPOINT} chars; echo $SYNC_SIGNER; exec till-sync"]
"""


def test_a_container_env_entry_given_a_secret_key_holds_it(tmp_path: Path) -> None:
    """A container's script printing its own env entry given a Secret's key prints the secret
    to the pod's log (a length prints none; another container's entry is not this one's, nor is
    one named, or whose key is, for what a store keeps beside a credential: a host, a user)."""
    results, _ = scan(tmp_path, {"k8s/till-sync.yaml": POD}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("k8s/till-sync.yaml", 27, 15, "DCR003")]
