"""DCR003: a variable printed only where the command that was to set it failed (the right of
`NAME=$(cmd 2>&1) || ...`, the `then` of `if ! NAME=$(cmd); then`) holds what that command printed,
its error: a command that could not read or make the secret did not print it. The same variable
printed after the branch, set again inside it, given by `local NAME=$(...)` (whose status is
`local`'s) or by a `&&` stays a secret's."""

from __future__ import annotations

from _helpers import printed_at

SCRIPT = """\
#!/bin/bash
set -euo pipefail
PULL_TOKEN=$(store-cli get --field token ci/registry 2>&1) || {
    echo "could not read the registry token:"
    echo "  $PULL_TOKEN"
    exit 1
}
if ! SIGN_TOKEN=$(store-cli issue --ttl 1h 2>&1); then
    echo "issue failed: $SIGN_TOKEN"
    exit 1
elif [ -z "$SIGN_TOKEN" ]; then
    echo "empty: $SIGN_TOKEN"
fi
echo "issued: $SIGN_TOKEN"
DB_PASSWORD=$(store-cli get --field pw ci/db) || echo "no password: $DB_PASSWORD"
DB_PASSWORD=$(store-cli get --field pw ci/db) || { DB_PASSWORD=$(cat /run/pw); echo "$DB_PASSWORD"; }
fetch() {
    local PUSH_TOKEN=$(store-cli get --field t ci/push) || echo "$PUSH_TOKEN"
}
fetch
echo done
"""


def test_a_failed_commands_output_is_its_error() -> None:
    assert printed_at(SCRIPT, "ci/fetch.sh") == [
        (12, 5, "SIGN_TOKEN"), (14, 1, "SIGN_TOKEN"), (16, 80, "DB_PASSWORD"), (18, 60, "PUSH_TOKEN")]
