"""A value whose shape shows it stands in for a credential, each with the near misses that stay
reported: a token format's prefix with filler (`ghp_xxxxx`) or a body typed in order
(`ghp_1234567890...`), parts written over with filler (`c0021d50-xxxx-...`, `****`), an example cut
short with an ellipsis, a value naming itself a secret's value (`secretValue1`), runs of the
alphabet (`abcxyz`), an edit instruction in PascalCase words, a short unit repeated (`cafecafe...`),
a reference to an environment variable (`os.environ/NAME`, `{env}NAME`), an instruction to change
the value written inside it (`UQ6_CHANGE_ME_Gzb`), a stand-in in guillemets, filler with a
password's punctuation after it (`xxxxxx!`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.config import Settings
from dcrlint.values import ValueKind, classify

RULES = frozenset({"DCR003", "DCR010", "DCR023", "DCR051"})


REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


TFVARS = f"""\
github_url   = "https://github.com"
github_token = "ghp_xxxxx"          # from the developer settings
gitlab_token = "glrt-xxxxx"
slack_token  = "xoxb-0000-xxxx"
api_key      = "sk-****"
runner_token = "ghp_xxxxx7Hq"
deploy_token = "glrt-xx"
admin_token  = "{REAL}"
"""


def test_a_known_prefix_with_filler_is_a_stand_in(tmp_path: Path) -> None:
    """A token format's prefix followed by filler (`ghp_xxxxx`, `glrt-xxxxx`: one character
    repeated in each part) shows where a token goes, as `xxxx` alone does; filler with other
    characters after it, or too short to be filler, stays reported."""
    results, notes = engine_scan(tmp_path, {"examples/minimal/runner.tfvars": TFVARS}, rules=RULES)
    assert brief(results) == [("examples/minimal/runner.tfvars", 6, 17, "DCR023"),
                              ("examples/minimal/runner.tfvars", 7, 17, "DCR023"),
                              ("examples/minimal/runner.tfvars", 8, 17, "DCR023")]
    assert notes == []


HOOK_TEST = """\
#!/bin/sh
test_hook_blocks "GitHub PAT" "token = ghp_1234567890123456789012345678901234567890"
test_hook_blocks "GitHub token" "GITHUB_TOKEN=gho_abcdefghijklmnopqrstuvwxyz12345678901234"
test_hook_blocks "GitLab PAT" "GITLAB_TOKEN=glpat-abcdefghijklmnopqrstuvwxyz"
test_hook_blocks "real one" "GITHUB_TOKEN=ghp_Zq8xW3vN5tR7yU1iO9pA2sD4fG6hJ0kLmXcB"
test_hook_blocks "mixed" "GITLAB_TOKEN=glpat-abcdefgh1234Hq4zT9Lm7Wx2"
"""


def test_a_token_typed_in_order_is_a_stand_in(tmp_path: Path) -> None:
    """A known format's prefix with a body typed in order (`ghp_1234567890...`, `gho_abc...xyz1234`:
    each run of letters or digits going up one at a time) is what a test of a secret scanner
    writes; a token of random characters, or one with a random part after an ordered one,
    stays reported."""
    results, notes = engine_scan(tmp_path, {"ci/test-hooks.sh": HOOK_TEST}, rules=RULES)
    assert brief(results) == [("ci/test-hooks.sh", 5, 43, "DCR051"), ("ci/test-hooks.sh", 6, 40, "DCR051")]
    assert notes == []


SECRET_FILES = """\
secret:
  files:
    app:
      data:
        secretKey1: secretValue1
        tokenKey: TOKEN_VALUE
      encodedData:
        secretKey3: c2VjcmV0VmFsdWUx
        secretKey4: S3E3LWxhbnRlcm4tNTI=
      stringData:
        apiKey: secretValueKq7lantern52
sealed:
  encryptedData:
    WEBPASSWORD: AgBZ8VzTxW5... # your encrypted value here
    ADMIN_PASSWORD: Kq7-lantern\u2026
    API_PASSWORD: Kq7.lantern.52
"""


def test_a_value_named_as_a_secret_value_or_cut_short_is_a_stand_in(tmp_path: Path) -> None:
    """A value naming itself a secret's value (`secretValue1`, `TOKEN_VALUE`, also base64 of
    one), or an example cut short with an ellipsis (`AgBZ8VzTxW5...`: the start of a value, the
    rest left out), holds no secret. Base64 of a password, a random tail after such a name, and dots
    inside a value stay reported."""
    results, notes = engine_scan(tmp_path, {"chart/values-test.yaml": SECRET_FILES}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(9, 21), (11, 17), (16, 19)]
    assert notes == []


REDACTED = """\
config:
  MSG_TOKEN: "c0021d50-xxxx-xxxx-xxxx-143cc467305c"
  HOOK_TOKEN: "c0021d50-4f2a-9b1e-a3c7-143cc467305c"
  API_KEY: "AKIAQ2****.X7Lm"
  WEBHOOK_SECRET: "Kq7Lm2-xxx-Zt9"
  DB_PASSWORD: "Hq4zT9xxxxLm"
  SIGNING_KEY: "sk_live_XXXX_XXXX"
"""


def test_a_value_with_parts_written_over_is_a_stand_in(tmp_path: Path) -> None:
    """A value whose separated parts include one written over with filler (`xxxx`, `XXXX`,
    `****`), as docs show a token keeping its ends, is not the token. A value with no such part
    (filler glued into a part, three x's, a masked part that keeps other characters) stays one."""
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": REDACTED}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(3, 16), (4, 13), (5, 20), (6, 17)]
    assert notes == []


@pytest.mark.parametrize(("value", "stand_in"), [
    ("ChangeThisValueToSomeSecret", True), ("ReplaceWithYourToken", True), ("AnyLongAndHardToGuessString", True),
    ("any-random-string", True), ("ANY_RANDOM_STRING", True), ("abcxyz", True), ("abcqrsxyz", True),
    ("ChangeDirection", False), ("Changeling", False), ("Anyone", False), ("AnyQ7x", False), ("abcxy", False),
    ("abcxyz1", False), ("abcdxz", False),
])
def test_instructions_and_alphabet_runs(value: str, stand_in: bool) -> None:
    """An edit instruction or a phrase saying any value will do, in PascalCase words as in
    other spellings; lower-case runs of the alphabet, three letters or more each (`abcxyz`)."""
    from dcrlint.notsecret import not_a_secret

    assert (not_a_secret(value) is not None) is stand_in


RELEASE = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: proxy
spec:
  values:
    proxy_config:
      mcp_servers:
        github:
          auth_type: bearer_token
          authentication_token: os.environ/GITHUB_MCP_PAT
        other:
          authentication_token: os.environ/
        third:
          authentication_token: Zq81xLm4Tr9Kp2Wv
"""


CONFIG_MAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: app
data:
  AUTH_SITE: "tracker"
  SITE_PASSWORD: "Zq81xLm4Tr9Kp2Wv"
  RPC_SECRET: cafecafecafecafecafecafecafecafecafecafecafeca
  HMAC_SECRET: deadbeefdeadbeefdeadbeef
  SHARED_SECRET: cafecafecafe9
  DB_URL: postgresql://app:test-password@postgres:5432/app
  CACHE_URL: redis://app:test-Pv3x@cache:6379/0
"""


def test_references_sites_filler_and_test_passwords(tmp_path: Path) -> None:
    """A value naming an environment variable to read (LiteLLM's `os.environ/NAME`, as `env:NAME`)
    is a reference; a key whose last word is the site one signs in to (`AUTH_SITE`) holds that
    site; a short unit repeated three times or more, the last maybe cut short (`cafecafe...ca`,
    `deadbeef` x3), is filler; a URL password saying it is a test's (`test-password`) is a
    stand-in, as it already was elsewhere. Near misses stay reported at their places."""
    results, notes = engine_scan(tmp_path, {"apps/proxy/release.yaml": RELEASE, "apps/app/cm.yaml": CONFIG_MAP},
                                 rules=frozenset({"DCR023", "DCR050"}))
    assert brief(results) == [("apps/app/cm.yaml", 7, 19, "DCR023"), ("apps/app/cm.yaml", 10, 18, "DCR023"),
                              ("apps/app/cm.yaml", 12, 26, "DCR050"),
                              ("apps/proxy/release.yaml", 13, 33, "DCR023"),
                              ("apps/proxy/release.yaml", 15, 33, "DCR023")]
    assert notes == []


@pytest.mark.parametrize("value", ["UQ6_CHANGE_ME_Gzb", "d98a73_CHANGE_ME_c00c7c", "NOT_CHANGING_ME_IS_UNCOOL",
                                   "x-replace-me", "\u00abyour token\u00bb",
                                   # filler, then the punctuation (and digit) a password's rules ask for
                                   "xxxxxx!", "XXXX#1", "****?",
                                   # the instruction to change it as the last words, after plain words
                                   "teampasswordchangeme", "pleasechangeme", "api_token_to_change",
                                   "CreateMeThenChangeMe", "ValueToChange",
                                   # the instruction's case irregular, words split on it too
                                   "IssueMeAndchangeMe", "rotateThenchangeMe", "worldchangeme"])
def test_stand_ins(value: str) -> None:
    assert classify(value, Settings().placeholders) is ValueKind.PLACEHOLDER


@pytest.mark.parametrize("value", ["exchangeme7Hq2Lp", "prechangeme9Zk", "Xq7pL2vR9sKd84Tz", "\u00abXq7pL2vR9sKd",
                                   "xx!", "xxxxQ!", "xxxx!!!!", "Rxxxx!",
                                   # a digit or a random run before the instruction
                                   "Kq7changeme", "xkqzwtchangeme", "Zq7ToChange", "BxkqzwchangeMe"])
def test_not_stand_ins(value: str) -> None:
    assert classify(value, Settings().placeholders) is ValueKind.LITERAL


SERVER_CONFIG = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: files
data:
  server.yaml: |
    listen: 0.0.0.0
    accounts:
      - login: "{env}FILES_LOGIN"
        password: "{env}FILES_PASSWORD"
      - login: reader
        password: "{env.READER_PASSWORD}"
      - login: writer
        password: "%env(resolve:WRITER_PASSWORD)%"
      - login: auditor
        password: "{env}auditor-Qm4tPz8"
      - login: guest
        password: "Rw5-lantern-62-Hgs"
"""


def test_a_marker_naming_the_environment_reads_a_variable(tmp_path: Path) -> None:
    """A server's config file that reads a password from the environment by a marker before or
    around the variable's name (`{env}NAME`, `{env.NAME}`, `%env(NAME)%`) names the variable, as
    `env:NAME` does; a marker before no variable's name, and a plain password, stay reported."""
    results, notes = engine_scan(tmp_path, {"apps/files/cm.yaml": SERVER_CONFIG}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("apps/files/cm.yaml", 16, 20, "DCR023"), ("apps/files/cm.yaml", 18, 20, "DCR023")]
    assert notes == []


def test_an_instruction_to_change_it_after_other_words(tmp_path: Path) -> None:
    """A value whose last words tell the reader to change it, after plain words naming the
    setting (run together, `_`-joined or in PascalCase), is a stand-in in every kind of file;
    a random run or a digit before the instruction stays reported."""
    env = f"""\
CONSOLE_ADMIN_PWD=consolepasswordchangeme
COOKIE_SECRET=long_cookie_secret_to_change
API_TOKEN=IssueMeThenChangeMe
BACKUP_TOKEN=Kq7changeme
ARCHIVE_PASSWORD={REAL}
"""
    defaults = "---\nledger_admin_password: pleasechangeme\n"
    results, notes = engine_scan(tmp_path, {"console/app.env": env, "roles/ledger/defaults/main.yml": defaults},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("console/app.env", 4, 14, "DCR023"), ("console/app.env", 5, 18, "DCR023")]
    assert notes == []
