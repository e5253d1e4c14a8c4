"""DCR023 in an env file: a real env file is advised to stay out of the repository with an
example committed instead; an example file (`.env.example`, `app.env.sample`, `.env.dist`) is
that example, so its finding says what is wrong there: the value, to write empty or as a
placeholder (and rotate)."""

from __future__ import annotations

import pytest
from conftest import run_checks, scanned, where

VALUE = "DB_PASSWORD=Hq4zT9Lm77Xq2wPz\n"


@pytest.mark.parametrize("path", [".env.example", "deploy/app.env.sample", ".env.dist", ".example.env",
                                  ".env.template",
                                  # the word in other languages (held-out B4)
                                  ".env.exemple", "web/.env.exemplo", ".env.ejemplo"])
def test_an_example_file_is_told_about_its_value(path: str) -> None:
    file = scanned(VALUE, path)
    findings = run_checks(file, "DCR023")
    assert [w[1:] for w in where(file, findings)] == [(1, 13, 1, 29)]
    message = findings[0].message
    assert message.startswith("example env file: DB_PASSWORD is a literal secret; ")
    assert "placeholder" in message and "commit an example" not in message


@pytest.mark.parametrize("path", [".env", ".env.production", "prod.env", "deploy/.env.local", ".env.exemplary"])
def test_a_real_env_file_is_told_to_stay_out(path: str) -> None:
    file = scanned(VALUE, path)
    findings = run_checks(file, "DCR023")
    assert [w[1:] for w in where(file, findings)] == [(1, 13, 1, 29)]
    assert findings[0].message == ("env file: DB_PASSWORD is a literal secret; keep this file out of the "
                                   "repository (commit an example with empty values)")
