"""A Jenkins `echo` (or `println`) step whose message Groovy builds from a credential writes it to
the build log (DCR003), as a shell's `echo "$TOKEN"` does: a variable a `withCredentials` binding
or `credentials()` holds (its user name or file excepted), or one named like a secret. The
binding's masking hides the value written whole only, as a CI runner's does for its secrets
(and a shell `echo` of the same variable is reported too). A single-quoted message prints its
text, not a value; a non-secret variable is no leak.
A shell step given `returnStdout: true` returns what it writes to stdout to the pipeline, not
the log (written to stderr, `>&2`, it is the log).
"""

from __future__ import annotations

from pathlib import Path

from _helpers import scan_as_written as scan
from conftest import Lint, brief

PIPELINE = """\
pipeline {
  agent any
  environment {
    REG_TOKEN = credentials('reg-token')
    REGION = 'eu-west-1'
  }
  stages {
    stage('deploy') {
      steps {
        withCredentials([usernamePassword(credentialsId: 'nexus', usernameVariable: 'NEXUS_USER',
                                          passwordVariable: 'NEXUS_PW')]) {
          echo "Publishing as ${NEXUS_USER}"
          echo "Publishing with ${NEXUS_PW}"
        }
        echo "Token: ${env.REG_TOKEN}"
        echo 'Token: ${REG_TOKEN}'
        echo "Region: ${REGION}"
        echo "Password is ${params.DEPLOY_PASSWORD.take(4)}..."
        echo(message: "key $API_KEY")
        echo env.REG_TOKEN
        echo 'prefix ' + REG_TOKEN
        script {
          println "secret: ${mySecret}"
          System.out.println("secret: ${mySecret}")
        }
      }
    }
  }
}
"""


def test_log_steps_printing_credentials(lint: Lint) -> None:
    run = lint.scan("Jenkinsfile", PIPELINE)
    assert [(h.rule, h.line) for h in run.hits()] == [
        ("DCR003", 13), ("DCR003", 15), ("DCR003", 18), ("DCR003", 19), ("DCR003", 20), ("DCR003", 21),
        ("DCR003", 23)]
    first = run.hits()[0]
    assert first.message == "the `echo` step prints credential `NEXUS_PW` (bound to credential 'nexus') to the build log"
    assert (first.column, first.end_column) == (33, 44)  # the interpolation
    assert "named like a secret" in run.hits()[2].message


def test_no_log_step_no_finding(lint: Lint) -> None:
    text = "node {\n  withCredentials([string(credentialsId: 'x', variable: 'TOKEN')]) {\n" \
           "    echo 'using the token'\n    sh 'deploy --token-file /dev/stdin <<< \"$TOKEN\"'\n  }\n}\n"
    assert lint.scan("Jenkinsfile", text).hits() == []


SHOWS_NONE = """\
node {
  withCredentials([string(credentialsId: 'api', variable: 'API_TOKEN')]) {
    echo "token length ${API_TOKEN.length()}"
    echo "token set: ${API_TOKEN ? 'yes' : 'no'}"
    echo "token empty: ${API_TOKEN?.isEmpty()}"
    echo "env token set: ${env.API_TOKEN != null}"
    sh "curl -H 'X-Len: ${API_TOKEN.size()}' https://api.example.org/ping"
    echo "token starts ${API_TOKEN.take(4)}"
    echo "token or none: ${API_TOKEN ?: 'none'}"
    echo "token if set: ${API_TOKEN ? API_TOKEN : 'none'}"
  }
}
"""


def test_a_count_a_test_or_a_chosen_word_shows_none_of_it(lint: Lint) -> None:
    # as `${#TOKEN}` and `${TOKEN:+set}` in a shell (DCR012 reads interpolations alike); a part
    # (`take(4)`), Elvis (the value itself) and a branch naming it again are still reported
    run = lint.scan("Jenkinsfile", SHOWS_NONE)
    assert [(h.rule, h.line) for h in run.hits()] == [("DCR003", 8), ("DCR003", 9), ("DCR003", 10)]


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
