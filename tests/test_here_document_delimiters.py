"""One reading of a here-document found without a parse (`shell.heredocs`): the delimiter is any
word bash takes (dots and dashes in it too), its line may end with a CR (a script with CRLF line
ends); a manifest applied, a unit written, a docker config written from one are read alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import write

SCRIPT = """\
#!/bin/bash
kubectl apply -f - <<'END-OF-MANIFEST'
apiVersion: v1
kind: Secret
metadata:
  name: ledger-db
stringData:
  password: Qv7mKz2wLp9x
END-OF-MANIFEST
cat > /etc/systemd/system/ledger.service <<UNIT.END
[Service]
ExecStartPre=/usr/bin/docker login -u ci -p Hw4nTq8zRv2k r.example.test
UNIT.END
"""


def test_delimiters_with_dashes_and_dots(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "ledger/install.sh", SCRIPT)
    assert lint("--format", "json", ".").starts() == [("DCR001", 12, 45), ("DCR002", 12, 45), ("DCR023", 8, 13)]


def test_crlf_delimiter_line(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "ledger/install.sh", SCRIPT.replace("\n", "\r\n"))
    assert lint("--format", "json", ".").starts() == [("DCR001", 12, 45), ("DCR002", 12, 45), ("DCR023", 8, 13)]
