"""A Compose file a Tekton Task brings up on its own docker daemon sidecar is that run's own
service stack (held-out 16a A2): a TaskRun is one pod, its steps and sidecars start and stop
together, so a database a `docker:dind` sidecar runs for it lives as long as the run and its
password guards nothing (composeup, as for a GitHub-hosted job or a Cloud Build build). The same
value in a URL a step of the Task is given is that client's setting. A Task whose docker is
elsewhere (another host in `DOCKER_HOST`), one with no daemon of its own, and the repository
root's own Compose file stay reported."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

_RULES = frozenset({"DCR023", "DCR050"})
STACK = """\
    services:
      fishdb:
        image: postgres:16
        environment:
          - POSTGRES_USER=fish
          - POSTGRES_PASSWORD=Lk2reefTest
    """
BUILT_STACK = """\
    services:
      fishdb:
        build:
          context: .
          dockerfile: fishdb.Dockerfile
        environment:
          POSTGRES_PASSWORD: Lk2reefTest
    """


def _task(host: str = "tcp://127.0.0.1:2375", daemon: str = "docker:27-dind",
          up: str = "cd $(workspaces.code.path)/$(params.suite)\n            docker compose up -d --wait") -> str:
    return f"""\
    apiVersion: tekton.dev/v1
    kind: Task
    metadata:
      name: reef-itest
    spec:
      params:
        - name: suite
          default: qa/reef
      workspaces:
        - name: code
      steps:
        - name: up
          image: docker:27-cli
          env:
            - name: DOCKER_HOST
              value: {host}
          script: |
            {up}
        - name: test
          image: python:3.12
          workingDir: $(workspaces.code.path)
          env:
            - name: REEF_DSN
              value: postgres://fish:Lk2reefTest@localhost:5432/fish
          script: |
            pytest
      sidecars:
        - name: daemon
          image: {daemon}
          securityContext:
            privileged: true
    """


def test_a_stack_a_task_brings_up_on_its_sidecar_is_the_run_s_own(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    results, _ = engine_scan(tmp_path, {"qa/reef/docker-compose.yml": STACK, "pipelines/reef-itest.yaml": _task()},
                             rules=_RULES)
    assert brief(results) == []


def test_a_server_built_from_its_image_and_no_repository_marker(tmp_path: Path) -> None:
    files = {"qa/reef/docker-compose.yml": BUILT_STACK, "qa/reef/fishdb.Dockerfile": "FROM postgres:16\n",
             "pipelines/reef-itest.yaml": _task(host="unix:///var/run/docker.sock")}
    results, _ = engine_scan(tmp_path, files, rules=_RULES)
    assert brief(results) == []


def test_a_folder_changed_on_the_command_s_line(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    task = _task(up="cd $(workspaces.code.path)/qa/reef && docker-compose up -d")
    results, _ = engine_scan(tmp_path, {"qa/reef/docker-compose.yml": STACK, "ci/reef.yaml": task}, rules=_RULES)
    assert brief(results) == []


def test_a_docker_elsewhere_no_daemon_or_the_root_file_stay_reported(tmp_path: Path) -> None:
    elsewhere = {"qa/reef/docker-compose.yml": STACK,
                 "pipelines/reef-itest.yaml": _task(host="tcp://builder.reef.invalid:2376")}
    results, _ = engine_scan(tmp_path / "a", elsewhere, rules=_RULES)
    assert [r[3] for r in brief(results)] == ["DCR050", "DCR023"]
    no_daemon = {"qa/reef/docker-compose.yml": STACK, "pipelines/reef-itest.yaml": _task(daemon="docker:27-cli")}
    results, _ = engine_scan(tmp_path / "b", no_daemon, rules=_RULES)
    assert [r[3] for r in brief(results)] == ["DCR050", "DCR023"]
    (tmp_path / "c" / ".git").mkdir(parents=True)
    root_file = {"docker-compose.yml": STACK,
                 "pipelines/reef-itest.yaml": _task(up="cd $(workspaces.code.path)\n            docker compose up -d")}
    results, _ = engine_scan(tmp_path / "c", root_file, rules=_RULES)
    assert [r[3] for r in brief(results)] == ["DCR023", "DCR050"]
