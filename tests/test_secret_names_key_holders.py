"""A key named for whom or what it authenticates, or how it is held (an Azure
`SharedKey`, a VPN's `shared_key`, Azure Storage's `AccountKey`, `app_key`, `client_key`,
`service_key`: the `<noun>_key` names detect-secrets' keywords hold) names a secret; a path
to a key file (`client_key_file`, `/etc/ssl/client.key`) does not hold one, and the name
restated with how it is to be written (`base64encodedaccountkey`) is a stand-in. A value whose
words say it is none is a stand-in with its words apart too (`THIS IS UNSAFE!`)."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

KEY = "Lq7Wz2Pk9Rv4Tx8Mn3"  # made up

VARIABLES = f"""\
variable "workspace_shared_key" {{
  default = "{KEY}"
}}
variable "links" {{
  default = {{
    SharedKey = "{KEY}s"
  }}
}}
variable "client_key_file" {{
  default = "/etc/ssl/client.key"
}}
"""

VALUES = f"""\
storage:
  azure:
    accountname: shopfiles
    accountkey: {KEY}a
  azureDefault:
    accountname: accountname
    accountkey: base64encodedaccountkey
web:
  appKey: {KEY}b
  secretKey: "THIS IS UNSAFE!"
  client_key: /etc/ssl/client.key
"""


def test_keys_named_for_who_they_authenticate(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"infra/vars.tf": VARIABLES, "deploy/values.yaml": VALUES},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/values.yaml", 4, 17, "DCR023"), ("deploy/values.yaml", 9, 11, "DCR023"),
                              ("infra/vars.tf", 2, 14, "DCR023"), ("infra/vars.tf", 6, 18, "DCR023")]
    assert notes == []


def test_key_ends_the_word() -> None:
    """`key` after its holder names a secret only where the word ends there: a keyspace, keywords,
    a keyboard layout or a keyring named after an app or a service are none."""
    from dcrlint.secretnames import is_secret_name

    assert [n for n in ("APP_KEYSPACE", "SERVICE_KEYSPACE", "APP_KEYWORDS", "CLIENT_KEYBOARD_LAYOUT",
                        "SHARED_KEYRING", "API_KEYSPACE", "appkeyword") if is_secret_name(n)] == []
    assert all(is_secret_name(n) for n in ("APP_KEY", "SharedKey", "primarySharedKey", "sharedKeyForVpn",
                                           "storage_account_key", "client-key", "API_KEY", "apiKey"))
