"""The cross-file index for image pull secrets: small picklable facts collected per file
(pod specs, ServiceAccounts, Secrets, `kubectl` commands), joined in one pass at the end."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..classify import FileKind
from ..facts import IMAGE_REFS
from ..records import lazy_dataclass, replace
from ..source import Span
from ..values import ValueKind
from .clients import may_run_kubectl
from .evidence import STORED, file_evidence, registry_host, secret_registries

# The manifest side (PyYAML nodes, the Kubernetes model) is imported by the functions that
# read manifests: a shell script's logins and kubectl commands are indexed without YAML.
if TYPE_CHECKING:
    from yaml.nodes import MappingNode, Node

    from ..images import ImageRef
    from ..scanned import ScannedFile
    from ..shell.model import Command, Word
    from ..source import SourceFile
    from .kustomize import KustomizeFact
    from .model import Resource


@lazy_dataclass(frozen=True)
class NameRef:
    name: str | None  # None: written, but not a literal (templated, a variable)
    span: Span


@lazy_dataclass(frozen=True)
class ImageFact:
    image: str
    span: Span
    container: str
    place: tuple[str, ...]
    ref: ImageRef | None  # the image read by `images.parse_image`


@lazy_dataclass(frozen=True)
class PodFact:
    kind: str
    name: str | None
    namespace: str | None  # None: templated
    account: str | None  # serviceAccountName (else "default"); None: templated
    pull_secrets: tuple[NameRef, ...]
    pull_secrets_unknown: bool  # imagePullSecrets written but not a plain list
    images: tuple[ImageFact, ...]
    place: tuple[str, ...]
    insert_at: int | None  # offset of the pod spec's first key (block style), for the fix
    indent: int


@lazy_dataclass(frozen=True)
class AccountFact:
    name: str | None  # None: unknown name (a variable): may be any account
    namespace: str | None
    pull_secrets: tuple[NameRef, ...]
    origin: str  # "manifest", "kubectl create", "kubectl patch"
    place: tuple[str, ...] = ()


@lazy_dataclass(frozen=True)
class SecretFact:
    name: str | None  # None: unknown name
    namespace: str | None
    type: str | None  # None: unknown (SealedSecret/ExternalSecret without a template type)
    origin: str
    # Registries it holds credentials for (from its docker config, or kubectl's
    # --docker-server); None: cannot be known from the repository (sealed, templated).
    registries: tuple[str, ...] | None = None


@lazy_dataclass(frozen=True)
class FileFacts:
    pods: tuple[PodFact, ...] = ()
    accounts: tuple[AccountFact, ...] = ()
    secrets: tuple[SecretFact, ...] = ()
    # (registry host, "login" or "stored"): registries the file shows need credentials
    evidence: tuple[tuple[str, str], ...] = ()
    kustomization: KustomizeFact | None = None  # what a kustomization changes about its workloads

    def __bool__(self) -> bool:
        return bool(self.pods or self.accounts or self.secrets or self.evidence or self.kustomization)


def _name_refs(seq: Node | None, file: ScannedFile) -> tuple[NameRef, ...]:
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    from ..yamlsrc import get, node_span, scalar_text
    from .model import literal

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
    from yaml.nodes import MappingNode, ScalarNode

    from ..yamlsrc import get
    from .model import DOCKER_TYPES, scalar

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
    from ..yamlsrc import mark_offset

    if spec.flow_style or not spec.value:
        return None, 0
    key = spec.value[0][0]
    for k, _ in spec.value:
        if k.start_mark.line < key.start_mark.line or (
            k.start_mark.line == key.start_mark.line and k.start_mark.column < key.start_mark.column
        ):
            key = k
    return mark_offset(file.source, key.start_mark), key.start_mark.column


def _manifest_facts(file: ScannedFile) -> FileFacts:
    from yaml.nodes import ScalarNode, SequenceNode

    from ..yamlsrc import get
    from .model import DOCKER_TYPES, literal, namespace_of, pod_specs, resources, scalar

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
            secrets.append(SecretFact(res.name, namespace_of(res, file), stype, res.kind, held))
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
    from ..yamlsrc import mark_offset, template_masks

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
    from yaml.nodes import MappingNode, SequenceNode

    from ..yamlsrc import mark_offset

    while isinstance(node, (MappingNode, SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return mark_offset(source, node.end_mark)


# --------------------------------------------------------------------------- kubectl

# kubectl options that take a separate value
_VALUE_OPTS = frozenset({
    "-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "-o", "--output",
    "-p", "--patch", "--type", "--docker-server", "--docker-username", "--docker-password",
    "--docker-email", "--from-file", "--from-literal", "--from-env-file", "-f", "--filename",
    "-l", "--selector", "-s", "--server", "--token", "--as", "--as-group", "--request-timeout",
    "--field-manager", "--cert", "--key", "--template", "--patch-file", "--subresource",
})


@lazy_dataclass
class _Kubectl:
    positional: list[Word]
    options: dict[str, Word]


def _kubectl(cmd: Command) -> _Kubectl | None:
    if cmd.name.rsplit("/", 1)[-1] not in ("kubectl", "oc") or not cmd.words:
        return None
    pos: list[Word] = []
    opts: dict[str, Word] = {}
    args = cmd.args
    i = 0
    from ..shell.model import slice_word

    while i < len(args):
        w = args[i]
        t = w.text
        if t.startswith("--") and "=" in t:
            opts[t[: t.index("=")]] = slice_word(w, t.index("=") + 1)
        elif t in _VALUE_OPTS and i + 1 < len(args):
            opts[t] = args[i + 1]
            i += 1
        elif len(t) > 2 and t[:2] in ("-n", "-p", "-o", "-f", "-l") and not t.startswith("--"):
            opts[t[:2]] = slice_word(w, 3 if t[2] == "=" else 2)
        elif not t.startswith("-"):
            pos.append(w)
        i += 1
    return _Kubectl(pos, opts)


def _lit(word: Word | None) -> str | None:
    if word is None or word.kind not in (ValueKind.LITERAL, ValueKind.PLACEHOLDER):
        return None
    return word.text


def _patch_pull_secrets(text: str) -> list[str | None] | None:
    """imagePullSecrets names set by a strategic/merge (JSON or YAML) or JSON patch."""
    import yaml

    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    names: list[str | None] = []

    def take(items: Any) -> None:
        for it in items if isinstance(items, list) else [items]:
            if isinstance(it, dict):
                n = it.get("name")
                names.append(n if isinstance(n, str) and "$" not in n else None)

    if isinstance(data, dict) and "imagePullSecrets" in data:
        take(data["imagePullSecrets"])
    elif isinstance(data, list):
        for op in data:
            if isinstance(op, dict) and str(op.get("path", "")).startswith("/imagePullSecrets") \
                    and op.get("op") in ("add", "replace"):
                take(op.get("value"))
    else:
        return None
    return names


def _command_facts(file: ScannedFile) -> tuple[list[AccountFact], list[SecretFact]]:
    from .model import DOCKER_TYPES

    accounts: list[AccountFact] = []
    secrets: list[SecretFact] = []
    default_ns = file.settings.default_namespace
    for ctx, script in file.shell_scripts:
        for cmd in script.commands:
            k = _kubectl(cmd)
            if k is None or len(k.positional) < 2:
                continue
            verb = [w.text for w in k.positional]
            ns_word = k.options.get("-n") or k.options.get("--namespace")
            ns = _lit(ns_word) if ns_word is not None else default_ns
            if verb[0] == "create" and verb[1] == "secret" and len(verb) >= 4:
                stype = {"docker-registry": DOCKER_TYPES[0], "tls": "kubernetes.io/tls",
                         "generic": "Opaque"}.get(verb[2])
                if stype is None:
                    continue
                t = k.options.get("--type")
                if t is not None:
                    stype = _lit(t) or None
                server = k.options.get("--docker-server")
                host = registry_host(_lit(server) or "") if server is not None else "docker.io"  # kubectl's default
                held = (host,) if host is not None and verb[2] == "docker-registry" else None
                secrets.append(SecretFact(_lit(k.positional[3]), ns, stype, "kubectl", held))
            elif verb[0] == "create" and verb[1] in ("serviceaccount", "sa") and len(verb) >= 3:
                accounts.append(AccountFact(_lit(k.positional[2]), ns, (), "kubectl create"))
            elif verb[0] == "patch":
                name: Word | None = None
                if verb[1] in ("serviceaccount", "sa", "serviceaccounts") and len(verb) >= 3:
                    name = k.positional[2]
                elif re.match(r"(serviceaccounts?|sa)/", verb[1]):
                    from ..shell.model import slice_word

                    name = slice_word(k.positional[1], verb[1].index("/") + 1)
                patch = k.options.get("-p") or k.options.get("--patch")
                if name is None or patch is None:
                    continue
                names = _patch_pull_secrets(patch.text)
                if not names:
                    continue
                refs = tuple(NameRef(n, patch.span) for n in names)
                accounts.append(AccountFact(_lit(name), ns, refs, "kubectl patch", ctx.place))
    return accounts, secrets


def collect(file: ScannedFile) -> FileFacts | None:
    """The file's contribution to the index; None when it has nothing to add."""
    facts = _manifest_facts(file) if file.kind is FileKind.KUBERNETES else FileFacts()
    if file.kind is FileKind.KUSTOMIZATION:
        from .kustomize import inline_patch_pods, kustomize_fact

        facts = replace(facts, kustomization=kustomize_fact(file), pods=inline_patch_pods(file))
    if may_run_kubectl(file.source.text):
        accounts, secrets = _command_facts(file)
        if accounts or secrets:
            facts = FileFacts(facts.pods, facts.accounts + tuple(accounts), facts.secrets + tuple(secrets),
                              facts.evidence)
    more = file_evidence(file)
    if more:
        facts = replace(facts, evidence=tuple(sorted(set(facts.evidence + more))))
    return facts or None
