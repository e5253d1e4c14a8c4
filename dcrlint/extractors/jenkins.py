"""Shell in Jenkinsfiles: the scripts of `sh`, `bat`, `powershell` and `pwsh` steps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import JENKINS_MODEL, SHELL_CONTEXTS, VALUES, Fact, ShellContext
from ..filevalues import groovy_values
from ..jenkins import MAX_DEPTH, JenkinsModel, parse

if TYPE_CHECKING:
    from ..scanned import ScannedFile

DIALECTS = {"sh": "sh", "bat": "cmd", "powershell": "pwsh", "pwsh": "pwsh"}

def jenkins_model(file: ScannedFile) -> JenkinsModel:
    """The file's model (the JENKINS_MODEL fact, built once per scanned file)."""
    model = file.get(JENKINS_MODEL)
    return model if model is not None else parse("")


def build_model(file: ScannedFile) -> JenkinsModel:
    """The model of a Jenkinsfile; lexing problems become notifications."""
    model = parse(file.source.text)
    for offset, message in model.errors:
        file.notify(f"Groovy: {message}; the rest of the file may be misread", file.source.position(offset)[0])
    if model.too_deep_at is not None:
        file.notify(f"Groovy: blocks nested more than {MAX_DEPTH} deep; the deeper part is not scanned",
                    file.source.position(model.too_deep_at)[0])
    return model


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    out: list[ShellContext] = []
    for step in jenkins_model(file).steps:
        place: tuple[str, ...] = ()
        for name in step.stages:
            place += ("stage", name)
        out.append(ShellContext(step.value, DIALECTS[step.name], (*place, step.name, str(step.index))))
    return out


FACTS: dict[Fact[Any], Any] = {JENKINS_MODEL: build_model, SHELL_CONTEXTS: shell_contexts, VALUES: groovy_values}
