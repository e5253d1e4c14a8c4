"""Maven `settings.xml`: its servers' credentials (`infra.mavensettings`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import REGISTRY_CREDENTIALS, SETTINGS, Fact, RegistryCredential, Setting
from . import inert

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    from ..infra.mavensettings import credentials

    return credentials(file)


def settings(file: ScannedFile) -> list[Setting]:
    from ..infra.mavensettings import settings

    return settings(file)


FACTS: dict[Fact[Any], Any] = {REGISTRY_CREDENTIALS: credentials, SETTINGS: settings}
# Servers found in linear time over the text (`xmlelements`): nothing to notify.
NOTES = inert.no_notes
