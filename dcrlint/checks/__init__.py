"""The explicit table of checks: one module per rule (`dcrNNN_<name>.py`), each exporting
CHECKS. A check declares the rules it reports, the facts it reads and the shell commands it
needs parsed; the kinds of file it runs on follow from the facts (the extractors that provide
them), and the shell parse prefilter from the command filters of the checks that run.

`MODULES` repeats what each module's checks read, so that a scan imports only the modules
whose checks run on the kinds of file it meets (`for_kind`): a shell script does not load
the Kubernetes or GitHub checks. tests/test_contracts.py keeps the table equal to the modules.

A check may declare a `gate`: a cheap test of the file's text that is False only when the check
can find nothing there (no finding, no notification; a project check collects nothing). It is a
superset of every spelling the check's consumer reads (escapes, quotes, case), and it reads the
settings that widen the check. A file where every check of its plan has a gate and none holds
is not modelled at all (engine `_analyse`: "inert"; in the kinds of `engine.GATED_KINDS`);
where one holds, every check runs. No gate: the check always runs.

A module whose rule has settings exports OPTIONS (`options.Option`: key, type, default, doc),
read with `OPTION.of(settings)`; one whose findings carry fixes says FIXABLE = True. The rule's
metadata lists the same (`options:`, `fixable:`: `rulesmeta.agrees_with_module`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, TypeAlias

from ..classify import FileKind
from ..extractors import provided
from ..facts import (
    ACTION_INPUTS,
    ASSIGNMENTS,
    CI_FACTS,
    DOCKER_CONFIG,
    GITHUB_WORKFLOWS,
    GITLAB_CONFIG,
    JENKINS_MODEL,
    K8S_RESOURCES,
    LOGINS,
    REGISTRY_CREDENTIALS,
    SETTINGS,
    SHELL_CONTEXTS,
    SHELL_SCRIPTS,
    SHELL_SESSIONS,
    TERRAFORM,
    URL_CREDENTIALS,
    VALUES,
    VARIABLES,
    YAML_DOCUMENTS,
    Fact,
)
from ..records import lazy_dataclass

if TYPE_CHECKING:
    from ..config import Settings
    from ..facts import CommandFilter
    from ..findings import Finding
    from ..options import Option
    from ..scanned import ScannedFile


# A check's gate (see the module docstring): False only where the check can find nothing.
Gate: TypeAlias = "Callable[[ScannedFile], bool]"


def _runs_on(kind: FileKind, kinds: frozenset[FileKind] | None, facts: tuple[Fact[Any], ...]) -> bool:
    if kinds is not None:
        return kind in kinds
    if not facts:
        return True
    have = provided(kind)
    return all(f in have for f in facts)


@lazy_dataclass(frozen=True)
class FileCheck:
    """Looks at one file at a time. It runs on the kinds of file that provide all of `facts`
    (or on `kinds` when given: user policies; on every kind when neither is given)."""

    rules: tuple[str, ...]
    run: Callable[[ScannedFile], Iterable[Finding]]
    facts: tuple[Fact[Any], ...] = ()
    commands: tuple[CommandFilter, ...] = ()  # shell commands it reads (parse prefilter)
    kinds: frozenset[FileKind] | None = None
    gate: Gate | None = None

    def runs_on(self, kind: FileKind) -> bool:
        return _runs_on(kind, self.kinds, self.facts)


@lazy_dataclass(frozen=True)
class FollowUpCheck:
    """Looks at one file after the file checks, given their findings (e.g. the age of each
    literal credential another rule found). `follows` are the rules whose findings it reads:
    the engine runs the checks of those rules whenever this one runs (their findings are
    reported only when selected). Where gates hold every file check off, it does not run
    either (no findings to read): its own gate need not ask theirs."""

    rules: tuple[str, ...]
    run: Callable[[ScannedFile, list[Finding]], Iterable[Finding]]
    facts: tuple[Fact[Any], ...] = ()
    follows: tuple[str, ...] = ()
    kinds: frozenset[FileKind] | None = None
    gate: Gate | None = None

    def runs_on(self, kind: FileKind) -> bool:
        return _runs_on(kind, self.kinds, self.facts)


@lazy_dataclass(frozen=True)
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
    gate: Gate | None = None

    def runs_on(self, kind: FileKind) -> bool:
        return _runs_on(kind, self.kinds, self.facts)


# The rules whose gates the engine asks first (engine `_any_holds`: the first gate that holds
# ends the test, the file is modelled): those that hold on most modelled files of some kind
# and cost least (measured on the corpus: the pull-secret collection on a manifest that may
# hold a pod spec, DCR012 on a Jenkinsfile naming a secret), then the others, those that
# almost never hold last. A rule not listed comes after the listed ones.
GATE_ORDER = ("DCR020", "DCR021", "DCR012", "DCR002", "DCR001", "DCR014", "DCR013", "DCR023", "DCR022",
              "DCR003", "DCR050", "DCR010", "DCR011", "DCR030", "DCR040", "DCR041", "DCR051")


def gate_order(checks: Iterable[FileCheck | FollowUpCheck | ProjectCheck]) -> tuple[Gate, ...]:
    """The gates of the checks, each once, in the order to ask them (`GATE_ORDER`; a check's
    place is its first rule's, checks of one rule in their order)."""
    ranked = sorted(checks, key=lambda c: GATE_ORDER.index(c.rules[0]) if c.rules[0] in GATE_ORDER
                    else len(GATE_ORDER))
    return tuple(dict.fromkeys(c.gate for c in ranked if c.gate is not None))


# Where one check runs: the facts it reads (`facts=`), or the kinds it names (`kinds=`).
Where: TypeAlias = tuple[Fact[Any], ...] | frozenset[FileKind]


@lazy_dataclass(frozen=True)
class CheckModule:
    """A check module as the engine sees it before importing it: its name, and where each of
    its checks runs (a check with no facts runs on every kind). `project`: it has project
    checks (cross-file collections)."""

    name: str
    where: tuple[Where, ...]
    project: bool = False

    @property
    def rule(self) -> str:
        return self.name[:6].upper()

    def runs_on(self, kind: FileKind) -> bool:
        return any(kind in w if isinstance(w, frozenset) else _runs_on(kind, None, w) for w in self.where)


# One module per rule, in rule order. The list is explicit (no discovery, no import side
# effects), and the modules keep heavy imports inside their functions.
MODULES: tuple[CheckModule, ...] = (
    CheckModule("dcr001_password_on_command_line", ((LOGINS,),)),
    CheckModule("dcr002_hardcoded_registry_credential",
                ((LOGINS,), (ACTION_INPUTS,), (JENKINS_MODEL,), (REGISTRY_CREDENTIALS,), (ACTION_INPUTS, ASSIGNMENTS))),
    CheckModule("dcr003_secret_leaked_to_log",
                ((SHELL_SCRIPTS,), (SHELL_SESSIONS, SHELL_SCRIPTS, ASSIGNMENTS), (JENKINS_MODEL,),
                 frozenset({FileKind.MAKEFILE}), frozenset({FileKind.ANSIBLE}))),
    CheckModule("dcr010_hardcoded_ci_secret", ((ASSIGNMENTS,), (ACTION_INPUTS, ASSIGNMENTS))),
    CheckModule("dcr011_secret_expanded_in_script",
                ((GITHUB_WORKFLOWS, SHELL_CONTEXTS), frozenset({FileKind.AZURE_PIPELINES, FileKind.CIRCLECI}))),
    CheckModule("dcr012_groovy_secret_interpolation", ((JENKINS_MODEL,),)),
    CheckModule("dcr013_overbroad_secrets", ((GITHUB_WORKFLOWS, YAML_DOCUMENTS),)),
    CheckModule("dcr014_persisted_registry_login",
                ((GITHUB_WORKFLOWS, ACTION_INPUTS, SHELL_SCRIPTS), (GITLAB_CONFIG, SHELL_SCRIPTS),
                 (CI_FACTS, SHELL_SCRIPTS))),
    CheckModule("dcr020_missing_image_pull_secrets", ((),), project=True),
    CheckModule("dcr021_unresolved_image_pull_secret", ((),), project=True),
    CheckModule("dcr022_committed_registry_secret", ((K8S_RESOURCES,), (SETTINGS,), (REGISTRY_CREDENTIALS,))),
    CheckModule("dcr023_plaintext_secret_in_manifest", ((K8S_RESOURCES,), (SETTINGS,), (SHELL_SCRIPTS,), ()),
                project=True),
    CheckModule("dcr030_docker_config_plaintext_auth", ((DOCKER_CONFIG,), (VALUES,), (SETTINGS,), (SHELL_CONTEXTS,),
                                                     (TERRAFORM,), (VARIABLES,))),
    CheckModule("dcr040_stale_credential", ((VALUES,), ())),
    CheckModule("dcr041_expired_credential", ((VALUES,),)),
    CheckModule("dcr050_credentials_in_url", ((URL_CREDENTIALS,), (K8S_RESOURCES,))),
    CheckModule("dcr051_known_secret_format", ((VALUES,),)),
)


@lazy_dataclass(frozen=True)
class Checks:
    file: tuple[FileCheck, ...]
    follow_ups: tuple[FollowUpCheck, ...]
    project: tuple[ProjectCheck, ...]


@cache
def _module(name: str) -> Any:
    from importlib import import_module

    return import_module(f"{__name__}.{name}")


@cache
def _checks_of(name: str) -> Checks:
    checks = _module(name).CHECKS
    return Checks(tuple(c for c in checks if isinstance(c, FileCheck)),
                  tuple(c for c in checks if isinstance(c, FollowUpCheck)),
                  tuple(c for c in checks if isinstance(c, ProjectCheck)))


def _load(modules: Iterable[CheckModule]) -> Checks:
    loaded = [_checks_of(m.name) for m in modules]
    return Checks(tuple(c for m in loaded for c in m.file), tuple(c for m in loaded for c in m.follow_ups),
                  tuple(c for m in loaded for c in m.project))


@cache
def for_kind(kind: FileKind) -> Checks:
    """The built-in checks that run on a kind of file, in rule order; only their modules are
    imported."""
    found = _load(m for m in MODULES if m.runs_on(kind))
    return Checks(tuple(c for c in found.file if c.runs_on(kind)),
                  tuple(c for c in found.follow_ups if c.runs_on(kind)),
                  tuple(c for c in found.project if c.runs_on(kind)))


@cache
def project_checks() -> tuple[ProjectCheck, ...]:
    """Every built-in project check (whatever the kinds), in rule order."""
    return _load(m for m in MODULES if m.project).project


@cache
def all_checks() -> Checks:
    """Every built-in check: all modules imported (tests, a ScannedFile made outside a scan)."""
    return _load(MODULES)


@cache
def command_filters() -> tuple[CommandFilter, ...]:
    """Every command filter of the built-in checks (a ScannedFile made outside a scan parses
    what any check reads)."""
    every = all_checks()
    return tuple(dict.fromkeys([*(f for c in every.file for f in c.commands),
                                *(f for p in every.project for f in p.commands)]))


def _module_of(rule: str) -> Any:
    m = next((m for m in MODULES if m.rule == rule), None)
    return None if m is None else _module(m.name)


def options_of(rule: str) -> tuple[Option[Any], ...]:
    """The options a rule's module declares (importing that module only)."""
    return tuple(getattr(_module_of(rule), "OPTIONS", ()))


def fixable(rule: str) -> bool:
    """Whether a rule's module says its findings carry fixes (FIXABLE)."""
    return bool(getattr(_module_of(rule), "FIXABLE", False))


def rule_options() -> dict[str, tuple[Option[Any], ...]]:
    """The options of every built-in rule that has some (imports every module: tests, docs)."""
    return {m.rule: opts for m in MODULES if (opts := options_of(m.rule))}


# Rules the engine itself reports about suppressions.
ENGINE_RULES = ("DCR900", "DCR901", "DCR902")

CHECKED_RULES: frozenset[str] = frozenset([m.rule for m in MODULES] + list(ENGINE_RULES))


def __getattr__(name: str) -> Any:
    """FILE_CHECKS, FOLLOW_UP_CHECKS, PROJECT_CHECKS and COMMAND_FILTERS: every built-in check
    (importing every module; a scan asks for_kind instead)."""
    if name == "COMMAND_FILTERS":
        return command_filters()
    field = {"FILE_CHECKS": "file", "FOLLOW_UP_CHECKS": "follow_ups", "PROJECT_CHECKS": "project"}.get(name)
    if field is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(all_checks(), field)
