"""Findings on words spelled so that a plain substring search of the file misses them: YAML
double-quoted escapes (`\\x6c`, `\\u006c`, `\\U0000006c`, an escaped line break), JSON string
escapes, Groovy `\\u006c`, shell quotes inside a word (`do''cker`, `--pass"word"`), `$'\\x64'`,
Dockerfile line continuations, case the detector ignores, folded and flow-style YAML, JSON-style
YAML. Each case pins what dcrlint reports today (every rule, exact spans), so a whole-text
prefilter, an early exit or a cache replay that loses one of these fails here.

Spellings that no check finds yet (backslash-newline inside a shell word, an escaped URL,
`${{ SECRETS.X }}`, a JSON docker config with escaped keys) are not pinned here."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import Lint, Where

# The engine asks the gates of every kind here (a run: engine.GATED_KINDS; conftest `gating`).
pytestmark = pytest.mark.usefixtures("gating")

WF = ".github/workflows/ci.yml"
PW = "Hunter2pass"  # made up
TOKEN = "ghp_Dcr4q8Zt3v9LkP2mW7xR4nB6yH1cF5gJ0sDaQw"  # shaped like a GitHub token, not one
NOW = ("--now", "2026-06-01")
PRIVATE_R = {".dcrlint.yaml": "registries:\n  private: ['^r\\.example\\.com/']\n"}
LOGIN = 'printf %s "$REG_PASSWORD" | docker login -u ci --password-stdin r.example.com'


def _jwt(claims: dict[str, object]) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.Qm9n5vK2xP8wL3rT7yZ1aB4cD6eF0gH2jK4mN6pR8sU"


def _x(text: str, at: int) -> str:
    """`text` with its character at `at` written as a YAML `\\xNN` escape."""
    return f"{text[:at]}\\x{ord(text[at]):02x}{text[at + 1:]}"


EXPIRED = _jwt({"sub": "ci", "exp": 1609459200})  # 2021-01-01
AUTH = base64.b64encode(b"ci:Wm5-quartz-81-Zt").decode()
DOCKERCONFIGJSON = base64.b64encode(json.dumps({"auths": {"r.example.com": {"auth": AUTH}}}).encode()).decode()


def _workflow(steps: str, runs_on: str = "ubuntu-latest") -> str:
    return f"on: push\njobs:\n  a:\n    runs-on: {runs_on}\n    steps:\n{steps}"


def _deployment(image: str, kind: str = "Deployment", pod: str = "", env: str = "") -> str:
    return (f"apiVersion: apps/v1\nkind: {kind}\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
            f"{pod}      containers:\n        - name: web\n          image: {image}\n{env}")


def _jenkins_env(line: str) -> str:
    return (f"pipeline {{\n  agent any\n  environment {{\n    {line}\n  }}\n"
            "  stages { stage(\"a\") { steps { sh \"make\" } } }\n}\n")


PULL_SECRET = {"secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: web-pull}\n"
                              "type: kubernetes.io/dockerconfigjson\nstringData:\n"
                              "  .dockerconfigjson: '{\"auths\": {\"r.example.com\": {\"auth\": \"${AUTH}\"}}}'\n"}
ANNOTATED = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: c\n  annotations:\n    {key}: '2024-01-01'\n"
             "type: Opaque\ndata:\n  token: WnE4LWxlbW9uLTQ0LVJ3\n")


@dataclass(frozen=True)
class Spelling:
    name: str
    path: str
    text: str
    found: list[Where]  # every finding of the scan, sorted
    files: dict[str, str] = field(default_factory=dict)
    args: tuple[str, ...] = ()


def _login(rule_pair_at: tuple[int, int, int]) -> list[Where]:
    line, start, end = rule_pair_at
    return [("DCR001", line, start, line, end), ("DCR002", line, start, line, end)]


CASES = [
    # --- DCR001/DCR002: the login words and the password option, spelled around a substring search
    Spelling("shell do''cker", "a.sh", f"do''cker login -u ci -p {PW} r.example.com\n", _login((1, 25, 36))),
    Spelling("shell $'\\x64'ocker", "a.sh", f"$'\\x64'ocker login -u ci -p {PW} r.example.com\n", _login((1, 29, 40))),
    Spelling("shell quoted -p", "a.sh", f'docker login -u ci "-p" {PW} r.example.com\n', _login((1, 25, 36))),
    Spelling("shell --pass\"word\"=", "a.sh", f'docker login -u ci --pass"word"={PW} r.example.com\n', _login((1, 33, 44))),
    Spelling("shell sudo env podman", "a.sh", f"sudo env A=1 podman login -u ci -p {PW} r.example.com\n", _login((1, 36, 47))),
    Spelling("workflow \\x6c", WF, _workflow(f'      - run: "docker \\x6cogin -u ci -p {PW} r.example.com"\n'),
             _login((6, 40, 51))),
    Spelling("workflow \\u006c", WF, _workflow(f'      - run: "docker \\u006cogin -u ci -p {PW} r.example.com"\n'),
             _login((6, 42, 53))),
    Spelling("workflow \\U0000006c", WF,
             _workflow(f'      - run: "docker \\U0000006cogin -u ci -p {PW} r.example.com"\n'), _login((6, 46, 57))),
    Spelling("workflow escaped line break in a word", WF,
             _workflow(f'      - run: "docker lo\\\n          gin -u ci -p {PW} r.example.com"\n'), _login((7, 24, 35))),
    Spelling("workflow folded", WF, _workflow(f"      - run: >-\n          docker login\n          -u ci -p {PW}\n"
                                              "          r.example.com\n"), _login((8, 20, 31))),
    Spelling("workflow flow mapping", WF,
             _workflow(f'      - {{name: x, run: "docker login -u ci -p {PW} r.example.com"}}\n'), _login((6, 47, 58))),
    Spelling("workflow JSON with \\u006c", WF,
             json.dumps({"on": "push", "jobs": {"a": {"runs-on": "ubuntu-latest", "steps": [
                 {"run": f"docker login -u ci -p {PW} r.example.com"}]}}}).replace("login", "\\u006cogin"),
             _login((1, 105, 116))),
    Spelling("workflow key r\\x75n", WF, _workflow(f'      - "r\\x75n": docker login -u ci -p {PW} r.example.com\n'),
             _login((6, 41, 52))),
    Spelling("gitlab \\x6c", ".gitlab-ci.yml",
             f'build:\n  script:\n    - "docker \\x6cogin -u ci -p {PW} r.example.com"\n', _login((3, 33, 44))),
    Spelling("gitlab key scr\\x69pt", ".gitlab-ci.yml",
             f'build:\n  "scr\\x69pt":\n    - docker login -u ci -p {PW} r.example.com\n', _login((3, 29, 40))),
    Spelling("azure \\x6c", "azure-pipelines.yml",
             f'steps:\n  - script: "docker \\x6cogin -u ci -p {PW} r.example.com"\n', _login((2, 39, 50))),
    Spelling("jenkins \"...\" \\u006c", "Jenkinsfile",
             f'pipeline {{\n  agent any\n  stages {{\n    stage("a") {{\n      steps {{\n'
             f'        sh "docker \\u006cogin -u ci -p {PW} r.example.com"\n      }}\n    }}\n  }}\n}}\n',
             _login((6, 40, 51))),
    Spelling("jenkins '...' \\u006c", "Jenkinsfile", f"node {{\n  sh 'docker \\u006cogin -u ci -p {PW} r.example.com'\n}}\n",
             _login((2, 34, 45))),
    Spelling("jenkins '''...''' \\u006c", "Jenkinsfile",
             f"node {{\n  sh '''\n    docker \\u006cogin -u ci -p {PW} r.example.com\n  '''\n}}\n", _login((3, 32, 43))),
    Spelling("dockerfile continuation in a word", "Dockerfile",
             f"FROM alpine\nRUN docker lo\\\ngin -u ci -p {PW} r.example.com\n", _login((3, 14, 25))),
    Spelling("dockerfile exec form \\u006c", "Dockerfile",
             f'FROM alpine\nRUN ["docker", "\\u006cogin", "-u", "ci", "-p", "{PW}", "r.example.com"]\n', _login((2, 49, 60))),
    Spelling("pod command \\x6c", "pod.yaml",
             "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: alpine\n"
             f'      command: ["sh", "-c", "docker \\x6cogin -u ci -p {PW} r.example.com"]\n', _login((8, 55, 66))),
    # found since 08a7385 (shell prefilters read words as the shell does)
    Spelling("shell lo\"gin\"", "a.sh", f'docker lo"gin" -u ci -p {PW} r.example.com\n', _login((1, 25, 36))),
    Spelling("shell lo'gin'", "a.sh", f"docker lo'gin' -u ci -p {PW} r.example.com\n", _login((1, 25, 36))),
    Spelling("shell $'\\x6cogin'", "a.sh", f"docker $'\\x6cogin' -u ci -p {PW} r.example.com\n", _login((1, 29, 40))),
    Spelling("stdin into lo\"gin\"", "a.sh", f'echo {PW} | docker lo"gin" -u ci --password-stdin r.example.com\n',
             [("DCR002", 1, 6, 1, 17)]),
    Spelling("bash -c lo\"gin\"", "a.sh", f"bash -c 'docker lo\"gin\" -u ci -p {PW} r.example.com'\n", _login((1, 34, 45))),
    Spelling("jenkins '...' lo\"gin\"", "Jenkinsfile", f"node {{\n  sh 'docker lo\"gin\" -u ci -p {PW} r.example.com'\n}}\n",
             _login((2, 31, 42))),
    Spelling("makefile $$'\\x6cogin'", "Makefile", f"push:\n\tdocker $$'\\x6cogin' -u ci -p {PW} r.example.com\n",
             _login((2, 31, 42))),
    Spelling("ec\"ho\"", "a.sh", 'ec"ho" "$REGISTRY_PASSWORD"\n', [("DCR003", 1, 1, 1, 28)]),
    Spelling("$'\\x65'cho", "a.sh", "$'\\x65'cho \"$REGISTRY_PASSWORD\"\n", [("DCR003", 1, 1, 1, 32)]),
    Spelling("cat con\"fig\".json", "a.sh", 'cat ~/.docker/con"fig".json\n', [("DCR003", 1, 1, 1, 28)]),
    # --- DCR003: echo of a secret, cat of a docker config, xtrace
    Spelling("echo \\x65", WF, _workflow('      - run: "\\x65cho $REGISTRY_PASSWORD"\n'), [("DCR003", 6, 15, 6, 41)]),
    Spelling("echo name \\x53", WF, _workflow('      - run: "echo $REGISTRY_PA\\x53SWORD"\n'), [("DCR003", 6, 15, 6, 41)]),
    Spelling("cat \\x63onfig.json", WF, _workflow('      - run: "cat ~/.docker/\\x63onfig.json"\n'),
             [("DCR003", 6, 15, 6, 43)]),
    Spelling("set -o \"xtrace\"", "a.sh", f'set -o "xtrace"\n{LOGIN}\n', [("DCR003", 1, 1, 1, 16)]),
    Spelling("set -eux", "a.sh", f"set -eux\n{LOGIN}\n", [("DCR003", 1, 1, 1, 9)]),
    Spelling("set \\x2dx", WF, _workflow(f'      - run: "set \\x2dx\\n{LOGIN.replace(chr(34), chr(92) + chr(34))}"\n'),
             [("DCR003", 6, 15, 6, 24)]),
    # --- DCR010: secret-named CI variables (names in any case)
    Spelling("env lower case", WF, _workflow("      - run: make\n        env:\n          api_token: Zq8-lemon-44-Rw\n"),
             [("DCR010", 8, 22, 8, 37)]),
    Spelling("env mixed case", WF,
             _workflow("      - run: make\n        env:\n          Registry_Password: Zq8-lemon-44-Rw\n"),
             [("DCR010", 8, 30, 8, 45)]),
    Spelling("env key \\x54", WF, _workflow('      - run: make\n        env:\n          "API_\\x54OKEN": Zq8-lemon-44-Rw\n'),
             [("DCR010", 8, 27, 8, 42)]),
    Spelling("env flow mapping", WF, _workflow('      - {run: make, env: {API_TOKEN: "Zq8-lemon-44-Rw"}}\n'),
             [("DCR010", 6, 39, 6, 54)]),
    Spelling("env folded value", WF,
             _workflow("      - run: make\n        env:\n          API_TOKEN: >-\n            Zq8-lemon-44-Rw\n"),
             [("DCR010", 9, 13, 9, 28)]),
    Spelling("gitlab variable key \\x54", ".gitlab-ci.yml",
             'variables:\n  "DEPLOY_\\x54OKEN": Zq8-lemon-44-Rw\nbuild:\n  script: [make]\n', [("DCR010", 2, 22, 2, 37)]),
    Spelling("gitlab value: escaped", ".gitlab-ci.yml",
             'variables:\n  deploy_token:\n    value: "Zq8-lemon-\\x344-Rw"\nbuild:\n  script: [make]\n',
             [("DCR010", 3, 13, 3, 31)]),
    Spelling("jenkins environment lower case", "Jenkinsfile", _jenkins_env('api_token = "Zq8-lemon-44-Rw"'),
             [("DCR010", 4, 18, 4, 33)]),
    # --- DCR011: secret expressions in script text
    Spelling("expression without spaces", WF,
             _workflow("      - run: curl -H X:${{secrets.API_TOKEN}} https://e.example.com\n"), [("DCR011", 6, 24, 6, 46)]),
    Spelling("expression index", WF,
             _workflow("      - run: curl -H X:${{ secrets['API_TOKEN'] }} https://e.example.com\n"),
             [("DCR011", 6, 24, 6, 51)]),
    Spelling("expression \\x24", WF,
             _workflow('      - run: "curl -H X:\\x24{{ secrets.API_TOKEN }} https://e.example.com"\n'),
             [("DCR011", 6, 25, 6, 52)]),
    Spelling("expression secr\\x65ts", WF,
             _workflow('      - run: "curl -H X:${{ secr\\x65ts.API_TOKEN }} https://e.example.com"\n'),
             [("DCR011", 6, 25, 6, 52)]),
    Spelling("azure macro \\x54", "azure-pipelines.yml",
             'steps:\n  - script: "curl -H X:$(API_\\x54OKEN) https://e.example.com"\n', [("DCR011", 2, 24, 2, 39)]),
    # --- DCR013: secrets: inherit, toJSON(secrets)
    Spelling("inherit escaped key and value", WF,
             'on: push\njobs:\n  a:\n    uses: o/r/.github/workflows/x.yml@v1\n    "secr\\x65ts": "inh\\x65rit"\n',
             [("DCR013", 5, 5, 5, 31)]),
    Spelling("inherit flow mapping", WF,
             "on: push\njobs:\n  a: {uses: o/r/.github/workflows/x.yml@v1, secrets: inherit}\n", [("DCR013", 3, 45, 3, 61)]),
    Spelling("inherit JSON \\u0069", WF,
             '{"on": "push", "jobs": {"a": {"uses": "o/r/.github/workflows/x.yml@v1", "secrets": "\\u0069nherit"}}}\n',
             [("DCR013", 1, 73, 1, 98)]),
    Spelling("TOJSON(SECRETS)", WF, _workflow("      - run: make\n        env:\n          ALL: ${{ TOJSON(SECRETS) }}\n"),
             [("DCR013", 8, 16, 8, 38)]),
    Spelling("to\\x4aSON(secrets)", WF, _workflow('      - run: make\n        env:\n          ALL: "${{ to\\x4aSON(secrets) }}"\n'),
             [("DCR013", 8, 17, 8, 42)]),
    Spelling("toJson( secrets )", WF, _workflow("      - run: make\n        env:\n          ALL: ${{ toJson( secrets ) }}\n"),
             [("DCR013", 8, 16, 8, 40)]),
    # --- DCR014: logins on runners that keep state
    Spelling("self-\\x68osted", WF, _workflow(f"      - run: {LOGIN}\n", '"self-\\x68osted"'), [("DCR014", 6, 42, 6, 54)]),
    Spelling("Self-Hosted", WF, _workflow(f"      - run: {LOGIN}\n", "Self-Hosted"), [("DCR014", 6, 42, 6, 54)]),
    Spelling("self-hosted list, \\x6cogin", WF,
             _workflow('      - run: "docker \\x6cogin -u ci --password-stdin r.example.com < pw"\n', "[self-hosted, linux]"),
             [("DCR014", 6, 15, 6, 30)]),
    Spelling("login action and logout escaped", WF,
             _workflow('      - uses: "docker/\\x6cogin-action@v3"\n        with:\n          registry: r.example.com\n'
                       "          username: ci\n          password: ${{ secrets.P }}\n          logout: \"f\\x61lse\"\n"),
             [("DCR014", 6, 15, 6, 42)]),
    # --- DCR020/DCR021: pods and pull secrets
    Spelling("kind Dep\\x6coyment", "dep.yaml", _deployment("r.example.com/team/web:1", kind='"Dep\\x6coyment"'),
             [("DCR020", 10, 18, 10, 42)], PRIVATE_R),
    Spelling("image r.ex\\x61mple.com", "dep.yaml", _deployment('"r.ex\\x61mple.com/team/web:1"'),
             [("DCR020", 10, 19, 10, 46)], PRIVATE_R),
    Spelling("deployment in flow style", "dep.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
             "spec: {template: {spec: {containers: [{name: web, image: r.example.com/team/web:1}]}}}\n",
             [("DCR020", 4, 58, 4, 82)], PRIVATE_R),
    Spelling("evidence: other pods' image\\x50ullSecrets", "dep.yaml", _deployment("r.example.com/team/web:1"),
             [("DCR020", 10, 18, 10, 42)],
             {"dep2.yaml": _deployment("r.example.com/team/api:1", pod='      "image\\x50ullSecrets": [{name: regcred}]\n')}),
    Spelling("image\\x50ullSecrets", "dep.yaml",
             _deployment("alpine", pod='      "image\\x50ullSecrets": [{name: regcred}]\n'), [("DCR021", 8, 38, 8, 45)],
             PULL_SECRET),
    Spelling("pull secret name reg\\x63red", "dep.yaml",
             _deployment("alpine", pod='      imagePullSecrets: [{name: "reg\\x63red"}]\n'), [("DCR021", 8, 34, 8, 44)],
             PULL_SECRET),
    Spelling("kind Secr\\x65t", "dep.yaml", _deployment("alpine", pod="      imagePullSecrets: [{name: regcred}]\n"),
             [("DCR021", 8, 33, 8, 40)],
             {"secret.yaml": PULL_SECRET["secret.yaml"].replace("kind: Secret", 'kind: "Secr\\x65t"')}),
    # --- DCR022/DCR023: secrets in manifests
    Spelling("type docker\\x63onfigjson", "s.yaml",
             'apiVersion: v1\nkind: Secret\nmetadata: {name: regcred}\ntype: "kubernetes.io/docker\\x63onfigjson"\n'
             f'data:\n  ".docker\\x63onfigjson": {DOCKERCONFIGJSON}\n', [("DCR022", 6, 4, 6, 123)]),  # (inside the quotes)
    Spelling("stringData \\x61uths", "s.yaml",
             "apiVersion: v1\nkind: Secret\nmetadata: {name: regcred}\ntype: kubernetes.io/dockerconfigjson\nstringData:\n"
             '  .dockerconfigjson: "{\\"\\x61uths\\": {\\"r.example.com\\": {\\"username\\": \\"ci\\", '
             '\\"password\\": \\"Wm5-quartz-81-Zt\\"}}}"\n', [("DCR022", 6, 3, 6, 118)]),
    Spelling("env name and value escaped", "dep.yaml",
             _deployment("alpine", env='          env:\n            - name: "DB_PA\\x53SWORD"\n'
                                       '              "v\\x61lue": "Zq8-lemon-\\x344-Rw"\n'), [("DCR023", 13, 28, 13, 46)]),
    Spelling("env lower case, flow", "dep.yaml",
             _deployment("alpine", env="          env:\n            - {name: db_password, value: Zq8-lemon-44-Rw}\n"),
             [("DCR023", 12, 42, 12, 57)]),
    Spelling("kind Config\\x4dap", "cm.yaml",
             'apiVersion: v1\nkind: "Config\\x4dap"\nmetadata: {name: c}\ndata:\n  api_token: Zq8-lemon-44-Rw\n',
             [("DCR023", 5, 14, 5, 29)]),
    Spelling("opaque p\\x61ssword", "s.yaml",
             'apiVersion: v1\nkind: Secret\nmetadata: {name: c}\ntype: Opaque\nstringData:\n  "p\\x61ssword": Zq8-lemon-44-Rw\n',
             [("DCR023", 6, 18, 6, 33)]),
    Spelling("compose POSTGRES_PA\\x53SWORD", "docker-compose.yml",
             'services:\n  db:\n    image: postgres\n    environment:\n      "POSTGRES_PA\\x53SWORD": Zq8-lemon-44-Rw\n',
             [("DCR023", 5, 31, 5, 46)]),
    # --- DCR030: docker config.json
    Spelling("p\\u0061ssword", "config.json",
             '{"auths": {"r.example.com": {"username": "ci", "p\\u0061ssword": "Wm5-quartz-81-Zt"}}}\n',
             [("DCR030", 1, 49, 1, 82)]),
    Spelling("dockercfg \\u0061uth", ".dockercfg", f'{{"r.example.com": {{"\\u0061uth": "{AUTH}", "email": "a@b"}}}}\n',
             [("DCR030", 1, 21, 1, 62)]),
    Spelling("auth value \\u004d", "config.json",
             '{"auths": {"r.example.com": {"auth": "Y2k6V201LXF1YXJ0ei04\\u004dS1adA=="}}}\n', [("DCR030", 1, 31, 1, 72)]),
    # --- DCR040/DCR041: annotation keys with escapes, JWTs
    Spelling("expires\\x2dat", "s.yaml", ANNOTATED.format(key='"dcrlint.io/expires\\x2dat"'),
             [("DCR023", 9, 10, 9, 30), ("DCR041", 6, 33, 6, 45)], args=NOW),
    Spelling("rot\\u0061ted-at", "s.yaml", ANNOTATED.format(key='"dcrlint.io/rot\\u0061ted-at"'),
             [("DCR023", 9, 10, 9, 30), ("DCR040", 6, 35, 6, 47)], args=NOW),
    Spelling("expired JWT, escape inside", "v.yaml", f'k: "{_x(EXPIRED, 3)}"\n',
             [("DCR041", 1, 5, 1, 136), ("DCR051", 1, 5, 1, 136)], args=NOW),
    # --- DCR050: URLs with passwords
    Spelling("HTTPS:// upper case", "a.sh", "git clone HTTPS://ci:Zq8-lemon-44-Rw@git.example.com/r.git\n",
             [("DCR050", 1, 22, 1, 37)]),
    Spelling("URL in a folded scalar", WF,
             _workflow("      - run: >\n          git clone https://ci:Zq8-lemon-44-Rw@git.example.com/r.git\n"),
             [("DCR050", 7, 32, 7, 47)]),
    # --- DCR051: known formats
    Spelling("token, escape inside", WF, _workflow(f'      - run: make\n        env:\n          T: "{_x(TOKEN, 10)}"\n'),
             [("DCR051", 8, 15, 8, 60)]),
    Spelling("token prefix over three lines (two escaped line breaks)", "v.yaml",
             f'k: v\nk2: v\nt: "g\\\n  h\\\n  {TOKEN[2:]}"\n', [("DCR051", 3, 5, 5, 43)]),
    Spelling("key prefix over three lines, first line", "v.yaml", 't: "AK\\\n  IA\\\n  ZDCRQ4T7W2XYV9PL"\n',
             [("DCR051", 1, 5, 3, 19)]),
    Spelling("token prefix gh\\x70_", WF, _workflow(f'      - run: make\n        env:\n          T: "{_x(TOKEN, 2)}"\n'),
             [("DCR051", 8, 15, 8, 60)]),
    Spelling("key prefix \\x41KIA", "v.yaml", 'k: "\\x41KIAZDCRQ4T7W2XYV9PL"\n', [("DCR051", 1, 5, 1, 28)]),
    Spelling("groovy gh\\u0070_", "Jenkinsfile",
             f"node {{\n  sh 'curl -H X:gh\\u0070{TOKEN[3:]} https://e.example.com'\n}}\n", [("DCR051", 2, 17, 2, 64)]),
    Spelling("Slack XOXB- upper case", "a.sh", "export S=XOXB-123456789012-1234567890123-Dcr4q8Zt3v9LkP2mW7xR4nB6\n",
             [("DCR051", 1, 10, 1, 66)]),
    Spelling("private key header \\x41", "k.yaml",
             'key: "-----BEGIN RSA PRIV\\x41TE KEY-----\\nMIIEowIBAAKCAQEAdcrfakefakefakefakefakefake\\n'
             '-----END RSA PRIVATE KEY-----"\n', [("DCR051", 1, 7, 1, 117)]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_spelling_is_found(lint: Lint, case: Spelling) -> None:
    for rel, text in case.files.items():
        lint.write(rel, text)
    assert lint.scan(case.path, case.text, *case.args).where() == case.found


def test_spellings_survive_cache_and_pool(lint: Lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All cases in one tree: a cold scan filling the cache, its warm replay and a pooled scan
    report the same as a fresh single-process scan."""
    for i, case in enumerate(c for c in CASES if not c.args and not c.files):
        lint.write(f"tree/c{i}/{case.path}", case.text)
    fresh = lint("--format", "json", "tree").findings
    assert len(fresh) >= 60
    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    cache = str(tmp_path / "cache")
    for jobs in (1, 1, 2):
        assert lint("--format", "json", "--cache-dir", cache, "tree", jobs=jobs).findings == fresh
