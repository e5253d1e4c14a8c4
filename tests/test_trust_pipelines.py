"""Principles found reading pipelines and the scripts they run, in repositories nobody here had
read: each with the near misses that must still be reported (files written here)."""

from __future__ import annotations

from typing import Any

import pytest

# --- DCR002: a quoted password that is wholly a reference is no literal -------------------------

GSTRING_LOGIN = """\
node {
  withCredentials([usernamePassword(credentialsId: 'reg', usernameVariable: 'RU', passwordVariable: 'RP')]) {
    sh \"\"\"
      docker login -u '${RU}' -p '${RP}' registry.example.org
      docker login -u '$RU' -p '$RP' registry.example.org
      docker login -u '${env.RU}' -p '${env.RP}' registry.example.org
    \"\"\"
    sh '''
      docker login -u '${RU}' -p '${RP}' registry.example.org
    '''
  }
}
"""


def test_a_groovy_interpolation_in_shell_quotes_is_no_literal(lint: Any) -> None:
    """Groovy writes the password between the shell's single quotes before the shell runs:
    a variable (DCR001, DCR012), not a password written in the file. Where Groovy leaves
    `'${RP}'` alone (`'''`), the shell's quotes give the program those five characters, as in a
    shell script (guard D11, decided at the `$`: guard R3): the password written there."""
    run = lint.scan("Jenkinsfile", GSTRING_LOGIN, "--fail-on", "never", "--select", "DCR001,DCR002")
    assert [(r, line) for r, line, *_ in run.where()] == [
        ("DCR001", 4), ("DCR001", 5), ("DCR001", 6), ("DCR001", 9), ("DCR002", 9)]


def test_a_make_variable_in_shell_quotes_is_no_literal(lint: Any) -> None:
    text = ("push:\n\tdocker login -u $(REG_USER) -p '$(REG_PASS)' registry.example.org\n"
            "\tdocker login -u bot -p '$${REG_PASS}' registry.example.org\n")
    run = lint.scan("Makefile", text, "--fail-on", "never", "--select", "DCR001,DCR002")
    # make's `$$` is the shell's `$`, in the shell's single quotes: the text `${REG_PASS}` (guard R3)
    assert [(r, line) for r, line, *_ in run.where()] == [("DCR001", 2), ("DCR001", 3), ("DCR002", 3)]


@pytest.mark.parametrize(("line", "rules"), [
    # near misses: a literal in the same quotes stays one
    ("docker login -u bot -p 'Hq7ZpT2mVx9cLw' registry.example.org", ["DCR001", "DCR002"]),
    ("docker login -u bot -p '$ecretPassw0rd' registry.example.org", ["DCR001", "DCR002"]),
    ("docker login -u bot -p 'pre${REG_PASS}' registry.example.org", ["DCR001", "DCR002"]),
    ("echo 'Hq7ZpT2mVx9cLw' | docker login -u bot --password-stdin registry.example.org", ["DCR002"]),
    # nothing expands a reference in a shell script's quotes (guard D11): its text is the password
    ("echo '${REG_PASS}' | docker login -u bot --password-stdin registry.example.org", ["DCR002"]),
    ("docker login -u bot -p \\$REG_PASS registry.example.org", ["DCR001", "DCR002"]),
])
def test_quoted_references_and_literals_in_a_script(lint: Any, line: str, rules: list[str]) -> None:
    run = lint.scan("push.sh", f"#!/bin/bash\n{line}\n", "--fail-on", "never", "--select", "DCR001,DCR002")
    assert [r for r, *_ in run.where()] == rules


def test_a_quoted_reference_printed_by_a_plain_script_is_its_text(lint: Any) -> None:
    """The shell prints `$REGISTRY_PASSWORD` as written: no secret leaves (DCR003 unchanged)."""
    text = "#!/bin/bash\necho '$REGISTRY_PASSWORD'\necho \"$REGISTRY_PASSWORD\"\n"
    run = lint.scan("show.sh", text, "--fail-on", "never", "--select", "DCR003")
    assert [(r, line) for r, line, *_ in run.where()] == [("DCR003", 3)]


# --- DCR003: what a trace prints is the words of traced commands --------------------------------

ECR = "aws ecr get-login-password --region eu-west-1 | docker login -u AWS --password-stdin 1234.dkr.ecr.eu-west-1.amazonaws.com\n"
ECHO = 'echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.example.org\n'


def _traced(lint: Any, path: str, text: str) -> list[int]:
    run = lint.scan(path, text, "--fail-on", "never", "--select", "DCR003")
    return [line for _, line, *_ in run.where()]


@pytest.mark.parametrize("text", [
    f"#!/bin/bash -x\n{ECR}",
    f"#!/bin/sh\nset -o xtrace\n{ECR}docker push 1234.dkr.ecr.eu-west-1.amazonaws.com/app\n",
    "#!/bin/sh\nset -x\naws ecr get-login-password | tr -d '\\n' | docker login -u AWS --password-stdin r.example.org\n",
    "#!/bin/sh\nset -x\ncat \"$TOKEN_FILE\" | docker login -u ci --password-stdin registry.example.org\n",
    "#!/bin/sh\nset -x\ngcloud auth print-access-token | helm registry login -u oauth2accesstoken --password-stdin r.example.org\n",
])
def test_a_login_fed_by_a_program_prints_no_credential_traced(lint: Any, text: str) -> None:
    """The trace shows `+ aws ecr get-login-password ...` and `+ docker login ...`: the token
    goes through the pipe, in no traced word."""
    assert _traced(lint, "push.sh", text) == []


@pytest.mark.parametrize("text", [
    f"#!/bin/sh\nset -x\n{ECHO}",  # `+ echo <password>`
    "#!/bin/sh\nset -x\nprintf '%s' \"$REG_PASS\" | docker login -u ci --password-stdin r.example.org\n",
    "#!/bin/sh\nset -x\ndocker login -u ci -p \"$(aws ecr get-login-password)\" r.example.org\n",
    "#!/bin/sh\nset -x\ncurl -su \"ci:$API_TOKEN\" https://vault.example.org/pw | docker login -u ci --password-stdin r.example.org\n",
    "#!/bin/sh\npw() { echo \"$P\"; }\nset -x\npw | docker login -u ci --password-stdin r.example.org\n",
])
def test_a_login_whose_credential_is_a_traced_word_is_reported(lint: Any, text: str) -> None:
    assert _traced(lint, "push.sh", text) == [text.split("\n").index(next(
        line for line in text.split("\n") if line.startswith("set -x"))) + 1]


JENKINS_AFTER = """\
node {
  withCredentials([usernamePassword(credentialsId: 'hub', usernameVariable: 'RU', passwordVariable: 'RP')]) {
    sh '''
      echo "${RP}" | docker login -u "${RU}" --password-stdin
      set -o xtrace
      docker buildx imagetools create -t example/app:${TAG} example/app:${TAG}-amd64
    '''
  }
}
"""


def test_tracing_turned_on_after_the_login_prints_nothing_of_it(lint: Any) -> None:
    assert _traced(lint, "Jenkinsfile", JENKINS_AFTER) == []


@pytest.mark.parametrize(("after", "why"), [
    ('curl -u "$RU:$RP" https://api.example.org', "the login's password traced again"),
    ('helm push chart.tgz oci://r.example.org --password "$HELM_PASSWORD"', "another secret traced"),
    ("source ./more.sh", "a sourced file runs traced"),
    ('docker login -u "$RU" -p "$RP" r.example.org', "another login after it"),
])
def test_tracing_on_after_the_login_over_a_credential_is_reported(lint: Any, after: str, why: str) -> None:
    text = JENKINS_AFTER.replace("      docker buildx", f"      {after}\n      docker buildx")
    assert _traced(lint, "Jenkinsfile", text) == [5], why


def test_tracing_on_after_a_login_in_a_function_is_reported(lint: Any) -> None:
    text = f"#!/bin/sh\nlogin() {{\n  {ECHO}}}\nlogin\nset -x\nlogin\n"
    assert _traced(lint, "push.sh", text) == [6]


# --- a secret-worded name where a program reads a name (DCR012), or of a masked form (DCR003) ---

def _jenkins(body: str) -> str:
    return "node {\n  " + body + "\n}\n"


@pytest.mark.parametrize("step", [
    'sh "oc get secret ${params.certificateSecret} -n ${params.namespace} -o yaml > /tmp/tls.yaml"',
    'sh "kubectl create secret generic ${params.appSecret} --from-file=cfg=./app.cfg"',
    'sh "kubectl -n apps get secrets/${env.TLS_SECRET} -o yaml"',
    'sh "vault kv get --name=\'${params.dbSecret}\' apps"',
])
def test_a_secret_named_where_a_program_reads_a_name_is_no_credential(lint: Any, step: str) -> None:
    run = lint.scan("Jenkinsfile", _jenkins(step), "--fail-on", "never", "--select", "DCR012")
    assert run.where() == []


@pytest.mark.parametrize("body", [
    'sh "curl -H \'X-Token: ${params.apiSecret}\' https://api.example.org"',  # a value sent
    'sh "oc login --token ${params.clusterSecret} https://api.example.org:6443"',
    'sh "oc get secret app -n apps; echo ${params.appSecret}"',  # after the name, another command
    # bound by withCredentials: a credential wherever it is written
    "withCredentials([string(credentialsId: 'tls', variable: 'TLS_SECRET')]) {\n"
    '    sh "oc get secret ${TLS_SECRET} -o yaml"\n  }',
])
def test_a_secret_named_value_given_to_a_program_is_still_reported(lint: Any, body: str) -> None:
    run = lint.scan("Jenkinsfile", _jenkins(body), "--fail-on", "never", "--select", "DCR012")
    assert [r for r, *_ in run.where()] == ["DCR012"]


MASKED = """\
#!/bin/sh
password_masked=$(echo "${HELM_REPOSITORY_PASSWORD}" | sed 's/./*/g')
echo "HELM_REPOSITORY_PASSWORD: ${password_masked}"
TOKEN_REDACTED="********"
echo "token: $TOKEN_REDACTED"
echo "HELM_REPOSITORY_PASSWORD: ${HELM_REPOSITORY_PASSWORD}"
echo "unmasked: ${UNMASKED_PASSWORD}"
REGISTRY_PASSWORD_MASKED="Hq7ZpT2mVx9cLw"
echo "$REGISTRY_PASSWORD_MASKED"
echo "$JETTY_PASSWORD_OBFUSCATED $REDACTED_TOKEN"
"""


def test_a_masked_form_of_a_secret_is_no_secret(lint: Any) -> None:
    """A variable named for a masked form, each value the script gives it masking (a run of
    `*`, `sed 's/./*/g'`), holds a stand-in made to be shown. Reported: the secret itself, an
    unmasked one, a masked-named one given a literal or never set here, an obfuscated one
    (a reversible encoding: Jetty's `OBF:`)."""
    run = lint.scan("validate.sh", MASKED, "--fail-on", "never", "--select", "DCR003")
    assert [line for _, line, *_ in run.where()] == [6, 7, 9, 10]


def test_a_literal_under_a_masked_name_is_still_a_secret(lint: Any) -> None:
    text = "variables:\n  REGISTRY_PASSWORD_MASKED: Hq7ZpT2mVx9cLw\n  JETTY_PASSWORD_OBFUSCATED: OBF:1v2j1uum1xtv1zej\n" \
           "build:\n  script: [make]\n"
    run = lint.scan(".gitlab-ci.yml", text, "--fail-on", "never", "--select", "DCR010")
    assert [line for _, line, *_ in run.where()] == [2, 3]


# --- guard R6: the order things run in, and what is made from the credential ----------------

GL_LOGIN = 'echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin r.example.com'


@pytest.mark.parametrize(("path", "text", "line"), [
    # GitLab joins a job's script from pieces: an anchor or a `!reference` runs where it is used
    (".gitlab-ci.yml", f".login: &login\n  - {GL_LOGIN}\nbuild:\n  script:\n    - set -x\n    - *login\n"
                       "    - docker push r.example.com/a\n", 5),
    (".gitlab-ci.yml", f".login:\n  script:\n    - {GL_LOGIN}\nbuild:\n  script:\n    - set -x\n"
                       "    - !reference [.login, script]\n    - docker push r.example.com/a\n", 6),
    # a variable made from the credential before `set -x`, expanded after it
    ("t.sh", f"#!/bin/bash\n{GL_LOGIN}\nCREDS=\"ci:$REGISTRY_PASSWORD\"\nset -x\ncurl -u \"$CREDS\" https://r.example.com/v2/\n", 4),
    ("t.sh", f"#!/bin/bash\n{GL_LOGIN}\nB64=$(printf '%s' \"ci:$REGISTRY_PASSWORD\" | base64)\nX=\"$B64\"\nset -x\n"
             "curl -H \"Authorization: Basic $X\" https://r.example.com/v2/\n", 5),
    ("t.sh", f"#!/bin/bash\n{GL_LOGIN}\nread -r U P <<< \"$REGISTRY_PASSWORD ci\"\nset -x\ncurl -u \"u:$U\" https://r.example.com/v2/\n", 4),
])
def test_tracing_on_after_the_login_in_the_text_but_not_in_the_run(lint: Any, path: str, text: str, line: int) -> None:
    assert _traced(lint, path, text) == [line]


@pytest.mark.parametrize("text", [
    f"build:\n  before_script:\n    - {GL_LOGIN}\n  script:\n    - set -x\n    - docker push r.example.com/a\n",
    f"build:\n  script:\n    - {GL_LOGIN}\n    - set -x\n    - docker push r.example.com/a\n",
    # written after the script, run before it
    f"build:\n  script:\n    - set -x\n    - docker push r.example.com/a\n  before_script:\n    - {GL_LOGIN}\n",
])
def test_tracing_on_after_the_login_in_a_job_over_nothing_of_it(lint: Any, text: str) -> None:
    assert _traced(lint, ".gitlab-ci.yml", text) == []
