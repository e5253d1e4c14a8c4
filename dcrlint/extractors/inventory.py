"""Ansible inventories in INI form: host and group variables as settings (`infra.inventory`),
each line's words for the secret detectors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import SETTINGS, VALUES, Fact, Setting
from ..filevalues import line_values
from . import inert

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def settings(file: ScannedFile) -> list[Setting]:
    from ..infra.inventory import settings

    return settings(file)


FACTS: dict[Fact[Any], Any] = {VALUES: line_values, SETTINGS: settings}
# `key=value` words read as text: nothing to notify.
NOTES = inert.no_notes
