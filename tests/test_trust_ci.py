"""Principles found reading CI files and scripts of repositories nobody here had read: each
with the near misses that must still be reported (files written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import run_checks, scanned, where

# --- DCR003: a script file returning a JSON document it made -----------------------------------

MADE = 'RUNNER_TOKEN="$(curl -fsSL -XPOST "$API_URL" | jq -r .token)"\n'


@pytest.mark.parametrize("last", [
    'echo "{\\"token\\": \\"${RUNNER_TOKEN}\\", \\"url\\": \\"${API_URL}\\"}"',
    "printf '%s' \"[\\\"$RUNNER_TOKEN\\\", 1]\"",
    'echo "{\\"token\\": ${RUNNER_TOKEN}}"',  # a bare variable is a value too
])
def test_a_script_ending_with_a_json_document_it_made_returns_it(last: str) -> None:
    """`token.sh` prints `{"token": "..."}` for the `$(token.sh)` that runs it: its result."""
    assert run_checks(scanned(MADE + last + "\n", "token.sh"), "DCR003") == []


@pytest.mark.parametrize(("text", "why"), [
    ('echo "{\\"token\\": \\"${RUNNER_TOKEN}\\"}"\n', "a token the script did not make"),
    (MADE + 'echo "{token is ${RUNNER_TOKEN}, keep it}"\n', "braces around a sentence: not JSON"),
    (MADE + 'echo "the token: ${RUNNER_TOKEN}"\n', "a sentence"),
    (MADE + 'echo "{\\"token\\": \\"${RUNNER_TOKEN}\\"}"\necho done\n', "not the last line"),
])
def test_a_json_document_still_leaks_where_it_is_no_result(text: str, why: str) -> None:
    assert [f.rule_id for f in run_checks(scanned(text, "token.sh"), "DCR003")] == ["DCR003"], why


LAST = 'echo "{\\"token\\": \\"${RUNNER_TOKEN}\\"}"'


@pytest.mark.parametrize("text", [
    f"#!/bin/bash\nset -x\n{MADE}«{LAST}»\n",
    f"#!/bin/bash -x\n{MADE}«{LAST}»\n",
    f"#!/usr/bin/env -S bash -ex\n{MADE}«{LAST}»\n",
    f"set -euxo pipefail\n{MADE}«{LAST}»\n",
    f"set -o xtrace\n{MADE}«{LAST}»\n",
    f"set -x\n{MADE}set +x\nset -x\n«{LAST}»\n",  # on again
    f"set +x\n{MADE}set -x\n«{LAST}»\n",  # off before it was on
    f"trace() {{ set -x; }}\ntrace\n{MADE}«{LAST}»\n",  # in a function: on once it is called
    f"if [ -n \"$DEBUG\" ]; then set -x; fi\n{MADE}«{LAST}»\n",  # maybe on
    f"[ -n \"$DEBUG\" ] && set -x\n{MADE}  «printf '%s' \"$RUNNER_TOKEN\"»  # the token\n",
])
def test_a_result_line_under_tracing_leaks(text: str) -> None:
    """Traced, the line that returns the value is written to the job log with the value
    (`+ echo '{"token": "..."}'` on stderr): reported where it is, the value named, not shown."""
    from test_positions import unmark

    plain, spans = unmark(text)
    file = scanned(plain, "token.sh")
    findings = run_checks(file, "DCR003")
    assert [w[1:] for w in where(file, findings)] == spans
    assert [f.message.split("`")[3] for f in findings] == ["RUNNER_TOKEN"]


@pytest.mark.parametrize("text", [
    f"set -x\n{MADE}set +x\n{LAST}\n",  # turned off before it
    f"set -ex\nmake\nset +ex\n{MADE}{LAST}\n",
    f"set -o xtrace\n{MADE}set +o xtrace\n{LAST}\n",
    f"#!/bin/bash -x\n{MADE}set +x\n{LAST}\n",
])
def test_a_result_line_no_longer_traced_is_a_result(text: str) -> None:
    assert run_checks(scanned(text, "token.sh"), "DCR003") == []


# --- GitLab jobs kept anywhere: a catalog's job templates, included by URL ---------------------

JOB_TEMPLATE = """\
# a job other projects include
scan_image:
  stage: test
  image: docker:27
  variables:
    REGISTRY_PASSWORD: ""
  script:
    - if [ -n "$CUSTOM_REGISTRY" ]; then
    -   docker login -u $REGISTRY_USER -p $REGISTRY_PASSWORD $CUSTOM_REGISTRY
    - fi
"""


@pytest.mark.parametrize("head", [
    JOB_TEMPLATE,
    ".base: &base\n  before_script:\n    - make deps\n  script:\n    - make\n",
    '"deploy prod":\n  # by hand\n  script: ./deploy.sh\n  when: manual\n  only: [main]\n',
    "stages: [build]\n\nbuild:\n    extends: .base\n    script:\n      - make\n",
    # a job named with colons (`.image:push`, `test:unit`): the key is the whole name
    "# image jobs to include\n.image:push:\n  image: docker:27\n  before_script:\n    make login\n  script:\n    - make push\n",
    "test:unit: # fast\n  stage: test\n  script: [make test]\n",
])
def test_a_gitlab_job_is_known_by_its_shape_wherever_it_is_kept(head: str) -> None:
    from dcrlint.classify import FileKind, classify

    assert classify("jobs/scan_image/scan_image.yml", head) is FileKind.GITLAB_CI


@pytest.mark.parametrize("head", [
    # Travis: stages are list items of `jobs.include`
    "jobs:\n  include:\n    - stage: test\n      script: make test\n",
    # Bitbucket: a step's script is in a list item
    "definitions:\n  steps:\n    - step: &build\n        name: build\n        script:\n          - make\n",
    # Azure Pipelines: a script step
    "steps:\n- script: make\n  displayName: build\n",
    # a tool's settings with a `script` and no job keyword of GitLab's
    "build:\n  script: make\n  image: alpine\n",
    # `stage` and `script` of one mapping, but nested below the top level
    "tasks:\n  build:\n    stage: compile\n    script: make\n",
    # the keys at different levels of one top-level key
    "build:\n  stage: compile\n  steps:\n    script: make\n",
    # a key given a value holding a colon (`url: http://...`) opens no mapping
    "url: http://h.example.org:8080/x\n  script: make\n  stage: test\n",
])
def test_yaml_of_other_shapes_is_no_gitlab_job(head: str) -> None:
    from dcrlint.classify import FileKind, classify

    assert classify("jobs/build/build.yml", head) is not FileKind.GITLAB_CI


def test_a_job_template_outside_a_ci_folder_is_checked(lint: Any) -> None:
    run = lint.scan("jobs/scan_image/scan_image.yml", JOB_TEMPLATE, "--fail-on", "never")
    assert run.where() == [("DCR001", 9, 43, 9, 61)]


def test_a_hidden_job_named_with_a_colon_is_checked(lint: Any) -> None:
    text = (".image:push:\n  image: docker:27\n  before_script:\n"
            "    docker login -u ci -p ${REG_TOKEN} ${REG_HOST}\n  script:\n    - make push\n")
    run = lint.scan("image.yml", text, "--fail-on", "never")
    assert run.where() == [("DCR001", 4, 27, 4, 39)]


# --- CircleCI orb sources: commands, jobs and examples packed into one orb ---------------------

ORB_COMMAND = """\
description: Log in to the registry.
parameters:
  registry:
    type: string
    default: docker.io
steps:
  - run:
      name: Log in
      command: echo "$REG_PASSWORD" | docker login -u "$REG_USER" --password-stdin <<parameters.registry>>
"""
ORB_JOB = "description: Build.\nexecutor: default\nsteps:\n  - checkout\n  - run: make image\n"
ORB_EXAMPLE = """\
description: Log in to a second registry before the build.
usage:
  version: 2.1
  orbs:
    builder: example/builder@1.0
  workflows:
    release:
      jobs:
        - builder/build:
            pre-steps:
              - run: docker login -u ${HUB_USER} -p ${HUB_TOKEN}
"""


@pytest.mark.parametrize("head", [ORB_COMMAND, ORB_JOB, ORB_EXAMPLE])
def test_the_parts_of_an_orb_are_circleci(head: str) -> None:
    from dcrlint.classify import FileKind, classify

    assert classify("src/commands/login.yml", head) is FileKind.CIRCLECI


@pytest.mark.parametrize(("head", "kind"), [
    ("steps:\n  - command: make\n    label: build\n", "buildkite"),  # Buildkite's steps
    ("steps:\n  - name: build\n    commands: [make]\n", "yaml"),  # no `run` step
    ("usage:\n  version: 2\n  jobs: {}\n", "yaml"),  # no 2.1 config
    ("runs:\n  using: composite\n  steps:\n    - run: make\n      shell: bash\n", "github-action"),
])
def test_step_lists_of_other_shapes_are_not_an_orb(head: str, kind: str) -> None:
    from dcrlint.classify import classify

    assert classify("src/commands/build.yml", head).value == kind


def test_an_orb_example_is_checked(lint: Any) -> None:
    run = lint.scan("src/examples/login.yml", ORB_EXAMPLE, "--fail-on", "never")
    assert run.where() == [("DCR001", 11, 53, 11, 65)]
    assert lint.scan("src/commands/login.yml", ORB_COMMAND, "--fail-on", "never").where() == [
        ("DCR001", 11, 53, 11, 65)]  # the example's finding; the command logs in from stdin


# --- `${name.property}`: Groovy's or Terraform's interpolation, no shell expansion --------------

INTERPOLATED = """\
node {
  withCredentials([usernamePassword(credentialsId: 'reg', usernameVariable: 'U', passwordVariable: 'P')]) {
    sh "docker login -u ${env.U} -p ${env.P} reg.example.com"
    sh "docker login -p ${params.REG_PASS} -u bob reg.example.com"
    sh "docker login -u ${env.U} -p ${config.creds()} reg.example.com"
  }
}
"""


def test_an_interpolated_password_is_a_value_put_there_not_a_lost_word(lint: Any) -> None:
    """The shell never sees `${env.P}` (bad substitution to it): Groovy writes the password
    there. It was dropped from the parse: the login had no password (DCR001 missed) or took the
    next word for it (`bob`, DCR002)."""
    run = lint.scan("Jenkinsfile", INTERPOLATED, "--fail-on", "never", "--select", "DCR001,DCR002")
    assert run.where() == [("DCR001", 3, 37, 3, 45), ("DCR001", 4, 25, 4, 43), ("DCR001", 5, 37, 5, 54)]


def test_a_terraform_template_script_reads_the_same(lint: Any) -> None:
    text = "#!/bin/bash\ndocker login -u ${var.user} -p ${var.registry_password} registry.example.com\n"
    run = lint.scan("user-data.sh", text, "--fail-on", "never", "--select", "DCR001,DCR002")
    assert run.where() == [("DCR001", 2, 32, 2, 56)]


@pytest.mark.parametrize(("word", "rules"), [
    ("${REG_PASSWORD:-}", ["DCR001"]),  # shell expansions stay what they were
    ("${PASSWORDS[0]}", ["DCR001"]),
    ('"${REG_PASSWORD}"', ["DCR001"]),
    ("Hq7ZpT2mVx9cLw", ["DCR001", "DCR002"]),  # a literal after an interpolated user
])
def test_shell_expansions_and_literals_beside_interpolations(lint: Any, word: str, rules: list[str]) -> None:
    text = f"#!/bin/sh\ndocker login -u ${{env.U}} -p {word} registry.example.com\n"
    run = lint.scan("login.sh", text, "--fail-on", "never", "--select", "DCR001,DCR002")
    assert [r for r, *_ in run.where()] == rules


# --- DCR011: an expression that writes `true` or `false` pastes no secret ----------------------

@pytest.mark.parametrize("expr", [
    "secrets.REG_TOKEN != ''",
    " secrets.REG_TOKEN == 'x' ",
    "!secrets.REG_TOKEN",
    "contains(secrets.REG_TOKEN, 'ghp_')",
    "StartsWith(secrets.REG_TOKEN, 'x') || false",
    "secrets.A != '' && secrets.B != ''",
    "(secrets.A == 'x')",
    "steps.s.outputs.token == format('{0}/{0}', secrets.A || 'none')",
])
def test_expressions_that_yield_a_boolean(expr: str) -> None:
    from dcrlint.ghexpr import yields_boolean

    assert yields_boolean(expr)


@pytest.mark.parametrize("expr", [
    " secrets.REG_TOKEN ",
    "secrets.A || 'none'",  # `||` yields an operand: the secret
    "format('{0}', secrets.A)",
    "secrets.A != '' && secrets.A",
    "toJSON(secrets)",
    "fromJSON(secrets.A).token",
    "'a == b' && secrets.A",  # the comparison is in a string
    "(secrets.A) || (secrets.B == 'x')",
    "contains(secrets.A, 'x') && secrets.A",
    "secrets['a==b']",
    "(secrets.A == 'x') && (secrets.B)",
    "secrets.A && 'yes' || 'no'",
    "(secrets.A == 'x'",  # does not close
])
def test_expressions_that_may_yield_the_secret(expr: str) -> None:
    from dcrlint.ghexpr import yields_boolean

    assert not yields_boolean(expr)


BOOLEAN_TESTS = """\
on: push
jobs:
  push:
    runs-on: ubuntu-latest
    steps:
      - run: |
          if [ "${{ secrets.REG_TOKEN != '' }}" = "true" ]; then
            echo "$REG_TOKEN" | docker login -u ci --password-stdin reg.example.com
          fi
          [[ "${{ !contains(secrets.REG_TOKEN, ' ') && github.ref == 'refs/heads/main' }}" == true ]]
          echo "${{ secrets.REG_TOKEN || 'unset' }}" > /tmp/t
"""


def test_a_boolean_expression_in_run_is_not_a_pasted_secret(lint: Any) -> None:
    run = lint.scan(".github/workflows/push.yml", BOOLEAN_TESTS, "--fail-on", "never", "--select", "DCR011")
    assert run.where() == [("DCR011", 11, 17, 11, 52)]  # only the one that writes the secret


# --- infrastructure settings: an API key or access key is the credential, not a pointer ---------

KEY_VALUE = "5bae14e2d10640509878c4db63d0f957"


@pytest.mark.parametrize("name", ["datadog_api_key", "aws_secret_access_key", "appApiKey", "ACCESS_KEY"])
def test_a_credential_named_key_is_a_secret(lint: Any, name: str) -> None:
    run = lint.scan("terraform.tfvars", f'{name} = "{KEY_VALUE}"\n', "--fail-on", "never")
    assert run.where() == [("DCR023", 1, len(name) + 5, 1, len(name) + 5 + len(KEY_VALUE))]


@pytest.mark.parametrize(("name", "value"), [
    ("password_key", KEY_VALUE),  # the key of the Secret's data that holds the password
    ("tokenKey", KEY_VALUE),
    ("existing_secret_key", KEY_VALUE),
    ("secret_key", "admin-password"),  # names a data key: words, no digits
    ("api_key", "tls.key"),
    ("api_key", "dGVzdC1hcGkta2V5Cg=="),  # base64 of placeholder words (test-api-key)
    ("ssh_key_name", "deploy"),
])
def test_a_key_that_points_into_a_secret_is_no_secret(lint: Any, name: str, value: str) -> None:
    assert lint.scan("terraform.tfvars", f'{name} = "{value}"\n', "--fail-on", "never").where() == []


def test_ansible_and_compose_read_the_same(lint: Any) -> None:
    lint.write("roles/app/defaults/main.yml", f'app_api_key: "{KEY_VALUE}"\napp_password_key: app-password\n')
    lint.write("docker-compose.yml", f"services:\n  app:\n    image: app\n    environment:\n"
                                     f"      - PAYMENT_API_KEY={KEY_VALUE}\n")
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert run.table("path", "rule", "line", "column") == [
        ("docker-compose.yml", "DCR023", 5, 25), ("roles/app/defaults/main.yml", "DCR023", 1, 15)]


# --- Woodpecker: Drone's format, its steps a map by name ---------------------------------------

WOODPECKER = """\
steps:
  build:
    image: docker:27
    environment:
      REG_TOKEN: Hq7ZpT2mVx9cLw4R
      REG_USER: ci
    commands:
      - docker login -u ci -p $REG_PASSWORD registry.example.com
  publish:
    image: woodpeckerci/plugin-docker-buildx
    settings:
      repo: registry.example.com/app
      username: ci
      password:
        from_secret: registry_password
"""


@pytest.mark.parametrize("path", [".woodpecker.yml", ".woodpecker.yaml", ".woodpecker/build.yaml"])
def test_woodpecker_configs_are_read_as_drone(lint: Any, path: str) -> None:
    run = lint.scan(path, WOODPECKER, "--fail-on", "never")
    assert run.where() == [("DCR001", 8, 31, 8, 44), ("DCR010", 5, 18, 5, 34)]


def test_woodpecker_plugin_settings_given_a_literal(lint: Any) -> None:
    text = WOODPECKER.replace("password:\n        from_secret: registry_password", "password: Zq8Wm2Xv7Tn1Pw4K")
    run = lint.scan(".woodpecker/build.yaml", text, "--fail-on", "never", "--select", "DCR002,DCR010")
    assert [(r, line) for r, line, *_ in run.where()] == [("DCR002", 14), ("DCR010", 5)]
