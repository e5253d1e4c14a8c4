"""Shell scripts: the whole file is one shell context."""

from __future__ import annotations

from ..scanned import ScannedFile, ShellContext
from ..source import MappedText


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    return [ShellContext(MappedText.verbatim(file.source.text, 0), "sh", ("script",))]
