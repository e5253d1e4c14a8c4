"""A shell parameter expansion of a secret variable with an operator is a reference, as `$TOKEN`
is: it yields the value or a part of it (`${T:-}`, `${T:0:4}`, `${T#p}`, `${T%%-*}`, `${T/a/b}`,
`${T^^}`, `${T@Q}`), so printing it leaks (DCR003) and giving it to a login is no literal
(DCR001 only). Not the alternative word (`${T:+w}`), the length (`${#T}`) nor the attributes
(`${T@a}`). `${!NAME}` expands the variable NAME names: a secret's when NAME is named for one or
for its name (`${!TOKEN_VAR}`). A plain default word (`${T:-word}`) is what the command gets
wherever T is unset, written in the file: a literal, reported as one (DCR002 for a login,
DCR023 for a created Secret), unless a stand-in.
"""

from __future__ import annotations

import pytest
from conftest import Lint

from dcrlint.references import expansion_default, secret_reference

PW = "Hq4wEr7tYu2IoP"  # a made-up password


@pytest.mark.parametrize(("text", "name"), [
    ("${DEPLOY_TOKEN:-}", "DEPLOY_TOKEN"),
    ("${DEPLOY_TOKEN-x}", "DEPLOY_TOKEN"),
    ("${DEPLOY_TOKEN:=x}", "DEPLOY_TOKEN"),
    ("${DEPLOY_TOKEN:?unset}", "DEPLOY_TOKEN"),
    ("${DEPLOY_TOKEN:0:4}", "DEPLOY_TOKEN"),
    ("${DEPLOY_TOKEN: -6}", "DEPLOY_TOKEN"),
    ("${DEPLOY_TOKEN#glpat-}", "DEPLOY_TOKEN"),
    ("${DEPLOY_TOKEN%%.*}", "DEPLOY_TOKEN"),
    ("${DEPLOY_TOKEN//a/b}", "DEPLOY_TOKEN"),
    ("${DEPLOY_TOKEN^^}", "DEPLOY_TOKEN"),
    ("${DEPLOY_TOKEN@Q}", "DEPLOY_TOKEN"),
    ("${DEPLOY_TOKENS[0]:0:4}", "DEPLOY_TOKENS"),
    ("${!TOKEN_VAR}", "TOKEN_VAR"),
    ("${!SECRET_NAME}", "SECRET_NAME"),
    ("${MODE:-$DEPLOY_TOKEN}", "DEPLOY_TOKEN"),  # the default word is read on
    ("${DEPLOY_TOKEN:+--token=$DEPLOY_TOKEN}", "DEPLOY_TOKEN"),
    # no value of a secret
    ("${DEPLOY_TOKEN:+set}", None),
    ("${DEPLOY_TOKEN+set}", None),
    ("${#DEPLOY_TOKEN}", None),
    ("${DEPLOY_TOKEN@a}", None),
    # a pattern that takes every character: nothing of the value is left (the masking idiom)
    ("${DEPLOY_TOKEN//?/*}", None), ("${DEPLOY_TOKEN/*/set}", None), ("${DEPLOY_TOKEN//*}", None),
    ("${DEPLOY_TOKEN##*}", None), ("${DEPLOY_TOKEN%%*}", None),
    ("${DEPLOY_TOKEN/?/*}", "DEPLOY_TOKEN"),  # the first character only
    ("${DEPLOY_TOKEN#*}", "DEPLOY_TOKEN"), ("${DEPLOY_TOKEN%*}", "DEPLOY_TOKEN"),  # the shortest match: none
    ("${!TOKEN_*}", None),  # names of variables
    ("${!TOKENS[@]}", None),  # keys of an array
    ("${!HOST_VAR}", None),
    ("${HOST:-x}", None),
])
def test_what_an_expansion_references(text: str, name: str | None) -> None:
    assert secret_reference(text) == name


@pytest.mark.parametrize(("text", "found"), [
    ("${PW:-abc}", ("PW", 6, 9)), ("${PW-abc}", ("PW", 5, 8)), ("${PW:=abc}", ("PW", 6, 9)),
    ("${PW:-}", None), ("${PW:-$OTHER}", None), ("${PW:-a b}", None), ("${PW:+abc}", None),
    ("x${PW:-abc}", None), ("${PW:?abc}", None),
])
def test_a_plain_default_word(text: str, found: tuple[str, int, int] | None) -> None:
    assert expansion_default(text) == found


PRINTS = """\
#!/bin/bash
echo "${REG_TOKEN:-}"
echo "prefix: ${REG_TOKEN:0:4}"
echo "${REG_TOKEN#ghp_}"
echo "${!TOKEN_VAR}"
echo "length ${#REG_TOKEN}"
echo "${REG_TOKEN:+token is set}"
"""


def test_printing_an_expansion_of_a_secret(lint: Lint) -> None:
    run = lint.scan("ci.sh", PRINTS)
    assert [(h.rule, h.line) for h in run.hits()] == [
        ("DCR003", 2), ("DCR003", 3), ("DCR003", 4), ("DCR003", 5)]


LOGINS = f"""\
#!/bin/bash
docker login -u ci -p "${{REG_TOKEN:-}}" registry.example.org
docker login -u ci -p "${{REG_TOKEN:0:40}}" registry.example.org
docker login -u ci -p "${{REG_TOKEN:-{PW}}}" registry.example.org
docker login -u ci -p "${{REG_TOKEN:-changeme}}" registry.example.org
echo "${{REG_TOKEN:-{PW}}}" | docker login -u ci --password-stdin registry.example.org
docker login -u ci --password-stdin registry.example.org <<< "${{REG_TOKEN:={PW}}}"
echo "${{REG_TOKEN:-}}" | docker login -u ci --password-stdin registry.example.org
kubectl create secret generic app --from-literal=api-token="${{API_TOKEN:-{PW}}}"
kubectl create secret generic app --from-literal=api-token="${{API_TOKEN:-}}"
"""


def test_a_login_given_an_expansion(lint: Lint) -> None:
    run = lint.scan("ci.sh", LOGINS)
    assert [(h.rule, h.line) for h in run.hits()] == [
        ("DCR001", 2), ("DCR001", 3), ("DCR001", 4), ("DCR001", 5),
        ("DCR002", 4), ("DCR002", 6), ("DCR002", 7), ("DCR023", 9)]
    found = {h.line: h for h in run.hits("DCR002", "DCR023")}
    assert found[4].column == 37 and found[4].end_column == 37 + len(PW)  # the default word
    assert "written as REG_TOKEN's default" in found[4].message
    assert "written as a variable's default" in found[9].message
    assert PW not in run.printed
