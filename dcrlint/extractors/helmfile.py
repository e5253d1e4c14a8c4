"""Helmfile state files: YAML (templated or not), the chart values and repository passwords
they write, and their hooks' commands (`infra.helmfile`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import REGISTRY_CREDENTIALS, SETTINGS, SHELL_CONTEXTS, Fact, RegistryCredential, Setting
from . import inert, yaml

if TYPE_CHECKING:
    from ..facts import ShellContext
    from ..scanned import ScannedFile


def settings(file: ScannedFile) -> list[Setting]:
    from ..infra.helmfile import settings

    return settings(file)


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    from ..infra.helmfile import credentials

    return credentials(file)


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    from ..infra.helmfile import shell_contexts

    return shell_contexts(file)


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, SETTINGS: settings, REGISTRY_CREDENTIALS: credentials,
                               SHELL_CONTEXTS: shell_contexts}

# Their model is the YAML nodes, walked: the file's notes are its YAML's (inert.py).
NOTES = inert.yaml_notes
