"""k3s and RKE2 `registries.yaml` (`/etc/rancher/k3s/registries.yaml`, also k3d's
`--registry-config`): the credentials containerd logs in to each registry with, under
`configs.<registry>.auth`: `username` with `password`, or `auth` (base64 of `user:password`), or
`identity_token`. Written in the file, they are a registry login's password committed with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, ScalarNode

from ..facts import RegistryCredential
from ..yamlsrc import get, mapping_items, scalar_text

if TYPE_CHECKING:
    from ..scanned import ScannedFile

_SECRET_KEYS = ("password", "auth", "identity_token")


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    out = []
    for d, doc in enumerate(file.yaml_documents):
        configs = get(doc, "configs")
        for key, config in mapping_items(configs) if isinstance(configs, MappingNode) else ():
            auth = get(config, "auth")
            if not isinstance(key, ScalarNode) or not isinstance(auth, MappingNode):
                continue
            user = get(auth, "username")
            for name in _SECRET_KEYS:
                value = get(auth, name)
                if isinstance(value, ScalarNode) and value.value:
                    out.append(RegistryCredential(
                        str(key.value), user.value if isinstance(user, ScalarNode) and name == "password" else None,
                        scalar_text(value, file.source), (str(d), "configs", str(key.value), "auth", name),
                        f"registries.yaml `auth.{name}`", "login"))
    return out
