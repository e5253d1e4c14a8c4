"""Principles found reading CI definitions of repositories nobody here had read (session 13,
second reader): each with the near misses that must still be reported (files written for
these tests)."""

from __future__ import annotations

from conftest import run_checks, scanned, where
from test_positions import unmark

Spans = list[tuple[int, int, int, int]]


def _found(marked: str, path: str, rule: str) -> tuple[Spans, Spans]:
    plain, spans = unmark(marked)
    file = scanned(plain, path)
    return [w[1:] for w in where(file, run_checks(file, rule))], spans


# --- DCR011: a CircleCI parameter whose type holds no text --------------------------------------

def test_a_circleci_switch_count_or_choice_parameter_pastes_no_secret() -> None:
    """A parameter declared `boolean`, `integer` or `enum` is a switch, a count or one of the
    listed words, whatever its name says (`fetch_secrets: true`): pasting it pastes no secret. A
    `string` parameter, a name declared `boolean` in one place and `string` in another, and a
    pipeline parameter of type string are still pasted."""
    text = """\
version: 2.1
parameters:
  deploy_token:
    type: string
    default: ""
commands:
  fetch:
    parameters:
      fetch_secrets:
        type: boolean
        default: false
      token_retries:
        type: integer
        default: 3
      secret_store:
        type: enum
        enum: [vault, sm]
        default: vault
      api_token:
        type: string
        default: ""
      rotate_password:
        type: boolean
        default: false
    steps:
      - run: |
          if [ << parameters.fetch_secrets >> == true ]; then echo fetching; fi
          for i in $(seq << parameters.token_retries >>); do ./fetch --from << parameters.secret_store >>; done
          curl -H "Authorization: Bearer «<< parameters.api_token >>»" https://api.example.com
          echo "«<< pipeline.parameters.deploy_token >>»" > token.txt
          ./rotate «<< parameters.rotate_password >>»
  other:
    parameters:
      rotate_password:
        type: string
        default: ""
    steps:
      - run: echo ok
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - fetch
"""
    found, spans = _found(text, ".circleci/config.yml", "DCR011")
    assert found == spans


# --- DCR050: the token given as a URL's user, the scheme's word as its password ------------------

def test_a_token_user_with_the_schemes_fixed_password_word_is_no_literal_password() -> None:
    """`https://$TOKEN:x-oauth-basic@host/...`: the token is the user, read from a variable, and
    the password slot holds the word the scheme takes there, the same for everybody. A literal
    password after a variable user, the same word after a literal user (nothing says the user
    is the token), and a real-looking password after a user named like the word stay reported."""
    text = """\
#!/bin/sh
git clone "https://$GIT_TOKEN:x-oauth-basic@git.example.com/team/lib.git"
git clone "https://${GIT_TOKEN}:x-oauth-basic@git.example.com/team/lib.git"
git clone "https://$GIT_USER:«Zq7hunter2Lk9»@git.example.com/team/lib.git"
git clone "https://deploy:«x-oauth-basic»@git.example.com/team/lib.git"
git clone "https://x-oauth-basic:«Mx3quartzVb8»@git.example.com/team/lib.git"
"""
    found, spans = _found(text, "scripts/checkout.sh", "DCR050")
    assert found == spans


# --- DCR003: a function's output that another function's callers capture -------------------------

FETCHED = 'token=$(curl -fsS -H "Authorization: Bearer $JWT" https://api.example.com/tokens | jq -r .token)'


def test_a_function_run_as_another_functions_result_prints_to_its_callers() -> None:
    """`g() { ...; f; }` called only as `x=$(g)`: what `f` prints is `g`'s output, read into `x`
    (so is `f`'s, through `g`, however deep). Reported at the command: `g` also called on its
    own (shown), `f` also called on its own, `f` run inside a function nobody captures, and a
    holder of the result printed later."""
    silent = f"""\
mint_token() {{
  {FETCHED}
  printf '%s' "$token"
}}
resolve_token() {{
  if [ -n "$APP_ID" ]; then
    mint_token
    return 0
  fi
  printf '%s' "$GIVEN_TOKEN"
}}
outer_token() {{
  resolve_token
}}
TOKEN=$(resolve_token)
OTHER=$(outer_token)
"""
    found, spans = _found(silent, "scripts/token.sh", "DCR003")
    assert found == spans == []
    reported = f"""\
mint_token() {{
  {FETCHED}
  «printf '%s' "$token"»
}}
resolve_token() {{
  mint_token
}}
TOKEN=$(resolve_token)
resolve_token
"""
    found, spans = _found(reported, "scripts/token.sh", "DCR003")
    assert found == spans and spans
    direct = reported.replace("\nresolve_token\n", "\nmint_token\n")
    found, spans = _found(direct, "scripts/token.sh", "DCR003")
    assert found == spans and spans
    uncaptured = f"""\
mint_token() {{
  {FETCHED}
  «printf '%s' "$token"»
}}
show_token() {{
  mint_token
}}
show_token
"""
    found, spans = _found(uncaptured, "scripts/token.sh", "DCR003")
    assert found == spans and spans
    printed_later = f"""\
mint_token() {{
  {FETCHED}
  printf '%s' "$token"
}}
resolve_token() {{
  mint_token
}}
TOKEN=$(resolve_token)
«echo "token: $TOKEN"»
"""
    found, spans = _found(printed_later, "scripts/token.sh", "DCR003")
    assert found == spans and spans


# --- DCR010: a list of stored secrets' paths by `;`, each with the variable it goes to -----------

def test_a_semicolon_list_of_store_paths_with_variables_names_stored_secrets() -> None:
    """An orb step's `secrets:` written `path|VARIABLE;path;` names the entries a secret store
    keeps (and the variables they are loaded into), not their values. A single entry, a list
    whose parts are no lower-case store paths, and a mixed-case value with a `/` stay reported."""
    text = """\
version: 2.1
orbs:
  store: example/store@1.0.0
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - store/load:
          secrets: "team/ci/db-password|DB_PASSWORD;team/ci/api-key;"
      - store/load:
          secrets: "team/ci/db-password|DB_PASSWORD ; team/ci/api-key|API_KEY"
      - store/load:
          secrets: "«Kq2v/N8sLw;Tz9/xQ»"
      - store/load:
          secrets: "«S3cr/et|X;ab/cd»"
      - store/load:
          api_token: "«Rt6cobaltNp2;Mx3quartzVb8»"
"""
    found, spans = _found(text, ".circleci/config.yml", "DCR010")
    assert found == spans


# --- DCR003: an array element's subscript is not printed -----------------------------------------

def test_an_array_elements_subscript_is_not_what_is_printed() -> None:
    """`echo "${names[$secret_key]}"` prints the element the key selects (here a variable's
    name), not the key. The key printed itself, a secret in the default after an element, and a
    secret printed beside the element stay reported."""
    text = """\
#!/bin/bash
declare -A names
names["$secret_key"]="DB_PASSWORD"
echo "Environment variable ${names[$secret_key]} set."
echo "Loaded ${names[$api_token]}"
«echo "key: $secret_key"»
«echo "${names[$k]:-$db_password}"»
«echo "${names[$k]} $api_token"»
"""
    found, spans = _found(text, "scripts/load.sh", "DCR003")
    assert found == spans
