"""A value that names where a credential is stored is no credential (DCR010, DCR023), each with
the near misses that stay reported:

- a Jenkins variable handed to a step that takes a credential id (`docker.withRegistry(url, ID)`,
  `sshagent`'s list or `credentials:`, `withAWS(credentials: ID)`), or a credentials-named
  variable whose value is shaped as an id of the store;
- an Azure Pipelines task input that takes a service connection (`publishFeedCredentials`):
  a connection's name is words as people write them (`valueshapes.written_name`);
- a credentials-named setting given an id's shape in Compose and CI files;
- the key a secret manager keeps a password under (`_REGISTRY_TOKEN_KEY: registry_pull_token`);
- docker build's `--secret id=NAME,env=VAR` options, which name the secrets a build gets;
- an automation controller's credential given by its display name (`Home-Ops AWX Deploy Key`);
- a secret store's reference (vals' `ref+vault://`, 1Password's `op://`), resolved before the
  Secret is applied."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _helpers import Spans
from _helpers import found as _found
from _helpers import scan_as_written as scan
from conftest import K8S_RULES, brief, engine_scan

RULES = frozenset({"DCR003", "DCR010", "DCR023", "DCR051"})
REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


def _dcr010(marked: str, path: str = "Jenkinsfile") -> tuple[Spans, Spans]:
    """The spans DCR010 reports in the unmarked text, and the marked ones."""
    return _found(marked, path, "DCR010")


def test_variables_handed_to_steps_taking_a_credential_id_name_stored_credentials() -> None:
    """`docker.withRegistry(url, ID)`'s second argument, `sshagent`'s list or `credentials:`,
    `withAWS(credentials: ID)` name an entry of the store, as `credentialsId:` does; a variable
    given as the registry URL, only named in a comment, or read inside a call in the list is
    still a literal where it is set."""
    text = """\
pipeline {
  agent any
  environment {
    HUB_AUTH = 'Hq4zT9Lm-push'
    REG_TOKEN = 'Wd4mR9xQ2pLs'
    KEY_SECRET = 'Kq2vN8sLw4Tz'
    AWS_SECRET = 'Pz8-lake-Ty3'
    URL_TOKEN = '«Zq7hunter2Lk9»'
    NOTE_TOKEN = '«Mx3-quartz-Vb8»'
    WRAP_TOKEN = '«Rt6-cobalt-Np2»'
  }
  stages {
    stage('b') {
      steps {
        script {
          docker.withRegistry('https://index.docker.io/v1/', HUB_AUTH) { sh 'make' }
          docker.withRegistry("https://r.example.com", "${env.REG_TOKEN}") { sh 'make' }
          docker.withRegistry(URL_TOKEN) { sh 'make' }
        }
        sshagent(credentials: [KEY_SECRET, wrap(WRAP_TOKEN)]) { sh 'make' }
        withAWS(credentials: env.AWS_SECRET, region: 'eu-west-1') { sh 'make' }
        // sshagent([NOTE_TOKEN])
      }
    }
  }
}
"""
    found, spans = _dcr010(text)
    assert found == spans


def test_a_bare_sshagent_list_names_stored_credentials() -> None:
    text = """\
node {
  env.DEPLOY_KEY_SECRET = 'Kq2vN8sLw4Tz'
  env.OTHER_SECRET = '«Bn5vR2sKw9Qx»'
  sshagent([DEPLOY_KEY_SECRET]) { sh 'make' }
}
"""
    found, spans = _dcr010(text)
    assert found == spans


def test_a_credentials_variable_holding_a_store_id_names_an_entry() -> None:
    """A variable named for credentials (the store's word for its entries) whose value is
    shaped as an entry's id (a UUID, as Jenkins makes one; lower-case words joined by `-`, `_`
    or `.`, maybe numbered) says which entry a shared library's steps bind, even where this
    file does not hand it on. Mixed case, digits inside a word, one word, or another name
    keep reporting."""
    text = """\
pipeline {
  agent any
  environment {
    JOB_GIT_CREDENTIALS = "3b0c5e9a-7d41-4c2e-9f63-1a8e2d7c5b40"
    JOB_GCS_CREDENTIALS = 'ci-gcs-upload-robot'
    DEPLOY_CREDENTIAL = 'deploy_robot.2'
    PUSH_CREDENTIALS = '«Zq7-hunter2-Lk9»'
    MIRROR_CREDENTIALS = '«mirrorrobot»'
    LAKE_CREDENTIALS = '«3B0C5E9A-7D41-4C2E-9F63-1A8E2D7C5B4»'
    UPLOAD_TOKEN = '«ci-gcs-upload-robot»'
    CREDENTIALS_PASSWORD = '«deploy-robot»'
  }
  stages {
    stage('b') {
      steps {
        script {
          env.NIGHTLY_CREDENTIALS = 'nightly-publisher'
          env.NIGHTLY_SECRET = '«nightly-publisher»'
        }
      }
    }
  }
}
"""
    found, spans = _dcr010(text)
    assert found == spans


def test_an_azure_task_input_named_for_credentials_takes_a_connection_name() -> None:
    """`publishFeedCredentials`, `externalFeedCredentials` (a list of names too) name service
    connections, which hold the secret; a task's bare `credentials`, an `apiKey` input, a
    credentials-named variable of the step's `env:` or of `variables:` are still literals, and so
    is such an input given a value of a credential's shape, no connection's name (guard R14)."""
    text = """\
variables:
  FEED_CREDENTIALS: '«Kq2vN8sLw4Tz»'
steps:
- task: NuGetCommand@2
  inputs:
    command: push
    publishFeedCredentials: FeedPushConnection
    externalFeedCredentials: 'Feed One, Feed Two'
    apiKey: «Zq7hunter2Lk9Wd4m»
- task: Publish@1
  inputs:
    credentials: «Wd4mR9xQ2pLsZq7»
    registryCredentials: '«Hq4zT9Lm77Xq2wPz»'
    apiCredentials: '«ci:Hq4zT9Lm77Xq2wPy»'
    dockerRegistryCredentials: acr-prod-01
  env:
    PUSH_CREDENTIALS: «Bn5vR2sKw9Qx»
"""
    found, spans = _dcr010(text, "azure-pipelines.yml")
    assert found == spans


def test_a_connection_name_is_words_as_people_write_them() -> None:
    """A service connection's name is words a reader reads (camelCase or separated; an acronym;
    a number at the end, set apart or short); a word with a year glued on and a run of letters
    with no word structure (capitalised parts with no vowel) are a credential's shapes: still
    literals (guard R21)."""
    text = """\
steps:
- task: VendorPush@1
  inputs:
    registryCredentials: '«Autumn2023»'
    apiCredentials: '«QwvTRkZpXmBdNcLj»'
    pushCredentials: «WKRTZQXPLMNB»
    feedCredentials: 'ACR Prod Feed2'
    mirrorCredentials: npm-mirror-2024
    cacheCredentials: GhcrReadOnlyConnection
    deployCredentials: MY_REGISTRY_LOGIN
"""
    found, spans = _dcr010(text, "azure-pipelines.yml")
    assert found == spans
    assert [s[:2] for s in spans] == [(4, 27), (5, 22), (6, 22)]


@pytest.mark.parametrize(("value", "name"), [
    ("Summer2024", False), ("HqzTLmXqwPzKrtVbNw", False), ("Hq4zT9Lm77", False), ("Sup3r-S3cret", False),
    ("2024-feed", False), ("feed2-prod", False), ("", False), ("XKQZWPRTMNBV", False), ("GcrNpmFeed", False),
    ("Feed One", True), ("acr-prod-01", True), ("FeedPushConnection", True), ("npm-feed", True), ("feed2", True),
    ("ACRPullConnection", True), ("GcrPush", True), ("MY_DOCKER_REGISTRY", True), ("ServiceA", True),
])
def test_written_name(value: str, name: bool) -> None:
    from dcrlint.valueshapes import written_name

    assert written_name(value) is name


def test_credentials_named_by_an_id_in_compose_and_ci_files() -> None:
    """A credentials-named setting whose value is an id's shape names stored credentials (a
    file of the image's secrets folder, a CI store's entry): not the secret, in Compose as in a
    workflow's `env:`. A client-auth mode (`requested`, as `required`) is a flag. Mixed case,
    another name (a password), or a mode with more after it stay reported."""
    compose = """\
services:
  broker:
    image: example/broker:7
    environment:
      BROKER_SSL_KEYSTORE_CREDENTIALS: broker_keystore_creds
      BROKER_SSL_KEY_CREDENTIALS: broker-sslkey-creds
      BROKER_SSL_CLIENT_AUTH: requested
      BROKER_SSL_TRUSTSTORE_CREDENTIALS: «Zq7hunter2Lk9»
      BROKER_SASL_PASSWORD: «kafka_client_secret»
      BROKER_SASL_AUTH: «requested-Hq4zT9Lm»
"""
    found, spans = _found(compose, "docker-compose.yml", "DCR023")
    assert found == spans
    workflow = """\
on: push
env:
  GCP_CREDENTIALS: ci-deployer-creds
  PUSH_CREDENTIALS: «Zq7-hunter2-Lk9»
  PUSH_PASSWORD: «ci-deployer-creds»
jobs:
  b:
    runs-on: ubuntu-latest
    steps:
    - run: make
"""
    found, spans = _found(workflow, ".github/workflows/ci.yml", "DCR010")
    assert found == spans


STORED_KEYS = """\
steps:
  - name: gcr.io/cloud-builders/docker
    entrypoint: bash
    args: ['-c', 'docker login -u ci --password-stdin reg.example.org <<< "$$REG_TOKEN"']
    secretEnv: ['REG_TOKEN']
availableSecrets:
  secretManager:
    - versionName: projects/$PROJECT_ID/secrets/${_REGISTRY_TOKEN_KEY}/versions/latest
      env: REG_TOKEN
substitutions:
  _REGISTRY_TOKEN_KEY: registry_pull_token
  _CACHE_PASSWORD_KEY: build-cache-password
  _SIGNING_SECRET_KEY: release_signing
  _MIRROR_PASSWORD_KEY: Hq7mZ2xW9kLp
  _SITE_PASS_KEY: garden_gate_lantern
"""


def test_the_key_a_password_is_kept_under_is_a_name(tmp_path: Path) -> None:
    """A name for the key a password or token is kept under (`_REGISTRY_TOKEN_KEY`, a secret
    manager's entry) given an id (`registry_pull_token`) says which stored credential to use,
    as `*_CREDENTIALS: deploy-robot` does. A secret key (the credential itself) and a key-named
    variable given a credential's shape stay reported, and so does a pass key (a passkey is one)."""
    results, notes = engine_scan(tmp_path, {"cloudbuild.yaml": STORED_KEYS}, rules=frozenset({"DCR010"}))
    assert brief(results) == [("cloudbuild.yaml", 13, 24, "DCR010"), ("cloudbuild.yaml", 14, 25, "DCR010"),
                              ("cloudbuild.yaml", 15, 19, "DCR010")]
    assert notes == []


@pytest.mark.parametrize(("value", "reported"), [
    ("--secret id=npm,env=NPM_TOKEN", False), ("--secret id=gh,src=/run/gh --secret=id=k,env=K", False),
    # arguments carrying the credential itself (guard R74)
    ("--token=Vb7nQz3xLp9W", True), ("--secret id=x,env=X --password Hq4zT9Lm", True),
])
def test_build_secret_options_name_secrets_a_literal_option_value_is_one(lint: Any, value: str,
                                                                         reported: bool) -> None:
    """docker build's `--secret id=NAME,env=VAR` names the secrets a build gets: no credential,
    whatever the setting holding it is called; the name alone (`*_ARGS`) decides nothing."""
    run = lint.scan(".gitlab-ci.yml", f"variables:\n  BUILD_SECRET_ARGS: \"{value}\"\n", "--fail-on", "never")
    assert bool(run.findings) is reported


AWX_PLAY = f"""\
- hosts: localhost
  tasks:
    - name: Project
      awx.awx.project:
        name: Ops
        credential: Home-Ops AWX Deploy Key
        scm_url: https://git.example.com/ops.git
    - name: Inventory source
      awx.awx.inventory_source:
        credential: Lab Vault - Read-Only
    - name: Token
      awx.awx.token:
        password: correct-horse-battery-staple
        api_token: Hq4-zT9 Lm7
        controller_password: {REAL}
"""


def test_a_display_name_with_joined_words_is_no_secret(tmp_path: Path) -> None:
    """A phrase of plain words names something (an automation controller's credential, given by
    its display name: `Home-Ops AWX Deploy Key`), also when a word joins words with `-`; words
    joined by `-` alone (a passphrase's shape) and a phrase with digits stay reported."""
    results, notes = engine_scan(tmp_path, {"playbooks/awx.yml": AWX_PLAY}, rules=RULES)
    assert brief(results) == [("playbooks/awx.yml", 13, 19, "DCR023"), ("playbooks/awx.yml", 14, 20, "DCR023"),
                              ("playbooks/awx.yml", 15, 30, "DCR023")]
    assert notes == []


STORE_REFERENCES = """\
apiVersion: v1
kind: Secret
metadata:
  name: connect
data:
  credentials.json: ref+op://ops/connect/CREDENTIALS_JSON
  token: ref+vault://secret/data/connect#/token
  other: op://ops/connect/password
  broken: ref-op-not-base64!
stringData:
  password: op://admin:Zq8xK2mW9pL4@vault.corp.example
"""


def test_a_secret_stores_reference_is_no_value(tmp_path: Path) -> None:
    # vals' `ref+<backend>://` and 1Password's `op://` are resolved before the Secret is applied
    results, notes = scan(tmp_path, {"s.yaml": STORE_REFERENCES}, rules=K8S_RULES | {"DCR050"})
    assert [(n.line, n.message) for n in notes] == [(9, "Secret connect: data.broken value is not base64; not checked")]
    assert brief(results) == [("s.yaml", 11, 24, "DCR050")]  # a URL with a password stays one


def test_a_password_managers_reference_names_its_vault_and_item_as_shown(tmp_path: Path) -> None:
    """1Password names a vault, an item and a section as its app shows them, blanks and all
    (`op://Home Lab/Backup account/credential`): still a reference, resolved by `op run`; a
    value with an `@` after the scheme is no such path."""
    env = ('BACKUP_KEY="op://Home Lab/Backup account/credential"\n'
           'API_TOKEN="op://Home Lab/Api - main/Section two/token"\n'
           'OTHER_TOKEN="op://not a ref@host"\n')
    results, _ = scan(tmp_path, {".env.template": env}, rules=frozenset({"DCR023"}))
    assert brief(results) == [(".env.template", 3, 14, "DCR023")]
