"""The explicit table of checks: which function finds which rules in which kinds of file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..classify import FileKind

if TYPE_CHECKING:
    from ..config import Settings
    from ..findings import Finding
    from ..scanned import ScannedFile


@dataclass(frozen=True)
class FileCheck:
    """Looks at one file at a time."""

    rules: tuple[str, ...]
    run: Callable[[ScannedFile], Iterable[Finding]]
    kinds: frozenset[FileKind] | None = None  # None: every kind


@dataclass(frozen=True)
class FollowUpCheck:
    """Looks at one file after the file checks, given their findings (e.g. the age of each
    literal credential another rule found)."""

    rules: tuple[str, ...]
    run: Callable[[ScannedFile, list[Finding]], Iterable[Finding]]
    kinds: frozenset[FileKind] | None = None


@dataclass(frozen=True)
class ProjectCheck:
    """Looks across files: `collect` gathers small picklable facts from each file (in
    worker processes), `finish` reports from all of them at once. `prefilter` is a cheap
    test on file text for indexing repository files that were not named on the command line;
    `reports_in` are the kinds of file its findings land in (no such file scanned: no index)."""

    name: str
    rules: tuple[str, ...]
    collect: Callable[[ScannedFile], Any]
    finish: Callable[[Mapping[str, Any], Settings], Iterable[Finding]]
    kinds: frozenset[FileKind] | None = None
    prefilter: Callable[[str], bool] | None = None
    reports_in: frozenset[FileKind] | None = None


# One module per family of rules; each exports CHECKS. The list is explicit (no discovery,
# no import side effects), and the modules keep heavy imports inside their functions.
_MODULES = (
    "logins",  # DCR001 DCR002 DCR003 DCR050 (shell contexts)
    "github",  # DCR010 DCR011 DCR013 DCR014 (GitHub Actions)
    "gitlab",  # DCR010 (GitLab CI)
    "jenkins",  # DCR010 DCR012 (Jenkinsfiles)
    "cisystems",  # DCR010 DCR002 (Azure Pipelines, CircleCI, Bitbucket, Drone, Buildkite, Travis, CodeBuild)
    "kubernetes",  # DCR020 DCR021 DCR022 DCR023
    "dockerconfig",  # DCR030
    "lifecycle",  # DCR040 DCR041
    "known_secrets",  # DCR051
)


def _load() -> tuple[tuple[FileCheck, ...], tuple[FollowUpCheck, ...], tuple[ProjectCheck, ...]]:
    from importlib import import_module

    file_checks: list[FileCheck] = []
    follow_ups: list[FollowUpCheck] = []
    project_checks: list[ProjectCheck] = []
    for name in _MODULES:
        for check in import_module(f"{__name__}.{name}").CHECKS:
            if isinstance(check, FileCheck):
                file_checks.append(check)
            elif isinstance(check, FollowUpCheck):
                follow_ups.append(check)
            else:
                project_checks.append(check)
    return tuple(file_checks), tuple(follow_ups), tuple(project_checks)


FILE_CHECKS, FOLLOW_UP_CHECKS, PROJECT_CHECKS = _load()

# Rules the engine itself reports about suppressions.
ENGINE_RULES = ("DCR900", "DCR901", "DCR902")

CHECKED_RULES: frozenset[str] = frozenset(
    [r for c in FILE_CHECKS for r in c.rules]
    + [r for c in FOLLOW_UP_CHECKS for r in c.rules]
    + [r for c in PROJECT_CHECKS for r in c.rules]
    + list(ENGINE_RULES)
)
