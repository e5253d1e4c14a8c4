"""DCR003: what a shell function prints to its own stdout is its result when every call of it
is the whole value of an assignment (`x=$(get_password)`): the caller reads it, the log does
not show it there; a command printing a variable so assigned shows it (reported there). A call
inside a printed word, run as a command or through eval shows it (guard R4 of 9835ac3).
Fixtures written here; near misses, where the log does show it, stay reported.
A function run as another's result prints to the callers of that one; output `readarray`,
`mapfile` or `read` takes from `< <(f)` is held, as `x=$(f)` holds it, and a `for` loop over a
holder takes what it holds. A function a shell start-up file defines and never calls (or only
names, `unset -f`) is a command its user runs at the terminal: what it prints is theirs."""

from __future__ import annotations

from pathlib import Path

import pytest
from _helpers import found as _found
from conftest import brief, engine_scan

RULES = frozenset({"DCR003", "DCR010", "DCR023", "DCR051"})

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


ZSHRC = """\
genpass() {
  local pass
  pass=$(xkcdpass -d '-' -n 3 "$@")
  echo "${pass}$((RANDOM % 10))"
}
vault_token() {
  printf '%s\\n' "$VAULT_TOKEN"
}
show_token() {
  echo "$API_TOKEN"
}
show_token
echo "$REGISTRY_PASSWORD"
"""


def test_a_start_up_files_function_prints_to_its_user(tmp_path: Path) -> None:
    """A function a shell start-up file defines and never calls is a command its user runs at
    the terminal (a password generator): what it prints is theirs, no log's. One the file calls,
    a command of the file itself, and the same functions in a script stay reported."""
    files = {"home/.zshrc": ZSHRC, "home/.bash_functions": ZSHRC, "bin/helpers.sh": ZSHRC}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("bin/helpers.sh", 4, 3, "DCR003"), ("bin/helpers.sh", 7, 3, "DCR003"),
                              ("bin/helpers.sh", 10, 3, "DCR003"), ("bin/helpers.sh", 13, 1, "DCR003"),
                              ("home/.bash_functions", 10, 3, "DCR003"), ("home/.bash_functions", 13, 1, "DCR003"),
                              ("home/.zshrc", 10, 3, "DCR003"), ("home/.zshrc", 13, 1, "DCR003")]
    assert notes == []


READ_INTO = """\
#!/bin/bash
get_auth_args() {
  echo "-H"
  echo "Authorization: Basic ${API_KEY}"
}
get_token() {
  echo "${DEPLOY_TOKEN}"
}
show_token() {
  echo "${SHOW_TOKEN}"
}
readarray -t auth_args < <(get_auth_args)
mapfile -t < <(get_auth_args)
read -r tok < <(get_token)
curl "${auth_args[@]}" "${MAPFILE[@]}" -H "X-Token: $tok" https://api.example.com
echo "token: $tok"
cat < <(show_token)
"""


STARTUP = """\
unalias getpw 1>/dev/null 2>&1
unset -f getpw || true
function getpw() {
  ACCOUNT_PWD=$(curl -s https://vault.example.com/retrieve -H "Authorization: ${API_TOKEN}")
  echo "ACCOUNT_PWD=${ACCOUNT_PWD}"
}
unset -f showpw
function showpw() {
  echo "SHOW_PWD=${SHOW_PWD}"
}
showpw
"""


def test_output_read_into_variables_or_a_function_only_named_is_not_shown(tmp_path: Path) -> None:
    """A function's output that `readarray`/`mapfile` (into an array, MAPFILE by default) or
    `read` takes from a process substitution (`< <(f)`) is held in variables, as `x=$(f)`
    holds it: what the function echoes reaches no log, unless a holder is printed (reported at
    that echo, as the holder of the secret). `cat < <(f)` shows it. In a start-up file, a
    function only named by `unset -f`/`unalias` is never run there: its echo is the user's at
    the terminal; one the file calls is still reported."""
    files = {"bin/auth.sh": READ_INTO, "home/.bash_functions": STARTUP}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR003"}), dedent=False)
    assert brief(results) == [("bin/auth.sh", 10, 3, "DCR003"), ("bin/auth.sh", 16, 1, "DCR003"),
                              ("home/.bash_functions", 9, 3, "DCR003")]
    assert notes == []


LOOPED = """\
#!/bin/bash
get_token() {
  echo "${DEPLOY_TOKEN}"
}
mapfile -t lines < <(get_token)
for l in "${lines[@]}"; do echo "$l"; done
tok=$(get_token)
for t in $tok; do
  for part in $t; do printf '%s\\n' "$part"; done
done
for l in "${lines[@]}"; do curl -H "X-Token: $l" https://api.example.com; done
for l in "${lines[@]}"; do echo "one more line"; done
for q in '$tok'; do echo "$q"; done
for l in "${lines[@]}"; do echo "$l" > token.txt; done
for f in *.txt; do echo "$f"; done
for l in *.log; do echo "rotating $l"; done
"""


def test_a_loop_variable_over_a_holder_holds_the_secret(tmp_path: Path) -> None:
    """A `for` loop's variable over a holder of a function's output (an array `mapfile` filled,
    `x=$(f)`, a loop variable over one of those) takes what the holder holds: printing it
    prints the secret (guard R29; bash 5.2 prints the token at 6:28 and 9:22). Silent: the
    variable sent to a program, a constant printed, a single-quoted word (no expansion), the
    echo written to a file, a loop over other words, and a later loop binding the same name to
    other words (guard R40: `for` binds its variable anew)."""
    results, notes = engine_scan(tmp_path, {"bin/loop.sh": LOOPED}, rules=frozenset({"DCR003"}), dedent=False)
    assert brief(results) == [("bin/loop.sh", 6, 28, "DCR003"), ("bin/loop.sh", 9, 22, "DCR003")]
    assert notes == []
