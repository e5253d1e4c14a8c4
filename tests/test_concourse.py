"""Concourse pipelines and task configs (a `CiSystem` entry, known by content: Concourse has no
file name of its own): a task's script in `run.args` after a shell's `-c`, its `params`, the
`source` of resources (a registry image's `password`); `((name))` is a credential manager's
variable, filled in before the task runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import write

from dcrlint.classify import FileKind, classify
from dcrlint.values import ValueKind
from dcrlint.values import classify as classify_value

PIPELINE = """\
resources:
- name: api-image
  type: registry-image
  source:
    repository: r.example.test/team/api
    username: pusher
    password: Tq7-vNz3kLm8Wx2c
- name: base-image
  type: registry-image
  source:
    repository: r.example.test/team/base
    username: ((r-example.user))
    password: ((r-example.password))
- name: repo
  type: git
  source:
    uri: git@example.test:team/api.git
    private_key: Pk2Lw9Qz4Rt7Yx1V
jobs:
- name: publish
  plan:
  - get: repo
    trigger: true
  - task: push
    config:
      platform: linux
      image_resource:
        type: registry-image
        source: {repository: r.example.test/tools/docker}
      params:
        DEPLOY_TOKEN: Hn4vB8xQ2mLz6Kw
        REGISTRY_PASSWORD: ((r-example.password))
        DRY_RUN: "false"
      run:
        path: sh
        args:
        - -ec
        - |
          docker login -u pusher -p "$REGISTRY_PASSWORD" r.example.test
          echo "$DEPLOY_TOKEN"
          docker login -u pusher --password ((r-example.password)) r.example.test
  - task: lint
    config:
      platform: linux
      run:
        path: make
        args: [-c, "docker login -p $REGISTRY_PASSWORD"]
  - put: api-image
    params: {image: image/image.tar}
"""

TASK = """\
platform: linux
params:
  REGISTRY_TOKEN: ((registry.token))
run:
  path: /bin/bash
  args: [-e, -c, 'echo "$REGISTRY_TOKEN" | docker login -u ci --password-stdin r.example.test']
"""

OPTIONS_FIRST = """\
platform: linux
run:
  path: bash
  args: [-e, -u, -c, 'docker login -u ci -p "$REGISTRY_TOKEN" r.example.test']
"""


def test_shell_options_before_its_c(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "ci/tasks/login.yml", OPTIONS_FIRST)
    assert lint("--format", "json", ".").starts() == [("DCR001", 4, 46)]


def test_pipeline(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "ci/pipeline.yml", PIPELINE)
    assert sorted(lint("--format", "json", ".").where()) == [
        ("DCR001", 39, 38, 39, 56),  # -p "$REGISTRY_PASSWORD" in the task's `sh -ec` script
        ("DCR001", 41, 45, 41, 67),  # --password ((name)): pasted on the command line all the same
        ("DCR002", 7, 15, 7, 31),  # a registry image's literal `password`
        ("DCR003", 40, 11, 40, 31),  # echo of a secret-named param
        ("DCR010", 18, 18, 18, 34),  # a git resource's literal `private_key`
        ("DCR010", 31, 23, 31, 38),  # a literal secret in the task's `params`
    ]


def test_task_config_and_its_credential_variables(lint: Any, tmp_path: Path) -> None:
    """A task config file (`task: x, file: ci/tasks/push.yml`) by content; `((name))` in
    `params` is a reference, a script piping its variable to `--password-stdin` is clean."""
    write(tmp_path, "ci/tasks/push.yml", TASK)
    assert lint("--format", "json", ".").where() == []


# A pipeline whose resources fill its head (`jobs:` past what `classify` reads), and one part of
# a pipeline a merging tool assembles from parts (its resources alone).
LONG_RESOURCES = "resource_types:\n- name: notifier\n  type: registry-image\n  source:\n" \
    "    repository: r.example.test/tools/notifier\n    username: puller\n    password: Zr5-qWm8Lt2x\n" \
    "resources:\n" + "".join(
        f"- name: src-{k}\n  type: git\n  source:\n    uri: https://git.example.test/team/app-{k}.git\n"
        "    branch: main\n" for k in range(60)) \
    + "jobs:\n- name: build\n  plan:\n  - get: src-0\n"
RESOURCES_PART = """\
resources:
  # the images this team pushes
  - name: app-image
    type: registry-image
    source: {repository: r.example.test/team/app, username: pusher, password: Vb3-kPz7Qx1m}
  - name: src
    type: git
    source:
      uri: https://git.example.test/team/app.git
"""


def test_resources_before_jobs_past_the_head(lint: Any, tmp_path: Path) -> None:
    """A pipeline is known by its resources where its `jobs:` are past the head, and a part of one
    holding only resources is read as one: a registry image's literal password is reported."""
    assert len(LONG_RESOURCES) > 4096 and LONG_RESOURCES.index("jobs:") > 4096
    write(tmp_path, "ci/pipeline.yml", LONG_RESOURCES)
    write(tmp_path, "ci/parts/resources.yml", RESOURCES_PART)
    assert sorted(lint("--format", "json", ".").starts()) == [("DCR002", 5, 79), ("DCR002", 7, 15)]


@pytest.mark.parametrize("rel, text, kind", [
    ("ci/pipeline.yml", PIPELINE, FileKind.CONCOURSE),
    ("ci/pipeline.yml", LONG_RESOURCES[:4096], FileKind.CONCOURSE),
    ("ci/parts/resources.yml", RESOURCES_PART, FileKind.CONCOURSE),
    # other files' `resources:`: a container's limits, a Kustomization's paths
    ("chart/values.yaml", "resources:\n  limits:\n    cpu: 100m\nsource:\n  type: git\n", FileKind.HELM_VALUES),
    ("deploy/stack.yml", "resources:\n- name: cache\n  kind: redis\n  source:\n    url: x\n", FileKind.YAML),
    ("ci/tasks/push.yml", TASK, FileKind.CONCOURSE),
    ("deploy/jobs.yml", "jobs:\n  nightly:\n    schedule: daily\n", FileKind.YAML),
    ("settings/platform.yml", "platform: linux\narch: amd64\n", FileKind.YAML),
])
def test_known_by_content(rel: str, text: str, kind: FileKind) -> None:
    assert classify(rel, text) is kind


@pytest.mark.parametrize("value, kind", [
    ("((registry.password))", ValueKind.TEMPLATED),
    ("(( vault:ci/registry.password ))", ValueKind.TEMPLATED),
    ('(("r.example.test".password))', ValueKind.TEMPLATED),
    ("$((2 + 3))", ValueKind.EXPRESSION),  # the shell's arithmetic
    ("((n++))", ValueKind.LITERAL),  # no variable's name
    # a pipeline merger's operator call (spruce), the whole value: the merger puts the value there
    ("(( grab meta.registry.password ))", ValueKind.TEMPLATED),
    ('(( param "Please set the deploy key" ))', ValueKind.TEMPLATED),
    ('(( concat "https://git.example.test/" meta.repo ))', ValueKind.TEMPLATED),
    ("Kq8v(( grab x ))", ValueKind.LITERAL),  # not the whole value
])
def test_credential_variables_are_references(value: str, kind: ValueKind) -> None:
    assert classify_value(value) is kind


QUOTED = """\
platform: linux
run:
  path: sh
  args:
  - -exc
  - |-
    docker login -u ci -p ((reg.password)) r.example.test
    echo '((reg.password))' | docker login -u ci --password-stdin r.example.test
    docker login -u ci -p '((reg.password))' r.example.test
    docker login -u ci -p "((reg.password))" r.example.test
    # it's only a comment
    docker login -u ci --password=((reg.password)) r.example.test
    docker login -u ci -p 'Lq8-wZt4' r.example.test
"""


def test_credential_variables_in_quotes(lint: Any, tmp_path: Path) -> None:
    """Concourse fills `((name))` in whatever the shell's quotes: quoted (the usual guard of a
    password's characters) it is still the variable, no literal; on a command line it is DCR001."""
    write(tmp_path, "ci/tasks/push.yml", QUOTED)
    assert lint("--format", "json", ".").starts() == [
        ("DCR001", 7, 27), ("DCR001", 9, 28), ("DCR001", 10, 28), ("DCR001", 12, 35), ("DCR001", 13, 28),
        ("DCR002", 13, 28)]


SPRUCE_PART = """\
resources:
- name: app-image
  type: registry-image
  source:
    repository: r.example.test/team/app
    username: (( grab meta.registry.username ))
    password: (( grab meta.registry.password ))
- name: src
  type: git
  source:
    uri: (( concat "https://git.example.test/" meta.repo ))
    private_key: (( param "Please set the deploy key" ))
- name: other-image
  type: registry-image
  source:
    repository: r.example.test/team/other
    password: Vb3-kPz7Qx1m
"""


def test_a_merger_operator_value_is_no_literal(lint: Any, tmp_path: Path) -> None:
    """A pipeline part a merger assembles (spruce) gives its values as operator calls
    (`(( grab meta.x ))`, `(( param "..." ))`): filled in by the merger, not literals (R117);
    a literal password beside them is reported."""
    write(tmp_path, "ci/parts/resources.yml", SPRUCE_PART)
    assert lint("--format", "json", ".").starts() == [("DCR002", 17, 15)]
