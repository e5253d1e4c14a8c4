"""Evidence that a registry needs credentials, gathered from every scanned file: a login to it
(shell, `docker/login-action`), stored credentials for it (a docker config, a registry Secret,
`kubectl create secret docker-registry --docker-server`). DCR020 calls a registry private on
such evidence (or configuration), never on its name."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..checks._spellings import may_read, shell_words
from ..classify import FileKind
from ..facts import DOCKER_CONFIG, GITHUB_WORKFLOWS, LOGINS, REGISTRY_CREDENTIALS
from ..lazyre import lazy_compile

if TYPE_CHECKING:
    from ..scanned import ScannedFile
    from .model import Resource

# Where the evidence comes from: a login (CI side, may be only for pushing), or credentials
# the cluster itself would use (a docker config, a registry Secret); or the nodes' own logins
# (k3s's and RKE2's registries.yaml, containerd's config, also as cloud-init writes them or kind
# patches them in): the kubelet pulls from such a registry with no pull secret.
LOGIN = "login"
STORED = "stored"
NODE = "node"

_HOST = lazy_compile(r"^(?:[a-z][a-z0-9+.-]*://)?([A-Za-z0-9.-]+(?::\d+)?|\[[0-9A-Fa-f:.]+\](?::\d+)?)(/[^\s]*)?$")
_HUB = {"index.docker.io", "registry-1.docker.io", "registry.hub.docker.com", "docker.io"}


def registry_host(text: str) -> str | None:
    """`https://index.docker.io/v1/` -> docker.io, `ghcr.io/org` -> ghcr.io; None when the text
    is not a literal registry (a variable, a template)."""
    t = text.strip().strip("'\"")
    if not t or any(c in t for c in "$%{}<>` "):
        return None
    m = _HOST.match(t)
    if m is None or ("." not in m.group(1) and ":" not in m.group(1) and m.group(1) != "localhost"):
        return None
    host = m.group(1).lower()
    return "docker.io" if host in _HUB else host


def _shell_logins(file: ScannedFile) -> list[tuple[str, str]]:
    out = []
    for site in file.get(LOGINS):
        reg = site.login.registry
        if reg is None:
            if site.login.tool in ("docker", "podman", "buildah", "nerdctl"):
                out.append(("docker.io", LOGIN))  # no registry: Docker Hub
            continue
        host = registry_host(reg.text)
        if host is not None:
            stored = site.login.tool.startswith("kubectl")
            out.append((host, STORED if stored else LOGIN))
    return out


def _action_logins(file: ScannedFile) -> list[tuple[str, str]]:
    from yaml.nodes import ScalarNode

    out = []
    for wf in file.get(GITHUB_WORKFLOWS):
        for step in wf.steps:
            if step.action != "docker/login-action":
                continue
            with_ = step.get("with")
            from ..yamlsrc import get

            reg = get(with_, "registry")
            if reg is None:
                out.append(("docker.io", LOGIN))
            elif isinstance(reg, ScalarNode):
                host = registry_host(reg.value)
                if host is not None:
                    out.append((host, LOGIN))
    return out


def _docker_config(file: ScannedFile) -> list[tuple[str, str]]:
    config = file.get(DOCKER_CONFIG)
    if config is None:
        return []
    keys = {e.registry for e in config.entries} | set(config.cred_helpers)
    return [(h, STORED) for h in map(registry_host, sorted(keys)) if h is not None]


def _config_registries(text: str) -> list[str]:
    """Registry keys of a docker config JSON (`auths` or the legacy top level)."""
    import json  # here: few files are docker configs (start-up)

    try:
        data: Any = json.loads(text)
    except ValueError:
        return re.findall(r'"([^"\s]+)"\s*:\s*\{\s*"(?:auth|username|password)"', text)  # templated JSON
    if not isinstance(data, dict):
        return []
    # keys in any case, as Docker (Go's encoding/json) reads them; every `auths` merges into one
    every_auths = [v for k, v in data.items() if k.casefold() == "auths"] or [data]
    helpers = [v for k, v in data.items() if k.casefold() == "credhelpers"]
    keys = [k for held in (*every_auths, *helpers) if isinstance(held, dict) for k in held]
    return [k for k in keys if isinstance(k, str)]


def _docker_configs(resource: Resource) -> list[str | None]:
    """The docker config text of each registry key of a Secret manifest's data (base64 decoded)
    and stringData; None where a data value does not decode."""
    from yaml.nodes import MappingNode, ScalarNode

    from ..base64text import decode
    from ..yamlsrc import get

    texts: list[str | None] = []
    for field in ("data", "stringData"):
        m = get(resource.node, field)
        if not isinstance(m, MappingNode):
            continue
        for k, v in m.value:
            if not (isinstance(k, ScalarNode) and isinstance(v, ScalarNode)):
                continue
            if k.value not in (".dockerconfigjson", ".dockercfg"):
                continue
            text: str | None = v.value
            if field == "data":
                data = decode(v.value)
                try:
                    text = data.decode("utf-8") if data is not None else None
                except UnicodeDecodeError:
                    text = None
            texts.append(text)
    return texts


def secret_registries(resource: Resource) -> list[str]:
    """Registries a docker-type Secret manifest holds credentials for (also when its values
    are placeholders: the Secret says the registry needs them)."""
    return [h for text in _docker_configs(resource) if text is not None
            for h in map(registry_host, _config_registries(text)) if h is not None]


def holds_no_registry(resource: Resource) -> bool:
    """A registry Secret manifest whose docker configs all read as JSON objects naming no
    registry (`{}`, `{"auths": {}}`): a placeholder for credentials put in outside the scanned
    files (by a controller that fills such Secrets, or by whoever installs). Not one whose value
    does not read (templated, a dry-run skeleton): that may be anything."""
    import json  # here: few files hold registry Secrets (start-up)

    texts = _docker_configs(resource)
    for text in texts:
        try:
            data: Any = json.loads(text) if text is not None else None
        except ValueError:
            return False
        if not isinstance(data, dict) or _config_registries(text or ""):
            return False
    return bool(texts)


def may_log_in(file: ScannedFile) -> bool:
    """A superset: False only when no value or command of the file can read `login`, as the
    shell reads words (`lo"gin"`, `$'\\x6cogin'`, a backslash-newline) and once YAML or Groovy
    escapes are decoded (`"docker \\x6cogin"`): the logins the scan finds in such spellings
    are evidence too. (The word itself, in the spellings `logintools.may_log_in` reads.)"""
    if "login" in file.source.text:
        return True
    spelled = shell_words(file)
    return spelled is None or "login" in spelled.low


def file_evidence(file: ScannedFile) -> tuple[tuple[str, str], ...]:
    """(registry host, LOGIN or STORED) for every registry this file shows needs credentials."""
    found: list[tuple[str, str]] = []
    text = file.source.text
    # A manifest's shell is its containers' scripts, parsed for the index's kubectl commands
    # anyway: its logins are read there, without the whole-text test (which reads the text
    # as the shell reads words, once written and once decoded: most of the evidence's cost).
    if file.kind is FileKind.KUBERNETES:
        found += _shell_logins(file)
    elif may_log_in(file):
        found += _shell_logins(file)
        if file.kind in (FileKind.GITHUB_WORKFLOW, FileKind.GITHUB_ACTION) \
                and may_read(file, "docker/login-action"):
            found += _action_logins(file)
    if file.kind is FileKind.DOCKER_CONFIG:
        found += _docker_config(file)
    if "docker-server" in text:
        found += _kubectl_servers(file)
    if may_configure_nodes(file):
        found += [(h, NODE) for c in file.get(REGISTRY_CREDENTIALS)
                  if c.registry is not None and (h := registry_host(c.registry)) is not None]
    return tuple(sorted(set(found)))


_NODE_CONFIGS = frozenset({FileKind.K3S_REGISTRIES, FileKind.CONTAINERD_CONFIG, FileKind.CLOUD_INIT})


def may_configure_nodes(file: ScannedFile) -> bool:
    """A file whose registry logins (REGISTRY_CREDENTIALS) are the nodes' container runtime's: a
    registries.yaml, a containerd config, user data writing one, a kind cluster's config (its
    containerd patches, a manifest's only such logins). Each holds `auth` and a `configs` table."""
    text = file.source.text
    if "auth" not in text or "configs" not in text:
        return False
    return file.kind in _NODE_CONFIGS or (file.kind is FileKind.KUBERNETES and "containerdConfigPatches" in text)


def _kubectl_servers(file: ScannedFile) -> list[tuple[str, str]]:
    """`kubectl create secret docker-registry --docker-server=X`: credentials for X."""
    out = []
    for m in re.finditer(r"--docker-server[= ]+([^\s\\]+)", file.source.text):
        host = registry_host(m.group(1))
        if host is not None:
            out.append((host, STORED))
    return out
