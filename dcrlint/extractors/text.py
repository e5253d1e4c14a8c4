"""Files of settings or notes (`.conf`, `.properties`, `.npmrc`, `.txt`, key files): the words of
each line, for the rules that apply in any file (URLs with passwords, known secret formats)."""

from __future__ import annotations

from typing import Any

from ..facts import VALUES, Fact
from ..filevalues import line_values
from . import inert

FACTS: dict[Fact[Any], Any] = {VALUES: line_values}
# Lines read as text: nothing to notify.
NOTES = inert.no_notes
