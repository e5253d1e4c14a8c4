"""Limits: hostile inputs cost bounded time and memory, and bad settings are configuration
errors, never tracebacks. A value of letters then many digits is read in linear time."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import write

from dcrlint.redact import Occurrences, Redactor


def test_overlapping_secrets_are_both_masked() -> None:
    # A leftmost-longest substitution masks the first and leaves the tail of the second.
    r = Redactor(["abcd1234", "1234wxyz"])
    assert r.scrub("x=abcd1234wxyz;") == "x=************;"


def test_occurrences_report_every_start_merged() -> None:
    o = Occurrences(["abcd", "cdef", "abc", "xyz", "aaaaa"])
    assert o.spans("zzabcdefzz xyzaaaaaaa") == [(2, 8), (11, 21)]
    assert o.spans("abcdef", 1) == [(2, 6)]


def test_long_and_short_strings_found_together() -> None:
    long = "Lq9" * 300  # longer than the automaton takes: looked for on its own
    o = Occurrences([long, "q9Lq9!", "zzzz"])
    text = "a " + long + "! zzzz " + long
    assert o.spans(text) == [(2, 903), (904, 908), (909, 1809)]
    assert o.spans(text, merge=False)[:2] == [(2, 902), (897, 903)]


def test_occurrences_count_code_points_in_any_text() -> None:
    # Python keeps text 1, 2 or 4 bytes a character; positions are characters in each.
    o = Occurrences(["pässwörd", "Zt8m\udcffQ2", "k€y😀k€y"])
    for text in ("a pässwörd b", "€ pässwörd b", "😀 pässwörd b"):
        assert o.spans(text) == [(2, 10)] and o.spans(text, 1, 11) == [(2, 10)]
        assert o.spans(text, 3) == [] and o.spans(text, 0, 9) == []
    assert o.spans("x Zt8m\udcffQ2 k€y😀k€y") == [(2, 9), (10, 17)]


def test_strings_nested_hundreds_deep() -> None:
    words = ["k" * i + "!" for i in range(1, 300)] + ["k" * i for i in range(4, 300, 3)]
    o = Occurrences(words)
    assert o.spans("k" * 50 + "!") == [(0, 51)]


# --------------------------------------------------------------------------- YAML aliases

def _bomb(anchor_value: str, levels: int = 9) -> str:
    lines = [f".l0: &l0 [{anchor_value}]"]
    lines += [f".l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_alias_bomb_in_gitlab_script_is_a_notification(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, ".gitlab-ci.yml", _bomb('"docker login -u u -p $P r.example.com"')
          + "build:\n  script: [" + ", ".join(["*l8"] * 9) + "]\n")
    start = time.perf_counter()
    r = lint("--format", "json", ".")
    assert time.perf_counter() - start < 10
    assert r.code == 0 and "Traceback" not in r.err
    notes = r.json()["notifications"]
    assert any("alias bomb" in n["message"] for n in notes), notes


def test_alias_bomb_leaves_other_documents_scanned(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "k8s/all.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n" + "\n".join(
        "  " + line for line in _bomb("lol").splitlines()) + "\n---\n"
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: Zt8mQ2vL9xKp\n")
    r = lint("--format", "json", ".")
    assert [(f["rule"], f["start"]["line"]) for f in r.json()["findings"]] == [("DCR023", 19)]
    assert any("alias bomb" in n["message"] and n["line"] == 1 for n in r.json()["notifications"])


def test_one_unreadable_document_keeps_the_others(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: {}\n"
    write(tmp_path, "k8s/all.yaml", secret.format("Zt8mQ2vL9xKp") + "---\nbad: \x07bell\n---\n"
          + secret.format("Hq4nW7eR2tYu"))
    r = lint("--format", "json", ".")
    assert [(f["rule"], f["start"]["line"]) for f in r.json()["findings"]] == [("DCR023", 6), ("DCR023", 15)]
    notes = r.json()["notifications"]
    assert [(n["line"], "control characters" in n["message"]) for n in notes] == [(8, True)]


# --------------------------------------------------------------------------- user policies

HEAD = """id: ACME100
name: test-policy
level: warning
security-severity: 3.0
short-description: A test policy.
target: [gitlab-ci]
select: '*'
"""


@pytest.mark.parametrize(("body", "problem"), [
    ("where:\n  equals: !custom x\nmessage: hi\n", r"p\.yaml:9: cannot read this value .*'!custom'"),
    ("where:\n  equals: x\nmessage: '{value:>200000000}'\n",
     r"p\.yaml:10: message: \{value:>200000000\}: format specs and conversions are not supported"),
    ("where:\n  equals: x\nmessage: '{value!r}'\n", r"format specs and conversions are not supported"),
    ("x:\n" + "".join("  " + line.replace(".l", "l") + "\n" for line in _bomb("lol").splitlines())
     + "where:\n  equals: x\n", r"p\.yaml:1: YAML aliases expand the document"),
])
def test_hostile_policy_is_a_configuration_error(lint, tmp_path: Path, body: str, problem: str) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "policies/p.yaml", HEAD + body)
    write(tmp_path, ".gitlab-ci.yml", "build:\n  script: [make]\n")
    start = time.perf_counter()
    r = lint("--rules-dir", "policies", ".")
    assert time.perf_counter() - start < 5
    assert r.code == 2 and "Traceback" not in r.err
    assert re.search(problem, r.err), r.err


# --------------------------------------------------------------------------- Jenkins

def test_jenkins_nesting_past_the_limit_is_a_notification(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inner = "sh 'docker login -u u -p $P r.example.com'"
    for i in range(200):
        inner = f"stage('s{i}') {{ steps {{ {inner} }} }}"
    write(tmp_path, "Jenkinsfile", f"pipeline {{ agent any\n stages {{ {inner} }} }}\n")
    r = lint("--format", "json", ".")
    notes = r.json()["notifications"]
    assert any("nested more than 150 deep" in n["message"] and n["line"] == 2 for n in notes), notes


def test_groovy_constant_interpolation_has_exact_spans(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = ("node {\n"
            "  sh \"docker login -u ci -p ${'Zt8mQ2vL9xKp'} r.example.com\"\n"
            "  sh \"echo ${ \"a\" } && docker login -u ci -p ${\"Hq\\u0034nW7eR2tYu\"} r.example.com\"\n"
            "}\n")
    write(tmp_path, "Jenkinsfile", text)
    lines = text.splitlines()
    r = lint("--format", "json", "--select", "DCR002", ".")
    got = [(f["start"]["line"], lines[f["start"]["line"] - 1][f["start"]["column"] - 1 : f["end"]["column"] - 1])
           for f in r.json()["findings"]]
    assert got == [(2, "Zt8mQ2vL9xKp"), (3, "Hq\\u0034nW7eR2tYu")]


# --------------------------------------------------------------------------- settings

@pytest.mark.parametrize(("config", "problem"), [
    ("kubernetes:\n  default-namespace: []\n", "kubernetes.default-namespace: expected a non-empty string, got []"),
    ("kubernetes:\n  default-namespace: {a: 1}\n", "kubernetes.default-namespace: expected a non-empty string"),
    ("placeholders: ['(']\n", "placeholders: '(' is not a valid regular expression"),
    ("registries:\n  private: ['[a-']\n", "registries.private: '[a-' is not a valid regular expression"),
    # RE2 cannot run a lookahead, and Python's engine could backtrack for ever on this one.
    ("secret-names: ['(?=x)(a+)+$']\n", "secret-names: '(?=x)(a+)+$' could take exponential time"),
])
def test_bad_settings_are_configuration_errors(lint, tmp_path: Path, config: str, problem: str) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, ".dcrlint.yaml", config)
    write(tmp_path, "a.sh", "echo hi\n")
    r = lint(".")
    assert r.code == 2 and "Traceback" not in r.err
    assert problem in r.err, r.err


def test_documented_placeholder_with_inline_flags_works(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # `(?i)` is a global flag: joined into one alternation it was an error in every check.
    write(tmp_path, ".dcrlint.yaml", "placeholders: ['(?i)dummy-\\w+']\nsecret-names: ['(?i)bearer']\n")
    write(tmp_path, "k8s/s.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n"
          "  password: DUMMY-value\n  bearer_x: Zt8mQ2vL9xKp\n")
    r = lint("--format", "json", ".")
    assert r.code == 1, r.err
    assert not r.json()["notifications"]
    assert [(f["rule"], f["start"]["line"]) for f in r.json()["findings"]] == [("DCR023", 7)]


def test_catastrophic_user_patterns_run_in_linear_time(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, ".dcrlint.yaml", "secret-names: ['(a+)+$']\nplaceholders: ['(x+x+)+y']\n"
          "registries:\n  private: ['(\\w+\\.)*\\w+!']\n")
    long = "a" * 40 + "!"
    write(tmp_path, "k8s/p.yaml", f"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: c\n"
          f"      image: {'b.' * 40}c/app\n      env:\n        - name: {long}\n          value: {'x' * 40}\n")
    start = time.perf_counter()
    r = lint("--format", "json", ".")
    assert time.perf_counter() - start < 10
    assert r.code in (0, 1) and not r.json()["notifications"], r.err


def test_policy_patterns_run_in_linear_time(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "policies/p.yaml", HEAD + "where:\n  matches: '^(a|aa)+$'\nmessage: slow\n")
    write(tmp_path, ".gitlab-ci.yml", "build:\n  script: ['" + "a" * 60 + "!']\n")
    start = time.perf_counter()
    r = lint("--rules-dir", "policies", "--format", "json", ".")
    assert time.perf_counter() - start < 10
    assert r.code == 0, r.err


# --------------------------------------------------------------------------- time budget

def test_a_file_over_its_time_budget_is_a_notification(lint, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from dcrlint import engine

    analyse = engine._analyse

    def slow(out, source, *args):  # type: ignore[no-untyped-def]
        if source.path.endswith("slow.sh"):
            time.sleep(5)
        return analyse(out, source, *args)

    monkeypatch.setattr(engine, "_analyse", slow)
    monkeypatch.setattr(engine, "FILE_TIME_BUDGET", 0.5)
    write(tmp_path, "slow.sh", "docker login -u u -p Zt8mQ2vL9xKp r.example.com\n")
    write(tmp_path, "fast.sh", "docker login -u u -p Hq4nW7eR2tYu r.example.com\n")
    start = time.perf_counter()
    r = lint("--format", "json", ".")
    assert time.perf_counter() - start < 4
    assert {f["path"] for f in r.json()["findings"]} == {"fast.sh"}
    assert [(n["path"], "stopped, not scanned" in n["message"]) for n in r.json()["notifications"]] == [
        ("slow.sh", True)]


@pytest.mark.parametrize("baseline", [
    '{"dcrlint-baseline": 2, "findings": [{"fingerprint": ["x"]}]}',
    '{"dcrlint-baseline": 2, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"dcrlint-baseline": 2, "findings": {"a": 1}}',
    "[1, 2]",
])
def test_bad_baseline_is_a_configuration_error(lint, tmp_path: Path, baseline: str) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "b.json", baseline)
    write(tmp_path, "a.sh", "echo hi\n")
    r = lint("--baseline", "b.json", "a.sh")
    assert r.code == 2 and "Traceback" not in r.err
    assert "b.json: not a dcrlint baseline" in r.err, r.err


def test_baseline_with_a_byte_order_mark_is_read(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "b.json").write_bytes(b'\xef\xbb\xbf{"dcrlint-baseline": 2, "findings": []}')
    write(tmp_path, "a.sh", "echo hi\n")
    assert lint("--baseline", "b.json", "a.sh").code == 0


def test_long_digit_runs_are_read_in_linear_time() -> None:
    """A value of letters then many digits that is no store path nor identifier (`ghp_` and 40
    digits, `abc` and 40 digits then `!`) was tried every way its digits split: seconds for 26
    digits, doubling with each more. Now each run of digits is taken whole."""
    import time

    from dcrlint.notsecret import not_a_secret, setting_value

    start = time.monotonic()
    assert not_a_secret("kv_" + "1234567890" * 4 + "!") is None
    assert setting_value("abc" + "1234567890" * 4 + "!", "mode") is False
    assert setting_value("app-v2/db_" + "7" * 40, "region") is True
    assert time.monotonic() - start < 1
