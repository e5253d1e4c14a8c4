"""Jenkins Configuration as Code (`jenkins.yaml`): the credentials it stores and other
secret-named settings given a literal are credentials committed with the file (DCR023); the
plugin's `${NAME}` (read from a secret source when Jenkins starts) is not. Before, the file was
plain YAML: only known token formats were found in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.classify import FileKind, classify_text

PW = "Xq7pL2vR9sKd84Tz"  # a made-up password

CASC = f"""\
jenkins:
  systemMessage: "CI"
  securityRealm:
    local:
      allowsSignup: false
      users:
        - id: admin
          password: {PW}1
        - id: bot
          password: ${{BOT_PASSWORD}}
credentials:
  system:
    domainCredentials:
      - credentials:
          - usernamePassword:
              scope: GLOBAL
              id: registry-creds
              description: "Registry password for the CI bot"
              username: ci-bot
              password: {PW}2
          - string:
              scope: GLOBAL
              id: slack-token
              secret: {PW}3
          - usernamePassword:
              id: from-env
              username: ci
              password: "${{REGISTRY_PASSWORD:-}}"
unclassified:
  globalLibraries:
    libraries:
      - name: shared
        retriever:
          modernSCM:
            scm:
              git:
                remote: https://git.example.com/lib.git
                credentialsId: registry-creds
"""


@pytest.mark.parametrize(("path", "head", "kind"), [
    ("casc/jenkins.yaml", "jenkins:\n  systemMessage: x\ncredentials:\n  system: {}\n", FileKind.JENKINS_CASC),
    ("ci/config.yml", "unclassified:\n  location: {}\njenkins:\n  numExecutors: 0\n", FileKind.JENKINS_CASC),
    # near misses: a Jenkins setting nested in another file, a `jenkins:` key alone
    ("ci/other.yaml", "jenkins:\n  url: https://ci.example.com\n", FileKind.YAML),
    ("ci/vars.yaml", "app:\n  jenkins:\n    x: 1\n  credentials:\n    y: 2\n", FileKind.YAML),
])
def test_jcasc_classification(path: str, head: str, kind: FileKind) -> None:
    assert classify_text(path, head) is kind


def test_jcasc_literal_credentials_where_written(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"casc/jenkins.yaml": CASC}, dedent=False,
                                 rules=frozenset({"DCR023", "DCR051"}))
    assert notes == []
    assert brief(results) == [
        ("casc/jenkins.yaml", 8, 21, "DCR023"),   # a local user's password
        ("casc/jenkins.yaml", 20, 25, "DCR023"),  # a stored username/password credential
        ("casc/jenkins.yaml", 24, 23, "DCR023"),  # a stored secret text
    ]
    assert "credential `registry-creds` (usernamePassword) password" in results[1].message
    assert "jenkins.securityRealm.local.users.0.password" in results[0].message
    assert all(PW not in r.message for r in results)


def test_jcasc_with_job_dsl_scripts_is_jcasc() -> None:
    """Guard note: JCasC's `jobs: - script:` (Job DSL) is not an Azure pipeline's steps."""
    head = "jenkins:\n  systemMessage: x\njobs:\n  - script: >\n      pipelineJob('a') {}\n"
    assert classify_text("casc/jenkins.yaml", head) is FileKind.JENKINS_CASC
