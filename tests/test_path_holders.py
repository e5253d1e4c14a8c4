"""DCR003: a variable whose value the script shows to be a path prints no secret when printed,
whatever its name says, each with the near misses that stay reported:

- a credential-named variable whose every value is a data file in a folder
  (`AGENT_CREDENTIALS_JSON=agent/credentials.json`, `PRIVATE_KEY="$HOME/keys/deploy.pem"`);
- a copy of a folder the shell keeps (`local pwd="$PWD"`, `$HOME`, `cygpath`; `` X_PWD=`pwd` ``);
- a variable a test found to name a file (`[ -f "$X" ]`), in that branch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import brief, engine_scan, run_checks, scanned


def _printed(script: str) -> list[str]:
    file = scanned("#!/bin/bash\n" + script + "echo done\n", "install.sh")
    return sorted(f.message.split("`")[3] for f in run_checks(file, "DCR003") if "prints secret" in f.message)


@pytest.mark.parametrize("script", [
    'AGENT_CREDENTIALS_JSON=agent/credentials.json\nif [[ -f "$AGENT_CREDENTIALS_JSON" ]]; then\n'
    '  echo "$AGENT_CREDENTIALS_JSON already exists"\nfi\n',
    'PRIVATE_KEY="$HOME/keys/deploy.pem"\necho "key at $PRIVATE_KEY"\n',
    'REGISTRY_AUTH="${REGISTRY_AUTH:-~/.docker/config.json}"\necho "auth from $REGISTRY_AUTH"\n',
    'API_TOKEN=/run/secrets/api-token.txt\necho "reading $API_TOKEN"\n',
])
def test_a_credential_variable_holding_a_data_files_path_prints_no_secret(script: str) -> None:
    """A variable named for the credential itself whose every value is a data file in a
    folder (a name, a variable, `~` or `.` for each folder; `.json`, `.yaml`, `.txt`, `.env`,
    `.pem`, `.crt`, `.key`) holds where the credential is: no password is written so."""
    assert _printed(script) == []


@pytest.mark.parametrize(("script", "names"), [
    # a file's name without a folder, a folder path with no data file's extension: what they say
    ('SERVICE_CREDENTIALS=credentials.json\necho "$SERVICE_CREDENTIALS"\n', ["SERVICE_CREDENTIALS"]),
    ('export REGISTRY_TOKEN="${REGISTRY_TOKEN-ci/registry-token}"\necho "tok $REGISTRY_TOKEN"\n',
     ["REGISTRY_TOKEN"]),
    # (a path in the home folder, `~/.ssh/id_rsa`, is a path: tests/test_name_holders_loops_and_switches.py)
    ('SSH_PRIVATE_KEY=.ssh/id_rsa\necho "$SSH_PRIVATE_KEY"\n', ["SSH_PRIVATE_KEY"]),
    # the file's content, a path given once and a secret once
    ('CREDENTIALS_JSON=$(cat agent/credentials.json)\necho "$CREDENTIALS_JSON"\n', ["CREDENTIALS_JSON"]),
    ('PRIVATE_KEY=keys/deploy.pem\nPRIVATE_KEY=$(vault read -field=k kv/ci)\necho "$PRIVATE_KEY"\n',
     ["PRIVATE_KEY"]),
])
def test_credential_variables_of_other_values_stay_reported(script: str, names: list[str]) -> None:
    assert _printed(script) == names


WORKING_FOLDER = """\
#!/bin/bash
native_path() {
  local target="$1"
  local pwd="$PWD"
  if [[ "$OSTYPE" == msys ]]; then
    pwd="$(cygpath -w "$PWD")"
  fi
  echo "${target/.\\//$pwd/}"
}
show_home() {
  local pwd="${HOME}"
  echo "home: $pwd"
}
"""


READ_SECRET = """\
#!/bin/bash
show_db() {
  local pwd="$PWD"
  pwd="$(cat /run/secrets/db_pwd)"
  echo "db: $pwd"
}
"""


def test_a_variable_copying_the_working_folder_holds_a_path(tmp_path: Path) -> None:
    """A variable whose every value is a folder the shell keeps (`$PWD`, `$HOME`) or a command
    printing a path (`cygpath`) holds a path, whatever its name (`pwd`); one also read from a
    secret file prints the secret."""
    results, notes = engine_scan(tmp_path, {"lib/paths.bash": WORKING_FOLDER, "lib/db.bash": READ_SECRET},
                                 rules=frozenset({"DCR003"}))
    assert brief(results) == [("lib/db.bash", 5, 3, "DCR003")]
    assert notes == []


def test_a_variable_given_the_working_folder_by_backquotes_holds_a_path(lint: Any) -> None:
    """`` X_PWD=`pwd` `` is `$(pwd)` in the old spelling: a folder, whatever `pwd` in its name says;
    a script generating another that writes `X_PWD='$X_PWD'` gives it nothing new."""
    text = ("#!/bin/sh\nbuild_pwd=`pwd -P` && test -n \"$build_pwd\" || exit 1\n"
            "cat >>status.sh <<EOF\nbuild_pwd='$build_pwd'\nEOF\n"
            "printf '%s\\n' \"error: in $build_pwd\" >&2\n"
            "db_pwd=`cat /run/db-pass`\nprintf '%s\\n' \"$db_pwd\"\nmake all\n")
    run = lint.scan("configure.sh", text, "--fail-on", "never", "--select", "DCR003")
    assert run.starts() == [("DCR003", 8, 1)]


FILE_OR_VALUE = """\
#!/bin/bash
if [ -f "${KEYSTORE_PASSWORD}" ]; then
  echo "Reading the keystore password from ${KEYSTORE_PASSWORD}"
  KEYSTORE_PASSWORD="$(cat "${KEYSTORE_PASSWORD}")"
  echo "read: ${KEYSTORE_PASSWORD}"
fi
[[ -s $SIGNING_TOKEN ]] && echo "signing token file: $SIGNING_TOKEN"
if [ ! -f "${SIGNING_TOKEN}" ]; then echo "signing token: ${SIGNING_TOKEN}"; fi
if [ -r "$SIGNING_TOKEN" ]; then :; fi; echo "after the test: $SIGNING_TOKEN"
SIGNING_TOKEN="$(vault kv get -field=token ci/signing)"
"""


def test_a_secret_tested_as_a_file_is_its_path_in_that_branch(tmp_path: Path) -> None:
    """Where a test found the variable to name a file (the `then` branch or `&&` right of
    `[ -f "$X" ]`, `[[ -s $X ]]`) and the script has not set it again, it holds the path of the
    file the secret is read from. After the read, in a negated test's branch, and after the `if`,
    it holds what it may: the secret."""
    results, notes = engine_scan(tmp_path, {"bin/start.sh": FILE_OR_VALUE}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("bin/start.sh", 5, 3, "DCR003"), ("bin/start.sh", 8, 38, "DCR003"),
                              ("bin/start.sh", 9, 41, "DCR003")]
    assert notes == []
