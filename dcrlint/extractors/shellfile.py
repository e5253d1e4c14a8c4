"""Shell scripts: the whole file is one shell context."""

from __future__ import annotations

from typing import Any

from ..facts import SHELL_CONTEXTS, VALUES, Fact, ShellContext
from ..filevalues import line_values
from ..scanned import ScannedFile
from ..source import MappedText


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    return [ShellContext(MappedText.verbatim(file.source.text, 0), "sh", ("script",))]


FACTS: dict[Fact[Any], Any] = {SHELL_CONTEXTS: shell_contexts, VALUES: line_values}
