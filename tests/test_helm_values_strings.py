"""Chart values written as YAML in a string inside a values file: a chart that templates Argo CD
Applications takes each one's `helm.values` so (app-of-apps, project charts), a k3s HelmChart
its `valuesContent`. Their settings are read as values, at their lines in the file, as an
Application's own `helm.values` is; another block (a note) is not."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

VALUES = """\
project:
  apps:
    - name: shop
      helm:
        values: |
          database:
            user: shop
            password: Gq4-maple-Rt8
  bootstrap:
    valuesContent: |-
      adminToken: Lw7-ember-Zp3
  notes:
    values: |
      password: written-in-a-note-Kx2
"""


def test_chart_values_in_strings_are_values(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"deploy/values.yaml": VALUES}, dedent=False, rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/values.yaml", 8, 23, "DCR023"), ("deploy/values.yaml", 11, 19, "DCR023")]
    assert "project.apps.0.helm.values: database.password" in results[0].message
    assert notes == []
