"""Dockerfile RUN instructions as shell contexts, with exact positions back into the file."""

from __future__ import annotations

from conftest import scanned

from dcrlint.classify import FileKind
from dcrlint.extractors import shell_contexts
from dcrlint.scanned import ShellContext
from dcrlint.shell import parse_shell
from dcrlint.shell.logins import Login, find_logins, literal_fed_to_stdin
from dcrlint.source import SourceFile


def contexts(text: str) -> list[ShellContext]:
    return shell_contexts(scanned(text, ("Dockerfile", FileKind.DOCKERFILE)))


def logins(text: str) -> list[tuple[ShellContext, Login]]:
    return [(c, login) for c in contexts(text) for login in find_logins(parse_shell(c.text, c.dialect))]


def pos(text: str, offset: int) -> tuple[int, int]:
    return SourceFile("Dockerfile", text).position(offset)


def password_pos(text: str) -> list[tuple[int, int]]:
    out = []
    for _, login in logins(text):
        assert login.password is not None
        out.append(pos(text, login.password.offset(0)))
    return out


def test_continuation_with_comment_lines() -> None:
    text = "FROM alpine\nRUN apk add docker && \\\n    # log in\n\n    docker login -u me \\\n      -p hunter2 reg.io\n"
    (ctx,) = contexts(text)
    assert ctx.place == ("RUN", "2") and ctx.dialect == "sh"
    assert "log in" not in ctx.text.text
    assert password_pos(text) == [(6, 10)]


def test_escape_directive() -> None:
    text = "# escape=`\nFROM mcr.microsoft.com/windows\nRUN docker login `\n  -p hunter2 r\n"
    assert password_pos(text) == [(4, 6)]


def test_run_flags_and_lowercase() -> None:
    text = "FROM a\nrun --mount=type=secret,id=p --network=none docker login -p hunter2 r\n"
    assert password_pos(text) == [(2, 61)]


def test_exec_form_shell() -> None:
    text = 'FROM a\nRUN ["sh", "-c", "docker login -u me -p \\"hunter2\\" r"]\n'
    assert password_pos(text) == [(2, 43)]


def test_exec_form_argv() -> None:
    text = 'FROM a\nRUN ["docker", "login", "--password=it\'s", \\\n  "r"]\n'
    ((_, login),) = logins(text)
    assert login.password is not None and login.password.text == "it's"
    assert pos(text, login.password.offset(0)) == (2, 37)
    assert login.registry is not None and login.registry.text == "r"


def test_exec_form_escapes_map_to_backslash() -> None:
    text = 'FROM a\nRUN ["docker", "login", "-p", "a\\u0041\\tb"]\n'
    ((_, login),) = logins(text)
    assert login.password is not None and login.password.text == "aA\tb"
    assert login.password.offset(1) == text.index("\\u0041")


def test_heredoc_script() -> None:
    text = "FROM a\nRUN <<EOF\nset -x\necho hunter2 | docker login --password-stdin r\nEOF\nRUN echo done\n"
    ctxs = contexts(text)
    assert [c.place for c in ctxs] == [("RUN", "2"), ("RUN", "6")]
    script = parse_shell(ctxs[0].text, ctxs[0].dialect)
    assert len(script.xtrace) == 1 and pos(text, script.xtrace[0].start) == (3, 1)
    ((_, login), *_) = logins(text)
    fed = literal_fed_to_stdin(login)
    assert fed is not None and pos(text, fed.offset(0)) == (4, 6)


def test_heredoc_as_stdin_of_command() -> None:
    text = "FROM a\nRUN cat <<-EOT | docker login --password-stdin r\n\thunter2\n\tEOT\nRUN x\n"
    ((_, login),) = logins(text)
    fed = literal_fed_to_stdin(login)
    assert fed is not None and fed.text == "hunter2" and pos(text, fed.offset(0)) == (3, 2)
    assert contexts(text)[-1].place == ("RUN", "5")


def test_heredoc_python_is_not_shell() -> None:
    text = "FROM a\nRUN <<EOF\n#!/usr/bin/env python3\nprint('docker login -p x r')\nEOF\n"
    assert logins(text) == []


def test_shell_instruction_changes_dialect_per_stage() -> None:
    text = (
        "FROM win AS build\n"
        'SHELL ["pwsh", "-Command"]\n'
        "RUN docker login -p $env:P r\n"
        "FROM build\n"
        "RUN docker login -p $env:Q r\n"
        "FROM alpine\n"
        "RUN docker login -p x r\n"
    )
    assert [c.dialect for c in contexts(text)] == ["pwsh", "pwsh", "sh"]
    assert password_pos(text) == [(3, 21), (5, 21), (7, 21)]


def test_exec_form_pwsh() -> None:
    text = 'FROM a\nRUN ["powershell", "-Command", "docker login -p $env:P r"]\n'
    ((ctx, login),) = logins(text)
    assert ctx.dialect == "pwsh"
    assert login.password is not None and pos(text, login.password.offset(0)) == (2, 49)


def test_onbuild_run_and_other_instructions() -> None:
    text = "FROM a\nENV X=1\nONBUILD RUN docker login -p x r\nCMD docker login -p no r\n"
    assert [c.place for c in contexts(text)] == [("RUN", "3")]


def test_broken_dockerfiles_do_not_raise() -> None:
    for text in ["RUN", "RUN \\", 'RUN ["sh", "-c', "RUN <<EOF\nno end", "# escape=`\nRUN `", "\r\nRUN a\r\n"]:
        contexts(text)
