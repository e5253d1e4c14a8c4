"""Values under secret names that are no secret, found scanning public repositories none of
us wrote (fixtures written here): each test holds one principle, end to end, beside a real
secret that stays reported at its exact place."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

RULES = frozenset({"DCR002", "DCR023", "DCR050", "DCR051"})
REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


def test_an_instruction_to_change_the_value_is_a_stand_in(tmp_path: Path) -> None:
    values = f"""\
vault:
  token: change-this-value
rcon:
  password: "CHANGEME!"
  secret: Replace_with_your_secret
  adminPassword: {REAL}
"""
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": values}, rules=RULES)
    assert brief(results) == [("chart/values.yaml", 6, 18, "DCR023")]
    assert notes == []
