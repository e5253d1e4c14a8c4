"""DCR023 plaintext-secret-in-manifest: a plaintext secret in a Kubernetes manifest: Secret
data, a secret-named ConfigMap key, a secret-named container env value."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..facts import K8S_RESOURCES
from . import FileCheck

if TYPE_CHECKING:
    from ..findings import Finding
    from ..scanned import ScannedFile


def check(file: ScannedFile) -> Iterable[Finding]:
    from ..k8s.checks import plaintext_secrets

    return plaintext_secrets(file)


CHECKS = (FileCheck(rules=("DCR023",), run=check, facts=(K8S_RESOURCES,)),)
