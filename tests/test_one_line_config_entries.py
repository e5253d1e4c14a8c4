"""A Secret's entry under a key that names nothing secret, holding a one-line configuration file:
a directive and the file it names (`IdentityFile /keys/id_ci`, as ssh's `config` is often one
line) says where a secret is kept, not the secret, as a whole configuration file does (held-out
16a A3). A directive given a secret (`Password ...`, `token ...`) names no file: reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.notsecret import setting_value

SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  name: mirror-ssh
type: Opaque
stringData:
  config: |
    IdentityFile /var/run/mirror/id_ci
  hosts: UserKnownHostsFile=~/.ssh/mirror_hosts
  include: "Include conf.d/mirror.conf"
  extra: |
    Password Rv5-quarry-38-Mzt
  more: token Jd7wQ2nXk9TzR4vLm
"""


def test_a_directive_naming_a_file_is_where_not_what(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"deploy/mirror-ssh.yaml": SECRET}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/mirror-ssh.yaml", 12, 5, "DCR023"), ("deploy/mirror-ssh.yaml", 13, 9, "DCR023")]
    assert notes == []


@pytest.mark.parametrize(("value", "setting"), [
    ("IdentityFile /var/run/mirror/id_ci", True), ("CertificateFile=/etc/ssh/ci-cert.pub", True),
    ("Include conf.d/mirror.conf", True), ("Password Rv5-quarry-38-Mzt", False), ("token Jd7wQ2nXk9TzR4vLm", False),
    ("key /Jd7wQ2nXk9TzR4vLmJd7wQ2nXk9TzR4vLm+Qw==", False),  # base64 key material after a slash: no path
])
def test_directives_naming_files(value: str, setting: bool) -> None:
    assert setting_value(value, "config") is setting
