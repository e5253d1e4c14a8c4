"""Shell in GitHub Actions: every step's `run:` with the dialect its `shell:` selects."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import GITHUB_WORKFLOWS, SHELL_CONTEXTS, Fact, ShellContext
from ..gha import build_workflows, run_steps, step_dialect
from ..yamlsrc import scalar_text
from . import yaml

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    return [ShellContext(scalar_text(step.run, file.source), step_dialect(step), (*step.place, "run"))
            for step in run_steps(file) if step.run is not None]


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, SHELL_CONTEXTS: shell_contexts, GITHUB_WORKFLOWS: build_workflows}
