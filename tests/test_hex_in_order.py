"""Hex digits typed in order, each once or twice, round from f to 0, are a test's stand-in for a
hex key or hash (a random one never runs so): `00112233...eeff`, `AABBCCDDEEFF0011...`. One
case and twelve digits or more; a digit out of order, mixed case or a short run stays a value."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.notsecret import not_a_secret


@pytest.mark.parametrize(("value", "stand_in"), [
    ("00112233445566778899aabbccddeeff", True), ("CCDDEEFF0011223344556677", True),
    ("456789abcdef0123", True), ("0123456789ab", True),
    ("1234567890abcdef", False),  # (9 then 0: the keyboard's row, not the hex digits' order)
    ("00112233445566778899aAbBcCdDeEfF", False), ("0123456789a", False), ("7c2e9f04b1d83a65", False),
    ("0011223344556677889", True),  # (the last written once: cut short)
    ("00112233445566777889", False),  # (one digit three times)
])
def test_hex_digits_in_order(value: str, stand_in: bool) -> None:
    assert (not_a_secret(value) is not None) is stand_in


def test_a_test_inventorys_hash_in_order(tmp_path: Path) -> None:
    group_vars = """\
        proxy_user: svc-relay
        proxy_pass_ntlm: "CCDDEEFF00112233445566778899AABB"
        proxy_pass_lm: "7c2e9f04b1d83a65e0f4c9a2b7d1e83f"
        """
    results, _ = engine_scan(tmp_path, {"group_vars/all.yml": group_vars}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("group_vars/all.yml", 3, 17, "DCR023")]
