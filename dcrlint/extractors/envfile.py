"""Committed env files (`.env`, `*.env`): `NAME=value` lines, their words for the secret detectors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import SETTINGS, VALUES, Fact, Setting
from ..filevalues import line_values
from . import inert

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def settings(file: ScannedFile) -> list[Setting]:
    from ..infra.envfile import settings

    return settings(file)


FACTS: dict[Fact[Any], Any] = {VALUES: line_values, SETTINGS: settings}
# `NAME=value` lines read as text: nothing to notify.
NOTES = inert.no_notes
