"""A Taskfile dynamic variable's `sh:` prints the variable's value for `task` to keep (as a Jenkins
step's `returnStdout: true` returns it): what it echoes is no log line (DCR003). A task's command
echoing the same secret still prints it, as does the `sh:` moving it to stderr."""

from __future__ import annotations

from conftest import run_checks, scanned

TASKFILE = """\
version: "3"
vars:
  REGISTRY_TOKEN:
    sh: echo "${REGISTRY_TOKEN:-}"
  NOISY_TOKEN:
    sh: echo "$NOISY_TOKEN" >&2; cat ~/.noisy
tasks:
  login:
    vars:
      PULL_SECRET:
        sh: 'printf %s "$PULL_SECRET"'
    cmds:
      - echo "token is $REGISTRY_TOKEN"
"""


def test_the_value_a_dynamic_variable_makes_is_not_printed() -> None:
    file = scanned(TASKFILE, "Taskfile.yml")
    found = [(f.rule_id, file.source.position(f.span.start)[0]) for f in run_checks(file, "DCR003")]
    assert found == [("DCR003", 6), ("DCR003", 13)]


TEMPLATED = """\
version: "3"
vars:
  HUB_TOKEN:
    sh: cat ~/.config/hub-token
  HUB_USER: ci-bot
tasks:
  show:
    cmds:
      - echo "user {{.HUB_USER}}, token {{.HUB_TOKEN}}"
      - echo "dir {{.ROOT_DIR}}"
  login:
    cmds:
      - echo "{{ .HUB_TOKEN }}" | docker login -u {{.HUB_USER}} --password-stdin hub.example.org
      - docker login -u {{.HUB_USER}} -p {{.HUB_TOKEN}} hub.example.org
"""


def test_a_task_template_of_a_secret_variable_is_its_value() -> None:
    """Task fills `{{.NAME}}` in before the shell runs: the command gets the variable's value,
    read as its expansion (an echo of a secret-named one prints it; piped into a login it is fed)."""
    file = scanned(TEMPLATED, "Taskfile.yml")
    found = [(f.rule_id, file.source.position(f.span.start)) for f in run_checks(file, "DCR001", "DCR002", "DCR003")]
    assert sorted(found) == [("DCR001", (14, 42)), ("DCR003", (9, 9))]


def test_a_task_template_in_single_quotes_is_still_filled_in() -> None:
    """Task fills the template in whatever the quotes: in single quotes the value is there too
    (printed by an echo; given to `-p`, on the command line but no literal)."""
    text = ('version: "3"\ntasks:\n  show:\n    cmds:\n      - echo \'key {{.HUB_TOKEN}}\'\n'
            "      - docker login -u ci -p '{{.HUB_TOKEN}}' hub.example.org\n")
    file = scanned(text, "Taskfile.yml")
    found = [(f.rule_id, file.source.position(f.span.start)) for f in run_checks(file, "DCR001", "DCR002", "DCR003")]
    assert sorted(found) == [("DCR001", (6, 32)), ("DCR003", (5, 9))]
