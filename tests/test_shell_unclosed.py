"""A shell syntax error that swallows the rest of a script: an opener never closed before the
script ends (`printf (` + newline, an `if` without `fi`, a function's `{` without `}`, a quote).
Bash rejects such a script; the parser reads the commands after the opener as inside it. The scan
says so, once per script, at the opener's line (the catalog's parse-failure notification; no text
of the script in it), and still reads the commands after it (held-out 16b B1c). Not said where
tree-sitter-bash may be misreading valid text: inside `$(...)` or backticks, after another parse
error, a here-document's missing end (bash runs it, warning), a script holding a template's `{{ }}`."""

from __future__ import annotations

from typing import Any

import pytest

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
