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


REGISTRY_TYPES = ("kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg")


def check_settings(file: ScannedFile) -> Iterator[Finding]:
    from ..infra.literals import literal_secret
    from ..k8s.checks import REGISTRY_KEYS, secret_data

    names, placeholders = file.settings.secret_names, file.settings.placeholders
    for s in file.get(SETTINGS):
        value = s.value.text if s.from_file is None else s.from_file
        span = s.value.span(0, len(s.value.text))
        if s.secret_type is not None:  # the data of a Secret
            if s.name in REGISTRY_KEYS or s.secret_type in REGISTRY_TYPES:
                continue  # DCR022
            held = secret_data(s.name, value, s.secret_type, file)
            if held is None:
                continue
            what = f"{held} from committed file {s.value.text}" if s.from_file is not None else held
            yield Finding("DCR023", f"{s.where} puts {what} into key {s.shown}; {s.advice}",
                          file.path, span, s.place, secret=value)
        elif literal_secret(s.name, value, names, placeholders):
            yield Finding("DCR023", f"{s.where}: {s.shown} is a literal secret; {s.advice}", file.path,
                          span, s.place, secret=value)


CHECKS = (
    FileCheck(rules=("DCR023",), run=check, facts=(K8S_RESOURCES,)),
    FileCheck(rules=("DCR023",), run=check_settings, facts=(SETTINGS,)),
)
