"""cloud-init user data files (`#cloud-config`): its commands as shell, its passwords as settings
(`infra.cloudinit`), and its values as any YAML's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import (
    REGISTRY_CREDENTIALS,
    SETTINGS,
    SHELL_CONTEXTS,
    YAML_DOCUMENTS,
    Fact,
    RegistryCredential,
    Setting,
    ShellContext,
)
from . import inert, yaml

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def yaml_documents(file: ScannedFile) -> list[Any]:
    from ..infra.cloudinit import yaml_documents

    return yaml_documents(file)


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    from ..infra.cloudinit import shell_contexts

    return shell_contexts(file)


def settings(file: ScannedFile) -> list[Setting]:
    from ..infra.cloudinit import settings

    return settings(file)


def registry_credentials(file: ScannedFile) -> list[RegistryCredential]:
    from ..infra.cloudinit import registry_credentials

    return registry_credentials(file)


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, YAML_DOCUMENTS: yaml_documents, SHELL_CONTEXTS: shell_contexts,
                               SETTINGS: settings, REGISTRY_CREDENTIALS: registry_credentials}

# Their model is the YAML nodes, walked: the file's notes are its YAML's (inert.py).
NOTES = inert.yaml_notes
