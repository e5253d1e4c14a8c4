"""A Compose file a CI job brings up for itself is that job's service containers: on a runner made
for the job (GitHub-hosted), `docker compose -f FILE up` starts a database that lives as long as
the job, so its password guards nothing, as a `services:` database's does (DCR023 in the Compose
file, DCR010 for the same value given to a client in that job). A token given to a service, the
same file no job brings up, another docker host, a self-hosted runner, another job: reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Lint, brief, engine_scan

from dcrlint.composeup import compose_starts

DB = """\
services:
  ordersdb:
    image: postgres:16
    environment:
      - POSTGRES_PASSWORD=Qx4mW8bPz
      - LICENSE_TOKEN=Ab3dEf6hJk9mNp2qRs5t
  cache:
    image: redis:7
    environment:
      REDIS_PASSWORD: Lk7nM2vBq
"""

WORKFLOW = """\
on: [push]
jobs:
  unit:
    runs-on: {runner}
    steps:
      - uses: actions/checkout@v4
      - run: {command}
      - name: Tests
        env:
          ORDERS_DB_PASSWORD: Qx4mW8bPz
        run: make test
  deploy:
    runs-on: ubuntu-latest
    steps:
      - env:
          ORDERS_DB_PASSWORD: Qx4mW8bPz
        run: ./deploy.sh
"""

UP = "docker compose -f ci/compose.db.yml up -d --wait"
# (the token, and the same password in another job, are reported whatever the case)
ALWAYS = [(".github/workflows/test.yml", 16, 31, "DCR010"), ("ci/compose.db.yml", 6, 23, "DCR023")]
ALL = [(".github/workflows/test.yml", 10, 31, "DCR010"), ALWAYS[0], ("ci/compose.db.yml", 5, 27, "DCR023"),
       ALWAYS[1], ("ci/compose.db.yml", 10, 23, "DCR023")]


def _scan(root: Path, runner: str = "ubuntu-latest", command: str = UP, compose: str = "ci/compose.db.yml",
          **more: str) -> list[tuple[str, int, int, str]]:
    files = {".github/workflows/test.yml": WORKFLOW.format(runner=runner, command=command), compose: DB, **more}
    results, notes = engine_scan(root, files, dedent=False, rules=frozenset({"DCR010", "DCR023"}))
    assert notes == []
    return brief(results)


def test_a_jobs_own_compose_database_guards_nothing(tmp_path: Path) -> None:
    assert _scan(tmp_path) == ALWAYS


def test_setup_actions_keep_it_the_jobs_own(tmp_path: Path) -> None:
    command = UP + "\n      - uses: actions/setup-python@v5\n      - uses: docker/setup-buildx-action@v3"
    assert _scan(tmp_path, command=command) == [(ALWAYS[0][0], 18, 31, "DCR010"), ALWAYS[1]]


@pytest.mark.parametrize("command", [
    "docker-compose -f ci/compose.db.yml up -d",
    "docker compose --file=ci/compose.db.yml --project-name t run --rm tests",
    "cd . && docker compose -fci/compose.db.yml -p x up -d",
    "|\n          docker compose \\\n            -f ci/compose.db.yml \\\n            up -d",
])
def test_spellings_of_bringing_it_up(tmp_path: Path, command: str) -> None:
    more = command.count("\n")  # lines the workflow's findings move down
    assert _scan(tmp_path, command=command) == [(ALWAYS[0][0], 16 + more, 31, "DCR010"), ALWAYS[1]]


def test_default_file_name_in_the_working_directory(tmp_path: Path) -> None:
    workflow = WORKFLOW.format(runner="ubuntu-24.04", command="docker compose up -d").replace(
        "      - run: docker compose up -d", "      - working-directory: ci\n        run: docker compose up -d")
    assert _scan(tmp_path, compose="ci/docker-compose.yml",
                 **{".github/workflows/test.yml": workflow}) == [
        (ALWAYS[0][0], 17, 31, "DCR010"), ("ci/docker-compose.yml", 6, 23, "DCR023")]


@pytest.mark.parametrize(("runner", "command"), [
    ("self-hosted", UP),  # a machine that stays: the database may be a real one
    ("[self-hosted, linux]", UP),
    ("${{ matrix.os }}", UP),  # not known
    ("ubuntu-latest", "docker --context prod compose -f ci/compose.db.yml up -d"),  # another docker
    ("ubuntu-latest", "docker -H ssh://deploy@app.example.com compose -f ci/compose.db.yml up -d"),
    ("ubuntu-latest", "docker compose -f ci/compose.db.yml build"),  # nothing started
    ("ubuntu-latest", "docker compose -f $COMPOSE_FILE up -d"),  # not known
    ("ubuntu-latest", "docker compose -f other/compose.yml up -d"),  # another file
    ("ubuntu-latest", "echo 'docker compose -f ci/compose.db.yml' > notes.txt"),
])
def test_not_this_jobs_own_services(tmp_path: Path, runner: str, command: str) -> None:
    assert _scan(tmp_path, runner=runner, command=command) == ALL


def test_docker_host_in_env_sends_it_elsewhere(tmp_path: Path) -> None:
    workflow = "env:\n  DOCKER_HOST: ssh://deploy@app.example.com\n" + WORKFLOW.format(runner="ubuntu-latest",
                                                                                        command=UP)
    shifted = [(p, line + 2 if p.startswith(".github") else line, c, r) for p, line, c, r in ALL]
    assert _scan(tmp_path, **{".github/workflows/test.yml": workflow}) == shifted


def test_no_workflow_no_exception(tmp_path: Path) -> None:
    results, _ = engine_scan(tmp_path, {"ci/compose.db.yml": DB}, dedent=False, rules=frozenset({"DCR023"}))
    assert len(results) == 3


def test_compose_commands_read() -> None:
    assert list(compose_starts("docker compose -f a.yml -f b.yml up -d && docker compose -f c.yml down")) == [
        ["a.yml", "b.yml"]]
    assert list(compose_starts("docker compose up")) == [[]]
    assert list(compose_starts("docker compose 'unterminated")) == []


def test_a_workflow_changed_since_the_cache_was_filled(lint: Lint, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The Compose file's result depends on the workflows it was read beside (depends.py)."""
    import os

    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    old = 1_600_000_000
    for rel, text in ((".github/workflows/test.yml", WORKFLOW.format(runner="ubuntu-latest", command=UP)),
                      ("ci/compose.db.yml", DB)):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
        os.utime(tmp_path / rel, (old, old))
    args = ("--format", "json", "--no-git", "--select", "DCR023", "--cache-dir", str(tmp_path / "cache"),
            "ci/compose.db.yml")
    assert [w[1] for w in lint(*args).where()] == [6]
    flow = tmp_path / ".github/workflows/test.yml"
    flow.write_text(WORKFLOW.format(runner="self-hosted", command=UP))
    os.utime(flow, (old + 100, old + 100))
    assert [w[1] for w in lint(*args).where()] == [5, 6, 10]


@pytest.mark.parametrize(("path", "text", "compose"), [
    # a stack file named for its service, kept in a folder of them
    ("stack/ledger.yaml", "services:\n  ledger:\n    image: reg.example.test/acct/ledger:2\n", True),
    ("deploy/app.yml", "# the app\n---\nversion: '3.8'\nx-common: &c\n  restart: always\nservices:\n"
                       "  # the web app\n  web:\n    build: .\n", True),
    # near misses: other top-level keys (Helm values, Ansible variables), services as a list,
    # a service's image as a mapping, no image or build
    ("vals.yaml", "replicaCount: 1\nservices:\n  api:\n    image: a/b:1\n", False),
    ("vars.yaml", "services:\n  - name: web\n    image: a/b:1\n", False),
    ("vals.yaml", "services:\n  api:\n    image:\n      repository: a/b\n", False),
    ("ports.yaml", "services:\n  api:\n    port: 80\n", False),
])
def test_compose_by_content(path: str, text: str, compose: bool) -> None:
    from dcrlint.classify import FileKind, classify_text

    assert (classify_text(path, text) is FileKind.COMPOSE) is compose


def test_a_stack_file_named_for_its_service_is_read(tmp_path: Path) -> None:
    stack = "services:\n  ledger:\n    image: reg.example.test/acct/ledger:2\n    environment:\n" \
            "      LEDGER_ADMIN_PASSWORD: Rv5tQ8wZ-Kite-41\n"
    results, _ = engine_scan(tmp_path, {"stack/ledger.yaml": stack}, dedent=False, rules=frozenset({"DCR023"}))
    assert brief(results) == [("stack/ledger.yaml", 5, 30, "DCR023")]


DEPLOYS = {
    # the command runs on a server
    "ssh": "      - run: scp ci/compose.db.yml deploy@app.example.org:app/\n"
           "      - run: ssh deploy@app.example.org docker compose -f app/compose.db.yml up -d\n",
    # a context selected before
    "context": "      - run: |\n          docker context create prod --docker host=ssh://deploy@app.example.org\n"
               "          docker context use prod\n      - run: docker compose -f ci/compose.db.yml up -d\n",
    # the variable written for later steps
    "env-file": "      - run: echo \"DOCKER_HOST=ssh://deploy@app.example.org\" >> \"$GITHUB_ENV\"\n"
                "      - run: docker compose -f ci/compose.db.yml up -d\n",
    # an action selects it (R66): what an action other than the runner's setup does is not known
    "action": "      - uses: example-org/remote-docker@v1\n        with: {context: prod}\n"
              "      - run: docker compose -f ci/compose.db.yml up -d\n",
    # another machine's docker named in a value, however it is selected
    "machine": "      - run: eval \"$(docker-machine env prod)\"\n      - run: docker compose -f ci/compose.db.yml up -d\n",
    "tcp": "      - env: {REMOTE: tcp://build.example.org:2376}\n        run: ./select.sh\n"
           "      - run: docker compose -f ci/compose.db.yml up -d\n",
}


@pytest.mark.parametrize("steps", DEPLOYS.values(), ids=DEPLOYS.keys())
def test_a_deploy_from_a_hosted_runner_is_no_jobs_own_services(tmp_path: Path, steps: str) -> None:
    workflow = "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n" \
               "      - uses: actions/checkout@v4\n" + steps
    results, _ = engine_scan(tmp_path, {".github/workflows/deploy.yml": workflow, "ci/compose.db.yml": DB},
                             dedent=False, rules=frozenset({"DCR023"}))
    assert [line for _, line, _, _ in brief(results)] == [5, 6, 10]


def test_the_projects_own_compose_file_is_what_it_deploys(tmp_path: Path) -> None:
    """A job that brings up the root's Compose file (a smoke test) does not make it a test's."""
    workflow = WORKFLOW.format(runner="ubuntu-latest", command="docker compose up -d --wait")
    results, _ = engine_scan(tmp_path, {".github/workflows/test.yml": workflow, "docker-compose.yml": DB},
                             dedent=False, rules=frozenset({"DCR023"}))
    assert [line for _, line, _, _ in brief(results)] == [5, 6, 10]


def test_an_apps_password_for_an_outside_service_stays_a_secret(tmp_path: Path) -> None:
    compose = DB + "  app:\n    build: .\n    environment:\n      DB_PASSWORD: Qx4mW8bPz\n" \
                   "      SMTP_PASSWORD: Vn6xRb2Hj9\n"
    assert _scan(tmp_path, **{"ci/compose.db.yml": compose}) == [*ALWAYS, ("ci/compose.db.yml", 15, 22, "DCR023")]


def test_a_matrix_of_hosted_runners_is_hosted(tmp_path: Path) -> None:
    """`runs-on: ${{ matrix.os }}` with every value of the matrix's list a GitHub-hosted label
    (held-out H4); a list with another runner, or an `include` that may add one, is not known."""
    hosted = WORKFLOW.format(runner="${{ matrix.os }}", command=UP).replace(
        "  unit:\n", "  unit:\n    strategy:\n      matrix:\n        os: [ubuntu-latest, ubuntu-22.04]\n")
    shifted = [(ALWAYS[0][0], 19, 31, "DCR010"), ALWAYS[1]]
    assert _scan(tmp_path / "a", **{".github/workflows/test.yml": hosted}) == shifted
    mixed = hosted.replace("ubuntu-22.04]", "self-hosted]")
    assert len(_scan(tmp_path / "b", **{".github/workflows/test.yml": mixed})) == 5
    included = hosted.replace("ubuntu-22.04]\n", "ubuntu-22.04]\n        include: [{os: big-box}]\n")
    assert len(_scan(tmp_path / "c", **{".github/workflows/test.yml": included})) == 5
    # the runners named only by `include` entries
    only_included = hosted.replace("os: [ubuntu-latest, ubuntu-22.04]",
                                   "include:\n          - {os: ubuntu-24.04, db: pg}\n          - {os: ubuntu-latest}")
    assert _scan(tmp_path / "d", **{".github/workflows/test.yml": only_included}) == [
        (ALWAYS[0][0], 21, 31, "DCR010"), ALWAYS[1]]
