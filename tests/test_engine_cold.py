"""The engine's cold-path shortcuts give what the long way gives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import run_checks, scanned
from hypothesis import example, given
from hypothesis import strategies as st

from dcrlint.k8s.clients import _OC, may_run_kubectl
from dcrlint.secretnames import is_secret_name, may_name_a_secret
from dcrlint.valuepatterns import DEFAULT_SECRET_NAMES


@given(st.text(alphabet="oc _-é1\n.Oc", max_size=12))
@example("oc")
@example("éoc")
@example("_oc_")
@example("doc oc")
def test_oc_pattern_is_a_word_boundary_search(text: str) -> None:
    assert (_OC.search(text) is not None) == (re.search(r"\boc\b", text) is not None)


def test_may_run_kubectl_answers_each_text() -> None:
    # the memo of the last text must not answer for another text
    assert may_run_kubectl("run: o'c' get pods")
    assert not may_run_kubectl("run: docker build .")
    assert may_run_kubectl("run: kube\"ctl\" apply")
    assert not may_run_kubectl("run: echo process")
    text = "x: oc"
    assert may_run_kubectl(text) and may_run_kubectl(text)


# --------------------------------------------------------------------------- secret names

_ASCII = st.characters(min_codepoint=0, max_codepoint=127)


@given(st.from_regex(DEFAULT_SECRET_NAMES, alphabet=_ASCII))
@example("DB_PASS")
@example("x-pwd")
@example("AUTH")
@example("PrivateKey")
@example("passphrase")
def test_every_ascii_secret_name_holds_one_of_the_words(text: str) -> None:
    """The built-in pattern's matches all hold a word of SECRET_NAME_WORDS: a text without one
    is answered without the regex."""
    assert re.search(DEFAULT_SECRET_NAMES, text)
    assert may_name_a_secret(text)


@given(st.text(alphabet="PASWORDKEYTHNpaswordkeythn_-$ſK", max_size=14))
@example("paſſword")
@example("PAſS")
@example("api_\u212aey")
def test_may_name_a_secret_is_a_superset(name: str) -> None:
    if is_secret_name(name) or re.search(DEFAULT_SECRET_NAMES, name):
        assert may_name_a_secret(name)
    assert may_name_a_secret(name, DEFAULT_SECRET_NAMES + "|foo")  # another pattern: the long way


@pytest.mark.parametrize("text", [
    'echo "$DB_PASS"',
    "echo $PAſSWORD",  # the pattern ignores case beyond ASCII (ſ is s)
    'printf %s "$API"_KEY',  # a name joined to letters once its quotes are gone: `$API_KEY`
    "echo ${ACCESS_KEY}",
    "Write-Host $env:Token",
    "echo %CREDENTIALS%",
])
def test_printed_secret_filter_holds(text: str) -> None:
    from dcrlint.checks._leak_filters import _may_print
    from dcrlint.config import Settings

    assert _may_print(text, Settings(root="."))


@pytest.mark.parametrize(("text", "found"), [
    ('echo "$DB_PASS"\n', ["DCR003"]),
    ("echo $PAſSWORD\n", ["DCR003"]),  # the pattern reads ſ as s: not told by ASCII words
    ("echo $BUILD_NUMBER\n", []),
])
def test_printed_secrets_found_in_a_script(text: str, found: list[str]) -> None:
    file = scanned(text, "build.sh")
    assert [f.rule_id for f in run_checks(file, "DCR003")] == found


@pytest.mark.parametrize(("path", "text"), [
    ("a.sh", 'e"cho" "$DB_PASSWORD"\n'),  # a name spelled with quotes
    ("a.sh", "ec\\ho $DB_PASSWORD\n"),  # ... with an escape
    ("a.sh", "x=1; 'echo' $DB_PASSWORD\n"),
    ("a.sh", "if true; then\n  echo $DB_PASSWORD\nfi\n"),
    ("a.sh", "true && echo \\\n  $DB_PASSWORD\n"),  # a line continuation
    ("a.sh", "$'\\x65'cho $DB_PASSWORD\n"),  # an ANSI-C string spelling the name: not told, parsed
    ("a.sh", "out=$(echo $DB_PASSWORD | base64);echo $DB_PASSWORD\n"),
    ("a.ps1.sh", "Write-Host $env:DB_PASSWORD\n"),
    ("a.sh", "export T=$DB_PASSWORD\nset\n"),
    ("a.sh", "printenv DB_PASSWORD\n"),
    (".github/workflows/w.yml", "on: push\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n"
     "      - run: Get-ChildItem Env:\\\n        shell: pwsh\n        env:\n          T: ${{ secrets.T }}\n"),
    (".github/workflows/w.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
     '      - run: "\\x65cho $DB_PASSWORD"\n'),  # a YAML escape: the run text is decoded
])
def test_printed_secret_filter_holds_where_dcr003_reports(path: str, text: str) -> None:
    """DCR003 reports each: its parse filter held on the context and on the statement (no other
    filter holds on them), for every spelling of a printing command and of an environment dump."""
    file = scanned(text, path)
    assert [f.rule_id for f in run_checks(file, "DCR003")] == ["DCR003"]


@pytest.mark.parametrize("text", [
    "curl -H 'Content-Type: application/json' -H \"Authorization: Bearer $API_TOKEN\" https://x\n",
    "cd $LOCATION && ./deploy --token $API_TOKEN\n",
    "msbuild $env:Solution /p:Token=$env:API_TOKEN\n",
    "cosign sign --key env://COSIGN_PRIVATE_KEY img\n",
    "/bin/catalog --token $API_TOKEN\n",
])
def test_printed_secret_filter_skips_words_that_only_hold_a_printing_name(text: str) -> None:
    from dcrlint.checks._leak_filters import _may_print
    from dcrlint.config import Settings

    assert not _may_print(text, Settings(root="."))


# --------------------------------------------------------------------------- classify


@given(st.lists(st.sampled_from(["pipeline", "node", "stage", "sh", "bat", "powershell", "pwsh", "x", "_", "é",
                                 " ", "\n", "{", "(", "[", "'", '"', "-", ".", "label", "script", ":", "\t"]),
                max_size=12).map("".join))
@example("pipeline {")
@example("xsh 'a'")
@example("_node(")
@example("éstage (")
def test_pipeline_hint_is_the_word_boundary_pattern(head: str) -> None:
    """The Groovy pipeline hint, a pattern a branch with each word first, holds where `\\b`
    before each word finds one (and each branch finds what its word's branch finds)."""
    from dcrlint.classify import _PIPELINE_HINT

    named = r"\b(?:sh|bat|pwsh|powershell)[ \t]+(?:script|label|returnStdout|returnStatus|encoding)[ \t]*:"
    written = (r"\bpipeline\s*\{|\bnode\s*[({]|\bstage\s*\(|\b(sh|bat|powershell|pwsh)\s*[('\"]|" + named
               + r"|\b(?:job|freeStyleJob|pipelineJob|matrixJob|mavenJob|multiJob)\s*\(\s*['\"]")
    assert any(p.search(head) for p in _PIPELINE_HINT) == (re.search(written, head) is not None)
    branches = [r"\bpipeline\s*\{", r"\bnode\s*[({]", r"\bstage\s*\(", r"\bsh\s*[('\"]", r"\bbat\s*[('\"]",
                r"\bpowershell\s*[('\"]", r"\bpwsh\s*[('\"]", named, r"\b(?:job|freeStyleJob|pipelineJob|matrixJob|mavenJob|multiJob)\s*\(\s*['\"]"]
    for p, branch in zip(_PIPELINE_HINT, branches, strict=True):
        assert [m.span() for m in p.finditer(head)] == [m.span() for m in re.finditer(branch, head)]


@pytest.mark.parametrize(("path", "found"), [
    ("build.sh", ["`echo` prints", "shell tracing", "`env` prints"]),
    # prints the secret to git, by design: not the echo; the trace goes to stderr (the log), no answer
    ("bin/git-askpass.sh", ["shell tracing", "`env` prints"]),
    ("docker-credential-corp.sh", ["shell tracing", "`env` prints"]),
])
def test_dcr003_helper_scripts_print_to_git(path: str, found: list[str]) -> None:
    text = "#!/bin/sh\nset -x\ndocker login -u u -p \"$REG_PASSWORD\" r.io\necho \"$REG_PASSWORD\"\nenv\n\n\n"
    messages = [f.message for f in run_checks(scanned(text, path), "DCR003")]
    assert len(messages) == len(found) and all(any(m.startswith(p) for m in messages) for p in found)


# --------------------------------------------------------------------------- the cycle collector


@pytest.mark.parametrize("enabled", [True, False])
def test_a_file_is_scanned_with_the_collector_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  enabled: bool) -> None:
    """No cycle collection in the middle of a file (its objects live until it is done), and the
    collector as it was after it, whatever the file gave."""
    import gc

    from conftest import engine_scan

    from dcrlint import engine

    seen: list[bool] = []
    analyse = engine._analyse

    def watched(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return analyse(*args)

    monkeypatch.setattr(engine, "_analyse", watched)
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        engine_scan(tmp_path, {"a.sh": "echo ghp_" + "a" * 36 + "\n", "b.yaml": "k: [\n"},
                    rules=frozenset({"DCR051"}))
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert seen and not any(seen)
