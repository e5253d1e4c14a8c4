"""Findings a reader called false on unread CI repositories (session 17), each with the near
misses that must keep reporting.

- a hierarchical setting name (`Section__Sub__Key`, the environment form of nested settings)
  keeps its sections where a Compose file, an env file or Terraform gives it: its last section is
  the setting (`RELAY_TOKENISER__SIGNING_JWK__E` holds a public key's exponent; a word of an
  earlier section, `TOKENISER`, says which service), as in a pod's `env` already;
- `kid`, a key's id as JOSE names it (`WEBHOOK_TOKEN_KID`), is which key, as `keyid` is;
- a function of a record's field (a log-based metric's label extractor,
  `EXTRACT(jsonPayload.caller)`) is which field a program reads out of each record, no value;
- the entry a user's key selects from a credentials map (Groovy's `creds['Username']`, the
  shell's `${CREDS[username]}`) is the user name: printing or joining it shows no secret; the
  entry of the secret (`creds['Secret']`, `${CREDS[password]}`) still does, and so does an entry
  of a collection of secrets whatever its key (`${PASSWORDS[admin]}`, `tokens['deploy_user']`: the
  key says whose; reviewer R87). One reading for both dialects, `values.keyed_field`;
- a Secret's `data` value that is no padded base64 (`certificate: CERTIFICATE`, which a lenient
  reading decodes to eight bytes) is refused by Kubernetes: a value to fill in, told as a note;
  one that still decodes to text (a password whose `==` was cut) is committed all the same and
  read as it decodes (reviewer R89);
- a CI template expression in a PowerShell script (`${{ variables.registry }}`, replaced before
  PowerShell runs) is one part of its word, to its `}}` (a message named the registry `${{ x }`);
- a substitution piping a secret into jq for one field whose name says it is no secret
  (`$(echo "$TOKEN_INFO" | jq -r .expiresOn)`, `.token_type`) prints that field, not the secret;
  a neutral field (`.value`, `.Parameter.Value`) is where a secret's JSON keeps it (reviewer R88);
- (held-out 17a E3) `here` stands in for a value only as its own word after a word asking for
  one (`token-goes-here`, `PasteTokenHere`); letters that end in `here` (`Atmosphere`) and a phrase
  asking for nothing (`NothingToSeeHere`) are passwords someone chose;
- a variable a CI step's `env:` gives a secret whole (GitHub's `${{ secrets.X }}`, Azure's
  `$(registryPassword)`, a GitLab job's or file's `variables:` entry given `$REGISTRY_PASSWORD`,
  Drone's and Woodpecker's `from_secret:` in `environment:`), or that the
  definition declares a secret (a Cloud Build step's `secretEnv`, CodeBuild's
  `env.secrets-manager`) holds that secret whatever its own name: printing it prints the secret
  (a miss: only secret-worded names were read); a length or a test of it prints none, nor does
  one holding what a store keeps beside a credential (`secrets.DOCKERHUB_USERNAME`,
  `from_secret: registry_username`, `secrets.AWS_REGION`: reviewer R90); the whole secrets context
  (`${{ toJSON(secrets) }}`, in a `format()` too) or a secret an expression picks (`secrets[x]`)
  is a secret too;
- a Jenkins shell step given `returnStdout: true` returns what its script writes to stdout to the
  pipeline: an `echo` of a secret there (`echo $ENC | base64 --decode`, the usual decoding of a
  Secret's field) is that value, not the log; written to stderr (`>&2`) it is the log."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from conftest import brief, engine_scan

scan = partial(engine_scan, dedent=False)

COMPOSE = """\
services:
  relay:
    image: relay:2
    environment:
      RELAY_TOKENISER__SIGNING_JWK__KTY: "RSA"
      RELAY_TOKENISER__SIGNING_JWK__USE: "sig"
      RELAY_TOKENISER__SIGNING_JWK__E: "AQAB"
      RELAY_TOKENISER__SIGNING_JWK__N: "vR3kQ9zLm2Xw8TpB4nHc7YsJ1dFg6KaE0uWqZiO5rVlMxN2bC8yPoTe4Rj7HsUk"
      RELAY_TOKENISER__PRIVATE_KEY__D: "Wq7eR2tY9uI4oP1aS6dF3gH8jK5lZ0xC7vB2nM4qW9eR1tY6uI3oP8aS5dF2gH7"
      RELAY_TOKENISER__DB__PASSWORD: "Hq4zT9Lm2xQw"
      WEBHOOK_TOKEN_KID: "2024-07-k3"
      WEBHOOK_TOKEN: "Zq8xK2mW9pL4vBn3Rt5y"
"""


def test_hierarchical_names_in_compose_keep_their_sections(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"compose.yaml": COMPOSE}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("compose.yaml", 9, 41, "DCR023"),
                              ("compose.yaml", 10, 39, "DCR023"),
                              ("compose.yaml", 12, 23, "DCR023")]


METRIC = """\
resource "google_logging_metric" "reads" {
  name   = "secret-reads"
  filter = "protoPayload.methodName=\\"AccessSecretVersion\\""
  label_extractors = {
    "secret" = "EXTRACT(protoPayload.resourceName)"
    "token"  = "REGEXP_EXTRACT(jsonPayload.caller, \\"^(\\\\w+)\\")"
  }
}

resource "google_logging_metric" "other" {
  name = "other"
  label_extractors = {
    "token" = "Vb7nQ2xLp9Kz"
  }
}
"""


def test_a_function_of_a_record_field_is_no_value(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"metrics.tf": METRIC}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("metrics.tf", 13, 16, "DCR023")]


LIBRARY = """\
def call(Map cfg = [:]) {
    def pushCredentials = readJSON text: sh(returnStdout: true, script: 'helper-get')
    sh('echo "as ' + pushCredentials['Username'] + '"\\nregctl registry login -u ' + pushCredentials['Username']
       + ' -p ' + pushCredentials['Secret'] + ' reg.example.net')
    sh("echo \\"as ${pushCredentials['User']}\\"")
    sh("echo \\"key ${pushCredentials['Secret']}\\"")
}
"""

SCRIPT = """\
#!/bin/bash
declare -A PUSH_CREDENTIALS=([username]=ci [password]="$1")
echo "as ${PUSH_CREDENTIALS[username]}"
echo "as ${PUSH_CREDENTIALS['login']}"
echo "key ${PUSH_CREDENTIALS[password]}"
declare -A MIRROR_PASSWORDS=([root]="$2" [sync_user]="$3")
echo "root ${MIRROR_PASSWORDS[root]}"
echo "sync ${MIRROR_PASSWORDS[sync_user]}"
echo "as ${PUSH_CREDENTIALS['user']}"
"""

JENKINSFILE = """\
node {
  def mirrorTokens = readJSON text: env.MIRROR_TOKENS_JSON
  sh "echo ${mirrorTokens['deploy_user']}"
  sh "echo ${mirrorTokens['Username']}"
}
"""


def test_the_entry_a_user_key_selects_is_the_user_name(tmp_path: Path) -> None:
    files = {"vars/pushImage.groovy": LIBRARY, "bin/push.sh": SCRIPT, "Jenkinsfile": JENKINSFILE}
    results, _ = scan(tmp_path, files, rules=frozenset({"DCR003", "DCR012"}))
    assert brief(results) == [("Jenkinsfile", 3, 7, "DCR003"), ("Jenkinsfile", 3, 12, "DCR012"),
                              ("bin/push.sh", 5, 1, "DCR003"),
                              ("bin/push.sh", 7, 1, "DCR003"), ("bin/push.sh", 8, 1, "DCR003"),
                              ("vars/pushImage.groovy", 4, 19, "DCR012"),
                              ("vars/pushImage.groovy", 6, 9, "DCR003"),
                              ("vars/pushImage.groovy", 6, 20, "DCR012")]


SECRETS = """\
apiVersion: v1
kind: Secret
metadata:
  name: sp-cert
type: Opaque
data:
  certificate: CERTIFICATE
  token: WnE4eEsybVc5cEw0dkJuMw==
  password: WnE4eEsybVc5cEw0dkJuMw
"""


def test_secret_data_that_is_no_padded_base64_is_a_value_to_fill(tmp_path: Path) -> None:
    results, notes = scan(tmp_path, {"secret.yaml": SECRETS}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("secret.yaml", 8, 10, "DCR023"), ("secret.yaml", 9, 13, "DCR023")]
    assert sum("not base64" in str(n) for n in notes) == 1


PWSH_PIPELINE = """\
pool:
  name: BuildHosts
variables:
  registryName: corpreg
steps:
- task: AzureCLI@2
  inputs:
    azureSubscription: conn
    scriptType: ps
    scriptLocation: inlineScript
    inlineScript: |
      az acr login -n ${{ variables.registryName }}
      docker push ${{ variables.registryName }}.azurecr.io/app:1
"""


def test_a_template_expression_is_one_part_of_a_powershell_word(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"azure-pipelines.yml": PWSH_PIPELINE}, rules=frozenset({"DCR014"}))
    assert [r.message.split(" on ")[0] for r in results] == ["`az acr` login to ${{ variables.registryName }}"]


JQ_SCRIPT = """\
#!/bin/bash
tokenInfo=$(az account get-access-token)
echo "acquired, expires $(echo "$tokenInfo" | jq -r .expiresOn)"
echo "day $(echo "$tokenInfo" | jq -r '.token.expires_at' | cut -c1-10)"
echo "token $(echo "$tokenInfo" | jq -r .accessToken)"
echo "all $(echo "$tokenInfo" | jq .)"
echo "kind $(echo "$tokenInfo" | jq -r .token_type)"
echo "kv $(echo "$VAULT_SECRET" | jq -r .value)"
echo "ssm $(echo "$DB_SECRET" | jq -r .Parameter.Value)"
"""


def test_a_jq_field_of_a_secret_is_that_field(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"get-token.sh": JQ_SCRIPT}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("get-token.sh", 5, 1, "DCR003"), ("get-token.sh", 6, 1, "DCR003"),
                              ("get-token.sh", 8, 1, "DCR003"), ("get-token.sh", 9, 1, "DCR003")]


HERE = """\
services:
  broker:
    image: rabbitmq:4
    environment:
      MQ_PASSWORD: Atmosphere
      RELAY_PASSWORD: NothingToSeeHere
      SINK_PASSWORD: token-goes-here
      TAP_PASSWORD: PasteTokenHere
      FEED_PASSWORD: YOUR_PASSWORD_HERE
"""


def test_here_stands_in_only_as_a_word_asked_for(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"compose.yaml": HERE}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("compose.yaml", 5, 20, "DCR023"), ("compose.yaml", 6, 23, "DCR023")]


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


RETURNED = """\
def call(Map cfg = [:]) {
    def secretData = readJSON text: cfg.json
    def encodedToken = secretData.token
    def token = sh(script: "set +x; echo ${encodedToken} | base64 --decode", returnStdout: true)
    sh(script: 'echo "$PULL_TOKEN" | base64 -d', returnStdout: true)
    sh(script: 'echo "$PULL_TOKEN" >&2', returnStdout: true)
    sh(script: 'echo "$PULL_TOKEN"', returnStatus: true)
}
"""


def test_a_returned_stdout_is_no_log(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"vars/decodeToken.groovy": RETURNED}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("vars/decodeToken.groovy", 6, 17, "DCR003"), ("vars/decodeToken.groovy", 7, 17, "DCR003")]


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
