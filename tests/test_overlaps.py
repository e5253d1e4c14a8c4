"""The span indexes that keep one finding per place give what a test of each span against
each other gives, in n log n."""

from __future__ import annotations

import random

from dcrlint.checks.dcr051_known_secret_format import _Reported
from dcrlint.engine import _first_overlapping
from dcrlint.source import Span


def _spans(rng: random.Random, n: int, width: int) -> list[Span]:
    out = []
    for _ in range(n):
        a = rng.randrange(60)
        out.append(Span(a, a + rng.randrange(width)))  # empty spans too
    return out


def test_first_overlapping_is_the_first_span_a_test_of_each_finds() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        spans, queries = _spans(rng, rng.randrange(12), 15), _spans(rng, rng.randrange(12), 15)
        expected = [next((i for i, s in enumerate(spans) if s.start < q.end and q.start < s.end), None)
                    for q in queries]
        assert _first_overlapping(spans, queries) == expected, (spans, queries)


def test_reported_keeps_what_a_test_of_each_keeps() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        kept: list[Span] = []
        reported = _Reported()
        for span in _spans(rng, rng.randrange(20), 12):
            new = not any(s.start < span.end and span.start < s.end for s in kept)
            if new:
                kept.append(span)
            assert reported.add(span.start, span.end) is new, (kept, span)
