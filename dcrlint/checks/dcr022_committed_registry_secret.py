"""DCR022 committed-registry-secret: a Kubernetes Secret of type dockerconfigjson (or holding a
.dockerconfigjson) with real registry credentials, committed to the repository."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..facts import K8S_RESOURCES, REGISTRY_CREDENTIALS, SETTINGS
from ..findings import Finding
from . import FileCheck

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def check(file: ScannedFile) -> Iterable[Finding]:
    from ..k8s.checks import committed_registry_secrets

    return committed_registry_secrets(file)


def check_generated(file: ScannedFile) -> Iterator[Finding]:
    """A Kustomize secretGenerator of a registry Secret given a docker config as a literal."""
    from ..dockerauth import DockerConfigError
    from ..k8s.checks import REGISTRY_KEYS, registry_credentials

    for s in file.get(SETTINGS):
        if s.secret_type is None or s.from_file is not None or s.name not in REGISTRY_KEYS:
            continue
        try:
            who = registry_credentials(s.value.text, file)
        except DockerConfigError as e:
            file.notify(f"{s.where}: {s.name}: {e}; not checked", file.source.position(s.value.offset(0))[0])
            continue
        if who is not None:
            yield Finding("DCR022", f"{s.where} commits registry credentials in {s.name}: {who}", file.path,
                          s.value.span(0, len(s.value.text)), s.place, secret=s.value.text)


def check_configured(file: ScannedFile) -> Iterator[Finding]:
    """A registry Secret built in configuration from a literal password (Terraform
    `kubernetes_secret` data from `jsonencode({auths = ...})`)."""
    from ..values import ValueKind, classify

    for c in file.get(REGISTRY_CREDENTIALS):
        if c.kind != "secret" or classify(c.password.text, file.settings.placeholders) is not ValueKind.LITERAL:
            continue
        who = f"{c.registry} (user {c.user})" if c.user else (c.registry or "a registry")
        yield Finding("DCR022", f"{c.where} commits registry credentials: {who}", file.path,
                      c.password.span(0, len(c.password.text)), c.place, secret=c.password.text)


CHECKS = (
    FileCheck(rules=("DCR022",), run=check, facts=(K8S_RESOURCES,)),
    FileCheck(rules=("DCR022",), run=check_generated, facts=(SETTINGS,)),
    FileCheck(rules=("DCR022",), run=check_configured, facts=(REGISTRY_CREDENTIALS,)),
)
