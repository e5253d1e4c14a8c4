"""Shell in Jenkinsfiles: the scripts of `sh`, `bat`, `powershell` and `pwsh` steps."""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from ..jenkins import JenkinsModel, parse
from ..scanned import ShellContext

if TYPE_CHECKING:
    from ..scanned import ScannedFile

DIALECTS = {"sh": "sh", "bat": "cmd", "powershell": "pwsh", "pwsh": "pwsh"}

_MODELS: WeakKeyDictionary[ScannedFile, JenkinsModel] = WeakKeyDictionary()


def jenkins_model(file: ScannedFile) -> JenkinsModel:
    """The file's model, built once per scanned file; lexing problems become notifications."""
    model = _MODELS.get(file)
    if model is None:
        model = parse(file.source.text)
        for offset, message in model.errors:
            file.notify(f"Groovy: {message}; the rest of the file may be misread", file.source.position(offset)[0])
        _MODELS[file] = model
    return model


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    out: list[ShellContext] = []
    for step in jenkins_model(file).steps:
        place: tuple[str, ...] = ()
        for name in step.stages:
            place += ("stage", name)
        out.append(ShellContext(step.value, DIALECTS[step.name], (*place, step.name, str(step.index))))
    return out
