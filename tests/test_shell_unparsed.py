"""Shell contexts left unparsed: no check's command filter holds on them, or only a filter whose
file-wide `when` fails (a logout in a file without a login). The logins that make a logout
count are found however they are spelled."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import run_checks, scanned, where

from dcrlint.facts import SHELL_SCRIPTS, CommandFilter

WF = ".github/workflows/ci.yml"
HEAD = "on: push\njobs:\n  a:\n    runs-on: [self-hosted, linux]\n    steps:\n"
LOGOUT = "      - if: always()\n        run: docker lo\"gout\" dcr.example.com\n"


def _parsed(text: str) -> list[bool]:
    """Per shell context of the workflow, whether it was parsed (holds a command)."""
    return [bool(script.commands) for _, script in scanned(text, WF).get(SHELL_SCRIPTS)]


def test_unparsed_contexts_share_an_empty_script() -> None:
    text = HEAD + "      - run: make\n      - run: make test\n"
    scripts = [script for _, script in scanned(text, WF).get(SHELL_SCRIPTS)]
    assert len(scripts) == 2 and scripts[0] is scripts[1] and scripts[0].commands == ()


def test_a_logout_is_not_parsed_in_a_file_without_a_login() -> None:
    assert _parsed(HEAD + "      - run: make\n" + LOGOUT) == [False, False]


@pytest.mark.parametrize("login", [
    "      - run: echo \"$P\" | do\"cker\" lo\\gin dcr.example.com -u ci --password-stdin\n",
    "      - run: |\n          echo \"$P\" | DOCKER 'lo'gin \\\n            dcr.example.com -u ci --password-stdin\n",
    "      - run: \"echo $P | docker \\x6cogin dcr.example.com -u ci --password-stdin\"\n",
])
def test_a_shell_login_anywhere_in_the_file_makes_the_logout_count(login: str) -> None:
    text = HEAD + login + LOGOUT
    assert _parsed(text) == [True, True]
    assert run_checks(scanned(text, WF), "DCR014") == []
    assert len(run_checks(scanned(HEAD + login, WF), "DCR014")) == 1


@pytest.mark.parametrize("uses", [
    "docker/login-action@v3", "\"docker/\\x6cogin-action@v3\"", "Docker/Login-Action@v3",
    "\"aws-actions/amazon-ecr-\\u006cogin@v2\"",
])
def test_a_login_action_makes_the_logout_count(uses: str) -> None:
    key = "skip-logout: true" if "ecr" in uses else "logout: false"
    text = (HEAD.replace("[self-hosted, linux]", "ubuntu-latest")
            + f"      - uses: {uses}\n        with:\n          registry: dcr.example.com\n          {key}\n")
    assert len(run_checks(scanned(text, WF), "DCR014")) == 1
    # the always-run logout clears what the action keeps: it must have been parsed
    if "ecr" not in uses:
        assert run_checks(scanned(text + LOGOUT, WF), "DCR014") == []
        assert _parsed(text + LOGOUT) == [True]


# --- DCR003's environment dumps: parsed only in a context that may hold secrets -----------

EVERY_CONTEXT = (CommandFilter("every context", lambda text, settings: True),)


def _dcr003(text: str, path: str, every: bool = False) -> list[Any]:
    file = scanned(text, path)
    if every:
        file.commands = EVERY_CONTEXT
    return where(file, run_checks(file, "DCR003"))


def test_an_environment_dump_without_secrets_is_not_parsed() -> None:
    text = "set -e\nmake\nenv\n"
    assert [bool(s.commands) for _, s in scanned(text, "build.sh").get(SHELL_SCRIPTS)] == [False]
    assert _dcr003(text, "build.sh") == _dcr003(text, "build.sh", every=True) == []


@pytest.mark.parametrize(("path", "text"), [
    ("build.sh", ': "$REGISTRY_PASS""WORD"\ne\\nv\n'),  # a secret read, quote-split
    ("build.sh", "echo \"$T\" | do\"cker\" lo\\gin -u ci --password-stdin r.example.com\ns'et'\n"),  # a login
    ("build.sh", "docker login -u ci --password-stdin r.example.com < f\nexport -p\n"),
    (WF, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      T: \"${{ \\x73ecrets.T }}\"\n"
         "    steps:\n      - run: |\n          make\n          env\n"),  # a YAML-escaped secret in `env:`
    (WF, "on: push\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n      - shell: pwsh\n"
         "        env:\n          T: ${{ secrets.T }}\n        run: |\n          Get-Child`Item ENV`:\n"),
])
def test_an_environment_dump_where_secrets_may_be_is_reported(path: str, text: str) -> None:
    every = _dcr003(text, path, every=True)
    assert every, "DCR003 reports the dump when every context is parsed"
    assert _dcr003(text, path) == every


# --- a statement is tested by the filters that held on its context only ----------------------

PW = "Zq8xW3vN5tR7yU1"


@pytest.mark.parametrize("text", [
    f'do"cker" lo\\gin -u bob -p {PW} r.example.com\ne"cho" "$REGISTRY_PASS""WORD"\ns\'et\'\n',
    f"make\nkube'ctl' create secret docker-registry s --docker-password={PW}\necho $'\\x24'TOKEN\n",
    f"set -x\nDOCKER login -u bob -p {PW} r.example.com\ndocker lo\"gout\" r.example.com\nenv\n",
])
def test_each_statement_read_as_when_every_filter_tests_it(text: str) -> None:
    every = scanned(text, "deploy.sh")
    every.commands = EVERY_CONTEXT
    file = scanned(text, "deploy.sh")
    for rule in ("DCR001", "DCR002", "DCR003"):
        assert where(file, run_checks(file, rule)) == where(every, run_checks(every, rule))
    assert where(file, run_checks(file)), "something is found"
    (_, script), = file.get(SHELL_SCRIPTS)
    assert script.commands


# --- a file's filters asked of its contexts together first; a filter asked only where it can hold

def _spy(asked: list[str], word: str, kinds: Any = None) -> CommandFilter:
    """A filter holding on texts that hold `word`, noting each text it is asked about."""
    def test(text: str, settings: Any) -> bool:
        asked.append(text)
        return word in text
    return CommandFilter("spy", test, kinds=kinds)


def _spied(text: str, path: str, flt: CommandFilter) -> list[bool]:
    file = scanned(text, path)
    file.commands = (flt,)
    return [bool(script.commands) for _, script in file.get(SHELL_SCRIPTS)]


def test_a_filter_failing_on_the_contexts_together_is_not_asked_of_each() -> None:
    asked: list[str] = []
    text = HEAD + "      - run: make\n      - run: make test\n      - run: make dist\n"
    assert _spied(text, WF, _spy(asked, "deploy")) == [False, False, False]
    assert len(asked) == 1 and all(step in asked[0] for step in ("make\n", "make test", "make dist"))
    asked.clear()
    assert _spied(text + "      - run: ./deploy\n", WF, _spy(asked, "deploy")) == [False, False, False, True]
    assert len(asked) == 1 + 4 + 1  # together, each context, the statement of the one that held


@pytest.mark.parametrize("steps", [
    "      - run: env\n      - run: make\n",  # a dump ending its context's text
    "      - run: make \\\n      - run: env\n",  # a line continuation ending the one before
    "      - run: make \"\n      - run: env\n",  # a quote left open in the one before
])
def test_what_each_context_holds_is_found_beside_the_others(steps: str) -> None:
    text = HEAD.replace("    steps:\n", "    env:\n      T: ${{ secrets.T }}\n    steps:\n") + steps
    every = _dcr003(text, WF, every=True)
    assert every, "the dump is reported"
    assert _dcr003(text, WF) == every


def test_a_filter_is_not_asked_in_a_kind_where_it_cannot_hold() -> None:
    from dcrlint.classify import FileKind

    asked: list[str] = []
    text = "echo deploy\n./deploy\n"
    assert _spied(text, "build.sh", _spy(asked, "deploy", frozenset({FileKind.GITLAB_CI}))) == [False]
    assert asked == []
    assert _spied(text, "build.sh", _spy(asked, "deploy", frozenset({FileKind.SHELL}))) == [True]
    assert asked
