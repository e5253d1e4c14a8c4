"""The Jenkins model's early exit (`jenkins.analyze`): a Jenkinsfile that names no call the model
holds (a shell step, `environment`, a registry) is not parsed into calls, unless its nesting may
pass the depth limit (then it is, for the notification). The exit loses nothing: the model is
the one the full parse makes, on random Groovy and on the spellings below, and the depth test
holds wherever the parse passes the limit (checked with low limits, where random text reaches
them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Lint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dcrlint import jenkins
from dcrlint.groovy import tokenize
from dcrlint.jenkins import JenkinsModel, _CallParser, _Walker, analyze

# The engine asks the gates of every kind here (a run: engine.GATED_KINDS; conftest `gating`).
pytestmark = pytest.mark.usefixtures("gating")

PIECES = ["pipeline", "node", "stage('a')", "steps", "script", "sh", "bat", "powershell", "pwsh", "echo",
          "environment", "docker.withRegistry", "withDockerRegistry", "withRegistry", "withCredentials",
          "def", "return", "x", "y.z", "a?.b", "credentials('c')", " ", " ", "\n", "\n", ";", "{", "}", "(", ")",
          "[", "]", ",", ":", "=", " + ", ".", "?.", "&&", "-", "'s'", '"d $x"', '"${y}"', "'''t\n'''", "1",
          "// c\n", "/* c */", "\\\n", "->", "?:", "in", "as"]
GROOVY = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


def _full(text: str) -> tuple[JenkinsModel, bool]:
    """The model as the parse without the early exit makes it, and whether it passed the limit."""
    tokens = tokenize(text)
    parser = _CallParser(tokens)
    calls = parser.calls(0, len(parser.toks))
    walker = _Walker(parser, text)
    walker.walk(calls, (), ())
    model = JenkinsModel(tuple(tokens), calls, tuple(walker.steps), tuple(walker.environment),
                         tuple(walker.registries), tuple(walker.credentials), parser.truncated_at)
    return model, parser.truncated


def _same(text: str) -> None:
    full, _ = _full(text)
    got = analyze(tokenize(text), text)
    assert got.steps == full.steps
    assert got.environment == full.environment
    assert got.registries == full.registries
    assert got.too_deep_at == full.too_deep_at
    assert got.errors == full.errors


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(GROOVY, st.integers(min_value=0, max_value=6))
def test_the_depth_test_holds_wherever_the_parse_passes_the_limit(text: str, limit: int) -> None:
    old = jenkins.MAX_DEPTH
    jenkins.MAX_DEPTH = limit
    try:
        _, truncated = _full(text)
        if truncated:
            assert _CallParser(tokenize(text)).may_nest_too_deep(), text
        _same(text)
    finally:
        jenkins.MAX_DEPTH = old


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(GROOVY)
def test_the_model_is_the_full_parse_s(text: str) -> None:
    _same(text)


DEEP_BLOCKS = "".join(f"b{i} {{ " for i in range(200)) + "echo 'x'" + " }" * 200
SPELLED = [
    "node { sh 'docker login -u u -p $P r' }",
    "node { sh(script: \"docker lo\\u0067in -u u -p $P r\") }",
    "node { bat 'docker login -u u -p %P% r' }",
    "node { powershell 'docker login -u u -p $env:P r' }",
    "node { pwsh 'docker login' }",
    "pipeline { environment { P = 'Zt8mQ2vL9xKp' } }",
    "docker.withRegistry('https://u:p@r.example.com', 'c') { }",
    "docker?.withRegistry('https://r.example.com', 'c') { }",
    "withDockerRegistry([url: 'https://r.example.com', credentialsId: 'c']) { }",
    "node { s\\u0068 'docker login -u u -p $P r' }",  # not an identifier sh, for Groovy's lexer here
    DEEP_BLOCKS,  # no call the model holds, nested past the limit: still reported
    "a " + " ".join(f"w{i}" for i in range(200)) + "\n",  # calls without parentheses, 200 deep
    "a " + " ".join(f"w{i}" for i in range(100)) + " +\n" + " ".join(f"v{i}" for i in range(100)) + "\n",
    "a " + " ".join(f"w{i}" for i in range(149)) + "\n",
]


@pytest.mark.parametrize("text", SPELLED)
def test_the_model_is_the_full_parse_s_on_spellings(text: str) -> None:
    _same(text)


def test_nesting_past_the_limit_without_a_step_is_still_a_notification(lint: Lint, tmp_path: Path) -> None:
    (tmp_path / "Jenkinsfile").write_text("pipeline {\n" + DEEP_BLOCKS + "\n}\n")
    notes = lint("--format", "json", "--no-git", ".", cwd=tmp_path).json()["notifications"]
    assert [n["line"] for n in notes if "nested more than 150 deep" in n["message"]] == [2], notes


NAMED = st.lists(st.sampled_from(["token", "TOKEN", "Pass", "pwd", "key", "Auth", "secret", "credential", "api",
                                  "_", "0", "9", "a", "Z", "$", ".", "-", " ", "\n", "'", '"', "=", "(", ")"]),
                 max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(NAMED)
def test_dcr012_gate_reads_the_names_with_a_secret_word(text: str) -> None:
    """DCR012's gate reads only the names holding a secret word (`_worded_names`): among every
    name of the text (`_SIMPLE_NAME.findall`), they are the ones the built-in pattern may take."""
    from dcrlint.checks.dcr012_groovy_secret_interpolation import _SIMPLE_NAME, _worded_names
    from dcrlint.secretnames import is_secret_name

    every = set(_SIMPLE_NAME.findall(text))
    worded = _worded_names(text)
    assert worded <= every
    assert {n for n in worded if is_secret_name(n)} == {n for n in every if is_secret_name(n)}


MARKED = st.lists(st.sampled_from(["\\", "$", "$$", "$/", "${", "'", '"', "'''", " ", "\t", "}", "{", "\n", "a", "/"]),
                  max_size=24).map("".join)


@settings(max_examples=600, deadline=None)
@given(MARKED)
def test_groovy_marks_found_fast(text: str) -> None:
    """The fast tests of where a Groovy text may read otherwise decoded agree with the patterns
    that define them (`unescaped`, `escape_lines`)."""
    from dcrlint.checks import _spellings
    from dcrlint.classify import FileKind

    assert _spellings._groovy_spells(text) == (_spellings._GROOVY_SPELLS.search(text) is not None)
    assert _spellings._groovy_marked(text) == (_spellings._GROOVY_MARKS.search(text) is not None)
    if not _spellings._groovy_marked(text):
        assert _spellings.escape_lines(text, FileKind.JENKINSFILE) == ""
