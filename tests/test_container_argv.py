"""A registry login run as a container's argument list, no shell (containerargv.py): a Cloud
Build step's `args` to a builder image named for the tool (or its `entrypoint`), a pod's or
Tekton step's `args` alone to such an image, a Drone step's `entrypoint`/`command`. Each
reported at the password word; near misses (another program, a shell's `-c`, a script the
step runs instead) stay silent."""

from __future__ import annotations

from typing import Any

import pytest

PW = "Hq4zT9Lm77Xq2wPz"
RULES = ("--fail-on", "never", "--select", "DCR001,DCR002")


def _both(line: int, col: int) -> list[tuple[str, int, int, int, int]]:
    return [("DCR001", line, col, line, col + len(PW)), ("DCR002", line, col, line, col + len(PW))]


CLOUD_BUILD = f"""steps:
- name: gcr.io/cloud-builders/docker
  args: ['login', '-u', 'ci', '-p', '{PW}', 'r.example.com']
- name: gcr.io/cloud-builders/docker
  args: ['login', '-u', 'ci', '-p', '${{_REG_PASSWORD}}', 'r.example.com']
- name: ubuntu
  args: [docker, login, -u, ci, -p, {PW}, r.example.com]
- name: gcr.io/go-containerregistry/crane:debug
  args: [auth, login, r.example.com, -u, ci, -p, {PW}]
- name: gcr.io/example/tools
  entrypoint: skopeo
  args: [login, -u, ci, -p, {PW}, r.example.com]
- name: gcr.io/cloud-builders/gcloud
  args: [auth, login, -p, {PW}]
- name: gcr.io/cloud-builders/docker
  args: [build, --build-arg, 'PASSWORD={PW}', '.']
- name: gcr.io/cloud-builders/docker
  args: ['-c', 'login -u ci -p {PW} r.example.com']
- name: alpine
  args: [login, -u, ci, -p, {PW}, r.example.com]
- name: gcr.io/cloud-builders/docker
  entrypoint: bash
  args: [deploy.sh, login, -u, ci, -p, {PW}]
"""


def test_cloud_build_builder_args(lint: Any) -> None:
    run = lint.scan("cloudbuild.yaml", CLOUD_BUILD, *RULES)
    assert run.where() == sorted([
        *_both(3, 38),  # the docker builder runs docker with its args
        ("DCR001", 5, 38, 5, 54),  # a substitution: a reference, on the command line all the same
        *_both(7, 37),  # an image without an entry point runs its first arg
        *_both(9, 50),  # an image named for crane (a tag after the name)
        *_both(12, 29),  # an entrypoint naming the tool
    ])


POD = f"""apiVersion: v1
kind: Pod
metadata: {{name: push}}
spec:
  containers:
    - name: a
      image: docker:27
      args: [login, -u, ci, -p, "{PW}", r.example.com]
    - name: b
      image: alpine:3.20
      args: [login, -u, ci, -p, "{PW}", r.example.com]
    - name: c
      image: docker:27
      args: [build, --build-arg, "PASSWORD={PW}", .]
"""

TEKTON = f"""apiVersion: tekton.dev/v1
kind: Task
metadata: {{name: push}}
spec:
  steps:
    - name: login
      image: gcr.io/go-containerregistry/crane
      args: [auth, login, r.example.com, -u, ci, -p, {PW}]
    - name: helper
      image: gcr.io/go-containerregistry/crane
      command: [/ko-app/helper]
      args: [auth, login, r.example.com, -u, ci, -p, {PW}]
"""


@pytest.mark.parametrize(("path", "text", "found"), [
    ("pod.yaml", POD, _both(8, 34)),  # not alpine's (it runs no tool), not a docker build
    ("task.yaml", TEKTON, _both(8, 54)),  # not the step whose command is another program
])
def test_container_args_alone(lint: Any, path: str, text: str, found: Any) -> None:
    assert lint.scan(path, text, *RULES).where() == found


DRONE = f"""kind: pipeline
type: docker
name: default
steps:
- name: a
  image: docker:27
  entrypoint: [docker]
  command: [login, -u, ci, -p, {PW}, r.example.com]
- name: b
  image: docker:27
  command: [login, -u, ci, -p, {PW}, r.example.com]
- name: c
  image: docker:27
  command: [login, -u, ci, -p, {PW}, r.example.com]
  commands:
  - docker build .
- name: d
  image: alpine
  command: [login, -u, ci, -p, {PW}, r.example.com]
"""


def test_drone_entrypoint_and_command(lint: Any) -> None:
    """`commands` replace the image's program with a script: `command` is not run then."""
    assert lint.scan(".drone.yml", DRONE, *RULES).where() == sorted([*_both(8, 32), *_both(11, 32)])


REFERENCES = f"""steps:
- name: gcr.io/cloud-builders/docker
  args: ['login', '-u', 'ci', '-p', '$$REG_PASSWORD', 'r.example.com']
  secretEnv: ['REG_PASSWORD']
- name: gcr.io/cloud-builders/docker
  args: ['login', '-u', 'ci', '-p', '{PW}', 'r.example.com']
"""

POD_REFERENCE = f"""apiVersion: v1
kind: Pod
metadata: {{name: push}}
spec:
  containers:
    - name: a
      image: docker:27
      command: [docker, login, -u, ci, -p, "$REG_PASSWORD", r.example.com]
    - name: b
      image: docker:27
      command: [docker, login, -u, ci, -p, "{PW}", r.example.com]
"""


def test_a_reference_no_shell_expands_is_no_literal(lint: Any) -> None:
    """A word that is a variable's reference (`$$NAME` in Cloud Build args, `$NAME` in a pod's
    command) reaches the program as that text: on the command line, but no secret written."""
    run = lint.scan("cloudbuild.yaml", REFERENCES, *RULES)
    assert run.where() == [("DCR001", 3, 38, 3, 52), *_both(6, 38)]
    run = lint.scan("pod.yaml", POD_REFERENCE, *RULES)
    # (the Cloud Build file's findings, lines 3 and 6, are left out)
    assert [w for w in run.where() if w[1] > 7] == [("DCR001", 8, 45, 8, 58), *_both(11, 45)]


SHELL_ARGS = f"""apiVersion: v1
kind: Pod
metadata: {{name: push}}
spec:
  containers:
    - name: a
      image: alpine
      args: ["sh", "-c", "docker login -u ci -p {PW} r.example.com"]
    - name: b
      image: alpine
      args: ["/bin/bash", "-ec", "docker login -u ci -p {PW} r.example.com"]
    - name: c
      image: alpine
      args: ["cat", "-c", "docker login -u ci -p {PW} r.example.com"]
    - name: d
      image: alpine
      args: ["sh", "deploy.sh", "-c", "docker login -u ci -p {PW} r.example.com"]
"""

DRONE_SHELL_ENTRY = f"""kind: pipeline
type: docker
name: default
steps:
  - name: push
    image: docker:27
    entrypoint: [sh, -c]
    command: ["docker login -u ci -p {PW} r.example.com"]
  - name: other
    image: alpine
    entrypoint: [cat]
    command: ["docker login -u ci -p {PW} r.example.com"]
  - name: script-file
    image: alpine
    entrypoint: [sh]
    command: ["docker login -u ci -p {PW} r.example.com"]
"""


def test_a_shell_named_first_runs_its_script(lint: Any) -> None:
    """A shell named as the first argument with no command runs its `-c` script (the image has
    no entry point, or one that runs its arguments), as a `command: [sh, -c]` does; so does a
    Drone step whose entry point is a shell's `-c`, its `command` (next test). Not another
    program's `-c`, nor a shell given a script file first."""
    assert lint.scan("pod.yaml", SHELL_ARGS, *RULES).where() == sorted([*_both(8, 49), *_both(11, 57)])


def test_a_drone_shell_entry_point_runs_the_command_as_its_script(lint: Any) -> None:
    assert lint.scan(".drone.yml", DRONE_SHELL_ENTRY, *RULES).where() == _both(8, 38)
