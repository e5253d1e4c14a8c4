"""Container image references (`[host[:port]/]path[:tag][@digest]`): the one parser every
reader of images uses (the IMAGE_REFS fact, user policies)."""

from __future__ import annotations

from .lazyre import lazy_compile
from .records import lazy_dataclass

DOCKER_HUB = "docker.io"
_HUB_ALIASES = {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}

_DIGEST = lazy_compile(r"^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$")
_TAG = lazy_compile(r"^[\w][\w.-]{0,127}$")
_COMPONENT = lazy_compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
# Registries on the machine or cluster itself (a loopback address, kind's registry, the host
# seen from a container).
_LOCAL = lazy_compile(r"^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|kind-registry|host\.docker\.internal)(:\d+)?$")
_HOST = lazy_compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                   r"|\[[0-9A-Fa-f:.]+\])(?::\d+)?$")


@lazy_dataclass(frozen=True)
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


def is_local_registry(registry: str) -> bool:
    """Whether `host[:port]` (lower-cased, no scheme nor path) is a registry on the machine or
    cluster itself."""
    return _LOCAL.match(registry) is not None


# Server images that read the settings of another they stand in for (MariaDB's image reads
# `MYSQL_ROOT_PASSWORD` as it reads `MARIADB_ROOT_PASSWORD`).
_READS_SETTINGS_OF = {"mariadb": "mysql"}


def sets_up(variable: str, images: frozenset[str]) -> bool:
    """A server image reads its settings from variables named for it (`POSTGRES_PASSWORD` for
    `postgres`, `MYSQL_ROOT_PASSWORD` for `mysql` and `mariadb`, `ELASTIC_PASSWORD` for
    `elasticsearch`): whether `variable` sets up one of `images` (their last names,
    lower-cased: `postgres` of `registry.example.com/mirror/postgres:16`). Not the Docker daemon
    (`docker:dind`): `DOCKER_*` variables are the docker client's."""
    first = variable.split("_", 1)[0].lower()
    names = {n for s in images for n in (s, _READS_SETTINGS_OF.get(s, s))}
    return len(first) >= 4 and any(
        s != "docker" and len(s) >= 4 and (s.startswith(first) or first.startswith(s)) for s in names)
