"""What DCR022 and DCR023 share about values in Kubernetes manifests: which are literals as a
manifest holds them, and where a value is in the file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazyre import lazy_compile
from ..values import ValueKind, classify

if TYPE_CHECKING:
    from yaml.nodes import ScalarNode

    from ..scanned import ScannedFile
    from ..source import Span

_ENC = lazy_compile(r"^ENC\[")


def is_literal(value: str, file: ScannedFile) -> bool:
    """A literal as a manifest holds it: YAML or JSON data, where `$` inside a word is text;
    not SOPS ciphertext (`ENC[...]`)."""
    if _ENC.match(value.strip()):
        return False
    return classify(value, file.settings.placeholders, literal_dollar=True) is ValueKind.LITERAL


def value_span(node: ScalarNode, file: ScannedFile) -> Span:
    """The scalar's value (inside its quotes), or the node when the value is empty."""
    from ..yamlsrc import node_span, scalar_text

    mt = scalar_text(node, file.source)
    return mt.span(0, len(mt.text)) if mt.text else node_span(node, file.source)
