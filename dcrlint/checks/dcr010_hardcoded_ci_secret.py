"""DCR010 hardcoded-ci-secret: a secret-named CI variable, input or credential given a
literal value: GitHub Actions `env:`, `with:`, `secrets:`, container credentials and input
defaults; GitLab CI `variables:` (after includes, `extends`, anchors and `!reference`);
Jenkins `environment { }`; the variables, plugin inputs and registry passwords of the CI systems
described as data (Azure Pipelines, CircleCI, Bitbucket, Drone, Buildkite, Travis, CodeBuild)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..config import PLACEHOLDERS, SECRET_NAMES
from ..facts import ACTION_INPUTS, ASSIGNMENTS, ActionInput, Assignment
from ..findings import Finding
from ..scanned import ScannedFile
from ..source import MappedText, Span
from . import FileCheck
from ._assignment_gate import may_assign_secret
from ._literals import LOGIN_INPUTS, literal_parts, secret_name
from ._service_passwords import brought_up_passwords, is_throwaway, local_service_env, throwaway_passwords
from .dcr002_hardcoded_registry_credential import local_login_env

OPTIONS = (SECRET_NAMES, PLACEHOLDERS)  # settings of the whole scan this rule is shaped by

_Site = tuple[Assignment | ActionInput, str]  # where a literal would be reported, and the message


def _assignment_sites(file: ScannedFile) -> Iterator[_Site]:
    """Secret-named variables, environment entries and input defaults; registry passwords."""
    assignments = file.get(ASSIGNMENTS)
    throwaway = throwaway_passwords(assignments) + brought_up_passwords(file)
    local: set[tuple[str, ...]] | None = None  # made for the first secret-named one
    on_runner: set[tuple[str, ...]] | None = None  # the same
    for a in assignments:
        if a.role == "registry-password":  # (a login: reported with the user name beside, as DCR002's)
            message = f"{a.shown} is a literal; {a.advice}"
        elif not secret_name(file, a) or (throwaway and is_throwaway(a, throwaway)):
            continue
        elif a.place in (local := local if local is not None else local_login_env(file)):
            continue  # a local test registry's throwaway account, as its login reads it (DCR002)
        elif a.role == "variable" and a.place in (on_runner := on_runner if on_runner is not None
                                                  else local_service_env(assignments, file.settings.secret_names)):
            continue  # its own service on the runner itself (`VAULT_ADDR: http://localhost:8200` beside it)
        elif a.role == "input-default":
            message = f"{a.shown} has a literal secret as its default; {a.advice}"
        else:
            message = f"{a.shown} is assigned a literal secret; {a.advice}"
        yield a, message


def _input_sites(file: ScannedFile) -> Iterator[_Site]:
    """Secret-named inputs (not the login inputs of an action or plugin: DCR002), and the
    secrets handed to a reusable workflow."""
    inputs = file.get(ACTION_INPUTS)
    for i in inputs:
        if i.taker != "workflow" and i.name.lower() in LOGIN_INPUTS:
            continue
        if i.secret:
            message = f"secret `{i.name}` of the reusable workflow is given a literal value; {i.advice}"
        elif not secret_name(file, i):
            continue
        elif i.taker == "workflow":
            message = f"input `{i.name}` of the reusable workflow is given a literal secret; {i.advice}"
        elif i.taker == "action":
            message = f"input `{i.name}` of `{i.action}` is given a literal secret; {i.advice}"
        else:
            message = f"`{i.name}` in `{i.action}` is assigned a literal secret; {i.advice}"
        yield i, message


def _whole(value: MappedText) -> Span:
    return value.span(0, len(value.text))


def _report(file: ScannedFile, sites: Iterable[tuple[_Site, list[tuple[Span, str]]]],
            seen: set[Span]) -> Iterator[Finding]:
    """Each literal where it is written: a value used at several places (a YAML anchor, a
    GitLab `extends`) once, at the first. Where a value is written is worked out only for one
    holding a literal (most are references): the places that hold the same value, whose
    literals are the same, are all left out either way."""
    for (site, message), parts in sites:
        if not parts:
            continue
        where = _whole(site.text)
        if where in seen:
            continue
        seen.add(where)
        for span, written in parts:
            yield Finding("DCR010", message, file.path, span, site.place, secret=written)


def _assignment_literals(file: ScannedFile) -> list[tuple[_Site, list[tuple[Span, str]]]]:
    """The assignment sites with their literal parts, worked out once per file: both checks
    read them (the inputs' check leaves out what the assignments' reported)."""
    return file.once("dcr010_assignments", lambda f: [(site, literal_parts(f, site[0]))
                                                        for site in _assignment_sites(f)])


def check_assignments(file: ScannedFile) -> Iterator[Finding]:
    return _report(file, _assignment_literals(file), set())


def check_inputs(file: ScannedFile) -> Iterator[Finding]:
    sites = list(_input_sites(file))
    if not sites:  # most files: the assignments need not be looked at again
        return iter(())
    seen = {_whole(site.text) for (site, _), parts in _assignment_literals(file) if parts}  # reported above
    return _report(file, ((site, literal_parts(file, site[0])) for site in sites), seen)


# Both read secret-named names given literals where the CI system reads them: one gate
# (`_assignment_gate`), worked out once per file.
CHECKS = (
    FileCheck(rules=("DCR010",), run=check_assignments, facts=(ASSIGNMENTS,), gate=may_assign_secret),
    FileCheck(rules=("DCR010",), run=check_inputs, facts=(ACTION_INPUTS, ASSIGNMENTS), gate=may_assign_secret),
)
