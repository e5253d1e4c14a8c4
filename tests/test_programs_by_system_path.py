"""A program the system keeps, written by its path (`/bin/echo`, `/usr/bin/printenv`,
`/usr/local/bin/printf`), is the program its name says: it prints what the bare name prints. A
path of the project's own (`./echo`, `tools/cat`, `/opt/kit/bin/echo`) names another program."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import write

SCRIPT = """\
#!/bin/bash
printf '%s' "$KIOSK_REG_PASSWORD" | docker login -u ci --password-stdin r.example.test
/bin/echo "$KIOSK_REG_PASSWORD"
/usr/bin/printenv
/bin/cat ~/.docker/config.json
/usr/local/bin/printf 'pw=%s\\n' "$KIOSK_REG_PASSWORD"
/usr/bin/env
./echo "$KIOSK_REG_PASSWORD"
tools/cat ~/.docker/config.json
/opt/kit/bin/echo "$KIOSK_REG_PASSWORD"
/usr/bin/env KIOSK_MODE=1 make deploy
/bin/echo "$KIOSK_REG_PASSWORD" > /run/kiosk/pw
"""


def test_system_programs_by_path(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "kiosk/deploy.sh", SCRIPT)
    run = lint("--format", "json", ".")
    assert run.starts() == [("DCR003", 3, 1), ("DCR003", 4, 1), ("DCR003", 5, 1), ("DCR003", 6, 1),
                            ("DCR003", 7, 1)]
    messages = [f["message"] for f in run.json()["findings"]]
    assert messages[0].startswith("`echo` prints secret `KIOSK_REG_PASSWORD`")
