"""Hostile files (scripts/gen_hostile.py) are scanned without a traceback or a hang."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "gen_hostile.py"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_hostile", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hostile_files_scan_without_traceback_or_hang(tmp_path: Path) -> None:
    paths = _generator().write(tmp_path)
    assert len(paths) >= 30
    out = tmp_path / "report.json"
    # One process for all of them, each in turn (--jobs 1): a hang fails the timeout.
    run = subprocess.run(
        [sys.executable, "-m", "dcrlint", ".", "--no-git", "--jobs", "1", "--format", "json",
         "--fail-on", "never", "-o", str(out)],
        cwd=tmp_path, capture_output=True, text=True, timeout=90, check=False,
        env={"PATH": "/usr/bin:/bin", "DCRLINT_DEBUG": "1"},  # an internal error raises
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    report = json.loads(out.read_text())
    assert not [n for n in report["notifications"] if "internal error" in n["message"]]
    # Each unreadable part is said: nothing is skipped silently.
    noted = {n["path"] for n in report["notifications"]}
    for rel in (".gitlab-ci.yml", ".github/workflows/laughs.yml", "k8s/laughs.yaml",
                "k8s/control-char.yaml", "k8s/deep-flow.yaml", "Jenkinsfile"):
        assert rel in noted, rel


@pytest.mark.parametrize("bad", ["build\\", "!", "[z-a]", "[[:space:]]"])
def test_a_gitignore_line_git_cannot_read_is_skipped_as_git_skips_it(lint, bad: str) -> None:
    # A trailing backslash or a lone `!` is no pattern to git; the pattern library raised on it,
    # and a scan without git ended in a traceback; a reversed range or a POSIX class, which the
    # regex engines behind it refuse, too (R35). The other lines still apply.
    lint.write(".gitignore", f"{bad}\n*.log\n")
    lint.write("deploy.sh", 'docker login -u ci -p "$REGISTRY_PASSWORD" registry.example.com\n')
    lint.write("debug.log", 'docker login -u ci -p "$REGISTRY_PASSWORD" registry.example.com\n')
    run = lint("--format", "json", ".")
    assert [f["path"] for f in run.json()["findings"]] == ["deploy.sh"]
    assert "Traceback" not in run.err and "Warning" not in run.err
