"""A GitLab Runner's `config.toml`, read with tomllib (`infra.runnerconfig`): its strings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import VALUES, Fact
from . import inert

if TYPE_CHECKING:
    from ..filevalues import FileValue
    from ..scanned import ScannedFile


def values(file: ScannedFile) -> list[FileValue]:
    from ..infra.runnerconfig import values

    return values(file)


FACTS: dict[Fact[Any], Any] = {VALUES: values}


def notes(file: ScannedFile) -> bool:
    """The parse is the model: its notification when the file is not TOML."""
    return inert.modelled(file, VALUES)


NOTES = notes
