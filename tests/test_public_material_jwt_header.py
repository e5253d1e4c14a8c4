"""A JWT's first part alone (base64url JSON of header parameters: its algorithm and key id, no
payload nor signature) logs no one in: no secret. The whole token, or a part that is no header,
stays reported."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

HEADER = "eyJhbGciOiAiUlMyNTYiLCAia2lkIjogImstMSJ9"  # {"alg": "RS256", "kid": "k-1"}
CLAIMS = "eyJzdWIiOiAiYSJ9"  # {"sub": "a"}


def test_a_jwt_header_alone_is_no_token(tmp_path: Path) -> None:
    """A JWT's first part alone (its algorithm and key id) logs no one in; the whole token, or a
    part that is no header (its claims), stays reported."""
    values = (f"extraEnv:\n  CONSOLE_BEARER_TOKEN: {HEADER}\n  BRIDGE_TOKEN: {HEADER}.{CLAIMS}.c2ln\n"
              f"  CLAIMS_TOKEN: {CLAIMS}\n")
    results, _ = engine_scan(tmp_path, {"console/values.yaml": values}, rules=frozenset({"DCR023", "DCR051"}))
    assert [line for _, line, _, _ in brief(results)] == [3, 4]
