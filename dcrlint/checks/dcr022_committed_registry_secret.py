"""DCR022 committed-registry-secret: a Kubernetes Secret of type dockerconfigjson (or holding a
.dockerconfigjson) with real registry credentials, committed to the repository."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..facts import K8S_RESOURCES
from . import FileCheck

if TYPE_CHECKING:
    from ..findings import Finding
    from ..scanned import ScannedFile


def check(file: ScannedFile) -> Iterable[Finding]:
    from ..k8s.checks import committed_registry_secrets

    return committed_registry_secrets(file)


CHECKS = (FileCheck(rules=("DCR022",), run=check, facts=(K8S_RESOURCES,)),)
