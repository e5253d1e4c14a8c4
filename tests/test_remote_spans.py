"""Where DCR003 points at a command another shell runs from words joined by spaces (ssh's remote
command, eval's): over the words as written when the command is made of several of them (their
quotes included, as the same command run here), inside the one word that holds it (as inside
`bash -c '...'`, a script string). Each form of ssh's command line, in each kind of shell context."""

from __future__ import annotations

import pytest
from conftest import run_checks, scanned, where
from test_positions import unmark

FORMS = [
    # several words: the command as written, its last word's closing quote included
    "ssh host «echo \"$REG_PASSWORD\"»",
    "ssh host «echo $REG_PASSWORD»",
    "ssh deploy@host -- «echo \"$REG_PASSWORD\"»",
    "ssh -p 2222 -i key deploy@host «echo \"$REG_PASSWORD\"»",
    "ssh -p2222 -oBatchMode=yes host «printf '%s\\n' \"$REG_PASSWORD\"»",
    "ssh host -p 22 -t -- «echo \"${REG_PASSWORD}\"»",
    "ssh -l deploy -- host «\"echo\" \"$REG_PASSWORD\"»",
    "ssh host «echo \"$REG_PASSWORD\"» && true",
    "ssh host 'ls; «echo' \"$REG_PASSWORD\"»",
    "eval «echo \"$REG_PASSWORD\"»",
    # one word: inside it
    "ssh host '«echo $REG_PASSWORD»'",
    "ssh host -- '«echo $REG_PASSWORD»'",
    "ssh -p 22 deploy@host -o StrictHostKeyChecking=no '«echo \"$REG_PASSWORD\"»'",
    "ssh host \"«echo \\$REG_PASSWORD»\"",
    "ssh host 'cd /srv; «echo $REG_PASSWORD»; ls'",
    "eval '«echo $REG_PASSWORD»'",
]


def _in(kind: str, line: str) -> tuple[str, str]:
    if kind == "shell":
        return "deploy.sh", f"#!/bin/sh\n{line}\necho done\n"
    if kind == "github":
        return ".github/workflows/ci.yml", ("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                                            f"      - run: |\n          ls\n          {line}\n")
    if kind == "gitlab":
        return ".gitlab-ci.yml", f"deploy:\n  script:\n    - ls\n    - |\n      {line}\n"
    return "Jenkinsfile", "node {\n  sh '''\n    " + line.replace("\\", "\\\\") + "\n  '''\n}\n"


@pytest.mark.parametrize("kind", ["shell", "github", "gitlab", "jenkins"])
@pytest.mark.parametrize("line", FORMS)
def test_a_remote_command_is_spanned_as_written(kind: str, line: str) -> None:
    path, marked = _in(kind, line)
    text, spans = unmark(marked)
    file = scanned(text, path)
    assert [w[1:] for w in where(file, run_checks(file, "DCR003"))] == spans


@pytest.mark.parametrize("line", [
    "ssh host ls",  # no secret printed
    "ssh host -- echo REG_PASSWORD",
    "ssh -o 'SendEnv REG_PASSWORD' host true",  # an option's argument, no command
    "ssh -- host -p echo $REG_PASSWORD",  # `--` before the host: `-p` is the command
])
def test_near_misses(line: str) -> None:
    assert run_checks(scanned(f"#!/bin/sh\n{line}\necho done\n", "deploy.sh"), "DCR003") == []
