"""CI systems read from their table (`dcrlint/cisystems.py`): Azure Pipelines, CircleCI,
Bitbucket Pipelines, Drone, Buildkite, Travis CI, AWS CodeBuild. Each system has a file
written the way its documentation shows logins, variables and plugin inputs (every finding
asserted by rule, start and end), and a clean one using the system's secret store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import Where, scanned, write

from dcrlint.classify import FileKind, classify

FIXTURES = Path(__file__).parent / "fixtures" / "cisystems"

Found = list[Where]


EXPECTED: dict[str, Found] = {
    "azure-pipelines.yml": [
        ("DCR001", 17, 43, 17, 54),  # -p $(REG_PASS) in `script:`
        ("DCR001", 27, 56, 27, 69),  # -p $env:REG_PASS in PowerShell@2 inline script
        ("DCR002", 20, 21, 20, 33),  # literal echoed into --password-stdin in `bash:`
        ("DCR002", 30, 25, 30, 37),  # task input `password:`
        ("DCR010", 7, 13, 7, 25),  # variables list form `- name:` / `value:`
        ("DCR010", 15, 25, 15, 37),  # job variables, map form
        ("DCR010", 22, 26, 22, 38),  # step env
        ("DCR010", 33, 33, 33, 45),  # template parameter
        ("DCR011", 17, 43, 17, 54),  # the `$(REG_PASS)` macro is pasted into the script
    ],
    ".circleci/config.yml": [
        ("DCR001", 22, 37, 22, 46),  # run: string form
        ("DCR003", 27, 13, 27, 29),  # echo "$REG_PASS" in run.command
        ("DCR010", 10, 21, 10, 33),  # docker[].auth.password of an executor
        ("DCR010", 15, 23, 15, 35),  # job environment
        ("DCR010", 19, 18, 19, 30),  # parameter default
        ("DCR010", 34, 34, 34, 46),  # orb job parameter in a workflow
    ],
    "bitbucket-pipelines.yml": [
        ("DCR001", 15, 35, 15, 44),  # script of an anchored step, used twice: once
        ("DCR003", 20, 13, 20, 19),  # set -x in after-script beside a login
        ("DCR010", 4, 13, 4, 25),  # image password
        ("DCR010", 10, 24, 10, 36),  # a service's variables: a token it is given (its own password is no secret)
        ("DCR010", 18, 29, 18, 41),  # pipe variables
    ],
    ".drone.yml": [
        ("DCR001", 16, 31, 16, 40),
        ("DCR002", 23, 17, 23, 29),  # plugin settings password
        ("DCR003", 17, 9, 17, 34),  # cat ~/.docker/config.json
        ("DCR010", 6, 17, 6, 29),  # pipeline environment
        ("DCR010", 14, 20, 14, 32),  # step environment beside a from_secret
    ],
    ".buildkite/pipeline.yml": [
        ("DCR001", 6, 37, 6, 49),
        ("DCR001", 24, 52, 24, 66),  # commands of a step in a group
        ("DCR002", 6, 37, 6, 49),
        ("DCR002", 13, 21, 13, 33),  # docker-login plugin password
        ("DCR003", 23, 13, 23, 19),
        ("DCR010", 2, 22, 2, 34),  # pipeline env
        ("DCR010", 9, 21, 9, 33),  # step env
        ("DCR010", 17, 26, 17, 38),  # docker plugin environment "NAME=value"
    ],
    ".travis.yml": [
        ("DCR001", 10, 40, 10, 58),
        ("DCR002", 15, 13, 15, 25),  # deploy provider password
        ("DCR010", 5, 40, 5, 52),  # env.global "A=1 NAME=value"
        ("DCR010", 8, 30, 8, 42),  # env.jobs, quoted value
    ],
    "buildspec.yml": [
        ("DCR001", 12, 9, 12, 67),  # $(aws ecr get-login ...) runs `docker login -p TOKEN`
        ("DCR001", 13, 32, 13, 61),
        ("DCR003", 18, 9, 18, 23),  # echo in phases.build.finally
        ("DCR010", 6, 25, 6, 37),  # env.variables
    ],
}


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_bad_file_findings_at_exact_positions(lint: Any, tmp_path: Path, rel: str) -> None:
    write(tmp_path, rel, (FIXTURES / "bad" / rel).read_text())
    assert lint("--format", "json", rel).where() == EXPECTED[rel]


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_clean_file_using_the_secret_store(lint: Any, tmp_path: Path, rel: str) -> None:
    write(tmp_path, rel, (FIXTURES / "good" / rel).read_text())
    assert lint("--format", "json", rel).where() == []


KINDS = {
    "azure-pipelines.yml": FileKind.AZURE_PIPELINES,
    ".circleci/config.yml": FileKind.CIRCLECI,
    "bitbucket-pipelines.yml": FileKind.BITBUCKET_PIPELINES,
    ".drone.yml": FileKind.DRONE,
    ".buildkite/pipeline.yml": FileKind.BUILDKITE,
    ".travis.yml": FileKind.TRAVIS,
    "buildspec.yml": FileKind.CODEBUILD,
}


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_classified_by_content_under_another_name(rel: str) -> None:
    for variant in ("bad", "good"):
        head = (FIXTURES / variant / rel).read_text()[:4096]
        assert classify(rel, head) is KINDS[rel]
        assert classify("ci/templates/release.yml", head) is KINDS[rel], (variant, rel)


@pytest.mark.parametrize(("path", "kind"), [
    (".azure-pipelines/build.yml", FileKind.AZURE_PIPELINES),
    ("azure-pipelines-release.yaml", FileKind.AZURE_PIPELINES),
    ("buildspec-test.yml", FileKind.CODEBUILD),
    ("cloudbuild.yaml", FileKind.CLOUD_BUILD),
    ("deploy/cloudbuild-prod.yml", FileKind.CLOUD_BUILD),
    ("ci/app.cloudbuild.yaml", FileKind.CLOUD_BUILD),
    (".buildkite/pipeline.deploy.yml", FileKind.BUILDKITE),
    (".drone.yaml", FileKind.DRONE),
    ("Taskfile.yml", FileKind.TASKFILE),
    ("tools/taskfile.dist.yaml", FileKind.TASKFILE),
])
def test_classified_by_path(path: str, kind: FileKind) -> None:
    assert classify(path, "") is kind


@pytest.mark.parametrize("head", [
    "steps:\n  - name: a\n    value: b\n",  # a list of steps that is no CI system's
    "language: en\nfallback: de\n",  # `language:` alone is not Travis
    "version: 2\nupdates:\n  - package-ecosystem: pip\n",  # Dependabot
    "pipelines:\n  - name: x\n",
])
def test_other_yaml_is_not_taken_for_a_ci_system(head: str) -> None:
    assert classify("config/settings.yml", head) is FileKind.YAML


@pytest.mark.parametrize(("head", "kind"), [
    # a build config named for what it pushes: top-level keys all a build's, a step given its
    # builder's args / entrypoint / script / secretEnv (steps written at the margin too)
    ("steps:\n- name: gcr.io/cloud-builders/docker\n  entrypoint: bash\n  args: ['-c', 'make push']\n"
     "  secretEnv: [PW]\navailableSecrets:\n  secretManager: []\n", FileKind.CLOUD_BUILD),
    ("steps:\n  - name: ubuntu\n    script: make\nsubstitutions:\n  _TAG: v1\noptions:\n  logging: NONE\n",
     FileKind.CLOUD_BUILD),
    # near misses: a step naming an `image` (Woodpecker's, Tekton's), another top-level key, no builder key
    ("steps:\n  - name: build\n    image: golang\n    entrypoint: [sh]\n", FileKind.YAML),
    ("when:\n  branch: main\nsteps:\n  - name: ubuntu\n    args: [make]\n", FileKind.YAML),
    ("steps:\n  - name: a\n    value: b\n", FileKind.YAML),
])
def test_cloud_build_by_content(head: str, kind: FileKind) -> None:
    assert classify("ci/dockerhub.yaml", head) is kind


def test_taskfiles(lint: Any, tmp_path: Path) -> None:
    """Task (go-task) runs each command in a shell of its own: a task's `cmds` (a string, `cmd:`,
    `defer:`), a task given as one command, its `status` and `preconditions` tests, a dynamic
    variable's `sh:`; `env` and `vars` holding literal secrets are DCR010, `{{.NAME}}` a
    reference. An included Taskfile is known by its content; a call of another task (`task:`)
    and a precondition's message are no commands."""
    write(tmp_path, "Taskfile.yml", """\
version: '3'
includes:
  images: ./build/images.yml
vars:
  REGISTRY: r.example.test
  SIGNING_TOKEN: Zq8vN3kLp2Xw7RtY
  VERSION:
    sh: git describe --tags
tasks:
  login:
    cmds:
      - docker login -u ci -p "$REGISTRY_PASSWORD" {{.REGISTRY}}
      - cmd: echo "$REGISTRY_PASSWORD"
      - printf '%s' "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin {{.REGISTRY}}
      - task: push
  quick: docker login -u ci -p Wq3eR5tY7uI9 r.example.test
  push:
    env:
      DEPLOY_TOKEN: Hx7pQ2vLm9Kw
      REGISTRY_TOKEN: "{{.SIGNING_TOKEN}}"
    preconditions:
      - sh: test -n "$REGISTRY_PASSWORD"
        msg: echo "$REGISTRY_PASSWORD"
    cmds:
      - defer: echo "$REGISTRY_PASSWORD"
      - docker push {{.REGISTRY}}/app:{{.VERSION}}
""")
    write(tmp_path, "build/images.yml", """\
version: "3"
tasks:
  push:
    cmds: [docker login -u ci --password=$HARBOR_PASSWORD h.example.test]
""")
    assert classify("build/images.yml", (tmp_path / "build/images.yml").read_text()) is FileKind.TASKFILE
    assert sorted(lint("--format", "json", ".").where()) == [
        ("DCR001", 4, 42, 4, 58), ("DCR001", 12, 32, 12, 50), ("DCR001", 16, 32, 16, 44),
        ("DCR002", 16, 32, 16, 44), ("DCR003", 13, 14, 13, 39), ("DCR003", 25, 16, 25, 41),
        ("DCR010", 6, 18, 6, 34), ("DCR010", 19, 21, 19, 33)]


def test_anchored_value_reported_once(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, ".circleci/config.yml", """\
version: 2.1
defaults: &env
  DEPLOY_TOKEN: Hq7ZpT2mVx9c
jobs:
  a:
    docker: [{image: alpine}]
    environment: *env
    steps: [checkout]
  b:
    docker: [{image: alpine}]
    environment:
      <<: *env
    steps: [checkout]
""")
    assert lint("--format", "json", ".circleci/config.yml").where() == [("DCR010", 3, 17, 3, 29)]


def test_dialects_follow_the_step(tmp_path: Path) -> None:
    text = """\
steps:
- script: echo a
- pwsh: echo b
- task: AzureCLI@2
  inputs:
    scriptType: pscore
    inlineScript: echo c
- task: CmdLine@2
  inputs:
    script: echo d
"""
    f = scanned(text, ("azure-pipelines.yml", FileKind.AZURE_PIPELINES))
    assert [(c.text.text, c.dialect) for c in f.shell_contexts] == [
        ("echo a", "sh"), ("echo b", "pwsh"), ("echo c", "pwsh"), ("echo d", "sh")]


# Tekton and Argo Workflows are Kubernetes kinds: their steps and templates are containers
# of a pod spec for the Kubernetes rules, and their scripts are shell contexts.
K8S_EXPECTED: dict[str, Found] = {
    "tekton/push.yaml": [
        ("DCR001", 20, 32, 20, 50),  # in a step `script:` with a bash shebang
        ("DCR003", 25, 88, 25, 105),  # in `command: [sh, -c]` args
        ("DCR020", 41, 16, 41, 51),  # TaskRun: its account has no pull secret
        ("DCR023", 14, 18, 14, 30),  # step env literal
    ],
    "argo/workflow.yaml": [
        ("DCR001", 15, 34, 15, 43),  # script template `source:` run by `command: [sh]`
        ("DCR003", 23, 17, 23, 23),
        ("DCR021", 8, 13, 8, 32),  # spec.imagePullSecrets names no Secret
        ("DCR023", 18, 20, 18, 32),
    ],
}


@pytest.mark.parametrize("rel", sorted(K8S_EXPECTED))
def test_tekton_and_argo_findings(lint: Any, tmp_path: Path, rel: str) -> None:
    write(tmp_path, rel, (FIXTURES / "bad" / rel).read_text())
    assert lint("--format", "json", rel).where() == K8S_EXPECTED[rel]


def test_tekton_and_argo_clean(lint: Any, tmp_path: Path) -> None:
    """Pull secrets in a PipelineRun's `taskRunTemplate.podTemplate` and a CronWorkflow's
    `workflowSpec`; a python script is not shell; a ClusterWorkflowTemplate has no namespace."""
    for rel in K8S_EXPECTED:
        write(tmp_path, rel, (FIXTURES / "good" / rel).read_text())
    assert lint("--format", "json", ".").where() == []


def test_tekton_definition_alone_is_not_a_pod(lint: Any, tmp_path: Path) -> None:
    """A Task runs under the account of whichever TaskRun runs it: no DCR020 from the Task."""
    write(tmp_path, "task.yaml", """\
apiVersion: tekton.dev/v1
kind: Task
metadata: {name: build}
spec:
  steps:
    - name: build
      image: myreg.example.com/tools/builder:1.0
      script: make
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  imagePullSecrets: [{name: pull}]
  containers: [{name: c, image: myreg.example.com/tools/builder:1.0}]
""")
    assert lint("--format", "json", "task.yaml").where() == []  # the Pod makes the registry private: a pod there would be DCR020


def test_buildkite_steps_led_by_a_key_or_agents() -> None:
    head = "agents:\n  queue: linux\nsteps:\n  - key: build\n    commands: [make]\n"
    assert classify("ci/e2e/build.yaml", head) is FileKind.BUILDKITE


def test_circleci_orb_parameters(lint: Any, tmp_path: Path) -> None:
    """A steps-typed orb parameter holds `run` steps; an `env_var_name` parameter is given the
    NAME of a variable, not a secret; a literal for the same parameter is one."""
    write(tmp_path, ".circleci/config.yml", """\
version: 2.1
orbs:
  aws-ecr: circleci/aws-ecr@9.0
workflows:
  build:
    jobs:
      - aws-ecr/build_and_push_image:
          aws-secret-access-key: AWS_SECRET_ACCESS_KEY
          registry_login:
            - run: docker login -u ci -p ${DOCKERHUB_PASSWORD}
      - aws-ecr/build_and_push_image:
          aws-secret-access-key: wJalrXUtnFEMIbK7MDENGbPxRfiCYzQ4TRNZWKLV
""")
    assert lint("--format", "json", ".circleci/config.yml").where() == [("DCR001", 10, 42, 10, 63), ("DCR010", 12, 34, 12, 74)]


def test_bitbucket_pipe_image_credentials(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "bitbucket-pipelines.yml", """\
pipelines:
  default:
    - step:
        script:
          - pipe: registry.example.com/team/deploy:1.0
            username: ci
            password: Qm3vX8rT2kLp
            variables:
              TARGET: prod
""")
    assert lint("--format", "json", "bitbucket-pipelines.yml").where() == [("DCR010", 7, 23, 7, 35)]


def test_azure_template_by_its_typed_parameters() -> None:
    head = """\
parameters:
  - name: registryPassword
    type: string
    default: ''
variables:
  REGISTRY: myreg.azurecr.io
"""
    assert classify("ci/templates/vars.yml", head) is FileKind.AZURE_PIPELINES


def test_tekton_substitutions_are_not_literals(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "task.yaml", """\
apiVersion: tekton.dev/v1
kind: Task
metadata: {name: t}
spec:
  params: [{name: password, type: string}]
  steps:
    - name: s
      image: alpine
      env:
        - name: REGISTRY_PASSWORD
          value: $(params.password)
        - name: AUTH_TOKEN_DIRECTORY
          value: $(workspaces.basic-auth.path)
        - name: API_TOKEN
          value: $(params["api-token"])
        - name: DEPLOY_TOKEN
          value: Zq8vR2mPx7Tk
""")
    assert lint("--format", "json", "task.yaml").where() == [("DCR023", 17, 18, 17, 30)]


# DCR014: a login on a runner that keeps state (self-hosted agent pools, shell runners, exec
# pipelines, self-hosted machine runners) with no logout in a script of the job that always runs.
PERSISTED = {
    "azure-pipelines.yml": ("""\
jobs:
  - job: selfhosted
    pool: build-agents
    steps:
      - script: echo "$P" | docker login -u ci --password-stdin r.example.com
  - job: cleaned
    pool: {name: build-agents}
    steps:
      - script: echo "$P" | docker login -u ci --password-stdin r.example.com
      - script: docker logout r.example.com
        condition: always()
  - job: hosted
    pool: {vmImage: ubuntu-latest}
    steps:
      - script: echo "$P" | docker login -u ci --password-stdin r.example.com
""", [("DCR014", 5, 29, 5, 41)]),
    ".drone.yml": ("""\
kind: pipeline
type: exec
name: on-host
steps:
  - name: push
    commands:
      - echo "$P" | podman login -u ci --password-stdin r.example.com
  - name: cleanup
    commands: [podman logout r.example.com]
    when: {status: [success, failure]}
---
kind: pipeline
type: exec
name: left
steps:
  - name: push
    commands:
      - echo "$P" | docker login -u ci --password-stdin r.example.com
  - name: logout-on-success-only
    commands: [docker logout r.example.com]
---
kind: pipeline
type: docker
name: container
steps:
  - name: push
    image: docker
    commands:
      - echo "$P" | docker login -u ci --password-stdin r.example.com
""", [("DCR014", 18, 21, 18, 33)]),
    "bitbucket-pipelines.yml": ("""\
pipelines:
  default:
    - step:
        runs-on: [self.hosted, linux.shell]
        script:
          - echo "$P" | docker login -u ci --password-stdin r.example.com
    - step:
        runs-on: [self.hosted, linux.shell]
        script:
          - echo "$P" | docker login -u ci --password-stdin r.example.com
        after-script:
          - docker logout r.example.com
    - step:
        runs-on: [self.hosted, linux]
        script:
          - echo "$P" | docker login -u ci --password-stdin r.example.com
""", [("DCR014", 6, 25, 6, 37)]),
    ".circleci/config.yml": ("""\
version: 2.1
jobs:
  on-runner:
    machine: true
    resource_class: my-org/linux-runner
    steps:
      - run: echo "$P" | docker login -u ci --password-stdin r.example.com
  cloud:
    machine: {image: ubuntu-2204:current}
    resource_class: large
    steps:
      - run: echo "$P" | docker login -u ci --password-stdin r.example.com
""", [("DCR014", 7, 26, 7, 38)]),
}


@pytest.mark.parametrize("rel", sorted(PERSISTED))
def test_persisted_login_on_runners_that_keep_state(lint: Any, tmp_path: Path, rel: str) -> None:
    text, expected = PERSISTED[rel]
    write(tmp_path, rel, text)
    assert lint("--format", "json", "--select", "DCR014", rel).where() == expected


def test_azure_script_on_windows_agents_is_cmd() -> None:
    text = """\
jobs:
- job: win
  pool: {vmImage: windows-latest}
  steps:
  - script: echo a
  - task: CmdLine@2
    inputs: {script: echo b}
  - bash: echo c
- job: linux
  pool: {vmImage: ubuntu-latest}
  steps:
  - script: echo d
"""
    f = scanned(text, ("azure-pipelines.yml", FileKind.AZURE_PIPELINES))
    assert [(c.text.text, c.dialect) for c in f.shell_contexts] == [
        ("echo a", "cmd"), ("echo b", "cmd"), ("echo c", "sh"), ("echo d", "sh")]


def test_azure_job_condition_is_not_an_always_step(lint: Any, tmp_path: Path) -> None:
    """`condition: always()` on the job runs the job, not each step after a failure."""
    write(tmp_path, "azure-pipelines.yml", """\
jobs:
  - job: push
    pool: build-agents
    condition: always()
    steps:
      - script: echo "$P" | docker login -u ci --password-stdin r.example.com
      - script: docker logout r.example.com
""")
    data = lint("--format", "json", "--select", "DCR014", "azure-pipelines.yml").json()
    assert [f["start"]["line"] for f in data["findings"]] == [6]


def test_pipelinerun_with_per_task_accounts_is_left_to_them(lint: Any, tmp_path: Path) -> None:
    run = """\
apiVersion: tekton.dev/v1
kind: PipelineRun
metadata: {name: release}
spec:
  {extra}
  pipelineSpec:
    tasks:
      - name: build
        taskSpec:
          steps:
            - name: build
              image: myreg.example.com/tools/builder:1.0
              script: make
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  imagePullSecrets: [{name: pull}]
  containers: [{name: c, image: myreg.example.com/tools/builder:1.0}]
"""
    write(tmp_path, "run.yaml", run.replace("{extra}", "timeouts: {pipeline: 1h}"))
    assert [f[0] for f in lint("--format", "json", "run.yaml").where()] == ["DCR020"]
    write(tmp_path, "run.yaml", run.replace("{extra}", "taskRunSpecs: [{pipelineTaskName: build, serviceAccountName: builder}]"))
    assert lint("--format", "json", "run.yaml").where() == []


# DCR050 and DCR051 read every value of every file: one file per system with a URL holding a
# password in a script and a key of a known format in a variable whose name is not secret-like.
_URL = "curl -fsS https://ci:Pz6wR3kT9mX2vB8q@artifacts.example.com/x"
_KEY = "AKIAZ3MHQ4XKJ7PLN2TB"
GENERIC = {
    "azure-pipelines.yml": f"variables:\n  AWS_ACCESS_KEY_ID: {_KEY}\nsteps:\n  - script: {_URL}\n",
    ".circleci/config.yml": f"version: 2.1\njobs:\n  a:\n    docker: [{{image: alpine}}]\n"
                            f"    environment:\n      AWS_ACCESS_KEY_ID: {_KEY}\n    steps:\n      - run: {_URL}\n",
    "bitbucket-pipelines.yml": f"pipelines:\n  default:\n    - step:\n        script:\n          - {_URL}\n"
                               f"          - pipe: atlassian/x:1\n            variables:\n"
                               f"              AWS_ACCESS_KEY_ID: {_KEY}\n",
    ".drone.yml": f"kind: pipeline\ntype: docker\nsteps:\n  - name: a\n    environment:\n"
                  f"      AWS_ACCESS_KEY_ID: {_KEY}\n    commands:\n      - {_URL}\n",
    ".buildkite/pipeline.yml": f"env:\n  AWS_ACCESS_KEY_ID: {_KEY}\nsteps:\n  - command: {_URL}\n",
    ".travis.yml": f"language: go\nenv:\n  global:\n    - AWS_ACCESS_KEY_ID={_KEY}\nscript:\n  - {_URL}\n",
    "buildspec.yml": f"version: 0.2\nenv:\n  variables:\n    AWS_ACCESS_KEY_ID: {_KEY}\n"
                     f"phases:\n  build:\n    commands:\n      - {_URL}\n",
}


@pytest.mark.parametrize("rel", sorted(GENERIC))
def test_generic_rules_in_every_system(lint: Any, tmp_path: Path, rel: str) -> None:
    text = GENERIC[rel]
    write(tmp_path, rel, text)
    found = lint("--format", "json", rel).where()
    lines = text.split("\n")
    url_line = next(i for i, t in enumerate(lines, 1) if "curl" in t)
    key_line = next(i for i, t in enumerate(lines, 1) if _KEY in t)
    pw_col = lines[url_line - 1].index("Pz6w") + 1
    key_col = lines[key_line - 1].index(_KEY) + 1
    assert found == sorted([("DCR050", url_line, pw_col, url_line, pw_col + 16),
                            ("DCR051", key_line, key_col, key_line, key_col + len(_KEY))])


def test_literal_secret_parameters_of_tekton_and_argo(lint: Any, tmp_path: Path) -> None:
    """A secret-named parameter's literal default or value is DCR023 as an env literal is;
    substitutions, non-secret names and Argo outputs are not."""
    write(tmp_path, "pipeline.yaml", """\
apiVersion: tekton.dev/v1
kind: Task
metadata: {name: push}
spec:
  params:
    - name: registry-password
      type: string
      default: "s3cr3tValue9"
    - name: image
      default: reg.example.com/app
    - name: api-token
      default: $(params.other)
  steps:
    - {name: s, image: alpine, script: echo hi}
---
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  arguments:
    parameters:
      - name: docker-password
        value: Pa55wordLiteral
      - name: token
        value: "{{workflow.parameters.x}}"
  templates:
    - name: main
      inputs:
        parameters:
          - name: registry_token
            default: Xq7literalTok
      outputs:
        parameters:
          - name: password
            value: OutputLiteral9
      container: {image: alpine, command: [sh, -c, "echo {{inputs.parameters.registry_token}}"]}
""")
    assert lint("--format", "json", "pipeline.yaml").where() == [
        ("DCR023", 8, 17, 8, 29),  # Tekton `default:` (inside quotes)
        ("DCR023", 24, 16, 24, 31),  # Argo `arguments.parameters[].value`
        ("DCR023", 32, 22, 32, 35),  # Argo `inputs.parameters[].default`
    ]


def test_parameters_naming_a_secret_are_not_literals(lint: Any, tmp_path: Path) -> None:
    """A parameter that names a Secret or a key in one (by its name, or as its description
    says) holds no secret; values passed to a Tekton task are checked at its declaration."""
    write(tmp_path, "task.yaml", """\
apiVersion: tekton.dev/v1
kind: Task
metadata: {name: release}
spec:
  params:
    - name: GITHUB_TOKEN_SECRET
      default: release-bot
    - name: ssh-password-key
      default: id_rsa
    - name: api_token
      description: Name of the secret holding the API token.
      default: api-token-holder
  steps:
    - {name: s, image: alpine, script: echo hi}
---
apiVersion: tekton.dev/v1
kind: TaskRun
metadata: {name: release-run}
spec:
  taskRef: {name: release}
  params:
    - name: api_token
      value: holder9
""")
    assert lint("--format", "json", "task.yaml").where() == []


def test_secrets_pasted_into_azure_and_circleci_scripts(lint: Any, tmp_path: Path) -> None:
    """DCR011: Azure macros and template expressions, CircleCI parameters, of secret-named
    variables and parameters; environment references, other names, `env:` values and the
    shell's `$(pwd)` (a command substitution Azure leaves as written) are fine."""
    write(tmp_path, "azure-pipelines.yml", """\
pool: {vmImage: ubuntu-latest}
parameters:
  - name: registryPassword
    type: string
steps:
  - script: docker login -u ci --password-stdin myreg.azurecr.io <<< $(REG_PASS)
  - bash: |
      echo "${{ variables.DEPLOY_TOKEN }}" | docker login r.example.com -u ci --password-stdin
      echo $(Build.BuildId) $(imageTag) $((1+2)) "$REG_PASS"
      helm repo add r https://r.example.com --password-stdin <<< ${{ parameters['registryPassword'] }}
      tar czf $(pwd)/out.tgz dist
    env:
      REG_PASS: $(REG_PASS)
""")
    write(tmp_path, ".circleci/config.yml", """\
version: 2.1
parameters:
  deploy-token: {type: string, default: ""}
jobs:
  push:
    parameters:
      registry_password: {type: string}
      tag: {type: string}
    docker: [{image: cimg/base:current}]
    steps:
      - run: echo "<< parameters.registry_password >>" | docker login r.example.com -u ci --password-stdin
      - run:
          command: |
            docker push r.example.com/app:<< parameters.tag >>
            curl -H "Authorization: << pipeline.parameters.deploy-token >>" https://x.example.com
            echo "$REGISTRY_PASSWORD" | docker login r.example.com -u ci --password-stdin
""")
    found = [f for f in lint("--format", "json", ".").where() if f[0] == "DCR011"]
    assert found == [("DCR011", 6, 70, 6, 81), ("DCR011", 8, 13, 8, 42), ("DCR011", 10, 66, 10, 103),
                     ("DCR011", 11, 20, 11, 54), ("DCR011", 15, 37, 15, 75)]


def test_circleci_escaped_angle_brackets_reach_the_shell_as_written(lint: Any, tmp_path: Path) -> None:
    """CircleCI's `\\<<` is a literal `<<`: `cat \\<<EOF` writes a here-document (its lines are
    no commands) and `\\<< parameters.x >>` pastes nothing; an unescaped parameter still does."""
    write(tmp_path, ".circleci/config.yml", """\
version: 2.1
parameters:
  vault-token: {type: string, default: ""}
jobs:
  notes:
    docker: [{image: cimg/base:current}]
    steps:
      - run: |
          cat \\<<NOTE > deploy-notes.md
          echo "$HARBOR_PASSWORD"
          docker login -p "$HARBOR_PASSWORD" h.example.test
          NOTE
          echo 'write \\<< pipeline.parameters.vault-token >> in the template'
      - run: echo "<< pipeline.parameters.vault-token >>" > .vault-token
      - run: echo "$HARBOR_PASSWORD"
""")
    assert lint("--format", "json", ".").where() == [("DCR003", 15, 14, 15, 37), ("DCR011", 14, 20, 14, 57)]


@pytest.mark.parametrize(("step", "found"), [
    ("entrypoint: bash\n    args: ['-c', 'docker login -u ci -p Hx7pQ2vLm9Kw r.example.com']", True),
    ("entrypoint: /bin/sh\n    args: ['-euc', 'docker login -u ci -p Hx7pQ2vLm9Kw r.example.com']", True),
    # the image's own program is given these arguments: no shell reads them
    ("args: ['-c', 'docker login -u ci -p Hx7pQ2vLm9Kw r.example.com']", False),
    ("entrypoint: gcloud\n    args: ['-c', 'docker login -u ci -p Hx7pQ2vLm9Kw r.example.com']", False),
    ("entrypoint: bash\n    args: ['build.sh', 'docker login -u ci -p Hx7pQ2vLm9Kw r.example.com']", False),
    ("entrypoint: bash\n    args: ['--norc', 'docker login -u ci -p Hx7pQ2vLm9Kw r.example.com']", False),
])
def test_cloud_build_args_are_a_script_only_after_a_shells_c(lint: Any, step: str, found: bool) -> None:
    """Cloud Build runs a step's image with `args`; they are a script when a shell `entrypoint`
    is given `-c` (any short flags with it) first."""
    text = f"steps:\n  - name: gcr.io/cloud-builders/docker\n    {step}\n"
    run = lint.scan("cloudbuild.yaml", text, "--fail-on", "never", "--select", "DCR002")
    assert [r for r, *_ in run.where()] == (["DCR002"] if found else [])


CLOUD_BUILD_SHELL_ARGS = """\
steps:
  - name: ubuntu
    args: [bash, -c, 'docker login -u ci -p Hx7pQ2vLm9Kw r.example.com']
  - name: alpine
    args:
      - /bin/sh
      - -ec
      - |
        echo "$$REGISTRY_PASSWORD"
        docker login -u ci -p "$$REGISTRY_PASSWORD" r.example.com
  - name: ubuntu
    entrypoint: bash
    args: [bash, -c, 'docker login -u ci -p Hx7pQ2vLm9Kw r.example.com']
  - name: ubuntu
    args: [bash, build.sh, 'docker login -u ci -p Hx7pQ2vLm9Kw r.example.com']
  - name: ubuntu
    args: [python3, -c, 'docker login -u ci -p Hx7pQ2vLm9Kw r.example.com']
  - name: ubuntu
    args: [bash, --norc, 'docker login -u ci -p Hx7pQ2vLm9Kw r.example.com']
"""


def test_cloud_build_args_led_by_a_shell_and_its_c_are_a_script(lint: Any) -> None:
    """A step with no `entrypoint` whose `args` begin with a shell and its `-c` runs the third
    as a script in the image (as `entrypoint: bash` + `args: [-c, SCRIPT]`). Silent: a shell
    `entrypoint` given the shell's name as its first argument (a script file named `bash`), a
    script file, another interpreter's `-c`, a long option."""
    run = lint.scan("cloudbuild.yaml", CLOUD_BUILD_SHELL_ARGS, "--fail-on", "never")
    assert sorted(run.where()) == [("DCR001", 3, 45, 3, 57), ("DCR001", 10, 32, 10, 51), ("DCR002", 3, 45, 3, 57),
                                   ("DCR003", 9, 9, 9, 35)]


WOODPECKER_SHIP = """\
when:
  - event: push
steps:
  - name: ship
    image: example/ssh-runner:1
    settings:
      host:
        from_secret: ship_host
      key:
        from_secret: ship_key
      password: Hq8-wErt5Yu2
  - name: login
    image: docker:27
    commands:
      - docker login -u ci -p "$REG_PASS" r.example.test
"""


def test_woodpecker_pipeline_named_like_a_compose_file(lint: Any, tmp_path: Path) -> None:
    """A name proposes Compose (`docker-compose-ship.yaml`); top-level keys Compose refuses
    (`when:`, `steps:`) say it is something else, read by content: a Woodpecker pipeline
    (`from_secret:` names a stored secret, no literal). A Compose file of such a name stays one."""
    write(tmp_path, "deploy/docker-compose-ship.yaml", WOODPECKER_SHIP)
    write(tmp_path, "docker-compose.prod.yml", "services:\n  api:\n    image: example/api:1\n"
                    "    environment:\n      API_TOKEN: Vb6nM2xQ9zLw\nx-defaults: &d\n  restart: always\n")
    assert classify("deploy/docker-compose-ship.yaml", WOODPECKER_SHIP) is FileKind.DRONE
    assert sorted(lint("--format", "json", ".").where()) == [
        ("DCR001", 15, 32, 15, 41),  # the pipeline's docker login -p
        ("DCR002", 11, 17, 11, 29),  # its plugin's literal password
        ("DCR023", 5, 18, 5, 30),  # the Compose file's literal token
    ]


@pytest.mark.parametrize("head", [
    "steps:\n  - name: unit\n    image: golang:1.22\n    commands: [go test ./...]\n",  # no Woodpecker key beside
    "when:\n  branch: main\nsteps:\n  - name: a\n    run: make\n",  # no image
])
def test_yaml_with_steps_is_not_taken_for_woodpecker(head: str) -> None:
    assert classify("ci/jobs.yml", head) is not FileKind.DRONE
