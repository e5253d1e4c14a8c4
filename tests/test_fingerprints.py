"""Fingerprints say where a finding is, never what the secret is, and survive edits above it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write

WORKFLOW = """name: ci
on: push
jobs:
{above}  build:
    runs-on: ubuntu-latest
    steps:
{steps}      - run: docker login -u ci -p {secret} registry.example.com
      - run: echo "${{{{ secrets.TOKEN }}}}"
"""
OTHER_JOB = """  lint:
    runs-on: ubuntu-latest
    steps:
      - run: make lint
"""


def _prints(lint, tmp_path: Path, above: str = "", steps: str = "", secret: str = "Hx7pQ2vLm9Kw") -> dict[str, str]:  # type: ignore[no-untyped-def]
    write(tmp_path, ".github/workflows/ci.yml", WORKFLOW.format(above=above, steps=steps, secret=secret))
    findings = lint("--format", "json", "--fail-on", "never").json()["findings"]
    assert {f["rule"] for f in findings} >= {"DCR001", "DCR002", "DCR011"}
    return {f["rule"]: f["fingerprint"] for f in findings}


def test_survive_added_step_added_job_and_renamed_job_above(lint, tmp_path: Path) -> None:
    before = _prints(lint, tmp_path)
    assert _prints(lint, tmp_path, steps="      - uses: actions/checkout@v4\n      - run: make\n") == before
    assert _prints(lint, tmp_path, above=OTHER_JOB) == before
    assert _prints(lint, tmp_path, above=OTHER_JOB.replace("lint:", "style:")) == before


def test_no_part_derived_from_the_secret(lint, tmp_path: Path) -> None:
    """Another password at the same place gives the same fingerprints: nothing to test a
    guess against, in a fingerprint or a baseline."""
    assert _prints(lint, tmp_path) == _prints(lint, tmp_path, secret="hunter2x")
    lint("--write-baseline", "b.json")
    assert "Hx7pQ2vLm9Kw" not in (tmp_path / "b.json").read_text()


def test_identical_lines_are_told_apart(lint, tmp_path: Path) -> None:
    line = "docker login -u ci -p Hx7pQ2vLm9Kw registry.example.com\n"
    write(tmp_path, "a.sh", line + line)
    prints = [f["fingerprint"] for f in lint("--format", "json").json()["findings"]]
    assert len(prints) == len(set(prints)) == 4


def test_moved_unused_suppression_keeps_its_fingerprint(lint, tmp_path: Path) -> None:
    def dcr900(text: str) -> str:
        write(tmp_path, "a.sh", text)
        r = lint("--format", "json", "--report-unused-ignores", "--fail-on", "never")
        (f,) = [f for f in r.json()["findings"] if f["rule"] == "DCR900"]
        return str(f["fingerprint"])

    first = dcr900("# dcrlint: ignore[DCR001] old login\necho hi\n")
    assert dcr900("set -e\n\necho start\n# dcrlint: ignore[DCR001] old login\necho hi\n") == first


def test_baseline_matches_after_edits_above(lint, tmp_path: Path) -> None:
    _prints(lint, tmp_path)
    assert lint("--write-baseline", "b.json").code == 0
    assert json.loads((tmp_path / "b.json").read_text())["dcrlint-baseline"] == 2
    _prints(lint, tmp_path, above=OTHER_JOB, steps="      - run: make\n")
    r = lint("--baseline", "b.json", "--format", "json")
    assert r.code == 0 and r.json()["findings"] == []


def test_old_baseline_is_a_clear_error(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", "echo hi\n")
    write(tmp_path, "b.json", json.dumps({"dcrlint-baseline": 1, "findings": [
        {"rule": "DCR002", "fingerprint": "0" * 32}]}))
    r = lint("--baseline", "b.json")
    assert r.code == 2 and "older dcrlint" in r.err and "--write-baseline" in r.err
    assert "Traceback" not in r.err


def test_long_line_changed_far_away_keeps_fingerprint(lint, tmp_path: Path) -> None:
    def prints(extra: str) -> list[str]:
        auths = {"registry.example.com": {"auth": "Y2k6UmVnQXV0aFB3OTk="}}
        write(tmp_path, ".docker/config.json", json.dumps({"auths": auths, "x": "-" * 100 + extra}))
        return [f["fingerprint"] for f in lint("--format", "json", "--select", "DCR030").json()["findings"]]

    first = prints("a" * 200)
    assert first and prints("b" * 300) == first


def test_baseline_with_bom_or_deep_nesting(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", "docker login -u ci -p Hx7pQ2vLm9Kw registry.example.com\n")
    lint("--write-baseline", "b.json")
    (tmp_path / "c.json").write_bytes(b"\xef\xbb\xbf" + (tmp_path / "b.json").read_bytes())
    assert lint("--baseline", "c.json").code == 0
    write(tmp_path, "d.json", "[" * 100_000 + "]" * 100_000)
    r = lint("--baseline", "d.json")
    assert r.code == 2 and "not a dcrlint baseline" in r.err


def test_wrong_typed_baseline_names_the_key(lint, tmp_path: Path) -> None:
    write(tmp_path, "a.sh", "docker login -u ci -p Hx7pQ2vLm9Kw registry.example.com\n")
    for findings, key in (('"x"', "findings: expected a list"),
                          ('[{"rule": "DCR001", "fingerprint": []}]', "findings[0].fingerprint"),
                          ('[{"rule": "DCR001", "fingerprint": "a"}, 5]', "findings[1].fingerprint")):
        write(tmp_path, "b.json", '{"dcrlint-baseline": 2, "findings": ' + findings + "}")
        r = lint("--baseline", "b.json")
        assert r.code == 2 and "Traceback" not in r.err
        assert "not a dcrlint baseline" in r.err and key in r.err, r.err
