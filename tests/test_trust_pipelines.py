"""Principles found reading pipelines and the scripts they run, in repositories nobody here had
read (session 9): each with the near misses that must still be reported (files written here)."""

from __future__ import annotations

from typing import Any

import pytest

# --- DCR002: a quoted password that is wholly a reference is no literal -------------------------

GSTRING_LOGIN = """\
node {
  withCredentials([usernamePassword(credentialsId: 'reg', usernameVariable: 'RU', passwordVariable: 'RP')]) {
    sh \"\"\"
      docker login -u '${RU}' -p '${RP}' registry.example.org
      docker login -u '$RU' -p '$RP' registry.example.org
      docker login -u '${env.RU}' -p '${env.RP}' registry.example.org
    \"\"\"
    sh '''
      docker login -u '${RU}' -p '${RP}' registry.example.org
    '''
  }
}
"""


def test_a_groovy_interpolation_in_shell_quotes_is_no_literal(lint: Any) -> None:
    """Groovy writes the password between the shell's single quotes before the shell runs:
    a variable (DCR001, DCR012), not a password written in the file. Where Groovy leaves
    `'${RP}'` alone (`'''`), the program gets those five characters: nobody's password."""
    run = lint.scan("Jenkinsfile", GSTRING_LOGIN, "--fail-on", "never", "--select", "DCR001,DCR002")
    assert [(r, line) for r, line, *_ in run.where()] == [
        ("DCR001", 4), ("DCR001", 5), ("DCR001", 6), ("DCR001", 9)]


def test_a_make_variable_in_shell_quotes_is_no_literal(lint: Any) -> None:
    text = ("push:\n\tdocker login -u $(REG_USER) -p '$(REG_PASS)' registry.example.org\n"
            "\tdocker login -u bot -p '$${REG_PASS}' registry.example.org\n")
    run = lint.scan("Makefile", text, "--fail-on", "never", "--select", "DCR001,DCR002")
    assert [(r, line) for r, line, *_ in run.where()] == [("DCR001", 2), ("DCR001", 3)]


@pytest.mark.parametrize(("line", "rules"), [
    # near misses: a literal in the same quotes stays one
    ("docker login -u bot -p 'Hq7ZpT2mVx9cLw' registry.example.org", ["DCR001", "DCR002"]),
    ("docker login -u bot -p '$ecretPassw0rd' registry.example.org", ["DCR001", "DCR002"]),
    ("docker login -u bot -p 'pre${REG_PASS}' registry.example.org", ["DCR001", "DCR002"]),
    ("echo 'Hq7ZpT2mVx9cLw' | docker login -u bot --password-stdin registry.example.org", ["DCR002"]),
    # the reference's text piped in is not a password either
    ("echo '${REG_PASS}' | docker login -u bot --password-stdin registry.example.org", []),
    ("docker login -u bot -p \\$REG_PASS registry.example.org", ["DCR001"]),
])
def test_quoted_references_and_literals_in_a_script(lint: Any, line: str, rules: list[str]) -> None:
    run = lint.scan("push.sh", f"#!/bin/bash\n{line}\n", "--fail-on", "never", "--select", "DCR001,DCR002")
    assert [r for r, *_ in run.where()] == rules


def test_a_quoted_reference_printed_by_a_plain_script_is_its_text(lint: Any) -> None:
    """The shell prints `$REGISTRY_PASSWORD` as written: no secret leaves (DCR003 unchanged)."""
    text = "#!/bin/bash\necho '$REGISTRY_PASSWORD'\necho \"$REGISTRY_PASSWORD\"\n"
    run = lint.scan("show.sh", text, "--fail-on", "never", "--select", "DCR003")
    assert [(r, line) for r, line, *_ in run.where()] == [("DCR003", 3)]

