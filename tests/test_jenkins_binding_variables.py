"""A `withCredentials` given variables (`withCredentials(regCreds)`, `withCredentials([hookCred,
string(...)])`) binds what the file gives those variables (a list of bindings, one binding, a
`$class` map): a bound variable interpolated by Groovy is a credential whatever its name
(DCR012), its user name is not; a variable the file never gives a value binds nothing known."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from conftest import brief, engine_scan

scan = partial(engine_scan, dedent=False)

BOUND_BY_VARIABLES = '''\
def regCreds = [
    usernamePassword(
        credentialsId: "bot_registry",
        passwordVariable: 'REG_VALUE',
        usernameVariable: 'REG_ACCOUNT')];
def hookCred = string(credentialsId: 'deploy_hook', variable: 'HOOK_VALUE')
def mapCred = [$class: 'StringBinding', credentialsId: 'map_id', variable: 'MAP_VALUE']

node('builder') {
    withCredentials(regCreds) {
        sh "echo ${REG_VALUE} > .pw"
        sh "echo ${REG_ACCOUNT} > .user"
    }
    withCredentials([hookCred, mapCred, string(credentialsId: 'x', variable: 'INLINE_VALUE')]) {
        sh "curl -d ${HOOK_VALUE} -d ${MAP_VALUE} -d ${INLINE_VALUE} https://hooks.example.test"
    }
    withCredentials(otherCreds) {
        sh "echo ${OTHER_VALUE}"
    }
}
'''


def test_bindings_given_as_variables(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"Jenkinsfile": BOUND_BY_VARIABLES}, rules=frozenset({"DCR012"}))
    assert brief(results) == [("Jenkinsfile", 11, 18, "DCR012"), ("Jenkinsfile", 15, 21, "DCR012"),
                              ("Jenkinsfile", 15, 38, "DCR012"), ("Jenkinsfile", 15, 54, "DCR012")]
