"""Jenkins Configuration as Code: YAML, and its secret-named settings (`infra.jcasc`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import SETTINGS, Fact, Setting
from . import inert, yaml

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def settings(file: ScannedFile) -> list[Setting]:
    from ..infra.jcasc import settings

    return settings(file)


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, SETTINGS: settings}

# Their model is the YAML nodes, walked: the file's notes are its YAML's (inert.py).
NOTES = inert.yaml_notes
