"""DCR003: a script that runs itself again under tracing (guard R4, 429db51). `bash -x FILE`
traces FILE's commands, none of this script's; but where FILE is this script (`$0`,
`${BASH_SOURCE[0]}`, made absolute by realpath/readlink -f), `exec bash -x "$0" "$@"` runs all
of it again, traced from its first line: its login is traced, wherever it stands. Each case
was run with bash 5.2 (dash for sh): reported ones printed the password, silent ones did not."""

from __future__ import annotations

import pytest
from conftest import Lint

LOGIN = 'echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.example.org'


def _where(lint: Lint, text: str) -> list[tuple[str, int, int, int, int]]:
    return lint.scan("ci.sh", text, "--fail-on", "never", "--select", "DCR003").where()


@pytest.mark.parametrize(("text", "span"), [
    (f'#!/bin/bash\n{LOGIN}\n[ -n "$TRACED" ] || TRACED=1 exec bash -x "$0" "$@"\n', (3, 21, 3, 52)),
    (f'#!/bin/bash\ndebug() {{ TRACED=1 exec bash -x "${{BASH_SOURCE[0]}}"; }}\n'
     f'[ -z "$DEBUG" ] || [ -n "$TRACED" ] || debug\n{LOGIN}\n', (2, 11, 2, 52)),
    (f'#!/bin/sh\n[ -n "$TRACED" ] || TRACED=1 exec sh -x $0 "$@"\n{LOGIN}\n', (2, 21, 2, 48)),
    (f'#!/bin/bash\n{LOGIN}\nif [ -n "$DEBUG" ]; then TRACED=1 exec bash -x "$(readlink -f "$0")" "$@"; fi\n',
     (3, 26, 3, 74)),
])
def test_this_script_run_again_traced(lint: Lint, text: str, span: tuple[int, int, int, int]) -> None:
    assert _where(lint, text) == [("DCR003", *span)]


@pytest.mark.parametrize("run", [
    'bash -x "$(dirname "$0")/build.sh"',  # another file beside it
    '[ -n "$AGAIN" ] || AGAIN=1 exec bash "$0" "$@"',  # run again, not traced
    "bash -c 'bash -x \"$0\"' ./other.sh",  # $0 of the -c script: the name given it
    "bash -x '$0'",  # a file named $0
])
def test_other_files_or_untraced(lint: Lint, run: str) -> None:
    assert _where(lint, f"#!/bin/bash\n{LOGIN}\n{run}\n") == []


# The script named by its own file name (the harness scans it as ci.sh): alone or after `./`
# (run from where it lies) or its own folder (`$(dirname "$0")/`, `${0%/*}/`) it is this file.
@pytest.mark.parametrize(("run", "end"), [
    ('[ -n "$TRACED" ] || TRACED=1 exec bash -x ./ci.sh "$@"', 55),
    ('[ -n "$TRACED" ] || TRACED=1 exec bash -x "$(dirname "$0")/ci.sh" "$@"', 71),
    ('[ -n "$TRACED" ] || TRACED=1 exec bash -x ci.sh', 48),
    ('[ -n "$TRACED" ] || TRACED=1 exec sh -x "${0%/*}/ci.sh"', 56),
])
def test_this_script_run_again_by_its_own_name(lint: Lint, run: str, end: int) -> None:
    assert _where(lint, f"#!/bin/bash\n{LOGIN}\n{run}\n") == [("DCR003", 3, 21, 3, end)]


@pytest.mark.parametrize("run", [
    "bash -x ./other.sh",  # another file
    "bash -x ./lib/ci.sh",  # the same name in another folder
    "bash -x ci.sh.bak",  # a longer name
    "bash ./ci.sh",  # run again, not traced
    "bash -x '$(dirname \"$0\")/ci.sh'",  # a folder literally named so
])
def test_other_files_by_name_or_untraced(lint: Lint, run: str) -> None:
    assert _where(lint, f"#!/bin/bash\n{LOGIN}\n[ -n \"$AGAIN\" ] || AGAIN=1 {run}\n") == []


def test_a_ci_step_running_a_script_by_the_name_of_its_file(lint: Lint) -> None:
    """A CI file's `bash -x ./ci.sh` runs that script traced, not the CI file's own commands."""
    text = f"job:\n  script:\n    - {LOGIN}\n    - bash -x ./.gitlab-ci.yml\n"
    assert lint.scan(".gitlab-ci.yml", text, "--fail-on", "never", "--select", "DCR003").where() == []


@pytest.mark.parametrize(("run", "span"), [
    ('[ -n "$TRACED" ] || TRACED=1 exec "$BASH" -x "$0" "$@"', (3, 21, 3, 55)),
    ('[ -n "$TRACED" ] || TRACED=1 exec ${BASH} -x "$0"', (3, 21, 3, 50)),
    ('[ -n "$TRACED" ] || TRACED=1 exec $SHELL -x "$0"', (3, 21, 3, 49)),
])
def test_a_shell_named_by_its_variable(lint: Lint, run: str, span: tuple[int, int, int, int]) -> None:
    """`$BASH` is the path of the bash running the script, `$SHELL` the login shell: a shell
    as `bash` is (bash 5.2: the re-run's trace shows the password)."""
    assert _where(lint, f"#!/bin/bash\n{LOGIN}\n{run}\n") == [("DCR003", *span)]


@pytest.mark.parametrize("run", ['exec "$BASH" "$0"', '"$BASH" -x ./other.sh', "\"$BASHOPTS\" -x \"$0\""])
def test_a_shell_variable_not_tracing_this_script(lint: Lint, run: str) -> None:
    assert _where(lint, f"#!/bin/bash\n{LOGIN}\n{run}\n") == []
