"""The index DCR020 and DCR021 share: pod specs, ServiceAccounts and Secrets of every scanned
file (manifests and kubectl commands), collected once per file by one project collection.
The reading is in `dcrlint.k8s`, imported on first use so other scans never load it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..classify import FileKind
from ..facts import CommandFilter
from ..lazyre import lazy_compile
from ..shell.spelling import words

if TYPE_CHECKING:
    from ..config import Settings
    from ..k8s.index import AccountFact, FileFacts, PodFact, SecretFact
    from ..scanned import ScannedFile

NAME = "kubernetes-pull-secrets"

# Files that can define a ServiceAccount or a Secret, or run kubectl: the others cannot add to
# the index, so a pre-commit run reads them as text only and never parses them.
PREFILTER = lazy_compile(
    r"^\s*kind:\s*[\"']?(?:ServiceAccount|Secret|SealedSecret|ExternalSecret)\b"
    r"|\b(?:kubectl|oc)\b(?:[^\n]|\\\n)*?\b(?:create\s+(?:secret|serviceaccount|sa)\b|patch\s+(?:sa|serviceaccounts?)\b)",
    re.M,
)
REPORTS_IN = frozenset({FileKind.KUBERNETES})


# Files that may show a registry needs credentials: a login, a docker config.
_EVIDENCE = lazy_compile(r"\blogin\b|\"auths\"|credHelpers|--docker-server")


def might_add_to_index(text: str) -> bool:
    """PREFILTER, after substring tests that rule out most files far faster than the regex."""
    if ("login" in text or "auths" in text or "credHelpers" in text or "docker-server" in text) \
            and _EVIDENCE.search(text):
        return True
    if "newName" in text or "imagePullSecrets" in text:
        return True  # a kustomization rewriting images or patching pull secrets
    if not ("Secret" in text or "ServiceAccount" in text or "kubectl" in text or "oc " in text):
        return False
    return PREFILTER.search(text) is not None


def collect(file: ScannedFile) -> Any:
    text = file.source.text
    if file.kind not in (FileKind.KUBERNETES, FileKind.DOCKER_CONFIG, FileKind.KUSTOMIZATION) \
            and "kubectl" not in text \
            and "oc " not in text and "login" not in text:
        return None  # only manifests, kubectl (or oc) commands and logins add to the index
    from ..k8s.index import collect

    return collect(file)


def index(facts: Mapping[str, Any]) -> tuple[dict[str, FileFacts], list[AccountFact], list[SecretFact]]:
    """The collected facts of each file, and every ServiceAccount and Secret among them."""
    from ..k8s.index import FileFacts

    files: dict[str, FileFacts] = {p: f for p, f in facts.items() if isinstance(f, FileFacts)}
    return files, [a for f in files.values() for a in f.accounts], [s for f in files.values() for s in f.secrets]


def describe(pod: PodFact) -> str:
    """`Deployment api`, or the kind alone when the name is not known."""
    return f"{pod.kind} {pod.name}" if pod.name else pod.kind


def _kubectl(text: str, settings: Settings) -> bool:
    """The text is read without its quotes and escapes (`kube"ctl"`), as the parser reads words."""
    low = words(text)
    return low is None or "kubectl" in low


# kubectl commands that create Secrets or patch ServiceAccounts, and registry logins.
KUBECTL_COMMANDS = CommandFilter("kubectl", _kubectl)
