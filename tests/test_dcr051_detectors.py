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
