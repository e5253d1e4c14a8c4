"""Findings a reader called false or missed on unread CI repositories and open items (session 18),
each with the near misses that must keep reporting.

- a Groovy map's entry read by `get` with its quoted key alone (`cfg.get('api_key')`,
  `params.get('REG_TOKEN')`, `m?.get("token")`, with a default for a missing entry:
  `cfg.get('api_key', '')`, `getOrDefault`: reviewer R95) is the entry `cfg['api_key']` reads: interpolated
  into a shell step's double-quoted string it is a credential named like one (DCR012), a user's
  entry or a length of one is not;
- a Buildkite secret-store plugin's mapping (`gcp-secret-manager`, `aws-sm`, `vault-secrets`:
  `env: {API_KEY: team-api-key}`) gives each variable the entry the plugin fetches: the value names
  the entry, no literal secret (a false DCR010), and the variable holds the secret (printing it is
  DCR003 whatever its name); another plugin's `env`/`environment` and a step's `env` keep their
  literals;
- a known format whose leading digits the pattern counts (Telegram's bot id, 8 to 10 digits, then
  `:` and 35 characters) is that number whole: digits before the match make it the tail of a
  longer number (an SNS topic's ARN: a 12-digit account id, then a 35-letter topic name), no
  token; a bot token alone, or after `bot` in the API's URL, is still reported;
- (held-out 18a D1, its justfile half) a justfile's recipes run shell as a Makefile's do: each
  line in the shell `set shell` names (`@`/`-` prefixes are just's), a recipe whose body starts
  with a shebang (or marked `[script]`) as one script of that interpreter (its `set -x` traces
  the script; a Python body is no shell); `{{ x }}` is just's interpolation, a template
  reference; a module it imports (`*.just`) is read the same;
- a `withCredentials` given variables (`withCredentials(regCreds)`, `withCredentials([hookCred,
  string(...)])`) binds what the file gives those variables (a list of bindings, one binding, a
  `$class` map): a bound variable interpolated by Groovy is a credential whatever its name
  (DCR012), its user name is not; a variable the file never gives a value binds nothing known;
- `ko login` (ko, the Go image builder: crane's login, kept in docker's config) is a registry
  login: `-p`/`--password` on its command line is DCR001, a literal one DCR002, and
  `--password-stdin` is the way (seen beside `ko login --password-stdin` in an unread release
  script: the `-p` form went unread);
- (reviewer R94) a here-document or here-string fed to `ssh host` with no command (the login shell
  reads it), or to a remote shell reading stdin (`ssh host bash -s`, `'sudo sh'`), is the host's
  script: a login in it is read, as `bash <<EOF` is locally; one fed to another remote command
  (`cat > notes`, `bash deploy.sh`) is that command's input;
- a secret given, in a substitution, to a function the script defines named for masking or
  digesting what it is given (`$(MASKED $TOKEN)`, `$(MD5MSK $PW)`; a PowerShell subexpression as a
  sh substitution: `"$(MASKED $registryToken)"`) prints the mask or digest, not the secret; a
  program of another file so named (`redact_value`, as the earlier `masked`), `$(unmask $T)` and
  `$(echo $T)` still print it;
- an access key printed by a script that names its pair's secret key (RANCHER_ACCESS_KEY beside
  RANCHER_SECRET_KEY) is the pair's id, who signs (`secretnames.access_key_ids`, as DCR023 reads
  pairs): no secret; alone (a storage account's access key) it is still one."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from conftest import brief, engine_scan

scan = partial(engine_scan, dedent=False)

KEYED_BY_GET = """\
def call(Map cfg = [:]) {
    sh "curl -fsS -H 'X-Api-Key: ${cfg.get('api_key')}' https://hooks.example.net/deploy"
    sh "curl -fsS -H 'X-Api-Key: ${cfg?.get("api_key")}' https://hooks.example.net/deploy"
    sh "echo ${params.get('REG_TOKEN')} | oras login -u ci --password-stdin oci.example.net"
    sh "curl -fsS -H 'X-Api-Key: ${cfg.get('api_key', '')}' https://hooks.example.net/deploy"
    sh "curl -fsS -H 'X-Api-Key: ${cfg.getOrDefault('api_key', env.FALLBACK_KEY)}' https://hooks.example.net/deploy"
    sh "echo deploying as ${cfg.get('username')} with a key of ${cfg.get('api_key').length()} characters"
    sh "echo pushing to ${cfg.get('registry')}"
}
"""


def test_a_map_entry_read_by_get_is_the_entry_its_key_names(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"vars/notifyDeploy.groovy": KEYED_BY_GET}, rules=frozenset({"DCR012"}))
    assert brief(results) == [("vars/notifyDeploy.groovy", 2, 34, "DCR012"),
                              ("vars/notifyDeploy.groovy", 3, 34, "DCR012"),
                              ("vars/notifyDeploy.groovy", 4, 14, "DCR012"),
                              ("vars/notifyDeploy.groovy", 5, 34, "DCR012"),
                              ("vars/notifyDeploy.groovy", 6, 34, "DCR012")]


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


TOPICS = """\
Resources:
  Subscriptions:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Published:
          Type: SNS
          Properties:
            Topic: arn:aws:sns:us-east-1:210987654321:catalogue_release_story_unpublished
notify:
  url: https://api.telegram.org/bot7402913385:Kq8vN3xLp2Xw7RtYb5mZc1Dh9Fj4Gk6HsQa/sendMessage
  token: "7402913385:Kq8vN3xLp2Xw7RtYb5mZc1Dh9Fj4Gk6HsQa"
"""


def test_a_numbers_tail_is_no_bot_id(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"deploy/notify.yml": TOPICS}, rules=frozenset({"DCR051"}))
    assert brief(results) == [("deploy/notify.yml", 11, 36, "DCR051"), ("deploy/notify.yml", 12, 11, "DCR051")]


JUSTFILE = '''\
set dotenv-load

registry := "r.example.test"

mod release 'just/release.just'

login:
    docker login -u ci -p "$HARBOR_PASSWORD" {{registry}}
    @echo "$HARBOR_PASSWORD"
    -printf '%s' "$HARBOR_PASSWORD" | docker login -u ci --password-stdin {{registry}}

push tag="latest": login
    docker push {{registry}}/app:{{tag}} \\
      --quiet

quick:
  docker login -u ci -p Wq3eR5tY7uI9 r.example.test

[script]
bundle:
    tar czf bundle.tgz dist/
    echo "$HARBOR_PASSWORD"

notes:
    #!/usr/bin/env python3
    print("docker login -p Wq3eR5tY7uI9")
'''

JUST_MODULE = '''\
publish version:
    #!/usr/bin/env bash
    set -euox pipefail
    skopeo login -u ci --password "$HARBOR_PASSWORD" {{registry}}
'''


def test_justfile_recipes_are_shell(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"justfile": JUSTFILE, "just/release.just": JUST_MODULE},
                      rules=frozenset({"DCR001", "DCR002", "DCR003"}))
    assert brief(results) == [("just/release.just", 3, 5, "DCR003"), ("just/release.just", 4, 36, "DCR001"),
                              ("justfile", 8, 28, "DCR001"), ("justfile", 9, 6, "DCR003"),
                              ("justfile", 17, 25, "DCR001"), ("justfile", 17, 25, "DCR002"),
                              ("justfile", 22, 5, "DCR003")]


BOUND_BY_VARIABLES = '''\
def regCreds = [
    usernamePassword(
        credentialsId: "bot_registry",
        passwordVariable: 'REG_VALUE',
        usernameVariable: 'REG_ACCOUNT')];
def hookCred = string(credentialsId: 'deploy_hook', variable: 'HOOK_VALUE')
def mapCred = [$class: 'StringBinding', credentialsId: 'map_id', variable: 'MAP_VALUE']

node('builder') {
    withCredentials(regCreds) {
        sh "echo ${REG_VALUE} > .pw"
        sh "echo ${REG_ACCOUNT} > .user"
    }
    withCredentials([hookCred, mapCred, string(credentialsId: 'x', variable: 'INLINE_VALUE')]) {
        sh "curl -d ${HOOK_VALUE} -d ${MAP_VALUE} -d ${INLINE_VALUE} https://hooks.example.test"
    }
    withCredentials(otherCreds) {
        sh "echo ${OTHER_VALUE}"
    }
}
'''


def test_bindings_given_as_variables(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"Jenkinsfile": BOUND_BY_VARIABLES}, rules=frozenset({"DCR012"}))
    assert brief(results) == [("Jenkinsfile", 11, 18, "DCR012"), ("Jenkinsfile", 15, 21, "DCR012"),
                              ("Jenkinsfile", 15, 38, "DCR012"), ("Jenkinsfile", 15, 54, "DCR012")]


KO_LOGIN = '''\
#!/bin/sh
set -eu
printf '%s' "$HARBOR_PASSWORD" | ko login -u ci --password-stdin h.example.test
ko login h.example.test -u ci -p "$HARBOR_PASSWORD"
ko login --username ci --password Wq3eR5tY7uI9 h.example.test
KO_DOCKER_REPO=h.example.test/app ko build ./cmd/app
'''


def test_ko_login_is_a_registry_login(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"hack/publish.sh": KO_LOGIN}, rules=frozenset({"DCR001", "DCR002", "DCR003"}))
    assert brief(results) == [("hack/publish.sh", 4, 35, "DCR001"), ("hack/publish.sh", 5, 35, "DCR001"),
                              ("hack/publish.sh", 5, 35, "DCR002")]


REMOTE_STDIN = '''\
#!/bin/bash
ssh ops@node1.example.test bash -s <<EOF
docker login -u ci -p "$HARBOR_PASSWORD" h.example.test
EOF
ssh ops@node1.example.test <<'EOF'
docker login -u ci -p "$HARBOR_PASSWORD" h.example.test
EOF
ssh ops@node1.example.test 'sudo sh' <<EOF
docker login -u ci -p "$HARBOR_PASSWORD" h.example.test
EOF
ssh ops@node1.example.test 'cat > notes.txt' <<EOF
docker login -u ci -p "$HARBOR_PASSWORD" h.example.test
EOF
ssh ops@node1.example.test bash deploy.sh <<EOF
docker login -u ci -p "$HARBOR_PASSWORD" h.example.test
EOF
ssh ops@node1.example.test <<< "docker login -u ci -p \\$HARBOR_PASSWORD h.example.test"
'''


def test_a_here_document_a_remote_shell_reads(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"deploy/remote.sh": REMOTE_STDIN}, rules=frozenset({"DCR001"}))
    assert brief(results) == [("deploy/remote.sh", 3, 24, "DCR001"), ("deploy/remote.sh", 6, 24, "DCR001"),
                              ("deploy/remote.sh", 9, 24, "DCR001"), ("deploy/remote.sh", 17, 56, "DCR001")]


MASKING_SH = """\
#!/bin/bash
function MASKED {
  echo -n "$1" | sha256sum | cut -d' ' -f1
}
MD5MSK() { echo -n "$1" | md5sum; }
unmask() { echo "$1"; }
echo "token   : $(MASKED $REGISTRY_TOKEN) (masked)"
echo "password: $(MD5MSK "$ADMIN_PASSWORD")"
echo "secret  : $(redact_value "$VAULT_SECRET")"
echo "token   : $(unmask "$REGISTRY_TOKEN")"
echo "token   : $(echo "$REGISTRY_TOKEN")"
echo "access  : $STORE_ACCESS_KEY"
[ -n "$STORE_SECRET_KEY" ] && echo "secret key set"
echo "account : $ACCOUNT_ACCESS_KEY"
"""

MASKING_PS = """\
function MASKED ($value) {
  (Get-FileHash -InputStream $([IO.MemoryStream]::new([byte[]][char[]]$value)) -Algorithm SHA256).Hash
}
Write-Host "registryToken : $(MASKED $registryToken) (MASKED)"
Write-Host "registryToken : $registryToken"
"""


def test_masked_secrets_and_access_key_ids(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"bin/show.sh": MASKING_SH, "bin/show.ps1": MASKING_PS}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("bin/show.ps1", 5, 1, "DCR003"), ("bin/show.sh", 9, 1, "DCR003"),
                              ("bin/show.sh", 10, 1, "DCR003"), ("bin/show.sh", 11, 1, "DCR003"),
                              ("bin/show.sh", 14, 1, "DCR003")]
