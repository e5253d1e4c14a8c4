"""What a manifest adds to the pull-secret index (`k8s.index`): the pod specs of its workloads,
its ServiceAccounts and Secrets. Its own module, imported once a manifest is collected, so that
its readers (PyYAML nodes, the resource model) are imported once, not in each function: an
import statement costs about a microsecond, and these run for every resource."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..classify import FileKind
from ..facts import IMAGE_REFS, K8S_FOLDER_NAMESPACE
from ..lazyre import lazy_compile
from ..yamlsrc import get, mark_offset, may_be_template, node_span, scalar_text, template_masks
from .evidence import STORED, holds_no_registry, secret_registries
from .index import AccountFact, FileFacts, GitOpsTarget, ImageFact, NameRef, PodFact, SecretFact
from .model import DOCKER_TYPES, Resource, literal, namespace_of, pod_specs, resources, scalar

if TYPE_CHECKING:
    from ..facts import ImageReference
    from ..scanned import ScannedFile
    from ..source import SourceFile


def _name_refs(seq: Node | None, file: ScannedFile) -> tuple[NameRef, ...]:
    out = []
    if isinstance(seq, SequenceNode):
        for item in seq.value:
            name = get(item, "name") if isinstance(item, MappingNode) else None
            if isinstance(name, ScalarNode):
                if name.value:
                    span = scalar_text(name, file.source).span(0, len(name.value))
                else:
                    span = node_span(name, file.source)
                # (a name a script fills in, `<pull-secret-name>`, names no object yet)
                out.append(NameRef(None if _FILLED_IN.fullmatch(name.value) else literal(name), span))
    return tuple(out)


# A name written as a slot for a script or a person to fill in (`<pull-secret-name>`, `[name]`,
# `__NAME__`, `@NAME@`, `%NAME%`): characters no Kubernetes object's name holds.
_FILLED_IN = lazy_compile(r"<[^<>]*>|\[[^\[\]]*\]|__[\w.-]+__|@[\w.-]+@|%[\w.-]+%")


# Annotations asking a controller to copy a Secret into other namespaces (kubernetes-reflector,
# kubernetes-replicator, kubed), each with the values that turn it on (None: any value, kubed's
# `sync: ""` too): its copies may be in any namespace, as a ClusterExternalSecret's Secrets.
_REPLICATION: dict[str, frozenset[str] | None] = {
    "reflector.v1.k8s.emberstack.com/reflection-allowed": frozenset({"true"}),
    "reflector.v1.k8s.emberstack.com/reflection-auto-enabled": frozenset({"true"}),
    "replicator.v1.mittwald.de/replicate-to": None,
    "replicator.v1.mittwald.de/replicate-to-matching": None,
    "replicator.v1.mittwald.de/replication-allowed": frozenset({"true"}),
    "kubed.appscode.com/sync": None,
}


def _replicated(resource: Resource) -> bool:
    """Whether the Secret's annotations (a SealedSecret's template's too) have it copied into
    other namespaces."""
    node = resource.node
    for meta in (get(node, "metadata"), get(get(get(node, "spec"), "template"), "metadata")):
        notes = get(meta, "annotations")
        if not isinstance(notes, MappingNode):
            continue
        for k, v in notes.value:
            if isinstance(k, ScalarNode) and k.value in _REPLICATION:
                values = _REPLICATION[k.value]
                value = scalar(v)
                if values is None or (value is not None and value.strip().lower() in values):
                    return True
    return False


def _secret_type(resource: Resource) -> str | None:
    node = resource.node
    if resource.kind == "Secret":
        t = scalar(get(node, "type"))
        if t:
            return t
        data_keys: set[str] = set()
        for key in ("data", "stringData"):
            m = get(node, key)
            if isinstance(m, MappingNode):
                data_keys.update(k.value for k, _ in m.value if isinstance(k, ScalarNode))
        if ".dockerconfigjson" in data_keys:
            return DOCKER_TYPES[0]
        if ".dockercfg" in data_keys:
            return DOCKER_TYPES[1]
        return "Opaque"
    if resource.kind == "SealedSecret":
        return scalar(get(get(get(node, "spec"), "template"), "type"))
    return None


def _first_key_offset(spec: MappingNode, file: ScannedFile) -> tuple[int | None, int]:
    if spec.flow_style or not spec.value:
        return None, 0
    key = spec.value[0][0]
    for k, _ in spec.value:
        if k.start_mark.line < key.start_mark.line or (
            k.start_mark.line == key.start_mark.line and k.start_mark.column < key.start_mark.column
        ):
            key = k
    return mark_offset(file.source, key.start_mark), key.start_mark.column


def _namespace_by(resource: Resource, file: ScannedFile) -> str:
    """Where `namespace_of` takes the resource's namespace from (`index.NAMESPACE_BY`)."""
    if scalar(resource.namespace_node):
        return "manifest"
    if file.get(K8S_FOLDER_NAMESPACE):
        return "kustomization"
    # A Go template is rendered, then installed in a namespace its command line gives (a Helm
    # release's): what it writes nowhere is the release's.
    return "release" if may_be_template(file.source.text) else "unset"


def _path(text: str | None) -> str | None:
    """A source path as written, normalized: None when templated, the repository's root, or
    outside it."""
    if text is None or "{" in text or "$" in text:
        return None
    path = posixpath.normpath(text.strip().strip("/"))
    return None if path in (".", "") or path.startswith("..") else path


def _gitops_targets(res: Resource) -> list[GitOpsTarget]:
    """The folders a GitOps resource applies and the namespace it gives what they hold: an Argo
    CD Application's `source.path` (or each of its `sources`), an ApplicationSet's template's, or
    its git generators' `directories` (a glob: the folders under its fixed part), when its
    destination names a namespace (given to resources that write none); a Flux Kustomization's
    `path` with a `targetNamespace` (which replaces any written one)."""
    if res.kind not in ("Kustomization", "Application", "ApplicationSet"):
        return []
    spec = get(res.node, "spec")
    if res.api_version.startswith("kustomize.toolkit.fluxcd.io/"):
        target = get(spec, "targetNamespace")
        path = _path(scalar(get(spec, "path")))
        if res.kind != "Kustomization" or target is None or path is None:
            return []
        return [GitOpsTarget(path, literal(target), True)]
    if not res.api_version.startswith("argoproj.io/") or res.kind == "Kustomization":
        return []
    app = get(get(spec, "template"), "spec") if res.kind == "ApplicationSet" else spec
    dest = get(get(app, "destination"), "namespace")
    if dest is None:
        return []
    sources = [get(app, "source")]
    many = get(app, "sources")
    if isinstance(many, SequenceNode):
        sources += many.value
    paths = [p for src in sources if (p := _path(scalar(get(src, "path"))))]
    if res.kind == "ApplicationSet" and not paths:
        paths = [p for glob in _directories(get(spec, "generators")) if (p := _path(_fixed_part(glob)))]
    return [GitOpsTarget(p, literal(dest), False) for p in paths]


def _directories(generators: Node | None) -> list[str]:
    """The `directories[].path` globs of git generators, however nested (matrix, merge), but
    those excluded."""
    from ..yamlsrc import YamlError, walk

    out: list[str] = []
    try:
        for _, node in walk(generators) if generators is not None else ():
            dirs = get(node, "directories") if isinstance(node, MappingNode) else None
            for item in dirs.value if isinstance(dirs, SequenceNode) else ():
                path = scalar(get(item, "path"))
                if path and scalar(get(item, "exclude")) not in ("true", "True"):
                    out.append(path)
    except YamlError:  # aliases past the walk's budget: the directories read so far
        pass
    return out


def _fixed_part(glob: str) -> str:
    """The folder a glob's matches are all under: the folders before its first wildcard."""
    cut = next((i for i, c in enumerate(glob) if c in "*?["), None)
    return glob if cut is None else glob[:cut].rpartition("/")[0]


def _manifest_images(file: ScannedFile) -> list[ImageReference]:
    """The images of the file's pod specs: a manifest's and a script's IMAGE_REFS; another file's
    (a CI file's are its jobs' images) those of the manifests its shell applies."""
    if file.kind in (FileKind.KUBERNETES, FileKind.SHELL):
        return file.get(IMAGE_REFS)
    from ..extractors.applied import image_refs

    return image_refs(file)


def manifest_facts(file: ScannedFile) -> FileFacts:
    pods: list[PodFact] = []
    accounts: list[AccountFact] = []
    secrets: list[SecretFact] = []
    evidence: list[tuple[str, str]] = []
    deploys: list[GitOpsTarget] = []
    images_at = {img.place: img for img in _manifest_images(file)}
    specs = {id(spec.resource): spec for spec in pod_specs(file)}
    for res in resources(file):
        # The namespace only of what the index holds: most documents (a Service, a ConfigMap)
        # hold nothing, and a namespace not written means a look at the folder's kustomization.
        if res.kind == "ServiceAccount":
            accounts.append(AccountFact(res.name, namespace_of(res, file),
                                        _name_refs(get(res.node, "imagePullSecrets"), file), "manifest", res.place,
                                        _namespace_by(res, file)))
            continue
        if res.kind in ("Secret", "SealedSecret"):
            stype = _secret_type(res)
            held = tuple(secret_registries(res)) if res.kind == "Secret" and stype in DOCKER_TYPES else None
            secrets.append(SecretFact(res.name, namespace_of(res, file), stype, res.kind, held,
                                      held == () and holds_no_registry(res), namespace_by=_namespace_by(res, file)))
            if _replicated(res):
                secrets.append(SecretFact(res.name, None, stype, res.kind, held))  # its copies
            if held:
                evidence.extend((host, STORED) for host in held)
            continue
        if res.kind == "ExternalSecret":
            target = get(get(res.node, "spec"), "target")
            name_node = get(target, "name")
            name = literal(name_node) if name_node is not None else res.name
            t = scalar(get(get(target, "template"), "type"))
            secrets.append(SecretFact(name, namespace_of(res, file), t, res.kind,
                                      namespace_by=_namespace_by(res, file)))
            continue
        if res.kind == "ClusterExternalSecret":
            # An ExternalSecret (`externalSecretName`, else its own name) in every namespace it
            # selects: its Secret resolves its name in any namespace, as one created in a
            # namespace the scan cannot read.
            fanout = get(res.node, "spec")
            target = get(get(fanout, "externalSecretSpec"), "target")
            name_node = get(target, "name") or get(fanout, "externalSecretName")
            name = literal(name_node) if name_node is not None else res.name
            t = scalar(get(get(target, "template"), "type"))
            secrets.append(SecretFact(name, None, t, res.kind))
            continue
        spec = specs.get(id(res))
        if spec is None:
            deploys += _gitops_targets(res)
            continue
        if not spec.runs:
            continue
        images = [ImageFact(img.text, img.span, img.user, img.place, img.ref)
                  for c in spec.containers if (img := images_at.get((*c.place, "image"))) is not None]
        sa_node = get(spec.account_node, "serviceAccountName") or get(spec.account_node, "serviceAccount")
        account = literal(sa_node) if scalar(sa_node) else "default"
        ips = get(spec.pull_node, "imagePullSecrets")
        unknown = ips is not None and not isinstance(ips, SequenceNode) and scalar(ips) not in ("", None, "~", "null")
        if ips is not None and isinstance(ips, ScalarNode) and ips.tag.endswith(":null"):
            unknown = False
        if not unknown and not isinstance(ips, SequenceNode) and _template_fills(spec.node, file):
            unknown = True  # `{{- with .Values.imagePullSecrets }}`: the chart's user decides
        insert_at, indent = _first_key_offset(spec.pull_node, file) if spec.pull_node is not None else (None, 0)
        pods.append(PodFact(res.kind, res.name, namespace_of(res, file), account, _name_refs(ips, file),
                            unknown, tuple(images), spec.place, insert_at, indent, _namespace_by(res, file)))
    return FileFacts(tuple(pods), tuple(accounts), tuple(secrets), tuple(evidence), deploys=tuple(deploys))


def _template_fills(spec: MappingNode, file: ScannedFile) -> bool:
    """A Go template action alone on its lines inside the pod spec: it may write any key there
    (imagePullSecrets from the chart's values, an included pod spec)."""
    masked = template_masks(file.source)
    if masked is None or not spec.value:
        return False
    source = file.source
    start, indent = mark_offset(source, spec.start_mark), spec.value[0][0].start_mark.column
    end = _content_end(spec, source)
    # The spec goes on over the lines after its last value that are blank once masked or
    # indented at least as deep as its keys.
    lines, text = source.line_starts, masked.text
    line = source.position(end)[0]
    while line < len(lines):
        body = text[lines[line] : lines[line + 1] if line + 1 < len(lines) else len(text)]
        if body.strip() and len(body) - len(body.lstrip(" ")) < indent:
            break
        line += 1
    region_end = lines[line] if line < len(lines) else len(text)
    inline = set(masked.inline)
    for a in masked.actions:
        if a in inline or not start <= a.start < region_end:
            continue
        if a.start < end or source.position(a.start)[1] - 1 >= indent:
            return True
    return False


def _content_end(node: Node, source: SourceFile) -> int:
    """Offset after the last scalar under node (a collection's end mark is at the next token,
    past any blank or masked lines after it)."""
    while isinstance(node, (MappingNode, SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return mark_offset(source, node.end_mark)
