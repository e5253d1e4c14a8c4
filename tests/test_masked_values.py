"""DCR003 and values a CI runner masks: after `echo "::add-mask::$TOKEN"` in a GitHub Actions step
(or Azure Pipelines' `##vso[task.setsecret]`), the runner shows the value as `***` wherever the
log would show it; a print of the variable after is no leak. Before the mask, another variable, or
in a script file (which may run anywhere), it is."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

WORKFLOW = """\
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          TOKEN=$(aws ecr get-login-password)
          echo "token is $TOKEN"
          echo "::add-mask::$TOKEN"
          echo "token is $TOKEN"
          printf '%s\\n' "${TOKEN}" >&2
          echo "password is $REG_PASSWORD"
"""
AZURE = """\
trigger: [main]
pool: {vmImage: ubuntu-latest}
steps:
  - bash: |
      TOKEN=$(az acr login --name r --expose-token --query accessToken -o tsv)
      echo "##vso[task.setsecret]$TOKEN"
      echo "token is $TOKEN"
      echo "password is $REG_PASSWORD"
"""


def test_a_print_after_the_runner_masks_the_value_is_no_leak(tmp_path: Path) -> None:
    results, _ = engine_scan(tmp_path, {".github/workflows/m.yml": WORKFLOW, "azure-pipelines.yml": AZURE},
                             dedent=False, rules=frozenset({"DCR003"}))
    assert brief(results) == [
        (".github/workflows/m.yml", 8, 11, "DCR003"),  # before the mask
        (".github/workflows/m.yml", 12, 11, "DCR003"),  # another variable
        ("azure-pipelines.yml", 8, 7, "DCR003"),
    ]


def test_a_script_file_masks_nothing(tmp_path: Path) -> None:
    script = "#!/bin/sh\nTOKEN=$(make-token)\necho \"::add-mask::$TOKEN\"\necho \"token is $TOKEN\"\n"
    results, _ = engine_scan(tmp_path, {"ci/token.sh": script}, dedent=False, rules=frozenset({"DCR003"}))
    assert brief(results) == [("ci/token.sh", 4, 1, "DCR003")]


def test_the_mask_covers_the_text_it_was_given_then(tmp_path: Path) -> None:
    """R43: a mask printed before the variable is set masks nothing; a part or a transform of the
    value is text the runner was not given; a mask written to a file is no mask."""
    steps = """\
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "::add-mask::$TOKEN"
          TOKEN=$(aws ecr get-login-password)
          echo "token is $TOKEN"
      - run: |
          TOKEN=$(aws ecr get-login-password)
          echo "::add-mask::$TOKEN" >> "$GITHUB_OUTPUT"
          echo "token is $TOKEN"
      - run: |
          TOKEN=$(aws ecr get-login-password)
          echo "::add-mask::$TOKEN"
          echo "$TOKEN" | base64
          echo "$TOKEN" | tee -a "$GITHUB_OUTPUT"
"""
    results, _ = engine_scan(tmp_path, {".github/workflows/m.yml": steps}, dedent=False,
                             rules=frozenset({"DCR003"}))
    assert brief(results) == [(".github/workflows/m.yml", 9, 11, "DCR003"), (".github/workflows/m.yml", 13, 11, "DCR003"),
                              (".github/workflows/m.yml", 17, 11, "DCR003")]  # not the tee: the same text


MASKED_FIRST = """\
on: push
jobs:
  create:
    runs-on: ubuntu-latest
    steps:
      - run: |
          db_password="$(openssl rand -base64 12)"
          echo "before: $db_password"
          echo "::add-mask::$db_password"
          echo "db_password=$db_password" | tee -a "$GITHUB_OUTPUT"
          printf '%s\\n' "$db_password"
          echo "token: $API_TOKEN"
      - run: |
          echo "other step: $db_password"
"""


def test_a_value_masked_by_the_runner_before_is_printed_masked(tmp_path: Path) -> None:
    """After `echo "::add-mask::$X"` the runner writes `***` for X's value wherever the job
    prints it: a later print of X in the same script leaks nothing. A print before the mask,
    another variable, and another step's shell (where the mask's variable is not set) still
    report."""
    results, notes = engine_scan(tmp_path, {".github/workflows/ci.yml": MASKED_FIRST}, rules=frozenset({"DCR003"}))
    assert brief(results) == [(".github/workflows/ci.yml", 8, 11, "DCR003"), (".github/workflows/ci.yml", 12, 11, "DCR003"),
                              (".github/workflows/ci.yml", 14, 11, "DCR003")]
    assert notes == []
