"""A secret-named array's elements (`${TOKENS[0]}`, `${PASSWORDS[@]}`, `${X[*]}`) expand secrets
as the scalar `$TOKEN` does: printing one prints a secret (DCR003); on a command line they are
the same credential (DCR001, DCR012). Near misses: an array named for something else
(`${HOSTS[0]}`, `${SECRET_NAMES[@]}`, `${TOKEN_FILES[@]}`), a count or the keys of a secret array
(`${#TOKENS[@]}`, `${!TOKENS[@]}`), an element piped into a login or written to a file.
An element's subscript (`${names[$secret_key]}`) is not what is printed: the element is."""

from __future__ import annotations

from _helpers import found as _found


def test_printing_a_secret_arrays_element_prints_a_secret() -> None:
    text = """\
#!/bin/bash
TOKENS=("$(vault read -field=a secret/a)" "$(vault read -field=b secret/b)")
«echo "${TOKENS[0]}"»
«echo "${PASSWORDS[@]}"»
«printf '%s\\n' "${REGISTRY_PASSWORDS[*]}"»
«echo "first: ${TOKENS[$i]} done"»
echo "${HOSTS[0]}"
echo "${SECRET_NAMES[@]}"
echo "${TOKEN_FILES[@]}"
echo "${#TOKENS[@]} tokens loaded"
echo "${!PASSWORDS[@]}"
echo "${PASSWORDS[0]}" | docker login -u ci --password-stdin registry.example.com
printf '%s' "${TOKENS[1]}" > /tmp/token
"""
    found, spans = _found(text, "scripts/load.sh", "DCR003")
    assert found == spans


def test_a_secret_arrays_element_on_a_login_command_line() -> None:
    text = """\
#!/bin/bash
docker login -u ci -p "«${PASSWORDS[0]}»" registry.example.com
docker login -u ci --password-stdin registry.example.com <<< "${PASSWORDS[0]}"
"""
    found, spans = _found(text, "deploy.sh", "DCR001")
    assert found == spans


def test_a_secret_arrays_element_interpolated_by_groovy() -> None:
    text = """\
pipeline {
  agent any
  stages {
    stage('x') {
      steps {
        sh "curl -u ci:«${TOKENS[0]}» https://api.example.com"
        sh "curl -u ci:${HOSTS[0]} https://api.example.com"
      }
    }
  }
}
"""
    found, spans = _found(text, "Jenkinsfile", "DCR012")
    assert found == spans


def test_an_array_of_names_or_paths_is_no_secret() -> None:
    """Guard R52: an array whose elements are paths or names (a glob, literal data-file paths,
    `ls`/`find` output) holds names, as the scalar `TOKENS=$(ls ...)` does; an array of values
    read from a store is still printed."""
    for value in ("/var/run/tokens/*", "/run/t/a.jwt /run/t/b.jwt", "$(ls /var/run/tokens)",
                  '$(find /x -name "*.jwt")'):
        found, _ = _found(f'#!/bin/bash\nTOKENS=({value})\necho "found ${{TOKENS[@]}}"\n', "t.sh", "DCR003")
        assert found == [], value
    text = """\
#!/bin/bash
TOKENS=("$(vault read -field=a secret/a)" "$(vault read -field=b secret/b)")
«echo "found ${TOKENS[@]}"»
"""
    found, spans = _found(text, "real.sh", "DCR003")
    assert found == spans


def test_an_array_elements_subscript_is_not_what_is_printed() -> None:
    """`echo "${names[$secret_key]}"` prints the element the key selects (here a variable's
    name), not the key. The key printed itself, a secret in the default after an element, and a
    secret printed beside the element stay reported."""
    text = """\
#!/bin/bash
declare -A names
names["$secret_key"]="DB_PASSWORD"
echo "Environment variable ${names[$secret_key]} set."
echo "Loaded ${names[$api_token]}"
«echo "key: $secret_key"»
«echo "${names[$k]:-$db_password}"»
«echo "${names[$k]} $api_token"»
"""
    found, spans = _found(text, "scripts/load.sh", "DCR003")
    assert found == spans
