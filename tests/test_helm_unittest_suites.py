"""A helm-unittest suite (top-level `suite:` and `tests:`) named as values
files are (`default-values_test.yaml`) holds the output a chart's templates are expected to
render, not values it is installed with: read as plain YAML. A values file holding a `tests:`
key of its own is still values."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

from dcrlint.classify import FileKind, classify

SUITE = """\
suite: defaults
templates:
  - templates/deployment.yaml
tests:
  - it: renders the datasource
    asserts:
      - contains:
          path: spec.template.spec.containers[0].env
          content:
            name: LEDGER_DB_PASSWORD
            value: "Lm4-ledger-71"
"""

VALUES = "tests:\n  enabled: true\ndb:\n  password: Lm4-ledger-72\n"


def test_a_unittest_suite_is_no_values_file(tmp_path: Path) -> None:
    assert classify("chart/tests/default-values_test.yaml", SUITE) is FileKind.YAML
    assert classify("chart/values.yaml", VALUES) is FileKind.HELM_VALUES
    files = {"chart/Chart.yaml": "apiVersion: v2\nname: ledger\nversion: 1.0.0\n",
             "chart/tests/default-values_test.yaml": SUITE, "chart/values.yaml": VALUES}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023"}))
    assert brief(results) == [("chart/values.yaml", 4, 13, "DCR023")]
    assert notes == []
