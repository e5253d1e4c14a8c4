"""DCR040 stale-credential: a credential older than `max-age-days`: a JWT issued long ago, a
resource last rotated long ago (annotation), or a literal credential another rule found on a
line git says was committed long ago and not changed since."""

from __future__ import annotations

from collections.abc import Iterator

from ..facts import VALUES
from ..findings import Finding
from ..options import POSITIVE_INT, STRINGS, Option
from ..scanned import ScannedFile
from ..source import Span
from . import FileCheck, FollowUpCheck
from ._credential_dates import LIFECYCLE, _age_days, _day, dated_credentials, may_date_credentials

MAX_AGE_DAYS: Option[int] = Option(
    "max-credential-age-days", POSITIVE_INT, 90,
    doc="Maximum age of a credential in days (since a JWT was issued, a Secret rotated, or the line "
        "holding it was committed) before it is reported.")
ROTATION_ANNOTATIONS: Option[tuple[str, ...]] = Option(
    "rotation-annotations", STRINGS, ("dcrlint.io/rotated-at",),
    doc="Annotation keys on Kubernetes resources that record when a credential was last rotated "
        "(an ISO 8601 date).")
OPTIONS = (MAX_AGE_DAYS, ROTATION_ANNOTATIONS)


def gate(file: ScannedFile) -> bool:
    """A JWT or a rotation annotation key (the configured ones) may be written."""
    return may_date_credentials(file, frozenset(ROTATION_ANNOTATIONS.of(file.settings)))


def check(file: ScannedFile) -> Iterator[Finding]:
    s = file.settings
    return dated_credentials(file, "DCR040", ROTATION_ANNOTATIONS.of(s), MAX_AGE_DAYS.of(s))


def follow_up_gate(file: ScannedFile) -> bool:
    """The gate of `follow_up`: it dates the literal credentials the file's checks found, from
    git: git is on for a file on disk. (Where no file check runs, the engine runs no follow-up:
    there is nothing to date.)"""
    return file.settings.git and bool(file.source.abspath)


def follow_up(file: ScannedFile, findings: list[Finding]) -> Iterator[Finding]:
    """DCR040 from git: the commit date of each line holding a literal credential."""
    s = file.settings
    max_age = MAX_AGE_DAYS.of(s)
    if not s.git or not file.source.abspath:
        return
    literal = [f for f in findings if f.secret and f.rule_id not in LIFECYCLE]
    if not literal:
        return
    dated: list[Span] = [f.span for f in findings if f.rule_id == "DCR040"]
    lines = {f: file.source.position(f.span.start)[0] for f in literal}
    import os

    from ..gitdates import history_problem, line_dates

    problem = history_problem(os.path.dirname(os.path.abspath(file.source.abspath)))
    if problem:
        file.notify(f"DCR040: {problem}, so credential ages from git history are off (fetch the "
                    "whole history: actions/checkout fetch-depth: 0, GitLab GIT_DEPTH: 0)", level="note")
        return
    dates = line_dates(file.source.abspath, set(lines.values()))
    if not dates:
        return
    for f, line in lines.items():
        when = dates.get(line)
        if when is None or _age_days(s.now, when) <= max_age:
            continue
        if any(d.start < f.span.end and f.span.start < d.end for d in dated):
            continue
        dated.append(f.span)
        age = _age_days(s.now, when)
        yield Finding(
            "DCR040",
            f"credential reported by {f.rule_id} was committed on {_day(when)}, "
            f"{age} days ago, and not changed since (maximum {max_age})",
            file.path, f.span, f.place, f.secret,
            properties=(("committed", _day(when)), ("age-days", age)),
            enriches=f"committed on {_day(when)}, {age} days ago, unchanged since",
        )



# The presence rules whose literal credentials the git half dates.
_FOLLOWS = ("DCR001", "DCR002", "DCR010", "DCR022", "DCR023", "DCR030", "DCR050", "DCR051")

CHECKS = (
    FileCheck(rules=("DCR040",), run=check, facts=(VALUES,), gate=gate),
    FollowUpCheck(rules=("DCR040",), run=follow_up, follows=_FOLLOWS, gate=follow_up_gate),
)
