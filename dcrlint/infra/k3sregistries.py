"""k3s and RKE2 `registries.yaml` (`/etc/rancher/k3s/registries.yaml`, also k3d's
`--registry-config`): the credentials containerd logs in to each registry with, under
`configs.<registry>.auth`: `username` with `password`, or `auth` (base64 of `user:password`), or
`identity_token`. Written in the file, they are a registry login's password committed with it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, ScalarNode

from ..facts import RegistryCredential
from ..yamlsrc import get, mapping_items, scalar_text

if TYPE_CHECKING:
    from yaml.nodes import Node

    from ..scanned import ScannedFile
    from ..source import MappedText, SourceFile

_SECRET_KEYS = ("password", "auth", "identity_token")
# A registry's host as containerd names it (`registry.example.com`, `localhost:5000`, `reg:5000`).
_REGISTRY_HOST = re.compile(r"(?:https?://)?(?:[\w-]+(?:\.[\w-]+)+|localhost|[\w-]+:\d+)(?::\d+)?(?:/.*)?")


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    return configured(file.yaml_documents, file.source, ())


def written(content: MappedText, place: tuple[str, ...], where: str) -> list[RegistryCredential]:
    """The logins of a registries.yaml written in another file's string (cloud-init's
    `write_files` `content`), mapped through `content` to that file; none when it is no YAML."""
    import yaml

    from ..source import SourceFile, mapped_through
    from ..yamlsrc import YamlError, compose_text

    try:
        docs = compose_text(content.text, yaml.SafeLoader)
    except (yaml.YAMLError, YamlError, RecursionError, ValueError):
        return []
    return [RegistryCredential(c.registry, c.user, mapped_through(c.password, content), c.place,
                               f"{where} {c.where}", c.kind)
            for c in configured(docs, SourceFile("registries.yaml", content.text), place)]


def configured(docs: list[Node], source: SourceFile, place: tuple[str, ...]) -> list[RegistryCredential]:
    """The logins under each document's `configs.<registry>.auth`."""
    out = []
    for d, doc in enumerate(docs):
        configs = get(doc, "configs")
        for key, config in mapping_items(configs) if isinstance(configs, MappingNode) else ():
            auth = get(config, "auth")
            if not isinstance(key, ScalarNode) or not isinstance(auth, MappingNode) \
                    or not _REGISTRY_HOST.fullmatch(str(key.value)):
                continue  # (an app config's `configs: {database: {auth: ...}}` names no registry)
            user = get(auth, "username")
            for name in _SECRET_KEYS:
                value = get(auth, name)
                if isinstance(value, ScalarNode) and value.value:
                    out.append(RegistryCredential(
                        str(key.value), user.value if isinstance(user, ScalarNode) and name == "password" else None,
                        scalar_text(value, source), (*place, str(d), "configs", str(key.value), "auth", name),
                        f"registries.yaml `auth.{name}`", "login"))
    return out
