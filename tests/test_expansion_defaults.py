"""A Compose or env-file value that is one expansion with a plain default (`${X:-word}`,
`${X-word}`) gives the word wherever the variable is unset: a literal committed in the file,
read as any literal is, at the word (R78; `references.expansion_default`, as DCR002 reads a login's
default). A placeholder default, no default, a single-quoted env value (not interpolated):
silent. A CI job's own Compose services compare their passwords by the word too."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

COMPOSE = """\
services:
  shop:
    image: shop:2
    environment:
      SHOP_TOKEN: ${SHOP_TOKEN:-Vb7qLm2xTz8R}
      SHOP_PASSWORD: "${SHOP_PASSWORD-Nw4kRz9pQx3M}"
      SHOP_KEY: ${SHOP_KEY:-changeme}
      SHOP_SECRET: ${SHOP_SECRET}
      SHOP_API_KEY: ${SHOP_API_KEY:?set it}
  worker:
    image: shop:2
    environment:
      - WORKER_API_KEY=${WORKER_API_KEY:-Jq5tr8WmLp2X}
"""

ENV = """\
MAIL_PASSWORD=${MAIL_PASSWORD:-Hz3-orbit-55-Kwd}
MAIL_TOKEN='${MAIL_TOKEN:-Hz3-orbit-56-Kwd}'
MAIL_SECRET="${MAIL_SECRET:-Hz3-orbit-57-Kwd}"
"""


def test_a_plain_default_is_a_literal(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"compose.yaml": COMPOSE, "deploy/mail.env": ENV},
                                 rules=frozenset({"DCR023"}), dedent=False)
    assert brief(results) == [("compose.yaml", 5, 33, "DCR023"), ("compose.yaml", 6, 39, "DCR023"),
                              ("compose.yaml", 13, 42, "DCR023"),
                              ("deploy/mail.env", 1, 32, "DCR023"), ("deploy/mail.env", 3, 29, "DCR023")]
    assert results[0].message.startswith("Compose service shop: SHOP_TOKEN (the default of ${SHOP_TOKEN}) is a")
    assert notes == []


def test_a_jobs_own_service_password_given_as_a_default(tmp_path: Path) -> None:
    """A workflow that brings the Compose file up for its job on a hosted runner: the database's
    password, written as a default, is that job's throwaway (as when written plainly)."""
    workflow = ("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
                "      - run: docker compose -f ci/compose.test.yml up -d\n      - run: make test\n")
    compose = ("services:\n  db:\n    image: postgres:16\n    environment:\n"
               "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-Rq8mTz3wLk}\n")
    results, _ = engine_scan(tmp_path, {".github/workflows/t.yml": workflow, "ci/compose.test.yml": compose},
                             rules=frozenset({"DCR023"}), dedent=False)
    assert brief(results) == []


WORKFLOW = """\
on: push
jobs:
  t:
    runs-on: ubuntu-latest
    env:
      SHOP_TOKEN: ${{ secrets.SHOP_TOKEN || 'Wq7pLm3xZ9Rt' }}
      SHOP_PASSWORD: "${{ secrets.SHOP_PASSWORD || 'changeme' }}"
      SHOP_API_KEY: ${{ secrets.SHOP_API_KEY && 'Kd2-set-44' || 'unset' }}
      SHOP_SECRET: ${{ secrets.SHOP_SECRET != '' }}
      MAIL_TOKEN: ${{ github.event_name == 'push' && secrets.MAIL_TOKEN || 'Hq4-lumen-19-Xzt' }}
      CI_TOKEN: ${{ secrets.CI_TOKEN || github.token }}
    steps:
      - uses: docker/login-action@v3
        with:
          registry: reg.shop.example
          username: ci
          password: ${{ secrets.REG_PASSWORD || 'Dk8-ember-30-Wqp' }}
"""


def test_a_github_expressions_literal_fallback_is_a_literal(tmp_path: Path) -> None:
    """`secrets.X || 'word'` gives the word whenever the secret is unset (R78, GitHub part): a
    literal, at the word; a placeholder fallback, a word after `&&` (given when the secret is
    set: no secret), a comparison, another expression: silent."""
    results, notes = engine_scan(tmp_path, {".github/workflows/t.yml": WORKFLOW},
                                 rules=frozenset({"DCR002", "DCR010"}), dedent=False)
    assert brief(results) == [(".github/workflows/t.yml", 6, 46, "DCR010"), (".github/workflows/t.yml", 10, 77, "DCR010"),
                              (".github/workflows/t.yml", 17, 50, "DCR002")]
    assert notes == []


def test_an_unterminated_expansion_gives_nothing(tmp_path: Path) -> None:
    """`${NAME` with no `}` (a typo) is refused by Compose ("invalid interpolation format"): no
    container gets the text, so it is no committed password (19b H2), in Compose as in the env file
    it reads (its default too); a literal beside it stays reported (a closed expansion with text
    after it stays a partly-known value, silent as before)."""
    compose = """\
services:
  notes:
    image: notes:1
    environment:
      NOTES_DB_PASSWORD: ${NOTES_DB_PW
      NOTES_REPLICA_PASSWORD: ${NOTES_REPLICA_PW:-Qm4tPz8Lw2
      NOTES_CACHE_PASSWORD: ${NOTES_CACHE_PW}Hk3vWq9
      NOTES_ARCHIVE_PASSWORD: Rw5-lantern-62-Hgs
"""
    env = "NOTES_ADMIN_PASSWORD=${NOTES_ADMIN\nNOTES_API_TOKEN=Zq7-lantern-41-Pmv\n"
    results, notes = engine_scan(tmp_path, {"docker-compose.yml": compose, ".env": env}, rules=frozenset({"DCR023"}))
    assert brief(results) == [(".env", 2, 17, "DCR023"), ("docker-compose.yml", 8, 31, "DCR023")]
    assert notes == []


def test_a_default_that_says_it_is_the_default(tmp_path: Path) -> None:
    """A fallback that is `default` and then a secret's name in plain words
    (`${VAULT_SECRET:-default_secret_key}`) describes itself, as `store-admin-password` does for
    STORE_PASSWORD (19b D2, ruled false); `default` before a random part, or a word naming no
    secret, stays reported."""
    compose = """\
services:
  seeder:
    image: seeder:1
    environment:
      - VAULT_SECRET=${VAULT_SECRET:-default_secret_key}
      - VAULT_TOKEN=${VAULT_TOKEN:-default-api-token}
      - VAULT_PASSWORD=${VAULT_PASSWORD:-default_Kq7password}
      - VAULT_ADMIN_PASSWORD=${VAULT_ADMIN_PASSWORD:-default_admin}
"""
    results, notes = engine_scan(tmp_path, {"docker-compose.yml": compose}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("docker-compose.yml", 7, 42, "DCR023"), ("docker-compose.yml", 8, 54, "DCR023")]
    assert notes == []
