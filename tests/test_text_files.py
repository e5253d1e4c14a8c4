"""Files of settings or notes (`.npmrc`, `.git-credentials`, `.properties`, `.conf`, `.txt`, key
files) are read for the rules that apply in any file: URLs with passwords (DCR050) and known
secret formats (DCR051). Source code and documentation are not; the kinds a file's content
decides (an INI inventory, cloud-init user data) keep their readings."""

from __future__ import annotations

import pytest
from conftest import Lint

from dcrlint.classify import FileKind, classify

TOKEN = "npm_" + "Zq8xW3vN5tR7yU1kLm2Pq9Rs4Tu6Vw8Xy0Ab"
GH = "ghp_" + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"
KEY = "-----BEGIN RSA PRIVATE KEY-----\n" + "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n" * 3 \
    + "-----END RSA PRIVATE KEY-----\n"


@pytest.mark.parametrize(("rel", "text", "where"), [
    (".npmrc", f"registry=https://registry.example.com/\n//registry.example.com/:_authToken={TOKEN}\n",
     [("DCR051", 2, 36, 2, 76)]),
    ("home/.git-credentials", "https://ci-bot:Zq8-lemon-44-Rw@git.example.com\n", [("DCR050", 1, 16, 1, 31)]),
    ("app/application.properties", "repo.url=https://deploy:Zq8-lemon-44-Rw@maven.example.com/releases\n",
     [("DCR050", 1, 25, 1, 40)]),
    ("etc/agent.conf", f"[auth]\ntoken = {GH}\n", [("DCR051", 2, 9, 2, 49)]),
    ("install-notes.txt", f"export GITHUB_TOKEN={GH}\n", [("DCR051", 1, 21, 1, 61)]),
    ("certs/registry.key", KEY, [("DCR051", 1, 1, 5, 30)]),
    # OpenSSH's own names for a private key file, which have no suffix
    ("roles/bot/files/id_rsa", KEY, [("DCR051", 1, 1, 5, 30)]),
    ("deploy/keys/id_ed25519", KEY, [("DCR051", 1, 1, 5, 30)]),
])
def test_secrets_in_settings_and_notes_are_found(lint: Lint, rel: str, text: str,
                                                 where: list[tuple[str, int, int, int, int]]) -> None:
    run = lint.scan(rel, text)
    assert run.where() == where
    assert TOKEN not in run.printed and GH not in run.printed and "Zq8-lemon-44-Rw" not in run.printed


@pytest.mark.parametrize(("rel", "text"), [
    (".npmrc", "//registry.example.com/:_authToken=${NPM_TOKEN}\n"),  # a variable
    ("notes.txt", "git clone https://username:password@git.example.com/repo.git\n"),  # a placeholder
    ("app.properties", "db.password=${DB_PASSWORD}\nrepo.url=https://maven.example.com/releases\n"),
    ("tool.py", f"TOKEN = '{GH}'\n"),  # source code: not read
    ("README.md", f"export GITHUB_TOKEN={GH}\n"),  # documentation: not read
    ("roles/bot/files/id_ed25519.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmN/Cr3JXqmLW7u+g9pTh+wyqDHpSQEC "
     "bot@example.com\n"),  # a public key
])
def test_near_misses_stay_silent(lint: Lint, rel: str, text: str) -> None:
    assert lint.scan(rel, text).where() == []


def test_a_key_file_under_tests_is_a_fixture(lint: Lint) -> None:
    run = lint.scan("tests/data/server.key", KEY)
    assert [(f["rule"], f["level"]) for f in run.findings] == [("DCR051", "note")]


def test_content_still_decides_inventories_and_user_data() -> None:
    assert classify("hosts.ini", "[web]\nweb1 ansible_host=10.0.0.5\n") is FileKind.ANSIBLE_INVENTORY
    assert classify("init.cfg", "#cloud-config\nruncmd: []\n") is FileKind.CLOUD_INIT
    assert classify("setup.cfg", "[metadata]\nname = x\n") is FileKind.TEXT
    assert classify("src/app.py", "x = 1\n") is FileKind.OTHER


def test_a_suppression_comment_in_a_settings_file(lint: Lint) -> None:
    text = f"token = {GH}  # dcrlint: ignore[DCR051] reason: revoked\n"
    run = lint.scan("etc/agent.conf", text)
    assert run.where() == [] and run.json()["summary"]["suppressed"] == 1


def test_a_file_a_kustomization_names_is_read_as_it_says(lint: Lint) -> None:
    lint.write("k/kustomization.yaml", "secretGenerator:\n  - name: db\n    envs: [db.properties]\n")
    run = lint.scan("k/db.properties", "DB_PASSWORD=Rt6-canyon-19-Xw\n", "k")
    assert [f["rule"] for f in run.findings] == ["DCR023"]
