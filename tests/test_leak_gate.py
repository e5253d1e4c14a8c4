"""DCR003's gate (checks/_leak_gate.py): each case spells a leak so that a plain search of the
file, or of one line, misses it (shell quotes and ANSI-C strings, line continuations that cut a
word or carry its argument to the next line, quotes and parentheses over lines, YAML escapes,
folding and block indent, GitLab items run as one script, Groovy escapes, concatenation and
strings after a name, PowerShell, cmd, Dockerfile, Makefile, configured secret names). For every
case the check (run directly) finds the leak, the gate holds, and the scan with gates on reports
what the check finds. Near misses (no printer with a secret, dump or tracing in the text) are
gated out."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Lint, pod_command, run_checks, scanned, where, workflow_step

from dcrlint.checks._leak_gate import gate
from dcrlint.config import Settings
from dcrlint.shell.spelling import joined

# The engine asks the gates of every kind here (a run: engine.GATED_KINDS; conftest `gating`).
pytestmark = pytest.mark.usefixtures("gating")

WF = ".github/workflows/ci.yml"
SECRET_ENV = "    env:\n      T: ${{ secrets.T }}\n"


def _workflow(step: str, env: str = "") -> str:
    return workflow_step(step, env=env)


_pod = pod_command


_LOGIN = 'docker login -u ci -p "$P" r.example.com\n'

# case -> (path, text)
LEAKS: dict[str, tuple[str, str]] = {
    # shell
    "sh_plain": ("a.sh", 'echo "$REGISTRY_PASSWORD"\n'),
    "sh_quote_split": ("a.sh", 'e"ch"o $REGISTRY_PASSWORD\n'),
    "sh_ansi_c": ("a.sh", "$'\\x65cho' $REGISTRY_PASSWORD\n"),
    "sh_argument_next_line": ("a.sh", "echo \\\n  \"$REGISTRY_PASSWORD\"\n"),
    "sh_quote_over_lines": ("a.sh", "echo \"token:\n$REGISTRY_PASSWORD\"\n"),
    "sh_substitution_over_lines": ("a.sh", "echo $(\n  printf '%s' \"$REGISTRY_PASSWORD\")\n"),
    "sh_comment_apostrophe": ("a.sh", "# don't\necho $REGISTRY_PASSWORD\n"),
    "sh_printf": ("a.sh", "printf '%s\\n' \"${REGISTRY_TOKEN}\"\n"),
    "sh_cat_config": ("a.sh", "cat ~/.docker/config.json\n"),
    "sh_printenv": ("a.sh", "printenv REGISTRY_PASSWORD\n"),
    "sh_xtrace": ("a.sh", "set -x\n" + _LOGIN),
    "sh_xtrace_quoted": ("a.sh", "s'e't -'x'\n" + _LOGIN),
    "sh_xtrace_shebang": ("a.sh", "#!/bin/bash -ex\n" + _LOGIN),
    "sh_xtrace_o": ("a.sh", "set -o xtrace\n" + _LOGIN),
    "sh_env_dump": ("a.sh", _LOGIN + "env\n"),
    "sh_export_p": ("a.sh", _LOGIN + "export -p\n"),
    "sh_bash_c": ("a.sh", "bash -c 'echo $REGISTRY_PASSWORD'\n"),
    "sh_az_expose_token": ("a.sh", "az acr login -n reg --expose-'tok'en\n"),
    "gh_az_expose_token_escape": (WF, _workflow('run: "az acr login -n reg --\\x65xpose-token"')),
    "sh_logger": ("a.sh", 'lo"gger" -t ci "$REGISTRY_PASSWORD"\n'),
    "sh_piped_to_logger": ("a.sh", 'echo "$REGISTRY_PASSWORD" | $\'\\x6cogger\'\n'),
    "sh_declare_p": ("a.sh", "de'clare' -\\p REGISTRY_PASSWORD\n"),
    "sh_typeset_p_next_line": ("a.sh", "typeset \\\n  -p REGISTRY_PASSWORD\n"),
    # GitHub Actions
    "gh_secret": (WF, _workflow("run: echo ${{ secrets.T }}")),
    "gh_yaml_escape": (WF, _workflow('run: "\\x65cho $REGISTRY_PASSWORD"')),
    "gh_yaml_unicode": (WF, _workflow('run: "\\u0065cho $REGISTRY_PASSWORD"')),
    "gh_yaml_escaped_break": (WF, _workflow('run: "ec\\\n          ho $REGISTRY_PASSWORD"')),
    "gh_folded": (WF, _workflow("run: >\n          echo\n          $REGISTRY_PASSWORD")),
    "gh_plain_lines": (WF, _workflow("run: echo\n          $REGISTRY_PASSWORD")),
    "gh_quoted_lines": (WF, _workflow('run: "cd x;\n          echo\n          $REGISTRY_PASSWORD"')),
    "gh_block_argument_next_line": (WF, _workflow("run: |\n          echo \\\n            $REGISTRY_PASSWORD")),
    "gh_pwsh": (WF, _workflow("shell: pwsh\n        run: Write-Host $env:REGISTRY_PASSWORD")),
    "gh_pwsh_backtick": (WF, _workflow("shell: pwsh\n        run: |\n          Write-Host `\n            $env:REGISTRY_PASSWORD")),
    "gh_env_dump": (WF, _workflow("run: env", SECRET_ENV)),
    "gh_env_dump_yaml_escape": (WF, _workflow('run: "\\x65nv"', SECRET_ENV)),
    "gh_pwsh_drive_backtick": (WF, _workflow("shell: pwsh\n        run: |\n          Get-ChildItem `\n          env:",
                                             SECRET_ENV)),
    "gh_pwsh_drive_folded": (WF, _workflow("shell: pwsh\n        run: >\n          Get-ChildItem\n          env:",
                                           SECRET_ENV)),
    "gh_logger_yaml_escape": (WF, _workflow('run: "\\x6cogger $REGISTRY_PASSWORD"')),
    "gh_declare_yaml_escape": (WF, _workflow('run: "\\x64eclare -p REGISTRY_PASSWORD"')),
    "gh_xtrace": (WF, _workflow("run: |\n          set -x\n          " + _LOGIN.strip())),
    # GitLab: script items run as one script
    "gl_item": (".gitlab-ci.yml", "job:\n  script:\n    - echo $CI_REGISTRY_PASSWORD\n"),
    "gl_items_open_quote": (".gitlab-ci.yml", 'job:\n  script:\n    - echo "a\n    - $CI_REGISTRY_PASSWORD"\n'),
    "gl_reference": (".gitlab-ci.yml", ".p:\n  script: [echo $CI_REGISTRY_PASSWORD]\njob:\n  script:\n"
                                       "    - !reference [.p, script]\n"),
    "gl_anchor": (".gitlab-ci.yml", ".p: &p\n  - echo $CI_REGISTRY_PASSWORD\njob:\n  script: *p\n"),
    # Kubernetes container shell
    "k8s_sh_c": ("pod.yaml", _pod('["sh", "-c", "echo $REGISTRY_PASSWORD"]')),
    "k8s_json_escape": ("pod.yaml", _pod('["sh", "-c", "\\u0065cho $REGISTRY_PASSWORD"]')),
    # Jenkinsfile
    "jk_plain": ("Jenkinsfile", "node { sh 'echo $REGISTRY_PASSWORD' }\n"),
    "jk_no_blank": ("Jenkinsfile", "node { sh'echo $REGISTRY_PASSWORD' }\n"),
    "jk_dollar_slashy": ("Jenkinsfile", "node { sh $/echo $REGISTRY_PASSWORD/$ }\n"),
    "jk_concat_name": ("Jenkinsfile", "node { sh 'echo ' + REGISTRY_PASSWORD }\n"),
    "jk_concat_lines": ("Jenkinsfile", "node { sh 'ec' +\n  'ho $REGISTRY_PASSWORD' }\n"),
    "jk_logger_unicode": ("Jenkinsfile", 'node { sh "\\u006cogger \\$REGISTRY_PASSWORD" }\n'),
    "jk_declare_no_blank": ("Jenkinsfile", "node { sh'declare -p REGISTRY_PASSWORD' }\n"),
    "jk_unicode": ("Jenkinsfile", 'node { sh "\\u0065cho \\$REGISTRY_PASSWORD" }\n'),
    # Dockerfile, Makefile
    "docker_run": ("Dockerfile", "FROM alpine\nRUN echo $REGISTRY_PASSWORD\n"),
    "docker_cut_comment": ("Dockerfile", "FROM alpine\nRUN ec\\\n# note\nho $REGISTRY_PASSWORD\n"),
    "make_recipe": ("Makefile", "push:\n\techo $$REGISTRY_PASSWORD\n"),
}

# Words the shell joins over a line continuation that the check does not read as one yet: the
# gate holds all the same.
JOINED_UNREAD: dict[str, tuple[str, str]] = {
    "sh_cut_printer": ("a.sh", "ec\\\nho $REGISTRY_PASSWORD\n"),
    "sh_cat_config_cut": ("a.sh", "ca\\\nt ~/.docker/config.json\n"),
    "gh_block_cut_printer": (WF, _workflow("run: |\n          ec\\\n          ho $REGISTRY_PASSWORD")),
    "gh_block_cut_twice": (WF, _workflow("run: |\n          ec\\\n          ho\\\n            $REGISTRY_PASSWORD")),
    "gl_items_cut_quoted": (".gitlab-ci.yml", 'job:\n  script:\n    - "ec\\\\"\n    - ho $CI_REGISTRY_PASSWORD\n'),
    "make_cut": ("Makefile", "push:\n\tec\\\n\tho $$REGISTRY_PASSWORD\n"),
}

# case -> (path, text): no printer with a secret, dump or tracing in the text
NEAR_MISSES: dict[str, tuple[str, str]] = {
    "gh_env_keys": (WF, _workflow("run: make\n        env:\n          T: ${{ secrets.T }}", SECRET_ENV)),
    "gh_printer_no_secret": (WF, _workflow("run: echo building $VERSION\n        env:\n          VERSION: 1")),
    "k8s_no_pod": ("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
                              "data:\n  run.sh: |\n    echo $REGISTRY_PASSWORD\n"),
    "sh_declare_x": ("a.sh", "declare -x REGISTRY_PASSWORD\n"),
    "sh_logger_no_secret": ("a.sh", 'logger -t ci "deployed $VERSION"\n'),
    "jk_no_expansion": ("Jenkinsfile", "node {\n  echo 'building'\n  sh 'make TOKEN_FILE=t'\n}\n"),
}


def _settings(**kw: Any) -> Settings:
    return Settings(**kw)


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_each_spelling_keeps_the_gate_and_its_finding(case: str, lint: Lint) -> None:
    path, text = LEAKS[case]
    file = scanned(text, path)
    found = where(file, run_checks(file, "DCR003"))
    assert found, "the case must be a leak the check finds"
    assert gate(scanned(text, path))
    run = lint.scan(path, text, "--select", "DCR003")
    assert sorted(run.where()) == found


@pytest.mark.parametrize("case", sorted(JOINED_UNREAD))
def test_words_joined_over_lines_keep_the_gate(case: str) -> None:
    path, text = JOINED_UNREAD[case]
    assert gate(scanned(text, path))


@pytest.mark.parametrize("case", sorted(NEAR_MISSES))
def test_near_misses_are_gated_out(case: str) -> None:
    path, text = NEAR_MISSES[case]
    file = scanned(text, path)
    assert not run_checks(file, "DCR003")
    assert not gate(scanned(text, path))


def test_configured_secret_names_widen_the_gate() -> None:
    text = "echo $REGISTRY_CRED_X\n"
    plain = scanned(text, "a.sh")
    assert not run_checks(plain, "DCR003") and not gate(plain)
    widened = _settings(secret_names="(?i:cred_x)")
    file = scanned(text, "a.sh", widened)
    assert run_checks(file, "DCR003")
    assert gate(scanned(text, "a.sh", widened))


def test_joined_cuts_the_indent_both_lines_have() -> None:
    assert joined("no join\n") is None
    assert joined("  ec\\\n  ho\\\n    $X\n") == "  echo  $X\n"
    assert joined("\tec\\\n\tho\n") == "\techo\n"
