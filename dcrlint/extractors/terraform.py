"""Terraform files (`*.tf`, `*.tfvars`) and Packer templates (`*.pkr.hcl`, `*.pkrvars.hcl`),
parsed once with tree-sitter-hcl (`infra.terraform`); Packer's legacy JSON templates, read into
the same model (`infra.packerjson`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import (
    REGISTRY_CREDENTIALS,
    SETTINGS,
    SHELL_CONTEXTS,
    TERRAFORM,
    VALUES,
    Fact,
    RegistryCredential,
    Setting,
    ShellContext,
)
from . import inert

if TYPE_CHECKING:
    from ..filevalues import FileValue
    from ..infra.terraform import TerraformFacts
    from ..scanned import ScannedFile


def terraform(file: ScannedFile) -> TerraformFacts:
    if file.source.path.lower().endswith(".json"):  # a legacy Packer template: the same model in JSON
        from ..infra.packerjson import read as read_json

        return read_json(file)
    from ..infra.terraform import read

    return read(file)


def _facts(file: ScannedFile) -> TerraformFacts:
    from ..infra.terraform import TerraformFacts

    return file.get(TERRAFORM) or TerraformFacts()


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    return _facts(file).credentials


def settings(file: ScannedFile) -> list[Setting]:
    return _facts(file).settings


def values(file: ScannedFile) -> list[FileValue]:
    return _facts(file).values


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    """The scripts machines run at boot (`user_data` heredocs with a shell's shebang ...) and the
    containers' shell of manifests handed to `yamldecode()` / `jsondecode()`, read now: the
    file's read only noted where they are."""
    facts = _facts(file)
    out = [ctx for script in facts.boot_scripts for ctx in script()]
    if facts.decoded:
        from .kubernetes import embedded_contexts

        for document, place in facts.decoded:
            text = document()
            if text is not None and text.text.strip():
                out += embedded_contexts(text, place)
    return out


FACTS: dict[Fact[Any], Any] = {TERRAFORM: terraform, REGISTRY_CREDENTIALS: credentials, SETTINGS: settings,
                               VALUES: values, SHELL_CONTEXTS: shell_contexts}



def notes(file: ScannedFile) -> bool:
    """The syntax error the read notifies: the parse is the model (read once, for every check
    that reads it; False if reading raises, as blocks nested past recursion would)."""
    return inert.modelled(file, TERRAFORM)


NOTES = notes
