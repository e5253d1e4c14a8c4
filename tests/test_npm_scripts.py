"""package.json `scripts`: npm, yarn, pnpm and bun hand each to the shell (`sh -c`), so a
registry login written there is a command line like a script's, at its place inside the JSON
string (escapes decoded); every string of the file is read for the rules that apply anywhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import write

from dcrlint.classify import FileKind, classify

PACKAGE = """\
{
  "name": "till-web",
  "version": "1.4.0",
  "scripts": {
    "build": "tsc -p .",
    "prepublish": "echo \\"signing in\\" && docker login -u ci -p \\"Vd4kTq9wLx\\" r.example.test",
    "push": "cross-env DOCKER_CONFIG=.ci docker login -u ci -p $TILL_PUSH_TOKEN r.example.test",
    "login": "printf %s \\"$TILL_PUSH_TOKEN\\" | docker login -u ci --password-stdin r.example.test",
    "show": "echo $TILL_PUSH_TOKEN",
    "describe": "echo the token is kept in the CI's secret store"
  },
  "repository": "https://mirror:Hq3vNw8zPk@git.example.test/till/web.git"
}
"""


def test_scripts_are_shell(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "web/package.json", PACKAGE)
    assert sorted(lint("--format", "json", ".").where()) == [
        ("DCR001", 6, 67, 6, 77),  # -p \"literal\": the literal between the escaped quotes
        ("DCR001", 7, 64, 7, 80),  # -p $VAR behind cross-env's assignments
        ("DCR002", 6, 67, 6, 77),
        ("DCR003", 9, 14, 9, 35),  # echo of a secret-named variable
        ("DCR050", 12, 33, 12, 43),  # a password in the repository URL
    ]


def test_fix_keeps_the_json_escaped(lint: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "package.json", PACKAGE)
    lint("--fix", ".")
    fixed = json.loads(path.read_text())["scripts"]["push"]
    assert fixed == ('printf %s "$TILL_PUSH_TOKEN" | cross-env DOCKER_CONFIG=.ci docker login -u ci '
                     "--password-stdin r.example.test")


def test_a_package_json_without_scripts_or_broken(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "a/package.json", '{"name": "a", "dependencies": {"left-pad": "^1.3.0"}}\n')
    write(tmp_path, "b/package.json", '{"name": "b", "scripts": {"x": "docker login -p Vd4kTq9wLx r"')
    result = lint("--format", "json", ".")
    assert result.where() == []
    assert "b/package.json: npm scripts: invalid JSON" in result.err
    assert "Vd4kTq9wLx" not in result.err + result.out


def test_known_by_name() -> None:
    assert classify("tools/package.json", "{}") is FileKind.NPM_PACKAGE
    assert classify("package-lock.json", "{}") is FileKind.OTHER
