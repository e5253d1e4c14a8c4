"""containerd's registry logins: the CRI plugin's
`[plugins."io.containerd.grpc.v1.cri".registry.configs."<registry>".auth]` table (containerd 2's
`io.containerd.cri.v1.images` too; the older `registry.auths."<registry>"` table) in
`/etc/containerd/config.toml`, and the same TOML patched into a kind cluster
(`containerdConfigPatches`). `username` with `password`, `auth` (base64 of `user:password`) or
`identitytoken`: containerd logs in to the registry with them, so written in
a committed file they are a registry login's password committed with it (DCR002). Deprecated
since containerd 1.6 (a `hosts.toml` holds no credentials) and still read by 1.7 and 2.x."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..facts import RegistryCredential
from .tomltext import Path, TomlError, toml_strings

if TYPE_CHECKING:
    from ..scanned import ScannedFile
    from ..source import MappedText

_SECRET_KEYS = ("password", "auth", "identitytoken")


def may_hold(text: str) -> bool:
    """Whether the text may hold a registry's auth table (before any TOML is read)."""
    return "configs" in text and "registry" in text and "auth" in text


def credentials(strings: list[tuple[Path, MappedText]], where: str) -> list[RegistryCredential]:
    """The registry credentials among a containerd config's strings (`tomltext.toml_strings`)."""
    users = {path[:-1]: text.text for path, text in strings if path[-1] == "username"}
    out = []
    for path, text in strings:
        registry = _registry(path)
        if registry is None or path[-1] not in _SECRET_KEYS or not text.text:
            continue
        user = users.get(path[:-1]) if path[-1] == "password" else None
        key = f"auth.{path[-1]}" if path[-2] == "auth" else path[-1]
        out.append(RegistryCredential(registry, user, text, path, f"{where} `{key}`", "login"))
    return out


def _registry(path: tuple[str, ...]) -> str | None:
    """The registry whose login the key path configures, if it does: `plugins . <CRI plugin> .
    registry . configs . <registry> . auth . <key>`, or `... registry . auths . <registry> . <key>`."""
    if len(path) < 5 or path[0] != "plugins":
        return None
    if len(path) >= 6 and path[-5:-3] == ("registry", "configs") and path[-2] == "auth":
        return path[-3]
    if path[-4:-2] == ("registry", "auths"):
        return path[-2]
    return None


def kind_patches(file: ScannedFile) -> list[RegistryCredential]:
    """The registry logins of a kind cluster's config (`apiVersion: kind.x-k8s.io/...`): its
    `containerdConfigPatches`, TOML that kind merges into each node's containerd config."""
    if "containerdConfigPatches" not in file.source.text:
        return []
    from yaml.nodes import ScalarNode, SequenceNode

    from ..yamlsrc import get, scalar_text

    out = []
    for doc in file.yaml_documents:
        api, patches = get(doc, "apiVersion"), get(doc, "containerdConfigPatches")
        if not isinstance(api, ScalarNode) or not str(api.value).startswith("kind.x-k8s.io/") \
                or not isinstance(patches, SequenceNode):
            continue
        for patch in patches.value:
            if isinstance(patch, ScalarNode) and may_hold(str(patch.value)):
                try:
                    strings = toml_strings(scalar_text(patch, file.source))
                except TomlError:
                    continue  # (a patch that is no TOML: kind refuses it)
                out += credentials(strings, "kind `containerdConfigPatches`")
    return out
