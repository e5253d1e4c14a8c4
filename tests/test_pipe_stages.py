"""DCR003: a secret printed into a pipe reaches the log through a stage that writes what it
reads to a log whatever reads its stdout (`tee /dev/stderr`, `xargs -t`), passes it on to its
stdout (`xargs echo`), or a loop or group that reads it into a variable and prints that
(`| while read l; do echo "$l"; done`, `| { read x; echo "$x"; }`). Each case was run with
bash 5.2 (reported: the output held the password; silent: it did not)."""

from __future__ import annotations

import pytest
from conftest import Lint

SECRET = 'echo "$REGISTRY_PASSWORD"'
LOGIN = "docker login -u ci --password-stdin registry.example.org"
AT_THE_ECHO = ("DCR003", 2, 1, 2, 26)


def _where(lint: Lint, text: str) -> list[tuple[str, int, int, int, int]]:
    return lint.scan("ci.sh", text, "--fail-on", "never", "--select", "DCR003").where()


def _messages(lint: Lint, text: str) -> list[str]:
    return [f["message"] for f in lint.scan("ci.sh", text, "--fail-on", "never", "--select", "DCR003").findings]


SHOWN_AT_THE_ECHO = {
    "tee_to_stderr": f"tee /dev/stderr | {LOGIN}",
    "tee_appending_to_fd_2": f"tee -a /dev/fd/2 | {LOGIN}",
    "xargs_echo": "xargs echo",
    "xargs_alone": "xargs",
    "xargs_printf_one_at_a_time": "xargs -n1 printf '%s\\n'",
    "xargs_tracing_its_command": "xargs -t -I{} true {}",
    "through_a_filter_then_xargs": "tr -d '\\n' | xargs -0 echo",
    "tee_to_a_substitution_writing_stderr": f"tee >(cat >&2) | {LOGIN}",
    "tee_to_a_filter_writing_stderr": f"tee >(sed 's/^/> /' 1>&2) | {LOGIN}",
    "tee_to_a_substitution_writing_dev_stderr": f"tee >(cat > /dev/stderr) | {LOGIN}",
    "tee_to_a_substitution_logging": f"tee >(logger -t ci) | {LOGIN}",
}


@pytest.mark.parametrize("case", sorted(SHOWN_AT_THE_ECHO))
def test_a_stage_shows_what_it_reads(lint: Lint, case: str) -> None:
    assert _where(lint, f"#!/bin/bash\n{SECRET} | {SHOWN_AT_THE_ECHO[case]}\n") == [AT_THE_ECHO]


READ_AND_PRINTED = {
    "while_loop": ('while read l; do echo "$l"; done', 46, 55),
    "brace_group": ('{ read x; echo "$x"; }', 39, 48),
    "read_into_reply": ('{ read; printf "%s\\n" "$REPLY"; }', 37, 59),
    "through_a_filter": ("sed 's/^ *//' | while read -r t; do echo \"token: $t\"; done", 65, 81),
    "an_array": ('{ read -r -a parts; echo "${parts[0]}"; }', 49, 67),
}


@pytest.mark.parametrize("case", sorted(READ_AND_PRINTED))
def test_a_loop_or_group_prints_what_it_reads(lint: Lint, case: str) -> None:
    body, start, end = READ_AND_PRINTED[case]
    assert _where(lint, f"#!/bin/bash\n{SECRET} | {body}\n") == [("DCR003", 2, start, 2, end)]


def test_a_multi_line_loop_names_the_variable(lint: Lint) -> None:
    text = f'#!/bin/bash\n{SECRET} | while read -r line; do\n  echo "$line"\ndone\n'
    assert _where(lint, text) == [("DCR003", 3, 3, 3, 15)]
    assert _messages(lint, text) == ["`echo` prints secret `REGISTRY_PASSWORD` (as `line`) to the log"]


SILENT = {
    "tee_to_a_file": f"tee f | {LOGIN}",
    "tee_to_its_own_stdout": f"tee /dev/stdout | {LOGIN}",
    "tee_to_a_substitution_writing_a_file": f"tee >(cat > pw.txt) | {LOGIN}",
    "tee_to_a_substitution_counting": f"tee >(wc -c >&2) | {LOGIN}",
    "tee_to_a_substitution_logging_a_message": f"tee >(logger -t ci started) | {LOGIN}",
    "tee_to_a_substitution_moving_only_stderr": f"tee >(cat 2>&1) | {LOGIN}",
    "xargs_running_the_login": f"xargs -I{{}} {LOGIN}",
    "xargs_reading_a_file": "xargs -a list.txt echo",
    "xargs_echo_to_a_file": "xargs echo > f",
    "loop_feeding_a_login": f'while read l; do {LOGIN} <<< "$l"; done',
    "group_feeding_a_login": f'{{ read x; echo "$x" | {LOGIN}; }}',
    "loop_printing_a_constant": 'while read l; do echo "got a line"; done',
    "reassigned_before_printed": '{ read x; x=masked; echo "$x"; }',
    "reading_another_descriptor": 'while read -u 3 l; do echo "$l"; done 3<list.txt',
    "group_written_to_a_file": '{ read x; echo "$x"; } > f',
    "loop_piped_into_a_login": f'while read l; do echo "$l"; done | {LOGIN}',
}


@pytest.mark.parametrize("case", sorted(SILENT))
def test_what_stays_off_the_log(lint: Lint, case: str) -> None:
    assert _where(lint, f"#!/bin/bash\n{SECRET} | {SILENT[case]}\n") == []


def test_a_variable_read_from_a_file_is_no_secret(lint: Lint) -> None:
    text = f'#!/bin/bash\n{SECRET} | {LOGIN}\nwhile read -r l; do echo "$l"; done < list.txt\n'
    assert _where(lint, text) == []


# `read` fails at the end of an input with no line break (setting its names all the same), so
# what runs only when it reads a line (a `while`/`if` body, the right of `&&`) never runs when
# the secret is piped with none: `printf '%s'`, `echo -n`, through a filter keeping the last line
# as it is (checked with bash 5.2 and dash: nothing printed).
P = '"$REGISTRY_PASSWORD"'
NO_LINE_READ = {
    "printf_s_into_while": f"printf '%s' {P} | while IFS= read -r l; do printf '%s\\n' \"$l\"; done",
    "echo_n_into_while": f'echo -n {P} | while read l; do echo "$l"; done',
    "read_and_then_echo": f"printf '%s' {P} | {{ read -r l && echo \"$l\"; }}",
    "read_and_a_chain": f"printf '%s' {P} | {{ read -r l && true && echo \"$l\"; }}",
    "read_as_if_condition": f"printf '%s' {P} | {{ if read -r l; then echo \"$l\"; fi; }}",
    "through_tr": f"printf '%s' {P} | tr -d ' ' | while read l; do echo \"$l\"; done",
    "through_sed": f"printf -- '%s' {P} | sed 's/a/b/' | while read l; do echo \"$l\"; done",
}


@pytest.mark.parametrize("case", sorted(NO_LINE_READ))
def test_no_line_read_runs_no_body(lint: Lint, case: str) -> None:
    assert _where(lint, f"#!/bin/bash\n{NO_LINE_READ[case]}\n") == []


# Near misses bash prints the secret for: a line break written (`\n` in the format, `$'...'`,
# `echo -ne "...\n"`), added by a filter (`grep` ends each line it writes), a condition that also
# runs the body for a last line with no break, `%b` (its argument's escapes may end a line), and
# a group, whose next command runs whatever `read` returns.
LINE_READ = {
    "format_with_a_line_break": (f"printf '%s\\n' {P} | while read l; do echo \"$l\"; done", 55, 64),
    "ansi_c_format": (f"printf $'%s\\n' {P} | while read l; do echo \"$l\"; done", 56, 65),
    "echo_ne_with_a_line_break": ('echo -ne "$REGISTRY_PASSWORD\\n" | while read l; do echo "$l"; done', 52, 61),
    "grep_ends_the_line": (f"printf '%s' {P} | grep . | while read l; do echo \"$l\"; done", 62, 71),
    "or_last_line_test": (f"printf '%s' {P} | while read l || [ -n \"$l\" ]; do echo \"$l\"; done", 68, 77),
    "percent_b": (f"printf '%b' {P} | while read l; do echo \"$l\"; done", 53, 62),
    "a_group_runs_on": (f"printf '%s' {P} | {{ IFS= read -r l; printf '%s\\n' \"$l\"; }}", 54, 72),
}


@pytest.mark.parametrize("case", sorted(LINE_READ))
def test_a_line_read_or_a_group_prints(lint: Lint, case: str) -> None:
    body, start, end = LINE_READ[case]
    assert _where(lint, f"#!/bin/bash\n{body}\n") == [("DCR003", 2, start, 2, end)]


def test_a_here_string_piped_into_read(lint: Lint) -> None:
    """A filter given the secret as a here-string passes it on as an echo would (`cat <<<
    "$P" | while read l; do echo "$l"; done` prints it, bash 5.2; a here-string ends with a line
    break). Not single-quoted (text), nor another variable, nor a loop feeding a login."""
    text = ("#!/bin/bash\n"
            'cat <<< "$REGISTRY_PASSWORD" | while read l; do echo "$l"; done\n'
            "tr -d ' ' <<< \"$REGISTRY_PASSWORD\" | { read -r x; echo \"got $x\"; }\n"
            "cat <<< '$REGISTRY_PASSWORD' | while read a; do echo \"$a\"; done\n"
            'cat <<< "$REGISTRY_USER" | while read u; do echo "$u"; done\n'
            f'cat <<< "$REGISTRY_PASSWORD" | while read p; do {LOGIN} <<< "$p"; done\n')
    assert _where(lint, text) == [("DCR003", 2, 49, 2, 58), ("DCR003", 3, 51, 3, 64)]


# A failed `read` sets its names all the same: only what waits on its success is skipped; what
# follows the loop or the `if`, an `else` branch and the next statement after `read ... &&` print
# the secret (bash 5.2 prints it once each: guard R37).
AFTER_A_FAILED_READ = {
    "after_the_loop": (f"printf '%s' {P} | {{ while read -r l; do :; done; echo \"$l\"; }}", 67, 76),
    "after_and": (f"printf '%s' {P} | {{ read -r l && true; printf '%s\\n' \"$l\"; }}", 57, 75),
    "else_branch": (f"printf '%s' {P} | {{ if read -r l; then :; else echo \"$l\"; fi; }}", 65, 74),
    "after_the_if": (f"printf '%s' {P} | {{ if read -r l; then echo ok; fi; echo \"got $l\"; }}", 70, 83),
    "until_body_runs_on_failure": (f"printf '%s' {P} | until read -r l; do echo \"$l\"; break; done", 56, 65),
}


@pytest.mark.parametrize("case", sorted(AFTER_A_FAILED_READ))
def test_what_runs_after_a_failed_read_prints(lint: Lint, case: str) -> None:
    body, start, end = AFTER_A_FAILED_READ[case]
    assert _where(lint, f"#!/bin/bash\n{body}\n") == [("DCR003", 2, start, 2, end)]


def test_the_lines_after_a_loop_on_a_failed_read(lint: Lint) -> None:
    text = (f"#!/bin/bash\nprintf '%s' {P} | {{\n  while IFS= read -r line; do\n    echo \"$line\"\n  done\n"
            "  echo \"last: $line\"\n}\n")
    assert _where(lint, text) == [("DCR003", 6, 3, 6, 21)]


# The same read fed by a process substitution (the loop's or group's input redirect, or its
# own): bash runs it in the script's shell with the substitution's output as its stdin (guard
# session 14 gap; bash 5.2: printed once each, silent ones print nothing).
SUBSTITUTION_READ = {
    "loop_over_an_echo": ('while read -r l; do echo "$l"; done < <(echo "$REGISTRY_PASSWORD")', 21, 30),
    "group_over_an_echo": ('{ read -r m; echo "$m"; } < <(echo "$REGISTRY_PASSWORD")', 14, 23),
    "loop_through_a_filter": ('while read -r l; do echo "$l"; done < <(echo "$REGISTRY_PASSWORD" | tr -d " ")',
                              21, 30),
}


@pytest.mark.parametrize("case", sorted(SUBSTITUTION_READ))
def test_a_read_fed_by_a_process_substitution_prints(lint: Lint, case: str) -> None:
    body, start, end = SUBSTITUTION_READ[case]
    assert _where(lint, f"#!/bin/bash\n{body}\n") == [("DCR003", 2, start, 2, end)]


SUBSTITUTION_SILENT = {
    "no_line_break": "while read -r l; do echo \"$l\"; done < <(printf %s \"$REGISTRY_PASSWORD\")",
    "a_program": 'while read -r l; do echo "$l"; done < <(aws ecr get-login-password)',
    "no_secret": 'while read -r l; do echo "$l"; done < <(echo "$REGISTRY_HOST")',
    "a_count": 'while read -r l; do echo "${#l}"; done < <(echo "$REGISTRY_PASSWORD")',
    "a_file": 'while read -r l; do echo "$l"; done < hosts.txt',
}


@pytest.mark.parametrize("case", sorted(SUBSTITUTION_SILENT))
def test_what_a_substitution_fed_read_does_not_print(lint: Lint, case: str) -> None:
    assert _where(lint, f"#!/bin/bash\n{SUBSTITUTION_SILENT[case]}\n") == []
