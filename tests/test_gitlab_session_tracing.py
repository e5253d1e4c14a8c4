"""DCR003 across a GitLab job's scripts: the runner joins the `before_script` in effect (the
job's own, else `default:`'s) and `script` into one script run by one shell, so a `set -x` left
on in the first traces the login of the second; `CI_DEBUG_TRACE` true traces every script of
the job (`after_script` too). Exact spans, spellings, near misses, no secret in the output."""

from __future__ import annotations

import pytest
from conftest import Lint

PW = "Zq8xW3vN5tR7yU1k"
LOGIN = '    - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"\n'
LOGIN_P = '    - docker login -u ci -p "$REGISTRY_PASSWORD" registry.example.com\n'


def _where(lint: Lint, text: str) -> list[tuple[str, int, int, int, int]]:
    return lint.scan(".gitlab-ci.yml", text, "--select", "DCR003").where()


def test_default_before_script_traces_the_jobs_login(lint: Lint) -> None:
    text = "default:\n  before_script:\n    - set -x\nbuild:\n  script:\n" + LOGIN
    assert _where(lint, text) == [("DCR003", 3, 7, 3, 13)]


def test_the_jobs_own_before_script_and_one_report_for_a_shared_one(lint: Lint) -> None:
    text = ("default:\n  before_script: [set -o xtrace]\n"
            "a:\n  script:\n" + LOGIN + "b:\n  script:\n" + LOGIN_P +
            "c:\n  before_script: [\"set -e\", \"set -x\"]\n  script:\n" + LOGIN_P)
    run = lint.scan(".gitlab-ci.yml", text, "--select", "DCR003")
    assert run.where() == [("DCR003", 2, 19, 2, 32), ("DCR003", 10, 30, 10, 36)]


@pytest.mark.parametrize(("before", "span"), [
    ('    - "s\\x65t -x"\n', (3, 8, 3, 17)),          # a YAML escape spells `set`
    ("    - s'e't -'x'\n", (3, 7, 3, 17)),            # bash quotes split the words
    ("    - |\n      set \\\n        -x\n", (4, 7, 5, 11)),  # a line continuation
    ("    - SET=1; set -eux\n", (3, 14, 3, 22)),      # case and a cluster of options
])
def test_spellings(lint: Lint, before: str, span: tuple[int, int, int, int]) -> None:
    text = "default:\n  before_script:\n" + before + "job:\n  script:\n" + LOGIN_P
    assert _where(lint, text) == [("DCR003", *span)]


@pytest.mark.parametrize("value", ['"true"', "1", "'True'", "true"])
def test_ci_debug_trace_at_its_value(lint: Lint, value: str) -> None:
    text = f"variables:\n  CI_DEBUG_TRACE: {value}\njob:\n  script:\n" + LOGIN_P
    start = 20 if value[0] in "\"'" else 19
    assert _where(lint, text) == [("DCR003", 2, start, 2, start + len(value.strip("\"'")))]


def test_ci_debug_trace_of_a_job_with_a_login_in_after_script(lint: Lint) -> None:
    text = ("job:\n  variables:\n    \"CI_DEBUG_\\x54RACE\": \"true\"\n  script: [make]\n  after_script:\n"
            + LOGIN_P)
    assert _where(lint, text) == [("DCR003", 3, 27, 3, 31)]


NEAR_MISSES = {
    "turned_off": "default:\n  before_script: [set -x, make deps, set +x]\njob:\n  script:\n" + LOGIN_P,
    "after_script_own_shell": "job:\n  script:\n" + LOGIN_P + "  after_script: [set -x, make clean]\n",
    "no_login": "default:\n  before_script: [set -x]\njob:\n  script: [make]\n",
    "hidden_job": "default:\n  before_script: [set -x]\n.tpl:\n  script:\n" + LOGIN_P,
    "not_inherited": ("default:\n  before_script: [set -x]\njob:\n  inherit:\n    default: [image]\n"
                      "  script:\n" + LOGIN_P),
    "own_before_script": "default:\n  before_script: [set -x]\njob:\n  before_script: [make]\n  script:\n" + LOGIN_P,
    "debug_false": "variables:\n  CI_DEBUG_TRACE: \"false\"\njob:\n  script:\n" + LOGIN_P,
    "debug_overridden": ("variables:\n  CI_DEBUG_TRACE: \"true\"\njob:\n  variables:\n    CI_DEBUG_TRACE: \"false\"\n"
                         "  script:\n" + LOGIN_P),
    "debug_not_inherited": ("variables:\n  CI_DEBUG_TRACE: \"true\"\njob:\n  inherit:\n    variables: false\n"
                            "  script:\n" + LOGIN_P),
    "debug_without_login": "variables:\n  CI_DEBUG_TRACE: \"true\"\njob:\n  script: [make]\n",
}


@pytest.mark.parametrize("case", sorted(NEAR_MISSES))
def test_near_misses_stay_silent(lint: Lint, case: str) -> None:
    assert _where(lint, NEAR_MISSES[case]) == []


def test_no_secret_in_the_output(lint: Lint) -> None:
    text = f"default:\n  before_script: [set -x]\njob:\n  script:\n    - docker login -u ci -p {PW} registry.example.com\n"
    run = lint.scan(".gitlab-ci.yml", text)
    assert ("DCR003", 2, 19) in run.starts() and ("DCR002", 5, 29) in run.starts()
    assert PW not in run.printed
    assert PW not in lint("--format", "sarif", ".").printed


# --- guard R8: after_script is another shell; a `set +x` of the script ends what it carries ---
# (GitLab runs before_script and script as one script, after_script in a new shell context:
# docs.gitlab.com/ci/jobs/job_execution)

CARRIED_OFF = {
    "login_in_after_script_only": ("default:\n  before_script:\n    - set -x\njob:\n  script:\n    - make\n"
                                   "  after_script:\n" + LOGIN_P),
    "own_before_script_login_in_after_script": ("job:\n  before_script:\n    - set -x\n  script: [make]\n"
                                                "  after_script:\n" + LOGIN_P),
    "set_plus_x_first": "default:\n  before_script:\n    - set -x\njob:\n  script:\n    - set +x\n" + LOGIN_P,
    "set_plus_o_xtrace_first": ("default:\n  before_script:\n    - set -x\njob:\n  script:\n"
                                "    - make deps; set +o xtrace\n" + LOGIN),
}


@pytest.mark.parametrize("case", sorted(CARRIED_OFF))
def test_tracing_not_carried_to_the_login(lint: Lint, case: str) -> None:
    assert _where(lint, CARRIED_OFF[case]) == []


@pytest.mark.parametrize(("script", "expected"), [
    # the `set +x` comes after the login: the login is traced
    (LOGIN_P + "    - set +x\n", [("DCR003", 3, 7, 3, 13)]),
    # a `set +x` in a function may not run before it: still carried
    ("    - 'off() { set +x; }'\n" + LOGIN_P, [("DCR003", 3, 7, 3, 13)]),
    # the script's own `set -x` after its `set +x`: reported there, not at the before_script's
    ("    - set +x\n    - set -x\n" + LOGIN_P, [("DCR003", 7, 7, 7, 13)]),
])
def test_tracing_carried_to_the_login(lint: Lint, script: str, expected: list[tuple[str, int, int, int, int]]) -> None:
    text = "default:\n  before_script:\n    - set -x\njob:\n  script:\n" + script
    assert _where(lint, text) == expected


def test_after_script_login_beside_a_script_login(lint: Lint) -> None:
    text = ("default:\n  before_script:\n    - set -x\njob:\n  script:\n" + LOGIN +
            "  after_script:\n" + LOGIN_P)
    assert _where(lint, text) == [("DCR003", 3, 7, 3, 13)]


def test_one_report_for_a_set_x_that_traces_two_logins(lint: Lint) -> None:
    # The template's set -x traces its own login and the login the job adds after it: one
    # problem at one place, one result (not one per login traced).
    text = (".tmpl:\n  script:\n    - set -x\n" + LOGIN +
            "deploy:\n  script:\n    - !reference [.tmpl, script]\n" + LOGIN_P)
    assert _where(lint, text) == [("DCR003", 3, 7, 3, 13)]
