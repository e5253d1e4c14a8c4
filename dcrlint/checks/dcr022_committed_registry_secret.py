"""DCR022 committed-registry-secret: a Kubernetes Secret of type dockerconfigjson (or holding a
.dockerconfigjson) with real registry credentials, committed to the repository."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..classify import FileKind
from ..facts import K8S_RESOURCES, REGISTRY_CREDENTIALS, SETTINGS
from ..findings import Finding
from ..source import Span
from . import FileCheck
from ._manifest_gates import REGISTRY_SECRET_WORD, may_hold_resources, reads
from ._manifest_values import APPLIED, applied_secrets, is_literal, value_span

if TYPE_CHECKING:
    from ..k8s.model import Resource
    from ..scanned import ScannedFile
    from ..source import MappedText


def registry_credentials(text: str, file: ScannedFile) -> str | None:
    """`registry (user u), ...` for the real credentials of a docker config's text, else None
    (raises DockerConfigError when it is not one)."""
    from ..dockerauth import parse_docker_config

    if not is_literal(text, file):
        return None
    config = parse_docker_config(text)
    real = [e for e in config.entries if e.problem is None and e.password and is_literal(e.password, file)]
    if not real:
        return None
    return ", ".join(sorted({f"{e.registry} (user {e.user})" if e.user else e.registry for e in real}))


def _is_docker_secret(res: Resource) -> bool:
    from ..k8s.model import DOCKER_TYPES, REGISTRY_KEYS, data_entries, scalar
    from ..yamlsrc import get

    if scalar(get(res.node, "type")) in DOCKER_TYPES:
        return True
    return any(k.value in REGISTRY_KEYS for f in ("data", "stringData") for k, _ in data_entries(get(res.node, f)))


def _registry_secret(file: ScannedFile, res: Resource, inside: MappedText | None = None,
                     where: str = "") -> Iterator[Finding]:
    """A registry Secret's docker configs; `inside`: the text the Secret is written in (an
    annotation's JSON, `where` said before the field), else the file's."""
    from ..dockerauth import DockerConfigError
    from ..k8s.model import REGISTRY_KEYS, data_entries, decode_data
    from ..yamlsrc import get

    for field in ("data", "stringData"):
        for key, value in data_entries(get(res.node, field)):
            if key.value not in REGISTRY_KEYS or not is_literal(value.value, file):
                continue
            line = key.start_mark.line + 1 if inside is None else file.source.position(
                value_span(key, file, inside).start)[0]
            text, problem = decode_data(value, field)
            if text is None:
                file.notify(f"{res.title}: {where}{field}.{key.value} {problem}; not checked", line, "note")
                continue
            try:
                who = registry_credentials(text, file)
            except DockerConfigError as e:
                file.notify(f"{res.title}: {where}{field}.{key.value}: {e}; not checked", line)
                continue
            if who is None:
                continue
            # (inside quotes, both)
            span = Span(value_span(key, file, inside).start, value_span(value, file, inside).end)
            yield Finding("DCR022", f"{res.title} commits registry credentials in {where}{field}[{key.value}]: "
                          f"{who}", file.path, span, (*res.place, field, key.value), secret=value.value)


def check(file: ScannedFile) -> Iterator[Finding]:
    """Registry credentials in the data of a Secret manifest."""
    resources = file.get(K8S_RESOURCES)
    if not resources:
        return  # (a script applying no manifest: the manifest model is not loaded)
    from ..k8s.model import is_sops

    for res in resources:
        for inner, text in applied_secrets(file, res):
            if _is_docker_secret(inner):
                yield from _registry_secret(file, inner, text, APPLIED)
    if any(is_sops(r) for r in resources):
        return  # SOPS-encrypted: values are ciphertext (not the metadata's annotations, above)
    for res in resources:
        if res.kind == "Secret" and _is_docker_secret(res):
            yield from _registry_secret(file, res)


def check_generated(file: ScannedFile) -> Iterator[Finding]:
    """A Kustomize secretGenerator of a registry Secret given a docker config as a literal."""
    settings = file.get(SETTINGS)
    if not settings:
        return  # (most files: nothing imported)
    from ..dockerauth import DockerConfigError
    from ..k8s.model import REGISTRY_KEYS

    for s in settings:
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


def may_hold_registry_secret(file: ScannedFile) -> bool:
    """Gate of the three checks: a registry Secret's data key (`.dockerconfigjson`,
    `.dockercfg`) or type (`kubernetes.io/dockerconfigjson`) in any spelling. Terraform always:
    its registry Secrets are built from HCL expressions, and its parse notifies."""
    return file.kind is FileKind.TERRAFORM or reads(file, (REGISTRY_SECRET_WORD,))


def may_hold_registry_secret_resource(file: ScannedFile) -> bool:
    """Gate of `check`: resources (`may_hold_resources`), a registry Secret's word among them."""
    return may_hold_resources(file) and may_hold_registry_secret(file)


CHECKS = (
    FileCheck(rules=("DCR022",), run=check, facts=(K8S_RESOURCES,), gate=may_hold_registry_secret_resource),
    FileCheck(rules=("DCR022",), run=check_generated, facts=(SETTINGS,), gate=may_hold_registry_secret),
    FileCheck(rules=("DCR022",), run=check_configured, facts=(REGISTRY_CREDENTIALS,), gate=may_hold_registry_secret),
)
