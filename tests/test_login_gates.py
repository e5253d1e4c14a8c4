"""The gates of the rules on logins (DCR001, DCR002, DCR014): each case spells its trigger so
that a plain substring search of the file misses it (YAML and JSON escapes, Groovy `\\u006c`
and string concatenation, shell quotes and ANSI-C strings, Dockerfile continuations over
comment lines, GitLab items and aliases, explicit and alias keys, case). For every case the
gate of each check that finds something on the file holds (the check run directly), and the
scan, gates on, still reports it where it reports it today. Cases a consumer joins but no
check reads yet (a backslash-newline inside a shell word) keep the login test true all the
same. Ordinary files without the trigger are gated out: the gates are not always true. Random
spellings (those of tests/test_shell_prefilter.py, in a script, a workflow and a Jenkinsfile)
keep the login test wherever the scan, every context parsed, finds a login."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import Lint, pod_command, scanned, workflow_step
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_shell_prefilter import _yaml_quoted, scripts

from dcrlint.checks import FILE_CHECKS
from dcrlint.config import Settings
from dcrlint.facts import LOGINS, CommandFilter
from dcrlint.logintools import may_log_in

# The engine asks the gates of every kind here (a run: engine.GATED_KINDS; conftest `gating`).
pytestmark = pytest.mark.usefixtures("gating")

RULES = ("DCR001", "DCR002", "DCR014")
WF = ".github/workflows/ci.yml"
TAGS = {"shell-executor-tags": ("shell-runner",)}
TAGS_CONFIG = "shell-executor-tags: [shell-runner]\n"


_workflow = workflow_step


_pod = pod_command


_ACTION = "uses: docker/login-action@v3\n        with:\n          registry: r.example.com\n"
_K8S_SECRET = "kubectl create secret docker-reg'istry' rc --docker-server=r.example.com --docker-password=\"$P\"\n"

# case -> (path, text, rule options, findings (rule, line, column) the scan reports)
CASES: dict[str, tuple[str, str, dict[str, Any], list[tuple[str, int, int]]]] = {
    # shell: quotes in a word, ANSI-C strings, case, a nested script
    "sh_quotes": ("push.sh", 'docker lo"gin" -u ci -p "$P" r.example.com\n', {}, [("DCR001", 1, 26)]),
    "sh_ansi_hex": ("push.sh", "docker $'\\x6cogin' -u ci -p \"$P\" r.example.com\n", {}, [("DCR001", 1, 30)]),
    "sh_ansi_octal": ("push.sh", "docker $'\\154ogin' -u ci -p \"$P\" r.example.com\n", {}, [("DCR001", 1, 30)]),
    "sh_upper": ("push.sh", 'DOCKER login -u ci -p "$P" r.example.com\n', {}, [("DCR001", 1, 24)]),
    "sh_bash_c": ("push.sh", 'bash -c "do\\"cker\\" login -u ci -p hunter2x r.example.com"\n', {},
                  [("DCR001", 1, 36), ("DCR002", 1, 36)]),
    "sh_piped_literal": ("push.sh", "echo hunter2x | podman l'ogin' -u ci --password-stdin r.example.com\n", {},
                         [("DCR002", 1, 6)]),
    "sh_kubectl_split": ("mk.sh", _K8S_SECRET, {}, [("DCR001", 1, 93)]),
    "sh_jib_split": ("build.sh", 'mvn compile jib:build -Dji"b".to.auth.password="$P"\n', {}, [("DCR001", 1, 49)]),
    "sh_get_login": ("ecr.sh", '$(aws ecr get-lo"gin" --no-include-email)\n', {}, [("DCR001", 1, 1)]),
    # YAML: escapes in double-quoted scalars, an escaped line break, JSON style, !reference
    "gh_x": (WF, _workflow('run: "docker \\x6cogin -u ci -p \\"$P\\" r.example.com"'), {}, [("DCR001", 6, 42)]),
    "gh_u": (WF, _workflow('run: "docker \\u006Cogin -u ci -p \\"$P\\" r.example.com"'), {}, [("DCR001", 6, 44)]),
    "gh_U": (WF, _workflow('run: "docker \\U0000006cogin -u ci -p \\"$P\\" r.example.com"'), {},
             [("DCR001", 6, 48)]),
    "gh_escaped_break": (WF, _workflow('run: "docker lo\\\n          gin -u ci -p \\"$P\\" r.example.com"'), {},
                         [("DCR001", 7, 26)]),
    "gh_json": (WF, '{"on": "push", "jobs": {"a": {"runs-on": "ubuntu-latest", "steps": [{"run": '
                    '"docker \\u006cogin -u ci -p \\"$P\\" r.example.com"}]}}}\n', {}, [("DCR001", 1, 107)]),
    "gl_reference": (".gitlab-ci.yml", '.setup:\n  script:\n    - docker lo"gin" -u ci -p "$P" r.example.com\n'
                     "push:\n  script:\n    - !reference [.setup, script]\n", {}, [("DCR001", 3, 32)]),
    # Groovy: unicode escapes (several u), string concatenation around calls and comments
    "jk_u": ("Jenkinsfile", 'node {\n  sh "docker \\uuu006cogin -u ci -p $P r.example.com"\n}\n', {},
             [("DCR001", 2, 36)]),
    "jk_concat": ("Jenkinsfile", "node {\n  sh 'docker lo' + 'gin -u ci -p $P r.example.com'\n}\n", {},
                  [("DCR001", 2, 34)]),
    "jk_concat_call": ("Jenkinsfile", "node {\n  sh('docker lo'.trim() /* c */ + \"gin -u ci -p $P r.example.com\")\n}\n",
                       {}, [("DCR001", 2, 49)]),
    "jk_concat_lines": ("Jenkinsfile", "node {\n  sh('docker lo' // c\n     + 'gin -u ci -p $P r.example.com')\n}\n", {},
                        [("DCR001", 3, 22)]),
    "jk_constant": ("Jenkinsfile", "node {\n  sh \"docker lo${'gin'} -u ci -p $P r.example.com\"\n}\n", {},
                    [("DCR001", 2, 34)]),
    "jk_slashy": ("Jenkinsfile", "node {\n  sh(/docker lo/ + /gin -u ci -p $P r.example.com/)\n}\n", {},
                  [("DCR001", 2, 34)]),
    # Dockerfile: a continuation over a comment line (or with the backtick escape), JSON exec form
    "df_comment": ("Dockerfile", 'FROM alpine\nRUN docker lo\\\n# a comment\ngin -u ci -p "$P" r.example.com\n', {},
                   [("DCR001", 4, 15)]),
    "df_backtick": ("Dockerfile", '# escape=`\nFROM alpine\nRUN docker lo`\r\ngin -u ci -p "$P" r.example.com\n', {},
                    [("DCR001", 4, 15)]),
    "df_exec": ("Dockerfile", 'FROM alpine\nRUN ["docker", "\\u006cogin", "-u", "ci", "-p", "hunter2x", "r.example.com"]\n',
                {}, [("DCR001", 2, 49), ("DCR002", 2, 49)]),
    "k8s_argv": ("pod.yaml", _pod('[docker, "\\x6cogin", -u, ci, -p, hunter2x, r.example.com]'), {},
                 [("DCR001", 8, 49), ("DCR002", 8, 49)]),
    # a word over a backslash-newline: the shell reads it whole (make drops the recipe tab)
    "sh_backslash_newline": ("push.sh", 'docker lo\\\ngin -u ci -p "$P" r.example.com\n', {}, [("DCR001", 2, 15)]),
    "gh_block": (WF, _workflow('run: |\n          docker lo\\\n          gin -u ci -p "$P" r.example.com'), {},
                 [("DCR001", 8, 25)]),
    "mk_tab": ("Makefile", 'push:\n\tdocker lo\\\n\tgin -u ci -p "$$P" r.example.com\n', {}, [("DCR001", 3, 16)]),
    # joins no check reads (a CI runner writes lines of its own between two script items)
    "gl_items": (".gitlab-ci.yml", 'push:\n  script:\n    - docker lo\\ # joined\n    - gin -u ci -p "$P" x\n', {}, []),
    "gl_flow": (".gitlab-ci.yml", 'push:\n  script: [docker lo\\, gin -u ci -p "$P" r.example.com]\n', {}, []),
    "gl_alias": (".gitlab-ci.yml", '.r: &rest gin -u ci -p "$P" x\npush:\n  script:\n    - docker lo\\\n    - *rest\n',
                 {}, []),
    "gl_mixed": (".gitlab-ci.yml", 'push:\n  script:\n    - docker lo\\\n    - "\\x67in -u ci -p \\"$P\\" x"\n', {}, []),
    # DCR002 login inputs: escaped, in another case, JSON style, an explicit key, an alias as key
    "input_escaped": (WF, _workflow(_ACTION + '          "pass\\x77ord": hunter2x'), {}, [("DCR002", 9, 26)]),
    "input_case": (WF, _workflow(_ACTION + "          PASSWORD: hunter2x"), {}, [("DCR002", 9, 21)]),
    "input_flow": (WF, _workflow('{uses: docker/login-action@v3, with: {"Token" : hunter2x}}'), {},
                   [("DCR002", 6, 57)]),
    "input_explicit_key": (WF, _workflow(_ACTION + "          ? |-\n            password\n          : hunter2x"), {},
                           [("DCR002", 11, 13)]),
    "input_alias_key": (WF, "x: &k pass\\x77ord\nw: &k2 password\n" + _workflow(_ACTION + "          *k2 : hunter2x"),
                        {}, [("DCR002", 11, 17)]),
    # DCR002 Jenkins registry URL with an escaped @; configured logins with an escaped key
    "jk_registry": ("Jenkinsfile", "node {\n  docker.withRegistry('https://ci:hunter2x\\u0040r.example.com', 'x') {\n"
                    "    sh 'make'\n  }\n}\n", {}, [("DCR002", 2, 35)]),
    "ansible_escaped": ("playbook.yml", '- hosts: all\n  tasks:\n    - community.docker.docker_login:\n'
                        '        registry_url: r.example.com\n        username: ci\n        "pass\\x77ord": hunter2x\n',
                        {}, [("DCR002", 6, 24)]),
    # DCR014: the runner and the login action spelled with escapes; a shell-executor tag
    "dcr014_self_hosted": (WF, _workflow('run: echo "$P" | docker lo"gin" -u ci --password-stdin r.example.com',
                                         '"self-\\x68osted"'), {}, [("DCR014", 6, 26)]),
    "dcr014_action": (WF, _workflow('uses: "docker/login-\\x61ction@v3"\n        with:\n          "lo\\x67out": false'),
                      {}, [("DCR014", 6, 15)]),
    "dcr014_gitlab": (".gitlab-ci.yml", 'push:\n  tags: [shell-runner]\n  script:\n'
                      '    - echo "$P" | docker \\\n        lo"gin" -u ci --password-stdin r.example.com\n',
                      TAGS, [("DCR014", 4, 19)]),
    "dcr014_azure": ("azure-pipelines.yml", "jobs:\n  - job: a\n    pool: agents\n    steps:\n"
                     "      - script: \"echo $P | docker \\x6cogin -u ci --password-stdin r.example.com\"\n",
                     {}, [("DCR014", 5, 28)]),
}


def _checks(kind: Any) -> list[Any]:
    return [c for c in FILE_CHECKS if set(c.rules) & set(RULES) and c.runs_on(kind)]


@pytest.mark.parametrize("case", CASES)
def test_gate_holds_where_its_check_finds(case: str) -> None:
    rel, text, options, _ = CASES[case]
    file = scanned(text, rel, Settings(options=options))
    gates = _checks(file.kind)
    assert gates and all(c.gate is not None for c in gates)
    for check in gates:
        if list(check.run(file)):
            assert check.gate(file), (case, check.run.__name__)
    assert may_log_in(file) or not any(f.rule_id in ("DCR001", "DCR014") for c in gates for f in c.run(file))


@pytest.mark.parametrize("case", CASES)
def test_spelling_is_still_found(lint: Lint, tmp_path: Path, case: str) -> None:
    rel, text, options, expected = CASES[case]
    lint.write(rel, text)
    if options:
        lint.write(".dcrlint.yaml", TAGS_CONFIG)
    found = lint("--format", "json", "--fail-on", "never", "--select", ",".join(RULES), ".").starts()
    assert found == expected


@pytest.mark.parametrize("case", [c for c, v in CASES.items() if not v[3]])
def test_joined_words_keep_the_login_test(case: str) -> None:
    rel, text, _, _ = CASES[case]
    assert may_log_in(scanned(text, rel))
    # and without the join, no login: the join is what the test saw
    unjoined = text.replace("\\\n", " \n").replace("\\ #", " #").replace("\\,", " ,")
    assert not may_log_in(scanned(unjoined, rel))


QUIET = {
    "shell": ("build.sh", 'docker build -t app . \\\n  --build-arg "V=$V"\necho logged > /tmp/x\n'),
    "workflow": (WF, _workflow("uses: actions/checkout@v4\n        with:\n          github_token: ${{ secrets.TOKEN }}")),
    "gitlab": (".gitlab-ci.yml", "build:\n  script:\n    - docker build -t app .\n    - echo done\n"),
    "jenkins": ("Jenkinsfile", "node {\n  sh 'docker build -t ' + env.TAG + ' .'\n  echo \"logged \" + \"in\"\n}\n"),
    "dockerfile": ("Dockerfile", "FROM alpine\nRUN apk add curl \\\n  # docker\n  && echo ok\n"),
    # a script kept in a ConfigMap runs nowhere the manifest says: no pod spec, no shell (a
    # manifest that may hold one is not gated: the pull-secret index parses its shell anyway)
    "configmap": ("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n"
                  "  push.sh: docker login -u ci -p hunter2x r.example.com\n"),
}


@pytest.mark.parametrize("case", QUIET)
def test_gates_are_false_on_files_without_their_trigger(case: str) -> None:
    rel, text = QUIET[case]
    file = scanned(text, rel, Settings(options=TAGS))
    gates = _checks(file.kind)
    assert gates and not any(c.gate(file) for c in gates)
    assert not any(list(c.run(file)) for c in gates)


# --------------------------------------------------------------------------- random spellings
# The spellings of tests/test_shell_prefilter.py (words cut into bare, escaped, quoted and ANSI-C
# pieces, nested in `bash -c`, eval or a heredoc; in a workflow, letters YAML-escaped), and a
# Groovy step with `\u` escapes and the command cut into concatenated literals: wherever the
# scan finds a login (every context parsed), the login test holds.


def _groovy(script: str, escapes: list[bool], cuts: list[int]) -> str:
    """`script` as concatenated Groovy single-quoted literals, letters written as `\\u00HH`."""
    pieces, last = [], 0
    for cut in sorted({c % (len(script) + 1) for c in cuts} | {len(script)}):
        part = script[last:cut]
        out = []
        for k, ch in enumerate(part):
            if ch in "'\\":
                out.append("\\" + ch)
            elif ch == "\n":
                out.append("\\n")
            elif ch.isalpha() and escapes[(last + k) % len(escapes)]:
                out.append(f"\\u{ord(ch):04x}")
            else:
                out.append(ch)
        pieces.append("'" + "".join(out) + "'")
        last = cut
    return "node {\n  sh(" + " +\n     ".join(pieces) + ")\n}\n"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=scripts(), where=st.sampled_from(["sh", "yaml", "groovy"]),
       escapes=st.lists(st.booleans(), min_size=1, max_size=7), cuts=st.lists(st.integers(0, 200), max_size=3))
def test_random_spellings_keep_the_login_test(script: str, where: str, escapes: list[bool], cuts: list[int]) -> None:
    if where == "yaml":
        rel, text = WF, _workflow("run: " + _yaml_quoted(script, escapes))
    elif where == "groovy":
        rel, text = "Jenkinsfile", _groovy(script, escapes, cuts)
    else:
        rel, text = "script.sh", script
    file = scanned(text, rel)
    file.commands = (CommandFilter("every context", lambda text, settings: True),)
    if file.get(LOGINS):
        assert may_log_in(file), text
