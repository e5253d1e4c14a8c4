"""Files a provisioning tool writes from text it holds (cloud-init's `write_files`, an Ansible
`copy:` task's `content:`, a boot script's here-document) are read as the files they become: a
systemd or Quadlet unit's commands, a shell script's, by the written file's name or first line,
and an env file's settings, by its name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import write

USER_DATA = """\
#cloud-config
write_files:
  - path: /etc/systemd/system/till-pull.service
    content: |
      [Service]
      Type=oneshot
      ExecStartPre=/usr/bin/docker login -u pusher -p Wq7zRt3nKv r.example.test
      ExecStart=/usr/bin/docker pull r.example.test/till/api:3
  - path: /opt/till/pull
    permissions: "0755"
    content: |
      #!/bin/sh
      docker login -u pusher -p "$TILL_PASS" r.example.test
      echo "pull token: $TILL_TOKEN"
  - path: /opt/till/notes.txt
    content: |
      docker login -u pusher -p Wq7zRt3nKv r.example.test
  - path: /opt/till/encoded.sh
    encoding: b64
    content: IyEvYmluL3NoCg==
  - path: /etc/systemd/system/till-safe.service
    content: |
      [Service]
      EnvironmentFile=/etc/till/registry.env
      ExecStartPre=/bin/sh -c 'printf %%s "$TILL_PASS" | docker login -u pusher --password-stdin r.example.test'
runcmd:
  - systemctl enable --now till-pull.service
"""


def test_cloud_init_write_files(lint: Any, tmp_path: Path) -> None:
    """A unit by its path, a script by its shebang; a text file and an encoded file are no
    commands; a unit logging in with `--password-stdin` is clean."""
    write(tmp_path, "user-data", USER_DATA)
    assert sorted(lint("--format", "json", ".").starts()) == [
        ("DCR001", 7, 55), ("DCR001", 13, 34), ("DCR002", 7, 55), ("DCR003", 14, 7)]
    fix = [line for line in lint("--diff", ".").out.splitlines() if line.startswith("+") and "stdin" in line]
    assert fix == ['+      printf %s "$TILL_PASS" | docker login -u pusher --password-stdin r.example.test']


TERRAFORM = """\
resource "aws_instance" "till" {
  ami       = "ami-0till"
  user_data = <<-EOT
    #!/bin/bash
    cat > /etc/systemd/system/till.service <<UNIT
    [Service]
    ExecStartPre=/usr/bin/docker login -u pusher -p Hq4mTz8wRv r.example.test
    ExecStart=/usr/bin/docker run r.example.test/till/api:3
    UNIT
  EOT
}

resource "aws_instance" "till_b" {
  ami       = "ami-0till"
  user_data = <<-EOT
    #cloud-config
    write_files:
      - path: /etc/systemd/system/till-b.service
        content: |
          [Service]
          ExecStartPre=/usr/bin/docker login -u pusher -p Hq4mTz8wRv r.example.test
  EOT
}
"""


def test_terraform_user_data(lint: Any, tmp_path: Path) -> None:
    """A boot script's here-document unit, and a unit in `#cloud-config` user data."""
    write(tmp_path, "till.tf", TERRAFORM)
    assert sorted(lint("--format", "json", ".").starts()) == [
        ("DCR001", 7, 53), ("DCR001", 21, 59), ("DCR002", 7, 53), ("DCR002", 21, 59)]


PLAYBOOK = """\
- name: till unit
  ansible.builtin.copy:
    dest: /etc/systemd/system/till.service
    content: |
      [Service]
      ExecStartPre=/usr/bin/docker login -u pusher -p {{ till_registry_password }} r.example.test
      ExecStart=/usr/bin/docker run r.example.test/till/api:3
- name: till login script
  copy:
    dest: "{{ till_home }}/bin/login.sh"
    mode: "0755"
    content: |
      docker login -u pusher -p Nv5qWz2kTr r.example.test
- name: till config
  copy:
    dest: /etc/till/till.conf
    content: |
      ExecStart=/usr/bin/docker login -u pusher -p Nv5qWz2kTr r.example.test
"""


def test_ansible_copy_content(lint: Any, tmp_path: Path) -> None:
    """A unit by its `dest`, a script by its name (no shebang); another file is no commands.
    The unit's `{{ }}` password is no literal, but it is on the command line."""
    write(tmp_path, "roles/till/tasks/main.yml", PLAYBOOK)
    assert sorted(lint("--format", "json", ".").starts()) == [
        ("DCR001", 6, 55), ("DCR001", 13, 33), ("DCR002", 13, 33)]


ENV_FILES = {
    "user-data": """\
#cloud-config
write_files:
  - path: /etc/till/registry.env
    content: |
      TILL_REGISTRY_USER=pusher
      TILL_REGISTRY_PASSWORD=Tz5wQm8rKp
  - path: /etc/till/notes.txt
    content: |
      TILL_REGISTRY_PASSWORD=Tz5wQm8rKp
""",
    "roles/till/tasks/main.yml": """\
- name: till env
  ansible.builtin.copy:
    dest: /etc/till/.env
    content: |
      TILL_REGISTRY_PASSWORD=Tz5wQm8rKp
      TILL_API_TOKEN={{ till_api_token }}
""",
    "machines/till.bu": """\
variant: flatcar
version: 1.1.0
storage:
  files:
    - path: /etc/till/registry.env
      contents:
        inline: |
          TILL_REGISTRY_PASSWORD=Tz5wQm8rKp
""",
}


def test_env_files_written_from_text(lint: Any, tmp_path: Path) -> None:
    """An env file by its name (`.env`, `*.env`) written by cloud-init, Ansible or Butane: its
    literal secret is DCR023 at its line; a `{{ }}` value is none; another file is no env file."""
    for rel, text in ENV_FILES.items():
        write(tmp_path, rel, text)
    found = lint("--format", "json", ".").json()["findings"]
    assert sorted((f["path"], f["start"]["line"], f["start"]["column"], f["rule"]) for f in found) == [
        ("machines/till.bu", 8, 34, "DCR023"), ("roles/till/tasks/main.yml", 5, 30, "DCR023"),
        ("user-data", 6, 30, "DCR023")]
    assert all("written by" in f["message"] for f in found)
