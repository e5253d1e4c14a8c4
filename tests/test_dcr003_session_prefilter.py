"""DCR003's session check works out a GitLab file's sessions (every job's scripts and variables
walked again) only where tracing may reach a login from another context (`_may_trace_across`:
a parsed `set -x`, or `CI_DEBUG_TRACE` written). That test loses nothing: on random GitLab
files built of tracing, logins, CI_DEBUG_TRACE in several spellings, inheritance and hidden
jobs, the findings are those of the check with the test always passing."""

from __future__ import annotations

from typing import Any
from unittest import mock

from conftest import run_checks, scanned, where
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dcrlint.checks import dcr003_secret_leaked_to_log as dcr003

LOGINS = [
    'echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"',
    'docker login -u ci -p "$REGISTRY_PASSWORD" registry.example.com',
    "docker login -u ci --password-stdin registry.example.com < token.txt",
]
TRACING = ["set -x", "set -eux", "set -o xtrace", '"s\\x65t -x"', "s'e't -'x'", "set -x; make; set +x", "set +x"]
PLAIN = ["make", "echo done", "npm test"]
DEBUG_NAMES = ["CI_DEBUG_TRACE", '"CI_DEBUG_\\x54RACE"', "ci_debug_trace", "CI_DEBUG_TRACES"]
DEBUG_VALUES = ['"true"', "1", "false", "'True'", "no"]

_lines = st.lists(st.sampled_from([*LOGINS, *TRACING, *PLAIN]), min_size=1, max_size=3)
_variables = st.one_of(st.none(), st.tuples(st.sampled_from(DEBUG_NAMES), st.sampled_from(DEBUG_VALUES)))


def _script(key: str, lines: list[str], indent: str) -> str:
    return f"{indent}{key}:\n" + "".join(f"{indent}  - {line}\n" for line in lines)


def _vars(pair: tuple[str, str] | None, indent: str) -> str:
    return "" if pair is None else f"{indent}variables:\n{indent}  {pair[0]}: {pair[1]}\n"


@st.composite
def _gitlab_files(draw: Any) -> str:
    text = _vars(draw(_variables), "")
    if draw(st.booleans()):
        text += "default:\n" + _script("before_script", draw(_lines), "  ")
    if draw(st.booleans()):
        text += _script("before_script", draw(_lines), "")
    for i in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from([f"job{i}", f".hidden{i}"]))
        text += f"{name}:\n"
        if i and draw(st.booleans()):
            text += "  extends: .hidden0\n"
        inherit = draw(st.sampled_from(["", "default: false", "variables: false", "default: [before_script]",
                                        "variables: [CI_DEBUG_TRACE]"]))
        if inherit:
            text += f"  inherit:\n    {inherit}\n"
        text += _vars(draw(_variables), "  ")
        for key in ("before_script", "script", "after_script"):
            if key == "script" or draw(st.booleans()):
                text += _script(key, draw(_lines), "  ")
    return text


def _findings(text: str) -> list[Any]:
    file = scanned(text, ".gitlab-ci.yml")
    return where(file, [f for f in dcr003.check_sessions(file)])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_gitlab_files())
def test_sessions_prefilter_loses_nothing(text: str) -> None:
    fast = _findings(text)
    with mock.patch.object(dcr003, "_may_trace_across", lambda file: True):
        slow = _findings(text)
    assert fast == slow, text


def test_the_generator_reaches_both_findings() -> None:
    """The random files can hold each finding the prefilter guards (so the test above can fail)."""
    traced = "default:\n  before_script:\n    - set -x\njob:\n  script:\n    - " + LOGINS[1] + "\n"
    debug = "variables:\n  \"CI_DEBUG_\\x54RACE\": \"true\"\njob:\n  script:\n    - " + LOGINS[0] + "\n"
    assert [w[:2] for w in _findings(traced)] == [("DCR003", 3)]
    assert [w[:2] for w in _findings(debug)] == [("DCR003", 2)]
    assert not run_checks(scanned("job:\n  script:\n    - make\n", ".gitlab-ci.yml"), "DCR003")
