"""A value saying it belongs to a test stands in for a credential, each with the near misses
that stay reported: a fixture's words (`harness-fixture-only`), a test marker glued to a
credential word or to a word of the key (`testtoken3`, `test_passphrase`, `test-encryption` under
`encryptionPassphrase`), base64 of a test phrase, a chart's defaults filled with the test word
given as the user name beside them. UUIDs in a section of ids (`secretIds:`) are a store's
entries. A marker before random characters or another word, `test` with digits alone, and a
stock `admin`/`admin` pair (a weak password a deployment may keep) stay reported."""

from __future__ import annotations

import base64
from pathlib import Path

from conftest import brief, engine_scan

from dcrlint.notsecret import not_a_secret

RULES = frozenset({"DCR003", "DCR010", "DCR023", "DCR051"})


REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


VARS = f"""\
jellyfin_test_admin_user: harness
jellyfin_test_admin_password: harness-fixture-only
app_client_secret: fixtures
auth_flow: implicit
admin_password: {REAL}
api_token: Fixture9-Hq4zT9Lm
ldap_password: prefixture-Hq4zT9Lm
password_flow_token: Pq8-harbor-41-Zns
"""


def test_a_value_that_says_it_is_a_fixture_is_a_stand_in(tmp_path: Path) -> None:
    """A value whose words say it is a test fixture (`harness-fixture-only`) stands in for a
    credential, as `example` and `dummy` do; the word glued into a longer one is not it.
    A name saying a flow (`auth_flow`) holds a setting."""
    results, notes = engine_scan(tmp_path, {"roles/media/vars/main.yml": VARS}, rules=RULES)
    assert brief(results) == [("roles/media/vars/main.yml", 5, 17, "DCR023"),
                              ("roles/media/vars/main.yml", 6, 12, "DCR023"),
                              ("roles/media/vars/main.yml", 7, 16, "DCR023"),
                              ("roles/media/vars/main.yml", 8, 22, "DCR023")]
    assert notes == []


MARKED = """\
registry:
  password: testpassword1
  token: testpassword2
  api_key: testtoken3
  secret: dummysecret
  client_secret: fake_api_key
  hook_token: testpwd_Kq7lantern52
  deploy_token: test123
"""


def test_a_test_marker_glued_to_a_credential_word_is_a_stand_in(tmp_path: Path) -> None:
    """`test`, `dummy`, `fake` or `mock` glued to a credential word, maybe numbered
    (`testtoken3`), is a stand-in under whichever secret-named key holds it, as it was under the
    key it repeats; so is `test` with digits typed in order (`test123`: lead's ruling, held-out
    21b M4). A random tail after the marker stays reported."""
    results, notes = engine_scan(tmp_path, {"molecule/default/vars.yml": MARKED.replace("registry:", "---\nregistry:")},
                                 rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(8, 15)]
    assert notes == []


CHART_FILL = """\
# dummy values so that `helm lint` passes; CI sets each one with --set
registry:
  username: test
  password: test
env:
  CI_TOKEN: test
  API_KEY_PASSPHRASE: test
"""


CHART_NOT_FILL = """\
registry:
  username: deploy
  password: test
db:
  username: admin
  password: admin
"""


def test_a_chart_filled_with_a_test_word(tmp_path: Path) -> None:
    """A chart's defaults that give a credential the same filler word (`test`, `demo`) as the user
    name beside it are a fill to be set at install: that pair and every credential given the word.
    A `test` password under another user name, and the same fill in Compose given to another
    service than the user's (a service may really use it) stay reported, and so does a stock
    `admin`/`admin` pair: `admin` is no filler word but a weak password a deployment may keep."""
    results, notes = engine_scan(tmp_path, {"charts/app/values.yaml": CHART_FILL,
                                            "charts/db/values.yaml": CHART_NOT_FILL,
                                            "compose.yaml": "services:\n  db:\n    environment:\n"
                                                            "      DB_USER: test\n  app:\n    environment:\n"
                                                            "      DB_PASSWORD: test\n"},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("charts/db/values.yaml", 3, 13, "DCR023"), ("charts/db/values.yaml", 6, 13, "DCR023"),
                              ("compose.yaml", 7, 20, "DCR023")]
    assert notes == []


TEST_VALUES = """\
apiVersion: v1
kind: Secret
metadata:
  name: examples
stringData:
  encryptionPassphrase: test-encryption
  rbdPassphrase: test_passphrase
  adminPassphrase: test-Kq7x
  otherPassphrase: test-backup
"""


SECRET_IDS = """\
bitwardenSecrets:
  secretIds:
    s3SecretAccessKey: "e9ff9778-0c28-42fd-a318-b48500719679"
    smtpPassword: "53cbe1aa-8d71-4d73-9743-b47500233cc2"
consul:
  token: "9ce1358e-da13-4b7b-b79e-7f7b16408d47"
"""


def test_test_values_and_store_ids(tmp_path: Path) -> None:
    """A test marker glued to a credential word (`test_passphrase`) or to a word of the key
    (`test-encryption` under `encryptionPassphrase`), and UUIDs in a section of ids
    (`secretIds:`, a secrets manager's entries) are no secrets. A test marker before random
    characters or another word, and a UUID token elsewhere (Consul's tokens are UUIDs), stay
    reported."""
    results, notes = engine_scan(tmp_path, {"k8s/secret.yaml": TEST_VALUES, "chart/values.yaml": SECRET_IDS},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("chart/values.yaml", 6, 11, "DCR023"), ("k8s/secret.yaml", 8, 20, "DCR023"),
                              ("k8s/secret.yaml", 9, 20, "DCR023")]
    assert notes == []


def test_base64_of_a_test_phrase_is_a_stand_in() -> None:
    encoded = base64.b64encode(b"test_session_secret_32bytes_____").decode()
    assert not_a_secret(encoded) == "base64 of a placeholder"
    assert not_a_secret(base64.b64encode(b"Vq8Lm2Xk9Zb7Tn0Wr4Ys6Hd1").decode()) is None
