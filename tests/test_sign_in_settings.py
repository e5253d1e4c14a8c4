"""A setting that says how users sign in is no credential, each with the near misses that stay
reported: an identity provider's flow (`AUTH_FLOW`, `authFlow`), sign-in left to a reverse proxy
(`auth: proxy`, `forward-auth`), Linux's modules checking the password (`pam`, `basic_pam`).
Values saying they are not real (`test-token-not-real`, `not-a-real-key`) stand in."""

from __future__ import annotations

from pathlib import Path

from _helpers import printed_at as _printed
from conftest import brief, engine_scan

RULES = frozenset({"DCR003", "DCR010", "DCR023", "DCR051"})
REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


def test_an_authentication_flow_is_no_secret() -> None:
    """The steps one signs in by (an identity provider's flow: `AUTH_FLOW`, `authorization_flow`,
    `authFlow`) are a setting, as an authentication method is; a name that only starts with the
    word (`AUTH_FLOWER`) or a credential for a flow's thing stays one."""
    script = ("#!/bin/bash\nAUTH_FLOW=$(curl -s https://idp.example.com/api/flows | jq -r .pk)\n"
              'echo "  Authorization flow: $AUTH_FLOW"\necho "$authorization_flow $authFlow"\n'
              'echo "$AUTH_FLOWER"\necho "$FLOW_TOKEN"\n')
    assert _printed(script) == [(5, 1, "AUTH_FLOWER"), (6, 1, "FLOW_TOKEN")]


def test_sign_in_left_to_a_proxy_is_a_method(tmp_path: Path) -> None:
    """`auth: proxy` (a chart's sign-in left to a reverse proxy in front, as forward-auth and
    trusted headers are) chooses how users sign in, as `basic` or `oidc` do."""
    values = f"app:\n  auth: proxy\n  authMode: forward-auth\n  auth_token: {REAL}\n  authSecret: proxy9\n"
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": values}, rules=RULES)
    assert brief(results) == [("chart/values.yaml", 4, 15, "DCR023"), ("chart/values.yaml", 5, 15, "DCR023")]
    assert notes == []


SETTINGS_VALUES = f"""\
openondemand_auth: basic_pam
portal_auth: pam
telegram_token: "111111:test-token-not-real"
api_key: not-a-real-key
admin_password: {REAL}
smtp_password: spam-Hq4zT9Lm
deploy_token: notreally-Hq4z
"""


def test_pam_sign_in_and_values_saying_they_are_not_real(tmp_path: Path) -> None:
    """`pam`, `basic_pam` name how users sign in (Linux's modules check the password); a value
    saying it is not real (`test-token-not-real`, `not-a-real-key`) stands in for one. `spam-...`
    and `notreally-...` are no such words."""
    results, notes = engine_scan(tmp_path, {"group_vars/all/portal.yml": SETTINGS_VALUES}, rules=RULES)
    assert brief(results) == [("group_vars/all/portal.yml", 5, 17, "DCR023"), ("group_vars/all/portal.yml", 6, 16, "DCR023"),
                              ("group_vars/all/portal.yml", 7, 15, "DCR023")]
    assert notes == []


def test_a_tokens_subject_and_a_passwords_rules_are_settings(tmp_path: Path) -> None:
    """Whom a token is issued to (a JWT's `sub` claim: `AUTH_OIDC_SUB`, `tokenSubject`) is an
    identity, as its issuer and audience are; what a password must be made of
    (`PASSWORD_COMPLEXITY`, `passwordStrength`) is a rule about it. A credential beside them, or
    one whose name only starts with such a word (`SUBJECT_TOKEN`), stays reported."""
    kustomization = ("configMapGenerator:\n  - name: api-conf\n    literals:\n"
                     "      - AUTH_OIDC_SUB=id:7;name:ops,system:serviceaccount:web:api-runner\n"
                     f"      - AUTH_OIDC_SECRET={REAL}\n")
    values = (f"site:\n  security:\n    PASSWORD_COMPLEXITY: lower,upper,digit\n    passwordStrength: medium\n"
              f"    tokenSubject: ops-bot\n    SUBJECT_TOKEN: {REAL}\n")
    files = {"overlays/prod/kustomization.yaml": kustomization, "chart/values.yaml": values}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("chart/values.yaml", 6, 20, "DCR023"), ("overlays/prod/kustomization.yaml", 5, 26, "DCR023")]
    assert notes == []
