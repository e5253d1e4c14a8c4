"""Container image references (`[host[:port]/]path[:tag][@digest]`) and whether their
registry is private."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..userregex import Matcher

DOCKER_HUB = "docker.io"
_HUB_ALIASES = {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}

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
# Cloud registries that a cluster's nodes pull from with their own identity (GKE, EKS, AKS): a
# CI login to push there does not show that pods need a pull secret.
NODE_IDENTITY: tuple[str, ...] = ("gcr.io", "*.gcr.io", "*-docker.pkg.dev", "docker.pkg.dev",
                                  "*.amazonaws.com", "*.azurecr.io")
# Registries on the machine or cluster itself: no pull secret is involved.
_LOCAL = re.compile(r"^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|kind-registry|host\.docker\.internal)(:\d+)?$")

_DIGEST = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$")
_TAG = re.compile(r"^[\w][\w.-]{0,127}$")
_COMPONENT = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                   r"|\[[0-9A-Fa-f:.]+\])(?::\d+)?$")


@dataclass(frozen=True)
class ImageRef:
    registry: str  # host[:port], lower-cased; "docker.io" for Docker Hub
    path: str  # repository path, "library/" added for official Docker Hub images
    tag: str | None
    digest: str | None
    written_path: str = ""  # the repository path as written (`nginx`, not `library/nginx`)

    @property
    def host(self) -> str:
        return self.registry.rsplit(":", 1)[0] if not self.registry.startswith("[") else self.registry

    @property
    def name(self) -> str:
        return f"{self.registry}/{self.path}"


def parse_image(text: str) -> ImageRef | None:
    """The parts of an image reference; None when it is not one (templated, malformed)."""
    s = text.strip()
    if not s or any(c in s for c in " \t\n$%{}<>\"'`"):
        return None
    name, at, digest = s.partition("@")
    if at and not _DIGEST.match(digest):
        return None
    registry = DOCKER_HUB
    first, slash, rest = name.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost" or first != first.lower()):
        if not _HOST.match(first):
            return None
        registry = first.lower()
        name = rest
    tag: str | None = None
    last_slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > last_slash:
        name, tag = name[:colon], name[colon + 1 :]
        if not _TAG.match(tag):
            return None
    if not name or not all(_COMPONENT.match(c) for c in name.split("/")):
        return None
    written = name
    if registry in _HUB_ALIASES:
        registry = DOCKER_HUB
        if "/" not in name:
            name = f"library/{name}"
    return ImageRef(registry, name, tag, digest or None, written)


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


def is_local(ref: ImageRef) -> bool:
    return _LOCAL.match(ref.registry) is not None


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
