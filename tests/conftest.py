"""The test harness: every test scans through it.

- `lint` (fixture): `lint(*args)` runs the CLI in-process (`--no-git --jobs 1`; `git=True`
  leaves git on, `jobs=None` the default worker count) in the working folder: `tmp_path` unless the test moved or passes `cwd=`.
  It returns a `Run`: exit code, stdout, stderr, parsed JSON, and the findings as `Hit`s or tuples (`run.where()`: rule, start line and column,
  end line and column). `lint.scan(rel, text, *args)` writes a file and scans the folder as JSON.
- `engine_scan(root, files, rules=...)` runs the engine without the CLI (file and project
  checks of `rules`, given settings) and returns its `Result`s and notifications; `brief`
  shortens results to (path, line, column, rule).
- `write(root, rel, text)` writes a file (folders created); `git(root, *args, date=)` runs git
  as a fixed author at a fixed date.
- `scanned(text, path_or_kind, settings)` builds a `ScannedFile` for unit tests;
  `run_checks(file, *rules)` runs the registry's file checks on it, `where(file, findings)`
  turns their spans into the same tuples as `Run.where`.
"""

from __future__ import annotations

import json
import stat
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from dcrlint.cli import main

Where = tuple[str, int, int, int, int]  # rule, start line, start column, end line, end column
K8S_RULES = frozenset({"DCR020", "DCR021", "DCR022", "DCR023"})


@pytest.fixture(autouse=True)
def _no_result_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see fresh scans (some replace a check to make it fail); tests of the cache set
    their own --cache-dir and clear this."""
    monkeypatch.setenv("DCRLINT_NO_CACHE", "1")


class Hit(NamedTuple):
    """One finding of a JSON report, flattened."""

    rule: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    path: str
    level: str
    suppressed: bool = False  # shown with --show-suppressed

    @classmethod
    def of(cls, f: dict[str, Any]) -> Hit:
        return cls(f["rule"], f["start"]["line"], f["start"]["column"], f["end"]["line"],
                   f["end"]["column"], f["message"], f["path"], f["level"], "suppressed" in f)


@dataclass
class Run:
    """What a run printed; it unpacks as (code, out, err)."""

    code: int
    out: str
    err: str

    def __iter__(self) -> Iterator[Any]:
        return iter((self.code, self.out, self.err))

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def printed(self) -> str:
        """Everything the run printed (stdout and stderr)."""
        return self.out + self.err

    @cached_property
    def findings(self) -> list[dict[str, Any]]:
        """The `findings` of a JSON report (raw dicts)."""
        found: list[dict[str, Any]] = self.json()["findings"]
        return found

    def results(self, *rules: str) -> list[dict[str, Any]]:
        """The raw findings of `rules` (every rule when none is named), in report order."""
        return [f for f in self.findings if not rules or f["rule"] in rules]

    def hits(self, *rules: str) -> list[Hit]:
        """Findings (of `rules`, every rule when none is named), sorted."""
        return sorted(h for h in map(Hit.of, self.findings) if not rules or h.rule in rules)

    def table(self, *fields: str, rules: Iterable[str] = (), suppressed: bool | None = None) -> list[Any]:
        """The named `Hit` fields of each finding in report order, as tuples (one field: the
        values), e.g. table("rule", "line", "level"); only the findings of `rules` (default:
        all), only suppressed or only kept ones (default: both)."""
        wanted = set(rules)
        rows = [tuple(getattr(h, name) for name in fields) for h in map(Hit.of, self.findings)
                if (not wanted or h.rule in wanted) and suppressed in (None, h.suppressed)]
        return [row[0] for row in rows] if len(fields) == 1 else rows

    def where(self, *rules: str) -> list[Where]:
        """(rule, start line, start column, end line, end column) of each finding, sorted."""
        return [(h.rule, h.line, h.column, h.end_line, h.end_column) for h in self.hits(*rules)]

    def starts(self, *rules: str) -> list[tuple[str, int, int]]:
        """(rule, start line, start column) of each finding, sorted."""
        return [(h.rule, h.line, h.column) for h in self.hits(*rules)]


class Lint:
    """The CLI in-process, in a folder; see the module docstring."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self._monkeypatch = monkeypatch
        self._capsys = capsys

    def __call__(self, *args: str, git: bool = False, cwd: Path | None = None, jobs: int | None = 1) -> Run:
        if cwd is not None:
            self._monkeypatch.chdir(cwd)
        if args[:1] in (("rules",), ("explain",)):
            argv = list(args)
        else:
            argv = [*(() if git else ("--no-git",)), *(("--jobs", str(jobs)) if jobs else ()), *args]
        code = main(argv)
        captured = self._capsys.readouterr()
        return Run(code, captured.out, captured.err)

    def write(self, rel: str, text: str) -> Path:
        return write(self.root, rel, text)

    def scan(self, rel: str, text: str, *args: str) -> Run:
        """Write `text` to `rel` and scan the folder with `args` (JSON report)."""
        self.write(rel, text)
        return self("--format", "json", *args, ".")


@pytest.fixture
def gating(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The engine asks the gates of every kind of file (a run only those of engine.GATED_KINDS),
    so that a test sees what gates that fail do: a file where none holds is inert."""
    from dcrlint import engine
    from dcrlint.classify import FileKind

    monkeypatch.setattr(engine, "GATED_KINDS", frozenset(FileKind))
    engine._plan.cache_clear()  # plans are kept per kind: made again with the gates asked
    yield
    engine._plan.cache_clear()


@pytest.fixture
def lint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Lint:
    """lint(*args) runs dcrlint with cwd = tmp_path and returns its exit code and output."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return Lint(tmp_path, monkeypatch, capsys)


def engine_scan(root: Path, files: dict[str, str], named: list[str] | None = None, *,
                rules: frozenset[str], options: dict[str, Any] | None = None, dedent: bool = True,
                **settings: Any) -> tuple[list[Any], list[Any]]:
    """Write `files` (dedented unless `dedent=False`) under root, scan `named` (default: the whole folder) with the
    file and project checks of `rules`; return (results sorted, notifications). Settings are
    `Settings(root=root, git=False, options=options, **settings)` (`options`: rule options by
    key, `registries.private`); unless they name registries, dcr.example.com is private
    (evidence of privacy: test_trust_registries)."""
    from dcrlint import engine
    from dcrlint.config import Settings

    for rel, text in files.items():
        write(root, rel, textwrap.dedent(text) if dedent else text)
    options = dict(options or {})
    if "registries.private" not in options and "registries.public" not in options:
        options["registries.private"] = (r"^dcr\.example\.com/",)
    s = Settings(root=str(root), git=False, options=options, **settings)
    paths = [str(root / n) for n in named] if named is not None else [str(root)]
    frs, notes, facts = engine.run(paths, s, {}, rules, jobs=1)
    scanned = {f.path for f in frs if f.scanned}
    withdrawn: set[tuple[str, str, int, int]] = set()
    more, more_notes = engine.project_results(facts, s, rules, {}, scanned, withdrawn=withdrawn)
    results = sorted(engine.without_withdrawn((r for f in frs for r in f.results), withdrawn) + more,
                     key=lambda r: r.sort_key)
    all_notes = [n for f in frs for n in f.notifications] + notes + more_notes
    return results, all_notes


def brief(results: list[Any]) -> list[tuple[str, int, int, str]]:
    """(path, start line, start column, rule) of engine results."""
    return [(r.path, r.start.line, r.start.column, r.rule_id) for r in results]


def write(root: Path, rel: str, text: str, executable: bool = False) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if executable:
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def git(root: Path, *args: str, date: str = "2023-01-01T00:00:00Z") -> None:
    """Run git in root as a fixed author, at a fixed date (commits dated for DCR040), without
    the user's configuration."""
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def scanned(text: str, path: Any = "script.sh", settings: Any = None, abspath: str = "") -> Any:
    """A `ScannedFile` of `text`; `path` is its relative path (its kind as the scan classifies
    it) or a `FileKind` (then the path is a name of that kind's usual files, when it matters
    pass both as `(path, kind)`)."""
    from dcrlint.classify import FileKind, classify
    from dcrlint.config import Settings
    from dcrlint.scanned import ScannedFile
    from dcrlint.source import SourceFile

    if isinstance(path, tuple):
        rel, kind = path
    elif isinstance(path, FileKind):
        rel, kind = f"file.{path.value}", path
    else:
        rel, kind = path, classify(path, text[:4096])
    return ScannedFile(SourceFile(rel, text, abspath), kind, Settings() if settings is None else settings)


def run_checks(file: Any, *rules: str) -> list[Any]:
    """Findings of the built-in file checks that run on the file's kind and report one of
    `rules` (every rule when none is named), as the engine runs them (before de-duplication)."""
    from dcrlint.checks import FILE_CHECKS

    out = []
    for check in FILE_CHECKS:
        if check.runs_on(file.kind) and (not rules or set(rules) & set(check.rules)):
            out.extend(f for f in check.run(file) if not rules or f.rule_id in rules)
    return out


def where(file: Any, findings: Iterable[Any]) -> list[Where]:
    """The sorted (rule, start line, start column, end line, end column) of findings of `file`."""
    pos = file.source.position
    return sorted((f.rule_id, *pos(f.span.start), *pos(f.span.end)) for f in findings)


# A program for `python -c` in a fresh interpreter: dcrlint run as `python -m dcrlint` with the
# arguments given after `-c PROGRAM`; what is appended to it then looks at the process.
RUN_AS_PROGRAM = """
import runpy, sys
sys.argv = ["dcrlint", *sys.argv[1:]]
try:
    runpy.run_module("dcrlint", run_name="__main__")
except SystemExit:
    pass
"""


# A Deployment naming the pull secret regcred, and a registry Secret (its name a format field).
def workflow_step(step: str, runs_on: str = "ubuntu-latest", env: str = "") -> str:
    """A GitHub workflow of one job with one step (`env`: the job's block, indented for it)."""
    return f"on: push\njobs:\n  a:\n    runs-on: {runs_on}\n{env}    steps:\n      - {step}\n"


def pod_command(command: str) -> str:
    """A Pod whose one container runs `command` (its `command:` value as written)."""
    return ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n"
            f"      image: alpine\n      command: {command}\n")


DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      imagePullSecrets:
        - name: regcred
      containers:
        - name: web
          image: registry.example.com/team/web:1.0
"""
PULL_SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: {name}
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: eyJhdXRocyI6IHsicmVnaXN0cnkuZXhhbXBsZS5jb20iOiB7fX19
"""
