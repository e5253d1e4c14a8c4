"""Refused suppression comments among valid ones.

A refused directive (no rule IDs: a bare `ignore`, an `ignore-file[...]`; a date that is no
date; an expired one) is reported (DCR902) and suppresses nothing, and it takes nothing from the
valid directives of its file: each valid one still suppresses its own finding, the file's last
one included, wherever the refused ones stand (before, between, after the valid ones), in a
script, in YAML (a plain scalar's comment, a shell comment in a block scalar) and in Groovy.
The index of directives by the line they cover once lost the file's last valid directive when a
refused one stood before it (its order in the file was counted among the directives in force).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

# Alone on their lines (each would cover the next line, had it rule IDs that hold).
REFUSED = (
    "dcrlint: ignore",
    "dcrlint: ignore no rule IDs here",
    "dcrlint: ignore-file[DCR050] fixtures",
    "dcrlint: ignore-file",
    "dcrlint: ignore[DCR050, exp:2026-01-31] expired",  # also "suppresses nothing" (DCR900)
    "dcrlint: ignore[DCR050, exp:soon] no date",
)
VALID = "dcrlint: ignore[DCR050] throwaway test host"
EXPIRED = REFUSED[4]


@dataclass(frozen=True)
class Language:
    name: str  # the file scanned
    comment: str  # what starts a comment
    indent: str  # of a line in the file's body
    command: Callable[[str], str]  # a line running a command, as the file writes it
    wrap: Callable[[str], str]  # the file around its body


def _url(i: int) -> str:
    return f"curl https://u:Tr8SupPw{i}x@h{i}.example.com"


LANGUAGES = (
    Language("t.sh", "#", "", lambda c: c, lambda body: f"#!/bin/sh\n{body}"),
    Language(".gitlab-ci.yml", "#", "    ", lambda c: f"- {c}",
             lambda body: f"build:\n  script:\n{body}"),
    Language("block/.gitlab-ci.yml", "#", "    ", lambda c: c,
             lambda body: f"build:\n  script: |\n{body}"),
    Language("Jenkinsfile", "//", "      ", lambda c: f"sh '{c}'",
             lambda body: f"pipeline {{\n  agent any\n  stages {{ stage('x') {{ steps {{\n{body}  }} }} }}\n}}\n"),
)


def _file(lang: Language, slots: list[list[str]], valid: int, alone: bool) -> tuple[str, dict[int, str], set[int]]:
    """The file's text, the lines of its refused directives and of its findings: `slots[k]` are
    the refused directives before the k-th finding (the last slot after the last finding)."""
    lines = lang.wrap("\0").partition("\0")[0].count("\n")  # lines before the body
    body: list[str] = []
    refused: dict[int, str] = {}
    found: set[int] = set()
    for k, slot in enumerate(slots):
        for text in slot:
            body.append(f"{lang.indent}{lang.comment} {text}\n")
            refused[lines + len(body)] = text
        if k == valid:
            break
        if alone:
            body.append(f"{lang.indent}{lang.comment} {VALID}\n")
            body.append(f"{lang.indent}{lang.command(_url(k))}\n")
        else:
            body.append(f"{lang.indent}{lang.command(_url(k))}  {lang.comment} {VALID}\n")
        found.add(lines + len(body))
    return lang.wrap("".join(body)), refused, found


def _layouts(valid: int) -> list[list[list[str]]]:
    """Each refused directive alone in each slot, then all of them in every slot."""
    out = []
    for text in REFUSED:
        for at in range(valid + 1):
            out.append([[text] if k == at else [] for k in range(valid + 1)])
    out.append([list(REFUSED) for _ in range(valid + 1)])
    return out


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.name)
@pytest.mark.parametrize("alone", [False, True], ids=["inline", "line-before"])
def test_refused_directives_take_nothing_from_valid_ones(lint, lang: Language, alone: bool) -> None:
    valid = 3
    files: dict[str, tuple[dict[int, str], set[int]]] = {}
    for n, slots in enumerate(_layouts(valid)):
        rel = f"{n}/{lang.name}"
        text, refused, found = _file(lang, slots, valid, alone)
        lint.write(rel, text)
        files[rel] = refused, found
    run = lint("--format", "json", "--show-suppressed", "--report-unused-ignores", "--now", "2026-06-01")
    for rel, (refused, found) in files.items():
        hits = [h for h in run.hits() if h.path == rel]
        reported = [("DCR902", line) for line in refused] + [("DCR900", line) for line, text in refused.items() if text == EXPIRED]
        assert sorted((h.rule, h.line) for h in hits if not h.suppressed) == sorted(reported), rel
        assert sorted((h.rule, h.line) for h in hits if h.suppressed) == [("DCR050", line) for line in sorted(found)], rel


def test_a_refused_directive_on_a_finding_line_suppresses_nothing(lint) -> None:
    """... while the valid ones around it still do (the one before it and the last)."""
    text = "".join(f"{_url(i)}  # {REFUSED[0] if i == 1 else VALID}\n" for i in range(3))
    run = lint.scan("t.sh", "#!/bin/sh\n" + text, "--show-suppressed", "--report-unused-ignores")
    assert sorted((h.rule, h.line, h.suppressed) for h in run.hits()) == [
        ("DCR050", 2, True), ("DCR050", 3, False), ("DCR050", 4, True), ("DCR902", 3, False)]
