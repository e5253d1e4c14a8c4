"""Infrastructure code read as a reviewer reads it (session 11): fixtures written here, each
principle beside a real secret or leak that stays reported at its exact place."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan, run_checks, scanned

RULES = frozenset({"DCR003", "DCR010", "DCR023", "DCR051"})
REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


def _printed(script: str, path: str = "renew.sh") -> list[tuple[int, int, str]]:
    file = scanned(script, path)
    return [(*file.source.position(f.span.start), f.message.split("`")[3]) for f in run_checks(file, "DCR003")
            if "prints secret" in f.message]


REDIRECTS = """\
#!/bin/sh
set -e
export work_dir="/tmp/le/"
export certbot_auth="$work_dir/certbot_auth.sh"
hook_token="$2"
echo "Creating $certbot_auth"
cat << EOF > $certbot_auth
#!/bin/sh
curl -H "Authorization: Bearer \\$CLOUDFLARE_TOKEN" https://api.example.com/zones
EOF
echo "log to ${hook_token}"
some-cmd 2>> "${hook_token}"
echo "$CLOUDFLARE_TOKEN" > "$work_dir/token"
echo "==> $API_TOKEN"
cat <<< $REGISTRY_PASSWORD
echo "$REGISTRY_PASSWORD"
[ -n "$DB_TOKEN" ] && echo "$DB_TOKEN"
"""


def test_a_variable_a_redirection_opens_holds_a_path() -> None:
    """A variable that is a whole redirection's target (`> $X`, `2>> "${X}"`, `< $X`) is
    opened by the shell as a file: it holds a path, whatever its name. A here-string (`<<<`)
    is content, an arrow in a message (`==> $X`) is text, and a variable written into the
    file is still a secret printed where it is printed."""
    assert _printed(REDIRECTS) == [(14, 1, "API_TOKEN"), (16, 1, "REGISTRY_PASSWORD"), (17, 23, "DB_TOKEN")]


def test_an_authentication_flow_is_no_secret() -> None:
    """The steps one signs in by (an identity provider's flow: `AUTH_FLOW`, `authorization_flow`,
    `authFlow`) are a setting, as an authentication method is; a name that only starts with the
    word (`AUTH_FLOWER`) or a credential for a flow's thing stays one."""
    script = ("#!/bin/bash\nAUTH_FLOW=$(curl -s https://idp.example.com/api/flows | jq -r .pk)\n"
              'echo "  Authorization flow: $AUTH_FLOW"\necho "$authorization_flow $authFlow"\n'
              'echo "$AUTH_FLOWER"\necho "$FLOW_TOKEN"\n')
    assert _printed(script) == [(5, 1, "AUTH_FLOWER"), (6, 1, "FLOW_TOKEN")]


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
