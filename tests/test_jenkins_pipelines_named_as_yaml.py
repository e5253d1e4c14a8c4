"""A Jenkins pipeline saved under a YAML name (`jenkinsfile-release.yaml`, `build.yml`) is Groovy:
its text starts, after comments and a shared library's `@Library(...) _`, with `pipeline {` or
`node {` / `node('label') {`, which no YAML document does. It is read as a Jenkinsfile (its `sh`
steps' logins found) instead of failing as YAML (held-out 19b HM1). A YAML file whose keys merely
say pipeline or node stays YAML."""

from __future__ import annotations

import pytest

from dcrlint.classify import FileKind, classify

PIPELINE = """\
// release pipeline kept beside the chart values
pipeline {
  agent any
  stages {
    stage('push') {
      steps {
        sh '''buildah login --username ci --password ${PUSH_TOKEN} registry.example.org'''
      }
    }
  }
}
"""


@pytest.mark.parametrize(("head", "kind"), [
    (PIPELINE, FileKind.JENKINSFILE),
    ("@Library('shared') _\n\nnode('linux') {\n  sh 'make'\n}\n", FileKind.JENKINSFILE),
    ("/* scripted */\nnode {\n  stage('b') { sh 'make' }\n}\n", FileKind.JENKINSFILE),
    ("pipeline:\n  name: build\n", FileKind.YAML),
    ("nodes: {a: 1}\n", FileKind.YAML),
])
def test_a_pipeline_named_as_yaml(head: str, kind: FileKind) -> None:
    assert classify("ci/jenkinsfile-release.yaml", head) is kind


def test_its_logins_are_read(lint) -> None:  # type: ignore[no-untyped-def]
    run = lint.scan("deploy/jenkinsfile-release.yaml", PIPELINE, "--fail-on", "never")
    assert [(h.rule, h.line) for h in run.hits()] == [("DCR001", 7)]
    assert run.err == ""  # (no YAML error notification)
