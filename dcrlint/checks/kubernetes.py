"""Kubernetes rules: DCR020 and DCR021 across files (pull secrets), DCR022 and DCR023 per
manifest. The work is in `dcrlint.k8s`, imported on first use so other scans never load it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..classify import FileKind
from . import FileCheck, ProjectCheck

if TYPE_CHECKING:
    from ..config import Settings
    from ..findings import Finding
    from ..scanned import ScannedFile

# Files that can define a ServiceAccount or a Secret, or run kubectl: the others cannot add to
# the index, so a pre-commit run reads them as text only and never parses them.
PREFILTER = re.compile(
    r"^\s*kind:\s*[\"']?(?:ServiceAccount|Secret|SealedSecret|ExternalSecret)\b"
    r"|\b(?:kubectl|oc)\b(?:[^\n]|\\\n)*?\b(?:create\s+(?:secret|serviceaccount|sa)\b|patch\s+(?:sa|serviceaccounts?)\b)",
    re.M,
)


def might_add_to_index(text: str) -> bool:
    """PREFILTER, after substring tests that rule out most files far faster than the regex."""
    if not ("Secret" in text or "ServiceAccount" in text or "kubectl" in text or "oc " in text):
        return False
    return PREFILTER.search(text) is not None


def _manifest(file: ScannedFile) -> Iterable[Finding]:
    from ..k8s.checks import check_manifest

    return check_manifest(file)


def _collect(file: ScannedFile) -> Any:
    text = file.source.text
    if file.kind is not FileKind.KUBERNETES and "kubectl" not in text and "oc " not in text:
        return None  # only manifests and kubectl (or oc) commands add to the index
    from ..k8s.index import collect

    return collect(file)


def _finish(facts: Mapping[str, Any], settings: Settings) -> Iterable[Finding]:
    from ..k8s.checks import finish

    return finish(facts, settings)


CHECKS = (
    FileCheck(rules=("DCR022", "DCR023"), run=_manifest, kinds=frozenset({FileKind.KUBERNETES})),
    ProjectCheck(name="kubernetes-pull-secrets", rules=("DCR020", "DCR021"), collect=_collect,
                 finish=_finish, prefilter=might_add_to_index, reports_in=frozenset({FileKind.KUBERNETES})),
)
