"""GitHub Actions workflows and composite actions as typed facts over composed YAML nodes."""

from __future__ import annotations

import re
from _weakref import ref  # the weakref module's ref, without importing it (start-up)
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .classify import FileKind
from .facts import GITHUB_WORKFLOWS, ActionInput, Assignment
from .lazyre import lazy_compile
from .records import lazy_dataclass
from .source import Span
from .yamlsrc import get, is_text, mapping_items, mark_offset, node_span, scalar_text, scalar_value

if TYPE_CHECKING:
    from .scanned import ScannedFile
    from .source import MappedText, SourceFile

if TYPE_CHECKING:
    from functools import cached_property as once
else:
    class once:
        """functools.cached_property without its lock (Python 3.11 takes one on each first
        read: thousands a scan): the value goes into the instance dict, read from there on."""

        def __init__(self, fn: Callable[[Any], Any]) -> None:
            self.fn, self.name = fn, fn.__name__
            self.__doc__ = fn.__doc__

        def __get__(self, obj: Any, owner: Any = None) -> Any:
            if obj is None:
                return self
            value = obj.__dict__[self.name] = self.fn(obj)
            return value


_ALWAYS = lazy_compile(r"\balways\s*\(\s*\)|!\s*cancelled\s*\(\s*\)", re.I)


@lazy_dataclass(frozen=True)
class EnvInsertion:
    """What a step's `env:` needs, written at `at`: `head` (a line break the file lacks, the
    `env:` line the step lacks) before any entry, then entries (name -> text, in name order;
    none for a name it already gives). Each fix writes `head` and its own entries only."""

    at: int
    head: str
    entries: dict[str, str]


@lazy_dataclass(frozen=True)
class Step:
    node: MappingNode
    place: tuple[str, ...]  # ("jobs", "build", "steps", "2")
    # The job, referred to weakly (None in a composite action): a workflow holds its jobs and
    # steps, so strong references back would make cycles that keep every file's model and YAML
    # nodes alive until the cycle collector runs (on the corpus about 165,000 objects a run, 7%
    # of a scan's time in collections).
    owner: ref[Job] | None

    def __init__(self, node: MappingNode, place: tuple[str, ...], owner: ref[Job] | None) -> None:
        # Made by the thousand (every step of every workflow): through the instance dict.
        d = self.__dict__
        d["node"] = node
        d["place"] = place
        d["owner"] = owner

    @property
    def job(self) -> Job | None:
        return None if self.owner is None else self.owner()

    def get(self, key: str) -> Node | None:
        return get(self.node, key)

    @once
    def uses(self) -> str | None:
        return scalar_value(get(self.node, "uses"))

    @once
    def action(self) -> str | None:
        """`owner/repo[/path]` of `uses:`, lower case, without the `@ref`; None for `run:` steps."""
        uses = self.uses
        if not uses or uses.startswith(("./", "docker://")):
            return uses.lower() if uses else None
        return uses.split("@", 1)[0].lower()

    def span_of(self, key: str, source: SourceFile) -> Span | None:
        """Where the step's `key` is given a scalar value (`uses:`), in the file."""
        node = get(self.node, key)
        return node_span(node, source) if isinstance(node, ScalarNode) else None

    @property
    def run_style(self) -> str:
        """How the `run:` scalar is written: "" plain, "'" or '"' quoted, "|" or ">" a block."""
        run = self.run
        return (run.style or "") if run is not None else ""

    def env_insertion(self, source: SourceFile, wanted: dict[str, str]) -> EnvInsertion | None:
        """Where and what to write so that the step's `env:` (created if need be) gives each
        name of `wanted` its value (no entry for a name it already gives), None when a name
        is taken by another value (also in the job's or workflow's `env:`, which a step entry
        would shadow) or the layout is one this cannot extend."""
        text = source.text
        env = self.get("env")
        existing = {k.value: v for k, v in _all_items(env) if isinstance(k, ScalarNode)}
        # The job's and the workflow's env reach the step too: a step env of the same name would
        # shadow them for the whole script.
        outer: dict[str, Node] = {}
        if self.job is not None:
            for scope in (self.job.workflow.get("env"), self.job.get("env")):
                outer.update({k.value: v for k, v in _all_items(scope) if isinstance(k, ScalarNode)})
        lines = {}
        for name, expr in sorted(wanted.items()):
            have = existing.get(name, outer.get(name))
            if have is None:
                lines[name] = f"{name}: {expr}"
            elif not (isinstance(have, ScalarNode) and have.value.strip() == expr):
                return None  # the name is taken by something else
        if not lines:
            return EnvInsertion(0, "", {})
        if isinstance(env, MappingNode) and env.value:
            if env.flow_style:
                close = mark_offset(source, env.end_mark) - 1
                if text[close : close + 1] != "}":
                    return None
                # `{` is special in flow style: the value is quoted
                return EnvInsertion(close, "", {name: ", " + line.replace(": ", ": '", 1) + "'"
                                                for name, line in lines.items()})
            indent = env.value[0][0].start_mark.column
            at, pre = _line_after(text, mark_offset(source, env.value[-1][1].end_mark))
            return EnvInsertion(at, pre, {name: " " * indent + line + "\n" for name, line in lines.items()})
        if env is not None or self.node.flow_style or not self.node.value:
            return None
        col = self.node.value[0][0].start_mark.column
        unit = 2
        for _, v in self.node.value:
            if isinstance(v, MappingNode) and v.value and not v.flow_style:
                unit = max(1, v.value[0][0].start_mark.column - col)
                break
        at, pre = _line_after(text, mark_offset(source, self.node.value[-1][1].end_mark))
        return EnvInsertion(at, pre + " " * col + "env:\n",
                            {name: " " * (col + unit) + line + "\n" for name, line in lines.items()})

    @once
    def run(self) -> ScalarNode | None:
        node = get(self.node, "run")
        return node if isinstance(node, ScalarNode) else None

    @property
    def always(self) -> bool:
        """Runs whatever happened before it (`if: always()`, `if: ${{ !cancelled() }}`)."""
        cond = scalar_value(get(self.node, "if"))
        return bool(cond and _ALWAYS.search(cond))

    def shell(self) -> str | None:
        """`shell:` of the step, else of the job's or workflow's `defaults.run`."""
        own = scalar_value(get(self.node, "shell"))
        if own:
            return own
        if self.job is not None:
            return self.job.default_shell()
        return None


@lazy_dataclass(frozen=True)
class Job:
    id: str
    node: MappingNode
    owner: ref[Workflow]  # weakly, as Step.owner

    def __init__(self, id: str, node: MappingNode, owner: ref[Workflow]) -> None:
        d = self.__dict__  # every job of every workflow: through the instance dict, as Step
        d["id"] = id
        d["node"] = node
        d["owner"] = owner

    @property
    def workflow(self) -> Workflow:
        workflow = self.owner()
        assert workflow is not None, "a job outlived its workflow"
        return workflow

    @once
    def place(self) -> tuple[str, ...]:
        return ("jobs", self.id)

    def get(self, key: str) -> Node | None:
        return get(self.node, key)

    @once
    def steps(self) -> list[Step]:
        """The job's steps (made once per job: do not modify the list)."""
        seq = get(self.node, "steps")
        if not isinstance(seq, SequenceNode):
            return []
        me, place = ref(self), (*self.place, "steps")
        return [Step(s, (*place, str(i)), me) for i, s in enumerate(seq.value) if isinstance(s, MappingNode)]

    def inherited_secrets(self, source: SourceFile) -> Span | None:
        """Where the job hands every secret to the workflow it calls (`secrets: inherit`)."""
        for k, v in _all_items(self.node):
            if isinstance(k, ScalarNode) and k.value == "secrets" and isinstance(v, ScalarNode) \
                    and v.value.strip() == "inherit":
                return Span(mark_offset(source, k.start_mark), mark_offset(source, v.end_mark))
        return None

    @property
    def uses(self) -> str | None:
        """The reusable workflow this job calls, if any."""
        return scalar_value(get(self.node, "uses"))

    def default_shell(self) -> str | None:
        return self._default_shell

    @once
    def _default_shell(self) -> str | None:
        own = scalar_value(get(get(get(self.node, "defaults"), "run"), "shell"))
        return own or self.workflow.default_shell()

    def runner_labels(self) -> list[str] | None:
        """Labels of `runs-on` (string, list, or `{group, labels}`); None when not literal."""
        node = get(self.node, "runs-on")
        labels: list[str] = []
        if isinstance(node, MappingNode):
            group = scalar_value(get(node, "group"))
            if group is not None:
                labels.append(f"group:{group}")
            node = get(node, "labels")
        if isinstance(node, ScalarNode):
            labels.append(node.value)
        elif isinstance(node, SequenceNode):
            labels.extend(n.value for n in node.value if isinstance(n, ScalarNode))
        elif node is not None:
            return None
        if any("${{" in label for label in labels):
            return None
        return labels

    @property
    def self_hosted(self) -> bool:
        labels = self.runner_labels()
        return bool(labels) and any(label.strip().lower() == "self-hosted" for label in labels or ())

    @once
    def windows(self) -> bool:
        labels = self.runner_labels() or []
        return any("windows" in label.lower() for label in labels)

    @once
    def run_dialect(self) -> str:
        """The shell dialect of a `run:` of the job that names no `shell:` of its own."""
        return dialect(self.default_shell(), self.windows)


@lazy_dataclass(frozen=True)
class Workflow:
    """A workflow file or a composite (or Docker) action: both hold steps."""

    node: MappingNode
    is_action: bool

    def get(self, key: str) -> Node | None:
        return get(self.node, key)

    @once
    def jobs(self) -> list[Job]:
        """The workflow's jobs (made once per workflow: do not modify the list)."""
        out = []
        for k, v in mapping_items(get(self.node, "jobs") or MappingNode("", [])):
            if isinstance(k, ScalarNode) and isinstance(v, MappingNode):
                out.append(Job(k.value, v, ref(self)))
        return out

    @once
    def action_steps(self) -> list[Step]:
        """Steps of a composite action (`runs.steps`; made once: do not modify the list)."""
        seq = get(get(self.node, "runs"), "steps")
        if not isinstance(seq, SequenceNode):
            return []
        return [Step(s, ("runs", "steps", str(i)), None)
                for i, s in enumerate(seq.value) if isinstance(s, MappingNode)]

    def default_shell(self) -> str | None:
        return self._default_shell

    @once
    def _default_shell(self) -> str | None:
        return scalar_value(get(get(get(self.node, "defaults"), "run"), "shell"))

    @once
    def steps(self) -> list[Step]:
        """Every step: of every job, or of the action (made once: do not modify the list)."""
        if self.is_action:
            return self.action_steps
        return [s for job in self.jobs for s in job.steps]


def env_of(step: Step) -> dict[str, str]:
    """The step's environment variables given a scalar, by the nearest `env:` that sets them (the
    step's, its job's, the workflow's): name -> the value as written."""
    scopes = [step.get("env")]
    job = step.job
    if job is not None:
        scopes = [job.workflow.get("env"), job.get("env"), *scopes]
    out: dict[str, str] = {}
    for scope in scopes:  # (a nearer scope's entry replaces a farther one's)
        for k, v in _all_items(scope):
            if not isinstance(k, ScalarNode):
                continue
            if isinstance(v, ScalarNode):
                out[str(k.value)] = str(v.value)
            else:
                out.pop(str(k.value), None)
    return out


def secret_env_of(step: Step) -> dict[str, str]:
    """The step's environment variables that hold a secret whole (`X: ${{ secrets.Y }}`), by the
    nearest `env:` that sets them (the step's, its job's, the workflow's): name -> the secret."""
    out: dict[str, str] = {}
    for name, value in env_of(step).items():
        m = _WHOLE_SECRET.fullmatch(value)
        if m is not None:
            out[name] = m.group(1) or m.group(2)
    return out


_WHOLE_SECRET = lazy_compile(r"""\s*\$\{\{\s*(?i:secrets)\s*"""
                             r"""(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'([^']+)'\s*\])\s*\}\}\s*""")


def _line_after(text: str, end: int) -> tuple[int, str]:
    """Insertion point after the line holding the last non-blank character before `end`,
    and the prefix needed there (a line break when the file does not end with one)."""
    p = end
    while p > 0 and text[p - 1] in " \t\r\n":
        p -= 1
    nl = text.find("\n", p)
    if nl < 0:
        return len(text), "\n"
    return nl + 1, ""


def _all_items(node: Node | None) -> list[tuple[Node, Node]]:
    return mapping_items(node) if isinstance(node, MappingNode) else []


def workflows(file: ScannedFile) -> list[Workflow]:
    """The workflow (or action) documents of a GitHub Actions file (the GITHUB_WORKFLOWS fact)."""
    return file.get(GITHUB_WORKFLOWS)


def build_workflows(file: ScannedFile) -> list[Workflow]:
    is_action = file.kind is FileKind.GITHUB_ACTION
    return [Workflow(d, is_action) for d in file.yaml_documents if isinstance(d, MappingNode)]


def run_steps(file: ScannedFile) -> list[Step]:
    """Steps with a `run:`, each piece of shell once: an anchored `run:` reused by several
    steps is one script."""
    seen: set[int] = set()
    out = []
    for wf in workflows(file):
        for step in wf.steps:
            if step.run is not None and id(step.run) not in seen:
                seen.add(id(step.run))
                out.append(step)
    return out


# What an action's input means, where its docs say it is a shell script the action runs on a
# remote host over ssh (`with: {host: ..., script: |...}`): read like a `run:` (its logins,
# what it prints to the action's log), in the remote's POSIX shell. Inputs are matched without
# case, as the runner matches them. Only inputs documented as commands, not a script's path.
REMOTE_SCRIPT_INPUTS: dict[str, frozenset[str]] = {
    "appleboy/ssh-action": frozenset({"script"}),
    "garygrossgarten/github-action-ssh": frozenset({"command"}),
    "fifsky/ssh-action": frozenset({"command"}),
    "d3rhase/ssh-command-action": frozenset({"command"}),
    "jimcronqvist/action-ssh": frozenset({"command"}),
    "cross-the-world/ssh-pipeline": frozenset({"script"}),
    "cross-the-world/ssh-scp-ssh-pipelines": frozenset({"first_ssh", "last_ssh"}),
    "easingthemes/ssh-deploy": frozenset({"script_before", "script_after"}),
}


def remote_scripts(file: ScannedFile) -> list[tuple[Step, str, ScalarNode]]:
    """The steps' inputs that are a script run on a remote host (`REMOTE_SCRIPT_INPUTS`): the
    step, the input's name as written and its value."""
    out: list[tuple[Step, str, ScalarNode]] = []
    for wf in workflows(file):
        for step in wf.steps:
            names = REMOTE_SCRIPT_INPUTS.get(step.action or "")
            if names:
                out.extend((step, k.value, v) for k, v in _items(step.get("with")) if k.value.lower() in names)
    return out


def step_dialect(step: Step) -> str:
    """The shell a step's `run:` is run with: its `shell:`, else its job's (the defaults and the
    runner's system, once per job)."""
    own = scalar_value(get(step.node, "shell"))
    if own:
        return dialect(own)
    job = step.job
    return job.run_dialect if job is not None else dialect(None)


def dialect(shell: str | None, windows: bool = False) -> str:
    """The shell dialect of a `shell:` value (bash, pwsh, `bash -e {0}`, a custom command)."""
    if not shell:
        return "pwsh" if windows else "sh"
    word = shell.strip().split()[0] if shell.strip() else ""
    name = word.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower()
    if name.endswith(".exe"):
        name = name[:-4]
    if name in ("pwsh", "powershell"):
        return "pwsh"
    if name == "cmd":
        return "cmd"
    if name.startswith("python"):
        return "python"
    from .shell import POSIX_SHELLS

    if name in POSIX_SHELLS:
        return "sh"
    return name or "sh"


def env_mappings(wf: Workflow) -> list[tuple[tuple[str, ...], Node]]:
    """Every `env:` mapping: workflow, job, step, container and service, action steps and
    Docker action `runs.env`."""
    out: list[tuple[tuple[str, ...], Node]] = []

    def add(place: tuple[str, ...], node: Node | None) -> None:
        if isinstance(node, MappingNode):
            out.append(((*place, "env"), node))

    add((), wf.get("env"))
    if wf.is_action:
        add(("runs",), get(wf.get("runs"), "env"))
    for job in wf.jobs:
        add(job.place, job.get("env"))
        container = job.get("container")
        if container is not None:
            add((*job.place, "container"), get(container, "env"))
        services = job.get("services")
        if services is not None:
            for name, svc in mapping_items(services):
                if isinstance(name, ScalarNode):
                    add((*job.place, "services", name.value), get(svc, "env"))
    for step in wf.steps:  # (most steps have no env: no call for them)
        env = get(step.node, "env")
        if isinstance(env, MappingNode):
            out.append(((*step.place, "env"), env))
    return out


# --- typed facts: assignments and action inputs (ASSIGNMENTS, ACTION_INPUTS) ---------------

_SECRET_ADVICE = "pass a secret expression instead"


def _items(node: Node | None) -> list[tuple[ScalarNode, ScalarNode]]:
    """The `name: value` pairs of a mapping whose value is a scalar (merge keys applied)."""
    if not isinstance(node, MappingNode):
        return []
    return [(k, v) for k, v in mapping_items(node) if isinstance(k, ScalarNode) and isinstance(v, ScalarNode)]


def _positions(file: ScannedFile, key: ScalarNode | None,
               node: ScalarNode) -> tuple[Callable[[], MappedText], Callable[[], Span | None]]:
    """Where the value and its name are written, worked out on first use."""
    return partial(scalar_text, node, file.source), (partial(node_span, key, file.source) if key is not None
                                                     else _nowhere)


def _nowhere() -> None:
    return None


def _assignment(file: ScannedFile, key: ScalarNode | None, node: ScalarNode, name: str, place: tuple[str, ...],
                role: str, shown: str, advice: str) -> Assignment:
    return Assignment(name, node.value, file.classifier.classify, is_text(node), place, role, shown,
                      advice, *_positions(file, key, node))


def assignments(file: ScannedFile) -> list[Assignment]:
    """Every `env:` entry (workflow, job, step, container, service, action), the registry
    password of a job's container and services, and the default of every declared input."""
    out: list[Assignment] = []
    for wf in workflows(file):
        for place, env in env_mappings(wf):
            for k, v in _items(env):
                role = "service-variable" if place[2:3] == ("services",) else "variable"
                out.append(_assignment(file, k, v, k.value, (*place, k.value), role,
                                       f"`{k.value}` in `env:`", f"use `${{{{ secrets.{k.value} }}}}` instead"))
        for job in wf.jobs:
            holders: list[tuple[tuple[str, ...], Node | None]] = [((*job.place, "container"), job.get("container"))]
            services = job.get("services")
            if isinstance(services, MappingNode):
                holders += [((*job.place, "services", n.value), svc) for n, svc in mapping_items(services)
                            if isinstance(n, ScalarNode)]
            for place, holder in holders:
                password = get(get(holder, "credentials"), "password")
                if isinstance(password, ScalarNode):
                    out.append(_assignment(file, None, password, "password", (*place, "credentials", "password"),
                                           "registry-password",
                                           f"registry password of `{'.'.join(place[2:])}` in job `{job.id}`",
                                           "use `${{ secrets.NAME }}`"))
        blocks: list[tuple[tuple[str, ...], Node | None]] = [(("inputs",), wf.get("inputs"))]
        on = wf.get("on") or wf.get("true")  # YAML 1.1 reads a bare `on` key as true
        for trigger in ("workflow_call", "workflow_dispatch"):
            blocks.append((("on", trigger, "inputs"), get(get(on, trigger), "inputs")))
        for place, block in blocks:
            if not isinstance(block, MappingNode):
                continue
            for key, declared in mapping_items(block):
                default = get(declared, "default")
                if isinstance(key, ScalarNode) and isinstance(default, ScalarNode):
                    out.append(_assignment(file, key, default, key.value, (*place, key.value, "default"),
                                           "input-default", f"input `{key.value}`", "take it from a secret instead"))
    return out


def caller_inputs(file: ScannedFile) -> list[str]:
    """The text inputs a composite action (`inputs:`) or a reusable workflow (`on.workflow_call.inputs`)
    declares: what its callers give it, read in its scripts as `${{ inputs.X }}`. Not one typed
    `boolean` or `number` (a switch or a count holds no text a secret could be in; a composite
    action's inputs are untyped strings)."""
    out: list[str] = []
    for wf in workflows(file):
        on = wf.get("on") or wf.get("true")  # YAML 1.1 reads a bare `on` key as true
        block = wf.get("inputs") if wf.is_action else get(get(on, "workflow_call"), "inputs")
        out += [k.value for k, v in mapping_items(block) if isinstance(k, ScalarNode)
                and scalar_value(get(v, "type")) not in _PLAIN_INPUT_TYPES] if isinstance(block, MappingNode) else []
    return out


_PLAIN_INPUT_TYPES = frozenset(("boolean", "number"))


def action_inputs(file: ScannedFile) -> list[ActionInput]:
    """The `with:` inputs of every step's action, and the `with:` inputs and `secrets:` a job
    hands to the reusable workflow it calls."""
    out: list[ActionInput] = []
    classify = file.classifier.classify  # on first use of an input's kind
    source = file.source

    def add(taker: str, action: str, k: ScalarNode, v: ScalarNode, place: tuple[str, ...], secret: bool,
            advice: str) -> None:
        out.append(ActionInput(taker, action, k.value, v.value, classify, is_text(v), (*place, k.value), secret,
                               advice, partial(scalar_text, v, source), partial(node_span, k, source)))

    for wf in workflows(file):
        for step in wf.steps:
            given = _items(step.get("with"))
            if not given:
                continue  # most steps
            action, place = step.action or "the action", (*step.place, "with")
            for k, v in given:
                add("action", action, k, v, place, False, _SECRET_ADVICE)
        for job in wf.jobs:
            called = job.uses or "the reusable workflow"
            for k, v in _items(job.get("with")):
                add("workflow", called, k, v, (*job.place, "with"), False,
                    "pass it under `secrets:` from a secret expression")
            for k, v in _items(job.get("secrets")):
                add("workflow", called, k, v, (*job.place, "secrets"), True, _SECRET_ADVICE)
    return out
