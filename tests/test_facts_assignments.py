"""The ASSIGNMENTS and ACTION_INPUTS facts: each CI kind's extractor gives every variable,
environment entry, input default, registry password and action input once, with the exact
spans of name and value and the kind `values.classify` gives the value (settings honoured)."""

from __future__ import annotations

from conftest import scanned

from dcrlint.classify import FileKind
from dcrlint.config import Settings
from dcrlint.facts import ACTION_INPUTS, ASSIGNMENTS, ActionInput, Assignment
from dcrlint.source import Span
from dcrlint.values import ValueKind


def _at(text: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


def _value_span(a: Assignment | ActionInput) -> Span:
    assert a.text.text == a.value
    return a.text.span(0, len(a.value))


GITHUB = """\
on:
  workflow_call:
    inputs:
      deploy-key: {type: string, default: "k-default-1"}
env:
  API_TOKEN: "lit-token-1"
  REGION: eu
jobs:
  build:
    runs-on: ubuntu-latest
    container:
      image: ghcr.io/o/i
      credentials: {username: u, password: cont-pw-1}
    steps:
      - uses: docker/login-action@v3
        with:
          username: bot
          password: ${{ secrets.PW }}
          retries: 3
  call:
    uses: o/r/.github/workflows/w.yml@v1
    with: {env-name: prod}
    secrets:
      TOKEN: lit-secret-1
"""


def test_github_assignments_and_inputs_with_exact_spans() -> None:
    file = scanned(GITHUB, (".github/workflows/ci.yml", FileKind.GITHUB_WORKFLOW))
    got = {(a.role, a.name): a for a in file.get(ASSIGNMENTS)}
    assert set(got) == {("variable", "API_TOKEN"), ("variable", "REGION"), ("registry-password", "password"),
                        ("input-default", "deploy-key")}
    token = got["variable", "API_TOKEN"]
    assert token.name_span == _at(GITHUB, "API_TOKEN")
    assert _value_span(token) == _at(GITHUB, "lit-token-1")
    assert (token.kind, token.is_text, token.place) == (ValueKind.LITERAL, True, ("env", "API_TOKEN"))
    assert _value_span(got["registry-password", "password"]) == _at(GITHUB, "cont-pw-1")
    assert got["registry-password", "password"].place == ("jobs", "build", "container", "credentials", "password")
    assert _value_span(got["input-default", "deploy-key"]) == _at(GITHUB, "k-default-1")

    inputs = {(i.action, i.name): i for i in file.get(ACTION_INPUTS)}
    assert set(inputs) == {("docker/login-action", "username"), ("docker/login-action", "password"),
                           ("docker/login-action", "retries"), ("o/r/.github/workflows/w.yml@v1", "env-name"),
                           ("o/r/.github/workflows/w.yml@v1", "TOKEN")}
    password = inputs["docker/login-action", "password"]
    assert (password.taker, password.kind, password.secret) == ("action", ValueKind.EXPRESSION, False)
    assert password.name_span == _at(GITHUB, "password", 1)
    assert password.place == ("jobs", "build", "steps", "0", "with", "password")
    assert inputs["docker/login-action", "retries"].is_text is False  # a YAML number
    secret = inputs["o/r/.github/workflows/w.yml@v1", "TOKEN"]
    assert (secret.taker, secret.secret) == ("workflow", True)
    assert _value_span(secret) == _at(GITHUB, "lit-secret-1")


def test_kind_comes_from_the_configured_classifier() -> None:
    text = "env:\n  API_TOKEN: corpvault-ref\n"
    plain = scanned(text, (".github/workflows/ci.yml", FileKind.GITHUB_WORKFLOW)).get(ASSIGNMENTS)
    configured = scanned(text, (".github/workflows/ci.yml", FileKind.GITHUB_WORKFLOW),
                         Settings(placeholders=("corpvault-ref",))).get(ASSIGNMENTS)
    assert [a.kind for a in plain] == [ValueKind.LITERAL]
    assert [a.kind for a in configured] == [ValueKind.PLACEHOLDER]
    from conftest import run_checks

    for settings, found in ((None, 1), (Settings(placeholders=("corpvault-ref",)), 0)):
        file = scanned(text, (".github/workflows/ci.yml", FileKind.GITHUB_WORKFLOW), settings)
        assert len(run_checks(file, "DCR010")) == found  # the kind decides DCR010


def test_gitlab_variables_of_the_file_and_its_jobs() -> None:
    text = "variables:\n  DB_PASSWORD: gl-pw-1\nbuild:\n  variables:\n    MODE: {value: fast}\n  script: [make]\n"
    got = [(a.name, a.place, _value_span(a)) for a in scanned(text, (".gitlab-ci.yml", FileKind.GITLAB_CI)).get(ASSIGNMENTS)]
    assert got == [("DB_PASSWORD", ("variables", "DB_PASSWORD"), _at(text, "gl-pw-1")),
                   ("MODE", ("build", "variables", "MODE"), _at(text, "fast"))]


def test_jenkins_environment() -> None:
    text = ("pipeline {\n  environment {\n    NOTIFY_TOKEN = 'jk-tok-1'\n    CREDS = credentials('reg')\n"
            "    PORT = 8080\n  }\n}\n")
    got = {a.name: a for a in scanned(text, ("Jenkinsfile", FileKind.JENKINSFILE)).get(ASSIGNMENTS)}
    token = got["NOTIFY_TOKEN"]
    assert (token.name_span, _value_span(token), token.kind, token.is_text) == (
        _at(text, "NOTIFY_TOKEN"), _at(text, "jk-tok-1"), ValueKind.LITERAL, True)
    assert (got["CREDS"].kind, got["CREDS"].is_text) == (ValueKind.REFERENCE, False)
    assert got["PORT"].is_text is False
    assert token.place == ("environment", "NOTIFY_TOKEN")


def test_ci_system_variables_lines_and_plugin_inputs() -> None:
    text = ("env:\n  - REG_USER=bot API_TOKEN='tr-tok-1'\n"
            "deploy:\n  provider: pages\n  password: tr-pw-1\n")
    file = scanned(text, (".travis.yml", FileKind.TRAVIS))
    got = {a.name: a for a in file.get(ASSIGNMENTS)}
    token = got["API_TOKEN"]
    assert (token.name_span, _value_span(token)) == (_at(text, "API_TOKEN"), _at(text, "tr-tok-1"))
    assert token.place == ("0", "env", "0", "API_TOKEN")
    inputs = {i.name: i for i in file.get(ACTION_INPUTS)}
    password = inputs["password"]
    assert (password.taker, password.action, password.name_span, _value_span(password)) == (
        "plugin", "deploy", _at(text, "password"), _at(text, "tr-pw-1"))


def test_a_plain_number_is_no_secret_whichever_yaml_loader_reads_it() -> None:
    """libyaml gives plain scalars style "" (PyYAML's Python loader None): both are plain, so
    a secret-named number is not reported, its quoted twin is (DCR010)."""
    from conftest import run_checks

    text = "env:\n  PIN_TOKEN: 1234567890123\n  API_TOKEN: '1234567890123'\n"
    file = scanned(text, (".github/workflows/ci.yml", FileKind.GITHUB_WORKFLOW))
    assert [a.is_text for a in file.get(ASSIGNMENTS)] == [False, True]
    assert [f.span for f in run_checks(file, "DCR010")] == [_at(text, "1234567890123", 1)]


def test_suppression_comments_are_a_fact_of_every_kind() -> None:
    """SUPPRESSIONS: comments of the file's language only (a `#` inside a Groovy string is text)."""
    from dcrlint.facts import SUPPRESSIONS

    docker = scanned("FROM a\n# dcrlint: ignore[DCR002] test login\nRUN docker login -p x\n", ("Dockerfile", FileKind.DOCKERFILE))
    assert [(d.line, d.column, d.refs, d.alone) for d in docker.get(SUPPRESSIONS)] == [(2, 1, ("DCR002",), True)]
    groovy = scanned("sh 'echo # dcrlint: ignore[DCR002] no'\n// dcrlint: ignore[DCR010] yes\n", ("Jenkinsfile", FileKind.JENKINSFILE))
    assert [(d.line, d.refs) for d in groovy.get(SUPPRESSIONS)] == [(2, ("DCR010",))]
