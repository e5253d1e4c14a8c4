"""k3s / RKE2 `registries.yaml`: YAML, and the registry logins it configures (`infra.k3sregistries`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import REGISTRY_CREDENTIALS, Fact, RegistryCredential
from . import inert, yaml

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    from ..infra.k3sregistries import credentials

    return credentials(file)


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, REGISTRY_CREDENTIALS: credentials}

# Their model is the YAML nodes, walked: the file's notes are its YAML's (inert.py).
NOTES = inert.yaml_notes
