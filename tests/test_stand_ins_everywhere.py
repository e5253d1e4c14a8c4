"""A stand-in for what a secret-named value's name says is one in every kind of file (R76): the
name restated, a test's value for it, a word a `*_tokens` setting takes, the documentation
sample JWT (R75: `jwt.Jwt.example`, issued to no one). One decision (`standins.stand_in_for`,
`notsecret.not_a_secret`) asked by DCR010's CI variables as by DCR023's settings; a real-looking
password beside them stays reported in each file.
A list of stand-ins (`secret1,secret2`) is a stand-in."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import brief, engine_scan

from dcrlint.notsecret import not_a_secret
from dcrlint.standins import restates_name, stand_in_for


def _b64(d: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).decode().rstrip("=")


SAMPLE_JWT = f"{_b64({'alg': 'HS256', 'typ': 'JWT'})}.{_b64({'sub': '123456789', 'name': 'Jane Doe'})}.c2lnbmF0dXJlLW5vdC1yZWFs"
ISSUED_JWT = f"{_b64({'alg': 'HS256', 'typ': 'JWT'})}.{_b64({'sub': 'svc-ledger', 'iat': 1700000000})}.c2lnbmF0dXJlLW5vdC1yZWFs"

ENTRIES = [("HTTP_SERVER_TOKENS", "off"), ("MAIL_PASSWORD", "test_mail"), ("BACKUP_PASSPHRASE", "dummy-backup"),
           ("APP_BUCKET_SECRET_KEY", "bucket_secret_key"), ("MAPS_API_KEY", "MAPS_API_KEY_VALUE"),
           ("AUTH_TOKEN", SAMPLE_JWT), ("REAL_PASSWORD", "Yt6-canyon-88-Plm")]


def _lines(indent: str) -> str:
    return "".join(f"{indent}{k}: {v}\n" for k, v in ENTRIES)


def test_the_same_entries_give_the_same_answer_in_every_file(tmp_path: Path) -> None:
    files = {
        ".gitlab-ci.yml": "variables:\n" + _lines("  ") + "job:\n  script:\n    - make\n",
        ".github/workflows/w.yml": "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n" + _lines("      ")
        + "    steps:\n      - run: make\n",
        "compose.yaml": "services:\n  app:\n    image: app:1\n    environment:\n" + _lines("      "),
        "k8s/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n" + _lines("  "),
    }
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR010", "DCR023"}), dedent=False)
    assert brief(results) == [(".github/workflows/w.yml", 12, 22, "DCR010"), (".gitlab-ci.yml", 8, 18, "DCR010"),
                              ("compose.yaml", 11, 22, "DCR023"), ("k8s/cm.yaml", 12, 18, "DCR023")]
    assert notes == []


@pytest.mark.parametrize(("name", "value", "stand_in"), [
    ("MAIL_PASSWORD", "test_mail", True), ("MAIL_PASSWORD", "test_smtp", False),
    ("HTTP_SERVER_TOKENS", "off", True), ("API_TOKENS", "Yt6canyon88", False),
    ("APP_BUCKET_SECRET_KEY", "bucket_secret_key", True), ("MOD_PASSWDQC", "mod-passwdqc", True),
])
def test_stand_in_for(name: str, value: str, stand_in: bool) -> None:
    assert stand_in_for(name, value) is stand_in


def test_the_sample_jwt_is_a_placeholder_an_issued_one_is_not() -> None:
    assert not_a_secret(SAMPLE_JWT) == "a placeholder"
    assert not_a_secret(ISSUED_JWT) is None


@pytest.mark.parametrize(("name", "value", "restated"), [
    ("MAPS_API_KEY", "MAPS_API_KEY_VALUE", True), ("API_KEY", "test-api-key", True), ("JIRA_TOKEN", "jiraToken", True),
    ("API_TOKEN", "your_api_token_here", True),
    # a real password or token built on the word (R80): digits, symbols, a random run beside it
    ("PASSWORD", "Password123!", False), ("SHOP_PASSWORD", "ShopPassword2025!", False),
    ("TOKEN", "tokenWm3Rt8Qz5Lk2", False), ("API_KEY", "apikey_Wm3Rt8Qz5Lk2", False),
    # the name restated, then where the real value is had, in plain words
    ("relay_password", "relay-password-from-vault", True), ("svc_apikey", "svc-apikey-from-cloudco-io", True),
    ("STORE_TOKEN", "store_token_from_the_portal", True),
    ("backup_token", "Vq3Lx8Tz2Rm7Kp4N-from-cloudco", False), ("relay_password", "relay-password-from-v4ult", False),
    ("relay_password", "winter-from-vault", False),
    # the name's own words, some left out, nothing added (not run together, not another word)
    ("mirror_hub_password", "mirror-password", True), ("SHOPDB_HUB_SECRET", "shopdb_secret", True),
    ("SHOPDB_GUEST_PASSWORD", "guestwinter", False), ("SHOPDB_ADMIN_PASSWORD", "adminpassword", False),
    ("SHOPDB_HUB_PASSWORD", "hub-shopdb-password", False), ("SHOPDB_HUB_PASSWORD", "shopdb-secret", False),
])
def test_the_name_restated_with_filler_only(name: str, value: str, restated: bool) -> None:
    assert restates_name(name, value) is restated


def test_a_password_built_on_the_word_is_reported_everywhere(tmp_path: Path) -> None:
    workflow = ("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n"
                "        with:\n          registry: reg.shop.example\n          username: ci\n"
                "          password: Secret2025!x\n")
    results, _ = engine_scan(tmp_path, {
        ".github/workflows/p.yml": workflow,
        ".gitlab-ci.yml": "variables:\n  SHOP_PASSWORD: ShopPassword2025!\njob:\n  script: [make]\n",
        "chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 0.1.0\n", "chart/values.yaml": "db:\n  password: Password123!\n",
    }, rules=frozenset({"DCR002", "DCR010", "DCR023"}), dedent=False)
    assert brief(results) == [(".github/workflows/p.yml", 10, 21, "DCR002"), (".gitlab-ci.yml", 2, 18, "DCR010"),
                              ("chart/values.yaml", 2, 13, "DCR023")]


@pytest.mark.parametrize(("value", "reported"), [
    ("probe1,probe2", True), ("secret1,secret2", False), ("<token-a>, <token-b>", False),
    ("admin,changeme", True),
])
def test_a_list_of_stand_ins_is_a_stand_in(lint: Any, value: str, reported: bool) -> None:
    text = f"services:\n  relay:\n    image: relay:1\n    environment:\n      RELAY_SECRETS: \"{value}\"\n"
    run = lint.scan("compose.yaml", text, "--fail-on", "never", "--select", "DCR023")
    assert bool(run.findings) is reported


def test_a_restated_name_with_its_source_or_fewer_words_in_every_file(tmp_path: Path) -> None:
    """The same values, one answer in a Terraform module call's arguments, an env file and a CI
    variable: `relay-password-from-vault`, `mirror-password` for mirror_hub_password stand in; a
    random run before the `from` stays reported."""
    tf = ('module "relay" {\n  source = "./mod"\n  relay_password      = "relay-password-from-vault"\n'
          '  mirror_hub_password = "mirror-password"\n  backup_token        = "Vq3Lx8Tz2Rm7Kp4N-from-cloudco"\n}\n')
    env = "RELAY_PASSWORD=relay-password-from-vault\nMIRROR_HUB_PASSWORD=mirror-password\n" \
          "BACKUP_TOKEN=Vq3Lx8Tz2Rm7Kp4N-from-cloudco\n"
    results, _ = engine_scan(tmp_path, {"infra/main.tf": tf, "deploy/.env": env,
                                        ".gitlab-ci.yml": "variables:\n  " + env.replace("=", ": ").replace("\n", "\n  ")
                                        + "\njob:\n  script: [make]\n"},
                             rules=frozenset({"DCR010", "DCR023"}), dedent=False)
    assert brief(results) == [(".gitlab-ci.yml", 4, 17, "DCR010"), ("deploy/.env", 3, 14, "DCR023"),
                              ("infra/main.tf", 5, 26, "DCR023")]
