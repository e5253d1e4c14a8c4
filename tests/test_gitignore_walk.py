"""The folder walk without git (`--no-git`, a folder that is no repository) keeps the files git
would add: its `.gitignore` verdicts are git's, folders included (a negation naming a folder,
`!/deploy` or `!*/`, re-includes it; its files are then judged one by one, by the `.gitignore`
files inside too). Each layout is checked against git itself."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import write

from dcrlint.discover import walk

FILES = ("top.yaml", "notes.txt", "deploy/app.yaml", "deploy/run.sh", "deploy/inner/db.yaml",
         "build/out.yaml", "build/keep/x.yaml", "docs/a.md")

LAYOUTS = {
    "folder re-included by name": {".gitignore": "*\n!/deploy\n!.gitignore\n", "deploy/.gitignore": "!*.yaml\n"},
    "any folder, then manifests": {".gitignore": "# manifests only\n*\n!*/\n!*.yaml\n"},
    "folder re-included, slash": {".gitignore": "*\n!/deploy/\n!/deploy/**\n"},
    "name without slash": {".gitignore": "*\n!deploy\n!*.yaml\n"},
    "folder only pattern": {".gitignore": "build/\n!build/keep/\n"},  # git: a folder's folder stays out
    "contents, then one back": {".gitignore": "build/**\n!build/keep/\n!build/keep/**\n"},
    "deeper decides": {".gitignore": "*.yaml\n", "deploy/.gitignore": "!app.yaml\n"},
    "a file pattern is no folder": {".gitignore": "deploy/\n!deploy/app.yaml\n"},
}


def _git_adds(root: Path) -> set[str]:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    out = subprocess.run(["git", "-C", str(root), "ls-files", "--others", "--exclude-standard"],
                         check=True, capture_output=True, text=True).stdout
    shutil.rmtree(root / ".git")
    return {line for line in out.splitlines() if not line.endswith(".gitignore")}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_walk_keeps_what_git_adds(layout: str, tmp_path: Path) -> None:
    for rel in FILES:
        write(tmp_path, rel, "a: 1\n")
    for rel, text in LAYOUTS[layout].items():
        write(tmp_path, rel, text)
    walked = {Path(f).relative_to(tmp_path).as_posix() for f in walk(tmp_path)}
    assert {f for f in walked if not f.endswith(".gitignore")} == _git_adds(tmp_path)
