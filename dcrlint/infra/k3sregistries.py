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
    from ..scanned import ScannedFile

_SECRET_KEYS = ("password", "auth", "identity_token")
# A registry's host as containerd names it (`registry.example.com`, `localhost:5000`, `reg:5000`).
_REGISTRY_HOST = re.compile(r"(?:https?://)?(?:[\w-]+(?:\.[\w-]+)+|localhost|[\w-]+:\d+)(?::\d+)?(?:/.*)?")


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    out = []
    for d, doc in enumerate(file.yaml_documents):
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
                        scalar_text(value, file.source), (str(d), "configs", str(key.value), "auth", name),
                        f"registries.yaml `auth.{name}`", "login"))
    return out
