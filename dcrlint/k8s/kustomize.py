"""What a kustomization changes about the workloads it includes, for the pull-secret rules:
`images:` rewriting an image to another registry (DCR020 then judges the new registry), and
patches that add `imagePullSecrets` or set `serviceAccountName` (the pod's pull secrets are
then the overlay's business: no DCR020)."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..depends import watch
from ..records import lazy_dataclass
from ..yamlsrc import YamlError, compose_text, get, node_span, scalar_text, walk

if TYPE_CHECKING:
    from ..scanned import ScannedFile
    from .index import PodFact, SecretFact

_PATCH_KEYS = ("patches", "patchesStrategicMerge", "patchesJson6902", "components")
_MAX_PATCH = 262144


@lazy_dataclass(frozen=True)
class ImageRewrite:
    name: str  # the image name as manifests write it (no tag)
    new_name: str | None
    new_tag: str | None
    digest: str | None


@lazy_dataclass(frozen=True)
class KustomizeFact:
    path: str  # the kustomization file (relative, as reported)
    resources: tuple[str, ...]  # the files and folders it includes, normalized, relative
    images: tuple[ImageRewrite, ...]
    sets_pull: bool  # a patch adds imagePullSecrets or sets serviceAccountName
    # Its `namespace:`, which kustomize gives every namespaced resource of its build (replacing
    # any written): "" when it sets none.
    namespace: str = ""


def kustomize_fact(file: ScannedFile) -> KustomizeFact | None:
    """What the kustomization includes and changes; None when it includes nothing."""
    folder = posixpath.dirname(file.path)
    resources: list[str] = []
    images: list[ImageRewrite] = []
    sets_pull = False
    namespace = ""
    for doc in file.yaml_documents:
        resources += _resources(folder, doc)
        namespace = namespace or (_text(get(doc, "namespace")) or "")
        seq = get(doc, "images")
        if isinstance(seq, SequenceNode):
            for item in seq.value:
                name = _text(get(item, "name")) if isinstance(item, MappingNode) else None
                if name:
                    images.append(ImageRewrite(name, _text(get(item, "newName")), _text(get(item, "newTag")),
                                               _text(get(item, "digest"))))
        sets_pull = sets_pull or any(_sets_pull(file, get(doc, k)) for k in _PATCH_KEYS)
    if not resources:
        return None
    return KustomizeFact(file.path, tuple(resources), tuple(images), sets_pull, namespace)


def _resources(folder: str, doc: Node) -> Iterator[str]:
    """The files and folders a kustomization document includes, normalized, relative."""
    for key in ("resources", "bases"):
        seq = get(doc, key)
        if isinstance(seq, SequenceNode):
            for item in seq.value:
                if isinstance(item, ScalarNode) and item.value and "://" not in item.value:
                    yield posixpath.normpath(posixpath.join(folder, item.value))


def _patch_files(folder: str, doc: Node) -> Iterator[str]:
    """The patch files a kustomization document applies (`patchesStrategicMerge: [p.yaml]`,
    `patches: [{path: p.yaml}]`, `patchesJson6902`), normalized, relative: merged into its
    resources, they are part of its build."""
    for key in ("patchesStrategicMerge", "patches", "patchesJson6902"):
        seq = get(doc, key)
        for item in seq.value if isinstance(seq, SequenceNode) else ():
            node = get(item, "path") if isinstance(item, MappingNode) else item
            if isinstance(node, ScalarNode) and node.value and "\n" not in node.value and "://" not in node.value:
                yield posixpath.normpath(posixpath.join(folder, node.value))


def generated_secrets(file: ScannedFile) -> tuple[SecretFact, ...]:
    """The Secrets the kustomization's `secretGenerator` makes, as the pull-secret index holds
    Secret manifests: a workload's imagePullSecrets name one as written. Kustomize names the
    Secret NAME-<hash of its content> (unless `disableNameSuffixHash`, in the generator's
    `options` or the kustomization's `generatorOptions`) and rewrites the references of its own
    build only: such a Secret is named so by the workloads of the kustomization's resources (and
    its patches, inline or the files it names), not by a manifest applied on its own. The namespace is the
    kustomization's (its transformer sets every resource's), else the generator's, else the
    default. The type is the generator's; without one a data key `.dockerconfigjson` or
    `.dockercfg` says it, as in a Secret manifest, else Opaque; a generator that merges into or
    replaces a base's Secret (`behavior: merge`, `replace`) keeps that Secret's type: unknown."""
    from .index import SecretFact
    from .model import DOCKER_TYPES, REGISTRY_KEYS, literal

    out: list[SecretFact] = []
    for doc in file.yaml_documents:
        gens = get(doc, "secretGenerator")
        if not isinstance(gens, SequenceNode):
            continue
        ns_node = get(doc, "namespace")
        hashed_by_default = not _disables_hash(get(doc, "generatorOptions"))
        folder = posixpath.dirname(file.path)
        scope = (file.path, *_resources(folder, doc), *_patch_files(folder, doc))
        for gen in gens.value:
            if not isinstance(gen, MappingNode) or get(gen, "name") is None:
                continue
            ns = literal(ns_node) if ns_node is not None else None
            by = "kustomization"
            if ns_node is None:
                own = get(gen, "namespace")
                ns = literal(own) if own is not None else file.settings.default_namespace
                by = "manifest" if own is not None else "unset"
            stype = _text(get(gen, "type"))
            if stype is None and _text(get(gen, "behavior")) not in ("merge", "replace"):
                keys = set(_data_keys(gen))
                stype = next((t for k, t in zip(REGISTRY_KEYS, DOCKER_TYPES, strict=True) if k in keys), "Opaque")
            # kustomize merges the two: either one disabling the hash disables it
            hashed = hashed_by_default and not _disables_hash(get(gen, "options"))
            out.append(SecretFact(literal(get(gen, "name")), ns, stype, "secretGenerator",
                                  scope=scope if hashed else None, namespace_by=by))
    return tuple(out)


def _disables_hash(options: Node | None) -> bool:
    flag = get(options, "disableNameSuffixHash")
    return isinstance(flag, ScalarNode) and flag.value.lower() == "true"


def in_scope(path: str, scope: tuple[str, ...] | None) -> bool:
    """Whether a workload in the file at path can name a Secret of that scope as written."""
    return scope is None or any(path == r or path.startswith(r + "/") for r in scope)


def _data_keys(gen: MappingNode) -> Iterator[str]:
    """The data keys of a generator's `literals` (`KEY=value`) and `files` (`[KEY=]path`)."""
    for field in ("literals", "files"):
        seq = get(gen, field)
        for item in seq.value if isinstance(seq, SequenceNode) else ():
            if isinstance(item, ScalarNode) and item.value:
                key, eq, _ = item.value.partition("=")
                yield key.strip() if eq else posixpath.basename(key.strip())


def _text(node: object) -> str | None:
    return node.value if isinstance(node, ScalarNode) and node.value else None


def _sets_pull(file: ScannedFile, node: object) -> bool:
    """A patch (inline, or a file it names) that writes imagePullSecrets or serviceAccountName."""
    texts: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, MappingNode):
            stack.extend(v for _, v in n.value)
        elif isinstance(n, ScalarNode) and n.value:
            texts.append(n.value)
            if "\n" not in n.value and n.value.endswith((".yaml", ".yml", ".json")) and file.source.abspath:
                texts.append(_read(os.path.join(os.path.dirname(file.source.abspath), n.value)))
    return any("imagePullSecrets" in t or "serviceAccountName" in t for t in texts)


def _read(path: str) -> str:
    watch(path)  # what the result cache must find the same to trust this file's result
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read(_MAX_PATCH)
    except OSError:
        return ""


def covering(path: str, facts: Mapping[str, KustomizeFact]) -> Iterator[KustomizeFact]:
    """The kustomizations that include the file at path (directly or by a folder they list)."""
    for k in facts.values():
        if in_scope(path, k.resources):
            yield k


def rewrite(image: str, k: KustomizeFact) -> str | None:
    """The image as the kustomization's `images:` entry rewrites it, or None when none applies."""
    base, at, digest = image.partition("@")
    name, tag = base, ""
    slash = base.rfind("/")
    colon = base.rfind(":")
    if colon > slash:
        name, tag = base[:colon], base[colon + 1 :]
    for r in k.images:
        if r.name != name:
            continue
        new = r.new_name or name
        if r.digest:
            return f"{new}@{r.digest}"
        new_tag = r.new_tag or tag
        out = f"{new}:{new_tag}" if new_tag else new
        return f"{out}@{digest}" if at and not r.new_tag else out
    return None


def inline_patch_pods(file: ScannedFile) -> tuple[PodFact, ...]:
    """Inline patches (`patches: - patch: |`, `patchesStrategicMerge: - |`) that add
    imagePullSecrets: their names, at their positions in the kustomization, for DCR021 (patch
    files are manifests, read where they are)."""
    import yaml

    from .index import NameRef, PodFact

    out: list[PodFact] = []
    for doc in file.yaml_documents:
        own = _text(get(doc, "namespace"))
        ns = own or file.settings.default_namespace
        for key in ("patches", "patchesStrategicMerge"):
            seq = get(doc, key)
            for i, item in enumerate(seq.value if isinstance(seq, SequenceNode) else ()):
                node = get(item, "patch") if isinstance(item, MappingNode) else item
                if not isinstance(node, ScalarNode) or "imagePullSecrets" not in node.value:
                    continue
                text = scalar_text(node, file.source)
                try:
                    patches = compose_text(text.text, yaml.SafeLoader)  # marks index the text
                except YamlError as e:  # its aliases expand it past a file's allowance
                    line = file.source.position(node_span(node, file.source).start)[0]
                    file.notify(f"inline patch: {e.message}", line)
                    continue
                except (yaml.YAMLError, RecursionError, ValueError):
                    continue
                for patch in patches:
                    refs = tuple(NameRef(name, text.span(s, e)) for name, s, e in _pull_names(patch))
                    if refs:
                        meta = get(patch, "metadata")
                        written = _text(get(meta, "namespace"))
                        by = "manifest" if written else "kustomization" if own else "unset"
                        out.append(PodFact(_text(get(patch, "kind")) or "patch", _text(get(meta, "name")),
                                           written or ns, "default", refs, False, (), (key, str(i)), None, 0, by))
    return tuple(out)


def _pull_names(node: Node) -> Iterator[tuple[str, int, int]]:
    """The literal names under every imagePullSecrets of a patch, with their offsets in its text."""
    for _, n in walk(node):
        if not isinstance(n, MappingNode):
            continue
        ips = get(n, "imagePullSecrets")
        for entry in ips.value if isinstance(ips, SequenceNode) else ():
            name = get(entry, "name") if isinstance(entry, MappingNode) else None
            if isinstance(name, ScalarNode) and name.value and "{" not in name.value and "$" not in name.value:
                start = name.start_mark.index + (1 if name.style in ("'", '"') else 0)
                yield name.value, start, start + len(name.value)
