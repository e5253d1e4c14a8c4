"""Check gates and inert files: a file where no gate holds is not modelled (no YAML compose),
and still gets every notification the model would have given it; where one holds, every check
runs, and no gate after it is asked. `composes_cleanly` is held to compose: when it says a file composes cleanly,
compose finds no problem."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Lint
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dcrlint import checks, engine, yamlsrc
from dcrlint.records import replace
from dcrlint.source import SourceFile
from dcrlint.yamlsrc import YamlError, compose, composes_cleanly

# The engine asks the gates of every kind here (a run: engine.GATED_KINDS; conftest `gating`).
pytestmark = pytest.mark.usefixtures("gating")


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Every built-in check gets the gate `state["gate"]` (None: as built)."""
    state: dict[str, Any] = {"gate": None, "asked": 0}
    builtin = checks.for_kind

    def gate(file: object) -> bool:
        state["asked"] += 1
        verdict: bool = state["gate"](file)
        return verdict

    def with_gates(kind: Any) -> checks.Checks:
        found = builtin(kind)
        if state["gate"] is None:
            return found
        return checks.Checks(tuple(replace(c, gate=gate) for c in found.file),
                             tuple(replace(c, gate=gate) for c in found.follow_ups),
                             tuple(replace(c, gate=gate) for c in found.project))

    monkeypatch.setattr(checks, "for_kind", with_gates)
    engine._plan.cache_clear()  # the check table is read once per kind of file
    yield state
    monkeypatch.undo()
    engine._plan.cache_clear()


def _composes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A list that records the path of every file composed from now on."""
    seen: list[str] = []
    real = yamlsrc.compose

    def spy(source: SourceFile, problems: list[YamlError] | None = None) -> Any:
        seen.append(source.path)
        return real(source, problems)

    monkeypatch.setattr(yamlsrc, "compose", spy)
    return seen


SECRET_YAML = "service:\n  password: Zq8xW3vN5tR7yU1iO9pA\n  key: AKIAZ7TQ3RUTVW5KXPNQ\n"


def test_a_false_gate_skips_its_check(lint: Lint, gated: dict[str, Any]) -> None:
    lint.write("settings.yaml", SECRET_YAML)
    assert lint("--format", "json", "--fail-on", "never", ".").findings  # no gates: found
    gated["gate"] = lambda file: False
    engine._plan.cache_clear()
    r = lint("--format", "json", "--fail-on", "never", ".")
    assert r.findings == [] and gated["asked"] > 0
    gated["gate"] = lambda file: True  # every gate holds: all as without gates
    engine._plan.cache_clear()
    assert lint("--format", "json", "--fail-on", "never", ".").findings


def test_a_gate_that_holds_runs_every_check(lint: Lint, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where one gate holds, the file is modelled and every check runs, those whose gates are
    False too (each returns early on its own tests), and the gates after it in
    `checks.GATE_ORDER` are not asked."""
    lint.write("settings.yaml", SECRET_YAML)
    args = ("--format", "json", "--fail-on", "never", "--no-cache", ".")
    expected = lint(*args).findings
    assert any(f["rule"] == "DCR051" for f in expected)
    asked: list[str] = []
    builtin = checks.for_kind

    def gate_of(rule: str) -> Any:
        def gate(file: object) -> bool:
            asked.append(rule)
            return rule == "DCR050"  # finds nothing in the file

        return gate

    def with_gates(kind: Any) -> checks.Checks:
        found = builtin(kind)
        return checks.Checks(tuple(replace(c, gate=gate_of(c.rules[0])) for c in found.file),
                             tuple(replace(c, gate=gate_of(c.rules[0])) for c in found.follow_ups),
                             tuple(replace(c, gate=gate_of(c.rules[0])) for c in found.project))

    monkeypatch.setattr(checks, "for_kind", with_gates)
    engine._plan.cache_clear()
    assert lint(*args).findings == expected
    order = checks.GATE_ORDER
    assert asked and asked[-1] == "DCR050" and "DCR051" not in asked
    assert [order.index(r) for r in asked] == sorted(order.index(r) for r in asked)


def test_gate_order_names_rules_once() -> None:
    rules = [m.rule for m in checks.MODULES]
    assert len(set(checks.GATE_ORDER)) == len(checks.GATE_ORDER) and set(checks.GATE_ORDER) <= set(rules)


def test_a_failing_gate_holds(lint: Lint, gated: dict[str, Any]) -> None:
    def broken(file: object) -> bool:
        raise KeyError("x")

    lint.write("settings.yaml", SECRET_YAML)
    gated["gate"] = broken
    r = lint("--format", "json", "--fail-on", "never", ".")
    assert r.findings and r.code == 0 and "internal error" not in r.err


def test_inert_file_is_not_composed(lint: Lint, gated: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    lint.write("settings.yaml", "service:\n  name: web\n  port: 8080\n")
    composed = _composes(monkeypatch)
    gated["gate"] = lambda file: True  # every gate holds: modelled as without gates
    lint("--format", "json", "--fail-on", "never", "--no-cache", ".")
    assert composed
    composed.clear()
    gated["gate"] = lambda file: False
    engine._plan.cache_clear()
    r = lint("--format", "json", "--fail-on", "never", "--no-cache", ".")
    assert composed == [] and r.json()["summary"]["files_scanned"] == 1


BROKEN = {
    "syntax.yaml": "a: [1, 2\nb: c\n",
    "undefined-alias.yaml": "a: *nowhere\n",
    # (an anchor defined again is YAML 1.2, read so: yamlsrc._anchors_renamed; its alias misses)
    "duplicate-anchor.yaml": "a: &x 1\nb: &x 2\nc: *y\n",
    "bomb.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(7)),
    "control.yaml": "a: b\x1bc\n",
    "many.yaml": "a: 1\n---\nb: [\n---\nc: 2\n",
    "template.yaml": "a: {{ .Values.x }}\nb: [\n",
    # libyaml skips a byte order mark at the start of any line: an alias may follow one
    "bom-alias.yaml": "a: 1\n---\n\ufeff*nope : 1\n",
    "two-boms.yaml": "\ufeff\ufeff*nope : 1\n",
    "bomb-bom.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [\n" + ",\n".join(["\ufeff*" + chr(97 + i)] * 9) + "]\n" for i in range(7)),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_inert_file_keeps_its_notifications(lint: Lint, gated: dict[str, Any], name: str) -> None:
    lint.write(name, BROKEN[name])
    before = lint("--format", "json", "--fail-on", "never", "--no-cache", ".")
    assert before.json()["notifications"], name  # the fixture is broken
    gated["gate"] = lambda file: False
    engine._plan.cache_clear()
    after = lint("--format", "json", "--fail-on", "never", "--no-cache", ".")
    assert after.json()["notifications"] == before.json()["notifications"]
    assert after.err == before.err


# --------------------------------------------------------------------------- composes_cleanly

def _problems(text: str) -> list[str]:
    problems: list[YamlError] = []
    try:
        compose(SourceFile("f.yaml", text), problems)
    except YamlError as e:
        problems.append(e)
    return [p.message for p in problems]


@pytest.mark.parametrize("text", [*BROKEN.values(), "a: \ud800\n", "\t- a\n", "a: 'b\n"])
def test_composes_cleanly_refuses_what_compose_refuses(text: str) -> None:
    assert not composes_cleanly(SourceFile("f.yaml", text))


@pytest.mark.parametrize("text", ["", "a: 1\n", "- a\n- b: [1, {c: d}]\n",
                                  "a: 1\n---\nb: 2\n", "run: echo a && b *.txt\n", "\ufeffa: b\r\n"])
def test_composes_cleanly_accepts_clean_yaml(text: str) -> None:
    assert composes_cleanly(SourceFile("f.yaml", text)) and _problems(text) == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab:-&*![]{},|>'\"\n #\t\\.{}%x\x1b", max_size=40))
@example("a: *b\n")
@example("&a a: b\n")
@example("a: {{ b }}\n")
def test_composes_cleanly_implies_no_problem(text: str) -> None:
    if composes_cleanly(SourceFile("f.yaml", text)):
        assert _problems(text) == [], text


def test_raw_parse_is_cheaper_than_compose(tmp_path: Path) -> None:
    """Not a timing: the clean path creates no node object (what makes it cheap)."""
    import gc

    import yaml

    text = "a:\n" + "".join(f"  k{i}: [v{i}, w{i}]\n" for i in range(200))
    gc.collect()
    before = sum(1 for o in gc.get_objects() if isinstance(o, yaml.Node))
    assert composes_cleanly(SourceFile("f.yaml", text))
    assert sum(1 for o in gc.get_objects() if isinstance(o, yaml.Node)) == before


def test_kind_without_notes_runs_every_check(lint: Lint, gated: dict[str, Any],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind whose extractor has no NOTES (here a Jenkinsfile's, taken away) asks no gate: a
    check held off may be the one whose model gives the file's notifications (a Groovy error),
    which nothing else would give."""
    from dcrlint import extractors

    monkeypatch.setattr(extractors, "notes_of", lambda kind: None)
    lint.write("Jenkinsfile", 'node {\n  sh "echo hi\n}\n')
    before = lint("--format", "json", "--fail-on", "never", "--no-cache", ".")
    assert before.json()["notifications"]
    gated["gate"] = lambda file: False
    engine._plan.cache_clear()
    after = lint("--format", "json", "--fail-on", "never", "--no-cache", ".")
    assert after.json()["notifications"] == before.json()["notifications"] and gated["asked"] == 0
