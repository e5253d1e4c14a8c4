"""cloud-init user data: a file whose first line is `#cloud-config` (`user-data`,
`cloud-init.yaml`, a Terraform template `*.tftpl`). Its passwords (the default user's, a user's
`plain_text_passwd`, `chpasswd` list lines and users) are settings, its `runcmd` shell. A crypt
hash, `RANDOM`/`R`, a template's `${x}` are none; a template's `%{ }` directives are no YAML
(blanked: no notification). `#cloud-config` not on the first line, or in a document, is no user
data."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

RULES = frozenset({"DCR003", "DCR010", "DCR023", "DCR051"})


REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


USER_DATA = f"""\
#cloud-config
hostname: build
password: {REAL}
chpasswd:
  expire: false
  list: |
    root:Hx3-lattice-27-Pqr
    ops:$6$rounds=4096$Qz8$Zx0Y8kq3l2mJ1nB5vC7xQ9wE4rT6yU8iO0pA2sD4fG6hJ8kL0zX2cV4bN6mM8q
    dev:RANDOM
  users:
    - {{name: app, password: Wr5-canal-62-Lop, type: text}}
    - {{name: svc, password: R, type: RANDOM}}
users:
  - name: ci
    plain_text_passwd: Pq8-harbor-41-Zns
    passwd: $6$rounds=4096$Qz8$Zx0Y8kq3l2mJ1nB5vC7xQ9wE4rT6yU8iO0pA2sD4fG6hJ8kL0zX2cV4bN6mM8q
runcmd:
  - docker login -u ci -p Kd2-meadow-64-Rv dcr.example.com
  - [ sh, -c, 'echo "$REGISTRY_TOKEN" | docker login -u ci --password-stdin dcr.example.com' ]
"""


TEMPLATE = """\
#cloud-config
password: ${vm_password}
users:
  - name: ops
    ssh_authorized_keys:
%{ for k in ssh_keys ~}
      - ${k}
%{ endfor ~}
chpasswd:
  list:
    - root:${root_password}
    - admin:Hx3-lattice-27-Pqr
"""


def test_cloud_init_user_data_files(tmp_path: Path) -> None:
    """A file whose first line is `#cloud-config` (`user-data`, `cloud-init.yaml`, a Terraform
    template `*.tftpl`) is cloud-init user data: its passwords (the default user's, a user's
    `plain_text_passwd`, `chpasswd` list lines and users) are settings, its `runcmd` shell. A
    crypt hash, `RANDOM`/`R`, a template's `${x}` are none; a template's `%{ }` directives are
    no YAML (blanked: no notification). `#cloud-config` not on the first line, or in a document
    (`README.md`), is no user data."""
    files = {"vm/user-data": USER_DATA, "tf/cloud-init.tftpl": TEMPLATE,
             "docs/README.md": USER_DATA, "vm/notes.yaml": "# user data\n" + USER_DATA}
    results, notes = engine_scan(tmp_path, files, rules=RULES | {"DCR001", "DCR002"})
    assert brief(results) == [("tf/cloud-init.tftpl", 12, 13, "DCR023"),
                              ("vm/user-data", 3, 11, "DCR023"), ("vm/user-data", 7, 10, "DCR023"),
                              ("vm/user-data", 11, 29, "DCR023"), ("vm/user-data", 15, 24, "DCR023"),
                              ("vm/user-data", 18, 27, "DCR001"), ("vm/user-data", 18, 27, "DCR002")]
    assert "chpasswd password of root" in results[2].message
    assert notes == []
