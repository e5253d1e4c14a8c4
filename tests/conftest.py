"""Shared test helpers: run the CLI in-process in a temporary folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dcrlint.cli import main


@pytest.fixture(autouse=True)
def _no_result_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see fresh scans (some replace a check to make it fail); tests of the cache set
    their own --cache-dir and clear this."""
    monkeypatch.setenv("DCRLINT_NO_CACHE", "1")


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def lint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """lint(*args) runs dcrlint with cwd = tmp_path and returns its exit code and output."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def run(*args: str) -> Run:
        code = main(["--no-git", "--jobs", "1", *args] if args[:1] not in (("rules",), ("explain",)) else list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def run_checks(file: Any, *rules: str) -> list[Any]:
    """Findings of the built-in file checks that run on the file's kind and report one of
    `rules` (every rule when none is named), as the engine runs them (before de-duplication)."""
    from dcrlint.checks import FILE_CHECKS

    out = []
    for check in FILE_CHECKS:
        if check.runs_on(file.kind) and (not rules or set(rules) & set(check.rules)):
            out.extend(f for f in check.run(file) if not rules or f.rule_id in rules)
    return out
