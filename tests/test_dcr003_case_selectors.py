"""DCR003 and a variable a `case` tells apart by modes' names: `case "$X_TOKEN" in none|app|pat)
;; *) echo "... got '$X_TOKEN'" ;; esac` validates a selector (which way to get a token, an
input whose values are those words); the arm that prints it is the one for a value that is none
of them. Every arm's pattern a lower-case word or `*`, two words or more. A `case` on `""` or on
a glob (`ghp_*`), and a selector-tested variable the script sets from a command, still report."""

from __future__ import annotations

from conftest import Lint

SCRIPT = """#!/bin/bash
set -euo pipefail
case "$BUILD_GITHUB_TOKEN" in
  none|app|pat|job-token) ;;
  *)
    echo "BUILD_GITHUB_TOKEN must be none, app, pat or job-token, got '$BUILD_GITHUB_TOKEN'"
    exit 1
    ;;
esac
case "$API_TOKEN" in
  "") echo "missing" ;;
  *) echo "token: $API_TOKEN" ;;
esac
case "$GH_TOKEN" in
  ghp_*|gho_*) echo "classic: $GH_TOKEN" ;;
  *) ;;
esac
DEPLOY_TOKEN=$(vault read -field=token secret/ci)
case "$DEPLOY_TOKEN" in
  none|app) ;;
  *) echo "got $DEPLOY_TOKEN" ;;
esac
"""

WORKFLOW = """on:
  workflow_call:
    inputs:
      BUILD_GITHUB_TOKEN:
        type: string
        default: none
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - env:
          BUILD_GITHUB_TOKEN: ${{ inputs.BUILD_GITHUB_TOKEN }}
        run: |
          case "$BUILD_GITHUB_TOKEN" in
            none|app|pat) ;;
            *) echo "::error::BUILD_GITHUB_TOKEN must be none, app or pat, got '$BUILD_GITHUB_TOKEN'"; exit 1 ;;
          esac
"""


def test_a_selector_told_apart_by_modes_names(lint: Lint) -> None:
    assert lint.scan("ci/select.sh", SCRIPT, "--select", "DCR003").where() == [
        ("DCR003", 12, 6, 12, 30),   # a case on "": the token itself
        ("DCR003", 15, 16, 15, 41),  # a glob: the token's prefix
        ("DCR003", 21, 6, 21, 30),   # set from a command: what it holds is the token
    ]


def test_in_a_workflow_step(lint: Lint) -> None:
    assert lint.scan(".github/workflows/build.yml", WORKFLOW, "--select", "DCR003").where() == []
