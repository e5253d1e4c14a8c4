"""Files Ansible reads, known by their place and name: a Molecule scenario's `molecule.yml` and
`converge.yml`, variables files named for secrets (`secrets.yml`, `vault.yml`) kept anywhere, a
role published as its own repository (`defaults/main.yml` at its root). A CI file so named stays
a CI file. A YAML problem in an Ansible file is the file's own (Ansible parses the YAML before it
renders its Jinja `{{ }}`): a warning, not a Go template's note."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

RULES = frozenset({"DCR001", "DCR002", "DCR023", "DCR050", "DCR051"})


REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


MOLECULE = f"""\
driver:
  name: docker
platforms:
  - name: instance
    image: dcr.example.com/test/ubuntu:24.04
    registry:
      url: dcr.example.com
      credentials:
        username: ci
        password: {REAL}
provisioner:
  name: ansible
  inventory:
    group_vars:
      all:
        registry_password: Hx3-lattice-27-Pqr
        registry_token: "{{{{ lookup('env', 'REGISTRY_TOKEN') }}}}"
"""


CONVERGE = """\
- name: Converge
  hosts: all
  vars:
    registry_password: Pq8-harbor-41-Zns
    hub_password: "{{ vault_hub_password }}"
  tasks:
    - name: Log in
      community.docker.docker_login:
        registry_url: dcr.example.com
        username: ci
        password: Wr5-canal-62-Lop
"""


def test_molecule_scenarios_are_ansible(tmp_path: Path) -> None:
    """A Molecule scenario's files are Ansible's: `molecule.yml` gives the inventory's
    variables and the driver's registry credentials, `converge.yml` is a play (its first key
    a name, not `hosts`). A lookup or a `{{ }}` expression is no literal."""
    files = {"molecule/default/molecule.yml": MOLECULE, "molecule/default/converge.yml": CONVERGE,
             "roles/app/molecule/registry/converge.yml": CONVERGE}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("molecule/default/converge.yml", 4, 24, "DCR023"),
                              ("molecule/default/converge.yml", 11, 19, "DCR002"),
                              ("molecule/default/molecule.yml", 10, 19, "DCR023"),
                              ("molecule/default/molecule.yml", 16, 28, "DCR023"),
                              ("roles/app/molecule/registry/converge.yml", 4, 24, "DCR023"),
                              ("roles/app/molecule/registry/converge.yml", 11, 19, "DCR002")]
    assert notes == []


def test_a_variables_file_named_for_secrets_is_read_anywhere(tmp_path: Path) -> None:
    """`secrets.yml`, `vault.yml` (and `secrets.prod.yml`, `prod-vault.yml`) are the variables
    files playbooks load with `vars_files`, kept anywhere: their secret-named literals are
    reported. A Kubernetes Secret named so stays a manifest, an encrypted vault holds nothing,
    and a file whose name only starts with the word (`secret_scanning.yml`) is not one."""
    plain = f"docker_registry:\n  url: dcr.example.com\n  username: ci\n  password: {REAL}\nregion: eu\n"
    encrypted = "$ANSIBLE_VAULT;1.1;AES256\n61626364656667686970\n"
    secret = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: registry\ntype: Opaque\n"
              f"stringData:\n  password: {REAL}\n")
    files = {"deploy/secrets.yml": plain, "env/prod/vault.yaml": plain, "secrets.prod.yml": plain,
             "inventories/prod-vault.yml": plain, "inventories/dev/vault.yml": encrypted,
             "k8s/secrets.yaml": secret, ".github/secret_scanning.yml": plain}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("deploy/secrets.yml", 4, 13, "DCR023"), ("env/prod/vault.yaml", 4, 13, "DCR023"),
                              ("inventories/prod-vault.yml", 4, 13, "DCR023"), ("k8s/secrets.yaml", 7, 13, "DCR023"),
                              ("secrets.prod.yml", 4, 13, "DCR023")]
    assert [r.message.split(" ")[0] for r in results] == ["Ansible:"] * 3 + ["Secret"] + ["Ansible:"]
    assert notes == []


def test_ci_files_named_for_secrets_stay_ci_files(tmp_path: Path) -> None:
    """The name says Ansible only when no CI system's content says otherwise (guard R1): a GitLab
    include or job template named `secrets.yml` / `vault.yml` and an Azure steps template keep
    their script findings."""
    job = ('deploy:\n  stage: deploy\n  before_script:\n    - echo start\n  script:\n'
           '    - docker login -u ci -p "$REGISTRY_PASSWORD" dcr.example.com\n')
    steps = ('parameters:\n  - name: registry\nsteps:\n  - script: |\n'
             '      docker login -u ci -p "$(REG_PASSWORD)" dcr.example.com\n    displayName: login\n')
    files = {".gitlab/ci/secrets.yml": job, "jobs/vault.yml": job, "templates/secrets.yml": steps}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [(".gitlab/ci/secrets.yml", 6, 30, "DCR001"), ("jobs/vault.yml", 6, 30, "DCR001"),
                              ("templates/secrets.yml", 5, 30, "DCR001")]
    assert notes == []


ROLE_DEFAULTS = """\
graylog_password_secret: "Kq7Lm2Zt9Pv3Wx8RQ4nBhT6yUe1oPa5s"
graylog_root_password: "{{ vault_graylog_root_password }}"
graylog_ldap_password: "password"
"""


@pytest.mark.parametrize(("path", "found"), [
    ("defaults/main.yml", True), ("vars/main.yaml", True), ("ansible-role-x/defaults/main.yml", True),
    ("defaults/other.yml", False), ("config/main.yml", False),
])
def test_a_role_kept_as_its_own_repository(tmp_path: Path, path: str, found: bool) -> None:
    """A role published as its own repository has `defaults/main.yml`, `vars/main.yml`,
    `tasks/main.yml` at its root, with no `roles/` folder above: read as the role's variables (a
    literal secret there was missed). Another file in such a folder, or `main.yml` in another
    folder, is no role's part by its path."""
    results, notes = engine_scan(tmp_path, {path: ROLE_DEFAULTS}, rules=frozenset({"DCR023"}))
    assert brief(results) == ([(path, 1, 27, "DCR023")] if found else [])
    assert notes == []


def test_an_ansible_file_no_parser_reads(tmp_path: Path) -> None:
    tasks = """\
        - name: make the app's folder
          ansible.builtin.file:
            path: "{{ app_home }}"
            state: directory

        - name: add the user to its groups: all of them
          ansible.builtin.user:
            name: "{{ app_user }}"
        """
    chart = """\
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}
        data:
          {{- range .Values.items }}
          {{ . }}: x: y
          {{- end }}
        """
    _, notes = engine_scan(tmp_path, {"roles/app/tasks/main.yml": tasks, "chart/templates/cm.yaml": chart,
                                      "chart/Chart.yaml": "name: c\n"}, rules=frozenset({"DCR023"}))
    got = {n.path: (n.level, n.message) for n in notes}
    level, message = got["roles/app/tasks/main.yml"]
    assert level == "warning" and message.startswith("not YAML (") and "Ansible parses" in message
    assert got["chart/templates/cm.yaml"][0] == "note"  # a chart's template: its actions may be the cause
