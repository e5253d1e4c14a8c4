"""A shell syntax error that swallows the rest of a script: an opener never closed before the
script ends (`printf (` + newline, an `if` without `fi`, a function's `{` without `}`, a quote).
Bash rejects such a script; the parser reads the commands after the opener as inside it. The scan
says so, once per script, at the opener's line (the catalog's parse-failure notification; no text
of the script in it), and still reads the commands after it (held-out 16b B1c). Not said where
tree-sitter-bash may be misreading valid text: inside `$(...)` or backticks, after another parse
error, a here-document's missing end (bash runs it, warning), a script holding a template's `{{ }}`.
A command error recovery could not read ends at its line break; a placeholder to fill in
(`PW=<fill_me>`, to the grammar redirections with no target) hides no command after it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import brief, engine_scan

LOGIN = 'docker login -u deployer -p "$REG_PW" images.example.net\n'


def _scan(lint: Any, text: str) -> Any:
    return lint.scan("deploy.sh", "#!/bin/sh\n" + text, "--fail-on", "never", "--select", "DCR001")


@pytest.mark.parametrize(("text", "closer", "line"), [
    ("printf (\n" + LOGIN, ")", 2),
    ("if [ -n \"$REG_PW\" ]; then\n  echo using it\n" + LOGIN, "fi", 2),
    ("publish() {\n  echo start\n" + LOGIN, "}", 2),
    ("for r in a b; do\n  echo $r\n" + LOGIN, "done", 2),
])
def test_an_opener_never_closed_is_said_and_the_rest_is_read(lint: Any, text: str, closer: str, line: int) -> None:
    run = _scan(lint, text)
    assert [f["start"]["line"] for f in run.findings] == [text.count("\n") + 1]
    (note,) = run.json()["notifications"]
    assert note["line"] == line and f"no `{closer}` before the script ends" in note["message"]
    assert "REG_PW" not in note["message"] and "deployer" not in note["message"]


@pytest.mark.parametrize("text", [
    "echo ready\n" + LOGIN,
    # inside a command substitution tree-sitter-bash misreads valid text the same way (`$)`)
    "v=$(echo a\n" + LOGIN,
    # another error first: what is open may be the parser's misreading
    "echo )\npublish() {\n" + LOGIN,
    # a here-document without its end: bash runs the script (a warning)
    LOGIN + "cat <<EOT\nhello\n",
    # a template: the text bash reads is what it renders
    'echo "{{ .Values.banner | default("x") }}\n' + LOGIN,
])
def test_no_notification(lint: Any, text: str) -> None:
    assert _scan(lint, text).json()["notifications"] == []


UNREADABLE_CONDITION = """\
#!/bin/bash
STATUS=1
if [ $STATUS -ne 0 ] AND [ $RETRIES -gt 3 ]; then
	echo "the mirror did not come up in time"
	exit 1
fi
mirrorctl sync --token $MIRROR_TOKEN
docker login -u ci -p "$REGISTRY_PASSWORD" reg.example.org
echo "pushed with $REGISTRY_PASSWORD"
"""


def test_a_line_break_ends_a_command_the_parser_could_not_read(tmp_path: Path) -> None:
    """Error recovery (a condition bash cannot read: `[ a ] AND [ b ]`) makes one command of the
    lines after it; a line break ends a simple command, so each line is one: the `echo` prints
    its message only, and the login and the print after it are found."""
    results, _ = engine_scan(tmp_path, {"wait.sh": UNREADABLE_CONDITION}, rules=frozenset({"DCR001", "DCR003"}))
    assert brief(results) == [("wait.sh", 8, 24, "DCR001"), ("wait.sh", 9, 1, "DCR003")]


@pytest.mark.parametrize("line", [
    "PW=<fill_me>\ndocker login -u bob -p $PW registry.example.test\n",
    "PW=<your_password>  # fill in\nkubectl create secret docker-registry pull --docker-password=$PW\n",
    "U=<user_here> PW=<pw_here>\ndocker login -u $U -p $PW registry.example.test\n",
    "deploy --user=<name> --token=<token> -v\ndocker login -u bob -p $PW registry.example.test\n",
])
def test_a_placeholder_to_fill_in_hides_no_command_after_it(lint: Any, line: str) -> None:
    """`PW=<fill_me>` is, to the grammar, redirections with no target (a syntax error): read as
    the placeholder word it is, the login on the next line is found."""
    run = lint.scan("push.sh", line, "--fail-on", "never", "--select", "DCR001,DCR002")
    login = line.splitlines()[1]
    assert run.starts() == [("DCR001", 2, login.index("$PW") + 1)]


def test_valid_redirections_stay_redirections(lint: Any) -> None:
    text = "#!/bin/sh\ncp <src> /tmp/x\necho \"$REG_TOKEN\" <in >out.txt\nmake all\n"
    run = lint.scan("copy.sh", text, "--fail-on", "never", "--select", "DCR003")
    assert run.findings == []
