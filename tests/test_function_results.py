"""DCR003: what a shell function prints to its own stdout is its result when every call of it
is the whole value of an assignment (`x=$(get_password)`): the caller reads it, the log does
not show it there; a command printing a variable so assigned shows it (reported there). A call
inside a printed word, run as a command or through eval shows it (guard R4 of 9835ac3).
Fixtures written here; near misses, where the log does show it, stay reported.
A function run as another's result prints to the callers of that one; output `readarray`,
`mapfile` or `read` takes from `< <(f)` is held, as `x=$(f)` holds it, and a `for` loop over a
holder takes what it holds."""

from __future__ import annotations

import pytest
from _helpers import found as _found

FETCH = 'password=$(kubectl get secret app-admin -o jsonpath="{.data.password}" | base64 -d)'

SILENT = {
    "posix definition, $( ) call": f"""\
get_password() {{
  local {FETCH}
  echo "$password"
}}
PASSWORD=$(get_password)
printf '%s' "$PASSWORD" | argocd login cd.example.com --username admin --password-stdin
""",
    "function keyword, backtick and spaced calls": """\
function read_token {
  printf '%s\\n' "${API_TOKEN}"
}
TOKEN=`read_token`
OTHER=$( read_token )
""",
    "a printf in an if, in the function": f"""\
fetch() {{
  {FETCH}
  if [ -n "$password" ]; then
    echo "$password"
  fi
}}
x=$(fetch)
""",
}

REPORTED = {
    "called on its own once": f"""\
get_password() {{
  local {FETCH}
  echo "$password"
}}
PASSWORD=$(get_password)
get_password
""",
    "to stderr": f"""\
get_password() {{
  local {FETCH}
  echo "$password" >&2
}}
PASSWORD=$(get_password)
""",
    "a group to stderr": f"""\
get_password() {{
  local {FETCH}
  {{ echo "$password"; }} >&2
}}
PASSWORD=$(get_password)
""",
    "the definition's stdout moved": f"""\
get_password() {{
  local {FETCH}
  echo "$password"
}} >&2
PASSWORD=$(get_password)
""",
    "never called (a library's callers are not seen)": f"""\
get_password() {{
  local {FETCH}
  echo "$password"
}}
""",
    "its name in a message": f"""\
get_password() {{
  local {FETCH}
  echo "$password"
}}
PASSWORD=$(get_password) || echo "get_password failed"
""",
    "outside the function": f"""\
get_password() {{
  local {FETCH}
  echo "$password"
}}
PASSWORD=$(get_password)
echo "$PASSWORD"
argocd app list
""",
    "inside a printed word": f"""\
get_password() {{
  local {FETCH}
  echo "$password"
}}
echo "password: $(get_password)"
""",
    "an argument of printf": f"""\
get_password() {{
  local {FETCH}
  echo "$password"
}}
printf '%s\\n' "$(get_password)"
""",
    "a here-document": f"""\
get_password() {{
  local {FETCH}
  echo "$password"
}}
cat <<END
login with $(get_password)
END
""",
    "run as a command": f"""\
get_password() {{
  local {FETCH}
  echo "$password"
}}
$(get_password)
""",
    "through eval": f"""\
get_password() {{
  local {FETCH}
  echo "$password"
}}
eval "$(get_password)"
""",
}


def test_a_variable_holding_the_result_is_reported_where_printed(lint) -> None:  # type: ignore[no-untyped-def]
    script = f"""\
get_password() {{
  local {FETCH}
  echo "$password"
}}
PW="$(get_password)"
echo "using $PW"
argocd app list
"""
    run = lint.scan("tools/login.sh", script)
    assert run.starts("DCR003") == [("DCR003", 6, 1)]
    assert "`password` (as `PW`)" in run.json()["findings"][0]["message"]


@pytest.mark.parametrize("script", SILENT.values(), ids=SILENT.keys())
def test_a_function_result_read_by_every_caller_is_not_shown(lint, script: str) -> None:  # type: ignore[no-untyped-def]
    assert lint.scan("tools/login.sh", script).starts("DCR003") == []


@pytest.mark.parametrize("script", REPORTED.values(), ids=REPORTED.keys())
def test_a_function_output_the_log_shows_is_reported(lint, script: str) -> None:  # type: ignore[no-untyped-def]
    lines = lint.scan("tools/login.sh", script).starts("DCR003")
    assert len(lines) == 1
    assert script.splitlines()[lines[0][1] - 1].lstrip().startswith(("echo", "{"))


def test_in_a_manifest_container_script(lint) -> None:  # type: ignore[no-untyped-def]
    manifest = """\
apiVersion: batch/v1
kind: Job
metadata: {name: rotate}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: rotate
          image: bitnami/kubectl
          command: ["/bin/bash", "-c"]
          args:
            - |
              new_token() {
                echo "$ROTATED_TOKEN"
              }
              T=$(new_token)
              echo "token: $ROTATED_TOKEN"
"""
    assert lint.scan("job.yaml", manifest).starts("DCR003") == [("DCR003", 18, 15)]


FETCHED = 'token=$(curl -fsS -H "Authorization: Bearer $JWT" https://api.example.com/tokens | jq -r .token)'


def test_a_function_run_as_another_functions_result_prints_to_its_callers() -> None:
    """`g() { ...; f; }` called only as `x=$(g)`: what `f` prints is `g`'s output, read into `x`
    (so is `f`'s, through `g`, however deep). Reported at the command: `g` also called on its
    own (shown), `f` also called on its own, `f` run inside a function nobody captures, and a
    holder of the result printed later."""
    silent = f"""\
mint_token() {{
  {FETCHED}
  printf '%s' "$token"
}}
resolve_token() {{
  if [ -n "$APP_ID" ]; then
    mint_token
    return 0
  fi
  printf '%s' "$GIVEN_TOKEN"
}}
outer_token() {{
  resolve_token
}}
TOKEN=$(resolve_token)
OTHER=$(outer_token)
"""
    found, spans = _found(silent, "scripts/token.sh", "DCR003")
    assert found == spans == []
    reported = f"""\
mint_token() {{
  {FETCHED}
  «printf '%s' "$token"»
}}
resolve_token() {{
  mint_token
}}
TOKEN=$(resolve_token)
resolve_token
"""
    found, spans = _found(reported, "scripts/token.sh", "DCR003")
    assert found == spans and spans
    direct = reported.replace("\nresolve_token\n", "\nmint_token\n")
    found, spans = _found(direct, "scripts/token.sh", "DCR003")
    assert found == spans and spans
    uncaptured = f"""\
mint_token() {{
  {FETCHED}
  «printf '%s' "$token"»
}}
show_token() {{
  mint_token
}}
show_token
"""
    found, spans = _found(uncaptured, "scripts/token.sh", "DCR003")
    assert found == spans and spans
    printed_later = f"""\
mint_token() {{
  {FETCHED}
  printf '%s' "$token"
}}
resolve_token() {{
  mint_token
}}
TOKEN=$(resolve_token)
«echo "token: $TOKEN"»
"""
    found, spans = _found(printed_later, "scripts/token.sh", "DCR003")
    assert found == spans and spans
