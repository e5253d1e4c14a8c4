"""The time the lifecycle rules (DCR040, DCR041) compare with: `--now`, by default the start of
the current UTC day. A run's results are then a function of the day, which the result cache is
keyed by: a cached run later the same day reports what a fresh one does."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from pathlib import Path

import pytest
from conftest import Lint

OLD = 1_600_000_000  # stamps are trusted only for files not changed in the last seconds


def _jwt(claims: dict[str, object]) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.Qm9n5vK2xP8wL3rT7yZ1aB4cD6eF0gH2jK4mN6pR8sU"


def _tokens(root: Path, day: dt.datetime) -> None:
    """Tokens expiring, and issued, at several times of `day` and of the days around it."""
    lines = []
    for i, hours in enumerate((-30, -1, 0, 1, 12, 23, 25)):
        at = int((day + dt.timedelta(hours=hours, seconds=1)).timestamp())
        issued = at - 91 * 86400
        lines.append(f"export T{i}={_jwt({'sub': 'ci', 'exp': at})}")
        lines.append(f"export I{i}={_jwt({'sub': 'ci', 'iat': issued})}")
    (root / "tokens.sh").write_text("\n".join(lines) + "\n")
    os.utime(root / "tokens.sh", (OLD, OLD))


def test_default_now_is_the_start_of_today(lint: Lint, tmp_path: Path) -> None:
    """A run without --now reports what `--now TODAY` does, whatever the time of day."""
    today = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    _tokens(tmp_path, today)
    dated = lint("--format", "json", "--now", today.date().isoformat(), ".")
    if dt.datetime.now(dt.UTC).date() != today.date():
        pytest.skip("the day changed during the test")
    plain = lint("--format", "json", ".")
    assert plain.out == dated.out
    assert "DCR041" in {h.rule for h in plain.hits()}
    assert any("days ago" in h.message for h in plain.hits("DCR051"))  # an age (DCR040) carried along


def test_a_time_given_with_now_is_part_of_the_cache_key(
        lint: Lint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two runs on one day at different times given with --now: the second, cached, reports the
    tokens that expired in between, as a fresh run does."""
    monkeypatch.delenv("DCRLINT_NO_CACHE", raising=False)
    day = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    root = tmp_path / "repo"
    root.mkdir()
    _tokens(root, day)
    cache = str(tmp_path / "cache")
    for when in ("2026-06-01T06:00:00", "2026-06-01T18:00:00", "2026-06-01T06:00:00"):
        warm = lint("--format", "json", "--now", when, "--cache-dir", cache, "repo")
        fresh = lint("--format", "json", "--now", when, "--no-cache", "repo")
        assert warm.out == fresh.out
    early = lint("--format", "json", "--now", "2026-06-01T06:00:00", "--no-cache", "repo").where("DCR041")
    late = lint("--format", "json", "--now", "2026-06-01T18:00:00", "--no-cache", "repo").where("DCR041")
    assert len(late) == len(early) + 1  # the token that expired at noon
