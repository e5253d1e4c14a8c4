"""Infrastructure code read as a reviewer reads it (session 12): fixtures written here, each
principle beside a real secret or leak that stays reported at its exact place."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

PROVIDERS = """\
provider "docker" {
  alias = "local"
  registry_auth {
    address  = "localhost:5000"
    username = "tester"
    password = "tester"
  }
}
provider "docker" {
  alias = "loopback"
  registry_auth {
    address  = "http://127.0.0.1:5000/v2/"
    username = "ci"
    password = "ci"
  }
}
provider "docker" {
  alias = "local-other"
  registry_auth {
    address  = "localhost:5000"
    username = "tester"
    password = "Kq7-lantern-52"
  }
}
provider "docker" {
  alias = "remote"
  registry_auth {
    address  = "dcr.example.com"
    username = "tester"
    password = "tester"
  }
}
provider "docker" {
  alias = "case"
  registry_auth {
    address  = "localhost:5000"
    username = "tester"
    password = "Tester"
  }
}
"""

SCRIPT = """\
#!/bin/sh
docker login localhost:5000 -u tester -p tester
echo tester | docker login -u tester --password-stdin 127.0.0.1:5000
docker login localhost:5000 -u tester -p Kq7-lantern-52
docker login dcr.example.com -u tester -p tester
docker login -u tester -p tester
"""


def test_a_local_registry_login_whose_password_is_its_user_is_no_secret(tmp_path: Path) -> None:
    """A login to a registry on the machine itself (`localhost`, a loopback address) whose
    password is the user name written beside it is a throwaway test account: nothing is given
    away. Another password there, the same pair for a remote registry (or Docker Hub, no
    registry named), a password differing in case: reported as before."""
    results, notes = engine_scan(tmp_path, {"main.tf": PROVIDERS, "push.sh": SCRIPT}, rules=frozenset({"DCR002"}))
    assert brief(results) == [("main.tf", 22, 17, "DCR002"), ("main.tf", 30, 17, "DCR002"),
                              ("main.tf", 38, 17, "DCR002"),
                              ("push.sh", 4, 42, "DCR002"), ("push.sh", 5, 43, "DCR002"),
                              ("push.sh", 6, 27, "DCR002")]
    assert notes == []


TFVARS = """\
db_password = "Kq7-lantern-52"
secrets = {
  backup = {
    aws_access_key_id     = "backup-user"
    aws_secret_access_key = "Kq7-lantern-52"
  }
}
provider_config = {
  firewall = {
    host      = "10.0.0.1"
    api_token = "Kq7-lantern-52"
    password  = "REPLACE_ME"
  }
}
secret_ids = {
  db_password = "3f2b8c1e-9a4d-4e7f-b2c1-0d9e8f7a6b5c"
}
users = [{ name = "ann", password = "Kq7-lantern-52" }, { name = "bob", password = "" }]
"""

VARIABLES = """\
variable "creds" {
  default = {
    "api_token" = "Kq7-lantern-52"
    region      = "eu-west-1"
  }
}
variable "names" {
  default = ["password", "token"]
}
"""


def test_secret_named_entries_of_a_variables_map_are_settings(tmp_path: Path) -> None:
    """A variables file (or a variable's default) that gives a map of credentials writes each
    entry as a variable's value: Terraform code reads `var.secrets.backup.aws_secret_access_key`.
    Entries are read through nested maps and lists of maps, each named by its key path; a UUID
    there is the id of a secrets manager's entry, a placeholder or an empty string none, and a
    list of plain words (no keys) names nothing."""
    files = {"env/app.tfvars": TFVARS, "variables.tf": VARIABLES}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023"}))
    assert brief(results) == [("env/app.tfvars", 1, 16, "DCR023"), ("env/app.tfvars", 5, 30, "DCR023"),
                              ("env/app.tfvars", 11, 18, "DCR023"), ("env/app.tfvars", 18, 38, "DCR023"),
                              ("variables.tf", 3, 20, "DCR023")]
    assert [r.message.split(":")[1].split(" is ")[0].strip() for r in results] == [
        "db_password", "secrets.backup.aws_secret_access_key", "provider_config.firewall.api_token",
        "users.0.password", "creds.api_token"]
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


DOCKERFILE = """\
FROM alpine AS build
ARG REGISTRY_PASSWORD=s3cr3tPassw0rd
ENV REG_TOKEN=abcd3fgh1jklmn
ARG EMPTY_PW
ARG PLACEHOLDER_PW=changeme
RUN echo "$REGISTRY_PASSWORD" | docker login -u bob --password-stdin reg.example.com
RUN docker login -u bob -p "$REG_TOKEN" reg.example.com && docker login -u bob -p "${REG_TOKEN}" other.example.com
RUN docker login -u bob -p "$EMPTY_PW" reg.example.com
RUN printf '%s' "$PLACEHOLDER_PW" | docker login -u bob --password-stdin reg.example.com
RUN docker login -u bob -p "$LATER_PW" reg.example.com
ARG LATER_PW=Zq9-later-77x
RUN echo "$REGISTRY_PASSWORD-x" | docker login -u bob --password-stdin reg.example.com
"""


def test_a_dockerfile_login_given_an_arg_or_env_literal_reports_the_literal(tmp_path: Path) -> None:
    """A RUN login given a variable (`-p "$X"`, `echo "$X" |`, `printf '%s' "$X" |`) that an
    earlier ARG default or ENV sets to a literal is given that literal: reported once at it
    (beside DCR001 for the argument form). An ARG without default, a placeholder, an ARG
    written after the login, a value built around the variable: silent."""
    results, notes = engine_scan(tmp_path, {"build/Dockerfile": DOCKERFILE}, rules=frozenset({"DCR002"}),
                                 dedent=False)
    assert brief(results) == [("build/Dockerfile", 2, 23, "DCR002"), ("build/Dockerfile", 3, 15, "DCR002")]
    assert "REGISTRY_PASSWORD's value" in results[0].message and "Passw0rd" not in results[0].message
    assert notes == []
