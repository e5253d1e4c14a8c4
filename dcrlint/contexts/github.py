"""Shell in GitHub Actions: every step's `run:` with the dialect its `shell:` selects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..gha import run_steps, step_dialect
from ..scanned import ShellContext
from ..yamlsrc import scalar_text

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    return [ShellContext(scalar_text(step.run, file.source), step_dialect(step), (*step.place, "run"))
            for step in run_steps(file) if step.run is not None]
