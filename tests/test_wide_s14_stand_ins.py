"""Stand-ins and names read in repositories newly read this session (the regression set): an
instruction to change the value written inside it, a stand-in in guillemets, a file's owner or
group named before the file (`file_owner_passwd`, `file_owner_credentials_cnf`), a state
(`passwd_state`). Near misses keep reporting."""

from __future__ import annotations

import pytest

from dcrlint.config import Settings
from dcrlint.secretnames import is_secret_name
from dcrlint.values import ValueKind, classify


@pytest.mark.parametrize("value", ["UQ6_CHANGE_ME_Gzb", "d98a73_CHANGE_ME_c00c7c", "NOT_CHANGING_ME_IS_UNCOOL",
                                   "x-replace-me", "\u00abyour token\u00bb"])
def test_stand_ins(value: str) -> None:
    assert classify(value, Settings().placeholders) is ValueKind.PLACEHOLDER


@pytest.mark.parametrize("value", ["exchangeme7Hq2Lp", "prechangeme9Zk", "Xq7pL2vR9sKd84Tz", "\u00abXq7pL2vR9sKd"])
def test_not_stand_ins(value: str) -> None:
    assert classify(value, Settings().placeholders) is ValueKind.LITERAL


@pytest.mark.parametrize(("name", "secret"), [
    ("file_owner_passwd", False), ("file_group_secrets", False), ("dir_mode_htpasswd", False),
    ("file_owner_credentials_cnf", False), ("passwd_state", False),
    # near misses: the secret itself
    ("owner_password", True), ("group_token", True), ("mysqld_exporter_mysql_password", True),
    ("file_password", True), ("db_password", True), ("token.conf", True),
])
def test_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret
