"""A key from a vendor's documentation says so: `EXAMPLE` in capitals glued into the value (AWS's
`AKIA...EXAMPLE` and `.../bPxR...EXAMPLEKEY` in every tutorial, reused as a MinIO password) is in
no random string. A value that merely holds the letters in lower case stays a secret."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

from dcrlint.standins import named_stand_in

COMPOSE = """\
services:
  store:
    image: minio/minio
    environment:
      MINIO_ROOT_USER: AKIAEXAMPLEQ7TPLW2ZD
      MINIO_ROOT_PASSWORD: hQ4rVt8Lw2ZpN6sX/k9mRq3T+yBf7DcJEXAMPLEKEY
      BACKUP_PASSWORD: hQ4rVt8Lw2ZpN6sX/k9mRq3T+yBf7DcJexamplekey
"""


def test_documentation_keys_are_stand_ins(tmp_path: Path) -> None:
    assert named_stand_in("wJ7pQ2/K7MDENG/bPxRfiCYEXAMPLEKEY") and not named_stand_in("Ex4mpleQ9zT")
    results, _ = engine_scan(tmp_path, {"docker-compose.yml": COMPOSE}, dedent=False,
                             rules=frozenset({"DCR023", "DCR051"}))
    assert brief(results) == [("docker-compose.yml", 7, 24, "DCR023")]
