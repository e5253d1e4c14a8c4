"""The complete text, JSON and SARIF reports of examples/ are snapshot-tested.

Update after an intended change with `DCRLINT_UPDATE_GOLDEN=1 pytest tests/test_golden.py`
and review the diff like code.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
ARGS = ["examples", "--no-git", "--now", "2026-11-29", "--color", "never", "--jobs", "1"]


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("json", "json"), ("sarif", "sarif")])
def test_examples_report(fmt: str, suffix: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "dcrlint", *ARGS, "--format", fmt],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 1, proc.stderr
    expected = GOLDEN / f"examples.{suffix}"
    if os.environ.get("DCRLINT_UPDATE_GOLDEN"):
        expected.write_text(proc.stdout)
    assert proc.stdout == expected.read_text()


def test_every_rule_fires_in_examples() -> None:
    import json

    from dcrlint.rulesmeta import builtin_rules

    found = {f["rule"] for f in json.loads((GOLDEN / "examples.json").read_text())["findings"]}
    expected = {r.id for r in builtin_rules().values() if not r.id.startswith("DCR9")}
    assert expected <= found, sorted(expected - found)


def test_no_example_secret_in_any_report(tmp_path: Path) -> None:
    """The literal credentials planted in examples/ never reach a report, masked or hashed only:
    not in any format, the baseline, a --diff, or stderr."""
    import base64
    import json

    planted = ["7hQ2vL9xR4mK8sT1", "Wm4pQ8zR2tL6yN3v", "Vb7nQ3xZ9kP2rT5w", "q9Lm2Xv7Rt4Kp8Zs", "Kd8sWq3mZ7xL2pVn",
               "Pz6wR3kT9mX2vB8q", "AKIAZ3MHQ4XKJ7PLN2TB", "Qw3rT7yU9iO2pA5s", "Rt5vX8nQ2mK7wZ4p", "Hj4kL9mN2pQ7rS5t"]
    config = json.loads((ROOT / "examples" / "docker" / "config.json").read_text())
    planted += [entry.get("auth") or entry.get("identitytoken") for entry in config["auths"].values()]
    secret_yaml = (ROOT / "examples" / "k8s" / "pull-secret.yaml").read_text()
    blob = secret_yaml.split(".dockerconfigjson:")[1].split()[0]
    planted += [blob, base64.b64decode(blob).decode()]
    outputs = {report.name: report.read_text() for report in GOLDEN.glob("examples.*")}
    for extra in (["--format", "github"], ["--format", "gitlab"], ["--show-suppressed", "--format", "sarif"],
                  ["--write-baseline", str(tmp_path / "baseline.json")], ["--diff"]):
        proc = subprocess.run([sys.executable, "-m", "dcrlint", *ARGS, *extra], cwd=ROOT, capture_output=True,
                              text=True)
        outputs[" ".join(extra)] = proc.stdout + proc.stderr
    outputs["baseline"] = (tmp_path / "baseline.json").read_text()
    for name, text in outputs.items():
        for secret in planted:
            assert secret not in text, f"{name} leaks a planted secret"
