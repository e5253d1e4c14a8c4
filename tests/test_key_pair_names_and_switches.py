"""Names that say which half of a credential a setting holds, or that the setting is a switch.

- AWS's spelling of an access-key pair (`accessKeyId` / `secretAccessKey`, `access_key_id` /
  `secret_access_key`) is the same pair as `accessKey` / `secretKey`: the key id is who signs
  (the pair's user), so a secret key equal to it is a weak but working credential, reported as a
  password equal to its user is.
- A verb that turns something about a secret on or off makes the name a switch (Kubernetes'
  `automountServiceAccountToken`), as `enable` and `skip` do. `require` is none: Redis's password
  is `requirepass` (`REDIS_REQUIRE_PASS`, `REDIS_REQUIREPASS`), its replicas' `masterauth`.
- A name asking whether a secret is required (`requireToken`, `ENFORCE_API_KEY`) given a policy or
  level word (`warning`, `ignore`, `audit`) holds what is done when the secret is missing: a
  setting, whatever the name (its other values, as Redis's password, are read as the name says).
"""

from __future__ import annotations

from typing import Any

import pytest

from dcrlint.secretnames import access_key_ids, is_secret_name, secret_named

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
      requireToken: warning
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


@pytest.mark.parametrize(("name", "value", "secret"), [
    ("requireToken", "warning", False), ("REQUIRE_API_KEY", "Ignore", False), ("enforcePassword", "audit", False),
    ("mandatory_secret", "error", False),
    ("requireToken", "Vq7rLm2xKp9s", True), ("REDIS_REQUIRE_PASS", "Hn4tWq8zLp2x", True),
    ("apiToken", "warning", True), ("tokenToRequire", "warning", True),  # (no requirement: the name's token)
])
def test_a_requirement_given_a_policy(name: str, value: str, secret: bool) -> None:
    assert secret_named(name, value) is secret


def test_in_a_config_map_held_values_file(lint: Any) -> None:
    lint.write("shelf-values.yaml", CONFIG_MAP)
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert [w[:3] for w in run.where()] == [
        ("DCR023", 9, 26),  # secretAccessKey equal to the key id after it
        ("DCR023", 13, 28),  # secret_access_key equal to access_key_id
        ("DCR023", 21, 17),  # apiToken; the switches, the policy and the lone key id are silent
    ]
