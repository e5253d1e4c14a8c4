"""DCR003 on variables whose value the script shows to be no secret (`checks/_name_holders.py`):
a loop over names read with `while read`, a jq filter selecting names, a switch, a few characters
of a token, a path in the home folder. Each with near misses that stay reported, at their lines
and columns."""

from __future__ import annotations

from typing import Any

import pytest

SILENT = {
    # a loop reading names: piped from a command printing names, or given a variable holding them
    "piped.sh": 'kubectl get secrets -o name | while read -r secret; do\n  echo "found $secret"\ndone\n',
    "herestring.sh": (
        "names=\"$(gh api /repos/o/r/actions/secrets | jq -r '.secrets[].name')\"\n"
        'while read -r repo_secret; do\n  echo "$repo_secret"\ndone <<< "$names"\n'),
    "procsub.sh": (
        'while IFS= read -r secret; do\n  echo "checking $secret"\n'
        "done < <(kubectl get secrets -o jsonpath='{.items[*].metadata.name}' | jq -r '.items[] | .metadata.name')\n"),
    "forjq.sh": "for repo_secret in $(gh api /x | jq -r '.secrets[].name'); do echo \"$repo_secret\"; done\n",
    # whether to update a secret: a switch
    "switch.sh": 'UPDATE_KV_SECRET="${5:-false}"\necho "UPDATE_KV_SECRET set to $UPDATE_KV_SECRET"\n',
    # the last characters of a token, as services show them
    "ending.sh": 'token_ending="${GH_TOKEN:(-4)}"\necho "Token ending: ...$token_ending"\n'
                 'head="${GH_TOKEN:0:4}"\nlast="${GH_TOKEN: -4}"\necho "$head $last"\n',
    # a path in the home folder, also as a default
    "home.sh": 'aws_token=~/.aws/token\necho "sourcing $aws_token"\nSSH_PRIVATE_KEY=~/.ssh/id_rsa\n'
               'echo "$SSH_PRIVATE_KEY"\n'
               'aws_credentials="${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}"\n'
               'echo "creds from $aws_credentials"\n',
}


@pytest.mark.parametrize("name", sorted(SILENT))
def test_no_secret_is_printed(lint: Any, name: str) -> None:
    run = lint.scan(name, "#!/bin/bash\n" + SILENT[name], "--fail-on", "never", "--select", "DCR003")
    assert run.where() == []


KEPT = """#!/bin/bash
vault kv list -format=json secret/ci | jq -r '.[]' | while read -r secret; do echo "$secret"; done
while read -r token; do echo "$token"; done < tokens.txt
jq -r '.data.password' creds.json | while read -r pw_token; do echo "$pw_token"; done
data="$(vault kv get -format=json secret/ci)"
while read -r secret_value; do echo "$secret_value"; done <<< "$data"
REGISTRY_PASSWORD="${2:-Hq4zT9Lm77Xq2wPz}"
echo "$REGISTRY_PASSWORD"
tail_token="${GH_TOKEN: -12}"
rest_token="${GH_TOKEN:4}"
echo "$tail_token $rest_token"
home_token="$(cat ~/.aws/token)"
echo "$home_token"
echo done
"""


def test_near_misses_stay_reported(lint: Any) -> None:
    run = lint.scan("kept.sh", KEPT, "--fail-on", "never", "--select", "DCR003")
    assert run.where() == [
        ("DCR003", 2, 79, 2, 93),  # a secrets store's list is no list of names by this reading
        ("DCR003", 3, 25, 3, 38),  # a file read: what it holds is not told
        ("DCR003", 4, 64, 4, 80),  # jq selecting a password
        ("DCR003", 6, 32, 6, 52),  # a here-string of a secret's data
        ("DCR003", 8, 1, 8, 26),  # a literal default of a password
        ("DCR003", 11, 1, 11, 31),  # twelve characters, the rest of a token
        ("DCR003", 13, 1, 13, 19),  # a file's content, not its path
    ]


@pytest.mark.parametrize("script", [
    'REGISTRY_PASSWORD="${REGISTRY_PASSWORD:-false}"\necho "$REGISTRY_PASSWORD"\n',
    'API_TOKEN="${1:-no}"\necho "$API_TOKEN"\n',
])
def test_a_switch_default_of_a_credential_named_variable_is_no_switch(lint: Any, script: str) -> None:
    # guard R33: a default tells what a value is only where the name does not; a variable named for
    # the credential itself holds it whenever it is set (UPDATE_KV_SECRET, an action, stays silent above)
    run = lint.scan("s.sh", "#!/bin/bash\n" + script, "--fail-on", "never", "--select", "DCR003")
    assert [w[:3] for w in run.where()] == [("DCR003", 3, 1)]


@pytest.mark.parametrize(("assignment", "held"), [
    ('DEPLOY_TOKEN="${DEPLOY_TOKEN:-false}"', True),  # a noun compound: the token for deploying
    ('PULL_SECRET="${2:-false}"', True),
    ('REFRESH_TOKEN="${1:-no}"', True),
    ('STORE_PASSWORD="${STORE_PASSWORD:-off}"', True),
    ('DBPASSWORD="${1:-false}"', True),  # a head glued to the word before it
    ('TOKEN_REFRESH="${3:-true}"', False),  # the head is what to do with the token: a flag
    ('REGISTRY_PASSWORD_STDIN="${1:-true}"', False),
    ('VAULT_TOKEN_RENEW="${2:-yes}"', False),
    ('SKIP_TOKEN="${1:-false}"', False),  # an order: a verb that rarely modifies a noun
    ('USE_API_KEY="${USE_API_KEY:-no}"', False),
])
def test_a_switch_default_and_the_head_of_the_name(lint: Any, assignment: str, held: bool) -> None:
    # guard R36: the head of a compound name is its last word; a name ending in the credential
    # names it (unless it is an order), one ending in an action or setting names a flag
    name = assignment.split("=", 1)[0]
    run = lint.scan("s.sh", f'#!/bin/bash\n{assignment}\necho "${name}"\n', "--fail-on", "never", "--select", "DCR003")
    assert [w[:3] for w in run.where()] == ([("DCR003", 3, 1)] if held else [])
