"""DCR020 missing-image-pull-secrets: a pod pulls from a private registry, and neither its spec
nor its ServiceAccount has imagePullSecrets (across every scanned file)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..config import DEFAULT_NAMESPACE
from ..findings import Edit, Finding, Fix
from ..images import is_local_registry
from ..lazyre import lazy_compile
from ..logintools import LOGIN_COMMANDS
from ..options import BOOL, REGEXES, Option
from ..source import Span
from . import ProjectCheck
from ._pull_secret_index import KUBECTL_COMMANDS, NAME, REPORTS_IN, collect, describe, gate, index, might_add_to_index

if TYPE_CHECKING:
    from ..config import Settings
    from ..images import ImageRef
    from ..k8s.index import AccountFact, FileFacts, ImageFact, PodFact, SecretFact
    from ..k8s.kustomize import KustomizeFact
    from ..k8s.placement import Placement
    from ..userregex import Matcher

# Well-known registries that serve public images to anyone, beside private ones: a login or a
# stored credential for one of them says nothing about a given image (only configuration or
# other workloads pulling the same repository owner with pull secrets do). Generic entries only:
# a vendor's own public registry needs no entry, as no evidence makes it private.
# `*` matches any prefix (regional hosts).
SHARED_REGISTRIES: tuple[str, ...] = (
    "docker.io", "quay.io", "ghcr.io", "registry.k8s.io", "k8s.gcr.io", "mcr.microsoft.com",
    "public.ecr.aws", "registry.gitlab.com", "gcr.io", "*.gcr.io", "*-docker.pkg.dev", "docker.pkg.dev",
    "nvcr.io", "registry.access.redhat.com", "cgr.dev", "mirror.gcr.io",
)
# Shared registries whose visibility is set per image repository (a package, a repository),
# not per owner.
PER_REPOSITORY: tuple[str, ...] = ("docker.io", "quay.io", "ghcr.io", "registry.gitlab.com", "public.ecr.aws")
# Cloud registries that a cluster's nodes pull from with their own identity (GKE, EKS, AKS): a
# CI login to push there does not show that pods need a pull secret.
NODE_IDENTITY: tuple[str, ...] = ("gcr.io", "*.gcr.io", "*-docker.pkg.dev", "docker.pkg.dev",
                                  "*.amazonaws.com", "*.azurecr.io")


def _compile(patterns: tuple[str, ...]) -> Matcher | None:
    """Configured registry patterns (validated at load), run in linear time."""
    if not patterns:
        return None
    from ..userregex import any_of

    return any_of((), patterns)


def _host_in(host: str, entries: tuple[str, ...]) -> bool:
    return any(host == e or (e.startswith("*") and host.endswith(e[1:])) for e in entries)


def is_shared(ref: ImageRef) -> bool:
    """On a registry that hosts public images of many owners (Docker Hub, quay.io, ghcr.io ...)."""
    return _host_in(ref.host, SHARED_REGISTRIES)


def pulls_by_node_identity(ref: ImageRef) -> bool:
    return _host_in(ref.host, NODE_IDENTITY)


def owner(ref: ImageRef) -> str:
    """`host/first-path-component`: the account or project an image belongs to on a shared
    registry (`docker.io/acme`, `us-docker.pkg.dev/my-project`)."""
    return f"{ref.registry}/{ref.path.split('/', 1)[0]}"


def evidence_key(ref: ImageRef) -> str:
    """What another workload pulling this image with pull secrets says is private, on a shared
    registry: the image repository where the registry sets visibility per repository (a package
    of ghcr.io, a repository of Docker Hub or quay.io: one private image of an owner says nothing
    of its sibling), else the owner (`host/first-path-component`: a Container Registry or
    Artifact Registry project)."""
    return ref.name if _host_in(ref.host, PER_REPOSITORY) else owner(ref)


def is_local(ref: ImageRef) -> bool:
    """On the machine or cluster itself: no pull secret is involved. Also a registry at a Service
    of the cluster (`NAME.NAMESPACE.svc`, `.svc.cluster.local`, any port): nodes reach such a name
    only where the platform wires its own registry in, and that platform gives every
    ServiceAccount its pull credentials; another workload's imagePullSecrets are no evidence.
    (DCR020's only: a login with a literal password to it is still one, DCR001/DCR002.)"""
    return is_local_registry(ref.registry) or _CLUSTER_SERVICE.fullmatch(ref.registry.lower()) is not None


_CLUSTER_SERVICE = lazy_compile(
    r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\.svc(?:\.cluster\.local)?(?::\d+)?")


def configured(ref: ImageRef, private: tuple[str, ...] = (), public: tuple[str, ...] = ()) -> bool | None:
    """True or False when the settings say (patterns searched in `host[:port]/path`), else None."""
    full = ref.name
    priv = _compile(tuple(private))
    if priv is not None and priv.search(full):
        return True
    pub = _compile(tuple(public))
    if pub is not None and pub.search(full):
        return False
    return None


PRIVATE_REGISTRIES: Option[tuple[str, ...]] = Option(
    "registries.private", REGEXES, (),
    doc="Regular expressions (searched in `host[:port]/path`) of registries that need credentials, "
        "beyond those the scan shows to be private (credentials stored or a login for them, other "
        "workloads pulling from them with imagePullSecrets).")
PUBLIC_REGISTRIES: Option[tuple[str, ...]] = Option(
    "registries.public", REGEXES, (),
    doc="Regular expressions of registries to treat as public (pulled without credentials) whatever "
        "the evidence, e.g. an internal mirror of Docker Hub.")
REPORT_UNKNOWN: Option[bool] = Option(
    "registries.report-unknown", BOOL, False,
    doc="Report, as notes, pods pulling without pull secrets from registries that are neither "
        "configured nor shown by the scan to be private or public.")
OPTIONS = (PRIVATE_REGISTRIES, PUBLIC_REGISTRIES, REPORT_UNKNOWN, DEFAULT_NAMESPACE)


Granting = frozenset[tuple[str | None, str | None]]


def _granting(accounts: list[AccountFact]) -> Granting:
    """(name, namespace) of every ServiceAccount that has imagePullSecrets (None: any name or
    namespace): one lookup per pod, not a pass over every account (a repository's context has
    hundreds of pods and accounts)."""
    return frozenset((a.name, a.namespace) for a in accounts if a.pull_secrets)


def _account_has_pull_secrets(pod: PodFact, granting: Granting) -> bool:
    """Whether an account with imagePullSecrets is the pod's: its name (or any name) in the
    pod's namespace (or any namespace)."""
    if not granting:
        return False
    name, namespace = pod.account, pod.namespace
    return (name, namespace) in granting or (None, namespace) in granting or (name, None) in granting \
        or (None, None) in granting


class _Placed:
    """Where pods and accounts may be applied (`k8s.placement`): the placement made on first
    use, each pod's answer kept (asked for its account and for its message)."""

    def __init__(self, files: Mapping[str, FileFacts]) -> None:
        self._files = files
        self._placement: Placement | None = None
        self._said: dict[int, bool] = {}
        self._granting: dict[str | None, list[tuple[str, AccountFact]]] | None = None

    def _where(self) -> Placement:
        if self._placement is None:
            from ..k8s.placement import Placement

            self._placement = Placement(self._files)
        return self._placement

    def __call__(self, path: str, pod: PodFact) -> bool:
        """Whether the pod's namespace is set when it is applied."""
        said = self._said.get(id(pod))
        if said is None:
            said = self._said[id(pod)] = self._where().set_later(path, pod.namespace, pod.namespace_by)
        return said

    def granted(self, path: str, pod: PodFact) -> bool:
        """Whether an account of the pod's name (or of a name not known) with imagePullSecrets
        may be in a namespace the pod may be applied in: what applies either may set it (an
        overlay's, a GitOps destination's); one not known may be any."""
        if self._granting is None:
            self._granting = defaultdict(list)
            for p, ff in self._files.items():
                for acc in ff.accounts:
                    if acc.pull_secrets:
                        self._granting[acc.name].append((p, acc))
        where = self._where()
        mine = where.namespaces(path, pod.namespace, pod.namespace_by)
        for p, acc in (*self._granting.get(pod.account, ()), *self._granting.get(None, ())):
            theirs = where.namespaces(p, acc.namespace, acc.namespace_by)
            if None in mine or None in theirs or mine & theirs:
                return True
        return False


def _pull_fix(pod: PodFact, path: str, by_namespace: Mapping[str | None, list[SecretFact]]) -> Fix | None:
    """Name the namespace's one registry Secret that the pod's file can name in the pod spec: a
    safe fix when that Secret holds credentials for every registry the pod pulls from, else
    unsafe (it may be for another registry, and the pod would still not pull)."""
    from ..k8s.kustomize import in_scope
    from ..k8s.model import DOCKER_TYPES

    if pod.insert_at is None:
        return None
    docker = [s for s in by_namespace.get(pod.namespace, ()) if s.type in DOCKER_TYPES and in_scope(path, s.scope)]
    names = {s.name for s in docker}
    if len(names) != 1 or None in names:
        return None
    (name,) = names
    held = set().union(*(s.registries or () for s in docker))
    unknown = any(s.registries is None for s in docker)
    pulled = {img.ref.registry for img in pod.images if img.ref is not None}
    safe = not unknown and bool(pulled) and pulled <= held
    ind = " " * pod.indent
    text = f"imagePullSecrets:\n{ind}- name: {name}\n{ind}"
    missing = ", ".join(sorted(pulled if unknown else pulled - held)) or "the pod's registries"
    why = "" if safe else f" (unsafe: it is not known to hold credentials for {missing})"
    return Fix(f"add imagePullSecrets naming Secret {name} to the pod spec{why}",
               (Edit(Span(pod.insert_at, pod.insert_at), text),), safe=safe)


PUBLIC = "public"


def _pulls_with_secrets_for_its_images(pod: PodFact, granting: Granting) -> bool:
    """Whether the pod's pull secrets were given for what it pulls: written in its spec, or
    held by the account it runs as. Not the `default` account's: those are given to every pod
    of a namespace that names no account (often a whole install applied there), whatever it
    pulls."""
    return bool(pod.pull_secrets) or (pod.account != "default" and _account_has_pull_secrets(pod, granting))


def _held_registries(secrets: list[SecretFact]) -> dict[tuple[str | None, str | None], frozenset[str] | None]:
    """(name, namespace) of each Secret the scan defines -> the registry hosts it holds
    credentials for; None where that cannot be known (sealed, templated, another type)."""
    out: dict[tuple[str | None, str | None], frozenset[str] | None] = {}
    for s in secrets:
        hosts = None if s.registries is None or s.placeholder else frozenset(
            h.rsplit(":", 1)[0] if not h.startswith("[") else h for h in s.registries)
        key = (s.name, s.namespace)
        out[key] = None if key in out and out[key] != hosts else hosts
    return out


def _served(pod: PodFact, held: Mapping[tuple[str | None, str | None], frozenset[str] | None]) -> frozenset[str] | None:
    """The registry hosts the pod's own pull secrets hold credentials for, when the scan shows
    every one of them (a Secret of that name in the pod's namespace, its registries known): its
    other images (a public sidecar) are pulled without them. None: not known, any image."""
    if not pod.pull_secrets:
        return None
    hosts: set[str] = set()
    for ref in pod.pull_secrets:
        found = held.get((ref.name, pod.namespace), held.get((ref.name, None))) if ref.name else None
        if found is None:
            return None
        hosts |= found
    return frozenset(hosts)


class _Evidence:
    """Which registries the scan shows need credentials (see `k8s/evidence.py`), and which
    image owners other workloads pull with pull secrets."""

    def __init__(self, facts: Mapping[str, FileFacts], granting: Granting,
                 secrets: list[SecretFact] | None = None) -> None:
        from ..k8s.evidence import NODE, STORED

        self.stored: set[str] = set()
        self.login: set[str] = set()
        self.node: set[str] = set()  # registries the nodes log in to themselves
        self.pulled_hosts: set[str] = set()
        self.pulled_owners: set[str] = set()
        held = _held_registries(secrets or [])
        for ff in facts.values():
            for host, how in ff.evidence:
                (self.stored if how == STORED else self.node if how == NODE else self.login).add(host)
            for pod in ff.pods:
                given = _pulls_with_secrets_for_its_images(pod, granting)
                # The `default` account's pull secrets say nothing of one image's repository on a
                # shared registry (they reach every pod of the namespace), but a self-hosted
                # registry authenticates the whole host: pulling from it so is evidence there.
                if given or (pod.account == "default" and _account_has_pull_secrets(pod, granting)):
                    serves = _served(pod, held)
                    for img in pod.images:
                        if img.ref is not None and (serves is None or img.ref.host in serves):
                            self.pulled_hosts.add(img.ref.host)
                            if given:
                                self.pulled_owners.add(evidence_key(img.ref))

    def pulled_by_nodes(self, ref: ImageRef) -> bool:
        """The nodes' container runtime logs in to the image's registry itself (a registries.yaml,
        a containerd config): the kubelet pulls it with no pull secret."""
        return ref.registry in self.node or ref.host in self.node

    def why_private(self, ref: ImageRef) -> str | None:
        """What shows the image's registry needs credentials; PUBLIC for a registry of public
        images without such evidence; None when nothing says either way."""
        from ..images import DOCKER_HUB

        if is_shared(ref):
            if ref.registry == DOCKER_HUB and ref.path.startswith("library/"):
                return PUBLIC  # official images
            key = evidence_key(ref)
            if key in self.pulled_owners:
                return f"other workloads pull {key}{'' if key == ref.name else ' images'} with imagePullSecrets"
            return PUBLIC
        if ref.host in self.pulled_hosts:
            return "other workloads pull from it with imagePullSecrets"
        if ref.host in self.stored or ref.registry in self.stored:
            return "the scan holds registry credentials for it"
        if (ref.host in self.login or ref.registry in self.login) and not pulls_by_node_identity(ref):
            return "the scan logs in to it"
        return None


def _images(pod: PodFact, overlays: list[KustomizeFact], rewrite: Callable[[str, KustomizeFact], str | None]
            ) -> Iterator[tuple[ImageFact, ImageRef | None, str | None]]:
    """Each image of the pod as written, and as each kustomization including it rewrites it."""
    from ..images import parse_image

    for img in pod.images:
        yield img, img.ref, None
        for k in overlays:
            new = rewrite(img.image, k)
            if new is not None and new != img.image:
                yield img, parse_image(new), k.path


def finish(facts: Mapping[str, Any], settings: Settings) -> Iterator[Finding]:
    """DCR020 over the index of every scanned file."""
    files, accounts, secrets = index(facts)
    if not any(ff.pods for ff in files.values()):
        return  # no pod (logins only): nothing to report, no manifest code to load
    from ..k8s.kustomize import covering, rewrite

    granting = _granting(accounts)
    granted_names = {name for name, _ in granting}  # (None: an account whose name is not known)
    placed = _Placed(files)
    evidence = _Evidence(files, granting, secrets)
    private, public = PRIVATE_REGISTRIES.of(settings), PUBLIC_REGISTRIES.of(settings)
    report_unknown = REPORT_UNKNOWN.of(settings)
    # (those rewriting images or patching pull secrets: the others only include files or give a
    # namespace, which k8s.placement reads)
    kustomizations = {p: k for p, f in files.items()
                      if (k := f.kustomization) is not None and (k.images or k.sets_pull)}
    by_namespace: dict[str | None, list[SecretFact]] | None = None
    for path, ff in files.items():
        overlays = list(covering(path, kustomizations)) if kustomizations and ff.pods else []
        if any(k.sets_pull for k in overlays):
            continue  # a kustomization including this file patches the pods' pull secrets or account
        for pod in ff.pods:
            if pod.namespace is None or pod.account is None:
                continue  # templated: cannot tell which account or namespace
            if pod.pull_secrets or pod.pull_secrets_unknown:
                continue
            if _account_has_pull_secrets(pod, granting):
                continue
            if (pod.account in granted_names or None in granted_names) and placed.granted(path, pod):
                continue  # applied where an account of its name with pull secrets may be
            if by_namespace is None:  # once: each pod looked up, not every Secret per pod
                by_namespace = defaultdict(list)
                for secret in secrets:
                    by_namespace[secret.namespace].append(secret)
            fix = _pull_fix(pod, path, by_namespace)
            for img, ref, by in _images(pod, overlays, rewrite):
                if ref is None or is_local(ref) or evidence.pulled_by_nodes(ref):
                    continue
                said = configured(ref, private, public)
                why = "configured as private" if said else PUBLIC if said is False else evidence.why_private(ref)
                if why is PUBLIC or (why is None and not report_unknown):
                    continue
                ns = "set when applied" if placed(path, pod) else pod.namespace
                where = f"neither the pod spec nor ServiceAccount {pod.account} (namespace {ns}) has imagePullSecrets"
                if why is None:
                    yield Finding("DCR020", f"container {img.container} of {describe(pod)} pulls from "
                                  f"{ref.registry}, which nothing in the scan shows to be public or private, "
                                  f"and {where}", path, img.span, img.place, level="note")
                    continue
                rewritten = f" (image rewritten by {by})" if by else ""
                yield Finding(
                    "DCR020",
                    f"container {img.container} of {describe(pod)} pulls from private registry "
                    f"{ref.registry}{rewritten} ({why}) but {where}",
                    path, img.span, img.place if not by else (*img.place, by), fix=fix if not by else None,
                )
                fix = None  # one insertion per pod spec


FIXABLE = True  # its findings carry a Fix (rule metadata `fixable: true`)

CHECKS = (
    ProjectCheck(name=NAME, rules=("DCR020",), collect=collect, finish=finish,
                 commands=(KUBECTL_COMMANDS, LOGIN_COMMANDS),
                 prefilter=might_add_to_index, reports_in=REPORTS_IN, gate=gate),
)
