"""An Ansible `debug` task prints its `msg` (templated) or its `var` to the play's output, the
job log: a secret variable there is DCR003, as `echo "$TOKEN"` is. Not with `no_log` (the
task's, or a block's or play's around it), nor at a `verbosity` only a verbose run shows, nor
where a filter or test prints something else (`| length`, `is defined`, `| password_hash`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import write

TASKS = """\
- name: shown
  debug:
    msg: "pulling with {{ harbor_robot_token }}"
- ansible.builtin.debug:
    var: kiosk.registry_password
- debug: msg="robot {{ creds['robot_secret'] | b64encode }}"
- debug: var=harbor_robot_token
- debug:
    msg:
      - "user {{ harbor_user }}"
      - "{{ harbor_robot_token | default('') }}"
- name: quiet
  debug:
    msg: "{{ harbor_robot_token }}"
  no_log: true
- name: verbose only
  debug:
    var: harbor_robot_token
    verbosity: 2
- debug:
    msg: "{{ harbor_robot_token | length }} {{ harbor_robot_token is defined }} {{ harbor_user }}"
- debug:
    msg: "{{ harbor_robot_token | password_hash('sha512') }}"
- debug:
    var: harbor_token_file
- debug:
    msg: "{{ force_secret_rotation }}"
- block:
    - debug:
        var: harbor_robot_token
  no_log: "{{ hide_secrets }}"
- debug:
    var: harbor_robot_token
  no_log: false
"""


def test_debug_tasks(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "roles/kiosk/tasks/main.yml", TASKS)
    run = lint("--format", "json", ".")
    assert run.starts() == [("DCR003", 3, 27), ("DCR003", 5, 10), ("DCR003", 6, 24), ("DCR003", 7, 14),
                            ("DCR003", 11, 13), ("DCR003", 33, 10)]
    assert all("no_log: true" in f["message"] for f in run.json()["findings"])
