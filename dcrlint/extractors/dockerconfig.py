"""Docker config.json and legacy .dockercfg: auth entries and every JSON string."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import DOCKER_CONFIG, VALUES, Fact
from ..filevalues import json_values
from . import inert

if TYPE_CHECKING:
    from ..dockerauth import DockerConfig
    from ..scanned import ScannedFile


def docker_config(file: ScannedFile) -> DockerConfig | None:
    """The parsed config; None (with a notification) when it cannot be read."""
    from ..dockerauth import DockerConfigError, parse_docker_config

    try:
        return parse_docker_config(file.source.text)
    except DockerConfigError as e:
        if file.source.text.strip():
            file.notify(f"not a readable docker config: {e}")
        return None


FACTS: dict[Fact[Any], Any] = {DOCKER_CONFIG: docker_config, VALUES: json_values}


def notes(file: ScannedFile) -> bool:
    """The config's parse is its model (the values are read again from the same JSON, quietly):
    its notification when unreadable."""
    return inert.modelled(file, DOCKER_CONFIG)


NOTES = notes
