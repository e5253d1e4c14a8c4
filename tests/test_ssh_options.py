"""ssh's options given in a variable: `ssh $OPTS user@host cmd` (an unquoted expansion splits into
words: a jump host, a key file; in Groovy an option string `${jumpArgs}`), and a `user@host` after
it is where ssh goes, never the command it runs there. An expansion that is the host (quoted, or
with no destination after it) stays the host."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize("text", [
    "ssh $SSH_OPTS ops@build-07 'docker login -u me -p hunter2 r'",
    "ssh ${JUMP} ops@$TARGET docker login -u me -p hunter2 r",
    "ssh -t $SSH_OPTS ssh://ops@build-07:2222 'docker login -u me -p hunter2 r'",
])
def test_a_bare_expansion_before_the_destination_is_ssh_options(lint: Any, text: str) -> None:
    """`ssh $OPTS user@host cmd`: an unquoted expansion splits into words (a jump host, a key
    file), and a `user@host` after it is where ssh goes, never the command it runs there."""
    run = lint.scan("deploy.sh", f"#!/bin/sh\n{text}\n", "--fail-on", "never", "--select", "DCR001")
    assert run.starts() == [("DCR001", 2, text.index("hunter2") + 1)]
    assert "hunter2" not in run.out


def test_a_groovy_option_string_before_the_destination_is_ssh_options(lint: Any) -> None:
    text = ("node {\n  withCredentials([usernamePassword(credentialsId: 'r', usernameVariable: 'RU',"
            " passwordVariable: 'RP')]) {\n"
            "    sh \"\"\"\n      ssh ${jumpArgs} ${remote.user}@${remote.host} \\\\\n"
            "        'docker login r.example.test -u ${RU} --password=${RP} && docker pull x'\n    \"\"\"\n  }\n}\n")
    run = lint.scan("Jenkinsfile", text, "--fail-on", "never", "--select", "DCR001,DCR012")
    column = text.splitlines()[4].index("${RP}") + 1
    assert run.starts() == [("DCR001", 5, column), ("DCR012", 5, column)]


@pytest.mark.parametrize("text", [
    "ssh \"$HOST_ALIAS\" 'docker login -u me -p hunter2 r'",  # quoted: one word, the host
    "ssh $HOST_ALIAS 'docker login -u me -p hunter2 r'",  # no destination after it: it is the host
])
def test_an_expansion_that_is_the_host_stays_the_host(lint: Any, text: str) -> None:
    run = lint.scan("deploy.sh", f"#!/bin/sh\n{text}\n", "--fail-on", "never", "--select", "DCR001")
    assert run.starts() == [("DCR001", 2, text.index("hunter2") + 1)]


def test_ssh_to_a_user_at_host_after_an_expansion_runs_no_command(lint: Any) -> None:
    run = lint.scan("deploy.sh", "#!/bin/sh\nssh $SSH_OPTS ops@build-07\n", "--fail-on", "never")
    assert run.findings == []
