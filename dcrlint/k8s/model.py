"""Kubernetes resources of one file: every document with `apiVersion` and `kind` (also inside
`List` items), the pod specs of workloads and their containers, with YAML nodes for positions."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..depends import watch
from ..facts import K8S_FOLDER_NAMESPACE, K8S_POD_SPECS, K8S_RESOURCES
from ..lazyre import lazy_compile
from ..records import lazy_dataclass
from ..values import ValueKind, classify
from ..yamlsrc import get

if TYPE_CHECKING:
    from ..scanned import ScannedFile

# kind -> path from the resource to its pod spec
POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "PodTemplate": ("template", "spec"),
    "Deployment": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
CONTAINER_GROUPS = ("initContainers", "containers", "ephemeralContainers")
# Secret types of registry credentials, and the data keys that hold a docker config.
DOCKER_TYPES = ("kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg")
REGISTRY_KEYS = (".dockerconfigjson", ".dockercfg")
_MAX_LIST_DEPTH = 8


@lazy_dataclass(frozen=True)
class Resource:
    kind: str
    api_version: str
    node: MappingNode
    place: tuple[str, ...]  # ("0",) for the first document, ("0", "items", "2") in a List

    def __init__(self, kind: str, api_version: str, node: MappingNode, place: tuple[str, ...]) -> None:
        d = self.__dict__  # one per document of every manifest: through the instance dict (see source.Span)
        d["kind"] = kind
        d["api_version"] = api_version
        d["node"] = node
        d["place"] = place

    @property
    def metadata(self) -> Node | None:
        return get(self.node, "metadata")

    @property
    def name(self) -> str | None:
        """metadata.name when it is a literal, else None."""
        return literal(get(self.metadata, "name"))

    @property
    def namespace_node(self) -> Node | None:
        return get(self.metadata, "namespace")

    @property
    def title(self) -> str:
        """`Secret registry-creds`, or the kind alone when the name is not known."""
        return f"{self.kind} {self.name}" if self.name else self.kind


@lazy_dataclass(frozen=True)
class Container:
    group: str  # containers, initContainers, ephemeralContainers; Tekton steps, sidecars; Argo container, script
    index: int
    node: MappingNode
    place: tuple[str, ...]
    label: str = ""  # name when the container has none (an Argo template's container)

    @property
    def name(self) -> str:
        return scalar(get(self.node, "name")) or self.label or f"{self.group}[{self.index}]"


def secret_env(container: Container) -> list[tuple[str, str]]:
    """(name, key) of each of the container's env entries given a Secret's key
    (`valueFrom.secretKeyRef`; the key "" when not written)."""
    env = get(container.node, "env")
    out = []
    for entry in env.value if isinstance(env, SequenceNode) else ():
        source = get(entry, "valueFrom") if isinstance(entry, MappingNode) else None
        ref = get(source, "secretKeyRef") if isinstance(source, MappingNode) else None
        name = scalar(get(entry, "name")) if ref is not None else None
        if name:
            out.append((name, scalar(get(ref, "key")) or ""))
    return out


@lazy_dataclass(frozen=True)
class PodSpec:
    """Containers that run in pods, and where their pods' pull secrets and account are written:
    the pod spec itself, or (Tekton) a run's `podTemplate` and `serviceAccountName`."""

    resource: Resource
    node: MappingNode
    place: tuple[str, ...]
    containers: tuple[Container, ...]
    pull_node: MappingNode | None = None  # holds imagePullSecrets; None: nowhere to write them
    account_node: MappingNode | None = None  # holds serviceAccountName
    runs: bool = True  # False: a definition (Tekton Task, Pipeline) run under a run's account


def scalar(node: Node | None) -> str | None:
    return node.value if isinstance(node, ScalarNode) else None


def literal(node: Node | None) -> str | None:
    """The scalar's value when it is a plain literal (not templated, not a variable)."""
    v = scalar(node)
    if v is None or not _literal_text(v):
        return None
    return v


@lru_cache(maxsize=4096)  # a pure function of the text: names and namespaces repeat across a scan
def _literal_text(value: str) -> bool:
    return classify(value, ()) in (ValueKind.LITERAL, ValueKind.PLACEHOLDER)


def data_entries(node: Node | None) -> list[tuple[ScalarNode, ScalarNode]]:
    """The scalar entries of a Secret's or ConfigMap's `data` or `stringData` mapping."""
    if not isinstance(node, MappingNode):
        return []
    return [(k, v) for k, v in node.value if isinstance(k, ScalarNode) and isinstance(v, ScalarNode)]


def decode_data(value: ScalarNode, field: str) -> tuple[str | None, str | None]:
    """(text, problem) of a Secret data value: base64 decoded, or stringData as is. A value that
    does not decode is no text to check, and no scan's failure: its problem is told as a note."""
    from ..dockerauth import DockerConfigError, decode_base64

    if field == "stringData":
        return value.value, None
    padded = _PADDED_BASE64.fullmatch("".join(value.value.split())) is not None
    try:
        text = decode_base64(value.value, "value")
    except DockerConfigError as e:
        # (read leniently, `abc` decodes to two bytes; Kubernetes reads standard, padded base64
        # and refuses such a Secret: a value to be filled in, say so)
        return None, str(e) if padded else "value is not base64"
    if not padded and not _PRINTABLE.fullmatch(text):
        return None, "value is not base64"  # (`CERTIFICATE` read leniently: eight control bytes)
    return text, None  # (unpadded text, `S3E4dkxyMm1XeFR6MQ`: a password whose `==` was cut, committed all the same)


_PADDED_BASE64 = lazy_compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
_PRINTABLE = lazy_compile(r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*")


def is_sops(resource: Resource) -> bool:
    """Encrypted by SOPS: its values are ciphertext."""
    return get(resource.node, "sops") is not None


def _resources(node: Node, place: tuple[str, ...], depth: int, out: list[Resource]) -> None:
    if not isinstance(node, MappingNode):
        return
    kind, api = scalar(get(node, "kind")), scalar(get(node, "apiVersion"))
    if kind is None or api is None:
        return
    items = get(node, "items")
    if kind.endswith("List") and isinstance(items, SequenceNode) and depth < _MAX_LIST_DEPTH:
        for i, item in enumerate(items.value):
            _resources(item, (*place, "items", str(i)), depth + 1, out)
        return
    out.append(Resource(kind, api, node, place))


def collect_resources(node: Node, place: tuple[str, ...], out: list[Resource]) -> None:
    """The resources of one YAML node (a manifest embedded in another format), List items expanded."""
    _resources(node, place, 0, out)


def resources(file: ScannedFile) -> list[Resource]:
    """Every resource of the file, in document order (the K8S_RESOURCES fact)."""
    return file.get(K8S_RESOURCES)


def build_resources(file: ScannedFile) -> list[Resource]:
    found: list[Resource] = []
    for i, doc in enumerate(file.yaml_documents):
        _resources(doc, (str(i),), 0, found)
    return found


def pod_spec(resource: Resource) -> PodSpec | None:
    if resource.api_version.startswith("tekton.dev/"):
        return _tekton(resource)
    if resource.api_version.startswith("argoproj.io/"):
        return _argo(resource)
    path = POD_SPEC_PATHS.get(resource.kind)
    if path is None:
        return None
    node: Node | None = resource.node
    for key in path:
        node = get(node, key)
    if not isinstance(node, MappingNode):
        return None
    place = (*resource.place, *path)
    containers = []
    for group in CONTAINER_GROUPS:
        seq = get(node, group)
        if isinstance(seq, SequenceNode):
            for i, c in enumerate(seq.value):
                if isinstance(c, MappingNode):
                    containers.append(Container(group, i, c, (*place, group, str(i))))
    return PodSpec(resource, node, place, tuple(containers), node, node)


def _items(node: Node | None, place: tuple[str, ...]) -> list[tuple[MappingNode, tuple[str, ...]]]:
    if not isinstance(node, SequenceNode):
        return []
    return [(n, (*place, str(i))) for i, n in enumerate(node.value) if isinstance(n, MappingNode)]


def _mapping(node: Node | None) -> MappingNode | None:
    return node if isinstance(node, MappingNode) else None


# Tekton: where the task specs of each kind are, and which kinds run them (with an account).
_TEKTON_RUNS = frozenset({"TaskRun", "PipelineRun"})
_TEKTON_GROUPS = ("steps", "sidecars")


def _tekton(resource: Resource) -> PodSpec | None:
    spec = _mapping(get(resource.node, "spec"))
    if spec is None:
        return None
    place = (*resource.place, "spec")
    tasks: list[tuple[MappingNode, tuple[str, ...]]] = []
    kind = resource.kind
    if kind in ("Task", "ClusterTask"):
        tasks.append((spec, place))
    elif kind in ("TaskRun",):
        if (ts := _mapping(get(spec, "taskSpec"))) is not None:
            tasks.append((ts, (*place, "taskSpec")))
    elif kind in ("Pipeline", "PipelineRun"):
        pipeline, at = (spec, place) if kind == "Pipeline" else (_mapping(get(spec, "pipelineSpec")),
                                                                   (*place, "pipelineSpec"))
        for group in ("tasks", "finally"):
            for task, where in _items(get(pipeline, group), (*at, group)):
                if (ts := _mapping(get(task, "taskSpec"))) is not None:
                    tasks.append((ts, (*where, "taskSpec")))
    elif kind == "StepAction":  # one step, written as the spec itself
        return PodSpec(resource, spec, place, (Container("step", 0, spec, place, resource.name or ""),), runs=False)
    else:
        return None
    containers: list[Container] = []
    for ts, where in tasks:
        for group in _TEKTON_GROUPS:
            found = _items(get(ts, group), (*where, group))
            containers += [Container(group, i, c, at) for i, (c, at) in enumerate(found)]
        if (template := _mapping(get(ts, "stepTemplate"))) is not None:
            containers.append(Container("stepTemplate", 0, template, (*where, "stepTemplate")))
    if kind not in _TEKTON_RUNS:
        return PodSpec(resource, spec, place, tuple(containers), runs=False)
    # v1 PipelineRun: taskRunTemplate.{serviceAccountName,podTemplate}; TaskRun and v1beta1: on the spec.
    holder = _mapping(get(spec, "taskRunTemplate")) or spec
    # A run that gives some tasks their own account or pod template runs pods this one spec does
    # not describe: the pull-secret rules leave it alone.
    per_task = any(get(spec, key) is not None for key in ("taskRunSpecs", "serviceAccountNames"))
    return PodSpec(resource, spec, place, tuple(containers), _mapping(get(holder, "podTemplate")), holder,
                   runs=not per_task)


_ARGO_KINDS = frozenset({"Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow"})


def _argo(resource: Resource) -> PodSpec | None:
    if resource.kind not in _ARGO_KINDS:
        return None
    path = ("spec", "workflowSpec") if resource.kind == "CronWorkflow" else ("spec",)
    spec: Node | None = resource.node
    for key in path:
        spec = get(spec, key)
    if not isinstance(spec, MappingNode):
        return None
    place = (*resource.place, *path)
    containers: list[Container] = []
    for template, at in _items(get(spec, "templates"), (*place, "templates")):
        label = scalar(get(template, "name")) or ""
        for group in ("container", "script"):
            if (c := _mapping(get(template, group))) is not None:
                containers.append(Container(group, 0, c, (*at, group), label))
        for group in ("initContainers", "sidecars"):
            containers += [Container(group, i, c, where) for i, (c, where) in enumerate(_items(get(template, group),
                                                                                             (*at, group)))]
        group_at = (*at, "containerSet", "containers")
        containers += [Container("containerSet", i, c, where) for i, (c, where) in
                       enumerate(_items(get(get(template, "containerSet"), "containers"), group_at))]
    # A cluster-wide template runs in whichever namespace submits it: its account is not known here.
    runs = resource.kind != "ClusterWorkflowTemplate"
    return PodSpec(resource, spec, place, tuple(containers), spec, spec, runs=runs)


def pod_specs(file: ScannedFile) -> list[PodSpec]:
    """The pod specs of the file's resources (the K8S_POD_SPECS fact: built once per file, for
    its shell, its images, the pull-secret index and DCR023)."""
    return file.get(K8S_POD_SPECS)


def build_pod_specs(file: ScannedFile) -> list[PodSpec]:
    return [p for r in resources(file) if (p := pod_spec(r)) is not None]


_NS_LINE = lazy_compile(r"""^namespace:[ \t]*["']?([A-Za-z0-9][-A-Za-z0-9.]*)["']?[ \t]*(?:#.*)?$""", re.M)


def kustomization_namespace(folder: str) -> str | None:
    """`namespace:` of the kustomization in a folder (a cheap line match, no YAML parse)."""
    for name in ("kustomization.yaml", "kustomization.yml", "Kustomization"):
        path = os.path.join(folder, name)
        watch(path)  # what the result cache must find the same to trust this file's result
        try:
            st = os.stat(path)
        except OSError:
            continue
        return _kustomization_namespace(path, st.st_mtime_ns, st.st_size)
    return None


@lru_cache(maxsize=256)
def _kustomization_namespace(path: str, mtime_ns: int, size: int) -> str | None:
    from ..reading import Unreadable, read_bytes

    try:
        text = read_bytes(path, 200_000).decode("utf-8", "replace")
    except Unreadable:  # not a regular file, or larger than a kustomization ever is
        return None
    m = _NS_LINE.search(text)
    return m.group(1) if m else None


def namespace_of(resource: Resource, file: ScannedFile) -> str | None:
    """metadata.namespace; else the folder's kustomization namespace; else the configured
    default. None when the namespace is written but not a literal (templated)."""
    node = resource.namespace_node
    if node is not None and scalar(node):
        return literal(node)
    ns = file.get(K8S_FOLDER_NAMESPACE)  # one look at the folder per file, not per resource
    return ns or file.settings.default_namespace


def folder_namespace(file: ScannedFile) -> str | None:
    """The namespace of the kustomization in the file's folder, if any."""
    return kustomization_namespace(os.path.dirname(file.source.abspath)) if file.source.abspath else None
