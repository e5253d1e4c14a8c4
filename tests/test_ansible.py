"""Ansible: docker_login / podman_login literal passwords (DCR002), shell tasks through the shell
rules, inline k8s manifests through the Kubernetes rules, secret-named variables (DCR023);
vault-encrypted values, `{{ }}` expressions and lookups are not literals."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_kubernetes import brief, scan

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
    results, notes = scan(tmp_path, {"site.yml": PLAYBOOK}, rules=RULES)
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
    results, notes = scan(tmp_path, {"inventory/group_vars/all.yml": text}, rules=RULES)
    assert brief(results) == [("inventory/group_vars/all.yml", 2, 20, "DCR023")]
    assert notes == []
