"""DCR020 missing-image-pull-secrets: a pod pulls from a private registry, and neither its spec
nor its ServiceAccount has imagePullSecrets (across every scanned file)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..logintools import LOGIN_COMMANDS
from . import ProjectCheck
from ._pull_secret_index import KUBECTL_COMMANDS, NAME, REPORTS_IN, collect, might_add_to_index

if TYPE_CHECKING:
    from ..config import Settings
    from ..findings import Finding


def finish(facts: Mapping[str, Any], settings: Settings) -> Iterable[Finding]:
    from ..k8s.checks import missing_pull_secrets

    return missing_pull_secrets(facts, settings)


CHECKS = (
    ProjectCheck(name=NAME, rules=("DCR020",), collect=collect, finish=finish,
                 commands=(KUBECTL_COMMANDS, LOGIN_COMMANDS),
                 prefilter=might_add_to_index, reports_in=REPORTS_IN),
)
