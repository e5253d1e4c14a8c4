"""The index DCR020 and DCR021 share: pod specs, ServiceAccounts and Secrets of every scanned
file (manifests and kubectl commands), collected once per file by one project collection.
The reading is in `dcrlint.k8s`, imported on first use so other scans never load it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..classify import FileKind, json_unescaped
from ..facts import CommandFilter
from ..k8s.clients import may_apply_heredoc, may_run_kubectl, names_kubectl
from ..k8s.evidence import may_configure_nodes
from ..lazyre import lazy_compile
from ..shell.spelling import words
from ._manifest_gates import KUSTOMIZE_WORDS, may_hold_pods_or_pull_secrets, reads
from ._spellings import shell_words

if TYPE_CHECKING:
    from ..config import Settings
    from ..k8s.index import AccountFact, FileFacts, PodFact, SecretFact
    from ..scanned import ScannedFile

NAME = "kubernetes-pull-secrets"

# Files that can define a ServiceAccount or a Secret, or run kubectl: the others cannot add to
# the index, so a pre-commit run reads them as text only and never parses them.
PREFILTER = lazy_compile(
    r"^\s*kind:\s*[\"']?(?:ServiceAccount|Secret|SealedSecret|ExternalSecret|ClusterExternalSecret)\b", re.M)
# (A script's applied here-documents are reported on a scan of its folder; a script named alone, as
# a pre-commit run names it, builds no project context for them.)
REPORTS_IN = frozenset({FileKind.KUBERNETES})


# Files that may show a registry needs credentials: a login, a docker config.
# (docker config keys in any case: Docker reads them so, see dockerauth.JObject.entries_folded)
_EVIDENCE = lazy_compile(r"\blogin\b|\"(?i:auths)\"|(?i:credHelpers)|--docker-server")


# A kustomization's top-level keys that include resources or give them a namespace (block style,
# maybe quoted; a flow or JSON document, or a double-quoted key with an escape at any depth), for the
# pre-commit context. (Each alternative starts with the line break: `re` skips ahead to one.)
# A kustomization is a mapping: its flow or JSON form opens with a `{` (on a line of its own or
# before its first key); a line opening with `{{` is a Go template action, one opening with `[` a
# sequence (or a shell test): neither starts the mapping, and a Helm template or a script holds
# many such lines.
_PLACES = lazy_compile(r"""\n(?:["']?(?:resources|bases|namespace)["']?[ \t]*:|\{(?!\{)|[ \t]*"[^"\n]*\\)""")


def might_add_to_index(text: str) -> bool:
    """Whether the text may add to the index (a pre-commit run parses no other file): substring
    tests first, which rule out most files far faster than the regexes."""
    if ("login" in text or "docker-server" in text or "auths" in (lowered := text.lower())
            or "credhelpers" in lowered) and _EVIDENCE.search(text):
        return True
    if "\\u" in text and _EVIDENCE.search(json_unescaped(text)):
        return True  # a docker config's keys JSON-escaped (`"\\u0061uths"`), as it is classified
    if "configs" in text and "auth" in text:
        return True  # the nodes' registry logins (a registries.yaml, a containerd config, k8s.evidence)
    if "<<" in text and may_apply_heredoc(text):
        return True  # a script (a CI step's too) applying a manifest from a here-document (its pods, Secrets)
    if "newName" in text or "imagePullSecrets" in text or "secretGenerator" in text:
        return True  # a kustomization rewriting images, patching pull secrets or making Secrets
    if "destination" in text or "targetNamespace" in text or _PLACES.search(text) \
            or _PLACES.match("\n" + text.partition("\n")[0]):
        return True  # what sets the namespace of other files' resources (k8s.placement)
    if ("Secret" in text or "ServiceAccount" in text) and PREFILTER.search(text) is not None:
        return True
    if not may_run_kubectl(text):
        return False
    # A kubectl or oc command that creates a Secret or ServiceAccount or patches one, read in the
    # text as the shell reads words (shell.spelling.words: no quotes or escapes, lowercase), its
    # options anywhere (`kubectl create -n ci secret ...`), as `k8s.index` reads it.
    low = words(text)
    return low is None or creates_or_patches(low)


def collect(file: ScannedFile) -> Any:
    """The file's part of the index (once per file: DCR023 reads the Secrets' names too)."""
    return file.once("pull_secret_facts", _collect)


def secret_names(file: ScannedFile) -> tuple[str, ...]:
    """The names of the Secrets the file defines (any type: a Secret, a SealedSecret, an
    ExternalSecret's target, a Kustomize generator's, `kubectl create secret`'s)."""
    facts = collect(file)
    return tuple(sorted({s.name for s in facts.secrets if s.name})) if facts else ()


def _collect(file: ScannedFile) -> Any:
    if file.kind not in (FileKind.KUBERNETES, FileKind.DOCKER_CONFIG, FileKind.KUSTOMIZATION) \
            and not _may_add(file) and not may_configure_nodes(file):
        return None  # only manifests, kubectl (or oc) commands, logins and nodes' logins add to the index
    from ..k8s.index import collect

    return collect(file)


def gate(file: ScannedFile) -> bool:
    """False only where `collect` gives nothing (and notifies nothing): a manifest that can hold
    no pod spec, ServiceAccount or Secret, nor a `--docker-server` (k8s.evidence reads it in the
    raw text); another file (but a docker config or kustomization) that may neither log in nor
    run kubectl."""
    kind = file.kind
    if kind is FileKind.KUBERNETES:
        # Its logins and kubectl commands are in its containers' shell: pod specs.
        # (Argo CD's GitOps resources are in the API group of Argo's pipelines; Flux's give a
        # namespace as `targetNamespace`: k8s.manifests._gitops_targets)
        return may_hold_pods_or_pull_secrets(file) or reads(file, ("targetNamespace",)) \
            or "docker-server" in file.source.text or may_configure_nodes(file)
    if kind is FileKind.KUSTOMIZATION:
        # What it includes and changes about its workloads is written under these keys (the
        # patch files they name are read by the collection), the namespace it gives them under
        # `namespace`, the Secrets it makes under `secretGenerator`; it runs no shell.
        return reads(file, (*KUSTOMIZE_WORDS, "secretGenerator", "resources", "bases", "namespace")) \
            or "docker-server" in file.source.text
    if kind is FileKind.DOCKER_CONFIG:
        return True
    return _may_add(file) or may_configure_nodes(file)


def _may_add(file: ScannedFile) -> bool:
    """A login or a kubectl command, also where quotes or an escape spell it (a YAML
    double-quoted `kube\\x63tl`: the shell runs the decoded text); once per file (the gate
    and the collection ask)."""
    return file.once("pull_secret_may_add", _may_log_in_or_run_kubectl)


def _may_log_in_or_run_kubectl(file: ScannedFile) -> bool:
    """`may_run_kubectl` of the text and of its decoded spelling, or `k8s.evidence.may_log_in`:
    the word `login` and the text's words first (`may_run_kubectl` keeps them: `shell_words`
    takes them from there), then the file's `shell_words` (made once per file: the words of
    both spellings, a separator no word holds between them), not each spelling's words again."""
    text = file.source.text
    if "login" in text or may_run_kubectl(text):
        return True
    spelled = shell_words(file)
    if spelled is None:  # an ANSI-C string may spell any word
        return True
    low = spelled.low
    return "login" in low or names_kubectl(low)


def index(facts: Mapping[str, Any]) -> tuple[dict[str, FileFacts], list[AccountFact], list[SecretFact]]:
    """The collected facts of each file, and every ServiceAccount and Secret among them."""
    from ..k8s.index import FileFacts

    files: dict[str, FileFacts] = {p: f for p, f in facts.items() if isinstance(f, FileFacts)}
    return files, [a for f in files.values() for a in f.accounts], [s for f in files.values() for s in f.secrets]


def describe(pod: PodFact) -> str:
    """`Deployment api`, or the kind alone when the name is not known."""
    return f"{pod.kind} {pod.name}" if pod.name else pod.kind


# What `k8s.index._command_facts` reads of a kubectl (or oc) command: `create secret`,
# `create serviceaccount` or `create sa`, and `patch` (of a ServiceAccount), its first two
# operands, options anywhere before and between them (`create --dry-run=client secret ...`).
_SA = lazy_compile(r"sa\b(?<!\wsa)")  # `sa` as a word, led by its literal (re skips ahead)


def creates_or_patches(low: str) -> bool:
    """Whether words as `shell.spelling.words` reads them (lower case; the operands compared
    exactly in lower case) may hold the verbs of a command `_command_facts` reads."""
    if "patch" in low:
        return True
    return "create" in low and ("secret" in low or "serviceaccount" in low or _SA.search(low) is not None)


def _kubectl(text: str, settings: Settings) -> bool:
    """The text is read without its quotes and escapes, as the parser reads words: a kubectl or
    oc command that creates or patches (`kubectl apply`, `get`, `rollout` ... add nothing)."""
    if not may_run_kubectl(text):
        return False
    low = words(text)  # (kept from `may_run_kubectl`)
    return low is None or creates_or_patches(low)


# kubectl commands that create Secrets or patch ServiceAccounts, and registry logins.
KUBECTL_COMMANDS = CommandFilter("kubectl", _kubectl)
