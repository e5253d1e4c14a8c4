"""Filler typed along a keyboard's row, as `abc` and `123456` are typed along the alphabet and
the digits: `asdf`, `qwerty`, `zxcvbn` are stand-ins; a row typed out of order or mixed with
other characters stays a literal."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan


def test_a_keyboard_row_typed_in_order_is_filler(tmp_path: Path) -> None:
    """As `abc` and `123456` are: `asdf`, `qwerty` typed along a row; a row typed out of order or
    mixed with other characters (`asdf93Lk`) stays a literal."""
    tf = "".join(f'variable "cluster_token_{i}" {{\n  default = "{v}"\n}}\n'
                 for i, v in enumerate(("asdf", "qwerty", "zxcvbn", "fdsa-kq", "asdf93Lk")))
    results, _ = engine_scan(tmp_path, {"vars.tf": tf}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("vars.tf", 11, 14, "DCR023"), ("vars.tf", 14, 14, "DCR023")]
