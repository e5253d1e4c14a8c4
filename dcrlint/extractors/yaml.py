"""YAML that is no other kind: documents and values, for the secret detectors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from yaml.nodes import ScalarNode

from .. import yamlsrc
from ..classify import FileKind
from ..facts import VALUES, YAML_DOCUMENTS, Fact, ImageReference
from ..filevalues import yaml_values
from ..yamlsrc import YamlError, composes_cleanly, scalar_text

if TYPE_CHECKING:
    from yaml.nodes import Node

    from ..scanned import ScannedFile
    from ..source import SourceFile


def yaml_documents(file: ScannedFile, source: SourceFile | None = None) -> list[Any]:
    """Composed YAML documents (PyYAML nodes with marks) of the file (or of `source`, a text of
    it with the same offsets); [] when broken (with a notification)."""
    problems: list[YamlError] = []  # documents left out; the others are read
    try:
        docs = yamlsrc.compose(source or file.source, problems)
    except YamlError as error:
        problems.append(error)
        docs = []
    for e in problems:
        # A template that is not YAML even masked is still read as text (known secret
        # formats, URLs); the scan reports all of them in one note (lint.fold_template_notes).
        message, level = yamlsrc.problem_notice(file.path, e, file.kind is FileKind.ANSIBLE)
        file.notify(message, e.line, level)
    return docs


def yaml_notes(file: ScannedFile) -> bool:
    """The notifications `yaml_documents` would give, composing only a file libyaml's parser
    refuses or one the composer could refuse (the inert path: see extractors/__init__.py)."""
    if file.extracted(YAML_DOCUMENTS):
        return True  # composed: its notifications are given
    if not composes_cleanly(file.source):
        file.yaml_documents  # noqa: B018 (composed for its notifications)
    return True


def image_ref(file: ScannedFile, node: Node | None, place: tuple[str, ...], user: str,
              prefix: str = "") -> ImageReference | None:
    """The image reference a scalar holds (after `prefix`, as `docker://`), read by the one
    parser; None for no scalar, an empty one, or one without the prefix."""
    from ..images import parse_image  # here: most YAML files name no image

    if not isinstance(node, ScalarNode) or not node.value or not node.value.startswith(prefix):
        return None
    mt = scalar_text(node, file.source)
    text, skip = node.value[len(prefix):], len(prefix)
    if not text:
        return None
    return ImageReference(text, mt.span(skip, len(mt.text)), place, user, parse_image(text))


# Every YAML kind's extractor starts from these.
FACTS: dict[Fact[Any], Any] = {YAML_DOCUMENTS: yaml_documents, VALUES: yaml_values}
NOTES = yaml_notes
