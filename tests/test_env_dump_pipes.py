"""DCR003: an environment dump piped on still prints the job's secrets when what reads it keeps
the lines a secret's may be among (`env | sort`, `env | grep -i registry` in a script logging in
with `$REGISTRY_PASSWORD`, `printenv | grep TOKEN`, `set | grep -v PATH`) or writes them to a log
(`env | tee /dev/stderr > f`). Not when a transform may keep names only (`env | cut -d= -f1`),
grep keeps no line or a part (`-q`, `-c`, `-o`), its pattern names nothing secret, or the
lines go to a file. Each case was run with bash 5.2 (reported: the output held the password)."""

from __future__ import annotations

import pytest
from conftest import Lint

LOGIN = 'echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.example.org'


def _where(lint: Lint, text: str) -> list[tuple[str, int, int, int, int]]:
    return lint.scan("ci.sh", text, "--fail-on", "never", "--select", "DCR003").where()


SHOWN = {
    "sorted": ("env | sort", 4),
    "grep_of_a_part_of_the_logins_variable": ("env | grep -i registry", 4),
    "grep_of_a_secret_word": ("printenv | grep TOKEN", 9),
    "grep_alternatives": ("env | grep -E 'USER|PASS'", 4),
    "grep_inverted": ("set | grep -v PATH", 4),
    "export_p_through_sort_and_grep": ("export -p | sort | grep REGISTRY", 10),
    "tee_to_stderr_into_a_file": ("env | tee /dev/stderr > env.txt", 4),
}


@pytest.mark.parametrize("case", sorted(SHOWN))
def test_a_piped_dump_that_reaches_the_log(lint: Lint, case: str) -> None:
    line, end = SHOWN[case]
    assert _where(lint, f"#!/bin/bash\n{LOGIN}\n{line}\n") == [("DCR003", 3, 1, 3, end)]


SILENT = {
    "names_only": "env | cut -d= -f1",
    "transformed": "env | sed 's/=.*//'",
    "grep_quiet": "env | grep -q REGISTRY_PASSWORD",
    "grep_count": "env | grep -c PASS",
    "grep_only_matching": "env | grep -o 'PASS[A-Z_]*'",
    "grep_of_nothing_secret": "env | grep -i path",
    "case_differs": "env | grep registry",
    "into_a_file": "env | sort > env.txt",
    "captured": 'N=$(env | grep -c TOKEN)',
}


@pytest.mark.parametrize("case", sorted(SILENT))
def test_a_piped_dump_that_stays_off_the_log(lint: Lint, case: str) -> None:
    assert _where(lint, f"#!/bin/bash\n{LOGIN}\n{SILENT[case]}\n") == []
