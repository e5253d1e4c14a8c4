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
