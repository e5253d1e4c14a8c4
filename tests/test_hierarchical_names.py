"""A hierarchical setting name (`Section__Sub__Key`: .NET's environment form of nested settings,
also pydantic's and Airflow's): its last section is the setting (`ApiKeyAuth__Clients__0__Controller`
holds a controller's name, `RELAY_TOKENISER__SIGNING_JWK__E` a public key's exponent; a word of an
earlier section says which service); the sections decide where the last one is an index,
`Key`/`Value`, or an entry of a section of secrets (`Passwords__Admin`). Read so in a pod's `env`,
a Compose file, an env file and Terraform. `kid`, a key's id as JOSE names it, is which key."""

from __future__ import annotations

from pathlib import Path

from _helpers import scan_as_written as scan
from conftest import brief

COMPOSE = """\
services:
  relay:
    image: relay:2
    environment:
      RELAY_TOKENISER__SIGNING_JWK__KTY: "RSA"
      RELAY_TOKENISER__SIGNING_JWK__USE: "sig"
      RELAY_TOKENISER__SIGNING_JWK__E: "AQAB"
      RELAY_TOKENISER__SIGNING_JWK__N: "vR3kQ9zLm2Xw8TpB4nHc7YsJ1dFg6KaE0uWqZiO5rVlMxN2bC8yPoTe4Rj7HsUk"
      RELAY_TOKENISER__PRIVATE_KEY__D: "Wq7eR2tY9uI4oP1aS6dF3gH8jK5lZ0xC7vB2nM4qW9eR1tY6uI3oP8aS5dF2gH7"
      RELAY_TOKENISER__DB__PASSWORD: "Hq4zT9Lm2xQw"
      WEBHOOK_TOKEN_KID: "2024-07-k3"
      WEBHOOK_TOKEN: "Zq8xK2mW9pL4vBn3Rt5y"
"""


def test_hierarchical_names_in_compose_keep_their_sections(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"compose.yaml": COMPOSE}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("compose.yaml", 9, 41, "DCR023"),
                              ("compose.yaml", 10, 39, "DCR023"),
                              ("compose.yaml", 12, 23, "DCR023")]
