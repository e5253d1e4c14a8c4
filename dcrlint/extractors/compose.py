"""Docker Compose files: YAML, the environment, build args and other values they set, and the
images of their services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import IMAGE_REFS, SETTINGS, Fact, ImageReference, Setting
from . import inert, yaml

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def settings(file: ScannedFile) -> list[Setting]:
    from ..infra.compose import settings

    return settings(file)


def image_refs(file: ScannedFile) -> list[ImageReference]:
    """`services.<name>.image` of every document."""
    from yaml.nodes import MappingNode, ScalarNode

    from ..yamlsrc import get, mapping_items

    out: list[ImageReference] = []
    for i, doc in enumerate(file.yaml_documents):
        services = get(doc, "services")
        for name, service in mapping_items(services) if isinstance(services, MappingNode) else ():
            if isinstance(name, ScalarNode):
                place = (str(i), "services", name.value, "image")
                ref = yaml.image_ref(file, get(service, "image"), place, name.value)
                if ref is not None:
                    out.append(ref)
    return out


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, SETTINGS: settings, IMAGE_REFS: image_refs}

# Their model is the YAML nodes, walked: the file's notes are its YAML's (inert.py).
NOTES = inert.yaml_notes
