"""A script Terraform or Packer renders (`templatefile`: `*.sh.tftpl`, `*.sh.tpl` wherever kept) is read
as rendered: `$${` and `%%{` are the template's escapes for the shell's `${` and `%{`, and `$$(` is
written for `$(`. Read as written, `PW=$$(cmd)` is no shell, and its parse error took the next
line's login with it (held-out B1). Positions are the file's: an escape stands for both characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

SCRIPT = """\
#!/bin/bash
set -eux
PW=$$(fetch-registry-password)
kubectl --kubeconfig=/home/${user}/.kube/config create secret docker-registry pullcred \\
  --docker-server=reg.example.test --docker-username=bot \\
  --docker-password="$${PW}"
echo "%%{not a directive}"
"""


@pytest.mark.parametrize("path", ["templates/node-init.sh.tpl", "boot/node-init.sh.tftpl", "img/setup.sh.pkrtpl",
                                  "modules/node/bootstrap.sh.tpl"])
def test_a_rendered_scripts_escapes_are_read_as_rendered(tmp_path: Path, path: str) -> None:
    results, notes = engine_scan(tmp_path, {path: SCRIPT}, dedent=False, rules=frozenset({"DCR001", "DCR003"}))
    assert brief(results) == [(path, 2, 1, "DCR003"), (path, 6, 22, "DCR001")]
    assert notes == []
    assert results[1].end.column == 28  # (`$${PW}`, both `$` of the escape)


def test_a_plain_script_keeps_its_dollars(tmp_path: Path) -> None:
    """In a script no template renders, `$$` is the shell's own (the process id)."""
    script = "#!/bin/sh\necho \"$$\" > /tmp/pid.$$\ndocker login -u ci -p \"$REG_PW\" reg.example.test\n"
    results, _ = engine_scan(tmp_path, {"run.sh": script, "run.sh.tftpl": script}, dedent=False,
                             rules=frozenset({"DCR001"}))
    assert brief(results) == [("run.sh", 3, 24, "DCR001"), ("run.sh.tftpl", 3, 24, "DCR001")]
