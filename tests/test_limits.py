"""Limits: hostile inputs cost bounded time and memory, and bad settings are configuration
errors, never tracebacks."""

from __future__ import annotations

from dcrlint.redact import Occurrences, Redactor


def test_overlapping_secrets_are_both_masked() -> None:
    # A leftmost-longest substitution masks the first and leaves the tail of the second.
    r = Redactor(["abcd1234", "1234wxyz"])
    assert r.scrub("x=abcd1234wxyz;") == "x=************;"


def test_occurrences_report_every_start_merged() -> None:
    o = Occurrences(["abcd", "cdef", "abc", "xyz", "aaaaa"])
    assert o.spans("zzabcdefzz xyzaaaaaaa") == [(2, 8), (11, 21)]
    assert o.spans("abcdef", 1) == [(2, 6)]


def test_deeply_nested_prefixes_fall_back_to_a_plain_list() -> None:
    words = ["k" * i + "!" for i in range(1, 300)] + ["k" * i for i in range(4, 300, 3)]
    o = Occurrences(words)
    assert o.spans("k" * 50 + "!") == [(0, 51)]
