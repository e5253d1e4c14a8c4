"""A chart's test values (chart-testing's `ci/*-values.yaml`, the chart's Chart.yaml one folder
up) are what a test install of that chart is given: a literal secret there is still reported (a
note, as a test fixture), and the message says whose values they are, not "no Chart.yaml beside it"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import write

VALUES = "auth:\n  adminPassword: Qv7mKz2wLp9x\n"


def test_chart_test_values(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "charts/tally/Chart.yaml", "apiVersion: v2\nname: tally\nversion: 0.1.0\n")
    write(tmp_path, "charts/tally/values.yaml", "auth:\n  adminPassword: \"\"\n")
    write(tmp_path, "charts/tally/ci/s3-values.yaml", VALUES)
    write(tmp_path, "deploy/ci/prod-values.yaml", VALUES)  # (a `ci` folder with no chart above: an override)
    findings = {f["path"]: f for f in lint("--format", "json", ".").json()["findings"]}
    test_values, override = findings["charts/tally/ci/s3-values.yaml"], findings["deploy/ci/prod-values.yaml"]
    assert "the chart's test values" in test_values["message"] and "beside it" not in test_values["message"]
    assert test_values["level"] == "note"
    assert "no Chart.yaml beside it" in override["message"]
