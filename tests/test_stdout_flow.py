"""Where a printed secret ends up is one walk (`shell.stdout.shown_by`), the same for a command
at the top of a script, one run by `ssh h '...'`, `bash -c`, `eval` and the words around a
function's call: a program that passes its input on to its stdout (cat, sed, grep, head, jq,
tr ...) shows it where it writes; `logger` reading it writes it to the system log; a file, a
capture or a program keeping it (`docker login --password-stdin`, `grep -q`, `jq empty`,
`logger MESSAGE`, which reads no stdin) hides it.
A variable a redirection opens (`> $X`) holds a path; `printf -v NAME` assigns, printing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _helpers import printed_at as _printed
from conftest import brief, engine_scan

P = "$REGISTRY_PASSWORD"
LOGIN = "docker login -u bot --password-stdin registry.example.org"


def _scan(lint: Any, text: str) -> Any:
    return lint.scan("deploy.sh", f"#!/bin/bash\n{text}\n", "--fail-on", "never", "--select", "DCR003")


@pytest.mark.parametrize(("line", "column"), [
    (f"ssh deploy@host 'echo {P}' | cat", 18),
    (f"bash -c \"echo {P}\" | sed s/a/b/", 10),
    (f"eval \"echo \\{P}\" | grep -v x", 7),
    (f"ssh deploy@host \"echo {P}\" | head -n 1", 18),
    (f"bash -c 'echo {P}' | tail -1", 10),
    (f"sh -c 'echo {P}' | jq -R .", 8),
    (f"bash -c 'printf %s {P}' | awk '{{print}}'", 10),
    (f"ssh deploy@host 'echo {P}' | tr -d '\\n' | cut -c1-", 18),
    (f"bash -c 'echo {P}' | sort | uniq", 10),
    (f"ssh deploy@host \"bash -c 'echo {P}'\" | cat", 27),
    (f"bash <<'EOF' | sed s/a/b/\necho {P}\nEOF", 1),
    # at the top of the script
    (f"echo \"{P}\" | sed s/a/b/", 1),
    (f"echo \"{P}\" | tr -d '\\n' | awk '{{print}}'", 1),
    (f"printf '%s' \"{P}\" | base64", 1),
    (f"echo \"{P}\" | grep -e -q", 1),
    ("printenv REGISTRY_PASSWORD | cut -c1-", 1),
    ("declare -p REGISTRY_PASSWORD | grep REGISTRY", 1),
    # jq with any filter but `empty` writes what it reads (`empty` only as the filter, not a key)
    (f"echo \"{P}\" | jq -r .empty", 1),
    (f"echo \"{P}\" | jq --arg k empty .", 1),
])
def test_a_filter_shows_what_it_reads(lint: Any, line: str, column: int) -> None:
    line_no = 3 if line.startswith("bash <<") else 2
    assert _scan(lint, line).starts() == [("DCR003", line_no, column)]


@pytest.mark.parametrize(("line", "column"), [
    (f"ssh deploy@host 'echo {P}' | logger", 18),
    (f"bash -c 'echo {P}' | tr -d x | logger -t ci", 10),
    (f"echo \"{P}\" | sed s/a/b/ | logger -p user.info", 1),
    (f"echo \"{P}\" | /usr/bin/logger", 1),
])
def test_logger_reading_it_writes_it_to_the_system_log(lint: Any, line: str, column: int) -> None:
    run = _scan(lint, line)
    assert run.starts() == [("DCR003", 2, column)]
    assert run.table("message") == ["`echo` prints secret `REGISTRY_PASSWORD` through `logger` to the system log"]


@pytest.mark.parametrize("line", [
    f"ssh deploy@host 'echo {P}' | {LOGIN}",
    f"bash -c 'echo {P}' | sed s/a/b/ > out.txt",
    f"bash -c 'echo {P}' | tee out.txt > /dev/null",
    f"eval \"echo \\{P}\" | grep -q x",
    f"ssh deploy@host 'echo {P}' | logger -t ci \"fetched\"",
    f"echo \"{P}\" | sed s/a/b/ | {LOGIN}",
    f"echo \"{P}\" | tr -d '\\n' > token.txt",
    f"echo \"{P}\" | grep -q x",
    f"echo \"{P}\" | grep -qi x",
    f"echo \"{P}\" | grep --count x",
    f"echo \"{P}\" | logger -t ci \"logged in\"",
    f"echo \"{P}\" | base64 | kubectl create secret generic reg --from-file=password=/dev/stdin",
    f"T=$(echo \"{P}\" | sed s/a/b/)",
    "printenv REGISTRY_PASSWORD | docker login -u bot --password-stdin registry.example.org",
    "declare -p REGISTRY_PASSWORD | grep -q REGISTRY",
    # jq's filter `empty` writes nothing: a check that the input is JSON, as `grep -q` checks a match
    f"if ! echo \"{P}\" | jq empty 2>/dev/null; then exit 1; fi",
    f"echo \"{P}\" | jq -e -- empty",
])
def test_what_ends_in_a_file_or_a_program_keeping_it_is_not_shown(lint: Any, line: str) -> None:
    assert _scan(lint, line).starts() == []


FUNCTION = 'get_pw() {\n  echo "$REGISTRY_PASSWORD"\n}\n'


@pytest.mark.parametrize("use", [
    'echo "pw: $(get_pw)" | logger',
    'echo "pw: $(get_pw)" | sed s/a/b/ | logger -t ci',
    'printf "%s" "$(get_pw)" | grep x',
    "cat <<EOF | logger\n$(get_pw)\nEOF",
])
def test_a_function_result_piped_on_to_a_log_is_reported_where_the_function_prints(lint: Any, use: str) -> None:
    assert _scan(lint, f"{FUNCTION}{use}\necho done").starts() == [("DCR003", 3, 3)]


@pytest.mark.parametrize("use", [
    'echo "pw: $(get_pw)" | logger -t ci "fetched"',
    'echo "pw: $(get_pw)" | sed s/a/b/ > app.env',
    'printf "%s" "$(get_pw)" | grep -q x',
])
def test_a_function_result_kept_from_the_log_is_not_reported(lint: Any, use: str) -> None:
    assert _scan(lint, f"{FUNCTION}{use}\necho done").starts() == []


@pytest.mark.parametrize("use", [
    f"get_pw | {LOGIN}",
    "get_pw > /run/secrets/registry",
    "get_pw | base64 > creds.b64",
    "get_pw | tee pw.txt > /dev/null",
    f"PW=$(get_pw)\nget_pw | {LOGIN}",
])
def test_a_function_called_where_nobody_shows_its_output_prints_nothing(lint: Any, use: str) -> None:
    assert _scan(lint, f"{FUNCTION}{use}\necho done").starts() == []


@pytest.mark.parametrize("use", [
    "get_pw",
    "get_pw | sed s/a/b/",
    "get_pw | logger",
    "get_pw | tee pw.txt",
    "get_pw > /run/secrets/registry\nget_pw",
    f"get_pw | {LOGIN}\necho \"pw: $(get_pw)\"",
])
def test_a_function_called_where_its_output_is_shown_is_reported(lint: Any, use: str) -> None:
    assert _scan(lint, f"{FUNCTION}{use}\necho done").starts() == [("DCR003", 3, 3)]


@pytest.mark.parametrize(("body", "use", "column"), [
    (f"ssh deploy@host 'echo {P}'", "PW=$(get_pw)", 0),
    (f"bash -c \"echo \\{P}\"", f"get_pw | {LOGIN}", 0),
    (f"eval \"echo \\{P}\"", "get_pw > /run/secrets/registry", 0),
    # near misses: the call shown, the inner command's own stdout moved to the log
    (f"ssh deploy@host 'echo {P}'", "get_pw", 20),
    (f"bash -c \"echo \\{P}\"", "PW=$(get_pw)\nget_pw | sed s/a/b/", 12),
    (f"ssh deploy@host 'echo {P} >&2'", "PW=$(get_pw)", 20),
])
def test_a_nested_command_in_a_function_writes_where_the_function_does(lint: Any, body: str, use: str,
                                                                        column: int) -> None:
    run = _scan(lint, f"get_pw() {{\n  {body}\n}}\n{use}\necho done")
    assert run.starts() == ([("DCR003", 3, column)] if column else [])


# A group, subshell, loop or condition piped on: every command in it writing to its stdout
# writes into the pipe, not only the last one (which the next stage names as its input).
@pytest.mark.parametrize("line", [
    f"{{ printf '%s\\n' \"{P}\"; cat; }} | ssh -T deploy@host 'IFS= read -r P; exec push-tool'",
    f"{{ echo \"{P}\"; cat body.txt; }} | {LOGIN}",
    f"( echo \"{P}\"; echo extra ) | {LOGIN}",
    f"if [ -n \"$X\" ]; then echo \"{P}\"; else echo \"$OTHER_PASSWORD\"; fi | {LOGIN}",
    f"{{ echo \"{P}\" | base64; cat; }} | {LOGIN}",
    f"{{ {{ echo \"{P}\"; echo x; }}; cat; }} | {LOGIN}",
])
def test_what_a_piped_group_writes_goes_into_the_pipe(lint: Any, line: str) -> None:
    assert _scan(lint, line).starts() == []


@pytest.mark.parametrize(("line", "column"), [
    (f"{{ echo \"{P}\"; cat; }} | tee out.txt", 3),  # passed on to the log
    (f"{{ echo \"{P}\" >&2; cat; }} | {LOGIN}", 3),  # its own stdout moved to the log
    (f"{{ {{ echo \"{P}\"; }} >&2; cat; }} | {LOGIN}", 5),  # an inner group's moved
    (f"{{ show() {{ echo \"{P}\"; }}; cat; }} | {LOGIN}\nshow", 12),  # defined there, run later
])
def test_what_a_piped_group_writes_elsewhere_is_still_shown(lint: Any, line: str, column: int) -> None:
    assert _scan(lint, line).starts() == [("DCR003", 2, column)]


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


PRINTF_V = """\
#!/bin/bash
set_password() {
  local new_password
  new_password=$(openssl rand -base64 18)
  printf -v "$1" '%s' "$new_password"
  printf -vRESULT '%s' "$new_password"
  printf -v RESULT2 -- '%s' "$new_password"
  printf -- '%s\\n' "$new_password"
  printf '%s -v\\n' "$new_password"
  printf -v
  printf -v OUT '%s' x; echo "$new_password"
}
set_password DB_PASSWORD
"""


def test_printf_into_a_variable_prints_nothing(tmp_path: Path) -> None:
    """bash's `printf -v NAME` (also `-vNAME`) assigns what it formats to NAME: nothing reaches
    stdout, so nothing reaches the log. `printf --`, a format holding `-v`, a lone `-v` (an
    error, no variable) and an `echo` after `printf -v` on the same line still print."""
    results, notes = engine_scan(tmp_path, {"set-secrets.sh": PRINTF_V}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("set-secrets.sh", 8, 3, "DCR003"), ("set-secrets.sh", 9, 3, "DCR003"),
                              ("set-secrets.sh", 11, 25, "DCR003")]
    assert notes == []
