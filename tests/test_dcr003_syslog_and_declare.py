"""DCR003: `logger` writes its message (or its stdin) to the system log, and `declare -p` /
`typeset -p` print a variable's value: both print a credential. Exact spans, near misses, and
no secret in the output."""

from __future__ import annotations

from conftest import Lint

PW = "Zq8xW3vN5tR7yU1k"


def test_logger_and_declare_print_a_secret_at_the_command(lint: Lint) -> None:
    text = ('logger -t ci "$REGISTRY_PASSWORD"\n'          # 1: the message
            'echo "$REGISTRY_TOKEN" | logger -p user.info\n'  # 2: logger reads its stdin
            "declare -p REGISTRY_PASSWORD\n"                # 3
            "  typeset -px CI_REGISTRY_PASSWORD\n")         # 4
    run = lint.scan("a.sh", text, "--select", "DCR003")
    assert run.where() == [("DCR003", 1, 1, 1, 34), ("DCR003", 2, 1, 2, 23),
                           ("DCR003", 3, 1, 3, 29), ("DCR003", 4, 3, 4, 35)]
    messages = [f["message"] for f in run.json()["findings"]]
    assert "system log" in messages[0] and "through `logger`" in messages[1]
    assert "`declare -p` prints secret `REGISTRY_PASSWORD`" in messages[2]


def test_near_misses_stay_silent(lint: Lint) -> None:
    text = ("logger -t \"$REGISTRY_PASSWORD_FILE\" started\n"  # an option's value, and a file's name
            'echo "$REGISTRY_PASSWORD" | logger -t ci done\n'  # logger logs its message, not its stdin
            'echo "$REGISTRY_PASSWORD" | logger -f /var/log/x\n'  # nor with a file to log
            "declare -x REGISTRY_PASSWORD\n"                  # sets an attribute, prints nothing
            "declare -pf REGISTRY_PASSWORD\n"                 # -f: a function's definition
            "declare -p REGISTRY_USER\n"                      # no secret name
            "declare -p REGISTRY_PASSWORD > /dev/null\n"      # not in the log
            'logger "deployed $VERSION"\n')
    assert lint.scan("a.sh", text, "--select", "DCR003").where() == []


def test_in_gitlab_spelled(lint: Lint) -> None:
    gitlab = ('job:\n  script:\n    - "\\x64eclare -p CI_REGISTRY_PASSWORD"\n'
              "    - lo'gg'er $CI_REGISTRY_PASSWORD\n")
    assert lint.scan(".gitlab-ci.yml", gitlab, "--select", "DCR003").where() == [
        ("DCR003", 3, 8, 3, 42), ("DCR003", 4, 7, 4, 37)]


def test_in_jenkins_spelled(lint: Lint) -> None:
    jenkins = "node {\n  sh \"\\u006cogger \\$REGISTRY_PASSWORD\"\n}\n"
    assert lint.scan("Jenkinsfile", jenkins, "--select", "DCR003").where() == [("DCR003", 2, 7, 2, 38)]


def test_no_secret_in_the_output(lint: Lint) -> None:
    text = f"docker login -u ci -p {PW} r.example.com\nlogger \"$REGISTRY_PASSWORD\"\n"
    run = lint.scan("a.sh", text)
    assert ("DCR003", 2, 1) in run.starts() and ("DCR002", 1, 23) in run.starts()
    assert PW not in run.printed
    sarif = lint("--format", "sarif", ".")
    assert PW not in sarif.printed
