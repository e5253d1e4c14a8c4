"""Principles found reading CI scripts in repositories nobody here had read: each
with the near misses that must still be reported (files written here)."""

from __future__ import annotations

from typing import Any

import pytest


def _traced(lint: Any, path: str, text: str) -> list[int]:
    run = lint.scan(path, text, "--fail-on", "never", "--select", "DCR003")
    return [line for _, line, *_ in run.where()]


ECHO_LOGIN = 'echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.example.org\n'


# --- DCR003: `sh -x FILE` traces FILE, none of this script's commands ---------------------------

@pytest.mark.parametrize("run", ["sh -x ./ci/build.sh push", "bash -ex deploy.sh", "bash -o xtrace ./release.sh v1"])
def test_a_script_file_run_traced_traces_none_of_this_script(lint: Any, run: str) -> None:
    """The trace is of the other file's commands; this script's login is never traced."""
    assert _traced(lint, "ci.sh", f"#!/bin/sh\n{ECHO_LOGIN}{run}\n") == []


@pytest.mark.parametrize("text", [
    "sh -xc 'echo \"$REGISTRY_PASSWORD\" | docker login -u ci --password-stdin registry.example.org'\n",
    f"bash -x <<'EOF'\n{ECHO_LOGIN}EOF\n",  # the -c script and stdin are this file's text
    f"set -x\n{ECHO_LOGIN}",
])
def test_tracing_of_this_files_text_is_still_reported(lint: Any, text: str) -> None:
    assert _traced(lint, "ci.sh", f"#!/bin/sh\n{text}") == [2]


# --- logins: docker's old `-e EMAIL` takes a value, it names no registry --------------------------

@pytest.mark.parametrize(("line", "registry"), [
    ("docker login -e $DOCKER_EMAIL -u $DOCKER_USER -p $DOCKER_PASS", None),
    ("docker login --email=ci@example.org -u ci -p $DOCKER_PASS", None),
    ("docker login --email ci@example.org -u ci -p $DOCKER_PASS registry.example.org", "registry.example.org"),
])
def test_an_email_option_is_no_registry(lint: Any, line: str, registry: str | None) -> None:
    run = lint.scan("push.sh", f"#!/bin/sh\n{line}\n", "--fail-on", "never", "--select", "DCR001")
    [finding] = run.json()["findings"]
    assert (finding["start"]["line"], finding["start"]["column"]) == (2, line.index("-p ") + 4)
    named = finding["message"].split("` to ", 1)[1].split(" gets ")[0] if "` to " in finding["message"] else None
    assert named == registry


# --- DCR003: a trace shows a command's words, never its redirections ----------------------------
# (bash 5.2, dash and zsh print `+ docker login -u ci --password-stdin r.example.org` for each)

@pytest.mark.parametrize("login", [
    "docker login -u _json_key --password-stdin https://gcr.example.org < ~/.gcloud-key.json",
    'docker login -u ci --password-stdin registry.example.org <<< "$REGISTRY_PASSWORD"',
    'docker login -u ci --password-stdin registry.example.org <<EOF\n$REGISTRY_PASSWORD\nEOF',
    'tr -d "\\n" < "$KEY_FILE" | docker login -u ci --password-stdin registry.example.org',
])
def test_a_credential_fed_by_a_redirection_is_not_traced(lint: Any, login: str) -> None:
    assert _traced(lint, "ci.sh", f"#!/bin/bash\nset -x\n{login}\n") == []


@pytest.mark.parametrize("login", [
    'docker login -u ci --password-stdin registry.example.org <<< "$(printf %s "$REGISTRY_PASSWORD")"',
    "docker login -u ci --password-stdin registry.example.org <<EOF\n`echo $REGISTRY_PASSWORD`\nEOF",
    ECHO_LOGIN.rstrip("\n"),
    'docker login -u ci --password "$(cat ~/.key)" registry.example.org < /dev/null',
    'sed "s/^/$REGISTRY_TOKEN/" < "$KEY_FILE" | docker login -u ci --password-stdin registry.example.org',
])
def test_a_credential_a_traced_command_shows_is_reported(lint: Any, login: str) -> None:
    """A command substitution in the redirection runs traced (`++ printf %s <password>`)."""
    assert _traced(lint, "ci.sh", f"#!/bin/bash\nset -x\n{login}\n") == [2]


# --- DCR023: a Tekton parameter naming a Secret's key holds a name, dotted keys too ---------------

KEY_TASK = """\
apiVersion: tekton.dev/v1
kind: Task
metadata: {{name: comment}}
spec:
  params:
    - name: {name}
      description: {description}
      default: {default}
  steps:
    - name: post
      image: alpine
      env:
        - name: TOKEN
          valueFrom: {{secretKeyRef: {{name: bot, key: $(params.{name})}}}}
      script: echo posting
"""


@pytest.mark.parametrize(("name", "description", "default"), [
    ("BOT_SECRET_KEY", "The key within the Kubernetes Secret that holds the token.", ".git-credentials"),
    ("BOT_SECRET_KEY", "Which entry to read.", ".netrc"),  # (by its name: a secret's key)
    ("bot-token", "Key of the secret holding the token.", ".token"),  # (by its description)
])
def test_a_dotted_secret_key_is_a_name(lint: Any, name: str, description: str, default: str) -> None:
    text = KEY_TASK.format(name=name, description=description, default=default)
    assert lint.scan("task.yaml", text, "--fail-on", "never", "--select", "DCR023").where() == []


@pytest.mark.parametrize(("name", "description", "default"), [
    ("BOT_SECRET_KEY", "Which entry to read.", ".Xq7!vR2#kp9"),  # no key's spelling
    ("bot-token", "The token to post with.", ".Zq8vN3kLw2Rt"),  # a token, no word of a secret
    ("REGISTRY_PASSWORD", "The key within the Secret.", "'.hunter2 again'"),
])
def test_a_secret_beginning_with_a_dot_is_still_reported(lint: Any, name: str, description: str, default: str) -> None:
    text = KEY_TASK.format(name=name, description=description, default=default)
    run = lint.scan("task.yaml", text, "--fail-on", "never", "--select", "DCR023")
    assert [(r, line) for r, line, *_ in run.where()] == [("DCR023", 8)]
