"""DCR003: what a `set -x` after the logins may print, each with the near misses that stay
reported: `R=$(... | docker login ...)` holds the login's output (its status), not the password it
reads; appending `export X=...` lines to CircleCI's `$BASH_ENV` hands no tracing on (setting
SHELLOPTS or BASH_ENV, or writing `set -x` into that file, may); `set -x` in a subshell traces
what runs there after it, and ends with it."""

from __future__ import annotations

import pytest
from _helpers import Spans
from conftest import run_checks, scanned, where
from test_positions import unmark


def _traced(marked: str) -> tuple[Spans, Spans]:
    plain, spans = unmark(marked)
    file = scanned(plain, "push.sh")
    found = [f for f in run_checks(file, "DCR003") if "tracing" in f.message]
    return [w[1:] for w in where(file, found)], spans


def test_a_login_result_is_what_the_login_prints() -> None:
    """`R=$(... | docker login ...)` holds the login's output (its status), not the password it
    reads: expanding it after a late `set -x` prints no credential."""
    text = ('#!/bin/bash\nRESULT=$(echo "$REG_PASSWORD" \\\n  | docker login -u ci --password-stdin r.example.com)\n'
            'set -x\necho "$RESULT" | grep "Login Succeeded"\nset +x\n')
    assert _traced(text) == ([], [])


LOGIN = 'echo "$REG_PASSWORD" | docker login -u ci --password-stdin r.example.com\n'


def test_a_login_result_given_the_password_again_is_traced() -> None:
    text = ('#!/bin/bash\nRESULT=$(echo "$REG_PASSWORD" | docker login -u ci --password-stdin r.example.com)\n'
            'RESULT="$RESULT $REG_PASSWORD"\n«set -x»\necho "$RESULT"\n')
    found, spans = _traced(text)
    assert found == spans
    text = '#!/bin/bash\nCREDS=$(echo "$REG_PASSWORD" | base64)\n' + LOGIN + '«set -x»\necho "$CREDS"\n'
    found, spans = _traced(text)
    assert found == spans


def test_appending_to_the_bash_env_file_hands_no_tracing_on() -> None:
    """CircleCI steps append `export X=...` lines to `$BASH_ENV`: reading the variable changes
    no tracing, so a `set -x` after the login with nothing expanded after it prints nothing."""
    text = '#!/bin/bash\n' + LOGIN + 'echo "export IMAGE=r.example.com/app" >> "$BASH_ENV"\nset -x\ndocker push r.example.com/app\n'
    assert _traced(text) == ([], [])


def test_tracing_handed_to_child_shells_stays_reported() -> None:
    """Setting SHELLOPTS or BASH_ENV, or writing `set -x` into the file BASH_ENV names, may
    trace what runs after: the late `set -x` is reported as before."""
    tail = '«set -x»\ndocker push r.example.com/app\n'
    for setting in ('echo "set -x" >> "$BASH_ENV"\n', 'export SHELLOPTS\n', 'BASH_ENV=/tmp/env bash ./next.sh\n',
                    'declare -x BASH_ENV\n'):
        found, spans = _traced('#!/bin/bash\n' + LOGIN + setting + tail)
        assert found == spans, setting


@pytest.mark.parametrize("line", [
    'echo "${!PW_VAR}" | ( set -x; docker login -u "${!USER_VAR}" --password-stdin "$REGISTRY" )',
    '( set -x; make build )\n' + LOGIN.rstrip("\n"),
    '( set -x; make build ); ' + LOGIN.rstrip("\n"),
])
def test_tracing_in_a_subshell_ends_with_it(line: str) -> None:
    """`set -x` in a subshell traces what runs there after it: a login fed by an untraced
    command outside (its words hold no password), or a login after the subshell, is not shown."""
    assert _traced("#!/bin/bash\n" + line + "\n") == ([], [])


@pytest.mark.parametrize("line", [
    '( «set -x»; echo "$REG_PASSWORD" | docker login -u ci --password-stdin r.example.com )',
    '( «set -x»; docker login -u ci -p "$REG_PASSWORD" r.example.com )',
    'echo "$REG_PASSWORD" | ( «set -x»; docker login -u ci --password-stdin r.example.com; curl -u "ci:$API_TOKEN" x )',
    'echo "$REG_PASSWORD" | ( «set -x»; docker login -u ci --password-stdin r.example.com; echo "$REG_PASSWORD" >/dev/null )',
])
def test_a_subshell_that_traces_a_credential_is_reported(line: str) -> None:
    found, spans = _traced("#!/bin/bash\n" + line + "\n")
    assert found == spans
