"""A Dockerfile's `ENV` and `ARG` read as Docker reads them (BuildKit's word split, then its
shell lexer on each value): DCR030 on a docker config given to a variable, JSON or base64."""

from __future__ import annotations

import base64
import json

import pytest
from conftest import Lint

from dcrlint.infra.dockerwords import assignments
from dcrlint.source import MappedText

AUTH = base64.b64encode(b"ci-bot:Hb8-willow-24-Pxe").decode()
PASSWORD = "Hb8-willow-24-Pxe"
CONFIG = json.dumps({"auths": {"dcr.example.com": {"auth": AUTH}}}, separators=(",", ":"))
ESCAPED = CONFIG.replace('"', '\\"')
ENCODED = base64.b64encode(CONFIG.encode()).decode()
KEY = f'auth":"{AUTH}'  # where DCR030 points in JSON written as is


def _read(args: str, instruction: str = "ENV", escape: str = "\\") -> list[tuple[str, str]]:
    return [(name, value.text) for name, value in assignments(instruction, MappedText.verbatim(args, 0), escape)]


@pytest.mark.parametrize(("instruction", "args", "read"), [
    ("ENV", " A=1 B='x y' C=\"q\\\"r\\$s\\\\t\\u\"", [("A", "1"), ("B", "x y"), ("C", 'q"r$s\\t\\u')]),
    ("ENV", " A=a\\ b\\\"c", [("A", 'a b"c')]),  # outside quotes an escape takes any character
    ("ENV", " NAME some 'quoted' value ", [("NAME", "some quoted value")]),  # legacy: the rest of the line
    ("ENV", ' J={"a":1}', [("J", "{a:1}")]),  # Docker takes the quotes out of an unquoted word
    ("ARG", " A B=2 C='$x'", [("B", "2"), ("C", "$x")]),
    ("ARG", " V=\"a`\"b\"", [("V", 'a"b')]),
])
def test_values_as_docker_reads_them(instruction: str, args: str, read: list[tuple[str, str]]) -> None:
    escape = "`" if "`" in args else "\\"
    assert _read(args, instruction, escape) == read


def test_each_character_is_mapped_to_its_place() -> None:
    args = ' X="a\\"b" Y=\'c\''
    found = dict(assignments("ENV", MappedText.verbatim(args, 10), "\\"))
    x = found["X"]
    assert x.text == 'a"b'
    assert [x.offset(i) - 10 for i in range(3)] == [4, 6, 7]  # the quote at its place after the escape
    assert found["Y"].offset(0) - 10 == args.index("c")


def _hits(lint: Lint, text: str) -> list[tuple[int, int, int, int]]:
    lint.write("Dockerfile", text)
    run = lint("--format", "json", "--fail-on", "never", ".")
    for fmt in ("text", "sarif"):
        printed = lint("--format", fmt, "--fail-on", "never", ".").printed
        assert PASSWORD not in printed and AUTH not in printed and ENCODED not in printed
    assert PASSWORD not in run.printed and AUTH not in run.printed and ENCODED not in run.printed
    return [(h.line, h.column, h.end_line, h.end_column) for h in run.hits("DCR030")]


def _at(line: str, n: int, what: str = KEY) -> tuple[int, int, int, int]:
    col = line.index(what) + 1
    return (n, col, n, col + len(what))


def test_env_double_quoted_with_escapes(lint: Lint) -> None:
    line = f'ENV DOCKER_AUTH_CONFIG="{ESCAPED}"'
    key = f'auth\\":\\"{AUTH}'
    assert _hits(lint, f"FROM alpine\n{line}\n") == [_at(line, 2, key)]


def test_second_assignment_named_by_its_own_variable(lint: Lint) -> None:
    line = f"ENV X=1 DOCKER_AUTH_CONFIG='{CONFIG}'"
    run = lint.scan("Dockerfile", f"FROM alpine\n{line}\n", "--fail-on", "never")
    assert [(h.line, h.column) for h in run.hits("DCR030")] == [_at(line, 2)[:2]]
    assert "`DOCKER_AUTH_CONFIG`" in run.hits("DCR030")[0].message


def test_legacy_form_and_continuation_lines(lint: Lint) -> None:
    half = CONFIG.index('{"auth"')
    text = (f"FROM alpine\nENV DOCKER_AUTH_CONFIG '{CONFIG}'\n"
            f"ARG CFG='{CONFIG[:half]}\\\n# a comment line the parser drops\n  {CONFIG[half:]}'\n")
    lines = text.splitlines()
    assert _hits(lint, text) == [_at(lines[1], 2), _at(lines[4], 5)]


def test_base64_config_in_arg(lint: Lint) -> None:
    line = f"ARG DOCKER_AUTH_CONFIG={ENCODED}"
    assert _hits(lint, f"FROM alpine\n{line}\n") == [_at(line, 2, ENCODED)]
    line = f'ONBUILD ENV DOCKER_AUTH_CONFIG="{ENCODED}"'
    assert _hits(lint, f"FROM alpine\n{line}\n") == [_at(line, 2, ENCODED)]


def test_backtick_escape_directive(lint: Lint) -> None:
    escaped = CONFIG.replace('"', '`"')
    line = f'ENV DOCKER_AUTH_CONFIG="{escaped}"'
    key = f'auth`":`"{AUTH}'
    assert _hits(lint, f"# escape=`\nFROM mcr.microsoft.com/windows/servercore\n{line}\n") == [_at(line, 3, key)]


def test_run_single_quoted_over_a_continuation(lint: Lint) -> None:
    half = CONFIG.index('{"auth"')
    text = (f"FROM alpine\nRUN mkdir -p ~/.docker && echo '{CONFIG[:half]}\\\n"
            f"    {CONFIG[half:]}' > ~/.docker/config.json\n")
    assert _hits(lint, text) == [_at(text.splitlines()[2], 3)]


@pytest.mark.parametrize("line", [
    f"ENV DOCKER_AUTH_CONFIG={CONFIG}",  # unquoted: Docker takes its quotes out, no JSON is left
    f"ENV DOCKER_AUTH_CONFIG {CONFIG}",
    'ENV DOCKER_AUTH_CONFIG="{\\"auths\\":{\\"r.example.com\\":{\\"auth\\":\\"$REG_AUTH\\"}}}"',
    'ARG DOCKER_AUTH_CONFIG="{\\"auths\\":{\\"r.example.com\\":{\\"auth\\":\\"${REG_AUTH}\\"}}}"',
    "ENV DOCKER_AUTH_CONFIG='{\"auths\":{\"r.example.com\":{\"auth\":\"<base64 of user:token>\"}}}'",
    "ENV DOCKER_AUTH_CONFIG='{\"credsStore\":\"desktop\"}'",
    "ENV DOCKER_AUTH_CONFIG='{\"auths\":{\"r.example.com\":{}},\"credHelpers\":{\"r.example.com\":\"ecr-login\"}}'",
    "ARG DOCKER_AUTH_CONFIG",
    "ENV DOCKER_AUTH_CONFIG=$DOCKER_AUTH_CONFIG",
])
def test_near_misses_stay_silent(lint: Lint, line: str) -> None:
    assert _hits(lint, f"FROM alpine\n{line}\n") == []
