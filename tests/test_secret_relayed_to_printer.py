"""DCR003 through a function's arguments or a `for` loop's variable: `say() { printf '%s\\n' "$*"; }`
then `say "token $TOKEN"` prints the token, as `printf` given it would; `for v in "$TOKEN"; do echo
"$v"; done` too. Only where certain: the body prints `$@`, `$*` or the `$N` the secret is given
as, to where the call's output goes (not captured, piped into a login, masked, into a file); the
loop's list expands a secret and its variable is no name the script uses (`kubectl get secret "$v"`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import write

SCRIPT = """\
#!/bin/bash
note() { echo "[$(date +%T)] $*" >&2; }
first() { echo "$1"; }
second() { printf '%s\\n' "$2"; }
hidden() { echo "${1//?/*}"; }
stash() { echo "$@" > /tmp/kiln.out; }
feed() { printf '%s' "$1" | docker login -u ci --password-stdin r.example.test; }
function tell { printf "[info] $1\\n"; }
note "pushing with $KILN_TOKEN"
first "$KILN_TOKEN" "$KILN_USER"
first "$KILN_USER" "$KILN_TOKEN"
second "$KILN_USER" "$KILN_TOKEN"
hidden "$KILN_TOKEN"
stash "$KILN_TOKEN"
feed "$KILN_TOKEN"
tok=$(first "$KILN_TOKEN")
first "$KILN_TOKEN" | docker login -u ci --password-stdin r.example.test
tell "password: ${KILN_DB_PASSWORD}"
for v in "$KILN_USER" "$KILN_TOKEN"; do
  echo "value: $v"
done
for v in "$KILN_USER" "$KILN_HOST"; do echo "$v"; done
for t in "$KILN_TOKEN"; do printf '%s' "$t" | docker login -u ci --password-stdin r.example.test; done
for t in $KILN_TOKEN; do echo "${t}"; echo "length ${#t}"; done
"""

NAMES = """\
#!/bin/bash
tidy() {
  local secrets=(
    "kiln-app-token"
    "kiln-ci-token"
  )
  for secret in "${secrets[@]}"; do
    echo "removing $secret"
    kubectl delete secret "$secret" -n kiln
  done
}
check() { echo "$1"; [ "$2" = "$3" ] || { echo "expected $2, got $3"; exit 1; }; }
tls_secret=$(kubectl get ingress kiln -o=jsonpath='{.spec.tls[0].secretName}')
check "the ingress's TLS Secret" kiln-tls "$tls_secret"
echo "$tls_secret"
"""


def test_function_arguments_and_loop_variables(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "kiln/release.sh", SCRIPT)
    assert lint("--format", "json", ".").starts() == [
        ("DCR003", 9, 1), ("DCR003", 10, 1), ("DCR003", 12, 1), ("DCR003", 18, 1), ("DCR003", 20, 3),
        ("DCR003", 24, 26)]


def test_names_are_no_secrets(lint: Any, tmp_path: Path) -> None:
    """A loop over the names of Secrets the script deletes, a field Kubernetes names for a name
    (`secretName`) read with jsonpath: names, printed or not."""
    write(tmp_path, "kiln/tidy.sh", NAMES)
    assert lint("--format", "json", ".").starts() == []


def test_identifiers_and_settings_about_secrets_are_no_secrets(lint: Any, tmp_path: Path) -> None:
    """A cloud's identifier of a secret's resource (`..._ARN`, as an id) and a setting named for
    what to do with secrets (a verb, then a plural secret noun: `backup_old_secrets`) print no
    secret; the singular after the verb is still the secret (`BACKUP_PASSWORD`)."""
    write(tmp_path, "kiln/keys.sh", 'say() { printf "%s\\n" "$*"; }\n'
          'KILN_SECRET_ARN=$(aws secretsmanager describe-secret --secret-id kiln --query ARN --output text)\n'
          'say "secret: $KILN_SECRET_ARN"\necho "$KILN_SECRET_ARN"\nsay "rotating: $ROTATE_KILN_TOKENS"\n'
          'say "backup: $KILN_BACKUP_PASSWORD"\n'
          'echo "$KILN_REFRESH_TOKENS $KILN_BACKUP_PASSWORDS"\n')
    assert lint("--format", "json", ".").starts() == [("DCR003", 6, 1), ("DCR003", 7, 1)]
