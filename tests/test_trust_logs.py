"""DCR003 reads where output goes and what is expanded: process and command substitutions,
redirects on a continuation line or in a folded YAML scalar, single quotes and escapes, the
working folder; docker configs printed by path; whole-environment dumps in jobs with secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

NOT_PRINTED = [
    'ssh-add <(echo "$SSH_PRIVATE_KEY")',
    'token=$(echo "$API_TOKEN" | base64 -d)',
    'echo "${REG_USER}:${REG_PASSWORD}" \\\n     > "$AUTHDIR/htpasswd"',
    'echo "$REG_PASSWORD" 1> /tmp/pw',
    "echo 'export PASSWORD=$PASSWORD' >> .env.template",
    'echo "the \\$PASSWORD variable must be set"',
    'echo "Running in $PWD (was $OLDPWD)"',
    'echo "token ${DEPLOY_TOKEN:+is set}, ${#DEPLOY_TOKEN} characters"',
    'echo "::add-mask::$DEPLOY_TOKEN"',
    'echo "##vso[task.setsecret]$DEPLOY_TOKEN"',
    'echo "##vso[task.setvariable variable=tok;issecret=true]$DEPLOY_TOKEN"',
    "env | grep -c CI_ > /dev/null",
    "env DEBUG=1 make test",
    'echo "vnodes: ${CASSANDRA_NUM_TOKENS}, at most $MAX_TOKENS"',  # how many, not which
    # the grammar hangs `> f` on the list or pipeline; bash gives it to the last command
    'mkdir -p .ssh && echo "$SSH_PRIVATE_KEY" > .ssh/id_rsa && chmod 600 .ssh/id_rsa',
    "cd /tmp && cat ~/.docker/config.json > backup.json",
    'true | echo "$DEPLOY_TOKEN" > /tmp/t || exit 1',
    # what a group, a subshell or a loop writes goes where the group's stdout goes
    '{ echo "machine example.org"; echo "password $DEPLOY_TOKEN"; } > ~/.netrc',
    '( echo "$REG_PASSWORD" ) > /tmp/pw',
    'for f in a b; do echo "$DEPLOY_TOKEN"; done >> tokens.txt',
]
PRINTED = [
    'echo "$REG_PASSWORD" >&2',
    'echo "$REG_PASSWORD" > /dev/stderr',
    'printf "%s\\n" "$DEPLOY_TOKEN"',
    "cat ~/.docker/config.json",
    'cat "$DOCKER_CONFIG/config.json"',
    "cat /kaniko/.docker/config.json",
    "printenv REGISTRY_PASSWORD",
]

DCR003 = ("--format", "json", "--select", "DCR003", "--fail-on", "never")


# (line, column of the command printing)
PRINTED_INSIDE = [
    ('cd /tmp && echo "$REG_PASSWORD" >&2', 12),
    ('cd /tmp && echo "$REG_PASSWORD" 2> /tmp/errors', 12),
    ('{ echo "$REG_PASSWORD" >&2; } > /tmp/out', 3),
    ('if true; then echo "$REG_PASSWORD"; fi 2> /tmp/errors', 15),
    ('{ echo "$REG_PASSWORD"; } >&2', 3),
    ('{ echo "$REG_PASSWORD"; } > /tmp/out; echo "$DEPLOY_TOKEN"', 39),
]


@pytest.mark.parametrize(("line", "column"), PRINTED_INSIDE)
def test_printed_inside_lists_and_groups(lint, tmp_path: Path, line: str, column: int) -> None:
    write(tmp_path, "s.sh", f"#!/bin/bash\n{line}\n")
    assert lint(*DCR003, "s.sh").table("line", "column") == [(2, column)]


def test_dockerfile_run_continued_writes_a_key_to_a_file(lint, tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", """\
FROM debian:12
ARG SSH_PRIVATE_KEY
RUN mkdir .ssh                             && \\
    echo "$SSH_PRIVATE_KEY" > .ssh/id_rsa  && \\
    echo "$SSH_PRIVATE_KEY" | wc -c        && \\
    chmod 600 .ssh/id_rsa                  && \\
    echo "$SSH_PRIVATE_KEY"
""")
    assert lint(*DCR003, "Dockerfile").table("line", "column") == [(7, 5)]


@pytest.mark.parametrize("line", NOT_PRINTED)
def test_not_printed(lint, tmp_path: Path, line: str) -> None:
    write(tmp_path, "s.sh", f"#!/bin/bash\n{line}\n")
    assert lint(*DCR003, "s.sh").table("line", "column") == []


@pytest.mark.parametrize("line", PRINTED)
def test_printed(lint, tmp_path: Path, line: str) -> None:
    write(tmp_path, "s.sh", f"#!/bin/bash\n{line}\n")
    assert lint(*DCR003, "s.sh").table("line", "column") == [(2, 1)]


def test_gitlab_kaniko_folded_echo_redirected_on_the_next_line(lint, tmp_path: Path) -> None:
    write(tmp_path, ".gitlab-ci.yml", """\
build:
  script:
    - mkdir -p /kaniko/.docker
    - >-
      echo "{\\"auths\\":{\\"${CI_REGISTRY}\\":{\\"auth\\":\\"$(printf "%s:%s" "${CI_REGISTRY_USER}" "${CI_REGISTRY_PASSWORD}" | base64 | tr -d '\\n')\\"}}}"
      > /kaniko/.docker/config.json
    - cat /kaniko/.docker/config.json
""")
    assert lint(*DCR003, ".gitlab-ci.yml").table("line", "column") == [(7, 7)]


def test_environment_dumps_in_jobs_with_secrets(lint, tmp_path: Path) -> None:
    write(tmp_path, ".github/workflows/ci.yml", """\
on: push
jobs:
  with-secret:
    runs-on: ubuntu-latest
    env:
      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}
    steps:
      - run: env
      - run: printenv | sort
  without:
    runs-on: ubuntu-latest
    steps:
      - run: env
""")
    # (`printenv | sort` prints every line, sorted: reported since the piped dumps' commit)
    assert lint(*DCR003, ".github/workflows/ci.yml").table("line", "column") == [(8, 14), (9, 14)]
    write(tmp_path, "deploy.sh", '#!/bin/bash\necho "$P" | docker login -u ci --password-stdin r.example.com\n'
                                 "set\nexport -p\nenv -0\n")
    assert lint(*DCR003, "deploy.sh").table("line", "column") == [(3, 1), (4, 1), (5, 1)]
    write(tmp_path, "plain.sh", "#!/bin/bash\nenv\n")
    assert lint(*DCR003, "plain.sh").table("line", "column") == []


def test_secrets_in_env_are_values_given_a_secret(lint, tmp_path: Path) -> None:
    """A secret merged into the step's `env:` from an anchor counts; a comment naming
    `secrets.` in an `env:` without one does not (ASSIGNMENTS, not the text of the mapping)."""
    write(tmp_path, ".github/workflows/ci.yml", """\
on: push
x-shared: &shared
  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}
jobs:
  merged:
    runs-on: ubuntu-latest
    steps:
      - env:
          <<: *shared
          MODE: ci
        run: env
  commented:
    runs-on: ubuntu-latest
    env:
      MODE: ci  # no secrets.X here
    steps:
      - run: env
""")
    assert lint(*DCR003, ".github/workflows/ci.yml").table("line", "column") == [(11, 14)]


def test_tracing_matters_only_where_a_credential_goes_through_the_shell(lint, tmp_path: Path) -> None:
    write(tmp_path, "inspect.sh", "#!/bin/bash\nset -x\nskopeo inspect --authfile \"$HOME/.docker/config.json\" "
                                  "docker://registry.example.org/app\n")
    assert lint(*DCR003, "inspect.sh").table("line", "column") == []
    write(tmp_path, "push.sh", "#!/bin/bash\nset -x\necho \"$P\" | docker login -u ci --password-stdin r.example.org\n")
    assert lint(*DCR003, "push.sh").table("line", "column") == [(2, 1)]


def test_jenkins_sh_prints_docker_config(lint, tmp_path: Path) -> None:
    write(tmp_path, "Jenkinsfile", "pipeline {\n  agent any\n  stages {\n    stage('x') {\n      steps {\n"
                                   "        sh 'cat ~/.docker/config.json'\n      }\n    }\n  }\n}\n")
    assert lint(*DCR003, "Jenkinsfile").table("line", "column") == [(6, 13)]


def test_a_script_file_returning_a_value_it_made(lint, tmp_path: Path) -> None:
    made = '#!/bin/bash\ntoken="$(az storage share generate-sas --name x)"\n# the signed URL\necho "${url}?${token}"\n'
    write(tmp_path, "signed-url.sh", made)
    assert lint(*DCR003, "signed-url.sh").table("line", "column") == []
    # the same line printing a secret it was given, or not at the end, is in the log
    write(tmp_path, "given.sh", '#!/bin/bash\necho "${url}?${token}"\n')
    assert lint(*DCR003, "given.sh").table("line", "column") == [(2, 1)]
    write(tmp_path, "middle.sh", made + "curl -fsS \"$url\"\n")
    assert lint(*DCR003, "middle.sh").table("line", "column") == [(4, 1)]
