"""DCR003: a shell variable read from a response's pagination cursor holds no credential
(as a dotfiles repository's web-fetch helper reads one)."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

SCRIPT = """\
#!/bin/bash
result="$(curl -s "$API")"
token="$(printf '%s' "${result}" | jq -r '.structuredContent.continuationToken // empty')"
while [[ -n "${token}" ]]; do
  result="$(curl -s "$API?c=${token}")"
  token="$(printf '%s' "${result}" | jq -r '.structuredContent.continuationToken // empty')"
done
printf '  continuation token: %s' "${token}" >&2
next_token=$(echo "$result" | jq -r .NextToken)
echo "next: $next_token"
access_token=$(echo "$result" | jq -r .access_token)
echo "access: $access_token"
page_token=$(echo "$result" | jq -r .nextPageToken)
page_token=$1
echo "page: $page_token"
"""


def test_a_pagination_cursor_is_no_secret(tmp_path: Path) -> None:
    """`token` set only from a response's `continuationToken` (or `NextToken`) with jq holds
    where the next page starts: printing it shows no credential. An access token read the same
    way, and a cursor variable also set from elsewhere (`$1`), are still reported."""
    results, notes = engine_scan(tmp_path, {"bin/fetch.sh": SCRIPT}, rules=frozenset({"DCR003"}), dedent=False)
    assert brief(results) == [("bin/fetch.sh", 12, 1, "DCR003"), ("bin/fetch.sh", 15, 1, "DCR003")]
    assert notes == []
