"""Literals the rules used to miss or misread: Harbor robot accounts and `$` inside literal
text, URL passwords with an empty user or a variable host, format fields, fine-grained GitHub
tokens, private keys written by a heredoc."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import write

KEY_BODY = ("MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
            "KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEm")
PEM = f"-----BEGIN RSA PRIVATE KEY-----\n{KEY_BODY}\n-----END RSA PRIVATE KEY-----"


def _alnum(seed: str, n: int) -> str:
    chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    digest = hashlib.sha256(seed.encode()).digest() * 4
    return "".join(chars[b % len(chars)] for b in digest[:n])


FINE_GRAINED = "github_pat_" + _alnum("a", 22) + "_" + _alnum("b", 59)


def found(lint, *args: str) -> list[tuple[Any, ...]]:  # type: ignore[no-untyped-def]
    r = lint("--format", "json", "--fail-on", "never", *args)
    assert FINE_GRAINED not in r.out and "Zq8v$T2mWz9Lk" not in r.out and KEY_BODY[:20] not in r.out
    return [(f["rule"], f["path"], f["start"]["line"], f["start"]["column"]) for f in r.json()["findings"]]


def test_single_quoted_and_quoted_heredoc_dollars_are_literal(lint, tmp_path: Path) -> None:
    write(tmp_path, "login.sh", "#!/bin/bash\n"
          "docker login harbor.corp.example -u 'robot$ci-pull' -p 'Zq8v$T2mWz9Lk'\n"
          "echo 'Zq8v$T2mWz9Lk' | docker login harbor.corp.example -u 'robot$ci-pull' --password-stdin\n"
          "docker login harbor.corp.example -u \"robot\\$ci\" --password-stdin <<'EOF'\nZq8v$T2mWz9Lk\nEOF\n"
          "docker login harbor.corp.example -u robot --password-stdin <<EOF\n$HARBOR_PASSWORD\nEOF\n"
          'docker login harbor.corp.example -u "$U" -p "Zq8v$HARBOR_PART"\n')
    got = [(r, ln) for r, _, ln, _ in found(lint, "--select", "DCR002")]
    assert got == [("DCR002", 2), ("DCR002", 3), ("DCR002", 5)]


def test_robot_account_in_docker_configs(lint, tmp_path: Path) -> None:
    auth = base64.b64encode(b"robot$ci-pull:Zq8v$T2mWz9Lk").decode()
    write(tmp_path, "a/.docker/config.json", json.dumps({"auths": {"harbor.corp.example": {"auth": auth}}}, indent=2))
    write(tmp_path, "b/.docker/config.json", json.dumps(
        {"auths": {"harbor.corp.example": {"username": "robot$ci-pull", "password": "Zq8v$T2mWz9Lk"}}}, indent=2))
    assert [(r, p, ln) for r, p, ln, _ in found(lint, "--select", "DCR030")] == [
        ("DCR030", "a/.docker/config.json", 4), ("DCR030", "b/.docker/config.json", 5)]


@pytest.mark.parametrize(("line", "col"), [
    ("redis-cli -u redis://:Zr7uQ2pX9wq@cache.internal:6379 ping", 23),
    ("curl -fsS https://deploy:Zr7uQ2pX9wq@${NEXUS}/repository/x", 26),
    ("curl -fsS https://deploy:Zr7uQ2pX9wq@$NEXUS_HOST/repository/x", 26),
])
def test_url_passwords_with_empty_user_or_variable_host(lint, tmp_path: Path, line: str, col: int) -> None:
    write(tmp_path, "s.sh", f"#!/bin/sh\n{line}\n")
    assert found(lint, "--select", "DCR050") == [("DCR050", "s.sh", 2, col)]


@pytest.mark.parametrize("line", [
    "git config --global url.\"${{ format('https://x-access-token:{0}@github.com/', secrets.TOKEN) }}\".insteadOf x",
    "printf 'https://%s:%s@registry.example.org' \"$U\" \"$P\"",
    "git remote set-url origin https://ci:${{ secrets.TOKEN }}@github.com/o/r",
])
def test_filled_in_passwords_are_not_literals(lint, tmp_path: Path, line: str) -> None:
    write(tmp_path, ".github/workflows/ci.yml", f"on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: {line}\n")
    assert found(lint, "--select", "DCR050") == []


def test_fine_grained_github_token(lint, tmp_path: Path) -> None:
    write(tmp_path, "s.sh", f"#!/bin/sh\ncurl -H 'Authorization: token {FINE_GRAINED}' https://api.github.com\n")
    assert found(lint, "--select", "DCR051") == [("DCR051", "s.sh", 2, 31)]
    write(tmp_path, "s.sh", "#!/bin/sh\ncurl -H 'Authorization: token github_pat_XXXX' https://api.github.com\n")
    assert found(lint, "--select", "DCR051") == []


def test_private_keys_written_by_heredocs(lint, tmp_path: Path) -> None:
    write(tmp_path, "setup.sh", f"#!/bin/bash\nmkdir -p ~/.ssh\ncat > ~/.ssh/id_rsa <<'EOF'\n{PEM}\nEOF\n")
    write(tmp_path, "Dockerfile", f"FROM alpine\nRUN <<EOF\ncat > /root/.ssh/id_rsa <<KEY\n{PEM}\nKEY\nEOF\n")
    write(tmp_path, "build/Dockerfile", f"FROM alpine\nCOPY <<EOF /root/.ssh/id_rsa\n{PEM}\nEOF\n")
    write(tmp_path, "example.sh", "#!/bin/bash\ncat > key <<EOF\n-----BEGIN RSA PRIVATE KEY-----\n...\n"
                                  "-----END RSA PRIVATE KEY-----\nEOF\n")
    assert found(lint, "--select", "DCR051") == [
        ("DCR051", "Dockerfile", 4, 1), ("DCR051", "build/Dockerfile", 3, 1), ("DCR051", "setup.sh", 4, 1)]


def test_ci_values_that_are_no_secrets(lint, tmp_path: Path) -> None:
    write(tmp_path, ".github/workflows/ci.yml", """\
on: push
jobs:
  b:
    runs-on: ubuntu-latest
    env:
      DB_PASSWORD_REQUIRED: "true"
      TOKEN_TTL: 3600
      AUTH_MODE: oauth
    steps:
      - uses: acme/get-vault-secrets@v1
        with:
          repo_secrets: |
            GPG_PRIVATE_KEY=signing-key:private_key
            GPG_PASSPHRASE=signing-key:passphrase
      - uses: acme/scan@v1
        with:
          api-token: Zr7uQ2pX9wqL
""")
    assert [(r, ln) for r, _, ln, _ in found(lint, "--select", "DCR010")] == [("DCR010", 17)]


def test_secret_store_paths_and_field_lists_are_references(lint, tmp_path: Path) -> None:
    """A path in a secret store (`kv/build/ci/registry-v2`) and lines naming a path, a field and
    the variable it goes to say where a secret is kept: not the secret. A value with a slash that
    mixes letters and digits or case, or has two parts only, stays a literal."""
    write(tmp_path, ".github/actions/login/action.yml", """\
name: login
inputs:
  secret:
    description: store path of the registry login
    default: kv/build/ci/registry-v2
  token:
    default: Zr7uQ2pX9wqL/h5Tg/k2Pq
runs:
  using: composite
  steps:
    - uses: acme/read-store@v2
      with:
        secrets: |
          kv/build/ci/registry user | REG_USER ;
          kv/build/ci/registry password | REG_PASSWORD
    - uses: acme/read-store@v2
      with:
        secrets: |
          kv/build/ci/chat token | CHAT_TOKEN
    - uses: acme/login@v1
      with:
        secret: 'kv/build/ci/registry'
        api-secret: q7/zz/fw93kd
        auth-secret: release/registry
""")
    write(tmp_path, "Jenkinsfile", """\
pipeline {
  agent any
  environment {
    REGISTRY_SECRET = 'kv/build/ci/registry-prod'
    DEPLOY_SECRET = "vault_kv/deploy.team/v2/token"
    UPLOAD_TOKEN = 'ci/Ab3dE/uploads'
  }
  stages { stage('b') { steps { sh 'make' } } }
}
""")
    got = [(r, p, ln, c) for r, p, ln, c in found(lint, "--select", "DCR010")]
    assert got == [
        ("DCR010", ".github/actions/login/action.yml", 7, 14),
        ("DCR010", ".github/actions/login/action.yml", 23, 21),
        ("DCR010", ".github/actions/login/action.yml", 24, 22),
        ("DCR010", "Jenkinsfile", 6, 21),
    ]


def test_an_event_chosen_for_a_password_is_no_secret(lint, tmp_path: Path) -> None:
    """An option naming an action on a password takes when to do it (`update_password:
    on_create`): an event, not the password; the password beside it is still a literal."""
    write(tmp_path, "roles/users/tasks/main.yml", """\
- name: create the service user
  ansible.builtin.user:
    name: svc
    password: Zr7uQ2pX9wqL
    update_password: on_create
- name: create the registry user
  acme.registry.user:
    name: ci
    password: Kq2vN8sLw4Tz
    update_password: on-change
""")
    assert [(r, ln, c) for r, _, ln, c in found(lint, "--select", "DCR023")] == [
        ("DCR023", 4, 15), ("DCR023", 9, 15)]


def test_a_credential_that_says_it_is_wrong_is_no_secret(lint, tmp_path: Path) -> None:
    """A test of a failing login gives a credential that says it is not one (`wrong_password`,
    `invalid-token`): no secret. A word inside a longer word (`wrongfully1`) says nothing."""
    write(tmp_path, "roles/login/tasks/main.yml", """\
- name: a login that must fail
  acme.registry.login:
    username: ci
    password: wrong_password
  ignore_errors: true
- name: another
  acme.registry.login:
    api_token: invalid-token
- name: a real one
  acme.registry.login:
    password: Wrongfully7q
""")
    assert [(r, ln, c) for r, _, ln, c in found(lint, "--select", "DCR023")] == [("DCR023", 11, 15)]


def test_a_secret_injector_reference_is_no_secret(lint, tmp_path: Path) -> None:
    """`vault:path#FIELD` is swapped for the secret at run time by an injector: it says where the
    secret is. A `vault:` word with no path and field stays a literal."""
    write(tmp_path, ".gitlab-ci.yml", """\
scan:
  image: alpine
  variables:
    REG_PASSWORD: "vault:kv/data/0b1c2d3e-aaaa-4bbb-8ccc-123456789abc/Build_Secrets#REG_PASSWORD"
    API_TOKEN: vault:kv/data/ci/scanner#token#3
    DB_PASSWORD: "vault:Zr7uQ2pX9wqL"
  script:
    - make scan
""")
    assert [(r, ln, c) for r, _, ln, c in found(lint, "--select", "DCR010")] == [("DCR010", 6, 19)]


def test_a_socket_named_for_auth_is_no_secret(lint, tmp_path: Path) -> None:
    """`SSH_AUTH_SOCK` is the path of the agent's socket (and `..._PID` its process): printing
    it shows no secret. Printing the key's passphrase does."""
    write(tmp_path, "agent.sh", """\
#!/bin/sh
eval "$(ssh-agent -s)"
echo "agent socket: ${SSH_AUTH_SOCK} (pid ${SSH_AUTH_PID})"
echo "passphrase: ${SSH_KEY_PASSPHRASE}"
""")
    assert [(r, ln, c) for r, _, ln, c in found(lint, "--select", "DCR003")] == [("DCR003", 4, 1)]
