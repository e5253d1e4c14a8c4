"""A Compose file a Google Cloud Build build brings up is that build's own service stack (held-out
16a A1): Cloud Build runs each build on a worker made for it and thrown away after it, so the
password a server image is set up with there, and the same value handed to a client of the build,
guard nothing (as for a GitHub-hosted job, composeup). A URL to such a service in a step's `env`
is that client setting too (A1b, for GitHub jobs as well)."""

from __future__ import annotations

from typing import Any

import pytest

STACK = ("services:\n  stockdb:\n    image: mariadb:11\n    environment:\n"
         "      - MARIADB_USER=stock\n      - MARIADB_PASSWORD=Wm4pilotRun\n      - MARIADB_DATABASE=stock\n"
         "  cache:\n    image: redis:7\n")
CLIENT_ENV = "      - 'STOCK_DSN=mysql://stock:Wm4pilotRun@stockdb:3306/stock'\n"

UP_STEPS = {
    "compose builder": "  - name: docker/compose:1.29.2\n    args: ['-f', 'stack.test.yaml', 'up', '-d']\n",
    "docker builder": "  - name: gcr.io/cloud-builders/docker\n    args: [compose, -f, stack.test.yaml, up, -d]\n",
    "bash script": "  - name: gcr.io/cloud-builders/docker\n    entrypoint: bash\n"
                   "    args: ['-c', 'docker compose -f stack.test.yaml up -d --wait']\n",
    "step dir": "  - name: docker/compose\n    dir: ci\n    args: ['-f', '../stack.test.yaml', 'up', '-d']\n",
}


def _build(up: str, client: str = CLIENT_ENV, extra: str = "") -> str:
    return (f"steps:\n{up}"
            f"  - name: python:3.12\n    entrypoint: bash\n    env:\n{client}{extra}"
            "    args: ['-c', 'pip install -r req.txt && pytest']\n")


@pytest.mark.parametrize("how", sorted(UP_STEPS))
def test_a_stack_a_build_brings_up_is_the_build_s_own(lint: Any, how: str) -> None:
    lint.write("qa/stack.test.yaml", STACK)
    run = lint.scan("qa/cloudbuild.yaml", _build(UP_STEPS[how]), "--fail-on", "never")
    assert run.findings == []


def test_the_same_password_elsewhere_in_the_build_stays_silent_other_hosts_not(lint: Any) -> None:
    lint.write("qa/stack.test.yaml", STACK)
    other = "      - 'REPORT_DSN=mysql://stock:Wm4pilotRun@reports.example.net:3306/r'\n"
    run = lint.scan("qa/cloudbuild.yaml", _build(UP_STEPS["compose builder"], extra=other), "--fail-on", "never")
    assert [(h.rule, h.line) for h in run.hits()] == [("DCR050", 8)]


@pytest.mark.parametrize("elsewhere", [
    "      - 'DOCKER_HOST=tcp://builder.example.net:2376'\n",  # another docker: a deploy
    "      - 'DOCKER_CONTEXT=staging'\n",
])
def test_a_build_selecting_another_docker_deploys(lint: Any, elsewhere: str) -> None:
    lint.write("qa/stack.test.yaml", STACK)
    run = lint.scan("qa/cloudbuild.yaml", _build(UP_STEPS["compose builder"], extra=elsewhere), "--fail-on", "never")
    assert sorted(h.rule for h in run.hits()) == ["DCR023", "DCR050"]


def test_a_stack_the_build_does_not_bring_up_is_reported(lint: Any) -> None:
    lint.write("qa/stack.test.yaml", STACK)
    down = "  - name: docker/compose\n    args: ['-f', 'stack.test.yaml', 'down']\n"
    run = lint.scan("qa/cloudbuild.yaml", _build(down), "--fail-on", "never")
    assert sorted(h.rule for h in run.hits()) == ["DCR023", "DCR050"]


def test_the_repository_root_s_own_compose_file_is_what_it_deploys(lint: Any) -> None:
    lint.write(".git/HEAD", "ref: refs/heads/main\n")
    lint.write("compose.yaml", STACK)
    up = "  - name: docker/compose\n    args: ['up', '-d']\n"
    run = lint.scan("cloudbuild.yaml", _build(up), "--fail-on", "never")
    assert sorted(h.rule for h in run.hits()) == ["DCR023", "DCR050"]


def test_a_github_job_s_client_url_to_its_compose_service_is_throwaway(lint: Any) -> None:
    """A1b: the DSN a later step of the job gets in `env:` holds the stack's password."""
    lint.write("qa/stack.test.yaml", STACK)
    workflow = ("on: push\njobs:\n  it:\n    runs-on: ubuntu-24.04\n    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - run: docker compose -f qa/stack.test.yaml up -d\n"
                "      - run: pytest\n        env:\n"
                "          STOCK_DSN: mysql://stock:Wm4pilotRun@stockdb:3306/stock\n")
    run = lint.scan(".github/workflows/it.yml", workflow, "--fail-on", "never")
    assert run.findings == []
