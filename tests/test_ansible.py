"""Ansible: docker_login / podman_login literal passwords (DCR002), shell tasks through the shell
rules, inline k8s manifests through the Kubernetes rules, secret-named variables (DCR023);
vault-encrypted values, `{{ }}` expressions and lookups are not literals."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.classify import FileKind, classify, classify_path

RULES = frozenset({"DCR001", "DCR002", "DCR022", "DCR023", "DCR050", "DCR051"})

PLAYBOOK = """\
- hosts: builders
  vars:
    registry_user: ci
    registry_password: !vault |
      $ANSIBLE_VAULT;1.1;AES256
      62313365396662343061393464336163383764373764613633653634306231386433626436623361
  tasks:
    - name: Log in to the registry
      community.docker.docker_login:
        registry_url: dcr.example.com
        username: ci
        password: Vq7-trellis-93-Kmd
    - name: Log in with the vaulted password
      docker_login:
        registry_url: dcr.example.com
        username: "{{ registry_user }}"
        password: "{{ registry_password }}"
    - name: Podman login from the environment
      containers.podman.podman_login:
        registry: quay.io
        username: robot
        password: "{{ lookup('env', 'QUAY_TOKEN') }}"
    - block:
        - name: Push
          ansible.builtin.shell: |
            docker login -u ci -p "{{ registry_password }}" dcr.example.com
            docker push dcr.example.com/team/app:1.0
        - name: Pull secret
          kubernetes.core.k8s:
            state: present
            definition:
              apiVersion: v1
              kind: Secret
              metadata:
                name: api
                namespace: apps
              type: Opaque
              stringData:
                api-token: Hx3-lattice-27-Pqr
"""


@pytest.mark.parametrize(
    "path",
    ["roles/registry/tasks/main.yml", "roles/registry/defaults/main.yml", "inventory/group_vars/all.yml",
     "host_vars/builder1.yml", "playbooks/deploy.yml", "playbook.yml"],
)
def test_classified_by_path(path: str) -> None:
    assert classify_path(path) is FileKind.ANSIBLE


def test_classified_by_content() -> None:
    assert classify("deploy/site.yml", PLAYBOOK) is FileKind.ANSIBLE
    assert classify("ci/tasks.yml", "- name: x\n  ansible.builtin.command: make\n") is FileKind.ANSIBLE


def test_playbook(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"site.yml": PLAYBOOK}, rules=RULES)
    assert brief(results) == [
        ("site.yml", 12, 19, "DCR002"),
        ("site.yml", 26, 36, "DCR001"),
        ("site.yml", 39, 28, "DCR023"),
    ]
    assert "Log in to the registry" in results[0].message and "dcr.example.com (user ci)" in results[0].message
    assert notes == []


def test_variables(tmp_path: Path) -> None:
    text = ("registry_user: ci\nregistry_password: Vq7-trellis-93-Kmd\napi_token: \"{{ vault_api_token }}\"\n"
            "db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6231336539666234\n")
    results, notes = engine_scan(tmp_path, {"inventory/group_vars/all.yml": text}, rules=RULES)
    assert brief(results) == [("inventory/group_vars/all.yml", 2, 20, "DCR023")]
    assert notes == []


ARGV_TASKS = """\
- hosts: builders
  tasks:
    - name: Log in (argv)
      ansible.builtin.command:
        argv:
          - docker
          - login
          - --username
          - ci
          - --password
          - "Vq7-trellis-93-Kmd"
          - dcr.example.com
    - name: Log in from stdin (argv)
      command:
        argv: [docker, login, --username, ci, --password-stdin, dcr.example.com]
        stdin: "{{ registry_password }}"
    - name: Log in by script
      ansible.builtin.script: files/login.sh && skopeo login -u ci -p Hx3-lattice-27-Pqr dcr.example.com
    - name: A script without credentials
      script: files/build.sh --target "release build"
"""


def test_command_argv_and_script_through_the_shell_rules(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"site.yml": ARGV_TASKS}, rules=RULES)
    assert brief(results) == [("site.yml", 11, 14, "DCR001"), ("site.yml", 11, 14, "DCR002"),
                              ("site.yml", 18, 71, "DCR001"), ("site.yml", 18, 71, "DCR002")]
    assert [(r.end.line, r.end.column) for r in results[::2]] == [(11, 32), (18, 89)]
    assert notes == []


def test_vars_files_without_a_suffix(tmp_path: Path) -> None:
    assert classify_path("inventory/group_vars/all") is FileKind.ANSIBLE
    assert classify_path("host_vars/builder1") is FileKind.ANSIBLE
    assert classify_path("docs/group_vars.md") is not FileKind.ANSIBLE
    assert classify_path("inventory/all") is None
    files = {"inventory/group_vars/all": "registry_user: ci\nregistry_password: Vq7-trellis-93-Kmd\n",
             "inventory/host_vars/builder1": 'registry_password: "{{ vault_registry_password }}"\n'}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("inventory/group_vars/all", 2, 20, "DCR023")]
    assert notes == []
