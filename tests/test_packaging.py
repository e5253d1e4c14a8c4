"""The wheel carries the package and its rules: installed outside the source tree, it runs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_ships_rules_and_runs_outside_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = dist.glob("dcrlint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    rules = sorted(n for n in names if n.startswith("dcrlint/_rules/") and n.endswith(".yaml"))
    assert [Path(n).name for n in rules] == sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "dcrlint = dcrlint.program:run" in zipfile.ZipFile(wheel).read(entry_points).decode()

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "deploy.sh").write_text('docker login -u ci -p "$P" dcr.example.com\n')
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "import dcrlint, sys; from dcrlint.cli import main; print(dcrlint.__file__, file=sys.stderr); sys.exit(main())"
    proc = subprocess.run([sys.executable, "-c", code, "--no-git", "deploy.sh"], cwd=work, env=env,
                          capture_output=True, text=True)
    assert str(target) in proc.stderr  # the installed copy, not the checkout
    assert proc.returncode == 1 and "deploy.sh:1:24: DCR001" in proc.stdout
