"""Tests of the Jenkinsfile model and the Jenkins shell contexts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import scanned
from hypothesis import given, settings
from hypothesis import strategies as st

from dcrlint.classify import FileKind
from dcrlint.extractors.jenkins import jenkins_model, shell_contexts
from dcrlint.groovy import tokenize
from dcrlint.jenkins import Step, parse, steps
from dcrlint.source import SourceFile
from dcrlint.values import ValueKind

CORPUS = Path("/work/shared/corpus/jenkins")

DECLARATIVE = """\
pipeline {
    agent any
    environment {
        REGISTRY = 'registry.example.com'
        DOCKER = credentials('docker-hub')
        API_TOKEN = "s3cr3t-value"
        FROM_ENV = "${env.BRANCH_NAME}"
    }
    stages {
        stage('Build') {
            environment {
                NEXUS = credentials("nexus")
            }
            steps {
                sh 'make build'
                sh "docker login -u $DOCKER_USR -p ${DOCKER_PSW} $REGISTRY"
                withCredentials([usernamePassword(credentialsId: 'git', usernameVariable: 'U', passwordVariable: 'P'),
                                 string(credentialsId: 'tok', variable: 'T')]) {
                    sh script: "git push https://$U:$P@example.com", returnStdout: true
                    withCredentials([file(credentialsId: 'kube', variable: 'KCFG')]) {
                        sh(script: 'kubectl --kubeconfig "$KCFG" apply -f .')
                    }
                }
                sh 'after'
            }
        }
        stage('Test') {
            steps {
                bat 'echo %T%'
                powershell(\"\"\"
                    Write-Host $env:X
                \"\"\")
            }
        }
    }
    post {
        always { pwsh 'Get-ChildItem' }
    }
}
"""

SCRIPTED = """\
node('linux') {
    stage('Checkout') {
        checkout scm
    }
    stage "Legacy"
    sh "echo legacy"
    withCredentials([sshUserPrivateKey(credentialsId: 'k', keyFileVariable: 'K', passphraseVariable: 'PP',
                                       usernameVariable: 'SU'),
                     usernameColonPassword(credentialsId: 'c', variable: 'UC'),
                     dockerCert(credentialsId: 'd', variable: 'DC'),
                     [$class: 'StringBinding', credentialsId: 'old', variable: 'OLD']]) {
        stage('Deploy') {
            def out = sh(returnStdout: true, script: \"\"\"ssh -i $K ${SU}@host\"\"\").trim()
            parallel linux: {
                sh 'echo ' + UC + " done"
            }, windows: {
                bat 'dir'
            }
        }
    }
    docker.image('maven:3').inside('-v /tmp:/tmp') {
        sh 'mvn -B verify'
    }
}
"""


def by_script(found: Sequence[Step], needle: str) -> Step:
    (step,) = [s for s in found if needle in s.value.text]
    return step


def pos(text: str, offset: int) -> tuple[int, int]:
    return SourceFile("Jenkinsfile", text).position(offset)


def test_declarative_steps_in_order_with_stages() -> None:
    found = parse(DECLARATIVE).steps
    got = [(s.name, s.stages, s.index, s.value.text.strip()) for s in found]
    assert got == [
        ("sh", ("Build",), 0, "make build"),
        ("sh", ("Build",), 1, "docker login -u $DOCKER_USR -p ${DOCKER_PSW} $REGISTRY"),
        ("sh", ("Build",), 2, "git push https://$U:$P@example.com"),
        ("sh", ("Build",), 3, 'kubectl --kubeconfig "$KCFG" apply -f .'),
        ("sh", ("Build",), 4, "after"),
        ("bat", ("Test",), 0, "echo %T%"),
        ("powershell", ("Test",), 1, "Write-Host $env:X"),
        ("pwsh", (), 0, "Get-ChildItem"),
    ]


def test_gstring_flags_and_interpolation_spans() -> None:
    found = parse(DECLARATIVE).steps
    login = by_script(found, "docker login")
    assert login.is_gstring
    assert [i.expression for i in login.interpolations] == ["DOCKER_USR", "DOCKER_PSW", "REGISTRY"]
    psw = login.interpolations[1]
    assert DECLARATIVE[psw.span.start : psw.span.end] == "${DOCKER_PSW}"
    assert pos(DECLARATIVE, psw.span.start) == (16, 52)
    assert not by_script(found, "make build").is_gstring
    assert not by_script(found, "KCFG").is_gstring


def test_script_characters_map_to_file_positions() -> None:
    found = parse(DECLARATIVE).steps
    push = by_script(found, "git push")
    i = push.value.text.index("$P@")
    assert pos(DECLARATIVE, push.value.offset(i)) == (19, 53)
    ps = by_script(found, "Write-Host")
    j = ps.value.text.index("Write-Host")
    assert pos(DECLARATIVE, ps.value.offset(j)) == (31, 21)


def test_environment_credentials_scope_pipeline_and_stage() -> None:
    found = parse(DECLARATIVE).steps
    login = by_script(found, "docker login")
    names = {c.name for c in login.credentials}
    assert {"DOCKER", "DOCKER_USR", "DOCKER_PSW", "NEXUS", "NEXUS_USR", "NEXUS_PSW"} <= names
    roles = {c.name: c.role for c in login.credentials}
    assert roles["DOCKER_USR"] == "username" and roles["DOCKER_PSW"] == "password"
    assert {c.credentials_id for c in login.credentials if c.name.startswith("NEXUS")} == {"nexus"}
    bat = by_script(found, "%T%")
    assert {c.name for c in bat.credentials} == {"DOCKER", "DOCKER_USR", "DOCKER_PSW"}


def test_nested_with_credentials_scope() -> None:
    found = parse(DECLARATIVE).steps
    push = by_script(found, "git push")
    kube = by_script(found, "KCFG")
    after = by_script(found, "after")
    bound = {c.name: (c.role, c.credentials_id, c.source) for c in kube.credentials}
    assert bound["U"] == ("username", "git", "usernamePassword")
    assert bound["P"] == ("password", "git", "usernamePassword")
    assert bound["T"] == ("secret", "tok", "string")
    assert bound["KCFG"] == ("file", "kube", "file")
    assert "KCFG" not in {c.name for c in push.credentials}
    assert {"U", "P", "T"} <= {c.name for c in push.credentials}
    assert not {"U", "P", "T", "KCFG"} & {c.name for c in after.credentials}


def test_environment_assignments() -> None:
    env = parse(DECLARATIVE).environment
    got = {e.name: (e.value.text, e.kind, e.stages, e.credentials_id) for e in env}
    assert got["REGISTRY"] == ("registry.example.com", ValueKind.LITERAL, (), None)
    assert got["DOCKER"] == ("credentials('docker-hub')", ValueKind.REFERENCE, (), "docker-hub")
    assert got["API_TOKEN"] == ("s3cr3t-value", ValueKind.LITERAL, (), None)
    assert got["FROM_ENV"] == ("${env.BRANCH_NAME}", ValueKind.VARIABLE, (), None)
    assert got["NEXUS"] == ('credentials("nexus")', ValueKind.REFERENCE, ("Build",), "nexus")
    token = next(e for e in env if e.name == "API_TOKEN")
    assert DECLARATIVE[token.span.start : token.span.end] == '"s3cr3t-value"'
    assert pos(DECLARATIVE, token.value.offset(0)) == (6, 22)
    assert pos(DECLARATIVE, token.name_span.start) == (6, 9)


def test_environment_non_literal_values() -> None:
    text = "pipeline { environment {\n A = currentBuild.number\n B = 42\n C = 'a' + 'b'\n D = 'x' + FOO\n} }"
    got = {e.name: (e.value.text, e.kind) for e in parse(text).environment}
    assert got == {
        "A": ("currentBuild.number", ValueKind.EXPRESSION),
        "B": ("42", ValueKind.LITERAL),
        "C": ("ab", ValueKind.LITERAL),
        "D": ("x${FOO}", ValueKind.VARIABLE),
    }


def test_scripted_pipeline() -> None:
    model = parse(SCRIPTED)
    got = [(s.name, s.stages, s.value.text) for s in model.steps]
    assert got == [
        ("sh", (), "echo legacy"),
        ("sh", ("Deploy",), "ssh -i $K ${SU}@host"),
        ("sh", ("Deploy",), "echo ${UC} done"),
        ("bat", ("Deploy",), "dir"),
        ("sh", (), "mvn -B verify"),
    ]
    deploy = model.steps[1]
    bound = {c.name: c.role for c in deploy.credentials}
    assert bound == {"K": "file", "PP": "passphrase", "SU": "username", "UC": "secret", "DC": "file", "OLD": "secret"}
    assert {c.source for c in deploy.credentials if c.name == "OLD"} == {"$class:StringBinding"}
    assert model.steps[1].is_gstring
    concat = model.steps[2]
    assert concat.is_gstring
    (interp,) = concat.interpolations
    assert interp.expression == "UC"
    assert SCRIPTED[interp.span.start : interp.span.end] == "UC"
    assert {c.name for c in concat.credentials} >= {"UC"}
    assert model.steps[4].credentials == ()


@pytest.mark.parametrize(
    "source",
    [
        "sh 'echo x'",
        'sh("echo x")',
        'sh """echo x"""',
        "sh script: 'echo x', returnStdout: true",
        "sh returnStatus: true, script: 'echo x'",
        'sh(script: "echo x", label: "l")',
        "def r = sh(script: '''echo x''').trim()",
        'sh """echo x""".stripIndent()',
        "sh(\n  script: 'echo x',\n  returnStdout: true\n)",
        "sh label: 'l',\n   script: 'echo x'",
    ],
)
def test_step_forms(source: str) -> None:
    (step,) = steps(tokenize(source), source)
    assert step.name == "sh"
    assert step.value.text == "echo x"
    i = source.index("echo x")
    assert [step.value.offset(k) for k in range(6)] == list(range(i, i + 6))


def test_non_string_scripts_and_other_calls_are_not_steps() -> None:
    text = "sh cmd\nsh(script: makeCmd())\necho 'sh'\nshx 'y'\nsteps.shx 'y'\n"
    found = parse(text).steps
    assert found == ()


def test_a_step_called_on_an_object_is_that_step() -> None:
    """A shared library's class runs steps through the script object it is given."""
    found = parse("steps.sh 'x'\nthis.script.bat(script: 'y')\n").steps
    assert [(s.name, s.receiver, s.value.text) for s in found] == [("sh", "steps", "x"), ("bat", "this.script", "y")]


def test_registries() -> None:
    text = """\
docker.withRegistry('https://user:hunter2@reg.example.com', 'reg-creds') {
    img.push()
}
withDockerRegistry([url: "https://r2.example.com", credentialsId: 'c2']) { sh 'x' }
withDockerRegistry(registry: [url: 'https://r3', credentialsId: 'c3']) { }
withDockerRegistry(url: 'https://r4', credentialsId: 'c4') { }
"""
    regs = parse(text).registries
    got = [
        (r.call, r.url.value.text if r.url else None, r.credentials_id.value.text if r.credentials_id else None)
        for r in regs
    ]
    assert got == [
        ("docker.withRegistry", "https://user:hunter2@reg.example.com", "reg-creds"),
        ("withDockerRegistry", "https://r2.example.com", "c2"),
        ("withDockerRegistry", "https://r3", "c3"),
        ("withDockerRegistry", "https://r4", "c4"),
    ]
    url = regs[0].url
    assert url is not None
    k = url.value.text.index("hunter2")
    assert pos(text, url.value.offset(k)) == (1, 35)


def test_shell_contexts() -> None:
    file = scanned(DECLARATIVE, ("Jenkinsfile", FileKind.JENKINSFILE))
    contexts = shell_contexts(file)
    assert [(c.dialect, c.place) for c in contexts] == [
        ("sh", ("stage", "Build", "sh", "0")),
        ("sh", ("stage", "Build", "sh", "1")),
        ("sh", ("stage", "Build", "sh", "2")),
        ("sh", ("stage", "Build", "sh", "3")),
        ("sh", ("stage", "Build", "sh", "4")),
        ("cmd", ("stage", "Test", "bat", "0")),
        ("pwsh", ("stage", "Test", "powershell", "1")),
        ("pwsh", ("pwsh", "0")),
    ]
    login = contexts[1].text
    assert login.text == "docker login -u $DOCKER_USR -p ${DOCKER_PSW} $REGISTRY"
    assert jenkins_model(file) is jenkins_model(file)
    assert file.notifications == []


def test_lexing_problems_become_notifications() -> None:
    file = scanned("node {\n  sh 'unterminated\n}\n", ("Jenkinsfile", FileKind.JENKINSFILE))
    shell_contexts(file)
    assert [(n.line, n.message.split(";")[0]) for n in file.notifications] == [(2, "Groovy: unterminated string")]


def test_comments_are_kept_for_suppressions() -> None:
    text = 'sh "echo $PASS" // dcrlint: ignore[DCR012] reason\n'
    (comment,) = parse(text).comments
    assert "ignore[DCR012]" in comment.text


_PIECES = [*"ab$/\\'\"{}()[],:;=+.\n ", "sh ", "withCredentials", "stage", "environment", "credentials"]


@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join))
@settings(max_examples=300, deadline=None)
def test_any_text_models_without_error(text: str) -> None:
    parse(text)


def test_malformed_structure() -> None:
    for text in ["pipeline { stages { stage('x') { steps { sh 'a'", "}}} sh 'b' ))) ]", "sh", "sh(", "sh script:"]:
        parse(text)
    assert [s.value.text for s in parse("}}} sh 'b' ))) ]").steps] == ["b"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not present")
def test_corpus_models_without_error() -> None:
    count = 0
    for p in sorted(CORPUS.rglob("*")):
        if p.is_file():
            file = scanned(p.read_text(encoding="utf-8", errors="replace"), ("Jenkinsfile", FileKind.JENKINSFILE))
            count += len(shell_contexts(file))
    assert count > 100
