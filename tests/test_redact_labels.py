"""Redaction masks a secret where the scanned files' text is quoted (the source line, a message's
words), never in the report's own labels: a password that is an ordinary word (`error`,
`warning`) left the level as `[*****]` and the summary as `(2 ******)`, hiding the level and
telling a reader the password by its place. Levels (in every format's terms), the summary's
counts, rule IDs and names are dcrlint's words, kept whole as the paths are."""

from __future__ import annotations

import json

import pytest
from conftest import Lint

COMPOSE = """services:
  cache:
    image: redis:7
    environment:
      REDIS_PASSWORD: error
  queue:
    image: rabbitmq:3
    environment:
      RABBITMQ_DEFAULT_PASS: warning
"""


def _run(lint: Lint, *args: str) -> str:
    lint.write("compose.yaml", COMPOSE)
    run = lint("--no-cache", "--fail-on", "never", *args, ".")
    return run.out + run.err


def test_text_report_keeps_its_labels_and_masks_the_source(lint: Lint) -> None:
    out = _run(lint)
    assert "DCR023 [error] Compose service cache" in out
    assert "2 findings (2 errors) in 1 file." in out
    assert "REDIS_PASSWORD: *****" in out and "RABBITMQ_DEFAULT_PASS: *******" in out
    assert "REDIS_PASSWORD: error" not in out and "_PASS: warning" not in out


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab", "github"])
def test_machine_reports_keep_their_labels(lint: Lint, fmt: str) -> None:
    out = _run(lint, "--format", fmt)
    assert "*****" not in out  # nothing of theirs was quoted from the file but the (unreported) values
    if fmt == "github":
        assert out.count("::error file=compose.yaml") == 2
        return
    data = json.loads(out)
    if fmt == "json":
        assert [(f["level"], f["name"]) for f in data["findings"]] == [("error", "plaintext-secret-in-manifest")] * 2
    elif fmt == "gitlab":
        assert [f["severity"] for f in data] == ["critical"] * 2
    else:
        assert [r["level"] for r in data["runs"][0]["results"]] == ["error"] * 2


def test_a_quoted_word_is_still_masked(lint: Lint) -> None:
    """The value in a message's quoted part and in the source line is the file's: masked."""
    lint.write("deploy.sh", '#!/bin/sh\ndocker login -u ci -p warning registry.example.org\n')
    out = _run(lint)
    assert "-p *******" in out
    assert "-p warning" not in out
