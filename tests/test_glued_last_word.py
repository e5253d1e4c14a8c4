"""secretnames._glued_last_word looks up the last word's few endings in `_NOT_SECRET_LAST_WORD`
instead of asking each of its words whether the last word ends with it: the same answer for
every name (held here against the former reading, on names built of secret words, last words
glued on, heads of every length and random letters). A value holding the glued word whole
(`pam_passwdqc: libpam-passwdqc`) names that thing's package; beside a credential's shape it
does not."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan
from hypothesis import given, settings
from hypothesis import strategies as st

from dcrlint.secretnames import _NOT_SECRET_LAST_WORD, _glued_last_word
from dcrlint.valuepatterns import DEFAULT_SECRET_NAMES, _compile_any


def _former(words: list[str], pattern: str) -> bool:
    """The reading before: every last word asked whether the name's last word ends with it."""
    search = _compile_any((pattern,)).search
    word = words[-1]
    if len(words) > 1 and search("_".join(words[:-1])):
        return False
    return any(word.endswith(last) and len(word) > len(last) + 2
               and search("_".join((*words[:-1], word[: -len(last)]))) for last in _NOT_SECRET_LAST_WORD)


_PIECES = st.sampled_from(["password", "passwd", "token", "secret", "key", "private", "api", "auth", "pass",
                           "pwd", "ssh", "db", "super", "x", "ab", "abc", "credential", "id", *sorted(_NOT_SECRET_LAST_WORD)])
_WORD = st.lists(st.one_of(_PIECES, st.text("abcdefiklnoprstuwxy", max_size=6)), min_size=1, max_size=3).map("".join)


# The built-in pattern, and a configured one whose secret words are as short as two letters
# (the head's shortest length then matters).
PATTERNS = (DEFAULT_SECRET_NAMES, "(?i)pw|^db|tok")


@settings(max_examples=2000, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=4), st.sampled_from(PATTERNS))
def test_same_reading_as_before(words: list[str], pattern: str) -> None:
    assert _glued_last_word(words, pattern) == _former(words, pattern), words


def test_each_last_word_glued_on_and_the_head_lengths() -> None:
    """Exhaustive over the last words: glued after secret words (heads of 2, 3 and more
    letters: `keyfile` is read, `pwfile` too short a head) and alone."""
    for last in _NOT_SECRET_LAST_WORD:
        for head in ("pw", "key", "pwd", "token", "password", "privatekey", "abc"):
            for before in ([], ["ssh"], ["db"], ["password"]):
                for pattern in PATTERNS:
                    words = [*before, head + last]
                    assert _glued_last_word(words, pattern) == _former(words, pattern), (words, pattern)
    assert _glued_last_word(["ssh", "private", "keyfile"], DEFAULT_SECRET_NAMES)
    assert not _glued_last_word(["postgres", "password", "superuser"], DEFAULT_SECRET_NAMES)


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
