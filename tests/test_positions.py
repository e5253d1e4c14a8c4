"""Where each rule's findings start and end (the "location" column of the rule catalog), in
the contexts its metadata names: shell, YAML block, folded and quoted scalars with escapes,
Groovy strings, Makefile recipes, Dockerfile RUN continuations, docker config.json, Kubernetes
manifests, CI systems and infrastructure files.

A case is a file with «» around each span where the rule must report (the markers are
removed before the scan): the rule's findings in that file must be exactly those spans, start
line and column and end line and column. Findings of other rules are not compared here."""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import Lint, git

from dcrlint.rulesmeta import builtin_rules
from dcrlint.source import MappedTextBuilder, Span

RULES = builtin_rules()
WF = ".github/workflows/ci.yml"
NOW = ("--now", "2026-06-01")
LOGIN = 'printf %s "$REG_PASSWORD" | docker login -u ci --password-stdin r.example.com'
TOKEN = "ghp_Dcr4q8Zt3v9LkP2mW7xR4nB6yH1cF5gJ0sDaQw"  # shaped like a GitHub token, not one
AWS_SECRET = "Qm7vT2xK9pLw4RzN8cY1/hB5dF3jG6s+aE0uWnHo"  # shaped like an AWS secret access key


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _jwt(claims: dict[str, object]) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.Qm9n5vK2xP8wL3rT7yZ1aB4cD6eF0gH2jK4mN6pR8sU"


EXPIRED = _jwt({"sub": "ci", "exp": 1609459200})  # 2021-01-01
ISSUED_2020 = _jwt({"sub": "ci", "iat": 1577836800})
AUTH = _b64("ci:Wm5-quartz-81-Zt")
DOCKERCONFIGJSON = _b64(json.dumps({"auths": {"r.example.com": {"auth": AUTH}}}))
PRIVATE_R = {".dcrlint.yaml": "registries:\n  private: ['^r\\.example\\.com/']\n"}


def _workflow(steps: str) -> str:
    return f"on: push\njobs:\n  push:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"


def _in_scripts(rule: str, value: str, args: tuple[str, ...] = ()) -> list[Case]:
    """`value` marked in a command of each YAML CI system's script, and in a kustomize literal."""
    curl = f"curl -H 'X-Key: «{value}»' https://api.example.com"
    where = [
        ("azure-pipelines", "azure-pipelines.yml", f"steps:\n  - script: |\n      {curl}\n"),
        ("circleci", ".circleci/config.yml", "version: 2.1\njobs:\n  a:\n    docker: [{image: cimg/base:current}]\n"
                                             f"    steps:\n      - run: {curl}\n"),
        ("bitbucket-pipelines", "bitbucket-pipelines.yml",
         f"pipelines:\n  default:\n    - step:\n        script:\n          - {curl}\n"),
        ("drone", ".drone.yml", "kind: pipeline\ntype: docker\nname: a\nsteps:\n  - name: a\n    image: alpine\n"
                                f"    commands:\n      - {curl}\n"),
        ("buildkite", ".buildkite/pipeline.yml", f"steps:\n  - command: {curl}\n"),
        ("travis", ".travis.yml", f"script:\n  - {curl}\n"),
        ("codebuild", "buildspec.yml", f"version: 0.2\nphases:\n  build:\n    commands:\n      - {curl}\n"),
        ("cloud-build", "cloudbuild.yaml", f"steps:\n  - name: ubuntu\n    script: |\n      {curl}\n"),
        ("kustomize", "kustomization.yaml", f"configMapGenerator:\n  - name: settings\n    literals:\n      - API_JWT=«{value}»\n"),
    ]
    return [Case(rule, context, "in a script", path, text, {}, args) for context, path, text in where]


def _committed(context: str, path: str, text: str) -> Case:
    """DCR040 from git history: a literal committed in 2023, scanned in 2026 with --select DCR040 (a
    selected presence rule would carry the age in its own finding)."""
    return Case("DCR040", context, "committed literal", path, text, {}, ("--select", "DCR040", *NOW), committed=True)


@dataclass(frozen=True)
class Case:
    rule: str
    context: str  # one of the rule's metadata `contexts`
    how: str
    path: str
    text: str  # with «» around each expected span
    files: Mapping[str, str] = field(default_factory=dict)  # other files of the scan
    args: tuple[str, ...] = ()
    committed: bool = False  # in a git work tree, committed on 2023-01-01 (credential age)

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.context}-{self.how}"


def unmark(marked: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """The text without its «» markers, and the (start line, start column, end line, end
    column) of each marked span, 1-based, the end just past the span."""
    text: list[str] = []
    line, column = 1, 1
    opened: list[tuple[int, int]] = []
    spans = []
    for ch in marked:
        if ch == "«":
            opened.append((line, column))
        elif ch == "»":
            spans.append((*opened.pop(), line, column))
        else:
            text.append(ch)
            line, column = (line + 1, 1) if ch == "\n" else (line, column + 1)
    assert not opened, "unbalanced «"
    return "".join(text), sorted(spans)


def test_unmark() -> None:
    assert unmark("a «bc»\n«d\ne»f") == ("a bc\nd\nef", [(1, 3, 1, 5), (2, 1, 3, 2)])


def test_a_span_ending_with_an_escape_covers_all_of_it() -> None:
    """`MappedText` maps a decoded escape to where it starts; a span that ends with one ends
    where the escape ends, also through a slice or a copy (the shell inside a Groovy string)."""
    source = 'x = "ab\\u0063" + d'
    b = MappedTextBuilder()
    b.add("ab", 5)
    b.add_decoded("c", 7, 13)
    mt = b.build(13)
    assert mt.text == "abc" and source[5:13] == "ab\\u0063"
    assert mt.span(0, 3) == Span(5, 13) and mt.span(0, 2) == Span(5, 7) and mt.span(2, 3) == Span(7, 13)
    assert mt.slice(1, 3).span(0, 2) == Span(6, 13)
    copied = MappedTextBuilder()
    copied.add_decoded("'", 0)
    copied.copy(mt, 0, 3)
    assert copied.build(14).span(1, 4) == Span(5, 13)


CASES = [
    # --- DCR001: the password argument (inside its quotes) -----------------------------------
    Case("DCR001", "terraform", "user_data <<- heredoc, base64encode, an interpolation", "main.tf",
         'resource "aws_launch_template" "lt" {\n  user_data = base64encode(<<-EOF\n    #!/bin/bash\n'
         '    echo "$${HOME}"\n    docker login -u ci -p «${var.registry_password}» r.example.com\n    EOF\n  )\n}\n'),
    Case("DCR001", "shell", "options, sudo, env, bash -c", "login.sh",
         'docker login -u ci -p «$REG_PASS» r.example.com\n'
         'podman login --password="«$REG_PASS»" r.example.com\n'
         "sudo env A=b docker login -u ci -p«$P» r.example.com\n"
         "bash -c 'nerdctl login -u ci --password \"«$P»\" r.example.com'\n"),
    Case("DCR001", "github-actions", "run: | with a continuation", WF, _workflow(
         "      - run: |\n          echo start\n          docker login -u ci \\\n            -p «$REG_PASS» r.example.com\n")),
    Case("DCR001", "github-actions", "run: > folded", WF, _workflow(
         "      - run: >\n          docker login -u ci\n          -p «$REG_PASS»\n          r.example.com\n")),
    Case("DCR001", "github-actions", "double-quoted with escapes", WF, _workflow(
         '      - run: "echo \\"hi\\"\\tthere; docker login -u ci -p «$REG_PASS» r.example.com"\n')),
    Case("DCR001", "github-actions", "single-quoted with ''", WF, _workflow(
         "      - run: 'echo ''hi''; docker login -u ci -p «$REG_PASS» r.example.com'\n")),
    Case("DCR001", "gitlab-ci", "script: - | and - >-", ".gitlab-ci.yml",
         "push:\n  script:\n    - echo start\n    - |\n      docker login -u ci \\\n"
         '        --password "«$CI_REGISTRY_PASSWORD»" $CI_REGISTRY\n'
         "    - >-\n      docker login -u ci\n      -p «$P» r.example.com\n"),
    Case("DCR001", "jenkins", "sh in each Groovy string", "Jenkinsfile",
         "node {\n  sh 'docker login -u ci -p «$P» r.example.com'\n"
         '  sh "docker login -u ci -p «\\$P» r.example.com"\n'
         "  sh '''\n    docker login -u ci \\\\\n      -p «$P» r.example.com\n  '''\n"
         '  sh """\n    docker login -u ci -p «\\${P}» r.example.com\n  """\n}\n'),
    Case("DCR001", "shell", "tabs and characters beyond ASCII before it", "login.sh",
         "echo '\u00e9\t\u65e5\u672c'; docker login -u ci -p «$P» r.example.com\n"),
    Case("DCR001", "jenkins", "bat and powershell steps", "Jenkinsfile",
         "node {\n  bat 'docker login -u ci -p «%REG_PASS%» r.example.com'\n  powershell '''\n"
         "    docker login -u ci -p «$env:REG_PASS» r.example.com\n  '''\n}\n"),
    Case("DCR001", "gitlab-ci", "anchor, alias and !reference: where it is written", ".gitlab-ci.yml",
         ".login: &login\n  - docker login -u ci -p «$REG_PASS» r.example.com\n.base:\n  script:\n"
         "    - docker login -u ci --password «$OTHER» r.example.com\njob1:\n  script: *login\njob2:\n  script:\n"
         "    - !reference [.base, script]\n"),
    Case("DCR001", "github-actions", "composite action.yml", "action.yml",
         "name: x\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: |\n"
         "        docker login -u ci -p «${{ inputs.password }}» r.example.com\n"),
    Case("DCR001", "github-actions", "CRLF line ends", WF, _workflow(
         "      - run: |\n          docker login -u ci -p «$P» r.example.com\n").replace("\n", "\r\n")),
    Case("DCR001", "makefile", "recipe lines, $$ and a continuation", "Makefile",
         "push:\n\tdocker login -u ci -p «$$REG_PASS» r.example.com\n"
         "\t@docker login -u ci \\\n\t  -p «$(REG_PASS)» r.example.com\n"),
    Case("DCR001", "dockerfile", "RUN with continuations", "Dockerfile",
         "FROM alpine:3.20\nRUN apk add docker && \\\n    docker login -u ci \\\n      -p «$REG_PASS» r.example.com\n"),
    Case("DCR001", "kubernetes", "container args block scalar", "job.yaml",
         "apiVersion: batch/v1\nkind: Job\nmetadata: {name: push}\nspec:\n  template:\n    spec:\n"
         "      containers:\n        - name: push\n          image: docker:27\n          command: [sh, -c]\n"
         '          args:\n            - |\n              docker login -u ci -p "«$REG_PASS»" r.example.com\n'),
    Case("DCR001", "ansible", "shell module", "playbook.yml",
         '- hosts: all\n  tasks:\n    - name: login\n      ansible.builtin.shell: docker login -u ci -p "«$REG_PASS»" r.example.com\n'),
    Case("DCR001", "azure-pipelines", "script: |", "azure-pipelines.yml",
         "steps:\n  - script: |\n      docker login -u ci -p «$(REG_PASS)» r.example.com\n"),
    Case("DCR001", "circleci", "run:", ".circleci/config.yml",
         "version: 2.1\njobs:\n  push:\n    docker: [{image: cimg/base:current}]\n    steps:\n"
         "      - run: docker login -u ci -p «$REG_PASS» r.example.com\n"),
    Case("DCR001", "bitbucket-pipelines", "script:", "bitbucket-pipelines.yml",
         "pipelines:\n  default:\n    - step:\n        script:\n          - docker login -u ci -p «$REG_PASS» r.example.com\n"),
    Case("DCR001", "drone", "commands:", ".drone.yml",
         "kind: pipeline\ntype: docker\nname: push\nsteps:\n  - name: push\n    image: docker\n"
         "    commands:\n      - docker login -u ci -p «$REG_PASS» r.example.com\n"),
    Case("DCR001", "buildkite", "command: with $$", ".buildkite/pipeline.yml",
         "steps:\n  - command: docker login -u ci -p «$$REG_PASS» r.example.com\n"),
    Case("DCR001", "travis", "script:", ".travis.yml",
         "script:\n  - docker login -u ci -p «$REG_PASS» r.example.com\n"),
    Case("DCR001", "codebuild", "commands:", "buildspec.yml",
         "version: 0.2\nphases:\n  build:\n    commands:\n      - docker login -u ci -p «$REG_PASS» r.example.com\n"),
    Case("DCR001", "cloud-build", "args: [-c, SCRIPT] of a bash entrypoint, $$ escaped", "cloudbuild.yaml",
         "steps:\n  - name: gcr.io/cloud-builders/docker\n    entrypoint: bash\n"
         "    args: ['-c', 'docker login -u ci -p «$$REG_PASS» r.example.com']\n    secretEnv: [REG_PASS]\n"),
    # --- DCR002: the literal ------------------------------------------------------------------
    Case("DCR002", "shell", "argument, echo, here-string, quoted", "login.sh",
         "docker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\n"
         "echo '«Kd8-plover-21»' | docker login -u ci --password-stdin r.example.com\n"
         "docker login -u ci --password-stdin r.example.com <<< «Zt4-marsh-77»\n"
         'podman login --password="«Rb3-quill-55»" r.example.com\n'),
    Case("DCR002", "shell", "ANSI-C string ending with an escape", "login.sh",
         "docker login -u ci -p $'«Hx7pQ2vLm9K\\x77»' r.example.com\n"),
    Case("DCR002", "github-actions", "login-action, escape inside", WF, _workflow(
         "      - uses: docker/login-action@v3\n        with:\n          registry: r.example.com\n"
         '          username: ci\n          password: "«Hx7pQ2\\u0076Lm9Kw»"\n')),
    Case("DCR002", "github-actions", "login-action, escape at the end", WF, _workflow(
         "      - uses: docker/login-action@v3\n        with:\n          registry: r.example.com\n"
         '          password: "«Hx7pQ2vLm9K\\x77»"\n')),
    Case("DCR002", "github-actions", "login-action, '' at the end", WF, _workflow(
         "      - uses: docker/login-action@v3\n        with:\n          registry: r.example.com\n"
         "          password: '«Hx7pQ2vLm9K''»'\n")),
    Case("DCR002", "github-actions", "login-action, block scalar", WF, _workflow(
         "      - uses: docker/login-action@v3\n        with:\n          registry: r.example.com\n"
         "          password: |\n            «Hx7pQ2vLm9Kw»\n")),
    Case("DCR002", "github-actions", "run: |", WF, _workflow(
         "      - run: |\n          echo «Hx7pQ2vLm9Kw» | docker login -u ci --password-stdin r.example.com\n")),
    Case("DCR002", "gitlab-ci", "single-quoted item with ''", ".gitlab-ci.yml",
         "push:\n  script:\n    - 'docker login -u ci -p ''«Hx7pQ2vLm9Kw»'' r.example.com'\n"),
    Case("DCR002", "jenkins", "''' string and withRegistry URL", "Jenkinsfile",
         "node {\n  sh '''\n    docker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\n  '''\n"
         "  docker.withRegistry('https://ci:«Kd8plover21»@r.example.com') {\n  }\n}\n"),
    Case("DCR002", "jenkins", "Groovy escape at the end", "Jenkinsfile",
         "node {\n  sh 'docker login -u ci -p «Hx7pQ2vLm9K\\u0077» r.example.com'\n}\n"),
    Case("DCR002", "dockerfile", "exec form with a JSON escape at the end", "Dockerfile",
         'FROM alpine\nRUN ["docker", "login", "-u", "ci", "-p", "«Hx7pQ2vLm9K\\u0077»", "r.example.com"]\n'),
    Case("DCR002", "kubernetes", "command list item with an escape at the end", "pod.yaml",
         "apiVersion: v1\nkind: Pod\nmetadata: {name: push}\nspec:\n  containers:\n    - name: push\n"
         '      image: docker:27\n      command: [docker, login, -u, ci, -p, "«Hx7pQ2vLm9K\\x77»", r.example.com]\n'),
    Case("DCR002", "ansible", "command argv with an escape at the end", "playbook.yml",
         "- hosts: all\n  tasks:\n    - ansible.builtin.command:\n"
         '        argv: [docker, login, -u, ci, -p, "«Hx7pQ2vLm9K\\x77»", r.example.com]\n'),
    Case("DCR002", "github-actions", "pwsh run with a backtick escape", WF,
         "on: push\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n      - shell: pwsh\n        run: |\n"
         '          docker login -u ci -p "«Hx7pQ2vLm9K`$»" r.example.com\n'),
    Case("DCR002", "shell", "here-document fed to --password-stdin", "login.sh",
         "docker login -u ci --password-stdin r.example.com <<EOF\n«Hx7pQ2vLm9Kw»\nEOF\n"),
    Case("DCR002", "dockerfile", "RUN here-document", "Dockerfile",
         "FROM alpine\nRUN <<EOF\ndocker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\nEOF\n"),
    Case("DCR002", "github-actions", "run: >- with a more-indented line", WF, _workflow(
         "      - run: >-\n          echo a\n            && docker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\n")),
    Case("DCR002", "makefile", "recipe", "Makefile",
         "push:\n\tdocker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\n"),
    Case("DCR002", "dockerfile", "RUN continuation", "Dockerfile",
         "FROM alpine:3.20\nRUN docker login -u ci \\\n      -p «Hx7pQ2vLm9Kw» r.example.com\n"),
    Case("DCR002", "kubernetes", "container command list", "pod.yaml",
         "apiVersion: v1\nkind: Pod\nmetadata: {name: push}\nspec:\n  containers:\n    - name: push\n"
         '      image: docker:27\n      command: ["docker", "login", "-u", "ci", "-p", "«Hx7pQ2vLm9Kw»", "r.example.com"]\n'),
    Case("DCR002", "terraform", "registry_auth", "main.tf",
         'provider "docker" {\n  registry_auth {\n    address  = "r.example.com"\n    username = "ci"\n'
         '    password = "«Hx7pQ2vLm9Kw»"\n  }\n}\n'),
    Case("DCR002", "ansible", "docker_login password", "playbook.yml",
         "- hosts: all\n  tasks:\n    - community.docker.docker_login:\n        registry_url: r.example.com\n"
         "        username: ci\n        password: «Hx7pQ2vLm9Kw»\n"),
    Case("DCR002", "ansible", "docker_login password block scalar", "playbook.yml",
         "- hosts: all\n  tasks:\n    - community.docker.docker_login:\n        registry_url: r.example.com\n"
         "        username: ci\n        password: |\n          «Hx7pQ2vLm9Kw»\n"),
    Case("DCR002", "maven", "jib auth", "pom.xml",
         "<project>\n  <build><plugins><plugin>\n    <artifactId>jib-maven-plugin</artifactId>\n"
         "    <configuration>\n      <to>\n        <image>r.example.com/app</image>\n        <auth>\n"
         "          <username>ci</username>\n          <password>«Hx7pQ2vLm9Kw»</password>\n"
         "        </auth>\n      </to>\n    </configuration>\n  </plugin></plugins></build>\n</project>\n"),
    Case("DCR002", "maven", "jib auth, character references and CDATA", "pom.xml",
         "<project>\n  <build><plugins><plugin>\n    <artifactId>&#106;ib-&#x6d;aven-plugin</artifactId>\n"
         "    <configuration>\n      <to>\n        <image>&#114;.example.com/app</image>\n        <auth>\n"
         "          <username>ci</username>\n          <password>  «&#72;x7p&amp;Q2vLm9K&#x77;»\n  </password>\n"
         "        </auth>\n      </to>\n      <from><auth><password><![CDATA[«Hx7<Q2vLm9Kw»]]></password></auth></from>\n"
         "    </configuration>\n  </plugin></plugins></build>\n</project>\n"),
    Case("DCR002", "maven", "jib property, character reference at the end", "pom.xml",
         "<project>\n  <properties>\n    <jib.to.image>r.example.com/app</jib.to.image>\n"
         "    <jib.to.auth.password>«Hx7pQ2vLm9K&#119;»</jib.to.auth.password>\n  </properties>\n</project>\n"),
    Case("DCR002", "terraform", "Packer docker-push login_password, \\u escape", "image.pkr.hcl",
         'build {\n  post-processors {\n    post-processor "docker-push" {\n      login          = true\n'
         '      login_server   = "r.example.com"\n      login_password = "«Hx7pQ2vLm9K\\u0077»"\n    }\n  }\n}\n'),
    Case("DCR002", "terraform", "legacy Packer JSON template, post-processor chain, \\u escape", "packer/image.json",
         '{\n  "builders": [{"type": "docker", "image": "ubuntu", "commit": true}],\n'
         '  "post-processors": [[\n    {"type": "docker-tag", "repository": "r.example.com/app"},\n'
         '    {"type": "docker-push", "login": true, "login_server": "r.example.com",\n'
         '     "login_password": "«Hx7pQ2vLm9K\\u0077»"}\n  ]]\n}\n'),
    Case("DCR002", "terraform", "registry_auth, \\u \\U and \\\" escapes", "main.tf",
         'provider "docker" {\n  registry_auth {\n    address  = "\\u0072.example.com"\n    username = "ci"\n'
         '    password = "«\\U00000048x7\\"pQ2vLm9K\\u0077»"\n  }\n}\n'),
    Case("DCR002", "cloud-init", "runcmd item, a double-quoted escape", "vm/user-data",
         '#cloud-config\nruncmd:\n  - "docker login -u ci -p «Hx7pQ2vLm9K\\u0077» r.example.com"\n'),
    Case("DCR002", "gradle", "jib auth", "build.gradle",
         "jib {\n  to {\n    image = 'r.example.com/app'\n    auth {\n      username = 'ci'\n"
         "      password = '«Hx7pQ2vLm9Kw»'\n    }\n  }\n}\n"),
    Case("DCR002", "drone", "plugin settings", ".drone.yml",
         "kind: pipeline\ntype: docker\nname: push\nsteps:\n  - name: push\n    image: plugins/docker\n"
         "    settings:\n      registry: r.example.com\n      username: ci\n      password: «Hx7pQ2vLm9Kw»\n"),
    Case("DCR002", "azure-pipelines", "task input", "azure-pipelines.yml",
         "steps:\n  - task: Docker@2\n    inputs:\n      command: login\n      password: «Hx7pQ2vLm9Kw»\n"),
    Case("DCR002", "circleci", "run:", ".circleci/config.yml",
         "version: 2.1\njobs:\n  push:\n    docker: [{image: cimg/base:current}]\n    steps:\n"
         "      - run: echo «Hx7pQ2vLm9Kw» | docker login -u ci --password-stdin r.example.com\n"),
    Case("DCR002", "bitbucket-pipelines", "script:", "bitbucket-pipelines.yml",
         "pipelines:\n  default:\n    - step:\n        script:\n          - docker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\n"),
    Case("DCR002", "buildkite", "command:", ".buildkite/pipeline.yml",
         "steps:\n  - command: docker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\n"),
    Case("DCR002", "travis", "script:", ".travis.yml",
         "script:\n  - docker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\n"),
    Case("DCR002", "codebuild", "commands:", "buildspec.yml",
         "version: 0.2\nphases:\n  build:\n    commands:\n      - docker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\n"),
    Case("DCR002", "cloud-build", "args: [-ec, |] of an sh entrypoint, script:", "cloudbuild.yaml",
         "steps:\n  - name: gcr.io/cloud-builders/docker\n    entrypoint: /bin/sh\n    args:\n      - -ec\n      - |\n"
         "        docker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\n"
         "  - name: ubuntu\n    script: |\n      #!/usr/bin/env bash\n"
         "      echo «Kd8-plover-21» | docker login -u ci --password-stdin r.example.com\n"),
    # --- DCR003: the command -------------------------------------------------------------------
    Case("DCR003", "shell", "echo and cat config.json", "push.sh",
         f'«echo "Logging in with $REG_PASSWORD"»\n{LOGIN}\n«cat ~/.docker/config.json»\n'),
    Case("DCR003", "terraform", "GCE startup script", "main.tf",
         'resource "google_compute_instance" "vm" {\n  metadata_startup_script = "«cat ~/.docker/config.json»"\n}\n'),
    Case("DCR003", "shell", "set -x", "push.sh", f"#!/bin/bash\n«set -x»\n{LOGIN}\n"),
    Case("DCR003", "github-actions", "run: |", WF, _workflow(
         f'      - run: |\n          «echo "pw: $REG_PASSWORD"»\n          {LOGIN}\n')),
    Case("DCR003", "gitlab-ci", "- |", ".gitlab-ci.yml", f"push:\n  script:\n    - |\n      «set -o xtrace»\n      {LOGIN}\n"),
    Case("DCR003", "jenkins", "'''", "Jenkinsfile", f"node {{\n  sh '''\n    «echo $REG_PASSWORD»\n    {LOGIN}\n  '''\n}}\n"),
    Case("DCR003", "makefile", "recipe", "Makefile", f"push:\n\t«echo $$REG_PASSWORD»\n\t{LOGIN.replace('$', '$$')}\n"),
    Case("DCR003", "dockerfile", "RUN continuation", "Dockerfile",
         "FROM alpine:3.20\nRUN «cat /root/.docker/config.json» && \\\n    true\n"),
    Case("DCR003", "kubernetes", "sh -c in a flow sequence", "pod.yaml",
         "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: p\n      image: docker:27\n"
         '      command: [sh, -c]\n      args: ["«echo $REG_PASSWORD»; ' + LOGIN.replace('"', '\\"') + '"]\n'),
    Case("DCR003", "ansible", "shell: |", "playbook.yml",
         f'- hosts: all\n  tasks:\n    - ansible.builtin.shell: |\n        «echo "$REG_PASSWORD"»\n        {LOGIN}\n'),
    Case("DCR003", "azure-pipelines", "bash: |", "azure-pipelines.yml", f"steps:\n  - bash: |\n      «set -x»\n      {LOGIN}\n"),
    Case("DCR003", "circleci", "run: |", ".circleci/config.yml",
         "version: 2.1\njobs:\n  push:\n    docker: [{image: cimg/base:current}]\n    steps:\n"
         f"      - run: |\n          «echo $REG_PASSWORD»\n          {LOGIN}\n"),
    Case("DCR003", "bitbucket-pipelines", "script:", "bitbucket-pipelines.yml",
         f"pipelines:\n  default:\n    - step:\n        script:\n          - «set -x»\n          - {LOGIN}\n"),
    Case("DCR003", "drone", "commands:", ".drone.yml",
         "kind: pipeline\ntype: docker\nname: push\nsteps:\n  - name: push\n    image: docker\n"
         "    commands:\n      - «cat $HOME/.docker/config.json»\n"),
    Case("DCR003", "buildkite", "command: |", ".buildkite/pipeline.yml",
         f"steps:\n  - command: |\n      «set -x»\n      {LOGIN.replace('$', '$$')}\n"),
    Case("DCR003", "travis", "script:", ".travis.yml", f"script:\n  - «echo $REG_PASSWORD»\n  - {LOGIN}\n"),
    Case("DCR003", "codebuild", "commands:", "buildspec.yml",
         f"version: 0.2\nphases:\n  build:\n    commands:\n      - «set -x»\n      - {LOGIN}\n"),
    Case("DCR003", "cloud-build", "script:", "cloudbuild.yaml",
         f"steps:\n  - name: docker\n    script: |\n      «set -x»\n      {LOGIN}\n"),
    # a printer's word cut by a line continuation: the shell reads it whole
    Case("DCR003", "shell", "ec\\<newline>ho, a name cut too", "push.sh",
         '#!/bin/bash\n«ec\\\nho $REG_PASSWORD»\n«print\\\nf "%s" "$REG_PASS\\\nWORD"»\n'),
    Case("DCR003", "github-actions", "run: | with ec\\<newline>ho", WF, _workflow(
         '      - run: |\n          «ec\\\n          ho "pw: $REG_PASSWORD"»\n')),
    Case("DCR003", "gitlab-ci", "- | with ec\\<newline>ho", ".gitlab-ci.yml",
         'push:\n  script:\n    - |\n      «ec\\\n      ho $REG_PASSWORD»\n'),
    Case("DCR003", "github-actions", "shell: cmd, ec^<newline>ho", WF, _workflow(
         '      - shell: cmd\n        run: |\n          «ec^\n          ho %REG_PASSWORD%»\n')),
    # --- DCR010: the value ---------------------------------------------------------------------
    Case("DCR010", "github-actions", "env at three levels, quoted with escapes", WF,
         'on: push\nenv:\n  REG_PASSWORD: «Hx7pQ2vLm9Kw»\njobs:\n  push:\n    runs-on: ubuntu-latest\n'
         '    env:\n      API_TOKEN: "«Kd8\\tplover21»"\n    steps:\n      - run: make\n        env:\n'
         "          DB_SECRET: '«Zt4''marsh77»'\n"),
    Case("DCR010", "github-actions", "with:", WF, _workflow(
         "      - uses: example/deploy@v1\n        with:\n          api-token: «Hx7pQ2vLm9Kw»\n")),
    Case("DCR010", "github-actions", "env block scalars", WF,
         "on: push\nenv:\n  REG_PASSWORD: >-\n    «Hx7pQ2vLm9Kw»\n  API_TOKEN: |\n    «Kd8plover21»\n"
         "jobs:\n  push:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"),
    Case("DCR010", "github-actions", "escape at the end", WF,
         'on: push\nenv:\n  REG_PASSWORD: "«Hx7pQ2vLm9K\\u0077»"\njobs:\n  push:\n    runs-on: ubuntu-latest\n'
         "    steps:\n      - run: make\n"),
    Case("DCR010", "gitlab-ci", "variables, plain and value: forms", ".gitlab-ci.yml",
         'variables:\n  REG_PASSWORD: «Hx7pQ2vLm9Kw»\n  API_TOKEN:\n    value: "«Kd8plover21»"\n'
         "    description: token\npush:\n  variables:\n    DB_SECRET: «Zt4marsh77»\n  script: [make]\n"),
    Case("DCR010", "gitlab-ci", "value: |", ".gitlab-ci.yml",
         "variables:\n  API_TOKEN:\n    value: |\n      «Kd8plover21»\npush:\n  script: [make]\n"),
    Case("DCR010", "jenkins", "environment { } strings", "Jenkinsfile",
         "pipeline {\n  agent any\n  environment {\n    REG_PASSWORD = '«Hx7pQ2vLm9Kw»'\n"
         '    API_TOKEN = "«Kd8plover21»"\n  }\n  stages { stage(\'a\') { steps { sh \'make\' } } }\n}\n'),
    Case("DCR010", "jenkins", "job parameter defaults", "Jenkinsfile",
         "pipeline {\n  agent any\n  parameters {\n    password(name: 'REG_PASSWORD', defaultValue: '«Hx7pQ2vLm9Kw»')\n"
         "    string(name: 'API_TOKEN',\n           defaultValue: \"«Kd8plover21»\")\n  }\n"
         "  stages { stage('a') { steps { sh 'make' } } }\n}\n"),
    Case("DCR010", "azure-pipelines", "variables:", "azure-pipelines.yml",
         "variables:\n  REG_PASSWORD: «Hx7pQ2vLm9Kw»\nsteps:\n  - script: make\n"),
    Case("DCR010", "circleci", "environment:", ".circleci/config.yml",
         "version: 2.1\njobs:\n  push:\n    docker: [{image: cimg/base:current}]\n    environment:\n"
         "      REG_PASSWORD: «Hx7pQ2vLm9Kw»\n    steps: [checkout]\n"),
    Case("DCR010", "bitbucket-pipelines", "pipe variables", "bitbucket-pipelines.yml",
         "pipelines:\n  default:\n    - step:\n        script:\n          - pipe: example/notify:1.0.0\n"
         "            variables:\n              API_SECRET: «Hx7pQ2vLm9Kw»\n"),
    Case("DCR010", "drone", "environment:", ".drone.yml",
         "kind: pipeline\ntype: docker\nname: push\nsteps:\n  - name: push\n    image: alpine\n"
         "    environment:\n      REG_PASSWORD: «Hx7pQ2vLm9Kw»\n    commands: [make]\n"),
    Case("DCR010", "buildkite", "env:", ".buildkite/pipeline.yml",
         "env:\n  REG_PASSWORD: «Hx7pQ2vLm9Kw»\nsteps:\n  - command: make\n"),
    Case("DCR010", "travis", "env: global NAME=value", ".travis.yml",
         "env:\n  global:\n    - REG_PASSWORD=«Hx7pQ2vLm9Kw»\nscript: make\n"),
    Case("DCR010", "codebuild", "env: variables:", "buildspec.yml",
         "version: 0.2\nenv:\n  variables:\n    REG_PASSWORD: «Hx7pQ2vLm9Kw»\nphases:\n  build:\n    commands: [make]\n"),
    Case("DCR010", "cloud-build", "substitutions, step and options env", "cloudbuild.yaml",
         "steps:\n  - name: ubuntu\n    env: ['API_TOKEN=«Kd8-plover-21»', 'REGION=eu']\n    script: make\n"
         "substitutions:\n  _REG_PASSWORD: «Hx7pQ2vLm9Kw»\n  _REGION: europe-west1\n"
         "options:\n  env:\n    - DEPLOY_TOKEN=«Zt4-marsh-77»\n"),
    # --- DCR011: the expression ----------------------------------------------------------------
    Case("DCR011", "github-actions", "run: |", WF, _workflow(
         '      - run: |\n          echo start\n          echo "«${{ secrets.REG_PASSWORD }}»" | docker login -u ci'
         " --password-stdin r.example.com\n")),
    Case("DCR011", "github-actions", "run: double-quoted with escapes", WF, _workflow(
         '      - run: "echo \\"a\\"; curl -H \\"Authorization: «${{ secrets.API_TOKEN }}»\\" https://x.example.com"\n')),
    Case("DCR011", "azure-pipelines", "macro in script: |", "azure-pipelines.yml",
         "steps:\n  - script: |\n      echo «$(REG_PASSWORD)» | docker login -u ci --password-stdin r.example.com\n"),
    Case("DCR011", "circleci", "parameter in run:", ".circleci/config.yml",
         "version: 2.1\njobs:\n  push:\n    parameters:\n      token: {type: string}\n"
         "    docker: [{image: cimg/base:current}]\n    steps:\n"
         "      - run: echo «<< parameters.token >>» | docker login -u ci --password-stdin r.example.com\n"),
    # --- DCR012: the interpolation -------------------------------------------------------------
    Case("DCR012", "jenkins", "double-quoted, withCredentials", "Jenkinsfile",
         "node {\n  withCredentials([usernamePassword(credentialsId: 'r', usernameVariable: 'U',"
         " passwordVariable: 'REG_PASS')]) {\n"
         '    sh "echo «${REG_PASS}» | docker login -u $U --password-stdin r.example.com"\n'
         '    sh "echo «$REG_PASS» | docker login -u ci --password-stdin r.example.com"\n  }\n}\n'),
    Case("DCR012", "jenkins", 'triple-double-quoted, credentials()', "Jenkinsfile",
         "pipeline {\n  agent any\n  environment {\n    REG = credentials('reg')\n  }\n  stages {\n"
         "    stage('push') {\n      steps {\n        sh \"\"\"\n          echo start\n"
         "          echo «$REG_PSW» | docker login -u ${REG_USR} --password-stdin r.example.com\n"
         '        """\n      }\n    }\n  }\n}\n'),
    # --- DCR013: the key or expression ---------------------------------------------------------
    Case("DCR013", "github-actions", "secrets: inherit and toJSON(secrets)", WF,
         "on: push\njobs:\n  release:\n    uses: example/pipelines/.github/workflows/push.yml@v1\n"
         "    «secrets: inherit»\n  dump:\n    runs-on: ubuntu-latest\n    steps:\n"
         '      - run: echo "$ALL" > /dev/null\n        env:\n          ALL: «${{ toJSON(secrets) }}»\n'),
    # --- DCR014: the login ---------------------------------------------------------------------
    Case("DCR014", "github-actions", "self-hosted run: |", WF,
         "on: push\njobs:\n  push:\n    runs-on: [self-hosted, linux]\n    steps:\n      - run: |\n"
         f"          echo start\n          {LOGIN.replace('docker login', '«docker login»')}\n"),
    Case("DCR014", "github-actions", "login-action logout: false", WF, _workflow(
         "      - uses: «docker/login-action@v3»\n        with:\n          registry: r.example.com\n"
         "          password: ${{ secrets.P }}\n          logout: false\n")),
    Case("DCR014", "gitlab-ci", "configured shell executor tag", ".gitlab-ci.yml",
         f"push:\n  tags: [shell-runner]\n  script:\n    - |\n      {LOGIN.replace('docker login', '«docker login»')}\n",
         {".dcrlint.yaml": "shell-executor-tags: [shell-runner]\n"}),
    Case("DCR014", "azure-pipelines", "self-hosted pool", "azure-pipelines.yml",
         f"jobs:\n  - job: push\n    pool: build-agents\n    steps:\n      - script: |\n"
         f"          {LOGIN.replace('docker login', '«docker login»')}\n"),
    Case("DCR014", "circleci", "machine on a self-hosted runner", ".circleci/config.yml",
         "version: 2.1\njobs:\n  push:\n    machine: true\n    resource_class: example/linux-runner\n    steps:\n"
         f"      - run: {LOGIN.replace('docker login', '«docker login»')}\n"),
    Case("DCR014", "bitbucket-pipelines", "self-hosted shell runner", "bitbucket-pipelines.yml",
         "pipelines:\n  default:\n    - step:\n        runs-on: [self.hosted, linux.shell]\n        script:\n"
         f"          - {LOGIN.replace('docker login', '«docker login»')}\n"),
    Case("DCR014", "drone", "exec pipeline", ".drone.yml",
         "kind: pipeline\ntype: exec\nname: push\nsteps:\n  - name: push\n    commands:\n"
         f"      - {LOGIN.replace('docker login', '«docker login»')}\n"),
    # --- DCR020: the image: value --------------------------------------------------------------
    Case("DCR020", "kubernetes", "containers and initContainers", "pod.yaml",
         "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: web}\nspec:\n  containers:\n"
         "    - name: web\n      image: «r.example.com/team/web:1.4»\n  initContainers:\n    - name: init\n"
         f'      image: "«r.example.com/team/init@sha256:{"a" * 64}»"\n',
         {"login.sh": f"{LOGIN}\n"}),
    Case("DCR020", "kubernetes", "flow mapping in a Deployment", "deploy.yaml",
         "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n"
         "      containers: [{name: web, image: '«r.example.com/web:1»'}]\n", PRIVATE_R),
    # --- DCR021: the name ----------------------------------------------------------------------
    Case("DCR021", "kubernetes", "block and flow items", "pod.yaml",
         "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: web}\nspec:\n  imagePullSecrets:\n"
         "    - name: «pull-cred»\n    - {name: «other»}\n    - name: web-pull\n  containers:\n"
         "    - name: web\n      image: r.example.com/team/web:1.4\n",
         {"secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: web-pull, namespace: web}\n"
                         "type: kubernetes.io/dockerconfigjson\nstringData:\n"
                         "  .dockerconfigjson: '{\"auths\": {\"r.example.com\": {\"auth\": \"${AUTH}\"}}}'\n"}),
    # --- DCR022: the data key (through its value) ----------------------------------------------
    Case("DCR022", "kubernetes", "data", "secret.yaml",
         "apiVersion: v1\nkind: Secret\nmetadata: {name: pull}\ntype: kubernetes.io/dockerconfigjson\n"
         f"data:\n  «.dockerconfigjson: {DOCKERCONFIGJSON}»\n"),
    Case("DCR022", "kubernetes", "stringData block scalar", "secret.yaml",
         "apiVersion: v1\nkind: Secret\nmetadata: {name: pull}\ntype: kubernetes.io/dockerconfigjson\n"
         'stringData:\n  «.dockerconfigjson: |\n    {"auths": {"r.example.com": {"username": "ci", '
         '"password": "Wm5-quartz-81-Zt"}}}»\n'),
    Case("DCR022", "kustomize", "secretGenerator literal", "kustomization.yaml",
         "secretGenerator:\n  - name: pull\n    type: kubernetes.io/dockerconfigjson\n    literals:\n"
         "      - '.dockerconfigjson=«{\"auths\":{\"r.example.com\":{\"username\":\"ci\",\"password\":"
         "\"Wm5-quartz-81-Zt\"}}}»'\n"),
    Case("DCR022", "helm", "chart template", "chart/templates/pull.yaml",
         "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-pull\n"
         f"type: kubernetes.io/dockerconfigjson\ndata:\n  «.dockerconfigjson: {DOCKERCONFIGJSON}»\n",
         {"chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n"}),
    Case("DCR022", "terraform", "jsonencode auths password", "main.tf",
         'resource "kubernetes_secret_v1" "pull" {\n  metadata { name = "pull" }\n'
         '  type = "kubernetes.io/dockerconfigjson"\n  data = {\n    ".dockerconfigjson" = jsonencode({\n'
         '      auths = {\n        "r.example.com" = {\n          username = "ci"\n'
         '          password = "«Wm5-quartz-81-Zt»"\n        }\n      }\n    })\n  }\n}\n'),
    Case("DCR022", "terraform", "jsonencode auths auth", "main.tf",
         'resource "kubernetes_secret" "pull" {\n  metadata { name = "pull" }\n'
         '  type = "kubernetes.io/dockerconfigjson"\n  data = {\n    ".dockerconfigjson" = jsonencode({\n'
         '      auths = {\n        "r.example.com" = {\n          auth = "«' + AUTH + '»"\n        }\n      }\n'
         '    })\n  }\n}\n'),
    Case("DCR022", "terraform", "heredoc", "main.tf",
         'resource "kubernetes_secret" "pull" {\n  metadata { name = "pull" }\n'
         '  type = "kubernetes.io/dockerconfigjson"\n  data = {\n    ".dockerconfigjson" = <<-EOT\n'
         '      «{\n        "auths": {"r.example.com": {"auth": "' + AUTH + '"}}\n      }»\n'
         '      EOT\n  }\n}\n'),
    Case("DCR022", "ansible", "k8s definition", "playbook.yml",
         "- hosts: all\n  tasks:\n    - kubernetes.core.k8s:\n        definition:\n          apiVersion: v1\n"
         "          kind: Secret\n          metadata: {name: pull, namespace: web}\n"
         f"          type: kubernetes.io/dockerconfigjson\n          data:\n            «.dockerconfigjson: {DOCKERCONFIGJSON}»\n"),
    # --- DCR023: the value ---------------------------------------------------------------------
    Case("DCR023", "kubernetes", "container env, flow and escapes", "pod.yaml",
         "apiVersion: v1\nkind: Pod\nmetadata: {name: api}\nspec:\n  containers:\n    - name: api\n"
         "      image: nginx:1.27\n      env:\n        - name: DB_PASSWORD\n          value: «Vq7-trellis-93-Kmd»\n"
         '        - {name: API_TOKEN, value: "«Kd8\\tplover21»"}\n        - {name: X_TOKEN, value: "«Kd8plover21\\x21»"}\n'),
    Case("DCR023", "kubernetes", "env value: |", "pod.yaml",
         "apiVersion: v1\nkind: Pod\nmetadata: {name: api}\nspec:\n  containers:\n    - name: api\n"
         "      image: nginx:1.27\n      env:\n        - name: DB_PASSWORD\n          value: |\n            «Vq7-trellis-93-Kmd»\n"),
    Case("DCR023", "kubernetes", "ConfigMap and Opaque Secret", "cm.yaml",
         "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata:\n  smtp_password: «Vq7-trellis-93-Kmd»\n"
         "---\napiVersion: v1\nkind: Secret\nmetadata: {name: db}\ntype: Opaque\nstringData:\n"
         f"  password: >-\n    «Kd8-plover-21-Zx»\ndata:\n  token: «{_b64('Rt6-canyon-19-Xw')}»\n"),
    Case("DCR023", "helm", "values, plain and block", "chart/values.yaml",
         "auth:\n  adminUser: admin\n  adminPassword: «Vq7-trellis-93-Kmd»\n  apiToken: |\n    «Kd8-plover-21-Zx»\n"),
    Case("DCR023", "compose", "map, list, block and escape", "compose.yaml",
         "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: «Vq7-trellis-93-Kmd»\n"
         "  api:\n    image: api\n    environment:\n      - API_TOKEN=«Kd8-plover-21-Zx»\n"
         "  web:\n    image: web\n    environment:\n      WEB_SECRET: |\n        «Rt6-canyon-19-Xw»\n"
         '      SMTP_PASSWORD: "«Vq7-trellis-93-Km\\x64»"\n'),
    Case("DCR023", "env-file", "plain and export quoted", ".env",
         'LOG_LEVEL=debug\nDB_PASSWORD=«Vq7-trellis-93-Kmd»\nexport API_TOKEN="«Kd8-plover-21-Zx»"\n'),
    Case("DCR023", "kustomize", "configMapGenerator literal", "kustomization.yaml",
         "configMapGenerator:\n  - name: settings\n    literals:\n      - SMTP_PASSWORD=«Kd2-meadow-64-Rv»\n"),
    Case("DCR023", "shell", "kubectl create secret generic --from-literal, quoted and separate", "db.sh",
         "kubectl create secret generic db --from-literal=username=app \\\n  --from-literal=password='«Kd2-meadow-64-Rv»' "
         "\\\n  --from-literal api_token=«Hx7pQ2vLm9Kw»\n"),
    Case("DCR023", "github-actions", "a run: step creating a Secret from a literal", ".github/workflows/deploy.yml",
         "on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n"
         "          oc create secret generic db --from-literal=db_password=«Kd2-meadow-64-Rv»\n"),
    Case("DCR023", "ansible-inventory", "a host line's quoted value, a group's vars line", "inventory/hosts",
         '[web]\nweb1 ansible_host=10.0.0.5 ansible_password="«Kd2 meadow 64»"\n\n[all:vars]\n'
         "ansible_become_pass = '«Hx7pQ2vLm9Kw»'\n"),
    Case("DCR023", "cloud-init", "default user's password, chpasswd list lines", "cloud-init.yaml",
         '#cloud-config\npassword: «Kd2-meadow-64-Rv»\nchpasswd:\n  list: |\n    root:«Hx7pQ2vLm9Kw»\n'
         '    ops:RANDOM\n  expire: false\n'),
    Case("DCR023", "terraform", "Secret data with an escape at the end", "main.tf",
         'resource "kubernetes_secret" "db" {\n  metadata { name = "db" }\n  data = {\n'
         '    password = "«Kd2-meadow-64-R\\u0076»"\n  }\n}\n'),
    Case("DCR023", "terraform", "escaped key, variable name and values", "main.tf",
         'resource "kubernetes_secret" "db" {\n  metadata { name = "db" }\n  data = {\n'
         '    "\\u0070assword" = "«Kd2-\\u006deadow\\\\-64-Rv»"\n  }\n}\n'
         'variable "db_p\\u0061ssword" {\n  default = "«\\U0000004bd2-meadow-64-Rv»"\n}\n'),
    Case("DCR023", "ansible", "k8s definition stringData", "playbook.yml",
         "- hosts: all\n  tasks:\n    - kubernetes.core.k8s:\n        definition:\n          apiVersion: v1\n"
         "          kind: Secret\n          metadata: {name: db, namespace: web}\n          type: Opaque\n"
         "          stringData:\n            password: «Kd2-meadow-64-Rv»\n"),
    # --- DCR030: the key inside the registry entry (through its value) -------------------------
    Case("DCR030", "docker-config", "auth, password, identitytoken, escape", ".docker/config.json",
         '{\n  "auths": {\n    "r.example.com": {\n      "«auth": "' + AUTH + '»"\n    },\n'
         '    "https://index.docker.io/v1/": {"username": "ci", "«password": "Wm5-quartz-81-Z\\u0074»"},\n'
         '    "q.example.com": {\n      "«identitytoken": "Rt6-canyon-19-Xw»"\n    }\n  }\n}\n'),
    Case("DCR030", "docker-config", "legacy .dockercfg", ".dockercfg",
         '{"r.example.com": {"«auth": "' + AUTH + '»", "email": "ci@example.com"}}\n'),
    Case("DCR030", "gitlab-ci", "DOCKER_AUTH_CONFIG block scalar", ".gitlab-ci.yml",
         'b:\n  variables:\n    DOCKER_AUTH_CONFIG: |\n      {\n        "auths": {\n'
         '          "r.example.com": {"«auth": "' + AUTH + '»"}\n        }\n      }\n  script: [make]\n'),
    Case("DCR030", "github-actions", "env: double-quoted with escapes", WF,
         'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    env:\n      DOCKER_AUTH_CONFIG: "{\\"auths\\": '
         '{\\"r.example.com\\": {\\"username\\": \\"ci\\", \\"«\\x70assword\\": \\"Wm5-quartz-81-Z\\x74»\\"}}}"\n'
         '    steps:\n      - run: make\n'),
    Case("DCR030", "kubernetes", "container env", "pod.yaml",
         "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: x\n"
         "      env:\n        - name: DOCKER_AUTH_CONFIG\n"
         "          value: '{\"auths\": {\"r.example.com\": {\"«auth\": \"" + AUTH + "»\"}}}'\n"),
    Case("DCR030", "env-file", "unquoted JSON", ".env",
         'DOCKER_AUTH_CONFIG={"auths":{"r.example.com":{"«auth":"' + AUTH + '»"}}}\n'),
    Case("DCR030", "shell", "export, single-quoted", "setup.sh",
         "#!/bin/sh\nexport DOCKER_AUTH_CONFIG='{\"auths\": {\"r.example.com\": {\"«identitytoken\": "
         "\"Rt6-canyon-19-Xw»\"}}}'\n"),
    Case("DCR030", "jenkins", "environment, \\u escape", "Jenkinsfile",
         "pipeline {\n  agent any\n  environment {\n    DOCKER_AUTH_CONFIG = '{\"auths\": {\"r.example.com\": "
         "{\"«\\u0061uth\": \"" + AUTH + "»\"}}}'\n  }\n  stages { stage('b') { steps { sh 'make' } } }\n}\n"),
    Case("DCR030", "dockerfile", "ENV double-quoted with escapes, over a continuation line", "Dockerfile",
         'FROM alpine\nENV A=1 \\\n    DOCKER_AUTH_CONFIG="{\\"auths\\": {\\"r.example.com\\": \\\n'
         '      {\\"«auth\\": \\"' + AUTH + '»\\"}}}"\n'),
    Case("DCR030", "gitlab-runner", "environment item over lines, escaped quotes", "config.toml",
         '[[runners]]\n  name = "a"\n  environment = [\n    "GIT_DEPTH=1",\n'
         '    "DOCKER_AUTH_CONFIG={\\"auths\\": {\\"r.example.com\\": {\\"«\\u0061uth\\": \\"' + AUTH + '»\\"}}}",\n  ]\n'),
    Case("DCR030", "helm", "gitlab-runner chart runners.config", "chart/values.yaml",
         "runners:\n  config: |\n    [[runners]]\n      environment = ['DOCKER_AUTH_CONFIG={\"auths\": "
         '{\"r.example.com\": {\"«password\": \"Wm5-quartz-81-Zt»\"}}}\']\n'),
    # --- DCR040 / DCR041: the credential (or the annotation that dates it) ---------------------
    Case("DCR040", "kubernetes", "rotated-at annotation", "secret.yaml",
         'apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull\n  annotations:\n    dcrlint.io/rotated-at: «"2020-01-15"»\n'
         'type: Opaque\nstringData:\n  token: "$(TOKEN)"\n', {}, NOW),
    Case("DCR041", "kubernetes", "expires-at annotation", "secret.yaml",
         "apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull\n  annotations:\n"
         '    dcrlint.io/expires-at: «"2021-03-01T00:00:00Z"»\ntype: Opaque\nstringData:\n  token: "$(TOKEN)"\n', {}, NOW),
    Case("DCR041", "docker-config", "identitytoken JWT", ".docker/config.json",
         '{"auths": {"r.example.com": {"identitytoken": "«' + EXPIRED + '»"}}}\n', {}, NOW),
    Case("DCR041", "jenkins", "JWT in '''", "Jenkinsfile",
         f"node {{\n  sh '''\n    curl -H \"X-Key: «{EXPIRED}»\" https://api.example.com\n  '''\n}}\n", {}, NOW),
    Case("DCR041", "shell", "JWT argument", "deploy.sh",
         f"curl -H 'Authorization: Bearer «{EXPIRED}»' https://api.example.com\n", {}, NOW),
    Case("DCR041", "github-actions", "JWT in run: |", WF, _workflow(
         f'      - run: |\n          curl -H "X-Key: «{EXPIRED}»" https://api.example.com\n'), {}, NOW),
    Case("DCR041", "gitlab-ci", "JWT in variables", ".gitlab-ci.yml",
         f"variables:\n  API_KEY: «{EXPIRED}»\npush:\n  script: [make]\n", {}, NOW),
    Case("DCR041", "dockerfile", "JWT in ENV", "Dockerfile", f"FROM alpine\nENV API_JWT=«{EXPIRED}»\n", {}, NOW),
    Case("DCR041", "makefile", "JWT in a recipe", "Makefile",
         f"a:\n\tcurl -H 'X-Key: «{EXPIRED}»' https://api.example.com\n", {}, NOW),
    Case("DCR041", "env-file", "JWT value", ".env", f"API_JWT=«{EXPIRED}»\n", {}, NOW),
    Case("DCR041", "helm", "JWT folded value", "chart/values.yaml", f"api:\n  jwt: >-\n    «{EXPIRED}»\n", {}, NOW),
    Case("DCR041", "terraform", "JWT string", "main.tf", f'locals {{\n  jwt = "«{EXPIRED}»"\n}}\n', {}, NOW),
    Case("DCR041", "ansible", "task environment", "playbook.yml",
         f"- hosts: all\n  tasks:\n    - command: ./sync\n      environment:\n        API_JWT: «{EXPIRED}»\n", {}, NOW),
    Case("DCR041", "compose", "environment", "compose.yaml",
         f"services:\n  app:\n    image: app\n    environment:\n      API_JWT: «{EXPIRED}»\n", {}, NOW),
    Case("DCR041", "yaml", "single-quoted", "config.yaml", f"api:\n  jwt: '«{EXPIRED}»'\n", {}, NOW),
    *_in_scripts("DCR041", EXPIRED, NOW),
    _committed("shell", "login.sh", "docker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\n"),
    _committed("github-actions", WF, "on: push\nenv:\n  REG_PASSWORD: «Hx7pQ2vLm9Kw»\njobs:\n  a:\n"
                                     "    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"),
    _committed("gitlab-ci", ".gitlab-ci.yml",
               "a:\n  script:\n    - |\n      echo «Hx7pQ2vLm9Kw» | docker login -u ci --password-stdin r.example.com\n"),
    _committed("jenkins", "Jenkinsfile", "node {\n  sh '''\n    docker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\n  '''\n}\n"),
    _committed("dockerfile", "Dockerfile", "FROM alpine\nRUN docker login -u ci \\\n    -p «Hx7pQ2vLm9Kw» r.example.com\n"),
    _committed("makefile", "Makefile", "a:\n\tdocker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\n"),
    _committed("docker-config", ".docker/config.json", '{"auths": {"r.example.com": {"«auth": "' + AUTH + '»"}}}\n'),
    _committed("kubernetes", "pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n"
               "    - name: a\n      image: alpine\n      env:\n        - name: DB_PASSWORD\n          value: «Vq7-trellis-93-Kmd»\n"),
    _committed("compose", "compose.yaml",
               "services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: «Vq7-trellis-93-Kmd»\n"),
    _committed("env-file", ".env", "DB_PASSWORD=«Vq7-trellis-93-Kmd»\n"),
    _committed("helm", "chart/values.yaml", "auth:\n  adminPassword: «Vq7-trellis-93-Kmd»\n"),
    _committed("terraform", "main.tf",
               'provider "docker" {\n  registry_auth {\n    address  = "r.example.com"\n    password = "«Hx7pQ2vLm9Kw»"\n  }\n}\n'),
    _committed("ansible", "playbook.yml", "- hosts: all\n  tasks:\n    - community.docker.docker_login:\n"
               "        registry_url: r.example.com\n        username: ci\n        password: «Hx7pQ2vLm9Kw»\n"),
    _committed("yaml", "config.yaml", f"github:\n  token: «{TOKEN}»\n"),
    _committed("azure-pipelines", "azure-pipelines.yml", "variables:\n  REG_PASSWORD: «Hx7pQ2vLm9Kw»\nsteps:\n  - script: make\n"),
    _committed("circleci", ".circleci/config.yml", "version: 2.1\njobs:\n  a:\n    docker: [{image: cimg/base:current}]\n"
               "    environment:\n      REG_PASSWORD: «Hx7pQ2vLm9Kw»\n    steps: [checkout]\n"),
    _committed("bitbucket-pipelines", "bitbucket-pipelines.yml",
               "pipelines:\n  default:\n    - step:\n        script:\n          - docker login -u ci -p «Hx7pQ2vLm9Kw» r.example.com\n"),
    _committed("drone", ".drone.yml", "kind: pipeline\ntype: docker\nname: a\nsteps:\n  - name: a\n    image: alpine\n"
               "    environment:\n      REG_PASSWORD: «Hx7pQ2vLm9Kw»\n    commands: [make]\n"),
    _committed("buildkite", ".buildkite/pipeline.yml", "env:\n  REG_PASSWORD: «Hx7pQ2vLm9Kw»\nsteps:\n  - command: make\n"),
    _committed("travis", ".travis.yml", "env:\n  global:\n    - REG_PASSWORD=«Hx7pQ2vLm9Kw»\nscript: make\n"),
    _committed("codebuild", "buildspec.yml",
               "version: 0.2\nenv:\n  variables:\n    REG_PASSWORD: «Hx7pQ2vLm9Kw»\nphases:\n  build:\n    commands: [make]\n"),
    _committed("cloud-build", "cloudbuild.yaml",
               "steps:\n  - name: ubuntu\n    script: make\nsubstitutions:\n  _REG_PASSWORD: «Hx7pQ2vLm9Kw»\n"),
    _committed("kustomize", "kustomization.yaml",
               "configMapGenerator:\n  - name: settings\n    literals:\n      - SMTP_PASSWORD=«Kd2-meadow-64-Rv»\n"),
    _committed("gradle", "build.gradle", "jib {\n  to {\n    image = 'r.example.com/app'\n    auth {\n      username = 'ci'\n"
               "      password = '«Hx7pQ2vLm9Kw»'\n    }\n  }\n}\n"),
    _committed("maven", "pom.xml", "<project>\n  <build><plugins><plugin>\n    <artifactId>jib-maven-plugin</artifactId>\n"
               "    <configuration>\n      <to>\n        <auth>\n          <username>ci</username>\n"
               "          <password>«Hx7pQ2vLm9Kw»</password>\n        </auth>\n      </to>\n    </configuration>\n"
               "  </plugin></plugins></build>\n</project>\n"),
    # --- DCR050: the password part -------------------------------------------------------------
    Case("DCR050", "shell", "helm repo add, git remote with %-escape", "deploy.sh",
         "helm repo add internal https://ci:«Zq7rT9mW2x»@charts.example.com/stable\n"
         'git remote add o "https://bot:«Kd8%40plover»@git.example.com/x.git"\n'),
    Case("DCR050", "github-actions", "run: |", WF, _workflow(
         "      - run: |\n          pip install --index-url https://ci:«Zq7rT9mW2x»@pypi.example.com/simple app\n")),
    Case("DCR050", "dockerfile", "RUN continuation", "Dockerfile",
         "FROM alpine\nRUN wget -q \\\n    https://u:«Zq7rT9mW2x»@files.example.com/a.tgz\n"),
    Case("DCR050", "kubernetes", "env value", "pod.yaml",
         "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: alpine\n"
         "      env:\n        - name: DATABASE_URL\n          value: postgres://app:«Zq7rT9mW2x»@db.example.com/app\n"),
    Case("DCR050", "yaml", "folded scalar", "config.yaml",
         "db:\n  url: >\n    postgres://app:«Zq7rT9mW2x»@db.example.com/app\n"),
    Case("DCR050", "jenkins", "Groovy \"\"\" string", "Jenkinsfile",
         'node {\n  sh """\n    git clone https://bot:«Zq7rT9mW2x»@git.example.com/x.git\n  """\n}\n'),
    Case("DCR050", "makefile", "recipe", "Makefile",
         "a:\n\tgit clone https://bot:«Zq7rT9mW2x»@git.example.com/x.git\n"),
    Case("DCR050", "docker-config", "proxy URL", ".docker/config.json",
         '{"auths": {}, "proxies": {"default": {"httpProxy": "http://u:«Zq7rT9mW2x»@proxy.example.com:3128"}}}\n'),
    Case("DCR050", "terraform", "string", "main.tf", 'locals {\n  url = "https://u:«Zq7rT9mW2x»@git.example.com/x.git"\n}\n'),
    Case("DCR050", "gitlab-ci", "variables", ".gitlab-ci.yml",
         'variables:\n  DATABASE_URL: "postgres://app:«Zq7rT9mW2x»@db.example.com/app"\njob:\n  script: [make]\n'),
    Case("DCR050", "compose", "environment list", "compose.yaml", "services:\n  a:\n    image: a\n    environment:\n"
         "      - DATABASE_URL=postgres://app:«Zq7rT9mW2x»@db.example.com/app\n"),
    Case("DCR050", "env-file", "URL value", ".env", "DATABASE_URL=postgres://app:«Zq7rT9mW2x»@db.example.com/app\n"),
    # a URL read from a value its language decodes: the password as written, escapes and all
    Case("DCR050", "maven", "repository URL with character references", "pom.xml",
         "<project>\n  <distributionManagement>\n    <repository>\n"
         "      <url>https://&#100;eploy:«Zq7rT9m&#x57;2x»@&#110;exus.example.com/repo</url>\n"
         "    </repository>\n  </distributionManagement>\n</project>\n"),
    Case("DCR050", "yaml", "double-quoted, letters escaped", "config.yaml",
         'db:\n  url: "\\x70ostgres://\\u0061pp:«\\x5aq7rT9mW2\\x78»@\\x64b.example.com/app"\n'),
    Case("DCR050", "kubernetes", "env value, escaped line break in the password", "pod.yaml",
         "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: alpine\n"
         '      env:\n        - name: DATABASE_URL\n          value: "postgres://app:«Zq7r\\\n            T9mW2x»@\\U00000064b.example.com"\n'),
    Case("DCR050", "gitlab-ci", "variables, ':' and '@' escaped", ".gitlab-ci.yml",
         'variables:\n  DATABASE_URL: "postgres://app\\x3a«Zq7rT9mW2x»\\x40db.example.com/app"\njob:\n  script: [make]\n'),
    Case("DCR050", "jenkins", "Groovy \\u escapes", "Jenkinsfile",
         'pipeline {\n  agent any\n  environment { DB = "\\u0070ostgres://app:«Zq7rT9mW2x»@\\u0064b.example.com" }\n'
         "  stages { stage('a') { steps { sh 'make' } } }\n}\n"),
    Case("DCR050", "terraform", "HCL \\u and \\U escapes", "main.tf",
         'locals {\n  url = "https://u:«Zq7rT9\\u006dW2x»@\\U00000067it.example.com/x.git"\n}\n'),
    # --- DCR051: the secret --------------------------------------------------------------------
    # an AWS secret key given to its name: the detector reads it as `NAME="value"`
    Case("DCR051", "shell", "AWS secret key assigned, exported, before a command", "deploy.sh",
         f'#!/bin/sh\nexport AWS_SECRET_ACCESS_KEY=«{AWS_SECRET}»\n'
         f'AWS_SECRET_ACCESS_KEY="«{AWS_SECRET[::-1]}»" aws s3 ls\nreadonly aws_session_token=\'«{AWS_SECRET[5:] + "Zq7rT"}»\'\n'),
    Case("DCR051", "gitlab-runner", "runner token, cache access key in a literal string", "config.toml",
         '[[runners]]\n  token = "«glrt-\\u005aq4v8Xk2Lp7Tn9Rw3Ym5»"\n  [runners.cache.s3]\n'
         "    AccessKey = '«AKIAZ3MSJV4WWNKWW5FG»'\n"),
    Case("DCR041", "gitlab-runner", "JWT in a multi-line string", "config.toml",
         f'[[runners]]\n  pre_build_script = """\ncurl -H "X-Key: «{EXPIRED}»" https://api.example.com"""\n', {}, NOW),
    Case("DCR050", "gitlab-runner", "url with a password, escaped", "config.toml",
         '[[runners]]\n  url = "https://ci:«Wm5-quartz-81-Z\\u0074»@gitlab.example.com/"\n'),
    # (an AWS secret key under its name is DCR023's, first by precedence; a key id's name says no secret)
    Case("DCR051", "env-file", "AWS access key id", ".env", "AWS_REGION=eu-west-1\nAWS_ACCESS_KEY_ID=«AKIADCRQ4T7Q2LMNV3ZB»\n"),
    Case("DCR051", "dockerfile", "ENV with a blank", "Dockerfile", f"FROM alpine\nENV AWS_SECRET_ACCESS_KEY «{AWS_SECRET}»\n"),
    Case("DCR051", "makefile", "make variable", "Makefile", f"AWS_SECRET_KEY := «{AWS_SECRET}»\na:\n\t./deploy\n"),
    Case("DCR051", "github-actions", "AWS secret key exported in a script", WF, _workflow(
         f"      - run: |\n          export AWS_SECRET_ACCESS_KEY=«{AWS_SECRET[::-1]}»\n          ./deploy.sh\n")),
    Case("DCR051", "yaml", "AWS secret key under its key, escaped", "config.yaml",
         f'credentials:\n  aws_secret_access_key: "«\\x{ord(AWS_SECRET[0]):02x}{AWS_SECRET[1:]}»"\n'),
    Case("DCR051", "shell", "token in a header", "deploy.sh",
         f'#!/bin/sh\ncurl -H "Authorization: token «{TOKEN}»" https://api.github.com/user\n'),
    Case("DCR051", "github-actions", "AWS key id in env", WF, _workflow(
         "      - run: ./deploy.sh\n        env:\n          AWS_ACCESS_KEY_ID: «AKIADCRQ4T7Q2LMNV3ZB»\n")),
    Case("DCR051", "gitlab-ci", "- |", ".gitlab-ci.yml",
         'a:\n  script:\n    - |\n      curl -H "PRIVATE-TOKEN: «glpat-Dcr4q8Zt3v9LkP2mW7xR»" https://gitlab.example.com/api\n'),
    Case("DCR051", "jenkins", "Slack token in '''", "Jenkinsfile",
         "node {\n  sh '''\n    curl -H 'X: «xoxb-1234567890-1234567890123-Dcr4q8Zt3v9LkP2mW7xR4nB6»' https://slack.example.com\n"
         "  '''\n}\n"),
    Case("DCR051", "makefile", "recipe", "Makefile", f"a:\n\tcurl -H 'Authorization: token «{TOKEN}»' https://api.github.com\n"),
    Case("DCR051", "dockerfile", "ENV", "Dockerfile", f"FROM alpine\nENV GH=«{TOKEN}»\n"),
    Case("DCR051", "kubernetes", "ConfigMap block scalar", "cm.yaml",
         f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: a}}\ndata:\n  settings: |\n    github=«{TOKEN}»\n"),
    Case("DCR051", "docker-config", "HttpHeaders", ".docker/config.json",
         f'{{"auths": {{}}, "HttpHeaders": {{"X-Token": "«{TOKEN}»"}}}}\n'),
    # (a provider's `token` argument, a secret store's value are DCR023's: that rule reports them)
    Case("DCR051", "terraform", "token in a resource's map", "main.tf",
         f'resource "null_resource" "ci" {{\n  triggers = {{ build = "«{TOKEN}»" }}\n}}\n'),
    Case("DCR051", "yaml", "private key in a block scalar", "values.yaml",
         "tls:\n  key: |\n    «-----BEGIN RSA PRIVATE KEY-----\n    MIIEpAIBAAKCAQEAx8Dcr4q8Zt3v9LkP2mW7xR4nB6yH1cF5gJ0sDaQw\n"
         "    -----END RSA PRIVATE KEY-----»\n"),
    Case("DCR051", "compose", "environment list", "compose.yaml",
         f"services:\n  app:\n    image: app\n    environment:\n      - GH_PAT=«{TOKEN}»\n"),
    Case("DCR051", "env-file", "value", ".env", f"GH_PAT=«{TOKEN}»\n"),
    Case("DCR051", "helm", "values block scalar", "chart/values.yaml", f"config: |\n  github=«{TOKEN}»\n"),
    *_in_scripts("DCR051", TOKEN),
    Case("DCR051", "ansible", "task environment", "playbook.yml",
         f"- hosts: all\n  tasks:\n    - command: ./sync\n      environment:\n        GH_PAT: «{TOKEN}»\n"),
    # --- DCR900-DCR902: the suppression comment ------------------------------------------------
    Case("DCR900", "shell", "unused suppression", "deploy.sh",
         "#!/bin/sh\n«# dcrlint: ignore[DCR001] legacy»\necho hi\n", {}, ("--report-unused-ignores",)),
    Case("DCR901", "shell", "suppression without a reason", "deploy.sh",
         '#!/bin/sh\ndocker login -u ci -p "$P" r.example.com  «# dcrlint: ignore[DCR001]»  \n', {}, ("--require-reasons",)),
    Case("DCR902", "shell", "unknown rule", "deploy.sh", "#!/bin/sh\necho hi  «# dcrlint: ignore[DCR9999] typo»\n"),
    Case("DCR902", "jenkins", "block comment, expired", "Jenkinsfile",
         "node {\n  «/* dcrlint: ignore[DCR001, exp: 2020-01-01] old */»\n  sh 'make'\n}\n"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_finding_spans(lint: Lint, tmp_path: Path, case: Case) -> None:
    text, expected = unmark(case.text)
    assert expected, "a case marks at least one span"
    for rel, other in case.files.items():
        lint.write(rel, other)
    lint.write(case.path, text)
    if case.committed:
        if shutil.which("git") is None:
            pytest.skip("needs git")
        git(tmp_path, "init", "-q")
        git(tmp_path, "add", ".")
        git(tmp_path, "commit", "-qm", "credentials")
    run = lint("--format", "json", "--fail-on", "never", *case.args, ".", git=case.committed)
    found = [(h.line, h.column, h.end_line, h.end_column) for h in run.hits(case.rule) if h.path == case.path]
    assert found == expected, run.where()
    for h in run.hits():  # every rule's findings: a span that is not empty, and ends on its last line
        assert (h.line, h.column) < (h.end_line, h.end_column) and (h.end_column > 1 or h.end_line == h.line), h


def test_cases_are_in_the_rules_contexts() -> None:
    for case in CASES:
        contexts = RULES[case.rule].contexts
        assert not contexts or case.context in contexts or "any" in contexts, case.id


def test_every_rule_has_cases() -> None:
    assert {c.rule for c in CASES} == set(RULES)


def test_jwt_age_goes_into_its_presence_finding(lint: Lint) -> None:
    """DCR040 from a JWT's `iat` is carried by the presence finding at the same span."""
    text, expected = unmark(f"curl -H 'Authorization: Bearer «{ISSUED_2020}»' https://api.example.com\n")
    run = lint.scan("deploy.sh", text, "--fail-on", "never", *NOW)
    assert run.where() == [("DCR051", *expected[0])]
    assert "issued on 2020-01-01" in run.hits()[0].message


def test_suppression_comment_after_an_astral_character(lint: Lint) -> None:
    """Columns count code points in JSON and UTF-16 code units in SARIF, for DCR902 too."""
    text, ((line, column, end_line, end_column),) = unmark('echo "\U0001F680" «# dcrlint: ignore[DCR9999] typo»\n')
    lint.write("deploy.sh", text)
    assert lint("--format", "json", "--fail-on", "never").where() == [("DCR902", line, column, end_line, end_column)]
    (result,) = lint("--format", "sarif", "--fail-on", "never").json()["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (column + 1, end_column + 1)
