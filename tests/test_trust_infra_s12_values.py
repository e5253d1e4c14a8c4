"""Values of infrastructure code read as a reviewer reads them (session 12): a package named for
what the setting is about, a fact's name, an ACME challenge's mode; each beside a real secret
that stays reported at its exact place."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

VARS = """\
os_packages_pam_passwdqc: libpam-passwdqc
os_packages_pam_pwquality: libpam-pwquality
pam_passwdqc_password: libpam-passwdqc
tokenizer_passwdqc: passwdqc9x
db_credentials: prod-credentials-Kq7x52
api_tokens: tokens-Kq7x52
credentials_fact: admin_creds
credentials_facts: Kq7-lantern-52
http_auth: standalone
proxy_auth: webroot
registry_auth: Kq7-lantern-52
"""


def test_a_value_naming_the_thing_a_setting_is_about_is_no_secret(tmp_path: Path) -> None:
    """A name whose last word runs a secret word together with another (`passwdqc`: a module
    checking passwords' quality) and whose value holds that word whole (`libpam-passwdqc`)
    names that thing's package or module. A bare secret word or its plural in the value, the
    word glued inside a longer one, or a credential under another last word: still reported.
    A name ending in `fact` names the variable a task sets the credential into (`facts`, many
    of them, is no such word); `standalone` and `webroot` are how an ACME HTTP challenge is
    answered, not a password. A name ending in a bare secret word holding such a package
    still reports it (the last word is what the value is read against)."""
    results, notes = engine_scan(tmp_path, {"roles/hardening/vars/main.yml": VARS}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("roles/hardening/vars/main.yml", 3, 24, "DCR023"),
                              ("roles/hardening/vars/main.yml", 4, 21, "DCR023"),
                              ("roles/hardening/vars/main.yml", 5, 17, "DCR023"),
                              ("roles/hardening/vars/main.yml", 6, 13, "DCR023"),
                              ("roles/hardening/vars/main.yml", 8, 20, "DCR023"),
                              ("roles/hardening/vars/main.yml", 11, 16, "DCR023")]
    assert notes == []


def test_a_credential_beside_the_subject_word_is_the_secret(tmp_path: Path) -> None:
    """The subject word of a glued last word (`rootpassword`) inside a value that is not shaped as a
    package's name (a credential's shape beside it) does not make the value a name (guard R28), in
    every kind that reads settings: Ansible variables, .env, Compose."""
    files = {
        "roles/db/vars/main.yml": ("mysql_rootpassword: rootpassword-Hq4zT9Lm77Xq2wPz\n"
                                   "app_dbpassword: \"dbpassword:Hq4zT9Lm77Xq2wPy\"\n"
                                   "redis_authtoken: authtoken.Hq4zT9Lm77Xq2wPx\n"
                                   "pam_passwdqc: libpam-passwdqc\n"),
        ".env": "DB_ROOTPASSWORD=rootpassword-Hq4zT9Lm77Xq2wPu\n",
        "docker-compose.yml": ("services:\n  db:\n    image: mysql\n    environment:\n"
                               "      MYSQL_ROOTPASSWORD: rootpassword-Hq4zT9Lm77Xq2wPt\n"),
    }
    results, _ = engine_scan(tmp_path, files, rules=frozenset({"DCR023"}))
    assert brief(results) == [(".env", 1, 17, "DCR023"), ("docker-compose.yml", 5, 27, "DCR023"),
                              ("roles/db/vars/main.yml", 1, 21, "DCR023"), ("roles/db/vars/main.yml", 2, 18, "DCR023"),
                              ("roles/db/vars/main.yml", 3, 18, "DCR023")]
