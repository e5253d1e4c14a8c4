"""A GitHub login action's `password` given `${{ env.NAME }}`, NAME a literal in the nearest
`env:` (the step's, the job's, the workflow's): the login's password is written in the workflow.
DCR002 at that literal (it outranks the variable's DCR010). A password that is the user name
beside it is reported too when the registry is elsewhere (it is what the login works with), not
on a registry on the machine itself."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

RULES = frozenset({"DCR002", "DCR010"})

WORKFLOW = """\
on: push
env:
  PUSH_USER: {user}
  PUSH_PASSWORD: {password}
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/login-action@v3
        with:
          registry: {registry}
          username: ${{{{ env.PUSH_USER }}}}
          password: ${{{{ env.PUSH_PASSWORD }}}}
"""


def _scan(tmp_path: Path, **values: str) -> list[tuple[str, int, int, str]]:
    results, _ = engine_scan(tmp_path, {".github/workflows/image.yml": WORKFLOW.format(**values)}, dedent=False,
                             rules=RULES)
    return brief(results)


def test_a_literal_in_env_given_to_the_login(tmp_path: Path) -> None:
    found = _scan(tmp_path, user="builder", password="Rk5-willow-Hs2", registry="images.corp.example.org")
    assert found == [(".github/workflows/image.yml", 4, 18, "DCR002")]


def test_the_user_name_as_password_on_a_registry_elsewhere(tmp_path: Path) -> None:
    found = _scan(tmp_path, user="builder", password="builder", registry="images.corp.example.org")
    assert found == [(".github/workflows/image.yml", 4, 18, "DCR002")]


def test_the_user_name_as_password_on_this_machine(tmp_path: Path) -> None:
    assert _scan(tmp_path, user="builder", password="builder", registry="localhost:5000") == []


def test_a_secret_expression_in_env(tmp_path: Path) -> None:
    assert _scan(tmp_path, user="builder", password="${{ secrets.PUSH_PASSWORD }}",
                 registry="images.corp.example.org") == []


def test_the_nearest_env_sets_it(tmp_path: Path) -> None:
    """A step's own `env:` outranks the workflow's: the login reads the step's secret expression."""
    workflow = WORKFLOW.format(user="builder", password="Rk5-willow-Hs2", registry="images.corp.example.org")
    workflow = workflow.replace("      - uses: docker/login-action@v3\n",
                                "      - uses: docker/login-action@v3\n"
                                "        env:\n          PUSH_PASSWORD: ${{ secrets.PUSH_PASSWORD }}\n")
    results, _ = engine_scan(tmp_path, {".github/workflows/image.yml": workflow}, dedent=False, rules=RULES)
    assert brief(results) == [(".github/workflows/image.yml", 4, 18, "DCR010")]


COMPOSITE = """\
name: publish
description: pushes the image
inputs:
  push-password:
    description: the registry password
    default: {default}
runs:
  using: composite
  steps:
    - uses: docker/login-action@v3
      env:
        STEP_PASSWORD: {password}
      with:
        registry: images.corp.example.org
        username: builder
        password: ${{{{ env.STEP_PASSWORD }}}}
    - uses: docker/login-action@v3
      with:
        registry: {registry}
        username: builder
        password: ${{{{ inputs.push-password }}}}
"""


def test_a_composite_action_reads_its_steps_env_and_inputs_defaults(tmp_path: Path) -> None:
    text = COMPOSITE.format(default="Tz8-heron-Qw4", password="Rk5-willow-Hs2", registry="images.corp.example.org")
    results, _ = engine_scan(tmp_path, {"publish/action.yml": text}, dedent=False, rules=RULES)
    assert brief(results) == [("publish/action.yml", 6, 14, "DCR002"), ("publish/action.yml", 12, 24, "DCR002")]
    assert "`inputs.push-password`" in results[0].message and "`env.STEP_PASSWORD`" in results[1].message


def test_a_composite_action_near_misses(tmp_path: Path) -> None:
    """A secret expression in the step's `env:`, an input without a literal default (a stand-in, the
    user name on a registry on the machine itself): nothing written to log in with."""
    text = COMPOSITE.format(default="changeme", password="${{ secrets.PUSH }}", registry="localhost:5000")
    text = text.replace("password: ${{ inputs.push-password }}", "password: ${{ inputs.other }}")
    results, _ = engine_scan(tmp_path, {"publish/action.yml": text}, dedent=False, rules=RULES)
    assert brief(results) == []
    text = COMPOSITE.format(default="builder", password="${{ secrets.PUSH }}", registry="localhost:5000")
    results, _ = engine_scan(tmp_path, {"publish/action.yml": text}, dedent=False, rules=frozenset({"DCR002"}))
    assert brief(results) == []


def test_a_workflow_input_default_given_to_the_login(tmp_path: Path) -> None:
    workflow = ("on:\n  workflow_dispatch:\n    inputs:\n      reg-password:\n        default: Tz8-heron-Qw4\n"
                "jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n"
                "        with:\n          username: builder\n          password: ${{ inputs.reg-password }}\n")
    results, _ = engine_scan(tmp_path, {".github/workflows/image.yml": workflow}, dedent=False, rules=RULES)
    assert brief(results) == [(".github/workflows/image.yml", 5, 18, "DCR002")]
