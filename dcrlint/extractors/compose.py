"""Docker Compose files: YAML, and the environment, build args and other values they set."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import SETTINGS, Fact, Setting
from . import yaml

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def settings(file: ScannedFile) -> list[Setting]:
    from ..infra.compose import settings

    return settings(file)


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, SETTINGS: settings}
