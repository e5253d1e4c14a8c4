"""DCR051 searches a value only with the detectors one of whose literals the value holds, and
compiles a detector's patterns only then: each literal must be in every match of its detector,
in every spelling `re` matches where the detector ignores case."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import RUN_AS_PROGRAM, run_checks, scanned
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dcrlint.checks.dcr051_known_secret_format import _candidates, _plugins, might_hold_secret
from dcrlint.classify import FileKind
from dcrlint.secret_formats import RegexDetector, any_case

_PATTERNS = [(d, p) for d, _ in _plugins(False) if isinstance(d, RegexDetector) for p in d.denylist]


def test_any_case_is_every_spelling_re_matches_ignoring_case() -> None:
    """Beyond lower and upper case, `re` reads the dotted and dotless i as i, the Kelvin sign as
    k and the long s as s: the literals of a detector that ignores case hold them too."""
    every = "".join(chr(c) for c in range(0x110000))
    letters = {m.group() for m in re.finditer(r"(?i)[a-z]", every)}
    for letter in string.ascii_lowercase:
        matched = {c for c in letters if re.fullmatch(f"(?i){letter}", c)}
        assert set(any_case(letter)) == matched, letter
    assert len(any_case("aws")) == 2 * 2 * 3


@pytest.mark.parametrize(("detector", "pattern"), _PATTERNS, ids=lambda x: getattr(x, "pattern", "")[:30])
def test_every_match_of_a_detector_holds_one_of_its_literals(detector: RegexDetector, pattern: re.Pattern[str]) -> None:
    compiled = re.compile(pattern.pattern, pattern.flags)

    @settings(max_examples=60, suppress_health_check=list(HealthCheck), deadline=None)
    @given(st.tuples(st.text(max_size=6), st.from_regex(compiled, fullmatch=True), st.text(max_size=6)))
    def holds(parts: tuple[str, str, str]) -> None:
        text = "".join(parts)
        assume(compiled.search(text) is not None)  # text around a match may end it (`\b`, `(?!\w)`)
        assert detector in [d for d, _ in _candidates(text)], text

    holds()


def test_a_value_without_a_literal_is_searched_by_no_detector() -> None:
    assert _candidates("push") == ()
    assert _candidates("ubuntu-latest") == ()
    chosen = [d.source[1] for d, _ in _candidates('echo "ghp_' + "Zq8xW3vN5tR7yU1iO9pA2sD4fG6hJ0kLmXcB" + '"')]
    assert chosen == ["GitHubTokenDetector"]


_HOOK = "HTTPS://HOOKS.SLACK.COM/SERVICES/T0123ABCD/B0123ABCD/Zq8xW3vN5tR7yU1iO9pA2sD4"  # made up


def test_a_slack_webhook_in_upper_case_is_found() -> None:
    """The detector ignores case: so do the whole-file test and the value's."""
    text = f"notify:\n  url: {_HOOK}\n"
    assert might_hold_secret(text, FileKind.YAML)
    assert [f.rule_id for f in run_checks(scanned(text, "values.yaml"), "DCR051")] == ["DCR051"]
    assert not might_hold_secret("notify:\n  url: https://hooks.example.com/services/T1/B2/x\n", FileKind.YAML)


_COMPILED = RUN_AS_PROGRAM + """from dcrlint.checks.dcr051_known_secret_format import _plugins
compiled = sorted({d.source[1] for d, _ in _plugins(False) for p in d.denylist if "finditer" in vars(p)})
sys.__stdout__.write("COMPILED " + " ".join(compiled))
"""


def test_a_run_compiles_only_the_detectors_of_the_literals_it_found(tmp_path: Path) -> None:
    token = "ghp_" + "Zq8xW3vN5tR7yU1iO9pA2sD4fG6hJ0kLmXcB"  # shaped like a GitHub token, not one
    (tmp_path / "w.yml").write_text(f'on: push\njobs:\n  a:\n    steps:\n      - run: echo "{token}"\n')
    out = subprocess.run([sys.executable, "-c", _COMPILED, "--no-git", "--no-cache", "-q", "--format", "json",
                          "w.yml"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert '"DCR051"' in out.stdout, out.stdout + out.stderr
    assert out.stdout.rsplit("COMPILED ", 1)[1].split() == ["GitHubTokenDetector"]


def _naive_matches(detector: RegexDetector, text: str) -> list[tuple[int, int]]:
    """`_matches` of a regex detector as first written: each match read on to the end of its
    run of token characters, a character at a time."""
    from dcrlint.checks.dcr051_known_secret_format import _matches

    token = re.compile(r"[A-Za-z0-9_-]")
    found = []
    for pattern in detector.denylist:
        for m in pattern.finditer(text):
            start, end = m.span()
            groups = [i for i in range(1, (pattern.groups or 0) + 1) if m.group(i)]
            if groups and len(m.group(best := max(groups, key=lambda i: len(m.group(i))))) >= 16:
                start, end = m.span(best)
            matched = end
            if start < end and (token.match(text[end - 1]) or text[end - 1] == "."):
                while end < len(text) and token.match(text[end]):
                    end += 1
            valid = detector.is_formally_valid
            if start and text[start].isdigit() and text[start - 1].isdigit():
                continue  # (a number's tail)
            if valid is None or valid(text[start:end]) or valid(text[start:matched]):
                found.append((start, end))
    assert found == list(_matches(detector, text))  # (also the order)
    return found


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.sampled_from(["AKIA", "ASIA", "A", "Z", "7", "-", "_", " ", ".", "eyJ", "e30", "glpat-", "x" * 8]),
                max_size=40))
def test_each_match_reads_on_to_the_end_of_its_run(pieces: list[str]) -> None:
    """Reading a run's end once for the matches within it ends each where reading each on does."""
    text = "".join(pieces)
    for detector, _ in _plugins(False):
        if isinstance(detector, RegexDetector):
            _naive_matches(detector, text)


def test_a_long_run_of_token_characters_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of matches of a fixed-length pattern in one run of token characters: each
    extends to the run's end, which is read once, and the filters read the one token found,
    not each match's copy of it again (counted: reading it again per match is quadratic, a
    minute at 64 KB)."""
    from dcrlint.checks import dcr051_known_secret_format as dcr051

    read, filtered = [0], []
    run_end, was_filtered = dcr051._run_end, dcr051._filtered

    def counted_run_end(text: str, at: int) -> int:
        end = run_end(text, at)
        read[0] += end - at
        return end

    def counted_filtered(secret: str, *args: object) -> bool:
        filtered.append(len(secret))
        return was_filtered(secret, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(dcr051, "_run_end", counted_run_end, raising=False)
    monkeypatch.setattr(dcr051, "_filtered", counted_filtered)
    run = "AKIA" * 4000  # 800 matches of `AKIA` and 16 more
    # Near misses: 40 characters of one case read as a whole are an AWS secret key's shape
    # (filtered), and the match after it in the same run is still tried and reported.
    text = f"key: {run}\nnext: {run[:60]} {run[:40]}\n"
    got = [(f.span.start, f.span.end) for f in run_checks(scanned(text, "values.yaml"), "DCR051")]
    second = len(f"key: {run}\nnext: ")
    assert got == [(5, 5 + len(run)), (second, second + 60), (second + 81, second + 101)]
    assert read[0] <= len(text) and filtered == [len(run), 60, 40, 20]


# `_AWS_KEY` as first written (detect-secrets' AWS pattern with folded line breaks): the same
# texts match the rewritten one, which reads each stretch one way only.
_AWS_KEY_FIRST = re.compile(r"(?i)aws(?:(?:[ \t]*\r?\n[ \t]*)|.){0,20}?(?:key|pwd|pw|pass|token)"
                            r"(?:(?:[ \t]*\r?\n[ \t]*)|.){0,20}?['\"=:\s][0-9a-z/+]{40}(?![0-9a-z/+])")
_LIGHT = st.sampled_from(["x", " ", "\t", "\r", ":", "=", '"', "\x0c", "-", "K", "\u017f"])
_BREAKS = st.sampled_from(["\n", "\r\n", "  \n  ", "\n\n", " \n", "\n ", "\t\n\t", " \r\n "])


@st.composite
def _stretch(draw: st.DrawFn) -> str:
    """Up to 22 characters with up to two line breaks among them (the first form is slow on more)."""
    chars = draw(st.lists(_LIGHT, max_size=22))
    for brk in draw(st.lists(_BREAKS, max_size=2)):
        chars.insert(draw(st.integers(0, len(chars))), brk)
    return "".join(chars)


@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_stretch(), st.sampled_from(["key", "PW", "Token", "x"]), _stretch(),
       st.sampled_from(["", " ", ":", "\n", "'", "  \n  ", "\r\n"]),
       st.sampled_from(["A" * 40, "a/+9" * 10, "A" * 39, "A" * 41, "A" * 40 + "-", "A" * 40 + "\u212a"]))
def test_the_aws_key_pattern_matches_what_it_first_matched(before: str, word: str, after: str, sep: str,
                                                           value: str) -> None:
    from dcrlint.checks.dcr051_known_secret_format import _AWS_KEY

    text = f"aws{before}{word}{after}{sep}{value}"
    for at in (0, 1):
        assert (_AWS_KEY.match(text, at) is None) == (_AWS_KEY_FIRST.match(text, at) is None), repr(text)


def test_blank_padded_line_breaks_after_aws_are_read_once() -> None:
    """Blank-padded line breaks around the key word and no value after them: the first form
    tried every way to read them (three on each side: seconds; four: minutes); one reading now.
    A value after them is still found, as the near misses say where it is not."""
    from dcrlint.checks.dcr051_known_secret_format import _AWS_KEY, might_hold_secret

    pad = "  \n  " * 200
    value = "Zq8vR2mXk4LpQw9s7T0aB1cD2eF3gH4iJ5kL6mNo"
    assert _AWS_KEY.match(f"aws{pad}key{pad}" + "A" * 39) is None  # (finishes: the first form would not)
    assert _AWS_KEY.match(f"aws{pad[:25]}key{pad[:15]}:{value}") is not None
    assert might_hold_secret(f"notes: |\n  aws  \n    key:\n    {value}\n", FileKind.YAML)
    assert not might_hold_secret(f"notes: |\n  aws  \n    key:\n    {value[:39]}\n", FileKind.YAML)
    assert not might_hold_secret(f"notes: |\n  aws{'x' * 21}key: {value}\n", FileKind.YAML)
