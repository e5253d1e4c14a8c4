"""A key from a vendor's documentation says so: `EXAMPLE` in capitals glued into the value (AWS's
`AKIA...EXAMPLE` and `.../bPxR...EXAMPLEKEY` in every tutorial, reused as a MinIO password) is in
no random string. A value that merely holds the letters in lower case stays a secret. An API
description's (OpenAPI, Swagger) `example`/`examples` show what a value looks like: documentation."""

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


def _token(**claims: object) -> str:
    import base64
    import json

    def part(d: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(dict(claims))}.Qm9va2tlZXBlci1zaWduYXR1cmUtOTE"


def test_an_api_descriptions_examples_are_documentation(tmp_path: Path) -> None:
    """Under `example`/`examples` an API description (OpenAPI, Swagger: a YAML document whose
    root holds `openapi` or `swagger`) shows what a value looks like: documentation, as a README's
    sample token is. A token elsewhere in it, and `examples` of any other YAML, stay reported."""
    sample = _token(iss="ledger", sub="alice", exp=1600000000)
    other = _token(iss="ledger", sub="ci-bot", exp=4100000000)
    api = f"""\
openapi: 3.1.0
info: {{title: Ledger, version: "2"}}
components:
  schemas:
    Session:
      type: object
      properties:
        token:
          type: string
          examples:
            - {sample}
        refresh:
          type: string
          example: '{sample}'
x-ci:
  deploy_token: {other}
"""
    plain = f"examples:\n  - {other}\n"
    results, _ = engine_scan(tmp_path, {"api/ledger.yaml": api, "conf/tokens.yaml": plain},
                             rules=frozenset({"DCR051", "DCR041"}), dedent=False)
    assert brief(results) == [("api/ledger.yaml", 16, 17, "DCR051"), ("conf/tokens.yaml", 2, 5, "DCR051")]
