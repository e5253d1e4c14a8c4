"""An INI inventory (`hosts`, `inventory.ini`, known by lines giving `ansible_` variables) holds
host variables on host lines and group variables under `[group:vars]`: a literal password there is
reported at its value (a quoted one with its blanks). A lookup, a stand-in, a comment, a key file's
path are none; `ansible.cfg` and an INI file of another tool are no inventory."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

RULES = frozenset({"DCR003", "DCR010", "DCR023", "DCR051"})


REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


INVENTORY = f"""\
# lab hosts
[web]
web1 ansible_host=10.0.0.5 ansible_user=ops ansible_password={REAL}
web2 ansible_host=10.0.0.6 ansible_ssh_pass="Hx3 lattice 27" ansible_port=22
web3 ansible_host=10.0.0.7 ansible_password="{{{{ lookup('env', 'WEB3_PW') }}}}"
web4 ansible_host=10.0.0.8 ansible_become_pass=changeme

[db:children]
web

[all:vars]
ansible_become_pass=Pq8-harbor-41-Zns
ansible_python_interpreter=/usr/bin/python3
; ansible_password=Wr5-canal-62-Lop
ansible_ssh_private_key_file=~/.ssh/lab
"""


def test_ansible_ini_inventories(tmp_path: Path) -> None:
    """An INI inventory (`hosts`, `inventory.ini`, by lines giving `ansible_` variables) holds
    host variables on host lines and group variables under `[group:vars]`: a literal password
    there is reported at its value (a quoted one with its blanks). A lookup, a stand-in, a
    comment, a key file's path are none; `ansible.cfg` and an INI file of another tool are
    no inventory."""
    files = {"inventories/lab/hosts": INVENTORY, "inventory.ini": INVENTORY,
             "ansible.cfg": "[defaults]\nansible_managed = Managed by Ansible\ninventory = hosts\n"
                            "become_password = Kd2-meadow-64-Rv\n",
             "php.ini": "[mail]\nsmtp_password=Kd2-meadow-64-Rv\n"}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    expected = [(3, 62), (4, 46), (12, 21)]
    assert brief(results) == [(p, line, col, "DCR023") for p in ("inventories/lab/hosts", "inventory.ini")
                              for line, col in expected]
    assert "ansible_become_pass of group all" in results[2].message
    assert notes == []
    from dcrlint.classify import FileKind, classify

    assert classify("ansible.cfg", files["ansible.cfg"]) is FileKind.TEXT  # settings, no hosts (read for URLs and known formats)
    assert classify("hosts", "[all:vars]\nansible_become_pass=x\n") is FileKind.ANSIBLE_INVENTORY
