"""Each extractor's NOTES gives an inert file exactly the notifications its model would give
(message, line, level, order): every fixture is scanned as without gates and with every
check's gate False, and the two runs' notifications and standard error must be equal. A NOTES
that cannot tell without the checks (a merge or walk that raises, reported in each check's
name) says False and the file is modelled: each case also says which way it must go, and the
cheap ones must not compose YAML or lex Groovy."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import Lint

from dcrlint import checks, engine, extractors, jenkins, yamlsrc
from dcrlint.classify import classify
from dcrlint.records import replace

# The engine asks the gates of every kind here (a run: engine.GATED_KINDS; conftest `gating`).
pytestmark = pytest.mark.usefixtures("gating")

CHEAP, MODELLED, EITHER = "cheap", "modelled", "either"


class Case:
    def __init__(self, kind: str, files: dict[str, str], way: str, noted: bool, light: bool | None = None) -> None:
        self.kind = kind  # the kind of the first file, the one the case is about
        self.files = files
        self.way = way  # what its NOTES must say: CHEAP (True), MODELLED (False: modelled with its checks)
        self.noted = noted  # whether the full path gives it notifications (the fixture is what it says)
        # nothing composed or lexed: told from the text alone
        self.light = way == CHEAP and not noted if light is None else light


def _deep_mapping(depth: int) -> str:
    return "".join(" " * i + f"k{i}:\n" for i in range(depth)) + " " * depth + "v: 1\n"


def _flow(depth: int) -> str:
    return "[" * depth + "]" * depth


WORKFLOW = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"
GITLAB = "stages: [test]\ntest:\n  stage: test\n  script:\n    - make test\n"
MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  mode: fast\n"
JENKINS = """pipeline {
  agent any
  environment { MODE = 'fast' }
  stages {
    stage('Build') {
      steps {
        sh "make ${env.MODE} ${"nested ${'x'}"}"
        sh '''echo 'multi'
line'''
        script {
          def parts = env.BRANCH_NAME.split(/\\//)
          def half = 10 / 2 // a division, then a comment
          if (env.BRANCH_NAME ==~ /release\\/.*/) { echo "${half}" }
          def d = $/dollar $$ $/ slashy/$
        }
      }
    }
  }
}
"""
EXTENDS_FANOUT = ".base:\n" + "".join(f"  k{i}: x\n" for i in range(250)) + "".join(
    f"job{i}:\n  extends: .base\n  script: make\n" for i in range(900))
INCLUDES = """include:
  - local: /ci/missing.yml
  - remote: https://example.com/ci.yml
  - project: group/project
    file: /templates/ci.yml
  - template: Security/SAST.gitlab-ci.yml
  - component: $CI_SERVER_FQDN/group/component@1.0
  - /ci/shared.yml
  - https://example.com/bare.yml
  - local: ci/$VARIANT.yml
test:
  script: make
"""
SHARED = "include:\n  - remote: https://example.com/nested.yml\n  - local: /ci/broken.yml\n.shared:\n  script: x\n"

CASES: dict[str, Case] = {
    # GitHub Actions
    "workflow": Case("github-workflow", {".github/workflows/ci.yml": WORKFLOW}, CHEAP, False),
    "workflow-syntax": Case("github-workflow", {".github/workflows/ci.yml": WORKFLOW + "  x: [\n"}, CHEAP, True),
    "workflow-undefined-alias": Case("github-workflow", {".github/workflows/ci.yml": "on: *push\n"}, CHEAP, True),
    "workflow-anchors": Case("github-workflow", {
        ".github/workflows/ci.yml": "on: push\nx: &e {A: 1}\njobs:\n  b:\n    env: *e\n    steps:\n      - run: x\n"},
        MODELLED, False),
    "workflow-duplicate-anchor": Case("github-workflow", {".github/workflows/ci.yml": "a: &x 1\nb: &x 2\n"},
                                      CHEAP, True),
    "workflow-deep": Case("github-workflow", {".github/workflows/ci.yml": WORKFLOW + "x:\n" + "".join(
        " " * (i + 1) + f"k{i}:\n" for i in range(990)) + " " * 991 + "v: 1\n"}, CHEAP, False),
    "workflow-too-deep": Case("github-workflow", {".github/workflows/ci.yml": "x: " + _flow(1100) + "\n"},
                              CHEAP, True),
    "workflow-control-char": Case("github-workflow", {".github/workflows/ci.yml": "on: push\x1b\n"}, CHEAP, True),
    "action": Case("github-action", {"action.yml": "runs:\n  using: composite\n  steps:\n    - run: x\n"},
                   CHEAP, False),
    "action-syntax": Case("github-action", {"action.yml": "runs:\n  using: [\n"}, CHEAP, True),
    # GitLab CI
    "gitlab": Case("gitlab-ci", {".gitlab-ci.yml": GITLAB}, CHEAP, False),
    "gitlab-extends": Case("gitlab-ci", {".gitlab-ci.yml": ".t:\n  script: x\nj:\n  extends: [.t]\n"}, CHEAP, False),
    "gitlab-includes": Case("gitlab-ci", {".gitlab-ci.yml": INCLUDES, "ci/shared.yml": SHARED,
                                          "ci/broken.yml": "a: [\n"}, CHEAP, True),
    "gitlab-include-one": Case("gitlab-ci", {".gitlab-ci.yml": "include: https://example.com/a.yml\nj:\n  script: x\n"},
                               CHEAP, True),
    "gitlab-include-hex-escape": Case("gitlab-ci", {
        ".gitlab-ci.yml": '"\\x69nclude":\n  remote: https://example.com/a.yml\nj:\n  script: x\n'}, CHEAP, True),
    "gitlab-include-unicode-escape": Case("gitlab-ci", {
        ".gitlab-ci.yml": '"\\u0069nclud\\U00000065": {project: g/p}\nj: {script: x}\n'}, CHEAP, True),
    "gitlab-include-escaped-break": Case("gitlab-ci", {
        ".gitlab-ci.yml": '? "inc\\\n   lude"\n: [{template: T.yml}]\nj:\n  script: x\n'}, CHEAP, True),
    "gitlab-include-flow": Case("gitlab-ci", {
        ".gitlab-ci.yml": '{"include": {"remote": "https://example.com/a.yml"}, "j": {"script": "x"}}\n'},
        CHEAP, True),
    "gitlab-include-spec-header": Case("gitlab-ci", {
        ".gitlab-ci.yml": "spec:\n  inputs:\n    a: {default: x}\n---\ninclude:\n  - project: g/p\nj:\n  script: x\n"},
        CHEAP, True),
    "gitlab-include-tagged": Case("gitlab-ci", {
        ".gitlab-ci.yml": "!!str include: {component: a/b@1}\nj:\n  script: x\n"}, CHEAP, True),
    "gitlab-word-include": Case("gitlab-ci", {".gitlab-ci.yml": "j:\n  script: make include\n"}, CHEAP, False,
                                light=False),
    "gitlab-anchors": Case("gitlab-ci", {
        ".gitlab-ci.yml": ".d: &d\n  script: x\ninclude: https://example.com/a.yml\nj:\n  <<: *d\n"}, MODELLED, True),
    "gitlab-syntax": Case("gitlab-ci", {".gitlab-ci.yml": "include: [\n"}, CHEAP, True),
    "gitlab-template": Case("gitlab-ci", {".gitlab-ci.yml": "j:\n  script: {{ x }}\n  a: [\n"}, CHEAP, True),
    "gitlab-deep-quiet": Case("gitlab-ci", {".gitlab-ci.yml": "j:\n  script: x\n" + _deep_mapping(600)}, MODELLED,
                              False),
    "gitlab-deep-raises": Case("gitlab-ci", {".gitlab-ci.yml": "j:\n  script: x\n" + _deep_mapping(990)}, MODELLED,
                               True),
    "gitlab-deep-flow": Case("gitlab-ci", {".gitlab-ci.yml": "j:\n  script: x\nd: " + "{a: " * 990 + "1" + "}" * 990
                                           + "\n"}, MODELLED, True),
    "gitlab-include-deep": Case("gitlab-ci", {".gitlab-ci.yml": "include: https://e.com/a.yml\n"
                                              + _deep_mapping(990)}, MODELLED, True),
    "gitlab-extends-budget": Case("gitlab-ci", {".gitlab-ci.yml": EXTENDS_FANOUT}, MODELLED, True),
    "gitlab-include-extends-budget": Case("gitlab-ci", {
        ".gitlab-ci.yml": "include: https://e.com/a.yml\n" + EXTENDS_FANOUT}, MODELLED, True),
    # Jenkins
    "jenkins": Case("jenkinsfile", {"Jenkinsfile": JENKINS}, CHEAP, False),
    "jenkins-unterminated-string": Case("jenkinsfile", {"Jenkinsfile": "node {\n  sh 'make\n}\n"}, CHEAP, True),
    "jenkins-unterminated-gstring": Case("jenkinsfile", {"Jenkinsfile": 'node {\n  sh "a ${b\n}\n'}, CHEAP, True),
    "jenkins-unterminated-triple": Case("jenkinsfile", {"Jenkinsfile": "sh '''\nmake\n"}, CHEAP, True),
    "jenkins-unterminated-dollar-slashy": Case("jenkinsfile", {"Jenkinsfile": "x = $/ a $/$\n"}, CHEAP, True),
    "jenkins-unterminated-comment": Case("jenkinsfile", {"Jenkinsfile": "node { /* sh 'x' }\n"}, CHEAP, True),
    "jenkins-escaped-quote-at-end": Case("jenkinsfile", {"Jenkinsfile": "sh 'a\\'\n"}, CHEAP, True),
    "jenkins-slashy-to-the-end": Case("jenkinsfile", {"Jenkinsfile": "x = y\n/ 'a\n"}, CHEAP, True),
    "jenkins-too-deep": Case("jenkinsfile", {"Jenkinsfile": "sh 'x'\n" + "f(" * 160 + ")" * 160 + "\n"}, CHEAP,
                             True),
    "jenkins-deep-calls": Case("jenkinsfile", {"Jenkinsfile": "sh 'x'\n" + "a " * 160 + "\n"}, CHEAP, True),
    "jenkins-deep-enough": Case("jenkinsfile", {"Jenkinsfile": "node {\n" + "f(" * 140 + ")" * 140 + "\n}\n"},
                                EITHER, False),
    "jenkins-shebang": Case("jenkinsfile", {"Jenkinsfile": "#!groovy\n/x/\nsh 'y'\n"}, CHEAP, False),
    # Kubernetes and the other YAML kinds
    "manifest": Case("kubernetes", {"deploy.yaml": MANIFEST}, CHEAP, False),
    "manifest-syntax": Case("kubernetes", {"deploy.yaml": MANIFEST + "  x: [\n"}, CHEAP, True),
    "manifest-template": Case("kubernetes", {"deploy.yaml": MANIFEST + "  n: {{ .Values.n }}\n"}, CHEAP, False,
                              light=False),
    "manifest-alias": Case("kubernetes", {"deploy.yaml": MANIFEST + "  a: &a x\n  b: *a\n"}, MODELLED, False),
    # (an anchor defined again is read as YAML 1.2 reads it: yamlsrc._anchors_renamed)
    "manifest-anchor-only": Case("kubernetes", {"deploy.yaml": MANIFEST + "  a: &a x\n  b: &a y\n"}, CHEAP, False,
                                 light=False),
    "manifest-undefined-alias": Case("kubernetes", {"deploy.yaml": MANIFEST + "  a: &a x\n  b: *b\n"}, CHEAP, True),
    "manifest-template-broken": Case("kubernetes", {"deploy.yaml": MANIFEST + "  n: {{ .Values.n }\n"}, CHEAP,
                                     True),
    "manifest-many-documents": Case("kubernetes", {"deploy.yaml": MANIFEST + "---\na: [\n---\n" + MANIFEST},
                                    CHEAP, True),
    "manifest-deep": Case("kubernetes", {"deploy.yaml": MANIFEST + "  x: " + _flow(990) + "\n"}, CHEAP, False),
    "helm-values": Case("helm-values", {"values.yaml": "image: app\npassword: ''\n"}, CHEAP, False),
    "helm-values-syntax": Case("helm-values", {"values.yaml": "image: [\n"}, CHEAP, True),
    "compose": Case("compose", {"docker-compose.yml": "services:\n  a:\n    image: app\n"}, CHEAP, False),
    "compose-syntax": Case("compose", {"docker-compose.yml": "services:\n  a: [\n"}, CHEAP, True),
    "kustomization": Case("kustomization", {"kustomization.yaml": "resources: [a.yaml]\n"}, CHEAP, False),
    "kustomization-alias": Case("kustomization", {"kustomization.yaml": "a: *b\n"}, CHEAP, True),
    "ansible": Case("ansible", {"playbook.yml": "- hosts: all\n  tasks:\n    - shell: make\n"}, CHEAP, False),
    "ansible-syntax": Case("ansible", {"playbook.yml": "- hosts: [\n"}, CHEAP, True),
    "ansible-inventory": Case("ansible-inventory", {"hosts": "[web]\nweb1 ansible_host=10.0.0.5 ansible_user=x='\n"},
                              CHEAP, False),
    "cloud-init": Case("cloud-init", {"user-data": "#cloud-config\nruncmd:\n  - make\n"}, CHEAP, False),
    "cloud-init-syntax": Case("cloud-init", {"vm/cloud-init.yaml": "#cloud-config\nruncmd: [\n"}, CHEAP, True),
    "yaml": Case("yaml", {"settings.yaml": "a: 1\n"}, CHEAP, False),
    "yaml-syntax": Case("yaml", {"settings.yaml": "a: [\n"}, CHEAP, True),
    **{f"{kind}{suffix}": Case(kind, {path: text + extra}, way, noted)
       for kind, path, text in (
           ("circleci", ".circleci/config.yml", "version: 2.1\njobs:\n  b:\n    steps:\n      - run: make\n"),
           ("azure-pipelines", "azure-pipelines.yml", "steps:\n  - script: make\n"),
           ("bitbucket-pipelines", "bitbucket-pipelines.yml", "pipelines:\n  default:\n    - step:\n        script:\n"
                                                              "          - make\n"),
           ("drone", ".drone.yml", "kind: pipeline\nsteps:\n  - name: b\n    commands: [make]\n"),
           ("buildkite", ".buildkite/pipeline.yml", "steps:\n  - command: make\n"),
           ("travis", ".travis.yml", "script: make\n"),
           ("codebuild", "buildspec.yml", "version: 0.2\nphases:\n  build:\n    commands: [make]\n"),
           ("cloud-build", "cloudbuild.yaml", "steps:\n  - name: ubuntu\n    script: make\n"),
           ("taskfile", "Taskfile.yml", "version: '3'\ntasks:\n  b:\n    cmds: [make]\n"),
           ("concourse", "ci/task.yml", "platform: linux\nrun:\n  path: make\n"))
       for suffix, extra, way, noted in (("", "", CHEAP, False), ("-syntax", "x: [\n", CHEAP, True),
                                         ("-undefined-alias", "y: *z\n", CHEAP, True),
                                         ("-alias", "y: &z [a]\nw: *z\n", MODELLED, False))},
    # The other kinds
    "docker-config": Case("docker-config", {"config.json": '{"auths": {"r.example.com": {}}}'}, CHEAP, False),
    "docker-config-broken": Case("docker-config", {".dockercfg": '{"r.example.com": {"auth": '}, CHEAP, True),
    "docker-config-not-object": Case("docker-config", {".dockercfg": "[1, 2]"}, CHEAP, True),
    "docker-config-empty": Case("docker-config", {".dockercfg": "  \n"}, CHEAP, False),
    "npm": Case("npm", {"package.json": '{"scripts": {"build": "tsc"}}'}, CHEAP, False),
    "npm-broken": Case("npm", {"package.json": '{"scripts": {"build": '}, CHEAP, True),
    "systemd": Case("systemd", {"till.service": "[Service]\nExecStart=/bin/true\n"}, CHEAP, False),
    "butane": Case("butane", {"till.bu": "variant: fcos\nversion: 1.5.0\n"}, CHEAP, False),
    "butane-syntax": Case("butane", {"till.bu": "variant: fcos\nsystemd: [\n"}, CHEAP, True),
    "terraform": Case("terraform", {"main.tf": 'provider "docker" {\n  host = "x"\n}\n'}, CHEAP, False),
    "terraform-syntax": Case("terraform", {"main.tf": 'provider "docker" {\n  host = \n'}, CHEAP, True),
    "terraform-deep": Case("terraform", {"main.tf": "a {\n" * 200 + "x = \n" + "}\n" * 200}, EITHER, True),
    "gitlab-runner": Case("gitlab-runner", {"config.toml": '[[runners]]\n  name = "a"\n'}, CHEAP, False),
    "gitlab-runner-not-toml": Case("gitlab-runner", {"config.toml": '[[runners]]\n  name = \n'}, CHEAP, True),
    "env-file": Case("env-file", {".env": "A=1\nB='unterminated\nC=\"x\n"}, CHEAP, False),
    "shell": Case("shell", {"build.sh": "echo 'unterminated\ncat <<EOF\nx\nif then fi ((\n"}, CHEAP, False),
    "dockerfile": Case("dockerfile", {"Dockerfile": "FROM x\nRUN echo 'a \\\nARG\nRUN if then fi ((\n"}, CHEAP,
                       False),
    "makefile": Case("makefile", {"Makefile": "a:\n\techo 'x\n\tif then fi ((\nifeq (\n"}, CHEAP, False),
    "maven": Case("maven-pom", {"pom.xml": "<project><build><plugins><plugin><artifactId>jib-maven-plugin"
                                           "</artifactId><configuration><to><auth><password>"}, CHEAP, False),
    "gradle": Case("gradle", {"build.gradle": "jib {\n  to {\n    auth {\n      password = 'x\n"}, CHEAP, False),
}


@pytest.fixture
def gates(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """`state["closed"]`: every built-in check gets a gate that is False; `state["said"]`: what
    each NOTES said, by path."""
    state: dict[str, Any] = {"closed": False, "said": {}}
    builtin = checks.for_kind
    notes_of = extractors.notes_of

    def with_gates(kind: Any) -> checks.Checks:
        found = builtin(kind)
        if not state["closed"]:
            return found
        return checks.Checks(*(tuple(replace(c, gate=lambda file: False) for c in group)
                               for group in (found.file, found.follow_ups, found.project)))

    def recorded(kind: Any) -> Callable[[Any], bool] | None:
        notes = notes_of(kind)
        if notes is None:
            return None

        def recording(file: Any) -> bool:
            said = notes(file)
            state["said"][file.path] = said
            return said

        return recording

    monkeypatch.setattr(checks, "for_kind", with_gates)
    monkeypatch.setattr(extractors, "notes_of", recorded)
    engine._plan.cache_clear()
    yield state
    monkeypatch.undo()
    engine._plan.cache_clear()


def _spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[str]:
    """The calls of module.name from now on (the text's first 20 characters each)."""
    calls: list[str] = []
    real = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(str(args[0])[:20])
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


@pytest.mark.parametrize("name", sorted(CASES))
def test_notes_are_the_models(lint: Lint, gates: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
                              name: str) -> None:
    case = CASES[name]
    for path, text in case.files.items():
        lint.write(path, text)
    path, text = next(iter(case.files.items()))
    kind = classify(path, text[:4096])
    assert kind.value == case.kind
    if extractors.notes_of(kind) is None:
        pytest.skip(f"{case.kind}: no NOTES yet (its gates are not asked)")
    args = ("--format", "json", "--fail-on", "never", "--no-cache", ".")
    full = lint(*args)
    assert bool([n for n in full.json()["notifications"] if n["path"] == path]) == case.noted
    gates["closed"] = True
    engine._plan.cache_clear()
    composed = _spy(monkeypatch, yamlsrc, "compose")
    lexed = _spy(monkeypatch, jenkins, "tokenize")
    inert = lint(*args)
    assert inert.json()["notifications"] == full.json()["notifications"]
    assert inert.err == full.err
    said = gates["said"][path]
    if case.way != EITHER:
        assert said is (case.way == CHEAP)
    if case.light:  # proven from the text
        assert not composed and not lexed



# A file that does not parse, in each kind the engine may leave unmodelled.
_BROKEN = {
    ".github/workflows/ci.yml": "on: push\njobs:\n  a:\n   - 1\n  - 2\n",
    ".gitlab-ci.yml": "b:\n  script:\n   - 1\n  - 2\n",
    "k8s/pod.yaml": "apiVersion: v1\nkind: Pod\nspec:\n   - 1\n  - 2\n",
    "y/plain.yaml": "a: *nope\n",
    "Jenkinsfile": "pipeline { stages { stage('a') { steps { sh 'make' } }\n",
    "runner/config.toml": '[[runners]]\n  name = \n',
}


@pytest.mark.parametrize("select", [(), ("--select", "DCR051"), ("--select", "DCR001,DCR002"), ("--select", "DCR020")])
def test_a_file_that_does_not_parse_is_notified_whatever_the_selection(lint: Lint, select: tuple[str, ...]) -> None:
    """Bad input is notified, never silently skipped: a rule selection that runs no check
    reading a file's model still gives its parse notes (a file no gate holds gets them from
    its kind's NOTES), the same as the whole scan."""
    for path, text in _BROKEN.items():
        lint.write(path, text)
    whole = lint("--fail-on", "never", "-q", ".")
    run = lint("--fail-on", "never", "-q", *select, ".")
    notes = [ln for ln in run.err.splitlines() if ": warning: " in ln or ": error: " in ln]
    assert notes == [ln for ln in whole.err.splitlines() if ": warning: " in ln or ": error: " in ln]
    assert {ln.split(": ")[2].split(":")[0] for ln in notes} >= set(_BROKEN) - {"Jenkinsfile"}
