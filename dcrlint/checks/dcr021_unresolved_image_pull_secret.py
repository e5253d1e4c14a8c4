"""DCR021 unresolved-image-pull-secret: imagePullSecrets name a Secret that no scanned file
defines as a registry Secret in that namespace (across every scanned file)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..classify import FileKind
from ..config import DEFAULT_NAMESPACE
from ..findings import Finding
from ..logintools import LOGIN_COMMANDS
from ..options import BOOL, Option
from . import ProjectCheck
from ._pull_secret_index import KUBECTL_COMMANDS, NAME, REPORTS_IN, collect, describe, gate, index, might_add_to_index

if TYPE_CHECKING:
    from ..config import Settings
    from ..k8s.index import NameRef, SecretFact
    from ..k8s.placement import Placement


UNRESOLVED_WITHOUT_SECRETS: Option[bool] = Option(
    "kubernetes.unresolved-without-secrets", BOOL, False,
    doc="Report unresolved imagePullSecrets in every namespace, also in those for which the scan "
        "defines no registry Secret (by default their pull Secrets are taken to be supplied outside "
        "the scanned files).")
OPTIONS = (UNRESOLVED_WITHOUT_SECRETS, DEFAULT_NAMESPACE)


def finish(facts: Mapping[str, Any], settings: Settings) -> Iterator[Finding]:
    """DCR021 over the index of every scanned file.

    Pull Secrets are supplied outside the scanned files (by whoever installs, or another
    repository) unless the scan defines registry Secrets in that namespace: a name that no
    definition matches is a finding only there (or where the name is defined elsewhere). A
    Secret created in a namespace the scan cannot read (a variable) resolves its own name
    anywhere, but does not say which namespaces keep their pull Secrets here."""
    files, _, secrets = index(facts)
    if not any(ff.pods or ff.accounts for ff in files.values()):
        return  # nothing names a pull Secret (logins only): no manifest code to load
    from ..k8s.kustomize import in_scope
    from ..k8s.model import DOCKER_TYPES

    # (a placeholder registry Secret, `{}` filled in outside the scan, resolves its own name but
    # does not say that the namespace's pull Secrets are kept here)
    managed = {s.namespace for s in secrets if (s.type is None or s.type in DOCKER_TYPES) and not s.placeholder}
    if not managed and not UNRESOLVED_WITHOUT_SECRETS.of(settings):
        return
    by_name: dict[str, list[SecretFact]] = defaultdict(list)
    for s in secrets:
        if s.name is not None:
            by_name[s.name].append(s)
    # A Secret whose name is not known (templated) may be any pull secret, unless its type says
    # it is none (a chart's Opaque Secret).
    unnamed_ns = {s.namespace for s in secrets if s.name is None and (s.type is None or s.type in DOCKER_TYPES)}
    placed: list[tuple[Placement, dict[int, str]]] = []  # made for the first Secret found elsewhere

    def apart(path: str, ns: str, by: str, defs: list[SecretFact]) -> tuple[str, str] | None:
        """The namespaces the Secrets of the name and the workload may be applied in, when none
        of them meet: what applies either may set its namespace (an overlay's, a GitOps
        destination's, a release's), and a resource may also be applied as written. None when
        they may meet, or one of them is not known."""
        if not placed:
            from ..k8s.placement import Placement

            placed.append((Placement(files), {id(s): p for p, ff in files.items() for s in ff.secrets}))
        where, paths = placed[0]
        mine = where.namespaces(path, ns, by)
        theirs = frozenset().union(*(where.namespaces(paths[id(s)], s.namespace, s.namespace_by) for s in defs))
        if None in mine or None in theirs or mine & theirs:
            return None
        return ", ".join(sorted(n or "?" for n in theirs)), " or ".join(sorted(n or "?" for n in mine))

    def check(ref: NameRef, ns: str | None, path: str, place: tuple[str, ...], owner: str,
              by: str) -> Iterator[Finding]:
        if ref.name is None or ns is None or None in unnamed_ns or ns in unnamed_ns:
            return
        defs = [s for s in by_name.get(ref.name, ()) if in_scope(path, s.scope)]
        here = [s for s in defs if s.namespace is None or s.namespace == ns]
        if any(s.type is None or s.type in DOCKER_TYPES for s in here):
            return
        if here:
            types = ", ".join(sorted({s.type or "?" for s in here}))
            msg = (f"imagePullSecrets of {owner} names Secret {ref.name} of type {types}, "
                   f"not kubernetes.io/dockerconfigjson")
        elif defs:
            namespaces = apart(path, ns, by, defs)
            if namespaces is None:
                return
            msg = (f"imagePullSecrets of {owner} names Secret {ref.name}, which is defined in "
                   f"namespace {namespaces[0]}, not {namespaces[1]}")
        else:
            if ns not in managed and not UNRESOLVED_WITHOUT_SECRETS.of(settings):
                return  # this namespace's pull Secrets are not kept in the scanned files
            msg = (f"imagePullSecrets of {owner} names Secret {ref.name}, which no scanned manifest "
                   f"or kubectl command defines (namespace {ns})")
        yield Finding("DCR021", msg, path, ref.span, (*place, "imagePullSecrets", ref.name))

    for path, ff in files.items():
        for pod in ff.pods:
            for ref in pod.pull_secrets:
                yield from check(ref, pod.namespace, path, pod.place, describe(pod), pod.namespace_by)
        for acc in ff.accounts:
            if acc.origin == "manifest":
                for ref in acc.pull_secrets:
                    yield from check(ref, acc.namespace, path, acc.place, f"ServiceAccount {acc.name}",
                                     acc.namespace_by)


CHECKS = (
    ProjectCheck(name=NAME, rules=("DCR021",), collect=collect, finish=finish,
                 commands=(KUBECTL_COMMANDS, LOGIN_COMMANDS),
                 # and in kustomizations: the imagePullSecrets their inline patches add
                 prefilter=might_add_to_index, reports_in=REPORTS_IN | {FileKind.KUSTOMIZATION}, gate=gate),
)
