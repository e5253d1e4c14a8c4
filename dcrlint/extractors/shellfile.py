"""Shell scripts: the whole file is one shell context."""

from __future__ import annotations

from typing import Any

from ..classify import script_dialect
from ..facts import SHELL_CONTEXTS, VALUES, Fact, ShellContext
from ..filevalues import line_values
from ..scanned import ScannedFile
from ..source import MappedText


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    return [ShellContext(MappedText.verbatim(file.source.text, 0), script_dialect(file.path), ("script",))]


FACTS: dict[Fact[Any], Any] = {SHELL_CONTEXTS: shell_contexts, VALUES: line_values}
# A shell parse keeps its problems in the script (Script.errors): nothing to notify
# (`inert.no_notes`). Not exported as NOTES yet (a kind needs NOTES to have its gates asked): DCR003's
# gate misses `con"fig".json` (tests/test_spellings.py).
