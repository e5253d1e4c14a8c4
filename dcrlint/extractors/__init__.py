"""The extractor registry: one table from a kind of file to the module that reads it.

An extractor module turns a parsed file into typed facts (`dcrlint.facts`): it exports
`FACTS`, a mapping from each fact it provides to the function computing it from the
`ScannedFile`. Facts derived from other facts the same way for every kind (parsed shell,
logins, URL credentials) are in `derived.py` and available wherever their inputs are.
Modules are imported on first use: a scan of one shell script never loads the YAML side.

A module may also export `NOTES`: a function giving a file exactly the notifications its
extractors would give (a syntax error, an include not fetched), without building its model.
The engine calls it for a file where no gate of its checks holds (engine `_analyse`: the file
is inert and not modelled), in the kinds it asks the gates of (`engine.GATED_KINDS`); a kind
whose module has none asks no gate. It extracts facts only through `file.get` (once: a check run after it gives no
note twice), and returns False, having given nothing more, when the notifications depend on
the checks (a model that raises is reported by each check reading it, in its name): every
check then runs (`inert.py`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeVar

from ..classify import FileKind
from ..facts import SHELL_CONTEXTS, Fact

if TYPE_CHECKING:
    from ..facts import ShellContext
    from ..scanned import ScannedFile

T = TypeVar("T")
Extract = Callable[["ScannedFile"], Any]

EXTRACTORS: dict[FileKind, str] = {
    FileKind.SHELL: "shellfile",
    FileKind.DOCKERFILE: "dockerfile",
    FileKind.MAKEFILE: "makefile",
    FileKind.JUSTFILE: "justfile",
    FileKind.GITHUB_WORKFLOW: "github",
    FileKind.GITHUB_ACTION: "github",
    FileKind.GITLAB_CI: "gitlab",
    FileKind.JENKINSFILE: "jenkins",
    FileKind.KUBERNETES: "kubernetes",
    # CI systems described as data (cisystems.SYSTEMS): one extractor reads them all.
    **dict.fromkeys((FileKind.AZURE_PIPELINES, FileKind.CIRCLECI, FileKind.BITBUCKET_PIPELINES, FileKind.DRONE,
                     FileKind.BUILDKITE, FileKind.TRAVIS, FileKind.CODEBUILD,
                     FileKind.CLOUD_BUILD, FileKind.TASKFILE, FileKind.CONCOURSE), "cisystem"),
    FileKind.DOCKER_CONFIG: "dockerconfig",
    FileKind.HELM_VALUES: "helmvalues",
    FileKind.HELMFILE: "helmfile",
    FileKind.COMPOSE: "compose",
    FileKind.ENV_FILE: "envfile",
    FileKind.KUSTOMIZATION: "kustomization",
    FileKind.TERRAFORM: "terraform",
    FileKind.TERRAFORM_STATE: "terraformstate",
    FileKind.ANSIBLE: "ansible",
    FileKind.MAVEN_POM: "buildfiles",
    FileKind.GRADLE: "buildfiles",
    FileKind.MAVEN_SETTINGS: "mavensettings",
    FileKind.JENKINS_CASC: "jcasc",
    FileKind.GITLAB_RUNNER: "gitlabrunner",
    FileKind.CONTAINERD_CONFIG: "containerdconfig",
    FileKind.CLOUD_INIT: "cloudinit",
    FileKind.K3S_REGISTRIES: "k3sregistries",
    FileKind.ANSIBLE_INVENTORY: "inventory",
    FileKind.NPM_PACKAGE: "npm",
    FileKind.SYSTEMD_UNIT: "systemd",
    FileKind.BUTANE: "butane",
    FileKind.YAML: "yaml",
    FileKind.TEXT: "text",
}


@cache
def _own(kind: FileKind) -> Mapping[Fact[Any], Extract]:
    name = EXTRACTORS.get(kind)
    if name is None:
        return {}
    facts: Mapping[Fact[Any], Extract] = import_module(f"{__name__}.{name}").FACTS
    return facts


@cache
def notes_of(kind: FileKind) -> Callable[[ScannedFile], bool] | None:
    """The kind's extractor's `NOTES` (see the module docstring), if it has one."""
    name = EXTRACTORS.get(kind)
    if name is None:
        return None
    notes: Callable[[ScannedFile], bool] | None = getattr(import_module(f"{__name__}.{name}"), "NOTES", None)
    return notes


@cache
def _derived() -> tuple[Mapping[Fact[Any], Extract], Mapping[Fact[Any], tuple[Fact[Any], ...]]]:
    module = import_module(f"{__name__}.derived")
    return module.FACTS, module.NEEDS


@cache
def _table(kind: FileKind) -> Mapping[Fact[Any], Extract]:
    """What computes each fact a kind provides: its extractor's function, else the derived one
    whose inputs the kind provides (one look-up per fact asked, worked out once per kind)."""
    table = dict(_own(kind))
    derived, needs = _derived()
    have = provided(kind)
    for fact, fn in derived.items():
        if fact not in table and all(n in have for n in needs.get(fact, ())):
            table[fact] = fn
    return table


def extract(file: ScannedFile, fact: Fact[T]) -> T:
    """The fact computed for the file (not cached here: `ScannedFile.get` keeps it)."""
    fn = _table(file.kind).get(fact)
    if fn is None:
        return fact.empty()
    value: T = fn(file)
    return value


@cache
def provided(kind: FileKind) -> frozenset[Fact[Any]]:
    """The facts a kind of file can yield: its extractor's, and those derived from them."""
    own = set(_own(kind))
    derived, needs = _derived()
    changed = True
    while changed:
        changed = False
        for fact in derived:
            if fact not in own and all(n in own for n in needs.get(fact, ())):
                own.add(fact)
                changed = True
    return frozenset(own)


def kinds_providing(facts: tuple[Fact[Any], ...]) -> frozenset[FileKind]:
    """The kinds of file that yield every one of the facts (where a check on them runs)."""
    return frozenset(k for k in FileKind if k in EXTRACTORS and all(f in provided(k) for f in facts))


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    """Every piece of shell the file runs, with exact positions."""
    return file.get(SHELL_CONTEXTS)
