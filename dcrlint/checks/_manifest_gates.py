"""Whole-text gates of the Kubernetes checks (the pull-secret collection of DCR020 and DCR021,
DCR022, DCR023): cheap tests of a file's text that are False only where the check can find
nothing and notify nothing, so that the engine skips it (and a file no check needs is not
composed at all).

Each test looks for words a resource, key or name must hold, in the file's text as written
and with the escapes of its lines decoded (`_spellings.spellings`: a YAML double-quoted
`"Deplo\\x79ment"`, an escaped line break inside a word), in the case the model compares them
(a resource's `kind` and `apiVersion`, a data key, are compared exactly). A word is looked for
anywhere, not after `kind:`: keys may be escaped, flow or JSON style, behind a merge key or in
a `List`; a Go template action masked for the YAML parser leaves the text around it as written.
Folding a plain or quoted scalar over lines only ever puts a blank between two words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..classify import FileKind
from ..extractors.applied import applies_heredoc
from ._spellings import spellings

if TYPE_CHECKING:
    from ..scanned import ScannedFile

# The kinds `k8s.model` reads a pod spec of (POD_SPEC_PATHS: Pod, PodTemplate, CronJob ...)
# each hold one of these words (tests/test_manifest_gates.py holds them to the model), and
# the API groups whose every kind it reads as a pipeline (Tekton, Argo Workflows).
POD_KIND_WORDS = ("Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController")
PIPELINE_APIS = ("tekton.dev/", "argoproj.io/")
# ServiceAccount; Secret, SealedSecret, (Cluster)ExternalSecret: what the pull-secret index also keeps.
ACCOUNT_SECRET_WORDS = ("ServiceAccount", "Secret")
# Registry Secrets: a data key `.dockerconfigjson` / `.dockercfg`, a type
# `kubernetes.io/dockerconfigjson` / `kubernetes.io/dockercfg`.
REGISTRY_SECRET_WORD = "dockerc"
# A kustomization's keys that rewrite images or patch its workloads (k8s.kustomize: `images`;
# `patches`, `patchesStrategicMerge`, `patchesJson6902`, `components`).
KUSTOMIZE_WORDS = ("images", "patches", "components")


# The kinds whose extractor reads resources of their own (a manifest; Ansible's k8s tasks): any
# other file's are the manifests its shell applies from here-documents (`extractors.applied`).
_OWN_RESOURCES = frozenset({FileKind.KUBERNETES, FileKind.ANSIBLE})


def may_hold_resources(file: ScannedFile) -> bool:
    """The file's K8S_RESOURCES may hold a resource: first of the gates of the checks reading them
    (a Jenkinsfile's are asked: most apply no manifest)."""
    return file.kind in _OWN_RESOURCES or applies_heredoc(file)


def reads(file: ScannedFile, words: tuple[str, ...]) -> bool:
    """Whether a key or value of the file may read one of `words` (case as given)."""
    return any(w in t for t in spellings(file) for w in words)


def may_hold_pods(file: ScannedFile) -> bool:
    """A manifest that may hold a pod spec: where its shell is (its containers' commands and
    scripts, `extractors.kubernetes`)."""
    return reads(file, POD_KIND_WORDS + PIPELINE_APIS)


def may_hold_pods_or_pull_secrets(file: ScannedFile) -> bool:
    """A manifest that may hold a pod spec (its containers' shell too), a ServiceAccount or a
    Secret of any kind: what a manifest adds to the pull-secret index."""
    return reads(file, POD_KIND_WORDS + PIPELINE_APIS + ACCOUNT_SECRET_WORDS)
