"""systemd units: the commands a service runs (`ExecStartPre=` ...), split into words as a shell
splits them, with the unit's `Environment=` before them; Podman Quadlet's `.image` unit's
`Creds=` (`podman image pull --creds`) and `.container` unit's `PodmanArgs=` (`podman run`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import write

from dcrlint.classify import FileKind, classify

SERVICE = """\
[Unit]
Description=till api
After=docker.service

[Service]
Environment="TILL_REG_USER=pusher" TILL_REG_PASSWORD=Kw7nQz2vTp
ExecStartPre=-/usr/bin/docker login \\
    -u ${TILL_REG_USER} \\
    -p ${TILL_REG_PASSWORD} r.example.test
ExecStartPre=/usr/bin/docker login -u %i -p %I r.example.test
ExecStartPre=/bin/sh -c 'echo "$TILL_PULL_TOKEN" | docker login -u ci --password-stdin r.example.test'
ExecStart=/usr/bin/docker run --rm --name %n r.example.test/till/api:3
ExecStop=/usr/bin/docker stop %n

[Install]
WantedBy=multi-user.target
"""

IMAGE = """\
[Unit]
Description=till api image

[Image]
Image=r.example.test/till/api:3
Creds=pusher:Mv8kWq3zRt
"""

CONTAINER = """\
[Container]
Image=r.example.test/till/api:3
PodmanArgs=--creds pusher:Mv8kWq3zRt
"""


def test_service_commands(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "deploy/till-api@.service", SERVICE)
    assert sorted(lint("--format", "json", ".").where()) == [
        ("DCR001", 9, 8, 9, 28),  # -p ${VAR} on a continued line
        ("DCR001", 10, 45, 10, 47),  # -p %I: the instance name, put on the command line
        ("DCR002", 6, 54, 6, 64),  # the literal the unit's environment gives that variable
    ]


def test_no_fix_where_no_shell_runs(lint: Any, tmp_path: Path) -> None:
    """`printf ... | docker login --password-stdin` needs a shell; systemd runs the command itself."""
    write(tmp_path, "till.service", "[Service]\nExecStartPre=/usr/bin/docker login -u u -p ${P} r.example.test\n")
    result = lint("--diff", ".")
    assert result.code == 0 and result.out == ""


def test_quadlet_units(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "quadlet/till-api.image", IMAGE)
    write(tmp_path, "quadlet/till-api.container", CONTAINER)
    write(tmp_path, "quadlet/clean.image", "[Image]\nImage=r.example.test/till/api:3\nAuthFile=/etc/till/auth.json\n")
    assert sorted(lint("--format", "json", ".").starts()) == [
        ("DCR001", 3, 27), ("DCR001", 6, 14), ("DCR002", 3, 27), ("DCR002", 6, 14)]


def test_podman_creds_option(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "pull.sh", "podman pull --creds pusher:Mv8kWq3zRt r.example.test/till/api:3\n"
                               "buildah push --creds=pusher:$TILL_PUSH_TOKEN r.example.test/till/api:3\n"
                               "podman run -u 1000 -p 8080:80 r.example.test/till/api:3\n"
                               "podman pull --creds pusher r.example.test/till/api:3\n")
    assert sorted(lint("--format", "json", ".").starts()) == [("DCR001", 1, 28), ("DCR001", 2, 29),
                                                             ("DCR002", 1, 28)]


@pytest.mark.parametrize(("rel", "text", "kind"), [
    ("etc/till.service", "[Service]\nExecStart=/bin/true\n", FileKind.SYSTEMD_UNIT),
    ("roles/till/templates/till.service.j2", "[Service]\nExecStart={{ till_bin }}\n", FileKind.SYSTEMD_UNIT),
    ("quadlet/till.image", "[Image]\nImage=r.example.test/till:1\n", FileKind.SYSTEMD_UNIT),
    ("quadlet/till.container", "# till\n[Container]\nImage=r.example.test/till:1\n", FileKind.SYSTEMD_UNIT),
    ("vm/disk.image", "\x7fELF binary", FileKind.OTHER),
    ("docs/till.container", "a till is a container for money\n", FileKind.OTHER),
])
def test_known_by_name_and_section(rel: str, text: str, kind: FileKind) -> None:
    assert classify(rel, text) is kind


def test_dbus_service_files_run_no_unit_commands(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "org.example.Till.service", "[D-BUS Service]\nName=org.example.Till\n"
                                                "Exec=/usr/bin/till --token Kw7nQz2vTp\n")
    assert lint("--format", "json", ".").where() == []



PROVISION = """\
#!/bin/bash
set -eu
cat > /etc/systemd/system/till-api.service <<EOF
[Service]
ExecStartPre=/usr/bin/docker login -u pusher -p "$(cat /etc/till/registry-token)" r.example.test
ExecStart=/usr/bin/docker run --rm r.example.test/till/api:3
EOF
sudo tee "$UNIT_DIR/till-worker.service" >/dev/null <<'UNIT'
[Service]
ExecStartPre=/usr/bin/podman login -u pusher -p Mv8kWq3zRt r.example.test
UNIT
cat > "$UNIT_FILE" <<-EOF
	[Unit]
	Description=till cron
	[Service]
	ExecStart=/usr/bin/docker login -u pusher -p ${TILL_TOKEN} r.example.test
	EOF
cat > notes.txt <<EOF
docker login -u pusher -p ${TILL_TOKEN} r.example.test
EOF
systemctl daemon-reload
"""


def test_units_a_script_writes(lint: Any, tmp_path: Path) -> None:
    """A unit written from a here-document is read as the unit file it becomes (an expanding
    body gets the script's values: the token is on the unit's command line); a here-document
    that is no unit (notes) holds no commands."""
    write(tmp_path, "provision.sh", PROVISION)
    assert sorted(lint("--format", "json", ".").starts()) == [
        ("DCR001", 5, 50), ("DCR001", 10, 49), ("DCR001", 16, 47), ("DCR002", 10, 49)]
    assert lint("--diff", ".").out == ""  # no pipe offered inside a unit


def test_a_push_logs_in_to_its_destination(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "push.sh", "buildah push --creds pusher:Mv8kWq3zRt till:3 r.example.test/till/api:3\n")
    messages = [f["message"] for f in lint("--format", "json", ".").json()["findings"]]
    assert messages and all("to r.example.test/till/api:3" in m for m in messages)


def test_programs_named_by_their_paths(lint: Any, tmp_path: Path) -> None:
    """A unit names each program by its path: `/bin/echo ${TOKEN}` prints as `echo` does (to the
    journal), `/usr/bin/printenv` dumps the environment."""
    write(tmp_path, "till-debug.service", "[Service]\nEnvironmentFile=/etc/till/registry.env\n"
          "ExecStartPre=-/bin/echo ${TILL_REG_PASSWORD}\nExecStartPre=/usr/bin/cat /root/.docker/config.json\n"
          "ExecStart=/usr/bin/printenv\nExecStop=/usr/local/bin/till-stop --grace 10\n")
    assert sorted(lint("--format", "json", ".").starts()) == [("DCR003", 3, 20), ("DCR003", 4, 23),
                                                             ("DCR003", 5, 20)]


def test_environment_settings_are_settings(lint: Any, tmp_path: Path) -> None:
    """`Environment=` of a Quadlet container or a service is a container's or process's env, as
    Compose's `environment:` is: a literal secret there is DCR023 (DCR002 where a login gets it);
    a specifier (`%d`: the credentials folder) and `${X}` are systemd's, no literal."""
    write(tmp_path, "till-db.container", "[Container]\nImage=r.example.test/till/db:16\n"
          "Environment=TILL_DB_USER=till\nEnvironment=TILL_DB_PASSWORD=Qv7mKz2wLp9x\n"
          'Environment="TILL_API_KEY=Hw4nTq8zRv2k" LOG_LEVEL=info\n'
          "Environment=TILL_DB_PASSWORD_FILE=%d/db TILL_TOKEN=${TILL_TOKEN}\n")
    write(tmp_path, "till-pull.service", "[Service]\nEnvironment=TILL_REG_PASSWORD=Mv8kWq3zRt\n"
          "ExecStartPre=/usr/bin/docker login -u ci -p ${TILL_REG_PASSWORD} r.example.test\n")
    assert sorted(lint("--format", "json", ".").starts()) == [
        ("DCR001", 3, 45), ("DCR002", 2, 31), ("DCR023", 4, 30), ("DCR023", 5, 27)]
