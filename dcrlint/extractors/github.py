"""GitHub Actions workflows and actions: every step's `run:` with the dialect its `shell:`
selects, and an action's input that is a script it runs on a remote host; images: job
containers and services, `docker://` steps and Docker actions; `env:` entries and input
defaults, the inputs given to actions and called workflows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import (
    ACTION_INPUTS,
    ASSIGNMENTS,
    GITHUB_WORKFLOWS,
    IMAGE_REFS,
    SHELL_CONTEXTS,
    Fact,
    ImageReference,
    ShellContext,
)
from ..gha import action_inputs, assignments, build_workflows, remote_scripts, run_steps, step_dialect
from ..yamlsrc import lazy_scalar_text
from . import yaml

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    # The map of a script is built when its shell is parsed: many are only read as text.
    out = [ShellContext(lazy_scalar_text(step.run, file.source), step_dialect(step), (*step.place, "run"))
           for step in run_steps(file) if step.run is not None]
    # an action's input documented as a script it runs on a remote host (`REMOTE_SCRIPT_INPUTS`)
    out.extend(ShellContext(lazy_scalar_text(value, file.source), "sh", (*step.place, "with", name))
               for step, name, value in remote_scripts(file))
    return out


def image_refs(file: ScannedFile) -> list[ImageReference]:
    """`container` (or `container.image`) and `services.<id>.image` of each job, steps that
    run `docker://` images, and a Docker action's `runs.image` when it is one."""
    from yaml.nodes import MappingNode, ScalarNode

    from ..gha import workflows
    from ..yamlsrc import get, mapping_items

    found: list[ImageReference | None] = []
    for wf in workflows(file):
        for job in wf.jobs:
            container = job.get("container")
            if isinstance(container, MappingNode):
                found.append(yaml.image_ref(file, get(container, "image"), (*job.place, "container", "image"), job.id))
            else:
                found.append(yaml.image_ref(file, container, (*job.place, "container"), job.id))
            services = job.get("services")
            for name, service in mapping_items(services) if isinstance(services, MappingNode) else ():
                if isinstance(name, ScalarNode):
                    found.append(yaml.image_ref(file, get(service, "image"),
                                                (*job.place, "services", name.value, "image"), name.value))
        for step in wf.steps:
            user = step.job.id if step.job is not None else "action"
            found.append(yaml.image_ref(file, step.get("uses"), (*step.place, "uses"), user, "docker://"))
        if wf.is_action:
            found.append(yaml.image_ref(file, get(wf.get("runs"), "image"), ("runs", "image"), "action", "docker://"))
    return [ref for ref in found if ref is not None]


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, SHELL_CONTEXTS: shell_contexts, GITHUB_WORKFLOWS: build_workflows,
                               IMAGE_REFS: image_refs, ASSIGNMENTS: assignments, ACTION_INPUTS: action_inputs}
# Their model is the YAML nodes, walked: the file's notes are its YAML's, `inert.yaml_notes`. Not
# exported as NOTES yet (a kind needs NOTES to have its gates asked): DCR010's gate misses a secret
# set in a flow mapping (tests/test_spellings.py, "env flow mapping").
