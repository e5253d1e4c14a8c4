"""A login tool run behind a prefix held in a variable (`$SUDO docker login`, a Groovy
`${prefix}docker login` where prefix is "sudo " or ""), or named by a variable's default
(`${ENGINE:-podman} login`) or a lookup of its path (`$(command -v docker) login`): the login is
the tool's."""

from __future__ import annotations

import pytest
from conftest import run_checks, scanned

from dcrlint.classify import FileKind
from dcrlint.shell import parse_shell
from dcrlint.shell.logins import find_logins
from dcrlint.source import MappedText


@pytest.mark.parametrize(("line", "tool"), [
    ('$SUDO docker login -u ci -p "$PW" r.example.com', "docker"),
    ('${AS_ROOT} podman login -u ci --password "$PW" r.example.com', "podman"),
    ('${maybe_sudo}docker login -u ci -p "$PW" r.example.com', "docker"),
    ('$RUN helm registry login -u ci --password "$PW" r.example.com', "helm registry"),
    ('${AS_ROOT:-sudo} docker login -u ci -p "$PW" r.example.com', "docker"),
    # the tool the script runs when the variable is unset (`${ENGINE:-podman}`)
    ('${ENGINE:-podman} login -u ci -p "$PW" r.example.com', "podman"),
    ('"${OCI_CLI:=/usr/bin/docker}" login -u ci -p "$PW" r.example.com', "docker"),
    # the tool's path looked up (`command -v`, `which`, `type -P`)
    ('"$(command -v podman)" login -u ci -p "$PW" r.example.com', "podman"),
    ('$(which docker) login -u ci -p "$PW" r.example.com', "docker"),
    ('`type -P helm` registry login -u ci --password "$PW" r.example.com', "helm registry"),
])
def test_prefix_variable_before_the_tool(line: str, tool: str) -> None:
    text = f"#!/bin/sh\n{line}\n"
    file = scanned(text, ("push.sh", FileKind.SHELL))
    (f,) = [f for f in run_checks(file, "DCR001", "DCR002", "DCR003")]
    assert f.rule_id == "DCR001" and f"`{tool}`" in f.message
    assert file.source.position(f.span.start) == (2, line.index('"$PW"') + 2)


def test_groovy_prefix_glued_to_the_tool() -> None:
    text = (
        "def call(boolean root = true) {\n"
        '    def pre = root ? "sudo " : ""\n'
        '    withCredentials([usernamePassword(credentialsId: "hub", usernameVariable: "HUB_U",'
        ' passwordVariable: "HUB_P")]) {\n'
        '        sh """${pre}docker login \\\n'
        '            -u \\$HUB_U -p \\$HUB_P"""\n'
        "    }\n"
        "}\n"
    )
    file = scanned(text, ("vars/publish.groovy", FileKind.JENKINSFILE))
    found = [(f.rule_id, file.source.position(f.span.start)) for f in run_checks(file, "DCR001", "DCR012")]
    assert found == [("DCR001", (5, 27))]  # (the password word as written, its escape first)


@pytest.mark.parametrize("line", [
    '$RUNNER deploy -u ci -p "$PW" r.example.com',  # no login tool after the variable
    '"$SUDO" docker login -u ci -p "$PW" r.example.com',  # quoted: no prefix that may be empty
    '${base}/bin/tool login -u ci -p "$PW" r.example.com',
    '${RUNNER:-make} login -u ci -p "$PW" r.example.com',  # its default is no login tool
    '$(which make) login -u ci -p "$PW" r.example.com',
])
def test_no_login_behind_the_variable(line: str) -> None:
    assert find_logins(parse_shell(MappedText.verbatim(line, 0))) == []


def test_stdin_fed_behind_a_prefix() -> None:
    text = '#!/bin/sh\nprintf "%s" "$REG_PASSWORD" | $SUDO docker login -u ci --password-stdin r.example.com\n'
    file = scanned(text, ("push.sh", FileKind.SHELL))
    assert run_checks(file, "DCR001", "DCR002", "DCR003") == []
    (login,) = find_logins(parse_shell(MappedText.verbatim(text, 0)))
    assert login.password_stdin and login.tool == "docker"
