"""DCR003: what a shell trace shows of a login fed by a redirection (guard R2, 15d1b09). A trace
shows no redirection, but the commands a substitution in it runs are traced (`< <(echo "$P")`
prints `++ echo <password>`), and a variable a here-string or heredoc expands is traced where
the script sets it (`P=$(aws ecr get-login-password)` prints `+ P=<password>`). Each case was
run with bash 5.2 under `set -x` (reported: the trace held the password; silent: it did not).
A login fed by `cat ${FILE_VAR} |` shows the file's path, no secret."""

from __future__ import annotations

import pytest
from _helpers import found as _found
from conftest import Lint

LOGIN = "docker login -u ci --password-stdin registry.example.org"
SET_X = ("DCR003", 2, 1, 2, 7)


def _where(lint: Lint, text: str, path: str = "ci.sh") -> list[tuple[str, int, int, int, int]]:
    return lint.scan(path, text, "--fail-on", "never", "--select", "DCR003").where()


SHOWN = {
    "process_substitution_echo": f'{LOGIN} < <(echo "$REGISTRY_PASSWORD")',
    "process_substitution_printf": f'{LOGIN} < <(printf %s "$P")',
    "process_substitution_filter": f'{LOGIN} < <(sed "s/x/$REGISTRY_TOKEN/" key.txt)',
    "assigned_from_a_program": f'P2=$(aws ecr get-login-password)\n{LOGIN} <<< "$P2"',
    "assigned_from_a_variable": f'P2="$REG_PASS"\n{LOGIN} <<< "$P2"',
    "exported_into_a_heredoc": f"export TOKEN=$(cat token.txt)\n{LOGIN} <<EOF\n$TOKEN\nEOF",
    "assigned_through_a_filter": f"P2=$(aws ecr get-login-password)\ntr -d '\\n' <<< \"$P2\" | {LOGIN}",
    "local_in_a_function": f'login() {{\n  local t="${{1:-$TOKEN_VALUE}}"\n  {LOGIN} <<< "$t"\n}}\nlogin',
    # a bare `cat` passes its own stdin on: what feeds it is read as what feeds the login
    "bare_cat_of_a_traced_assignment": f"P2=$(aws ecr get-login-password)\ncat <<EOF | {LOGIN}\n$P2\nEOF",
    "bare_cat_of_a_heredoc_substitution": f'cat <<EOF | {LOGIN}\n$(echo "$REGISTRY_PASSWORD")\nEOF',
    "bare_cat_of_a_herestring_substitution": f'cat <<< "$(printf %s "$REGISTRY_PASSWORD")" | {LOGIN}',
    "bare_cat_of_an_echo": f'echo "$REGISTRY_PASSWORD" | cat | {LOGIN}',
}


@pytest.mark.parametrize("case", sorted(SHOWN))
def test_a_traced_substitution_or_assignment_shows_it(lint: Lint, case: str) -> None:
    assert _where(lint, f"#!/bin/bash\nset -x\n{SHOWN[case]}\n") == [SET_X]


SILENT = {
    "process_substitution_of_a_program": f"{LOGIN} < <(aws ecr get-login-password)",
    "process_substitution_of_a_file": f"{LOGIN} < <(cat key.json)",
    "command_substitution_of_a_file": f'{LOGIN} <<< "$(cat key.json)"',
    "quoted_heredoc_substitution": f"{LOGIN} <<'EOF'\n$(echo \"$REGISTRY_PASSWORD\")\nEOF",
    "a_file_named_by_a_traced_variable": f'KEYFILE=$(mktemp)\n{LOGIN} < "$KEYFILE"',
    "environment_variable": f'{LOGIN} <<< "$DEPLOY_VALUE"',
    "process_substitution_filter_of_a_herestring": f'{LOGIN} < <(tr -d "\\n" <<< "$REGISTRY_TOKEN")',
    "assigned_after_set_plus_x": f'echo "$X"\nset +x\nP2=$(aws ecr get-login-password)\n{LOGIN} <<< "$P2"',
    "bare_cat_of_a_heredoc": f"cat <<EOF | {LOGIN}\n$REGISTRY_PASSWORD\nEOF",
    "bare_cat_dash_of_a_herestring": f'cat - <<< "$REGISTRY_PASSWORD" | {LOGIN}',
}


@pytest.mark.parametrize("case", sorted(SILENT))
def test_what_the_trace_does_not_show(lint: Lint, case: str) -> None:
    assert _where(lint, f"#!/bin/bash\nset -x\n{SILENT[case]}\n") == []


def test_assigned_before_tracing_turns_on(lint: Lint) -> None:
    """The assignment runs untraced; the login's trace shows only its words."""
    assert _where(lint, f'#!/bin/bash\nP2=$(aws ecr get-login-password)\nset -x\n{LOGIN} <<< "$P2"\n') == []


GITLAB = "default:\n  before_script:\n    - set -x\njob:\n  script:\n{}"
ASSIGN = '    - TOKEN=$(aws ecr get-login-password)\n    - ' + LOGIN + ' <<< "$TOKEN"\n'


def test_a_before_script_traces_the_scripts_assignment(lint: Lint) -> None:
    assert _where(lint, GITLAB.format(ASSIGN), ".gitlab-ci.yml") == [("DCR003", 3, 7, 3, 13)]


def test_a_scripts_set_plus_x_before_the_assignment(lint: Lint) -> None:
    assert _where(lint, GITLAB.format("    - set +x\n" + ASSIGN), ".gitlab-ci.yml") == []


# Guard R17 (a420eed): `set -x` inside a subshell traces what the subshell runs after it, the
# commands a substitution in its login's own redirection runs too (bash 5.2: `++ echo <password>`).
SUBSHELL_SHOWN = {
    "process_substitution": f'( set -x; {LOGIN} < <(echo "$PW") )',
    "herestring_substitution": f'( set -x; {LOGIN} <<< "$(printf %s "$PW")" )',
    "heredoc_substitution": f'( set -x; {LOGIN} <<EOF\n$(echo "$PW")\nEOF\n)',
    "assigned_in_the_subshell": f'( set -x; P2="$PW"; {LOGIN} <<< "$P2" )',
    # stderr sent elsewhere than /dev/null, or dropped only after the set -x: still shown
    "stderr_to_stdout": f'( set -x; {LOGIN} < <(echo "$PW") ) 2>&1',
    "stderr_dropped_after_the_set_x": f'( set -x; exec 2>/dev/null; {LOGIN} < <(echo "$PW") )',
    # guard R25: the feed written on a group, subshell or loop around the login, or on an fd an
    # exec after the set -x opened, runs traced all the same
    "a_groups_redirect": f'( set -x; {{ {LOGIN}; }} < <(echo "$PW") )',
    "a_nested_subshells_redirect": f'( set -x; ( {LOGIN} ) < <(echo "$PW") )',
    "a_loops_redirect": f'( set -x; while read -r x; do {LOGIN}; done < <(echo "$PW") )',
    "an_fd_opened_after_the_set_x": f'( set -x; exec 3< <(echo "$PW"); {LOGIN} <&3 )',
    # stderr dropped after the feed was forked (redirections run left to right)
    "stderr_dropped_after_the_groups_feed": f'( set -x; {{ {LOGIN}; }} < <(echo "$PW") 2>/dev/null )',
}


@pytest.mark.parametrize("case", sorted(SUBSHELL_SHOWN))
def test_a_subshell_traces_its_logins_redirection(lint: Lint, case: str) -> None:
    text = f"#!/bin/bash\nPW=$(vault read -field=pw secret/ci)\n{SUBSHELL_SHOWN[case]}\n"
    assert _where(lint, text) == [("DCR003", 3, 3, 3, 9)]


SUBSHELL_SILENT = {
    "piped_in_from_outside": f'echo "$REGISTRY_PASSWORD" | ( set -x; {LOGIN} )',
    "process_substitution_of_a_file": f"( set -x; {LOGIN} < <(cat key.json) )",
    "herestring_of_a_variable_set_outside": f'( set -x; {LOGIN} <<< "$PW" )',
    "login_before_the_set_x": f'( {LOGIN} < <(echo "$PW"); set -x; true )',
    # guard R25: the subshell's stderr, where bash writes its trace, goes to /dev/null
    "stderr_of_the_subshell_dropped": f'( set -x; {LOGIN} < <(echo "$PW") ) 2>/dev/null',
    "all_output_of_the_subshell_dropped": f'( set -x; {LOGIN} < <(echo "$PW") ) >/dev/null 2>&1',
    "stderr_dropped_by_exec_first": f'( exec 2>/dev/null; set -x; {LOGIN} < <(echo "$PW") )',
    # stderr sent to /dev/null before the feed is forked: its trace goes there
    "stderr_dropped_before_the_groups_feed": f'( set -x; {{ {LOGIN}; }} 2>/dev/null < <(echo "$PW") )',
    "stderr_dropped_before_the_logins_feed": f'( set -x; {LOGIN} 2>/dev/null < <(echo "$PW") )',
    # the fd's feed ran before the set -x (or outside the subshell), or traces no secret
    "an_fd_opened_before_the_set_x": f'( exec 3< <(echo "$PW"); set -x; {LOGIN} <&3 )',
    "an_fd_opened_outside": f'exec 3< <(echo "$PW")\n( set -x; {LOGIN} <&3 )',
    "an_fd_fed_by_a_program": f"( set -x; exec 3< <(aws ecr get-login-password); {LOGIN} <&3 )",
    "an_fd_fed_by_a_herestring": f'( set -x; exec 3<<< "$PW"; {LOGIN} <&3 )',
}


@pytest.mark.parametrize("case", sorted(SUBSHELL_SILENT))
def test_what_a_subshell_trace_does_not_show(lint: Lint, case: str) -> None:
    text = f"#!/bin/bash\nPW=$(vault read -field=pw secret/ci)\n{SUBSHELL_SILENT[case]}\n"
    assert _where(lint, text) == []


def test_tracing_a_login_fed_from_a_file_shows_its_path() -> None:
    """`set -x` then `cat ${REGISTRY_CREDENTIALS} | crane auth login --password-stdin`: the
    trace shows `cat <path>` (the variable holds the mounted file's path); tracing is reported
    where it shows the secret: a variable echoed into the login, a process substitution run
    for `cat`."""
    quiet = """\
#!/bin/sh
set -ex
cat ${REGISTRY_CREDENTIALS} | \\
  crane auth login -u ${REGISTRY_USER} --password-stdin ${REGISTRY}
"""
    found, spans = _found(quiet, "ci/login.sh", "DCR003")
    assert found == spans == []
    for feed in ('echo "${REGISTRY_PASSWORD}" |', 'cat <(printf %s "$REGISTRY_PASSWORD") |',
                 'cat ${REGISTRY_CREDENTIALS} | tr -d "$REGISTRY_TOKEN" |'):
        loud = f"""\
#!/bin/bash
«set -ex»
{feed} \\
  crane auth login -u ${{REGISTRY_USER}} --password-stdin ${{REGISTRY}}
"""
        found, spans = _found(loud, "ci/login.sh", "DCR003")
        assert found == spans, feed
