"""Principles found reading CI definitions of repositories nobody here had read (session 11):
each with the near misses that must still be reported (files written for these tests)."""

from __future__ import annotations

import pytest
from conftest import run_checks, scanned, where
from test_positions import unmark

Spans = list[tuple[int, int, int, int]]


def _dcr010(marked: str, path: str = "Jenkinsfile") -> tuple[Spans, Spans]:
    """The spans DCR010 reports in the unmarked text, and the marked ones."""
    plain, spans = unmark(marked)
    file = scanned(plain, path)
    return [w[1:] for w in where(file, run_checks(file, "DCR010"))], spans


# --- DCR010: a Jenkins variable handed to a step that takes a credential id ----------------------

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


# --- DCR010: a credentials-named Jenkins variable holding an id of the store ------------------------

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


# --- DCR003: a credential-named variable holding a data file's path --------------------------------

def _printed(script: str) -> list[str]:
    file = scanned("#!/bin/bash\n" + script + "echo done\n", "install.sh")
    return sorted(f.message.split("`")[3] for f in run_checks(file, "DCR003") if "prints secret" in f.message)


@pytest.mark.parametrize("script", [
    'AGENT_CREDENTIALS_JSON=agent/credentials.json\nif [[ -f "$AGENT_CREDENTIALS_JSON" ]]; then\n'
    '  echo "$AGENT_CREDENTIALS_JSON already exists"\nfi\n',
    'PRIVATE_KEY="$HOME/keys/deploy.pem"\necho "key at $PRIVATE_KEY"\n',
    'REGISTRY_AUTH="${REGISTRY_AUTH:-~/.docker/config.json}"\necho "auth from $REGISTRY_AUTH"\n',
    'API_TOKEN=/run/secrets/api-token.txt\necho "reading $API_TOKEN"\n',
])
def test_a_credential_variable_holding_a_data_files_path_prints_no_secret(script: str) -> None:
    """A variable named for the credential itself whose every value is a data file in a
    folder (a name, a variable, `~` or `.` for each folder; `.json`, `.yaml`, `.txt`, `.env`,
    `.pem`, `.crt`, `.key`) holds where the credential is: no password is written so."""
    assert _printed(script) == []


@pytest.mark.parametrize(("script", "names"), [
    # a file's name without a folder, a folder path with no data file's extension: what they say
    ('SERVICE_CREDENTIALS=credentials.json\necho "$SERVICE_CREDENTIALS"\n', ["SERVICE_CREDENTIALS"]),
    ('export REGISTRY_TOKEN="${REGISTRY_TOKEN-ci/registry-token}"\necho "tok $REGISTRY_TOKEN"\n',
     ["REGISTRY_TOKEN"]),
    # (a path in the home folder, `~/.ssh/id_rsa`, is a path since s12: tests/test_trust_ci_s12.py)
    ('SSH_PRIVATE_KEY=.ssh/id_rsa\necho "$SSH_PRIVATE_KEY"\n', ["SSH_PRIVATE_KEY"]),
    # the file's content, a path given once and a secret once
    ('CREDENTIALS_JSON=$(cat agent/credentials.json)\necho "$CREDENTIALS_JSON"\n', ["CREDENTIALS_JSON"]),
    ('PRIVATE_KEY=keys/deploy.pem\nPRIVATE_KEY=$(vault read -field=k kv/ci)\necho "$PRIVATE_KEY"\n',
     ["PRIVATE_KEY"]),
])
def test_credential_variables_of_other_values_stay_reported(script: str, names: list[str]) -> None:
    assert _printed(script) == names


# --- DCR010: an Azure Pipelines task input that takes a service connection ------------------------

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


# --- values: credentials named by an id, secrets selected by a filter, a requested client auth -----

def _found(marked: str, path: str, rule: str) -> tuple[Spans, Spans]:
    plain, spans = unmark(marked)
    file = scanned(plain, path)
    return [w[1:] for w in where(file, run_checks(file, rule))], spans


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


# --- DCR011: a CircleCI parameter that holds a variable's name ------------------------------------

def test_a_circleci_env_var_name_parameter_pastes_a_name() -> None:
    """A parameter declared `type: env_var_name` holds the name of an environment variable:
    `$<< parameters.x >>` pastes `$X`, which the shell expands. A string parameter, a pipeline
    parameter, or a name declared with another type elsewhere in the file is still pasted."""
    text = """\
version: 2.1
parameters:
  deploy_token:
    type: string
    default: ""
commands:
  login:
    parameters:
      registry_password:
        type: env_var_name
        default: REGISTRY_PASSWORD
      push_token:
        type: env_var_name
        default: PUSH_TOKEN
      api_token:
        type: string
        default: ""
    steps:
      - run: |
          echo "$<< parameters.registry_password >>" | docker login -u ci --password-stdin
          printenv << parameters.registry_password >> > /dev/null
          curl -H "Authorization: Bearer «<< parameters.api_token >>»" https://api.example.com
          echo "«<< pipeline.parameters.deploy_token >>»" > token.txt
          echo "$«<< parameters.push_token >>»" | docker login -u ci --password-stdin
  other:
    parameters:
      push_token:
        type: string
        default: ""
    steps:
      - run: echo ok
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - login
"""
    found, spans = _found(text, ".circleci/config.yml", "DCR011")
    assert found == spans


# --- DCR003: what a traced stretch after the logins may print -----------------------------------

def _traced(marked: str) -> tuple[Spans, Spans]:
    plain, spans = unmark(marked)
    file = scanned(plain, "push.sh")
    found = [f for f in run_checks(file, "DCR003") if "tracing" in f.message]
    return [w[1:] for w in where(file, found)], spans


LOGIN = 'echo "$REG_PASSWORD" | docker login -u ci --password-stdin r.example.com\n'


def test_a_login_result_is_what_the_login_prints() -> None:
    """`R=$(... | docker login ...)` holds the login's output (its status), not the password it
    reads: expanding it after a late `set -x` prints no credential."""
    text = ('#!/bin/bash\nRESULT=$(echo "$REG_PASSWORD" \\\n  | docker login -u ci --password-stdin r.example.com)\n'
            'set -x\necho "$RESULT" | grep "Login Succeeded"\nset +x\n')
    assert _traced(text) == ([], [])


def test_a_login_result_given_the_password_again_is_traced() -> None:
    text = ('#!/bin/bash\nRESULT=$(echo "$REG_PASSWORD" | docker login -u ci --password-stdin r.example.com)\n'
            'RESULT="$RESULT $REG_PASSWORD"\n«set -x»\necho "$RESULT"\n')
    found, spans = _traced(text)
    assert found == spans
    text = '#!/bin/bash\nCREDS=$(echo "$REG_PASSWORD" | base64)\n' + LOGIN + '«set -x»\necho "$CREDS"\n'
    found, spans = _traced(text)
    assert found == spans


def test_appending_to_the_bash_env_file_hands_no_tracing_on() -> None:
    """CircleCI steps append `export X=...` lines to `$BASH_ENV`: reading the variable changes
    no tracing, so a `set -x` after the login with nothing expanded after it prints nothing."""
    text = '#!/bin/bash\n' + LOGIN + 'echo "export IMAGE=r.example.com/app" >> "$BASH_ENV"\nset -x\ndocker push r.example.com/app\n'
    assert _traced(text) == ([], [])


def test_tracing_handed_to_child_shells_stays_reported() -> None:
    """Setting SHELLOPTS or BASH_ENV, or writing `set -x` into the file BASH_ENV names, may
    trace what runs after: the late `set -x` is reported as before."""
    tail = '«set -x»\ndocker push r.example.com/app\n'
    for setting in ('echo "set -x" >> "$BASH_ENV"\n', 'export SHELLOPTS\n', 'BASH_ENV=/tmp/env bash ./next.sh\n',
                    'declare -x BASH_ENV\n'):
        found, spans = _traced('#!/bin/bash\n' + LOGIN + setting + tail)
        assert found == spans, setting


@pytest.mark.parametrize("line", [
    'echo "${!PW_VAR}" | ( set -x; docker login -u "${!USER_VAR}" --password-stdin "$REGISTRY" )',
    '( set -x; make build )\n' + LOGIN.rstrip("\n"),
    '( set -x; make build ); ' + LOGIN.rstrip("\n"),
])
def test_tracing_in_a_subshell_ends_with_it(line: str) -> None:
    """`set -x` in a subshell traces what runs there after it: a login fed by an untraced
    command outside (its words hold no password), or a login after the subshell, is not shown."""
    assert _traced("#!/bin/bash\n" + line + "\n") == ([], [])


@pytest.mark.parametrize("line", [
    '( «set -x»; echo "$REG_PASSWORD" | docker login -u ci --password-stdin r.example.com )',
    '( «set -x»; docker login -u ci -p "$REG_PASSWORD" r.example.com )',
    'echo "$REG_PASSWORD" | ( «set -x»; docker login -u ci --password-stdin r.example.com; curl -u "ci:$API_TOKEN" x )',
    'echo "$REG_PASSWORD" | ( «set -x»; docker login -u ci --password-stdin r.example.com; echo "$REG_PASSWORD" >/dev/null )',
])
def test_a_subshell_that_traces_a_credential_is_reported(line: str) -> None:
    found, spans = _traced("#!/bin/bash\n" + line + "\n")
    assert found == spans
