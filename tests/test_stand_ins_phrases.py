"""A value whose words say what goes there, rather than being it, stands in for a credential
(notsecret.not_a_secret), in every kind of file, each with the near misses that stay reported:
`noop`, `generated-password`, the word `key` itself, a list of claim names; a phrase describing the
value to put (`very-long-random-alphanumeric-text`, `random_salt`: a random value never calls itself
random); `here` as its own word after a word asking for a value (`token-goes-here`); values that say
what goes there (`<< cloudflare API key >>`, `overwrite-me`, `do_not_use`) or to edit them
(`CUSTOMIZE_THIS`, `TO_BE_SET`); the word for a password in another language; a value asking to be
typed in or describing itself as generated."""

from __future__ import annotations

from pathlib import Path

import pytest
from _helpers import found as _found
from _helpers import scan_as_written as scan
from conftest import brief, engine_scan

from dcrlint.notsecret import not_a_secret

RULES = frozenset({"DCR001", "DCR002", "DCR023", "DCR050", "DCR051"})
REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture
PW = "Vt4nQ8zLw2Rk6Hs"  # a made-up password


def test_noop_is_a_stand_in() -> None:
    """A test settings file gives each service's credential the word `noop` (no operation: the
    service is not called); a CI step env does the same. A value that only starts with the word
    is still a literal."""
    env = """\
GITHUB_CLIENT_SECRET=noop
AGENT_API_TOKEN=NOOP
MAIL_PASSWORD=no-op
DB_PASSWORD=«noop2024»
"""
    found, spans = _found(env, "app/.env.test", "DCR023")
    assert found == spans
    workflow = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    env:
      NOTIFY_TOKEN: noop
      CACHE_PASSWORD: «noop-Kq8vT2»
    steps:
      - run: make test
"""
    found, spans = _found(workflow, ".github/workflows/test.yml", "DCR010")
    assert found == spans


def test_a_generated_value_stands_in() -> None:
    """An example build's `PRINCIPAL_PASSWORD=generated-password` says the real value is made
    elsewhere; a value that only starts with the word is still a literal."""
    text = """\
steps:
- name: gcr.io/example/kubectl
  args: ['version']
  env: ["GROUP=test-rg", "PRINCIPAL_PASSWORD=generated-password", "TENANT_ID=my-tenant"]
- name: gcr.io/example/kubectl
  args: ['version']
  env: ["PRINCIPAL_PASSWORD=«generated-Kq8vT2mW»"]
"""
    found, spans = _found(text, "cloudbuild.yaml", "DCR010")
    assert found == spans


def test_a_word_for_the_key_and_a_list_of_names_stand_in() -> None:
    """A test workflow gives an action `private-key: "key"` (the word itself); an action's input
    named with the verb `pass` defaults to a list of claim names. A key-shaped value and a list
    holding a password-shaped word are still literals."""
    workflow = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: ./deploy
        with:
          app-private-key: "key"
          app-token: "KEY2"
      - uses: ./deploy
        with:
          app-private-key: "«keyKq8vT2mW»"
"""
    found, spans = _found(workflow, ".github/workflows/test.yml", "DCR010")
    assert found == spans
    action = """\
name: auth
inputs:
  pass-claims:
    default: "event_name, repository_owner, job_workflow_ref, ref"
  api-token:
    default: "«admin, hunter2»"
runs:
  using: composite
  steps:
    - run: echo ok
      shell: bash
"""
    found, spans = _found(action, "actions/auth/action.yaml", "DCR010")
    assert found == spans


DESCRIBED = """\
services:
  forge:
    image: example/forge:1
    environment:
      - FORGE_SECRET_KEY_BASE=very-long-random-alphanumeric-text
      - FORGE_COOKIE_SECRET=alphanumeric_key_of_64_chars
      - FORGE_SIGNING_SALT=random_salt
      - FORGE_DB_PASSWORD=blah
      - FORGE_CACHE_PASSWORD=blahblah
      - FORGE_QUEUE_PASSWORD=tidal-harbor-lantern
      - FORGE_MAIL_PASSWORD=random-tidal-harbor
"""


def test_words_describing_the_value_to_put_stand_in_for_it(tmp_path: Path) -> None:
    """A phrase of words that says the value is random or alphanumeric and names a kind of value
    (`very-long-random-alphanumeric-text`, `random_salt`) describes what to put there: a random
    value never calls itself random. Filler words (`blah`) stand in as `foo` does. A passphrase of
    plain words stays a password, also one holding `random` but naming no kind of value."""
    results, notes = engine_scan(tmp_path, {"compose.yaml": DESCRIBED}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("compose.yaml", 10, 30, "DCR023"), ("compose.yaml", 11, 29, "DCR023")]
    assert notes == []


@pytest.mark.parametrize("value", [
    "random-token-q7w2e9r4t6y1", "alphanumeric-secret-Pz4Kw8Nq2Lx6", "b7n2-random-value-k9d4",
    "random-password-qzxcvbnmwt", "Random-Password", "Alphanumeric_Key_2025",
])
def test_a_describing_phrase_holds_words_only(tmp_path: Path, value: str) -> None:
    """Every part of a describing phrase is a lower-case word or a short number: a key after
    or before describing words (`random-token-<key>`), mixed case, a run of five consonants are
    a credential with a prefix, reported as before."""
    from dcrlint.values import ValueKind, classify

    assert classify(value) is ValueKind.LITERAL
    results, _ = engine_scan(tmp_path, {".env": f"SIGNING_TOKEN={value}\n"}, rules=frozenset({"DCR023"}))
    assert brief(results) == [(".env", 1, 15, "DCR023")]


HERE = """\
services:
  broker:
    image: rabbitmq:4
    environment:
      MQ_PASSWORD: Atmosphere
      RELAY_PASSWORD: NothingToSeeHere
      SINK_PASSWORD: token-goes-here
      TAP_PASSWORD: PasteTokenHere
      FEED_PASSWORD: YOUR_PASSWORD_HERE
"""


def test_here_stands_in_only_as_a_word_asked_for(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"compose.yaml": HERE}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("compose.yaml", 5, 20, "DCR023"), ("compose.yaml", 6, 23, "DCR023")]


STAND_INS = f"""\
cloudflare_api_key: << cloudflare API key >>
keystore_password_parameter: overwrite-me
truststore_password: override_me
jwt_secret: StubJwtSecret_do_not_use_in_prod_XXXXXXXXXXXXXXXX
mailgun_key: local-dev-mailgun-stub
web_password_crypted: a2d6bae81669d707b72c0bd9806e01f3
ldap_password: "{{SSHA}}GSmbWLYqiCMjPSJobxU4rfd/4fRX8okq3Zb4g=="
auth_pam_passwdqc_options: min=disabled,disabled,16,12,8
sasl_password_maps: texthash:/etc/postfix/sasl_passwd
onePasswordItem: registry-pull-credentials
git_ssh_private_keyfile: ansible_git_ssh.key
git_credential: ops - Ansible - git
registry_password: {REAL}
keystore_password: overwrite-Hq4zT9Lm
ldap_admin_password: "{{SSHA}}short"
mailgun_api_key: stubborn-Hq4zT9Lm
deploy_token: Hq4 - zT9Lm - 77
private_key_password: Pq8-harbor-41-Zns
"""


def test_stand_ins_and_what_of_a_secret_a_name_holds(tmp_path: Path) -> None:
    """Values that say what goes there (`<< cloudflare API key >>`, `overwrite-me`, a stub,
    `do_not_use`), a password's LDAP hash (`{{SSHA}}`), names whose last word says what of the
    secret they hold (its options, hash, item in a store, a table of them, a key's file glued
    on: `private_keyfile`) and a credential's display name (words and ` - `) are no secrets.
    Near misses stay reported: an instruction word before random text, a hash too short to be
    one, `stub` inside a word, a phrase with digits."""
    results, notes = engine_scan(tmp_path, {"group_vars/all/main.yml": STAND_INS}, rules=RULES)
    assert brief(results) == [("group_vars/all/main.yml", line, col, "DCR023")
                              for line, col in ((13, 20), (14, 20), (15, 23), (16, 18), (17, 15), (18, 23))]
    assert notes == []


EDIT_INSTRUCTIONS = """\
db_password: CUSTOMIZE_THIS
smtp_password: CUSTOMIZE_ME
api_token: EDIT_ME
backup_password: UPDATE_THIS
ldap_password: CONFIGURE_ME
vpn_secret: TO_BE_SET
mqtt_password: to-be-configured
admin_password: CORRECT_HORSE_BATTERY_STAPLE
root_password: UPDATE2024PASS!
cache_password: EDIT_ITEMS
"""


def test_an_edit_instruction_is_no_secret(tmp_path: Path) -> None:
    """A value telling the reader to edit it (`CUSTOMIZE_THIS`, `EDIT_ME`, `TO_BE_SET`), as
    `CHANGEME` and `REPLACE_ME` do: an edit verb pointing at the value itself, or what is still to
    be done to it. A passphrase in capitals, a verb glued to digits and one followed by another
    word (`EDIT_ITEMS`) stay reported."""
    results, notes = engine_scan(tmp_path, {"group_vars/all/secrets.yml": EDIT_INSTRUCTIONS},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("group_vars/all/secrets.yml", 8, 17, "DCR023"),
                              ("group_vars/all/secrets.yml", 9, 16, "DCR023"),
                              ("group_vars/all/secrets.yml", 10, 17, "DCR023")]
    assert notes == []


@pytest.mark.parametrize(("value", "stand_in"), [
    # the word for a password or a secret in another language, maybe after `your`, as `password` is
    ("contraseña", True), ("tucontraseña", True), ("contrasena-secreta", True), ("Passwort", True),
    ("senha123", True), ("mot-de-passe", True), ("votre_motdepasse", True), ("geheim", True),
    ("claveSegura9x", False), ("Kx9secretoQ2", False), ("senhaforte#77", False),
    # a name in double brackets, for a setup script to fill in
    ("[[APP_PASSWORD]]", True), ("[[a]b]]", False),
    # a format's prefix of a few parts, then what goes there in capitals
    ("tok-live-YOUR_API_KEY_HERE", True), ("ab-cd-ef-REPLACE_ME", True), ("tok-live-Q7xK2mP9wL4z", False),
    # lower-case words describing a test's credential, with counts and filler typed in order
    ("relay-test-credential-0123456789abcdef", True), ("test_signing_secret_64bytes__", True),
    ("mock-api-token", True), ("test-token-abc123", True),
    ("test-token-q8w3z7k2", False), ("testing-password", False), ("prod-db-password-x7", False),
    ("latest-token", False), ("test-horse-battery", False),
    # a marker glued to what the credential is for; what kind of value goes there; a request to change it
    ("fakeclientsecret", True), ("dummy_admin_token", True), ("testingpassword", False),
    # ... a sample's or an example's too, with the digit and sign a password's rules ask for
    ("SampleUploadKey1!", True), ("ExampleSecret", True), ("testpassword2#", True),
    ("SampleKq7xLm2Token", False), ("Samplekey!!", False), ("examples_password", False),
    ("randomstring", True), ("somerandomtoken", True), ("RandomString", False), ("randomness", False),
    ("please-change", True), ("please_set_me", True), ("replacepassword", True), ("changeyourtoken", True),
    ("replacepassword9Xq", False),
    # a fill-in verb run together with the credential it asks for; a phrase ending on a stop
    ("enterYOURpwd", True), ("InputPWD", True), ("typenewpassword", True), ("pastetoken", True),
    ("enterprisepass", False), ("inputvalue", False), ("enterpwd7Kq", False),
    ("any string unique to each install - just type characters here!", True), ("hunter2!", False),
    # a to-do note; a token format's prefix then one word saying what goes there
    ("TODO: set before the release", True), ("FIXME", True), ("todoist9Kq", False),
    ("ghp_token", True), ("glpat_token", True), ("xoxb-secret", True), ("ghp_tokenKq8", False), ("db_password", False),
    # words that only say what the secret is like, whose it is and what it protects, a secret's word last
    ("my-strong-password", True), ("StrongDBPassword", True), ("equally-strong-password", True),
    ("strong-vault-encryption-password", True), ("base64encodedbucketaccountkey==", True),
    ("MyPassword2024", False), ("rootpassword", False), ("winterpassword", False), ("strong-password-Kq8", False),
    ("StrongPasswordVault", False),
    # the word test and digits typed in order (a name before, a symbol after); local stand-ins
    ("test123", True), ("testing1234", True), ("web_test_123$", True), ("Test12345", True),
    ("admin1234", False), ("test2024", False), ("latest123", False), ("test123Kq", False),
    ("wiki-store-local-dev-secret", True), ("local-bootstrap-token", True), ("localdevforwikisecret", True),
    ("devsecret", True), ("local-store-Kq8-token", False), ("local-bootstrap", False), ("devops-secret", False),
    ("localdevforwikisecret9", False),
    ("devopssecret", False), ("deviouspassword", False), ("devicetoken", False), ("localitykey", False),
    ("localhostpassword", False),
    # an address with its port
    ("0.0.0.0:8080", True), ("192.0.2.4:5432, 192.0.2.5:80", True), ("192.0.2.4:80x", False),
])
def test_stand_ins(value: str, stand_in: bool) -> None:
    assert (not_a_secret(value) is not None) is stand_in


@pytest.mark.parametrize(("value", "stand_in"), [
    ("type-token-here", True), ("paste_the_key_here", True), ("your_token_here", True),
    ("generatedLongRandomPhrase", True), ("AutogeneratedToken", True),
    ("1ab2c3d4e5f6g7h8", True), ("98z76y54x32w1", True), ("jk7lm6no5pq4", True),
    # values people choose or that are random stay values
    ("a1b2c3d4", False), ("1q2w3e4r5t", False), ("x9k2m4p7q1w8", False), ("generatedKq8Zw", False),
    (PW, False),
])
def test_stand_ins_written_as_examples(value: str, stand_in: bool) -> None:
    assert (not_a_secret(value) is not None) is stand_in


def test_example_client_secrets_in_chart_values(tmp_path: Path) -> None:
    values = f"""\
        clients:
          - id: portal
            secret: generatedLongRandomPhrase
        envSecrets:
          OAUTH_CLIENT_SECRET: "98z76y54x32w1"
          SESSION_SECRET: "{PW}"
        runner:
          registrationToken: type-token-here
        """
    results, _ = engine_scan(tmp_path, {"chart/values.yaml": values, "chart/Chart.yaml": "name: c\n"},
                             rules=frozenset({"DCR023"}))
    assert brief(results) == [("chart/values.yaml", 6, 20, "DCR023")]


@pytest.mark.parametrize(("value", "stand_in"), [
    # a describing phrase run together with counts: what to generate, not a secret
    ("longrandomstringof48chars", True), ("arandom32characterstring", True), ("somerandomtoken", True),
    ("randomstring", True), ("random_string_40_characters", True),
    # a random run that merely starts with the word, mixed case, digits: values
    ("random8kqzmwx2vt", False), ("randomkqzmwxvt", False), ("Randomstring12", False), ("random1234567", False),
])
def test_describing_phrases_run_together(value: str, stand_in: bool) -> None:
    assert (not_a_secret(value) is not None) is stand_in


@pytest.mark.parametrize(("value", "stand_in"), [("psw", True), ("PSW", True), ("psw2", True), ("pswd", False),
                                                 ("Psw2024", False), ("pw1", False)])
def test_the_password_word_in_its_short_forms(value: str, stand_in: bool) -> None:
    """The bare word for a password stands in for one in each short form people write it (`pass`,
    `pwd`, `psw`, numbered as fixtures number them); a year after it makes a password. (`pw1` is
    as short as the passwords login tests give, and stays one.)"""
    assert (not_a_secret(value) is not None) is stand_in
