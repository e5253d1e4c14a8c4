"""Jenkinsfile rules: DCR010 (environment literals), DCR012 (Groovy interpolation of
credentials into shell steps, with its fix) and DCR002 (docker.withRegistry URLs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import engine_scan

from dcrlint.findings import Result
from dcrlint.rulesmeta import load_yaml, parse_rule

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
ALL = frozenset({"DCR001", "DCR002", "DCR003", "DCR010", "DCR012", "DCR050"})
SECRET = "Zq7-hunter2-Lk9"


def scan(tmp_path: Path, text: str, rules: frozenset[str] = ALL, name: str = "Jenkinsfile") -> list[Result]:
    results: list[Result] = engine_scan(tmp_path, {name: text}, [name], rules=rules, dedent=False)[0]
    return results


def where(results: list[Result], rule: str | None = None) -> list[tuple[str, int, int]]:
    return [(r.rule_id, r.start.line, r.start.column) for r in results if rule is None or r.rule_id == rule]


def apply_fix(text: str, result: Result) -> str:
    assert result.fix is not None
    for e in sorted(result.fix.edits, key=lambda e: e.span.start, reverse=True):
        text = text[: e.span.start] + e.text + text[e.span.end :]
    return text


def no_secret_in_messages(results: list[Result]) -> None:
    for r in results:
        assert SECRET not in r.message


# --- DCR012 -------------------------------------------------------------------------------

DECLARATIVE_ENV = """\
pipeline {
    agent any
    environment {
        DCR = credentials('dcr-login')
    }
    stages {
        stage('Push') {
            steps {
                sh "echo $DCR_PSW | docker login dcr.example.com -u $DCR_USR --password-stdin"
                sh 'echo $DCR_PSW | docker login dcr.example.com -u $DCR_USR --password-stdin'
                sh "curl -u ${env.DCR} https://dcr.example.com/v2/"
            }
        }
    }
}
"""


def test_environment_credentials_psw_in_gstring(tmp_path: Path) -> None:
    res = scan(tmp_path, DECLARATIVE_ENV)
    # X_PSW is a password; X_USR is a username (not named like a secret); X itself is user:pass.
    assert where(res, "DCR012") == [("DCR012", 9, 26), ("DCR012", 11, 29)]
    assert "DCR_PSW" in res[0].message and "dcr-login" in res[0].message


NESTED = """\
pipeline {
  agent any
  stages {
    stage('Deploy') {
      steps {
        withCredentials([usernamePassword(credentialsId: 'git', usernameVariable: 'GIT_USER',
                                          passwordVariable: 'GIT_PASS')]) {
          sh "git push https://${GIT_USER}:${GIT_PASS}@git.example.com/repo.git"
          withCredentials([string(credentialsId: 'tok', variable: 'DEPLOY')]) {
            sh "deploy --token=$DEPLOY --password=${GIT_PASS}"
          }
          sh "echo $DEPLOY"
        }
        sh "echo ${GIT_PASS}"
      }
    }
  }
}
"""


def test_nested_with_credentials(tmp_path: Path) -> None:
    res = scan(tmp_path, NESTED, frozenset({"DCR012"}))
    assert where(res) == [
        ("DCR012", 8, 44),  # GIT_PASS (GIT_USER is a username: not reported)
        ("DCR012", 10, 32),  # DEPLOY, bound by the inner withCredentials
        ("DCR012", 10, 51),  # GIT_PASS from the outer one
        ("DCR012", 14, 18),  # GIT_PASS outside its block: still named like a secret
    ]
    # $DEPLOY on line 12 is out of the inner block's scope and not named like a secret.


SCRIPTED = """\
node('linux') {
    stage('Build') {
        checkout scm
    }
    stage('Push') {
        withCredentials([[$class: 'UsernamePasswordMultiBinding', credentialsId: 'reg',
                          usernameVariable: 'U', passwordVariable: 'P']]) {
            sh "docker login -u $U -p $P registry.example.com"
            bat "docker login -u %U% -p ${P} registry.example.com"
            powershell("docker login -u $U -p $P registry.example.com")
        }
    }
}
"""


def test_scripted_pipeline(tmp_path: Path) -> None:
    res = scan(tmp_path, SCRIPTED, frozenset({"DCR012"}))
    assert where(res) == [("DCR012", 8, 39), ("DCR012", 9, 41), ("DCR012", 10, 47)]


TRIPLE = """\
pipeline {
    agent any
    stages {
        stage('Release') {
            steps {
                withCredentials([string(credentialsId: 'npm', variable: 'NPM_TOKEN')]) {
                    sh \"\"\"
                        set -e
                        echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc
                        npm publish --tag ${BRANCH_NAME}
                    \"\"\"
                    sh '''
                        echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc
                    '''
                }
            }
        }
    }
}
"""


def test_triple_quoted_strings(tmp_path: Path) -> None:
    res = scan(tmp_path, TRIPLE, frozenset({"DCR012"}))
    assert where(res) == [("DCR012", 9, 64)]  # ''' does not interpolate


GUIDANCE = """\
pipeline {
    agent any
    stages {
        stage('Login') {
            steps {
                withCredentials([usernamePassword(credentialsId: 'dcr', usernameVariable: 'DCR_USER',
                                                  passwordVariable: 'DCR_PASSWORD')]) {
                    sh 'echo $DCR_PASSWORD | docker login dcr.example.com -u $DCR_USER --password-stdin'
                }
            }
        }
    }
}
"""


def test_registry_guidance_example_is_clean(tmp_path: Path) -> None:
    assert scan(tmp_path, GUIDANCE) == []


def test_not_credentials(tmp_path: Path) -> None:
    text = """\
node {
    def tokenCount = 3
    withCredentials([sshUserPrivateKey(credentialsId: 'ssh', keyFileVariable: 'KEYFILE',
                                       usernameVariable: 'SSH_USER')]) {
        sh "ls -la ${pwd()}/out ${env.BUILD_TAG} $BUILD_NUMBER"
        sh "scp -i $KEYFILE -o User=$SSH_USER app host:"
        sh "curl ${env.TOKEN_URL}"
    }
}
"""
    assert where(scan(tmp_path, text, frozenset({"DCR012"}))) == []


def test_secret_named_and_username_roles(tmp_path: Path) -> None:
    text = """\
node {
    def apiToken = readFile('token.txt').trim()
    withCredentials([usernamePassword(credentialsId: 'a', usernameVariable: 'REGISTRY_AUTH',
                                      passwordVariable: 'PW')]) {
        sh "curl -H 'X: ${apiToken}' -u ${REGISTRY_AUTH}:${PW} https://example.com"
        sh 'curl -u admin:' + PW + ' https://example.com'
    }
}
"""
    res = scan(tmp_path, text, frozenset({"DCR012"}))
    assert where(res) == [
        ("DCR012", 5, 25),  # a Groovy local named like a secret
        # (not 5:41: a username variable holds the user name, whatever its name: test_dcr012_binding_roles)
        ("DCR012", 5, 58),  # the password
        ("DCR012", 6, 31),  # joined with `+`
    ]
    # A Groovy local is not in the shell's environment, and `+` has no quotes to change.
    assert res[0].fix is None and res[2].fix is None


def test_what_the_interpolation_yields_decides(tmp_path: Path) -> None:
    """A field read from a secret-named object is judged by the whole chain (`regSecret.username`
    is a user name, `regSecret.token` the token), and a name ending in `Variable` holds the name
    of a shell variable (`\\${${tokenVariable}}` asks the shell to expand it), not the secret."""
    text = """\
node {
    def regSecret = readJSON(file: 'reg.json')
    def tokenVariable = 'REG_TOKEN'
    sh "echo ${regSecret.registry} ${regSecret.username} > who.txt"
    sh "echo ${regSecret.token} | base64 -d > t.txt"
    sh "printf '%s' \\${${tokenVariable}} > t2.txt"
    sh "echo ${regSecret?.data.password} ${regSecret.value.trim()}"
}
"""
    assert where(scan(tmp_path, text, frozenset({"DCR012"}))) == [
        ("DCR012", 5, 14), ("DCR012", 7, 14), ("DCR012", 7, 42)]


# --- DCR012 fixes --------------------------------------------------------------------------


def fix_and_rescan(tmp_path: Path, text: str, line: int) -> str:
    res = [r for r in scan(tmp_path, text, frozenset({"DCR012"})) if r.start.line == line]
    assert res and res[0].fix is not None
    fixed = apply_fix(text, res[0])
    again = scan(tmp_path, fixed, frozenset({"DCR012"}))
    assert [r for r in again if r.start.line == line] == []
    # Idempotent: nothing left to fix on that line.
    return fixed.splitlines()[line - 1].strip()


def test_fix_switches_to_single_quotes(tmp_path: Path) -> None:
    assert fix_and_rescan(tmp_path, DECLARATIVE_ENV, 11) == "sh 'curl -u ${DCR} https://dcr.example.com/v2/'"


def test_fix_single_quotes_for_every_credential(tmp_path: Path) -> None:
    text = """\
node {
    withCredentials([usernamePassword(credentialsId: 'g', usernameVariable: 'U', passwordVariable: 'P')]) {
        sh "git push https://$U:$P@git.example.com/r.git"
        sh "git push https://${P}@git.example.com/${JOB_NAME}.git"
    }
}
"""
    # $U is a username: not reported, but the shell has it too, so the quotes can change.
    assert fix_and_rescan(tmp_path, text, 3) == "sh 'git push https://$U:$P@git.example.com/r.git'"
    # JOB_NAME is a Groovy value here: keep the double quotes and escape the credential.
    assert fix_and_rescan(tmp_path, text, 4) == 'sh "git push https://\\${P}@git.example.com/${JOB_NAME}.git"'


def test_fix_environment_credentials(tmp_path: Path) -> None:
    assert fix_and_rescan(tmp_path, DECLARATIVE_ENV, 9) == (
        "sh 'echo $DCR_PSW | docker login dcr.example.com -u $DCR_USR --password-stdin'"
    )


def test_fix_triple_quoted(tmp_path: Path) -> None:
    fixed_line = fix_and_rescan(tmp_path, TRIPLE, 9)
    assert fixed_line == 'echo "//registry.npmjs.org/:_authToken=\\${NPM_TOKEN}" > .npmrc'
    text = TRIPLE.replace("npm publish --tag ${BRANCH_NAME}", "npm publish")
    res = [r for r in scan(tmp_path, text, frozenset({"DCR012"}))]
    assert where(res) == [("DCR012", 9, 64)]
    fixed = apply_fix(text, res[0])
    assert "sh '''\n" in fixed and "_authToken=${NPM_TOKEN}\" > .npmrc\n                        npm publish\n" \
        "                    '''\n                    sh '''" in fixed
    assert scan(tmp_path, fixed, frozenset({"DCR012"})) == []


def test_fix_keeps_double_quotes_around_an_apostrophe(tmp_path: Path) -> None:
    text = """\
node {
    withCredentials([string(credentialsId: 't', variable: 'T')]) {
        sh "echo 'start' && curl -H \\"Authorization: Bearer ${env.T}\\" https://x.example.com"
    }
}
"""
    assert fix_and_rescan(tmp_path, text, 3) == (
        'sh "echo \'start\' && curl -H \\"Authorization: Bearer \\${T}\\" https://x.example.com"'
    )


def test_fix_escaped_dollar_blocks_requoting(tmp_path: Path) -> None:
    text = """\
node {
    withCredentials([string(credentialsId: 't', variable: 'T')]) {
        sh "echo \\$HOME $T"
    }
}
"""
    assert fix_and_rescan(tmp_path, text, 3) == 'sh "echo \\$HOME \\$T"'


def test_fix_bat_and_powershell(tmp_path: Path) -> None:
    assert fix_and_rescan(tmp_path, SCRIPTED, 8) == "sh 'docker login -u $U -p $P registry.example.com'"
    assert fix_and_rescan(tmp_path, SCRIPTED, 9) == "bat 'docker login -u %U% -p %P% registry.example.com'"
    assert fix_and_rescan(tmp_path, SCRIPTED, 10) == (
        "powershell('docker login -u $env:U -p $env:P registry.example.com')"
    )
    text = SCRIPTED.replace("-u $U -p $P registry", "-u $U -p $P ${REGISTRY}")
    assert fix_and_rescan(tmp_path, text, 10) == 'powershell("docker login -u $U -p \\$env:P ${REGISTRY}.example.com")'


# --- DCR010 -------------------------------------------------------------------------------


ENV_LITERALS = f"""\
pipeline {{
    agent any
    environment {{
        API_TOKEN = '{SECRET}'
        DB_PASSWORD = "{SECRET}"
        REGISTRY_PASSWORD = credentials('reg')
        GIT_TOKEN = "${{params.GIT_TOKEN}}"
        SECRET_KEY = 'changeme'
        TOKEN_URL = 'https://auth.example.com/token'
        BUILD_MODE = 'release'
    }}
    stages {{
        stage('A') {{
            environment {{
                NPM_AUTH = 'npm-{SECRET}'
            }}
            steps {{ sh 'make' }}
        }}
    }}
}}
"""


def test_environment_literals(tmp_path: Path) -> None:
    res = scan(tmp_path, ENV_LITERALS)
    assert where(res) == [("DCR010", 4, 22), ("DCR010", 5, 24), ("DCR010", 15, 29)]
    assert "API_TOKEN" in res[0].message and "NPM_AUTH" in res[2].message
    no_secret_in_messages(res)
    assert res[0].end.column - res[0].start.column == len(SECRET)


# --- DCR002 -------------------------------------------------------------------------------


def test_environment_values_handed_on_as_credential_ids(tmp_path: Path) -> None:
    """A variable the file passes as a credential id (`credentialsId: "${X}"`, `env.X`, `X`,
    `credentials(X)`) holds the id of a stored credential, not the secret; one only named like
    them, or handed on in single quotes (no interpolation), is still a literal."""
    text = """\
pipeline {
  agent any
  environment {
    GIT_CREDENTIALS = "3b0c5e9a-7d41-4c2e-9f63-1a8e2d7c5b40"
    DEPLOY_CREDENTIALS = 'deploy-robot'
    UPLOAD_TOKEN = 'upload-robot'
    PUSH_CREDENTIALS = 'Zq7-hunter2-Lk9'
    MIRROR_SECRET = 'Kq2vN8sLw4Tz'
    NOTES_TOKEN = 'Wd4mR9xQ2pLs'
    MIRROR = credentials(MIRROR_SECRET)
  }
  stages {
    stage('b') {
      steps {
        checkout([$class: 'GitSCM', userRemoteConfigs: [[credentialsId: "${GIT_CREDENTIALS}", url: 'u']]])
        git(url: 'u', credentialsId: env.DEPLOY_CREDENTIALS)
        withCredentials([string(credentialsId: UPLOAD_TOKEN, variable: 'T')]) { sh 'make' }
        git(url: 'u', credentialsId: '${NOTES_TOKEN}')
        // credentialsId: PUSH_CREDENTIALS
      }
    }
  }
}
"""
    assert where(scan(tmp_path, text, frozenset({"DCR010"}))) == [
        ("DCR010", 7, 25), ("DCR010", 9, 20)]


def test_with_registry_url_password(tmp_path: Path) -> None:
    text = f"""\
node {{
    docker.withRegistry('https://ci:{SECRET}@dcr.example.com', 'dcr-creds') {{
        docker.image('app').push()
    }}
    docker.withRegistry("https://${{U}}:${{P}}@dcr.example.com") {{ }}
    docker.withRegistry('https://dcr.example.com', 'dcr-creds') {{ }}
    withDockerRegistry(url: 'https://ci:{SECRET}x@dcr2.example.com') {{ }}
}}
"""
    res = scan(tmp_path, text)
    # DCR050 also sees the URLs; one finding per secret keeps DCR002.
    assert where(res) == [("DCR002", 2, 37), ("DCR002", 7, 41)]
    no_secret_in_messages(res)
    assert "dcr.example.com" in res[0].message


# --- rule metadata --------------------------------------------------------------------------


@pytest.mark.parametrize("index", [0, 1])
def test_rule_examples(tmp_path: Path, index: int) -> None:
    rule = parse_rule(load_yaml(RULES_DIR / "DCR012.yaml"), RULES_DIR / "DCR012.yaml")
    assert rule.fixable and len(rule.examples) == 2
    ex = rule.examples[index]
    assert ex.context == "jenkins"
    assert "DCR012" in {r.rule_id for r in scan(tmp_path, ex.bad)}
    assert "DCR012" not in {r.rule_id for r in scan(tmp_path, ex.good)}
