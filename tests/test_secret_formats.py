"""dcrlint.secret_formats is detect-secrets' detectors without importing detect-secrets: it must
stay equal to the installed package (patterns, flags, is_formally_valid, entropy, filters)."""

from __future__ import annotations

import random
import string
import subprocess
import sys
from importlib import import_module

import pytest

from dcrlint import secret_formats as sf

detect_secrets = pytest.importorskip("detect_secrets")

# Values of the shapes the detectors and filters decide on (made up, none a real secret).
_SAMPLES = (
    "", "a", "ABCDEFGHIJKLMNOP", "0123456789", "1234567890123456789", "abcdef0123456789abcdef",
    "123e4567-e89b-12d3-a456-426614174000", "x-123E4567-E89B-12D3-A456-426614174000-y",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0", "eyJ.e", "eyJhbGc.eyJzd.x", "MNOPQRSTUVWXYZ=/",
    "q8Zt3v9LkP2mW7xR4nB6yH1cF5gJ0sDa", "deadbeefdeadbeef", "00000000", "ZYXWVUTS", "=/", "+/ABCDEF",
)


def _plugin(source: tuple[str, str]) -> object:
    return getattr(import_module(f"detect_secrets.plugins.{source[0]}"), source[1])()


def test_the_table_covers_detect_secrets_regex_plugins() -> None:
    """Every plugin we chose is there; a new detect-secrets with another pattern fails below."""
    names = {d.source[1] for d in sf.regex_detectors()}
    assert len(names) == len(sf.regex_detectors()) == 17


@pytest.mark.parametrize("detector", sf.regex_detectors(), ids=lambda d: d.source[1])
def test_regex_detectors_equal_detect_secrets(detector: sf.RegexDetector) -> None:
    plugin = _plugin(detector.source)
    theirs = [(r.pattern, r.flags) for r in plugin.denylist]  # type: ignore[attr-defined]
    assert [(r.pattern, r.flags) for r in detector.denylist] == theirs
    has_valid = hasattr(plugin, "is_formally_valid")
    assert (detector.is_formally_valid is not None) == has_valid
    if detector.is_formally_valid is not None:
        for sample in _SAMPLES:
            assert detector.is_formally_valid(sample) == plugin.is_formally_valid(sample), sample  # type: ignore[attr-defined]


@pytest.mark.parametrize("detector", sf.entropy_detectors(), ids=lambda d: d.source[1])
def test_entropy_detectors_equal_detect_secrets(detector: sf.EntropyDetector) -> None:
    plugin = _plugin(detector.source)
    assert detector.charset == plugin.charset  # type: ignore[attr-defined]
    assert detector.limit == plugin.entropy_limit  # type: ignore[attr-defined]
    assert (detector.regex.pattern, detector.regex.flags) == (plugin.regex.pattern, plugin.regex.flags)  # type: ignore[attr-defined]
    rng = random.Random(18)
    samples = [*_SAMPLES, *("".join(rng.choice(detector.charset) for _ in range(rng.randint(1, 60)))
                            for _ in range(200))]
    for sample in samples:
        for text in (f'"{sample}"', f"'{sample}'", f'x = "{sample}" + "{sample[::-1]}"', sample):
            assert list(detector.analyze_string(text)) == list(plugin.analyze_string(text))  # type: ignore[attr-defined]
        if sample:
            assert detector.shannon_entropy(sample) == pytest.approx(
                plugin.calculate_shannon_entropy(sample)), sample  # type: ignore[attr-defined]


def test_filters_equal_detect_secrets() -> None:
    from detect_secrets.filters.heuristic import is_potential_uuid, is_sequential_string

    rng = random.Random(51)
    alphabet = string.ascii_letters + string.digits + "+/=-"
    samples = [*_SAMPLES, *(s[i:j] for s in (string.ascii_uppercase * 2 + string.digits + "+/",
                                            string.hexdigits * 2) for i in range(0, 20, 3) for j in (i + 5, i + 30)),
               *("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(300))]
    for sample in samples:
        assert sf.is_sequential_string(sample) == is_sequential_string(sample), sample
        assert sf.is_potential_uuid(sample) == is_potential_uuid(sample), sample


def test_a_scan_finding_a_token_imports_no_network_chain(tmp_path: object) -> None:
    """The lean start: a file holding a token is scanned without detect-secrets, requests,
    urllib3 or ssl."""
    from pathlib import Path

    folder = Path(str(tmp_path))
    token = "ghp_" + "Zq8xW3vN5tR7yU1iO9pA2sD4fG6hJ0kLmXcB"
    (folder / "w.yml").write_text(f'on: push\njobs:\n  a:\n    steps:\n      - run: echo "{token}"\n')
    code = ("import sys\nfrom dcrlint.cli import main\n"
            f"rc = main(['--no-git', '--no-cache', '--jobs', '1', '-q', {str(folder)!r}])\n"
            "sys.stdout.flush()\n"
            "heavy = sorted(m for m in ('detect_secrets', 'requests', 'urllib3', 'ssl', 'email') if m in sys.modules)\n"
            "print('RC', rc, 'HEAVY', heavy)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "DCR051" in out.stdout, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1] == "RC 1 HEAVY []", out.stdout + out.stderr
