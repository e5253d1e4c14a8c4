"""containerd's `config.toml`: its strings (as a GitLab Runner's config's, `infra.runnerconfig`)
and the registry logins its CRI plugin is configured with (`infra.containerdconfig`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import REGISTRY_CREDENTIALS, VALUES, Fact
from . import inert

_WHAT = "containerd config"

if TYPE_CHECKING:
    from ..facts import RegistryCredential
    from ..filevalues import FileValue
    from ..scanned import ScannedFile


def values(file: ScannedFile) -> list[FileValue]:
    from ..infra.runnerconfig import values

    return values(file, _WHAT)


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    from ..infra.containerdconfig import credentials
    from ..infra.tomltext import file_strings

    return credentials(file_strings(file, _WHAT), _WHAT)


FACTS: dict[Fact[Any], Any] = {VALUES: values, REGISTRY_CREDENTIALS: credentials}


def notes(file: ScannedFile) -> bool:
    """The parse is the model: its notification when the file is not TOML."""
    return inert.modelled(file, VALUES)


NOTES = notes
