"""DCR003: a `set +x` that ends tracing before a login (guard R8, d500e70). A `set +x` ends what a
`set -x` before it started when the script's own shell runs it, in the order of the text, each
time the statement holding it runs: a top-level statement, the first operand of a top-level
`&&`/`||` list, a command of a top-level brace group (`{ set +x; } 2>/dev/null`, the idiom that
turns tracing off without tracing the `set +x`). Each case was run with bash 5.2 and dash under
`set -x` (reported: the trace held the password; silent: it did not)."""

from __future__ import annotations

import pytest
from conftest import Lint

FEED = 'echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.example.org'
SET_X = ("DCR003", 2, 1, 2, 7)


def _where(lint: Lint, text: str, path: str = "ci.sh") -> list[tuple[str, int, int, int, int]]:
    return lint.scan(path, text, "--fail-on", "never", "--select", "DCR003").where()


OFF = {
    "quiet_group": "make deps\n{ set +x; } 2>/dev/null",
    "quiet_group_no_redirect": "{ set +x; }",
    "group_of_two": "{ make deps; set +x; } 2>/dev/null",
    "first_operand_of_a_list": "set +x && true",
    "redirected_first_operand": "set +x 2>/dev/null || true",
}


@pytest.mark.parametrize("case", sorted(OFF))
def test_tracing_ends_before_the_login(lint: Lint, case: str) -> None:
    assert _where(lint, f"#!/bin/bash\nset -x\n{OFF[case]}\n{FEED}\n") == []


def test_off_and_the_login_in_one_list(lint: Lint) -> None:
    assert _where(lint, f"#!/bin/bash\nset -x\nset +x && {FEED}\n") == []


def test_off_and_the_login_in_one_group(lint: Lint) -> None:
    assert _where(lint, f"#!/bin/bash\nset -x\n{{ set +x; {FEED}; }}\n") == []


STILL_ON = {
    "a_later_operand": "true || { set +x; }",
    "a_condition": '[ -n "$QUIET" ] && set +x',
    "in_the_background": "set +x &",
    "in_a_function_not_called": "f() { set +x; }",
    "in_a_subshell": "( set +x )",
    "a_group_without_it": "{ true; } 2>/dev/null",
    "in_a_pipeline": "set +x | cat",
    "in_a_branch": "if true; then { set +x; }; fi",
}


@pytest.mark.parametrize("case", sorted(STILL_ON))
def test_tracing_stays_on(lint: Lint, case: str) -> None:
    assert _where(lint, f"#!/bin/bash\nset -x\n{STILL_ON[case]}\n{FEED}\n") == [SET_X]


GITLAB = "job:\n  before_script:\n{}  script:\n{}"
LOGIN_ITEM = f"    - {FEED}\n"


def test_gitlab_before_script_block_ends_with_a_quiet_off(lint: Lint) -> None:
    before = "    - |\n      set -x\n      make deps\n      { set +x; } 2>/dev/null\n"
    assert _where(lint, GITLAB.format(before, LOGIN_ITEM), ".gitlab-ci.yml") == []


def test_gitlab_script_starts_with_a_quiet_off(lint: Lint) -> None:
    script = "    - '{ set +x; } 2>/dev/null'\n" + LOGIN_ITEM
    assert _where(lint, GITLAB.format("    - set -x\n", script), ".gitlab-ci.yml") == []


def test_gitlab_off_in_the_logins_list(lint: Lint) -> None:
    script = f"    - set +x && {FEED}\n"
    assert _where(lint, GITLAB.format("    - set -x\n", script), ".gitlab-ci.yml") == []


def test_gitlab_off_only_when_a_condition_holds(lint: Lint) -> None:
    script = "    - '[ -n \"$QUIET\" ] && { set +x; } 2>/dev/null'\n" + LOGIN_ITEM
    assert _where(lint, GITLAB.format("    - set -x\n", script), ".gitlab-ci.yml") == [("DCR003", 3, 7, 3, 13)]


def test_gitlab_before_script_block_off_in_the_background(lint: Lint) -> None:
    before = "    - |\n      set -x\n      set +x &\n"
    assert _where(lint, GITLAB.format(before, LOGIN_ITEM), ".gitlab-ci.yml") == [("DCR003", 4, 7, 4, 13)]


# bash's `shopt -o` sets the `set -o` options: `shopt -so xtrace` turns tracing on, `-uo` off.
@pytest.mark.parametrize(("line", "end"), [("shopt -so xtrace", 17), ("shopt -s -o xtrace", 19), ("shopt -os xtrace", 17)])
def test_shopt_o_turns_tracing_on(lint: Lint, line: str, end: int) -> None:
    assert _where(lint, f"#!/bin/bash\n{line}\n{FEED}\n") == [("DCR003", 2, 1, 2, end)]


@pytest.mark.parametrize("lines", ["shopt -s xtrace", "shopt -qo xtrace", "set -x\nshopt -uo xtrace"])
def test_shopt_not_turning_tracing_on(lint: Lint, lines: str) -> None:
    assert _where(lint, f"#!/bin/bash\n{lines}\n{FEED}\n") == []
