"""What DCR022, DCR023 and DCR050 share about values in Kubernetes manifests: which are literals
as a manifest holds them, where a value is in the file, a Secret's data decoded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..facts import K8S_RESOURCES
from ..lazyre import lazy_compile
from ..values import ValueKind, classify

if TYPE_CHECKING:
    from yaml.nodes import ScalarNode

    from ..k8s.model import Resource
    from ..scanned import ScannedFile
    from ..source import MappedText, Span

_ENC = lazy_compile(r"^ENC\[")


def is_literal(value: str, file: ScannedFile) -> bool:
    """A literal as a manifest holds it: YAML or JSON data, where `$` inside a word is text;
    not SOPS ciphertext (`ENC[...]`)."""
    if _ENC.match(value.strip()):
        return False
    return classify(value, file.settings.placeholders, literal_dollar=True) is ValueKind.LITERAL


def value_span(node: ScalarNode, file: ScannedFile, inside: MappedText | None = None) -> Span:
    """The scalar's value (inside its quotes), or the node when the value is empty. `inside`:
    the text the node was read from (an annotation's JSON, `applied_secrets`), its marks
    indexing that text, mapped through it to the file."""
    from ..yamlsrc import node_span, scalar_text

    if inside is not None:
        q = 1 if node.style in ("'", '"') else 0
        start = node.start_mark.index + q
        return inside.span(start, max(start, node.end_mark.index - q))
    mt = scalar_text(node, file.source)
    return mt.span(0, len(mt.text)) if mt.text else node_span(node, file.source)


def template_word(node: ScalarNode, file: ScannedFile) -> tuple[str, Span] | None:
    """In a chart's template, the word a scalar that is one Go template action falls back to
    (`{{ .Values.db.password | default "word" | quote }}`, `references.template_default`: what every
    install without the value gets), and where it is; else None."""
    from ..references import template_default
    from ..source import Span

    if node.style not in (None, "", "'") or "{{" not in file.source.text:
        return None  # (an action is written plain or single-quoted: its own quotes are `"`)
    span = value_span(node, file)
    found = template_default(file.source.text[span.start : span.end])
    if found is None:
        return None
    start, end = span.start + found[0], span.start + found[1]
    return file.source.text[start:end], Span(start, end)


# What `kubectl apply` keeps of the object it was given: the object, as JSON, in this annotation.
# A Secret exported from a cluster (`kubectl get secret -o yaml`) carries its data there in
# plaintext, also when the file's own data is encrypted (SOPS encrypts `data` and `stringData`,
# never the metadata).
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
APPLIED = "its last-applied-configuration annotation's "  # said before the field of such a Secret


def applied_secrets(file: ScannedFile, res: Resource) -> list[tuple[Resource, MappedText]]:
    """The Secrets a resource's last-applied-configuration annotation holds, each with the text
    its nodes' marks index (mapped to the file)."""
    from yaml.nodes import ScalarNode

    from ..yamlsrc import get

    node = get(get(res.node, "metadata"), "annotations")
    applied = get(node, LAST_APPLIED) if node is not None else None
    if not isinstance(applied, ScalarNode) or "Secret" not in applied.value:
        return []  # (asked of every resource: the rest is imported only past this test)
    import yaml

    from ..k8s.model import collect_resources
    from ..yamlsrc import YamlError, compose_text, scalar_text

    text = scalar_text(applied, file.source)
    try:
        docs = compose_text(text.text, yaml.SafeLoader)  # JSON, which YAML reads; marks index the text
    except (yaml.YAMLError, YamlError, RecursionError, ValueError):
        return []  # not the object (a template, cut short): nothing read
    found: list[Resource] = []
    for doc in docs:
        collect_resources(doc, (*res.place, "metadata", "annotations", LAST_APPLIED), found)
    return [(inner, text) for inner in found if inner.kind == "Secret"]


def decoded_secret_data(file: ScannedFile) -> Iterator[tuple[Resource, str, str, Span]]:
    """Each `data` entry of the file's Secrets decoded from base64 (those that decode): the
    Secret, the key, the text and where the value is; none in a SOPS file (ciphertext)."""
    resources = file.get(K8S_RESOURCES)
    if not resources:
        return  # (a script applying no manifest: the manifest model is not loaded)
    from ..k8s.model import data_entries, decode_data, is_sops
    from ..yamlsrc import get

    if any(is_sops(r) for r in resources):
        return
    for res in resources:
        if res.kind != "Secret":
            continue
        for key, value in data_entries(get(res.node, "data")):
            text, _ = decode_data(value, "data")
            if text:
                yield res, key.value, text, value_span(value, file)
