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
