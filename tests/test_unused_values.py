"""A value that says it is not used (`unused`, `unused-<why>`, `not-used`) stands in for a
secret nobody reads, as one saying it is not real does (`not-a-real-key`): a chart value kept
only so that the chart renders, the real one set once at bootstrap."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.notsecret import not_a_secret


@pytest.mark.parametrize(("value", "stand_in"), [
    ("unused-kept-for-first-install-only", True), ("not_used", True), ("UNUSED-PLACEHOLDER", True),
    ("unusedKq8vT2", False), ("reused-Kq8vT2", False), ("Unused7x", False),
])
def test_values_saying_they_are_not_used(value: str, stand_in: bool) -> None:
    assert (not_a_secret(value) is not None) is stand_in


def test_a_helm_release_value_kept_unused(tmp_path: Path) -> None:
    release = """\
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: ledger-db
        spec:
          values:
            auth:
              adminPassword: "unused-kept-for-first-install-only"
              replicationPassword: "reused-Kq8vT2"
        """
    results, _ = engine_scan(tmp_path, {"db/release.yaml": release}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("db/release.yaml", 9, 29, "DCR023")]
