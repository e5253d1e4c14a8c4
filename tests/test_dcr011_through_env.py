"""DCR011 through `env`: `${{ env.X }}` in a `run:` script, where the nearest `env:` setting X
(the step's, its job's, the workflow's) gives it a secret whole, pastes the secret into the script
text as `${{ secrets.Y }}` does (held-out B6). Not a variable a nearer scope sets otherwise, nor
one holding no secret."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

WORKFLOW = """\
on: push
env:
  SIGNING_SECRET: ${{ secrets.SIGNING_SECRET }}
  REGION: eu-west-1
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      DEPLOY_KEY: ${{ secrets['DEPLOY_KEY'] }}
    steps:
      - run: docker build --build-arg S=${{ env.SIGNING_SECRET }} --build-arg R=${{ env.REGION }} .
      - env:
          DEPLOY_KEY: not-from-a-store
        run: echo ${{ env.DEPLOY_KEY }}
      - run: |
          ./deploy --key "${{ env.DEPLOY_KEY }}"
          echo "$DEPLOY_KEY" > /dev/null
"""


def test_a_secret_through_env_is_pasted_all_the_same(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {".github/workflows/build.yml": WORKFLOW}, dedent=False,
                                 rules=frozenset({"DCR011"}))
    assert notes == []
    assert brief(results) == [(".github/workflows/build.yml", 11, 41, "DCR011"),
                              (".github/workflows/build.yml", 16, 27, "DCR011")]
    assert "secret `DEPLOY_KEY`" in results[1].message and "env.DEPLOY_KEY" in results[1].message
