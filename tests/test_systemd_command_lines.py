"""A unit's command line is split by systemd, not by a shell (systemd.service(5), "Command
lines"): `|`, `&&`, `>`, `<`, `(`, a word's leading `#` are arguments the program is given; a lone
`;` separates commands; `@` puts the program's argv[0] after its path; `$$` is a literal `$`
(also inside quotes); `${VAR}` is one word. `sh -c '...'`'s argument is a shell's script."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import write

UNIT = """\
[Service]
EnvironmentFile=/etc/ferry/registry.env
ExecStartPre=/bin/echo ${FERRY_REG_TOKEN} | /usr/bin/docker login -u ci --password-stdin r.example.test
ExecStartPre=/usr/bin/docker login -u ci -p ${FERRY_REG_TOKEN} r.example.test && /usr/bin/docker pull r.example.test/f:2
ExecStartPre=@/usr/bin/docker docker login -u ci -p ${FERRY_REG_TOKEN} r.example.test
ExecStartPre=/bin/sh -c 'echo "$FERRY_REG_TOKEN" | docker login -u ci --password-stdin r.example.test'
ExecStartPre=/bin/sh -c 'docker login -u ci -p "$FERRY_REG_TOKEN" r.example.test'
ExecStart=/usr/bin/ferry --note $$FERRY_REG_TOKEN > /var/log/ferry.log
ExecStartPost=/bin/sh -c 'echo $$FERRY_REG_TOKEN'
ExecReload=/usr/bin/ferry reload #soon ; /bin/echo ${FERRY_REG_TOKEN}
ExecStop=/usr/bin/ferry stop (now) <&- `true`
"""


def test_command_lines_as_systemd_splits_them(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "ferry.service", UNIT)
    assert lint("--format", "json", ".").starts() == [
        ("DCR001", 4, 45),  # `&& ...` is more of docker login's arguments: the password stays one
        ("DCR001", 5, 53),  # `@`: /usr/bin/docker, told its name is `docker`, logs in
        ("DCR001", 7, 49),  # inside `sh -c '...'` a shell runs the script
        ("DCR003", 3, 19),  # echo is given `|` and the rest: it prints the token to the journal
        ("DCR003", 9, 27),  # `$$` is `$` for the shell systemd starts: it expands the token
        ("DCR003", 10, 42),  # `#soon` is an argument, the lone `;` a second command
    ]  # line 6: a pipe inside the shell's script; line 8: the literal `$FERRY_REG_TOKEN`


def test_braced_variable_is_one_word(lint: Any, tmp_path: Path) -> None:
    """`-p ${X}`: the finding spans the word as written (the quotes a shell needs are none of the file's)."""
    write(tmp_path, "ferry-pull.service", "[Service]\nExecStartPre=/usr/bin/podman login -u ci -p ${FERRY_PW} "
                                          "r.example.test\n")
    assert lint("--format", "json", ".").where() == [("DCR001", 2, 45, 2, 56)]


QUOTED = """\
[Service]
EnvironmentFile=/etc/ferry/registry.env
ExecStartPre=/usr/bin/docker login -u ci -p '${FERRY_REG_TOKEN}' r.example.test
ExecStartPre=/bin/echo 'pulling with ${FERRY_REG_TOKEN}'
ExecStartPre=/bin/echo token=$FERRY_REG_TOKEN
ExecStartPre=/bin/echo "$FERRY_REG_TOKEN"
ExecStartPre=@docker ferry-docker login -u ci -p ${FERRY_REG_TOKEN} r.example.test
ExecStart=/usr/bin/podman login -u ci -p $$FERRY_LITERAL r.example.test
ExecStartPost=/bin/echo "using token $FERRY_REG_TOKEN"
ExecStartPost=/bin/echo 'using token $FERRY_REG_TOKEN'
ExecStartPost=/bin/sh -c "echo using $FERRY_REG_TOKEN"
"""


def test_what_systemd_substitutes(lint: Any, tmp_path: Path) -> None:
    """systemd unquotes a word before it substitutes: `${X}` inside single quotes is the value
    (a variable given as the password; echo prints it); `$X` only as a word of its own (quotes
    aside; `"using $X"` is one word, given as written): `token=$X` are characters (a shell given
    them expands them: `sh -c "echo using $X"`); `@` with a bare program name drops its argv[0]
    too; `$$X` is the literal `$X`, the finding over both `$`."""
    write(tmp_path, "ferry-q.service", QUOTED)
    assert lint("--format", "json", ".").where() == [
        ("DCR001", 3, 46, 3, 64), ("DCR001", 7, 50, 7, 68), ("DCR001", 8, 42, 8, 57), ("DCR002", 8, 42, 8, 57),
        ("DCR003", 4, 19, 4, 57), ("DCR003", 6, 19, 6, 42), ("DCR003", 11, 27, 11, 54)]
