"""Ansible playbooks, roles and variable files: YAML; registry logins of `docker_login` /
`podman_login` tasks, the shell of `shell` / `command` tasks, the inline manifests of `k8s`
tasks and secret-named settings (`infra.ansible`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import (
    K8S_POD_SPECS,
    K8S_RESOURCES,
    REGISTRY_CREDENTIALS,
    SETTINGS,
    SHELL_CONTEXTS,
    Fact,
    RegistryCredential,
    Setting,
)
from . import inert, yaml

if TYPE_CHECKING:
    from ..facts import ShellContext
    from ..k8s.model import PodSpec, Resource
    from ..scanned import ScannedFile


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    from ..infra.ansible import credentials

    return credentials(file)


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    from ..infra.ansible import shell_contexts

    return shell_contexts(file)


def resources(file: ScannedFile) -> list[Resource]:
    from ..infra.ansible import resources

    return resources(file)


def pod_specs(file: ScannedFile) -> list[PodSpec]:
    from ..k8s.model import build_pod_specs

    return build_pod_specs(file)


def settings(file: ScannedFile) -> list[Setting]:
    from ..infra.ansible import settings

    return settings(file)


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, REGISTRY_CREDENTIALS: credentials, SHELL_CONTEXTS: shell_contexts,
                               K8S_RESOURCES: resources, K8S_POD_SPECS: pod_specs, SETTINGS: settings}

# Their model is the YAML nodes, walked: the file's notes are its YAML's (inert.py).
NOTES = inert.yaml_notes
