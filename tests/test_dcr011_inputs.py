"""DCR011 (held-out 18a D3, as the lead adopted): a composite action's or a reusable workflow's
input named for a secret, written as `${{ inputs.X }}` into `run:` text, is the secret its caller
passed pasted into the script, as `${{ secrets.X }}` is; the fix is the same (the step's `env:`).
An input named for nothing secret, an input the file does not declare for its callers, and a test
of one (`inputs.X != ''`) are not."""

from __future__ import annotations

from typing import Any

ACTION = """name: ship
inputs:
  reg_password:
    required: true
  tag:
    required: true
runs:
  using: composite
  steps:
    - shell: bash
      run: |
        printf '%s' "${{ inputs.reg_password }}" | docker login -u ci --password-stdin reg.example.com
        docker push "reg.example.com/app:${{ inputs.tag }}"
        echo "${{ inputs.reg_password != '' }}"
"""

REUSABLE = """on:
  workflow_call:
    inputs:
      api_token:
        type: string
      use_token_auth:
        type: boolean
      token_ttl:
        type: number
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "auth: ${{ inputs.use_token_auth }} for ${{ inputs.token_ttl }}"
          curl -H "Authorization: Bearer ${{ inputs.api_token }}" https://api.example.com
"""

DISPATCH = """on:
  workflow_dispatch:
    inputs:
      api_token:
        type: string
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ inputs.api_token }}"
"""


def test_a_secret_named_input_of_an_action_is_pasted(lint: Any) -> None:
    run = lint.scan("ship/action.yml", ACTION, "--fail-on", "never", "--select", "DCR011")
    assert [(r, line) for r, line, *_ in run.where()] == [("DCR011", 12)]
    assert "input `reg_password`" in run.out


def test_a_secret_named_input_of_a_reusable_workflow_is_pasted(lint: Any) -> None:
    run = lint.scan(".github/workflows/call.yml", REUSABLE, "--fail-on", "never", "--select", "DCR011")
    assert [(r, line) for r, line, *_ in run.where()] == [("DCR011", 16)]  # (a switch, a count: no secret, R102)


def test_an_input_no_caller_passes_is_not(lint: Any) -> None:
    """A `workflow_dispatch` input is typed by whoever starts the run, not a caller's secret."""
    run = lint.scan(".github/workflows/manual.yml", DISPATCH, "--fail-on", "never", "--select", "DCR011")
    assert run.where() == []
