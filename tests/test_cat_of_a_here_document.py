"""DCR003: `cat` of a here-document the shell expands (an unquoted delimiter) prints its body after
expansion: a secret variable expanded there is printed as `echo "$SECRET"` prints it (held-out 20a
JM3). Not with a quoted delimiter (`<< 'EOF'`, `<< "EOF"`, `<< \\EOF`: the body as written), nor
where the output goes to a file or into a program (`cat > f << EOF`, `cat << EOF | kubectl apply
-f -`); a `cat` of a docker config stays its own finding."""

from __future__ import annotations

import pytest
from conftest import Lint

LOGIN = 'printf %s "$VAULT_ADMIN_PASSWORD" | docker login -u admin --password-stdin reg.example.org\n'


def _where(lint: Lint, text: str) -> list[tuple[str, int, int]]:
    return [(rule, line, col) for rule, line, col, _, _ in
            lint.scan("show.sh", f"#!/bin/bash\n{LOGIN}{text}", "--fail-on", "never", "--select", "DCR003").where()]


def test_an_expanded_body_printed(lint: Lint) -> None:
    text = 'report() {\n  cat <<END\nvault: https://vault.example.org\nadmin: ${VAULT_ADMIN_PASSWORD}\nEND\n}\nreport\n'
    assert _where(lint, text) == [("DCR003", 4, 3)]


def test_to_stderr(lint: Lint) -> None:
    assert _where(lint, 'cat >&2 <<-END\n\tpassword: $VAULT_ADMIN_PASSWORD\n\tEND\n') == [("DCR003", 3, 1)]


@pytest.mark.parametrize("text", [
    "cat <<'END'\nadmin: ${VAULT_ADMIN_PASSWORD}\nEND\n",
    'cat <<"END"\nadmin: ${VAULT_ADMIN_PASSWORD}\nEND\n',
    "cat <<\\END\nadmin: ${VAULT_ADMIN_PASSWORD}\nEND\n",
    "cat > /etc/vault/admin.txt <<END\nadmin: ${VAULT_ADMIN_PASSWORD}\nEND\n",
    "cat <<END | vault-cli import --stdin\nadmin: ${VAULT_ADMIN_PASSWORD}\nEND\n",
    "cat <<END\nvault: https://vault.example.org\nuser: admin\nEND\n",
])
def test_a_body_not_printed_or_holding_no_secret(lint: Lint, text: str) -> None:
    assert _where(lint, text) == []
