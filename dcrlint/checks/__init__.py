"""The explicit table of checks: one module per rule (`dcrNNN_<name>.py`), each exporting
CHECKS. A check declares the rules it reports, the facts it reads and the shell commands it
needs parsed; the kinds of file it runs on follow from the facts (the extractors that provide
them), and the shell parse prefilter from the command filters of the checks that run."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..classify import FileKind

if TYPE_CHECKING:
    from ..config import Settings
    from ..facts import CommandFilter, Fact
    from ..findings import Finding
    from ..scanned import ScannedFile


def _runs_on(kind: FileKind, kinds: frozenset[FileKind] | None, facts: tuple[Fact[Any], ...]) -> bool:
    if kinds is not None:
        return kind in kinds
    if not facts:
        return True
    from ..extractors import provided

    have = provided(kind)
    return all(f in have for f in facts)


@dataclass(frozen=True)
class FileCheck:
    """Looks at one file at a time. It runs on the kinds of file that provide all of `facts`
    (or on `kinds` when given: user policies; on every kind when neither is given)."""

    rules: tuple[str, ...]
    run: Callable[[ScannedFile], Iterable[Finding]]
    facts: tuple[Fact[Any], ...] = ()
    commands: tuple[CommandFilter, ...] = ()  # shell commands it reads (parse prefilter)
    kinds: frozenset[FileKind] | None = None

    def runs_on(self, kind: FileKind) -> bool:
        return _runs_on(kind, self.kinds, self.facts)


@dataclass(frozen=True)
class FollowUpCheck:
    """Looks at one file after the file checks, given their findings (e.g. the age of each
    literal credential another rule found). `follows` are the rules whose findings it reads:
    the engine runs the checks of those rules whenever this one runs (their findings are
    reported only when selected)."""

    rules: tuple[str, ...]
    run: Callable[[ScannedFile, list[Finding]], Iterable[Finding]]
    facts: tuple[Fact[Any], ...] = ()
    follows: tuple[str, ...] = ()
    kinds: frozenset[FileKind] | None = None

    def runs_on(self, kind: FileKind) -> bool:
        return _runs_on(kind, self.kinds, self.facts)


@dataclass(frozen=True)
class ProjectCheck:
    """Looks across files: `collect` gathers small picklable facts from each file (in
    worker processes), `finish` reports from all of them at once. Checks with the same `name`
    share one collection. `prefilter` is a cheap test on file text for indexing repository
    files that were not named on the command line; `reports_in` are the kinds of file its
    findings land in (no such file scanned: no index)."""

    name: str
    rules: tuple[str, ...]
    collect: Callable[[ScannedFile], Any]
    finish: Callable[[Mapping[str, Any], Settings], Iterable[Finding]]
    facts: tuple[Fact[Any], ...] = ()
    commands: tuple[CommandFilter, ...] = ()
    kinds: frozenset[FileKind] | None = None
    prefilter: Callable[[str], bool] | None = None
    reports_in: frozenset[FileKind] | None = None

    def runs_on(self, kind: FileKind) -> bool:
        return _runs_on(kind, self.kinds, self.facts)


# One module per rule, in rule order. The list is explicit (no discovery, no import side
# effects), and the modules keep heavy imports inside their functions.
MODULES = (
    "dcr001_password_on_command_line",
    "dcr002_hardcoded_registry_credential",
    "dcr003_secret_leaked_to_log",
    "dcr010_hardcoded_ci_secret",
    "dcr011_secret_expanded_in_script",
    "dcr012_groovy_secret_interpolation",
    "dcr013_overbroad_secrets",
    "dcr014_persisted_registry_login",
    "dcr020_missing_image_pull_secrets",
    "dcr021_unresolved_image_pull_secret",
    "dcr022_committed_registry_secret",
    "dcr023_plaintext_secret_in_manifest",
    "dcr030_docker_config_plaintext_auth",
    "dcr040_stale_credential",
    "dcr041_expired_credential",
    "dcr050_credentials_in_url",
    "dcr051_known_secret_format",
)


def _load() -> tuple[tuple[FileCheck, ...], tuple[FollowUpCheck, ...], tuple[ProjectCheck, ...]]:
    from importlib import import_module

    file_checks: list[FileCheck] = []
    follow_ups: list[FollowUpCheck] = []
    project_checks: list[ProjectCheck] = []
    for name in MODULES:
        for check in import_module(f"{__name__}.{name}").CHECKS:
            if isinstance(check, FileCheck):
                file_checks.append(check)
            elif isinstance(check, FollowUpCheck):
                follow_ups.append(check)
            else:
                project_checks.append(check)
    return tuple(file_checks), tuple(follow_ups), tuple(project_checks)


FILE_CHECKS, FOLLOW_UP_CHECKS, PROJECT_CHECKS = _load()

# Every command filter of the built-in checks (a ScannedFile made outside a scan parses
# what any check reads).
COMMAND_FILTERS: tuple[CommandFilter, ...] = tuple(dict.fromkeys(
    [f for c in FILE_CHECKS for f in c.commands] + [f for p in PROJECT_CHECKS for f in p.commands]
))

# Rules the engine itself reports about suppressions.
ENGINE_RULES = ("DCR900", "DCR901", "DCR902")

CHECKED_RULES: frozenset[str] = frozenset(
    [r for c in FILE_CHECKS for r in c.rules]
    + [r for c in FOLLOW_UP_CHECKS for r in c.rules]
    + [r for c in PROJECT_CHECKS for r in c.rules]
    + list(ENGINE_RULES)
)
