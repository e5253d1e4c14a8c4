"""Names that say which half of a credential a setting holds, or that the setting is a switch.

- AWS's spelling of an access-key pair (`accessKeyId` / `secretAccessKey`, `access_key_id` /
  `secret_access_key`) is the same pair as `accessKey` / `secretKey`: the key id is who signs
  (the pair's user), so a secret key equal to it is a weak but working credential, reported as a
  password equal to its user is.
- A verb that turns something about a secret on or off makes the name a switch (Kubernetes'
  `automountServiceAccountToken`), as `enable` and `skip` do. `require` is none: Redis's password
  is `requirepass` (`REDIS_REQUIRE_PASS`, `REDIS_REQUIREPASS`), its replicas' `masterauth`.
"""

from __future__ import annotations

from typing import Any

import pytest

from dcrlint.secretnames import access_key_ids, is_secret_name

CONFIG_MAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: shelf-values
data:
  values.yaml: |
    blob:
      s3:
        secretAccessKey: tinbox
        accessKeyId: tinbox
      storage:
        access_key_id: tinbox
        secret_access_key: tinbox
      other:
        accessKeyId: tinbox
        region: tinbox
    policy:
      automountServiceAccountToken: ignore
      enableToken: ignore
      apiToken: Vq7rLm2xKp9s
"""


@pytest.mark.parametrize(("names", "ids"), [
    (["secretAccessKey", "accessKeyId"], {"accessKeyId"}),
    (["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], {"AWS_ACCESS_KEY_ID"}),
    (["access_key_id", "secret_access_key"], {"access_key_id"}),
    (["accessKey", "secretKey"], {"accessKey"}),
    (["AWS_ACCESS_KEY_ID", "AZURE_SECRET_KEY"], set()),  # (not one pair: other words before)
    (["accessKeyId"], set()),
])
def test_the_key_id_of_a_pair_is_its_user(names: list[str], ids: set[str]) -> None:
    assert access_key_ids(names) == ids


@pytest.mark.parametrize(("name", "secret"), [
    ("automountServiceAccountToken", False), ("enableToken", False), ("apiToken", True), ("tokenToRequire", True),
    ("REDIS_REQUIRE_PASS", True), ("REDIS_REQUIREPASS", True), ("requirepass", True), ("masterauth", True),
    ("masterAuthorizedNetworks", False),
])
def test_switch_verbs(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


def test_in_a_config_map_held_values_file(lint: Any) -> None:
    lint.write("shelf-values.yaml", CONFIG_MAP)
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert [w[:3] for w in run.where()] == [
        ("DCR023", 9, 26),  # secretAccessKey equal to the key id after it
        ("DCR023", 13, 28),  # secret_access_key equal to access_key_id
        ("DCR023", 20, 17),  # apiToken; the switches and the lone key id are silent
    ]
