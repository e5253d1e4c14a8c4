"""Helm chart values (`values.yaml`, `values-*.yaml`): YAML, and the values it sets for names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import SETTINGS, Fact, Setting
from . import yaml

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def settings(file: ScannedFile) -> list[Setting]:
    from ..infra.helm import settings

    return settings(file)


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, SETTINGS: settings}

# Its extractors notify only what the YAML compose does (an inert file: extractors/__init__.py).
NOTES = yaml.NOTES
