"""Travis CI `env:`: one variable, two spellings. A mapping's entry (`env: {NAME: value}`, under
`global:` too, a list item `- NAME: value`, a job's `env:` in `jobs.include`) assigns NAME as the
`NAME=value` word does (held-out 19a GM2); `secure:` stays encrypted, `$VAR` a reference, a
name that says no secret a setting."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

TRAVIS = """\
language: python
env:
  RELAY_AUTH_TOKEN: Hq5wRt8zLm2KpX7vQ3
  RUNS: 3
  global:
    - secure: "c2VjdXJlLWJsb2ItZm9yLXRoZS10ZXN0LW9ubHk="
    - LISTED_TOKEN=Nw4kRz9pQx3MvT8b
    - MAPPED_TOKEN: Vb7qLm2xTz8RkW5n
jobs:
  include:
    - stage: test
      env:
        JOB_TOKEN: Pq8harbor41ZnsLk
        REF_TOKEN: $OTHER_TOKEN
        DEPLOY_TOKEN: changeme
      script:
        - ./run-tests.sh
"""


def test_a_mapping_entry_assigns_the_variable(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {".travis.yml": TRAVIS}, rules=frozenset({"DCR010"}))
    assert brief(results) == [(".travis.yml", 3, 21, "DCR010"), (".travis.yml", 7, 20, "DCR010"),
                              (".travis.yml", 8, 21, "DCR010"), (".travis.yml", 13, 20, "DCR010")]
    assert notes == []
