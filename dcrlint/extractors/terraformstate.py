"""Terraform state (`*.tfstate`, `*.tfstate.backup`), read into the HCL model
(`infra.tfstate`): its strings, registry Secrets' data and registry logins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import REGISTRY_CREDENTIALS, SETTINGS, TERRAFORM, VALUES, Fact
from . import inert
from .terraform import credentials, settings, values

if TYPE_CHECKING:
    from ..infra.terraform import TerraformFacts
    from ..scanned import ScannedFile


def state(file: ScannedFile) -> TerraformFacts:
    from ..infra.tfstate import read

    return read(file)


FACTS: dict[Fact[Any], Any] = {TERRAFORM: state, REGISTRY_CREDENTIALS: credentials, SETTINGS: settings,
                               VALUES: values}


def notes(file: ScannedFile) -> bool:
    """The parse is the model: its notification when the state is not JSON."""
    return inert.modelled(file, TERRAFORM)


NOTES = notes
