"""A function's output written into a heredoc that `cat` sends to a file or a program (`cat
<<EOF > f`, `>> f`, `| kubectl apply -f -`, `| base64 > f`), or into `echo`/`printf` words
sent away, goes where they write, not to the log: the function's print is not DCR003 there.
`cat <<EOF` alone, `| tee f`, `| base64` or `>&2` still show it (3e7d97b's reading)."""

from __future__ import annotations

from typing import Any

import pytest

FUNCTION = 'get_pw() {\n  echo "$REGISTRY_PASSWORD"\n}\n'


def _script(use: str) -> str:
    return f"#!/bin/bash\n{FUNCTION}{use}\necho done\n"


@pytest.mark.parametrize("use", [
    "cat <<EOF > /etc/app.conf\npassword: $(get_pw)\nEOF",
    "cat <<EOF >> app.env\npassword=$(get_pw)\nEOF",
    "cat > app.env <<EOF\npassword=$(get_pw)\nEOF",
    "cat <<EOF | kubectl apply -f -\nstringData:\n  password: $(get_pw)\nEOF",
    "cat <<EOF | base64 > creds.b64\n$(get_pw)\nEOF",
    "cat <<-EOF | tee f > /dev/null\n\tpassword: `get_pw`\n\tEOF",
    "TOKEN=$(cat <<EOF\n$(get_pw)\nEOF\n)",
    'echo "password: $(get_pw)" > app.env',
    'printf \'%s\\n\' "$(get_pw)" | docker login -u bot --password-stdin r.example.org',
    # with the usual whole-value assignment beside it
    "PW=$(get_pw)\ncat <<EOF > f\n$(get_pw)\nEOF",
])
def test_a_result_sent_away_is_not_shown(lint: Any, use: str) -> None:
    run = lint.scan("deploy.sh", _script(use), "--fail-on", "never", "--select", "DCR003")
    assert run.starts() == []


@pytest.mark.parametrize("use", [
    "cat <<EOF\npassword: $(get_pw)\nEOF",
    "cat <<EOF | tee f\npassword: $(get_pw)\nEOF",
    "cat <<EOF | base64\n$(get_pw)\nEOF",
    "cat <<EOF >&2\npassword: $(get_pw)\nEOF",
    "cat <<EOF | sed s/a/b/ | tee -a f\n$(get_pw)\nEOF",
    'echo "password: $(get_pw)"',
    # one call sent away, one shown
    "cat <<EOF > f\n$(get_pw)\nEOF\ncat <<EOF\n$(get_pw)\nEOF",
])
def test_a_result_shown_is_reported_where_the_function_prints(lint: Any, use: str) -> None:
    run = lint.scan("deploy.sh", _script(use), "--fail-on", "never", "--select", "DCR003")
    assert run.starts() == [("DCR003", 3, 3)]


def test_in_a_gitlab_script(lint: Any) -> None:
    text = ("deploy:\n  script:\n    - |\n      get_pw() {\n        echo \"$REGISTRY_PASSWORD\"\n      }\n"
            "      cat <<EOF > app.env\n      password=$(get_pw)\n      EOF\n      echo done\n"
            "other:\n  script:\n    - |\n      get_pw() {\n        echo \"$REGISTRY_PASSWORD\"\n      }\n"
            "      cat <<EOF\n      password: $(get_pw)\n      EOF\n      echo done\n")
    run = lint.scan(".gitlab-ci.yml", text, "--fail-on", "never", "--select", "DCR003")
    assert run.starts() == [("DCR003", 15, 9)]
