"""DCR030 docker-config-plaintext-auth: a docker config.json or .dockercfg storing a registry
credential inline (instead of a credential store or helper)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..facts import DOCKER_CONFIG
from ..findings import Finding
from ..scanned import ScannedFile
from ..source import Span
from ..values import ValueKind, classify
from . import FileCheck

if TYPE_CHECKING:
    from ..dockerauth import AuthEntry, DockerConfig


def inline_secret(entry: AuthEntry, placeholders: tuple[str, ...]) -> str | None:
    """The secret part of an entry when it is a real literal, else None."""
    secret = entry.password
    if entry.problem and entry.kind == "auth" and ":" in entry.value:
        secret = entry.value.partition(":")[2]  # written as user:password, not base64
    if secret is None or classify(secret, placeholders, literal_dollar=True) is not ValueKind.LITERAL:
        return None
    return secret


def describe(entry: AuthEntry, config: DockerConfig) -> str:
    """`registry example.org (user ci)`, plus the helper that should hold it instead."""
    who = f" (user {entry.user})" if entry.user else ""
    helper = config.helper_for(entry.registry)
    if helper:
        what = "credential store" if helper == config.creds_store else "credential helper"
        how = f"; {what} `{helper}` is configured, remove the inline secret"
    else:
        how = "; use `credsStore` or `credHelpers` instead"
    return f"registry {entry.registry}{who}{how}"


def check(file: ScannedFile) -> Iterator[Finding]:
    config = file.get(DOCKER_CONFIG)
    if config is None:
        return
    for entry in config.entries:
        if inline_secret(entry, file.settings.placeholders) is None:
            continue
        layout = "legacy .dockercfg" if config.legacy else "docker config"
        yield Finding(
            rule_id="DCR030",
            message=f"{layout} stores `{entry.kind}` inline for {describe(entry, config)}",
            path=file.path,
            # from the key through its value, so that reports showing the line mask the value
            span=Span(entry.key_span.start, entry.value_span.end),
            place=("auths", entry.registry, entry.kind),
            secret=entry.raw,
        )


CHECKS = (FileCheck(rules=("DCR030",), run=check, facts=(DOCKER_CONFIG,)),)
