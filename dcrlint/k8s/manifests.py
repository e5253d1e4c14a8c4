"""What a manifest adds to the pull-secret index (`k8s.index`): the pod specs of its workloads,
its ServiceAccounts and Secrets. Its own module, imported once a manifest is collected, so that
its readers (PyYAML nodes, the resource model) are imported once, not in each function: an
import statement costs about a microsecond, and these run for every resource."""

from __future__ import annotations

from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..facts import IMAGE_REFS
from ..yamlsrc import get, mark_offset, node_span, scalar_text, template_masks
from .evidence import STORED, holds_no_registry, secret_registries
from .index import AccountFact, FileFacts, ImageFact, NameRef, PodFact, SecretFact
from .model import DOCKER_TYPES, Resource, literal, namespace_of, pod_specs, resources, scalar

if TYPE_CHECKING:
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
                out.append(NameRef(literal(name), span))
    return tuple(out)


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


def manifest_facts(file: ScannedFile) -> FileFacts:
    pods: list[PodFact] = []
    accounts: list[AccountFact] = []
    secrets: list[SecretFact] = []
    evidence: list[tuple[str, str]] = []
    images_at = {img.place: img for img in file.get(IMAGE_REFS)}
    specs = {id(spec.resource): spec for spec in pod_specs(file)}
    for res in resources(file):
        # The namespace only of what the index holds: most documents (a Service, a ConfigMap)
        # hold nothing, and a namespace not written means a look at the folder's kustomization.
        if res.kind == "ServiceAccount":
            accounts.append(AccountFact(res.name, namespace_of(res, file),
                                        _name_refs(get(res.node, "imagePullSecrets"), file), "manifest", res.place))
            continue
        if res.kind in ("Secret", "SealedSecret"):
            stype = _secret_type(res)
            held = tuple(secret_registries(res)) if res.kind == "Secret" and stype in DOCKER_TYPES else None
            secrets.append(SecretFact(res.name, namespace_of(res, file), stype, res.kind, held,
                                      held == () and holds_no_registry(res)))
            if held:
                evidence.extend((host, STORED) for host in held)
            continue
        if res.kind == "ExternalSecret":
            target = get(get(res.node, "spec"), "target")
            name_node = get(target, "name")
            name = literal(name_node) if name_node is not None else res.name
            t = scalar(get(get(target, "template"), "type"))
            secrets.append(SecretFact(name, namespace_of(res, file), t, res.kind))
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
        if spec is None or not spec.runs:
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
                            unknown, tuple(images), spec.place, insert_at, indent))
    return FileFacts(tuple(pods), tuple(accounts), tuple(secrets), tuple(evidence))


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
