"""The allowlist comments of the secret scanners users come from: detect-secrets'
`pragma: allowlist secret` (its line), `pragma: allowlist nextline secret` (alone on its line: the
next one) and gitleaks' `gitleaks:allow` (its line). They cover the findings of a secret written
on the line (presence rules) and of its age (lifecycle rules), reported as suppressed as
dcrlint's own directives are; not a practice finding (a password on a command line), and only
as a real comment of the file's language.
"""

from __future__ import annotations

import pytest
from conftest import Lint

LOGIN = "docker login -u ci -p Zq8vTn3Lw2Rk registry.example.org"


def _kept(run) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(h.rule, h.line) for h in run.hits()]


@pytest.mark.parametrize("comment", [
    "# pragma: allowlist secret",
    "#pragma:allowlist-secret",
    "# pragma: whitelist secret",  # detect-secrets' older spelling
    "# gitleaks:allow",
    "# kept for the local registry gitleaks:allow",
])
def test_a_script_line_allowlisted(lint: Lint, comment: str) -> None:
    run = lint.scan("deploy.sh", f"#!/bin/sh\n{LOGIN}  {comment}\n")
    # the literal is allowlisted; the password on the command line is still a practice finding
    assert _kept(run) == [("DCR001", 2)]
    assert run.json()["summary"]["suppressed"] == 1


def test_nextline_pragma_alone_on_its_line(lint: Lint) -> None:
    text = f"#!/bin/sh\n# pragma: allowlist nextline secret\n{LOGIN}\n{LOGIN}\n"
    run = lint.scan("deploy.sh", text)
    assert _kept(run) == [("DCR001", 3), ("DCR001", 4), ("DCR002", 4)]


@pytest.mark.parametrize("text", [
    f"#!/bin/sh\n# pragma: allowlist secret\n{LOGIN}\n",  # the same-line form covers only its line
    f"#!/bin/sh\n# gitleaks:allow\n{LOGIN}\n",
    f"#!/bin/sh\ntrue  # pragma: allowlist nextline secret\n{LOGIN}\n",  # nextline after code: nothing
    f"#!/bin/sh\n{LOGIN} # see pragma: allowlist secret\n",  # not the comment's first words
    f'#!/bin/sh\n{LOGIN} "# pragma: allowlist secret"\n',  # an argument, not a comment
    f"#!/bin/sh\n{LOGIN} gitleaks:allow\n",
])
def test_not_an_allowlist_comment(lint: Lint, text: str) -> None:
    run = lint.scan("deploy.sh", text)
    assert "DCR002" in {h.rule for h in run.hits()}
    assert run.json()["summary"]["suppressed"] == 0


YAML = """\
variables:
  DEPLOY_TOKEN: "Pw9xLq3Zr7Tm"  # pragma: allowlist secret
  OTHER_TOKEN: "Kd4sVb8Nc2Xq gitleaks:allow"
build:
  script:
    - docker login -u ci -p Gf5hJk8Lm3Qw registry.example.org  # gitleaks:allow
"""


def test_yaml_comments_and_a_script_in_yaml(lint: Lint) -> None:
    run = lint.scan(".gitlab-ci.yml", YAML)
    # line 3's marker is text of the value, not a comment
    assert _kept(run) == [("DCR001", 6), ("DCR010", 3)]
    assert run.json()["summary"]["suppressed"] == 2


JENKINSFILE = """\
pipeline {
  agent any
  environment {
    API_TOKEN = 'Rt5yUi8Op2As'  // pragma: allowlist secret
    OTHER_PASSWORD = 'Df3gHj6Kl9Zx' /* gitleaks:allow */
    THIRD_SECRET = 'Mn4bVc7Xz1Qa // gitleaks:allow'
  }
  stages { stage('x') { steps { sh 'make' } } }
}
"""


def test_groovy_comments(lint: Lint) -> None:
    run = lint.scan("Jenkinsfile", JENKINSFILE)
    assert _kept(run) == [("DCR010", 6)]


TERRAFORM = """\
resource "kubernetes_secret" "app" {
  data = {
    password = "Qa7wSe4Rd1Tf"  # pragma: allowlist secret
    token    = "Yh6uJi9Ko2Lp"  // gitleaks:allow
    // pragma: allowlist nextline secret
    api_key  = "Wq2eRt5yUi8O"
    secret   = "Bn7mKl3Jh6Gf # gitleaks:allow"
  }
}
"""


def test_hcl_comments(lint: Lint) -> None:
    run = lint.scan("main.tf", TERRAFORM)
    assert _kept(run) == [("DCR023", 7)]


SETTINGS = """\
<settings>
  <servers>
    <server>
      <id>artifacts</id>
      <username>deployer</username>
      <password>Lk8jHg5fDs2A</password> <!-- pragma: allowlist secret -->
    </server>
  </servers>
</settings>
"""


def test_xml_comment(lint: Lint) -> None:
    run = lint.scan("settings.xml", SETTINGS)
    assert _kept(run) == [] and run.json()["summary"]["suppressed"] == 1


def test_no_ignores_and_reasons(lint: Lint) -> None:
    lint.write("deploy.sh", f"#!/bin/sh\n{LOGIN}  # pragma: allowlist secret\ntrue  # gitleaks:allow\n")
    assert _kept(lint("--format", "json", "--no-ignores", ".")) == [("DCR001", 2), ("DCR002", 2)]
    # an allowlist comment that suppresses nothing may serve its own scanner: no DCR900
    run = lint("--format", "json", "--report-unused-ignores", ".")
    assert _kept(run) == [("DCR001", 2)]
    # once it suppresses a finding, it is a suppression: --require-reasons asks its reason
    run = lint("--format", "json", "--require-reasons", ".")
    assert _kept(run) == [("DCR001", 2), ("DCR901", 2)]
    lint.write("deploy.sh", f"#!/bin/sh\n{LOGIN}  # pragma: allowlist secret test registry\n")
    run = lint("--format", "json", "--require-reasons", "--show-suppressed", ".")
    assert _kept(run) == [("DCR001", 2), ("DCR002", 2)]
    suppressed = [f for f in run.findings if "suppressed" in f]
    assert "test registry" in str(suppressed[0]["suppressed"])


def test_beside_a_dcrlint_directive_on_the_same_line(lint: Lint) -> None:
    text = f"#!/bin/sh\n{LOGIN}  # dcrlint: ignore[DCR001] local only # pragma: allowlist secret\n"
    run = lint.scan("deploy.sh", text, "--report-unused-ignores")
    assert _kept(run) == [] and run.json()["summary"]["suppressed"] == 2


@pytest.mark.parametrize("tail", [
    "// gitleaks:allow", "// pragma: allowlist secret", "//dcrlint: ignore[DCR001,DCR002] legacy",
    "<!-- gitleaks:allow -->", "/* pragma: allowlist secret */",
])
def test_in_a_script_only_a_hash_opens_a_comment(lint: Lint, tail: str) -> None:
    run = lint.scan("deploy.sh", f"#!/bin/sh\n{LOGIN} {tail}\n")
    assert _kept(run) == [("DCR001", 2), ("DCR002", 2)]  # the text is docker's argument


JENKINS_SCRIPT = f"""\
node {{
  sh '''
    {LOGIN} # dcrlint: ignore[DCR001,DCR002] sandbox
    {LOGIN} # pragma: allowlist secret
    {LOGIN}
  '''
  sh '{LOGIN} # pragma: allowlist secret'
}}
"""


def test_a_shell_comment_in_a_jenkins_multi_line_script(lint: Lint) -> None:
    run = lint.scan("Jenkinsfile", JENKINS_SCRIPT)
    # as in a YAML block scalar; not in a one-line string (the string's own first line)
    assert _kept(run) == [("DCR001", 4), ("DCR001", 5), ("DCR001", 7), ("DCR002", 5), ("DCR002", 7)]


def test_dockerfile_and_makefile_comments(lint: Lint) -> None:
    lint.write("Dockerfile", f"FROM alpine:3.20\nRUN {LOGIN} # gitleaks:allow\nRUN {LOGIN}\n")
    lint.write("Makefile", f"login:\n\t{LOGIN}  # pragma: allowlist secret\n")
    run = lint("--format", "json", ".")
    assert sorted((h.path, h.rule, h.line) for h in run.hits()) == [
        ("Dockerfile", "DCR001", 2), ("Dockerfile", "DCR001", 3), ("Dockerfile", "DCR002", 3), ("Makefile", "DCR001", 2)]
