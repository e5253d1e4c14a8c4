"""Registry logins: every tool and password spelling, exact positions, what feeds --password-stdin."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Lint, run_checks, scanned

from dcrlint.classify import FileKind
from dcrlint.config import Settings
from dcrlint.extractors import shell_contexts
from dcrlint.shell import Command, parse_shell
from dcrlint.shell.logins import Login, find_logins, literal_fed_to_stdin, stdin_source
from dcrlint.source import MappedText, SourceFile
from dcrlint.values import ValueKind


def logins(text: str, dialect: str = "sh") -> list[Login]:
    return find_logins(parse_shell(MappedText.verbatim(text, 0), dialect))


def only(text: str, dialect: str = "sh") -> Login:
    found = logins(text, dialect)
    assert len(found) == 1, found
    return found[0]


def at(text: str, offset: int) -> tuple[int, int]:
    return SourceFile("t", text).position(offset)


@pytest.mark.parametrize(
    ("text", "spelling", "password", "column"),
    [
        ("docker login -u me -p hunter2 reg.io", "-p X", "hunter2", 23),
        ("docker login -u me -phunter2 reg.io", "-pX", "hunter2", 22),
        ("docker login -u me -p=hunter2 reg.io", "-p=X", "hunter2", 23),
        ("docker login -u me --password hunter2 reg.io", "--password X", "hunter2", 31),
        ("docker login -u me --password=hunter2 reg.io", "--password=X", "hunter2", 31),
        ("docker login -u me --password='hunter2' reg.io", "--password=X", "hunter2", 32),
        ('docker login -u me -p "hunter2" reg.io', "-p X", "hunter2", 24),
        ('docker login -u me --password="$P"x reg.io', "--password=X", "$Px", 32),
        (
            "kubectl create secret docker-registry s --docker-server=r --docker-password=hunter2",
            "--docker-password=X",
            "hunter2",
            77,
        ),
        ("kubectl create secret docker-registry s --docker-password hunter2", "--docker-password X", "hunter2", 59),
    ],
)
def test_password_spellings(text: str, spelling: str, password: str, column: int) -> None:
    login = only(text)
    assert login.spelling == spelling
    assert login.password is not None and login.password.text == password
    assert at(text, login.password.offset(0)) == (1, column)
    assert login.password_word is not None and login.password_word.value.text == password


@pytest.mark.parametrize(
    ("text", "tool", "password", "registry"),
    [
        ("podman login -p pw1 quay.io", "podman", "pw1", "quay.io"),
        ("buildah login --password pw2 quay.io", "buildah", "pw2", "quay.io"),
        ("nerdctl login -p pw3 r", "nerdctl", "pw3", "r"),
        ("skopeo login --authfile a.json -p pw4 r", "skopeo", "pw4", "r"),
        ("helm registry login r --password pw5", "helm registry", "pw5", "r"),
        ("oras login -p pw6 r", "oras", "pw6", "r"),
        ("crane auth login r -u x -p pw7", "crane auth", "pw7", "r"),
        ("regctl registry login r --pass pw8", "regctl registry", "pw8", "r"),
        ("az acr login -n myreg -u x -p pw9", "az acr", "pw9", "myreg"),
        ("cosign login r -p pw10", "cosign", "pw10", "r"),
        ("docker --config /tmp/c login -p pw11 r", "docker", "pw11", "r"),
        ("podman --log-level=debug login -p pw12 r", "podman", "pw12", "r"),
        ("kubectl -n ns create secret docker-registry s --docker-password=pw13 --docker-server=r", None, "pw13", "r"),
        ("sudo -E docker login -p pw14 r", "docker", "pw14", "r"),
        ("env A=b docker login -p pw15 r", "docker", "pw15", "r"),
        ("/usr/bin/docker login -p pw16 r", "docker", "pw16", "r"),
        ("timeout 60 podman login -u x -p pw17 r", "podman", "pw17", "r"),
        ("timeout -s KILL 2m nice -n 10 docker login -p pw18 r", "docker", "pw18", "r"),
        ("xargs -I{} docker login -u {} -p pw19 r", "docker", "pw19", "r"),
        ("flock /tmp/docker.lock docker login -p pw20 r", "docker", "pw20", "r"),
        ("stdbuf -oL setsid docker login -p pw21 r", "docker", "pw21", "r"),
        ('kubectl "${KUBE_ARGS[@]}" create secret docker-registry s --docker-password=pw22 --docker-server=r',
         None, "pw22", "r"),
        ('docker $DOCKER_OPTS "$@" login -p pw23 r', "docker", "pw23", "r"),
        ('podman "${CONTEXT_FLAG}" login -p pw24 r', "podman", "pw24", "r"),
    ],
)
def test_tools(text: str, tool: str | None, password: str, registry: str) -> None:
    login = only(text)
    assert tool is None or login.tool == tool
    assert login.password is not None and login.password.text == password
    assert login.password.offset(0) == text.index(password)
    assert login.password_kind is ValueKind.LITERAL
    assert login.registry is not None and login.registry.text == registry


@pytest.mark.parametrize(
    "text",
    [
        "docker run -p 80:80 nginx",
        "docker logout r",
        "docker image ls login",
        "kubectl create secret generic s --from-literal=password=x",
        "kubectl create secret docker-registry s -p x",
        "helm login -p x",
        "echo docker login -p x",
        'docker "$CMD" build -p x',
        "docker ${A}login -p x",
    ],
)
def test_not_logins(text: str) -> None:
    found = logins(text)
    assert all(login.password is None for login in found), found


def test_username_and_kinds() -> None:
    login = only('docker login --username=me -p "$REG_PASS" reg.io')
    assert login.username is not None and login.username.text == "me"
    assert login.password_kind is ValueKind.VARIABLE
    assert only("docker login -p ${{ secrets.P }} r").password_kind is ValueKind.EXPRESSION
    assert only("docker login -p '<password>' r").password_kind is ValueKind.PLACEHOLDER


def test_wrapped_in_bash_c_keeps_position() -> None:
    text = "sudo bash -c 'docker login -u me -p hunter2 r'"
    login = only(text)
    assert login.password is not None and login.password.offset(0) == text.index("hunter2")


@pytest.mark.parametrize(
    ("text", "password"),
    [
        ("ssh -o Port=22 -o BatchMode=yes root@host 'docker login -u \"'${U}'\" -p \"'${TOKEN}'\" r'", "${TOKEN}"),
        ("ssh -p22 -i key -tt deploy@host docker login -u me -p hunter2 r", "hunter2"),
        ("ssh -l deploy -- host 'sudo docker login -u me -p hunter2 r'", "hunter2"),
    ],
)
def test_a_login_ssh_runs_on_a_host_is_found_where_written(text: str, password: str) -> None:
    """ssh hands the words after the host to the host's shell: a login there gets its password
    on the command line of both machines."""
    login = only(text)
    assert login.password is not None and login.password.offset(0) == text.index(password)


@pytest.mark.parametrize(
    "text",
    [
        "ssh deploy@host -- 'docker login -u me -p hunter2 r'",
        "ssh host -- docker login -u me -p hunter2 r",
        "ssh deploy@host -p 2222 -i ~/.ssh/key -o StrictHostKeyChecking=no 'docker login -u me -p hunter2 r'",
        "ssh -i key deploy@host -oBatchMode=yes -p22 -t -- 'docker login -u me -p hunter2 r'",
        "ssh -l deploy host -o 'ProxyJump bastion' docker login -u me -p hunter2 r",
    ],
)
def test_options_and_a_double_dash_after_the_host_are_ssh_s(text: str) -> None:
    """OpenSSH reads options again after the host (getopt restarted on the words after it), up
    to the first operand or a `--`: what follows is the remote command."""
    login = only(text)
    assert login.password is not None and login.password.offset(0) == text.index("hunter2")


@pytest.mark.parametrize(
    "text",
    [
        "ssh -- host -p hunter2",  # `--` before the host: `-p hunter2` is the command, no login
        "ssh host -p 22 -- ls",
        "ssh host -o Cmd='docker login -u me -p hunter2 r'",  # an option's argument, not a command
        "ssh host -i 'docker login -u me -p hunter2 r'",
        "ssh user@host -p 2222",
    ],
)
def test_ssh_option_arguments_are_not_the_remote_command(text: str) -> None:
    assert logins(text) == []


def test_a_login_after_ssh_options_past_the_host_is_reported_where_written(lint: Lint) -> None:
    text = ("#!/bin/sh\nset -e\n"
            "ssh deploy@build.example.com -p 2222 -i key -- \\\n  'docker login -u ci -p Zq8-vellum-41 r.example.com'\n")
    run = lint.scan("deploy.sh", text, "--fail-on", "never")
    assert "Zq8-vellum-41" not in run.out
    col = text.splitlines()[3].index("Zq8") + 1
    assert run.where("DCR001") == [("DCR001", 4, col, 4, col + len("Zq8-vellum-41"))]


def test_ssh_without_a_remote_command_or_with_a_piped_login() -> None:
    assert logins("ssh -i key -p 2222 deploy@host") == []
    assert logins("ssh -o User=me host") == []
    piped = only("ssh host \"printf '%s' \\\"$P\\\" | docker login -u me --password-stdin r\"")
    assert piped.password_stdin and piped.password is None


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("echo hunter2 | docker login -u me --password-stdin r", "hunter2"),
        ("echo -n 'hunter2' | docker login --password-stdin r", "hunter2"),
        ("printf 'hunter2' | docker login --password-stdin r", "hunter2"),
        ("printf '%s' hunter2 | docker login --password-stdin r", "hunter2"),
        ("docker login --password-stdin r <<< hunter2", "hunter2"),
        ("cat <<EOF | docker login --password-stdin r\nhunter2\nEOF", "hunter2"),
        ("docker login --password-stdin r <<EOF\nhunter2\nEOF", "hunter2"),
        ("echo hunter2 | tr -d '\\n' | docker login --password-stdin r", "hunter2"),
        ("oras login --password-stdin r <<< hunter2", "hunter2"),
    ],
)
def test_literal_fed_to_stdin(text: str, literal: str) -> None:
    login = only(text)
    assert login.password_stdin and login.password is None
    fed = literal_fed_to_stdin(login)
    assert fed is not None and fed.text == literal
    assert fed.offset(0) == text.index(literal)


@pytest.mark.parametrize(
    "text",
    [
        'echo "$P" | docker login --password-stdin r',
        "cat token.txt | docker login --password-stdin r",
        "printf '%s' \"$P\" | docker login --password-stdin r",
        "echo ${{ secrets.X }} | docker login --password-stdin r",
        "docker login --password-stdin r < token.txt",
        'docker login --password-stdin r <<< "$P"',
        "aws ecr get-login-password | docker login --password-stdin r",
        "docker login --password-stdin r <<EOF\n$TOKEN\nEOF",
        "docker login --password-stdin r",
    ],
)
def test_not_literal_fed(text: str) -> None:
    assert literal_fed_to_stdin(only(text)) is None


def test_stdin_source_kinds() -> None:
    piped = only("printf '%s' \"$P\" | docker login --password-stdin r")
    src = stdin_source(piped)
    assert isinstance(src, Command) and src.name == "printf"
    here = stdin_source(only("docker login --password-stdin r <<< x"))
    assert here is not None and not isinstance(here, (Command, MappedText))
    doc = stdin_source(only("docker login --password-stdin r <<EOF\nx\nEOF"))
    assert isinstance(doc, MappedText) and doc.text == "x\n"
    assert stdin_source(only("docker login -p x r")) is None


def test_pwsh_and_cmd_logins() -> None:
    text = "docker login -u x -p $env:P reg"
    login = only(text, "pwsh")
    assert login.password is not None and login.password.text == "$env:P"
    assert login.password_kind is ValueKind.VARIABLE
    assert login.password.offset(0) == text.index("$env:P")
    cmd_login = only("docker login -p %P% reg", "cmd")
    assert cmd_login.password is not None and cmd_login.password_kind is ValueKind.VARIABLE
    fed = literal_fed_to_stdin(only("'hunter2' | docker login --password-stdin r", "pwsh"))
    assert fed is not None and fed.text == "hunter2"


def test_shell_file_context() -> None:
    text = "#!/bin/sh\nset -e\ndocker login \\\n  -u me \\\n  --password hunter2 r\n"
    file = scanned(text, ("deploy.sh", FileKind.SHELL))
    (ctx,) = shell_contexts(file)
    assert ctx.dialect == "sh" and ctx.text.text == text
    (login,) = find_logins(parse_shell(ctx.text, ctx.dialect))
    assert login.password is not None and at(text, login.password.offset(0)) == (5, 14)


def test_add_mask_is_not_a_leak(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dcrlint.classify import FileKind

    text = 'TOKEN=$(make-token)\necho "::add-mask::${TOKEN}"\necho "token is $TOKEN"\n'
    file = scanned(text, ("a.sh", FileKind.SHELL))
    found = [(f.rule_id, file.source.position(f.span.start)) for f in run_checks(file, "DCR001", "DCR002", "DCR003")]
    assert found == [("DCR003", (3, 1))]


@pytest.mark.parametrize(("line", "tool"), [
    ('$(DOCKER) login -u ci -p "$$P" r.example.com', "docker"),
    ('${PODMAN_BIN} login -u ci -p "$$P" r.example.com', "podman"),
    ('$(HELM) registry login -u ci --password "$$P" r.example.com', "helm registry"),
])
def test_tool_held_in_a_variable(line: str, tool: str) -> None:
    from dcrlint.classify import FileKind

    text = f"push:\n\t{line}\n"
    file = scanned(text, ("Makefile", FileKind.MAKEFILE))
    (f,) = [f for f in run_checks(file, "DCR001", "DCR002", "DCR003") if f.rule_id == "DCR001"]
    assert file.source.position(f.span.start) == (2, text.split("\n")[1].index('"$$P"') + 2)
    assert f"`{tool}`" in f.message


def test_unrelated_variable_is_not_a_tool() -> None:
    from dcrlint.shell import parse_shell
    from dcrlint.shell.logins import find_logins
    from dcrlint.source import MappedText

    assert find_logins(parse_shell(MappedText.verbatim('$(RUNNER) login -u ci -p "$P" r.example.com', 0))) == []


def test_configured_secret_names_count_for_leaks() -> None:
    from dcrlint.classify import FileKind
    from dcrlint.config import parse

    text = 'echo "robot key: $DCR_ROBOT_PW"\n'
    default = scanned(text, ("a.sh", FileKind.SHELL), parse({}, "x"))
    assert list(run_checks(default, "DCR001", "DCR002", "DCR003")) == []
    custom = scanned(text, ("a.sh", FileKind.SHELL), parse({"secret-names": ["_PW$"]}, "x"))
    assert [f.rule_id for f in run_checks(custom, "DCR001", "DCR002", "DCR003")] == ["DCR003"]


def test_single_quoted_or_escaped_reference_prints_no_secret(tmp_path: Path) -> None:
    from dcrlint import engine

    (tmp_path / "e.sh").write_text("#!/bin/sh\necho 'set $DB_PASSWORD first'\necho \\$DB_PASSWORD\n"
                                   "echo \"a '$DB_TOKEN'\"\n")
    frs, _, _ = engine.run([str(tmp_path)], Settings(root=str(tmp_path), git=False), {}, frozenset({"DCR003"}))
    assert [(r.start.line, r.start.column, r.rule_id) for f in frs for r in f.results] == [(4, 1, "DCR003")]
