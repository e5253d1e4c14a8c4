"""Chart values written as YAML in a string inside a values file: a chart that templates Argo CD
Applications takes each one's `helm.values` so (app-of-apps, project charts), a k3s HelmChart
its `valuesContent`. Their settings are read as values, at their lines in the file, as an
Application's own `helm.values` is; another block (a note) is not. So is a container's env list
kept as a string (`extraEnv: |`, rendered with `tpl`), as the same list written as YAML is."""

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


ENV_STRING = """\
till:
  extraEnv: |
    - name: TILL_ADMIN
      value: operator
    - name: TILL_ADMIN_PASSWORD
      value: "Vb3-cedar-Kq9"
    - name: TILL_API_TOKEN
      value: "{{ .Values.till.token }}"
  notes: |
    - name: TILL_DB_PASSWORD is read from the till-db Secret
    - value: none here
  script: |
    export TILL_ADMIN_PASSWORD=from-a-note-Pw2
"""


def test_an_env_list_in_a_string_is_read(tmp_path: Path) -> None:
    """The list's secret-named entry is reported at its line; a template reference is no
    literal; a string that is no `- name:` list (prose, a script) is not read."""
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": ENV_STRING, "chart/Chart.yaml": "name: till\n"},
                                 dedent=False, rules=frozenset({"DCR023"}))
    assert brief(results) == [("chart/values.yaml", 6, 15, "DCR023")]
    assert "till.extraEnv: 1.TILL_ADMIN_PASSWORD" in results[0].message
    assert notes == []
