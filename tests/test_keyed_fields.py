"""The entry a user's key selects from a credentials map (Groovy's `creds['Username']`, the shell's
`${CREDS[username]}`) is the user name: printing or joining it shows no secret (DCR003, DCR012). The
entry of the secret (`creds['Secret']`, `${CREDS[password]}`) still does, and so does an entry of a
collection of secrets whatever its key (`${PASSWORDS[admin]}`, `tokens['deploy_user']`: the key says
whose). One reading for both dialects, `references.keyed_field`."""

from __future__ import annotations

from pathlib import Path

from _helpers import scan_as_written as scan
from conftest import brief

LIBRARY = """\
def call(Map cfg = [:]) {
    def pushCredentials = readJSON text: sh(returnStdout: true, script: 'helper-get')
    sh('echo "as ' + pushCredentials['Username'] + '"\\nregctl registry login -u ' + pushCredentials['Username']
       + ' -p ' + pushCredentials['Secret'] + ' reg.example.net')
    sh("echo \\"as ${pushCredentials['User']}\\"")
    sh("echo \\"key ${pushCredentials['Secret']}\\"")
}
"""


SCRIPT = """\
#!/bin/bash
declare -A PUSH_CREDENTIALS=([username]=ci [password]="$1")
echo "as ${PUSH_CREDENTIALS[username]}"
echo "as ${PUSH_CREDENTIALS['login']}"
echo "key ${PUSH_CREDENTIALS[password]}"
declare -A MIRROR_PASSWORDS=([root]="$2" [sync_user]="$3")
echo "root ${MIRROR_PASSWORDS[root]}"
echo "sync ${MIRROR_PASSWORDS[sync_user]}"
echo "as ${PUSH_CREDENTIALS['user']}"
"""


JENKINSFILE = """\
node {
  def mirrorTokens = readJSON text: env.MIRROR_TOKENS_JSON
  sh "echo ${mirrorTokens['deploy_user']}"
  sh "echo ${mirrorTokens['Username']}"
}
"""


def test_the_entry_a_user_key_selects_is_the_user_name(tmp_path: Path) -> None:
    files = {"vars/pushImage.groovy": LIBRARY, "bin/push.sh": SCRIPT, "Jenkinsfile": JENKINSFILE}
    results, _ = scan(tmp_path, files, rules=frozenset({"DCR003", "DCR012"}))
    assert brief(results) == [("Jenkinsfile", 3, 7, "DCR003"), ("Jenkinsfile", 3, 12, "DCR012"),
                              ("bin/push.sh", 5, 1, "DCR003"),
                              ("bin/push.sh", 7, 1, "DCR003"), ("bin/push.sh", 8, 1, "DCR003"),
                              ("vars/pushImage.groovy", 4, 19, "DCR012"),
                              ("vars/pushImage.groovy", 6, 9, "DCR003"),
                              ("vars/pushImage.groovy", 6, 20, "DCR012")]
