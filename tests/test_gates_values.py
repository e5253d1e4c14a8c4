"""The gates (`gate=`) of DCR011, DCR012, DCR013, DCR040, DCR041, DCR050 and DCR051: each case
spells what the check reads so that a plain substring search of the raw text misses it (YAML
and Groovy escapes, an escaped line break, a letter `re` reads as ASCII where it ignores case,
an anchor or a merge key, CRLF) or widens the check by a setting (secret names, annotation
keys, high-entropy). The gate of the case's rule must hold on its file, and the scan must still
report what it pins. Near misses show the gates do tell files apart. test_spellings.py holds
more one-file spellings; these are the ones the gates lean on."""

from __future__ import annotations

import base64
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import Lint, git, scanned, write

from dcrlint.checks import FollowUpCheck, for_kind
from dcrlint.config import Settings, parse

# The engine asks the gates of every kind here (a run: engine.GATED_KINDS; conftest `gating`).
pytestmark = pytest.mark.usefixtures("gating")

WF = ".github/workflows/ci.yml"
NOW = "2026-06-01"


def _jwt(claims: dict[str, object]) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.Qm9n5vK2xP8wL3rT7yZ1aB4cD6eF0gH2jK4mN6pR8sU"


EXPIRED = _jwt({"sub": "ci", "exp": 1609459200})  # 2021-01-01, made up
TOKEN = "ghp_Dcr4q8Zt3v9LkP2mW7xR4nB6yH1cF5gJ0sDaQw"  # shaped like a GitHub token, not one
CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    {key}: '2024-01-01'\ndata:\n  a: b\n"


def _workflow(steps: str) -> str:
    return f"on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"


def _jenkins(steps: str) -> str:
    return (f"pipeline {{\n  agent any\n  stages {{\n    stage('a') {{\n      steps {{\n{steps}"
            "      }\n    }\n  }\n}\n")


def _circleci(step: str) -> str:
    return f"version: 2.1\njobs:\n  b:\n    docker: [{{image: cimg/base:stable}}]\n    steps:\n      - run: {step}\n"


@dataclass(frozen=True)
class Case:
    name: str
    rule: str  # the rule whose gate must hold on the file
    path: str
    text: str
    found: list[tuple[str, int, int]]  # (rule, line, column) of every finding
    config: dict[str, Any] = field(default_factory=dict)


CASES = [
    # DCR011 `${{ secrets.X }}` in `run:`: any case as GitHub reads it (and `re`: `ſ` is an s)
    Case("secrets with a long s", "DCR011", WF,
         _workflow("      - run: curl -H X:${{ \u017fecrets.API_TOKEN }} https://e.example.com\n"),
         [("DCR011", 6, 24)]),
    Case("SECR\\x45TS", "DCR011", WF, _workflow('      - run: "curl ${{ SECR\\x45TS.API_TOKEN }}"\n'), [("DCR011", 6, 20)]),
    Case("\\u0073ecrets", "DCR011", WF, _workflow('      - run: "curl ${{ \\u0073ecrets.API_TOKEN }}"\n'),
         [("DCR011", 6, 20)]),
    Case("secrets over an escaped line break", "DCR011", WF,
         _workflow('      - run: "curl ${{ sec\\\n          rets.API_TOKEN }}"\n'), [("DCR011", 6, 20)]),
    Case("run: an alias", "DCR011", WF,
         "x: &s curl ${{ secrets.API_TOKEN }}\non: push\njobs:\n  a:\n    runs-on: u\n    steps:\n      - run: *s\n",
         [("DCR011", 1, 12)]),
    Case("run: by a merge key", "DCR011", WF,
         "on: push\nx: &s {run: 'curl ${{ secrets.API_TOKEN }}'}\njobs:\n  a:\n    runs-on: u\n    steps:\n"
         "      - <<: *s\n        name: n\n", [("DCR011", 2, 19)]),
    Case("run: key spelled r\\x75n", "DCR011", WF, _workflow('      - "r\\x75n": curl ${{ secrets.API_TOKEN }}\n'),
         [("DCR011", 6, 24)]),
    Case("CRLF", "DCR011", WF, _workflow("      - run: curl ${{ secrets.API_TOKEN }}\n").replace("\n", "\r\n"),
         [("DCR011", 6, 19)]),
    # DCR011 pasted into Azure Pipelines and CircleCI scripts
    Case("azure \\x24(", "DCR011", "azure-pipelines.yml", 'steps:\n  - script: "curl \\x24(API_TOKEN)"\n',
         [("DCR011", 2, 19)]),
    Case("azure variables.api_\\x74oken", "DCR011", "azure-pipelines.yml",
         'steps:\n  - script: "curl ${{ variables.api_\\x74oken }}"\n', [("DCR011", 2, 19)]),
    Case("azure configured secret name", "DCR011", "azure-pipelines.yml",
         "steps:\n  - script: curl $(REGISTRY_PHRASE)\n", [("DCR011", 2, 18)], {"secret-names": ["PHRASE$"]}),
    Case("circleci \\x3c<", "DCR011", ".circleci/config.yml", _circleci('"curl \\x3c< parameters.deploy_token >>"'),
         [("DCR011", 6, 20)]),
    Case("circleci pipeline.parameters", "DCR011", ".circleci/config.yml",
         _circleci("curl << pipeline.parameters.DEPLOY_TOKEN >>"), [("DCR011", 6, 19)]),
    # DCR012: a credential variable interpolated into a shell step
    Case("bound, not named like a secret", "DCR012", "Jenkinsfile",
         _jenkins("        withCredentials([string(credentialsId: 'reg', variable: 'X')]) {\n"
                  '          sh "echo ${X} | docker login -u ci --password-stdin r.example.com"\n        }\n'),
         [("DCR012", 7, 20)]),
    Case("environment credentials('id'), _PSW", "DCR012", "Jenkinsfile",
         "pipeline {\n  agent any\n  environment {\n    REG = credentials('reg')\n  }\n  stages {\n    stage('a') {\n"
         '      steps {\n        sh "docker login -u ci -p $REG_PSW r.example.com"\n      }\n    }\n  }\n}\n',
         [("DCR001", 9, 35), ("DCR012", 9, 35)]),
    Case("${env.API_TOKEN}", "DCR012", "Jenkinsfile", _jenkins('        sh "curl -u ci:${env.API_TOKEN} https://e.example.com"\n'),
         [("DCR012", 6, 24)]),
    Case("joined operand", "DCR012", "Jenkinsfile", _jenkins("        sh 'curl -u ci:' + PASSWORD + ' https://e.example.com'\n"),
         [("DCR012", 6, 28)]),
    Case("$DB_PASSWORD", "DCR012", "Jenkinsfile", _jenkins('        sh "curl -u ci:$DB_PASSWORD https://e.example.com"\n'),
         [("DCR012", 6, 24)]),
    Case("bat", "DCR012", "Jenkinsfile", _jenkins('        bat "curl -u ci:${MY_SECRET} https://e.example.com"\n'),
         [("DCR012", 6, 25)]),
    Case("configured secret name", "DCR012", "Jenkinsfile",
         _jenkins('        sh "curl -u ci:${REGISTRY_PHRASE} https://e.example.com"\n'), [("DCR012", 6, 24)],
         {"secret-names": ["PHRASE$"]}),
    Case("\\u0075 elsewhere in the string", "DCR012", "Jenkinsfile",
         _jenkins('        sh "c\\u0075rl -u ci:${API_TOKEN} https://e.example.com"\n'), [("DCR012", 6, 29)]),
    # DCR013
    Case("toJ\u017fON(\u017fecrets)", "DCR013", WF,
         _workflow("      - run: make\n        env:\n          ALL: ${{ toJ\u017fON(\u017fecrets) }}\n"), [("DCR013", 8, 16)]),
    Case("inh\\ erit over an escaped line break", "DCR013", WF,
         'on: push\njobs:\n  a:\n    uses: o/r/.github/workflows/x.yml@v1\n    secrets: "inh\\\n      erit"\n',
         [("DCR013", 5, 5)]),
    Case("secrets: inherit by a merge key", "DCR013", WF,
         "on: push\nx: &k {secrets: inherit}\njobs:\n  a:\n    uses: o/r/.github/workflows/x.yml@v1\n    <<: *k\n",
         [("DCR013", 2, 8)]),
    # DCR040/DCR041: JWTs whose every `eyJ` is escaped, annotation keys spelled or configured
    Case("JWT \\x65yJ.\\u0065yJ", "DCR041", "v.yaml", 'k: "\\x65' + EXPIRED[1:].replace(".eyJ", ".\\u0065yJ") + '"\n',
         [("DCR041", 1, 5), ("DCR051", 1, 5)]),
    Case("JWT in Groovy \\u0065y", "DCR041", "Jenkinsfile",
         f"node {{\n  sh \"curl -H 'A: \\u0065y{EXPIRED[2:]}' https://e.example.com\"\n}}\n",
         [("DCR041", 2, 19), ("DCR051", 2, 19)]),
    Case("JWT over an escaped line break", "DCR041", "v.yaml", f'k: "e\\\n  {EXPIRED[1:]}"\n',
         [("DCR041", 1, 5), ("DCR051", 1, 5)]),
    Case("expiry key over an escaped line break", "DCR041", "cm.yaml",
         CONFIGMAP.replace("    {key}: '2024-01-01'", "    ? \"dcrlint.io/expires-\\\n      at\"\n    : '2024-01-01'"),
         [("DCR041", 8, 7)]),
    Case("configured expiry key", "DCR041", "cm.yaml", CONFIGMAP.format(key="example.com/valid-until"),
         [("DCR041", 6, 30)], {"expiry-annotations": ["example.com/valid-until"]}),
    Case("configured rotation key, escaped", "DCR040", "cm.yaml", CONFIGMAP.format(key='"example.com/rot\\x61ted"'),
         [("DCR040", 6, 31)], {"rotation-annotations": ["example.com/rotated"]}),
    Case("rotation key in a List", "DCR040", "cm.yaml",
         "apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c, annotations: "
         "{dcrlint.io/rotated-at: '2024-01-01'}}}\n", [("DCR040", 4, 96)]),
    # DCR050: read as written
    Case("URL, CRLF", "DCR050", "a.sh", "git clone https://ci:Zq8-lemon-44-Rw@git.example.com/r.git\r\n", [("DCR050", 1, 22)]),
    Case("URL after an @ line", "DCR050", "a.sh", "# a@b\ngit clone https://ci:Zq8-lemon-44-Rw@git.example.com/r.git\n",
         [("DCR050", 2, 22)]),
    # DCR051
    Case("token in Groovy \\u0067hp_", "DCR051", "Jenkinsfile",
         f'node {{\n  sh "curl -H X:\\u0067{TOKEN[1:]} https://e.example.com"\n}}\n', [("DCR051", 2, 17)]),
    Case("high entropy, only decoded 20 long", "DCR051", "v.yaml",
         'k: "Zq8lemon\\x34\\x34RwQm9n5\\x76K2xP8wL3rT7yZ1aB4"\n', [("DCR051", 1, 5)], {"high-entropy": True}),
    Case("private key header folded", "DCR051", "v.yaml",
         "k: -----BEGIN RSA PRIVATE\n  KEY----- MIIEowIBAAKCAQEAdcrfakefakefakefakefakefake -----END RSA PRIVATE KEY-----\n",
         [("DCR051", 1, 4)]),
    Case("Slack webhook, Kelvin sign", "DCR051", "a.sh",
         "curl https://hooks.slac\u212a.com/services/T0000DCR1/B0000DCR2/Zq8lemon44RwQm9n5vK2xP8w\n", [("DCR051", 1, 6)]),
]


def _settings(config: dict[str, Any]) -> Settings:
    return parse(config, "test")


def _gates(file: Any, rule: str) -> list[bool]:
    """The gates of the file checks of `rule` that run on the file's kind."""
    checks = [c for c in for_kind(file.kind).file if rule in c.rules]
    assert checks and all(c.gate is not None for c in checks), rule
    return [c.gate(file) for c in checks]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_gate_holds_and_the_finding_stays(lint: Lint, case: Case) -> None:
    file = scanned(case.text, case.path, _settings(case.config))
    assert any(_gates(file, case.rule))
    if case.config:
        lint.write(".dcrlint.yaml", json.dumps(case.config))
    assert lint.scan(case.path, case.text, "--now", NOW).starts() == case.found


def test_annotation_that_is_no_date_is_notified(lint: Lint) -> None:
    """The gate holds where the check's only output is a notification."""
    text = CONFIGMAP.format(key="dcrlint.io/rotated-at").replace("'2024-01-01'", "soon")
    assert _gates(scanned(text, "cm.yaml"), "DCR040") == [True]
    run = lint.scan("cm.yaml", text, "--now", NOW)
    assert run.starts() == [] and "annotation dcrlint.io/rotated-at is not an ISO 8601 date" in run.err


# (rule, path, text, config): near misses, where the rule's gate does not hold
NEAR_MISSES = [
    ("DCR011", WF, _workflow("      - run: make\n        env:\n          T: ${{ github.token }}\n"), {}),
    ("DCR011", WF, _workflow("      - run: make\n        env:\n          T: ${{ secrets.A }}\n"
                             "      - uses: a/b@v1\n        with: {run: '${{ secrets.A }}'}\n"), {}),
    ("DCR011", "azure-pipelines.yml", "steps:\n  - script: echo $(Build.BuildId)\n", {}),
    ("DCR011", ".circleci/config.yml", _circleci("curl --token $DEPLOY_TOKEN"), {}),
    ("DCR012", "Jenkinsfile", "// author: x\n" + _jenkins('        sh "echo ${AUTHOR}"\n'), {}),
    ("DCR013", WF, _workflow("      - run: echo ${{ secrets.A }}\n"), {}),
    ("DCR040", "cm.yaml", CONFIGMAP.format(key="example.com/rotated"), {}),
    ("DCR041", "cm.yaml", CONFIGMAP.format(key="dcrlint.io/rotated-at"), {}),
    ("DCR041", "a.sh", "# eY J\necho hi\n", {}),
    ("DCR050", "a.sh", "curl https://e.example.com/a@b\n", {}),
    ("DCR051", "v.yaml", "k: Zq8lemon44RwQm9n5vK2xP8wL3rT7yZ1aB4\n", {}),
]


@pytest.mark.parametrize(("rule", "path", "text", "config"), NEAR_MISSES)
def test_gate_tells_a_near_miss(rule: str, path: str, text: str, config: dict[str, Any]) -> None:
    assert not any(_gates(scanned(text, path, _settings(config)), rule))


def test_settings_widen_the_gates() -> None:
    assert _gates(scanned("k: Zq8lemon44RwQm9n5vK2xP8wL3rT7yZ1aB4\n", "v.yaml", _settings({"high-entropy": True})),
                  "DCR051") == [True]
    cm = CONFIGMAP.format(key="example.com/rotated")
    assert _gates(scanned(cm, "cm.yaml", _settings({"rotation-annotations": ["example.com/rotated"]})), "DCR040") == [True]
    assert _gates(scanned(cm, "cm.yaml", _settings({"expiry-annotations": ["example.com/rotated"]})), "DCR041") == [True]
    jenkins = _jenkins('        sh "echo ${REGISTRY_PHRASE}"\n')
    assert _gates(scanned(jenkins, "Jenkinsfile"), "DCR012") == [False]
    assert _gates(scanned(jenkins, "Jenkinsfile", _settings({"secret-names": ["PHRASE$"]})), "DCR012") == [True]


def _follow_up_gate(text: str, path: str, settings: Settings, abspath: str = "/r/x") -> bool:
    file = scanned(text, path, settings, abspath=abspath)
    (follow,) = [c for c in for_kind(file.kind).follow_ups if "DCR040" in c.rules]
    assert isinstance(follow, FollowUpCheck) and follow.gate is not None
    return follow.gate(file)


def test_follow_up_gate() -> None:
    """The git half of DCR040 dates what the file's checks found, from git: nothing without
    git or for a file not on disk."""
    url = "url: https://ci:Zq8-lemon-44-Rw@git.example.com/r.git\n"
    assert _follow_up_gate(url, "v.yaml", Settings(git=True))
    assert not _follow_up_gate(url, "v.yaml", Settings(git=False))
    assert not _follow_up_gate(url, "v.yaml", Settings(git=True), abspath="")


def test_no_follow_up_where_no_check_runs(lint: Lint, monkeypatch: pytest.MonkeyPatch) -> None:
    """With git, the git half of DCR040 runs on a file where a file check runs (it may date
    what it finds), not on one where every file check's gate fails (nothing to date)."""
    from dcrlint import engine

    ran: list[tuple[str, str]] = []
    real = engine._run_check

    def spy(name: str, file: Any, call: Any, *args: Any) -> Any:
        ran.append((file.path, call.__name__))
        return real(name, file, call, *args)

    monkeypatch.setattr(engine, "_run_check", spy)
    lint.write("w.yaml", "url: https://git.example.com/r.git\n")
    lint.write("v.yaml", "url: https://ci:Zq8-lemon-44-Rw@git.example.com/r.git\n")
    run = lint("--format", "json", "--fail-on", "never", "--no-cache", ".", git=True)
    assert run.starts() == [("DCR050", 1, 17)]
    assert ("v.yaml", "follow_up") in ran and not [r for r in ran if r[0] == "w.yaml"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_follow_up_dates_what_a_gated_check_found(lint: Lint, tmp_path: Path) -> None:
    """A YAML file where every check has a gate: the URL's password committed long ago is dated."""
    git(tmp_path, "init", "-q")
    write(tmp_path, "v.yaml", "url: https://ci:Zq8-lemon-44-Rw@git.example.com/r.git\n")
    write(tmp_path, "w.yaml", "url: https://git.example.com/r.git\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "old", date="2023-01-01T00:00:00Z")
    stale = lint("--now", NOW, "--format", "json", "--select", "DCR040", ".", git=True).table("path", "line", "message")
    assert [(p, ln) for p, ln, _ in stale] == [("v.yaml", 1)]
    assert "committed on 2023-01-01" in stale[0][2] and "DCR050" in stale[0][2]


def test_a_file_whose_composer_is_held_off_keeps_its_notes(lint: Lint) -> None:
    """A YAML syntax error is still reported when the checks held off by their gates were the
    ones to compose the file (DCR040's annotation walk composed every YAML file) and the check
    that runs reads only the text (DCR050); the same without a finding."""
    lint.write("v.yaml", "a: [1\nurl: https://ci:Zq8-lemon-44-Rw@git.example.com/r.git\n")
    lint.write("w.yaml", "a: [1\nb: 2\n")
    run = lint("--format", "json", "--fail-on", "never", "--no-cache", ".")
    assert run.starts() == [("DCR050", 2, 17)]
    assert [(n["path"], n["line"]) for n in run.json()["notifications"]] == [("v.yaml", 2), ("w.yaml", 2)]
