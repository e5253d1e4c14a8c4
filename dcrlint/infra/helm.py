"""Helm chart values (`values.yaml`, `values-*.yaml`): a literal secret there is the chart's
default, shipped to every installation that does not override it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..facts import Setting
from ..yamlsrc import scalar_text
from .literals import scalar_pairs

if TYPE_CHECKING:
    from ..scanned import ScannedFile

ADVICE = ("every installation that does not override it gets this value (default to empty and read "
          "an existing Secret)")


def settings(file: ScannedFile) -> list[Setting]:
    out = []
    for i, doc in enumerate(file.yaml_documents):
        for pair in scalar_pairs(doc):
            out.append(Setting(pair.name, ".".join(pair.path), scalar_text(pair.value, file.source),
                               (str(i), *pair.path), "Helm values", ADVICE))
    return out
