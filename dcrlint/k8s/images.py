"""Container image references (`[host[:port]/]path[:tag][@digest]`) and whether their
registry is private."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

DOCKER_HUB = "docker.io"
_HUB_ALIASES = {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}

# Registries (host, or host/path prefix) that serve images without credentials.
# Hosts match exactly (a leading `*` matches any prefix, for regional hosts); host/path entries
# also need the path to start with that prefix.
BUILTIN_PUBLIC: tuple[str, ...] = (
    "docker.io",
    "registry.k8s.io",
    "k8s.gcr.io",
    "quay.io",
    "ghcr.io",
    "mcr.microsoft.com",
    "public.ecr.aws",
    "registry.access.redhat.com",
    "docker.elastic.co",
    "cgr.dev",
    "mirror.gcr.io",
    "gcr.io/distroless",
    "gcr.io/google-containers",
    "gcr.io/google_containers",
    "gcr.io/google-samples",
    "gcr.io/google_samples",
    "gcr.io/fluentd-elasticsearch",
    "gcr.io/kaniko-project",
    "gcr.io/cadvisor",
    "gcr.io/kubebuilder",
    "gcr.io/istio-release",
    "gcr.io/tekton-releases",
    "gcr.io/knative-releases",
    "gcr.io/cloud-builders",
    "gcr.io/cloudsql-docker",
    "gcr.io/gke-release",
    "gcr.io/google.com/cloudsdktool",
    "gcr.io/heptio-images",
    "gcr.io/kuar-demo",
    "gcr.io/etcd-development",
    "gcr.io/spiffe-io",
    "*docker.pkg.dev/google-samples",
    "*docker.pkg.dev/online-boutique-ci",  # Google sample app (Online Boutique) releases
    "us-docker.pkg.dev/vertex-ai",
    "us-docker.pkg.dev/deeplearning-platform-release",
    "us-docker.pkg.dev/cloudrun",
    "gke.gcr.io",
    "nvcr.io/nvidia",
    "registry.gitlab.com",
)
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
    if registry in _HUB_ALIASES:
        registry = DOCKER_HUB
        if "/" not in name:
            name = f"library/{name}"
    return ImageRef(registry, name, tag, digest or None)


@lru_cache(maxsize=64)
def _compile(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _builtin_public(ref: ImageRef) -> bool:
    host, path = ref.registry, ref.path
    for entry in BUILTIN_PUBLIC:
        h, _, prefix = entry.partition("/")
        if prefix:
            host_ok = host == h or (h.startswith("*") and host.endswith(h[1:]))
            if host_ok and (path == prefix or path.startswith(prefix + "/")):
                return True
        elif host == h or ref.host == h:
            return True
    return False


def is_local(ref: ImageRef) -> bool:
    return _LOCAL.match(ref.registry) is not None


def is_private(ref: ImageRef, private: tuple[str, ...] = (), public: tuple[str, ...] = ()) -> bool:
    """Private: the configured private patterns match `registry/path`; else any registry
    that is neither configured public, built-in public, nor local.

    Patterns are searched (not anchored) in `host[:port]/path`.
    """
    full = ref.name
    priv = _compile(tuple(private))
    if priv is not None and priv.search(full):
        return True
    pub = _compile(tuple(public))
    if pub is not None and pub.search(full):
        return False
    return not (_builtin_public(ref) or is_local(ref))
