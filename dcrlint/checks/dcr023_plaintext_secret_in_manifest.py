"""DCR023 plaintext-secret-in-manifest: a plaintext secret in a Kubernetes manifest: Secret
data, a secret-named ConfigMap key, a secret-named container env value; and in the
infrastructure code manifests are made from: a secret-named Helm value, Compose environment
entry or build arg, env-file line with a literal value."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..facts import K8S_RESOURCES, SETTINGS
from ..findings import Finding
from . import FileCheck

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def check(file: ScannedFile) -> Iterable[Finding]:
    from ..k8s.checks import plaintext_secrets

    return plaintext_secrets(file)


def check_settings(file: ScannedFile) -> Iterator[Finding]:
    from ..infra.literals import literal_secret

    names, placeholders = file.settings.secret_names, file.settings.placeholders
    for s in file.get(SETTINGS):
        if literal_secret(s.name, s.value.text, names, placeholders):
            yield Finding("DCR023", f"{s.where}: {s.shown} is a literal secret; {s.advice}", file.path,
                          s.value.span(0, len(s.value.text)), s.place, secret=s.value.text)


CHECKS = (
    FileCheck(rules=("DCR023",), run=check, facts=(K8S_RESOURCES,)),
    FileCheck(rules=("DCR023",), run=check_settings, facts=(SETTINGS,)),
)
