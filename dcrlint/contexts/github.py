"""Shell in GitHub Actions: every step's `run:` with the dialect its `shell:` selects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..gha import dialect, workflows
from ..scanned import ShellContext
from ..yamlsrc import scalar_text

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    out: list[ShellContext] = []
    seen: set[int] = set()
    for wf in workflows(file):
        for step in wf.steps:
            run = step.run
            if run is None or id(run) in seen:
                continue
            seen.add(id(run))  # an anchored `run:` reused by several steps is one piece of shell
            windows = step.job.windows if step.job is not None else False
            out.append(ShellContext(scalar_text(run, file.source), dialect(step.shell(), windows),
                                    (*step.place, "run")))
    return out
