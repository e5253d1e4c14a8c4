"""DCR003: an environment dump piped on still prints the job's secrets when what reads it keeps
the lines a secret's may be among (`env | sort`, `env | grep -i registry` in a script logging in
with `$REGISTRY_PASSWORD`, `printenv | grep TOKEN`, `set | grep -v PATH`) or writes them to a log
(`env | tee /dev/stderr > f`), also from a piped group (`{ env; echo x; } | sort`). Not when a transform may keep names only (`env | cut -d= -f1`),
grep keeps no line or a part (`-q`, `-c`, `-o`), its pattern names nothing secret, `grep -v`
drops every secret line (`-e PASSWORD -e TOKEN` where the script's secret is REGISTRY_PASSWORD),
or the lines go to a file or a program keeping them (also from a piped group or subshell: `{ env;
echo x; } | loader`, held-out 19a G1, also negated: `if ! { env; } | loader; then`). Each case was run with bash 5.2 (reported: the output held the password)."""

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
    "grep_inverted_alternatives_read_as_text": ("env | grep -v 'PASS|TOKEN'", 4),
    "grep_inverted_whole_words": ("env | grep -vw PASSWORD", 4),
    "grep_inverted_whole_lines": ("env | grep -vx PASSWORD", 4),
    "grep_inverted_other_case": ("env | grep -v password", 4),
    "grep_inverted_patterns_of_a_file": ("env | grep -v -f names.txt", 4),
    "export_p_lines_start_with_declare": ("export -p | grep -v '^REGISTRY_PASSWORD'", 10),
    "declare_p_lines_start_with_declare": ("declare -p | grep -v '^REGISTRY'", 11),
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
    "grep_inverted_secret_words": "env | grep -v -e PASSWORD -e TOKEN | sort",
    "grep_inverted_extended": "env | grep -vE 'PASS|TOKEN|SECRET|KEY'",
    "grep_inverted_basic_alternatives": "env | grep -v 'PASS\\|TOKEN'",
    "grep_inverted_ignoring_case": "env | grep -vi password",
    "grep_inverted_fixed": "env | grep -vF _PASSWORD",
    "grep_inverted_long_options": "env | grep --invert-match --regexp=REGISTRY_PASS",
    "egrep_inverted_alternatives": "env | egrep -v 'PASS|TOKEN'",
    "export_p_grep_inverted_word": "export -p | grep -v PASSWORD",
    "grep_inverted_anchored_name": "env | grep -v '^REGISTRY_PASSWORD='",
    # a dump in a piped group or subshell writes into the pipe as the group's last command does
    "group_into_a_loader": "{ env; echo done; } | config-import --stdin",
    "subshell_into_a_loader": "( printenv; printf '%s\\n' extra ) | config-import --stdin",
    # `!` only inverts the pipeline's status (the grammar reads no brace group after it)
    "negated_group_into_a_loader": "if ! { env; echo done; } | config-import --stdin; then echo no >&2; fi",
    "negated_group_statement": "! { printenv; } | config-import --stdin",
    "negated_group_in_a_loop": "while ! { env; } | config-import --stdin; do sleep 1; done",
}


@pytest.mark.parametrize("case", sorted(SILENT))
def test_a_piped_dump_that_stays_off_the_log(lint: Lint, case: str) -> None:
    assert _where(lint, f"#!/bin/bash\n{LOGIN}\n{SILENT[case]}\n") == []


def test_a_piped_groups_dump_that_reaches_the_log(lint: Lint) -> None:
    assert _where(lint, f"#!/bin/bash\n{LOGIN}\n{{ env; echo done; }} | sort\n") == [("DCR003", 3, 3, 3, 6)]


def test_a_negated_piped_groups_dump_that_reaches_the_log(lint: Lint) -> None:
    line = "if ! { env; echo done; } | sort; then exit 1; fi"
    assert _where(lint, f"#!/bin/bash\n{LOGIN}\n{line}\n") == [("DCR003", 3, 8, 3, 11)]


# A script expanding no secret-named variable (it logs in from a file): the job's secrets are
# named elsewhere, each with a secret word; `grep -v` keeps none only when it drops every word's.
FROM_A_FILE = "docker login -u ci --password-stdin registry.example.org < pw.txt"


def test_grep_inverted_dropping_every_secret_word(lint: Lint) -> None:
    every = "env | grep -viE 'pass|pwd|token|secret|key|auth|credential'"
    assert _where(lint, f"#!/bin/bash\n{FROM_A_FILE}\n{every}\n") == []


def test_grep_inverted_keeping_some_secret_word(lint: Lint) -> None:
    some = "env | grep -vE 'PASS|TOKEN|SECRET|KEY'"  # (AUTH, CREDENTIAL lines kept)
    assert _where(lint, f"#!/bin/bash\n{FROM_A_FILE}\n{some}\n") == [("DCR003", 3, 1, 3, 4)]


def test_a_pattern_that_could_backtrack_runs_in_linear_time(lint: Lint) -> None:
    """grep's patterns run as users' do (`userregex`: RE2): a nested repeat on a long secret
    name returns at once (Python's engine would backtrack for hours: the file unscanned)."""
    name = "A_VERY_LONG_NAME_FOR_THE_REGISTRY_SERVICE_ACCOUNT_PASSWORD"
    login = f'echo "${name}" | docker login -u ci --password-stdin registry.example.org'
    assert _where(lint, f"#!/bin/bash\n{login}\nenv | grep -vE '(.*)*#'\n") == [("DCR003", 3, 1, 3, 4)]
