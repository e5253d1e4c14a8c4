"""DCR003: `cat` of a file the same script has just written a secret into prints the secret to the
log, as `echo "$SECRET"` would (held-out 19a GM1): an earlier `echo`/`printf` of a secret
variable redirected into that very path (`> f`, `>> f`; `~/x` and `$HOME/x` one path), nothing
after it emptying or replacing the file. Not a `cat` piped or redirected into a program, of a
file written only with values that are no secret, one emptied or removed since, a `cat` before
the write, nor another path. Into a kubeconfig's path (`~/.kube/config`, `$KUBECONFIG`), whatever
variable is written holds the cluster's credentials (held-out 20a JM5)."""

from __future__ import annotations

import pytest
from conftest import Lint


def _where(lint: Lint, rel: str, text: str) -> list[tuple[str, int, int, int, int]]:
    return lint.scan(rel, text, "--fail-on", "never", "--select", "DCR003").where()


REPORTED = {
    "printf_then_cat": ("printf 'DEPLOY_PASSWORD=%s\\n' \"$DEPLOY_PASSWORD\" > deploy.vars\ncat deploy.vars\n", 3),
    "appended_among_others": ('echo "NODE=$NODE_NAME" > run.cfg\necho "TOKEN=$SIGNING_TOKEN" >> run.cfg\n'
                              'echo "MODE=fast" >> run.cfg\ncat run.cfg\n', 5),
    "home_written_two_ways": ('printf "//npm.example.org/:_authToken=%s\\n" "$NPM_TOKEN" > ~/.npmrc\n'
                              'cat "$HOME/.npmrc"\n', 3),
    "to_stderr": ('echo "pw=$VAULT_PASSWORD" > creds.txt\ncat creds.txt >&2\n', 3),
    # a kubeconfig holds the cluster's credentials whatever the variable is called (held-out 20a JM5)
    "kubeconfig_by_its_path": ('echo "$STAGING_CLUSTER_CONFIG" > "$HOME/.kube/config"\ncat ~/.kube/config\n', 3),
    # written as the parse reads a redirect: `1>`, `>|`, a quoted value holding `;&|`
    "descriptor_one": ('echo "$API_TOKEN" 1> out.txt\ncat out.txt\n', 3),
    "clobber": ('printf "%s" "$API_TOKEN" >| out.txt\ncat out.txt\n', 3),
    "query_string": ('echo "HOOK=https://hooks.example.org/n?ch=ci&key=$API_TOKEN" > hook.env\ncat hook.env\n', 3),
    "semicolon_quoted": ('echo "a;$API_TOKEN" > out.txt\ncat out.txt\n', 3),
    "kubeconfig_by_its_variable": ('printf %s "$CI_CLUSTER_CFG" > "$KUBECONFIG"\ncat "$KUBECONFIG"\n', 3),
}


@pytest.mark.parametrize("case", sorted(REPORTED))
def test_cat_of_a_file_holding_a_secret(lint: Lint, case: str) -> None:
    body, line = REPORTED[case]
    found = _where(lint, "job.sh", f"#!/bin/sh\n{body}")
    assert [(rule, start) for rule, start, _, _, _ in found] == [("DCR003", line)]


SILENT = {
    "piped_to_a_program": 'echo "$DEPLOY_PASSWORD" > key.txt\ncat key.txt | ssh-add -\n',
    "redirected": 'echo "$DEPLOY_PASSWORD" > key.txt\ncat key.txt > copy.txt\n',
    "no_secret_written": 'echo "NODE=$NODE_NAME" > run.cfg\necho "MODE=fast" >> run.cfg\ncat run.cfg\n',
    "replaced_since": 'echo "TOKEN=$SIGNING_TOKEN" > run.cfg\necho "MODE=fast" > run.cfg\ncat run.cfg\n',
    "removed_since": 'echo "TOKEN=$SIGNING_TOKEN" > run.cfg\nrm -f run.cfg\ntouch run.cfg\ncat run.cfg\n',
    "cat_before_the_write": 'cat run.cfg\necho "TOKEN=$SIGNING_TOKEN" >> run.cfg\n',
    "another_path": 'echo "TOKEN=$SIGNING_TOKEN" > run.cfg\ncat build/run.cfg\n',
    "no_kubeconfig_written": 'echo "$STAGING_CLUSTER_CONFIG" > cluster.txt\ncat cluster.txt\n',
}


@pytest.mark.parametrize("case", sorted(SILENT))
def test_cat_that_prints_no_secret(lint: Lint, case: str) -> None:
    assert _where(lint, "job.sh", f"#!/bin/sh\n{SILENT[case]}") == []


def test_a_variable_a_ci_step_gives_a_secret(lint: Lint) -> None:
    workflow = """\
on: push
jobs:
  notify:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "url=$HOOK" > hook.txt
          cat hook.txt
        env:
          HOOK: ${{ secrets.CHAT_WEBHOOK }}
"""
    assert _where(lint, ".github/workflows/notify.yml", workflow) == [("DCR003", 8, 11, 8, 23)]


def test_a_ci_jobs_script_lines(lint: Lint) -> None:
    job = """\
integration:
  script:
    - echo "API_USER=$API_USER" >> test.env
    - echo "API_TOKEN=$API_TOKEN" >> test.env
    - cat test.env
    - ./run-tests --env-file test.env
"""
    assert _where(lint, ".gitlab-ci.yml", job) == [("DCR003", 5, 7, 5, 19)]
