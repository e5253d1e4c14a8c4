"""Property tests: one finding per secret per place, and the scope of an inline suppression."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dcrlint.engine import _dedupe, _precedence
from dcrlint.findings import Finding
from dcrlint.source import Span

PRESENCE = sorted(_precedence())
RULES = [*PRESENCE, "DCR001", "DCR003"]


@st.composite
def _findings(draw: st.DrawFn) -> list[Finding]:
    out = []
    for _ in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, 60))
        end = start + draw(st.integers(1, 15))
        rule = draw(st.sampled_from(RULES))
        secret = draw(st.sampled_from(["", "s3cr3t", "s3cr3t-longer", "other"]))
        out.append(Finding(rule, "m", "f", Span(start, end), (), secret=secret or None))
    return out


def _overlap(a: Finding, b: Finding) -> bool:
    return a.span.start < b.span.end and b.span.start < a.span.end


@given(_findings())
def test_one_finding_per_secret_per_place(findings: list[Finding]) -> None:
    rank = _precedence()
    kept = _dedupe(findings)
    for f in findings:
        beaten = f.rule_id in rank and any(
            g.rule_id in rank and rank[g.rule_id] < rank[f.rule_id] and _overlap(f, g) for g in findings)
        # dropped exactly when a more specific presence finding is at the same place: the same
        # value written elsewhere (or inside another value elsewhere) suppresses nothing
        assert (f in kept) != beaten or findings.count(f) > 1
    for f in kept:
        assert not any(g.rule_id in rank and f.rule_id in rank and rank[g.rule_id] < rank[f.rule_id]
                       and _overlap(f, g) for g in kept)


_LINE = 'docker login -u ci -p "Hx7-pQ2-vL9-{n}" dcr.example.com'


@settings(max_examples=25, deadline=None)
@given(lines=st.integers(1, 6), at=st.integers(1, 7), alone=st.booleans(),
       rule=st.sampled_from(["DCR002", "DCR001", "hardcoded-registry-credential", "DCR0"]))
def test_suppression_covers_its_target_line_only(lines: int, at: int, alone: bool, rule: str) -> None:
    from dcrlint.config import Settings
    from dcrlint.lint import Options, lint
    from dcrlint.rulesmeta import builtin_rules

    at = min(at, lines)
    body = [_LINE.format(n=n) for n in range(1, lines + 1)]
    directive = f"# dcrlint: ignore[{rule}] test"
    if alone:
        body.insert(at - 1, directive)  # covers the next line
    else:
        body[at - 1] += f"  {directive}"
    text = "#!/bin/sh\n" + "\n".join(body) + "\n"
    target = at + 1 + (1 if alone else 0)  # file line of the login the directive is for
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "deploy.sh").write_text(text)
        scan = lint([tmp], Settings(root=tmp, git=False, select=("DCR001", "DCR002")), builtin_rules(),
                     Options(jobs=1))
    suppressed = {(r.rule_id, r.start.line) for r in scan.suppressed}
    names = {"DCR002": {"DCR002"}, "DCR001": {"DCR001"}, "hardcoded-registry-credential": {"DCR002"},
             "DCR0": {"DCR001", "DCR002"}}[rule]
    assert suppressed == {(r, target) for r in names}
    assert all(r.start.line != target or r.rule_id not in names for r in scan.results)
