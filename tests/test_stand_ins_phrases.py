"""A value whose words say what goes there, rather than being it, stands in for a credential
(values.not_a_secret), in every kind of file, each with the near misses that stay reported:
`noop`, `generated-password`, the word `key` itself, a list of claim names; a phrase describing
the value to put (`very-long-random-alphanumeric-text`, `random_salt`: a random value never calls
itself random); `here` as its own word after a word asking for a value (`token-goes-here`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _helpers import found as _found
from _helpers import scan_as_written as scan
from conftest import brief, engine_scan


def test_noop_is_a_stand_in() -> None:
    """A test settings file gives each service's credential the word `noop` (no operation: the
    service is not called); a CI step env does the same. A value that only starts with the word
    is still a literal."""
    env = """\
GITHUB_CLIENT_SECRET=noop
AGENT_API_TOKEN=NOOP
MAIL_PASSWORD=no-op
DB_PASSWORD=«noop2024»
"""
    found, spans = _found(env, "app/.env.test", "DCR023")
    assert found == spans
    workflow = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    env:
      NOTIFY_TOKEN: noop
      CACHE_PASSWORD: «noop-Kq8vT2»
    steps:
      - run: make test
"""
    found, spans = _found(workflow, ".github/workflows/test.yml", "DCR010")
    assert found == spans


def test_a_generated_value_stands_in() -> None:
    """An example build's `PRINCIPAL_PASSWORD=generated-password` says the real value is made
    elsewhere; a value that only starts with the word is still a literal."""
    text = """\
steps:
- name: gcr.io/example/kubectl
  args: ['version']
  env: ["GROUP=test-rg", "PRINCIPAL_PASSWORD=generated-password", "TENANT_ID=my-tenant"]
- name: gcr.io/example/kubectl
  args: ['version']
  env: ["PRINCIPAL_PASSWORD=«generated-Kq8vT2mW»"]
"""
    found, spans = _found(text, "cloudbuild.yaml", "DCR010")
    assert found == spans


def test_a_word_for_the_key_and_a_list_of_names_stand_in() -> None:
    """A test workflow gives an action `private-key: "key"` (the word itself); an action's input
    named with the verb `pass` defaults to a list of claim names. A key-shaped value and a list
    holding a password-shaped word are still literals."""
    workflow = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: ./deploy
        with:
          app-private-key: "key"
          app-token: "KEY2"
      - uses: ./deploy
        with:
          app-private-key: "«keyKq8vT2mW»"
"""
    found, spans = _found(workflow, ".github/workflows/test.yml", "DCR010")
    assert found == spans
    action = """\
name: auth
inputs:
  pass-claims:
    default: "event_name, repository_owner, job_workflow_ref, ref"
  api-token:
    default: "«admin, hunter2»"
runs:
  using: composite
  steps:
    - run: echo ok
      shell: bash
"""
    found, spans = _found(action, "actions/auth/action.yaml", "DCR010")
    assert found == spans


DESCRIBED = """\
services:
  forge:
    image: example/forge:1
    environment:
      - FORGE_SECRET_KEY_BASE=very-long-random-alphanumeric-text
      - FORGE_COOKIE_SECRET=alphanumeric_key_of_64_chars
      - FORGE_SIGNING_SALT=random_salt
      - FORGE_DB_PASSWORD=blah
      - FORGE_CACHE_PASSWORD=blahblah
      - FORGE_QUEUE_PASSWORD=tidal-harbor-lantern
      - FORGE_MAIL_PASSWORD=random-tidal-harbor
"""


def test_words_describing_the_value_to_put_stand_in_for_it(tmp_path: Path) -> None:
    """A phrase of words that says the value is random or alphanumeric and names a kind of value
    (`very-long-random-alphanumeric-text`, `random_salt`) describes what to put there: a random
    value never calls itself random. Filler words (`blah`) stand in as `foo` does. A passphrase of
    plain words stays a password, also one holding `random` but naming no kind of value."""
    results, notes = engine_scan(tmp_path, {"compose.yaml": DESCRIBED}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("compose.yaml", 10, 30, "DCR023"), ("compose.yaml", 11, 29, "DCR023")]
    assert notes == []


@pytest.mark.parametrize("value", [
    "random-token-q7w2e9r4t6y1", "alphanumeric-secret-Pz4Kw8Nq2Lx6", "b7n2-random-value-k9d4",
    "random-password-qzxcvbnmwt", "Random-Password", "Alphanumeric_Key_2025",
])
def test_a_describing_phrase_holds_words_only(tmp_path: Path, value: str) -> None:
    """Every part of a describing phrase is a lower-case word or a short number: a key after
    or before describing words (`random-token-<key>`), mixed case, a run of five consonants are
    a credential with a prefix, reported as before."""
    from dcrlint.values import ValueKind, classify

    assert classify(value) is ValueKind.LITERAL
    results, _ = engine_scan(tmp_path, {".env": f"SIGNING_TOKEN={value}\n"}, rules=frozenset({"DCR023"}))
    assert brief(results) == [(".env", 1, 15, "DCR023")]


HERE = """\
services:
  broker:
    image: rabbitmq:4
    environment:
      MQ_PASSWORD: Atmosphere
      RELAY_PASSWORD: NothingToSeeHere
      SINK_PASSWORD: token-goes-here
      TAP_PASSWORD: PasteTokenHere
      FEED_PASSWORD: YOUR_PASSWORD_HERE
"""


def test_here_stands_in_only_as_a_word_asked_for(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"compose.yaml": HERE}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("compose.yaml", 5, 20, "DCR023"), ("compose.yaml", 6, 23, "DCR023")]
