"""CI systems whose configuration is YAML, described as data: where each keeps its scripts,
its variables, the inputs of its plugins and its registry credentials. One generic walker
reads every system from its entry; adding a system is adding an entry.

Places are written as regular expressions over a value's key path, keys joined with `/`
(`/jobs/build/steps/0/run`; a `/` inside a key reads `%2F`, merge keys `<<` are left out).
A named group `name` gives the variable's name; without it the name is the sibling `name:`
(list forms such as `- name: X` / `value: Y`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from yaml.nodes import Node, ScalarNode, SequenceNode

from .classify import FileKind
from .yamlsrc import YamlError, get, walk

if TYPE_CHECKING:
    from .scanned import ScannedFile

# The nodes above a script (nearest first) and the document: the dialect they select.
Dialect = Callable[[tuple[Node, ...], Node], str]


def _fixed(dialect: str) -> Dialect:
    return lambda above, root: dialect


def _by_shell_option(key: str) -> Dialect:
    """A `shell:`-like option of the step (or of the document's `env:`) naming the interpreter."""
    def pick(above: tuple[Node, ...], root: Node) -> str:
        value = get(above[0] if above else None, key) or get(get(root, "env"), key)
        return shell_dialect(value.value if isinstance(value, ScalarNode) else "")
    return pick


def shell_dialect(interpreter: str) -> str:
    name = interpreter.lower()
    if "pwsh" in name or "powershell" in name:
        return "pwsh"
    if name.startswith("cmd") or name.endswith("cmd.exe") or name == "batch":
        return "cmd"
    return "sh"


def _azure_task(above: tuple[Node, ...], root: Node) -> str:
    """Inline script input of a task (`inputs:` then the step above it): the task and its
    `scriptType` say which shell runs it."""
    del root
    inputs, step = (above[0], above[1]) if len(above) > 1 else (None, None)
    task = get(step, "task")
    kind = get(inputs, "scriptType")
    name = task.value.lower() if isinstance(task, ScalarNode) else ""
    if isinstance(kind, ScalarNode) and kind.value:
        return "pwsh" if kind.value.lower() in ("ps", "pscore") else shell_dialect(kind.value)
    return "pwsh" if "powershell" in name or "pwsh" in name else "sh"


@dataclass(frozen=True)
class CiSystem:
    kind: FileKind
    title: str
    secret_store: str  # how the system's own docs say to keep a secret, for messages
    scripts: tuple[tuple[str, Dialect], ...]  # a scalar, or a list of scalars run one per line
    variables: tuple[str, ...] = ()  # NAME: value assignments (environment, variables, defaults)
    variable_lines: tuple[str, ...] = ()  # scalars of `NAME=value` words (`env: - A=1 B=2`)
    inputs: tuple[str, ...] = ()  # options of plugins, pipes, orbs, tasks, deploy providers
    registry_passwords: tuple[str, ...] = ()  # the password of an image's registry credentials


_ANY = r"(?:^|.*/)"  # any place in the document
_NAME = r"(?P<name>[A-Za-z_][^/]*)"

SYSTEMS: dict[FileKind, CiSystem] = {s.kind: s for s in (
    CiSystem(
        FileKind.AZURE_PIPELINES, "Azure Pipelines",
        "a secret variable (pipeline setting or variable group) passed to the step through `env:`",
        scripts=(
            (_ANY + r"steps/\d+/(script|bash)$", _fixed("sh")),
            (_ANY + r"steps/\d+/(pwsh|powershell)$", _fixed("pwsh")),
            (_ANY + r"steps/\d+/inputs/(script|inlineScript|Inline)$", _azure_task),
        ),
        variables=(
            _ANY + r"steps/\d+/env/" + _NAME + "$",
            _ANY + r"variables/" + _NAME + "$",
            _ANY + r"variables/\d+/value$",
            _ANY + r"parameters/\d+/default$",
        ),
        inputs=(
            _ANY + r"steps/\d+/inputs/" + _NAME + "$",
            _ANY + r"(steps|jobs|stages)/\d+/parameters/" + _NAME + "$",
            _ANY + r"extends/parameters/" + _NAME + "$",
        ),
    ),
    CiSystem(
        FileKind.CIRCLECI, "CircleCI",
        "a project or context environment variable (`$NAME`)",
        # A `run` item of any list: job steps, pre-/post-steps, parameters of type steps.
        scripts=((_ANY + r"\d+/run$", _fixed("sh")),
                 (_ANY + r"\d+/run/command$", _by_shell_option("shell"))),
        variables=(
            _ANY + r"environment/" + _NAME + "$",
            _ANY + r"parameters/" + _NAME + "/default$",
        ),
        inputs=(
            _ANY + r"(steps|pre-steps|post-steps)/\d+/(?!run/)[^/]+/" + _NAME + "$",
            _ANY + r"workflows/[^/]+/jobs/\d+/[^/]+/" + _NAME + "$",
        ),
        registry_passwords=(_ANY + r"docker/\d+/auth/password$",
                            _ANY + r"docker/\d+/aws_auth/aws_secret_access_key$"),
    ),
    CiSystem(
        FileKind.BITBUCKET_PIPELINES, "Bitbucket Pipelines",
        "a secured repository, workspace or deployment variable (`$NAME`)",
        scripts=((_ANY + r"step/(script|after-script)$", _fixed("sh")),),
        variables=(
            _ANY + r"services/[^/]+/variables/" + _NAME + "$",
            _ANY + r"variables/\d+/default$",
        ),
        inputs=(_ANY + r"(script|after-script)/\d+/variables/" + _NAME + "$",),
        # An image's registry credentials, also of a pipe's own image.
        registry_passwords=(_ANY + r"(image|(script|after-script)/\d+)/password$",
                            _ANY + r"(image|(script|after-script)/\d+)/aws/secret-key$"),
    ),
    CiSystem(
        FileKind.DRONE, "Drone",
        "a secret referenced with `from_secret:`",
        scripts=((_ANY + r"(steps|services)/\d+/commands$", _fixed("sh")),),
        variables=(_ANY + r"environment/" + _NAME + "$",),
        inputs=(_ANY + r"steps/\d+/settings/" + _NAME + "$",),
    ),
    CiSystem(
        FileKind.BUILDKITE, "Buildkite",
        "a Buildkite secret or the agent's environment hook, read as `$NAME`",
        scripts=((_ANY + r"steps/\d+/(command|commands)$", _fixed("sh")),),
        variables=(_ANY + r"env/" + _NAME + "$",),
        variable_lines=(_ANY + r"plugins/(\d+/)?[^/]+/(environment|env)/\d+$",),
        inputs=(_ANY + r"plugins/\d+/[^/]+/" + _NAME + "$", _ANY + r"plugins/(?!\d+/)[^/]+/" + _NAME + "$"),
    ),
    CiSystem(
        FileKind.TRAVIS, "Travis CI",
        "an encrypted value (`travis encrypt`, `secure:`) or a repository setting",
        scripts=((_ANY + r"(before_install|install|before_script|script|after_success|after_failure"
                  r"|after_script|before_deploy|after_deploy|before_cache)$", _fixed("sh")),),
        variable_lines=(_ANY + r"env(/(global|jobs|matrix))?(/\d+)?$",),
        inputs=(_ANY + r"deploy/(\d+/)?" + _NAME + "$",),
    ),
    CiSystem(
        FileKind.CODEBUILD, "AWS CodeBuild",
        "`env.secrets-manager` or `env.parameter-store`",
        scripts=((r"^/phases/[^/]+/(commands|finally)$", _by_shell_option("shell")),),
        variables=(r"^/env/variables/" + _NAME + "$",),
    ),
)}


def _key(node: str | int) -> str:
    return str(node).replace("%", "%25").replace("/", "%2F")


def path_text(path: tuple[str | int, ...]) -> str:
    """A key path as the table's patterns read it."""
    return "".join("/" + _key(p) for p in path if p != "<<")


def place_label(path: tuple[str | int, ...]) -> str:
    """A key path as messages show it: `jobs.build.steps[2].run`."""
    out = ""
    for p in path:
        if p == "<<":
            continue
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


@dataclass(frozen=True)
class Script:
    node: Node  # a scalar, or a list of scalars
    dialect: str
    place: tuple[str, ...]


@dataclass(frozen=True)
class Assignment:
    """A value given to a name: a variable, an environment entry, a plugin input."""

    name: str
    node: ScalarNode
    place: tuple[str, ...]
    label: str  # where, as messages show it
    role: str  # "variable", "input", "registry-password"
    line_value: tuple[int, int] | None = None  # for `NAME=value` words: the value's range in the scalar


@dataclass(frozen=True)
class CiFacts:
    system: CiSystem
    scripts: tuple[Script, ...]
    assignments: tuple[Assignment, ...]


@dataclass(frozen=True)
class _Compiled:
    scripts: tuple[tuple[re.Pattern[str], Dialect], ...]
    roles: tuple[tuple[re.Pattern[str], str], ...]
    lines: tuple[re.Pattern[str], ...]


_COMPILED: dict[FileKind, _Compiled] = {}


def _compiled(system: CiSystem) -> _Compiled:
    c = _COMPILED.get(system.kind)
    if c is None:
        roles = [(re.compile(p), "registry-password") for p in system.registry_passwords]
        roles += [(re.compile(p), "input") for p in system.inputs]
        roles += [(re.compile(p), "variable") for p in system.variables]
        c = _COMPILED[system.kind] = _Compiled(
            tuple((re.compile(p), d) for p, d in system.scripts), tuple(roles),
            tuple(re.compile(p) for p in system.variable_lines))
    return c


_WORD_ASSIGNMENT = re.compile(r"""(?P<name>[A-Za-z_]\w*)=(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)'|(?P<bare>\S*))""")


def _line_assignments(node: ScalarNode) -> Iterator[tuple[str, tuple[int, int]]]:
    """(name, range of the value) of each `NAME=value` word of a scalar."""
    for m in _WORD_ASSIGNMENT.finditer(node.value):
        if m.start() and not node.value[m.start() - 1].isspace():
            continue
        group = "dq" if m.group("dq") is not None else "sq" if m.group("sq") is not None else "bare"
        yield m.group("name"), (m.start(group), m.end(group))


# The name of an environment variable as plugins and orbs take it: upper case with an underscore.
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


def _names_a_variable(holder: Node | None) -> bool:
    """A parameter declared to hold the name of an environment variable (CircleCI `env_var_name`)."""
    kind = get(holder, "type")
    return isinstance(kind, ScalarNode) and kind.value == "env_var_name"


def ci_facts(file: ScannedFile) -> CiFacts | None:
    """Scripts and assignments of a CI file of one of the SYSTEMS (the CI_FACTS fact)."""
    from .facts import CI_FACTS

    return file.get(CI_FACTS)


def build_ci_facts(file: ScannedFile) -> CiFacts | None:
    """Scripts and assignments of a CI file of one of the SYSTEMS, found once per file."""
    system = SYSTEMS.get(file.kind)
    facts = None
    if system is not None:
        try:
            facts = _extract(file, system)
        except YamlError as e:
            file.notify(e.message, e.line)
    return facts


def _extract(file: ScannedFile, system: CiSystem) -> CiFacts:
    compiled = _compiled(system)
    scripts: list[Script] = []
    assignments: list[Assignment] = []
    seen: set[tuple[int, str]] = set()  # an anchored value used at several places counts once
    for i, doc in enumerate(file.yaml_documents):
        by_path: dict[tuple[str | int, ...], Node] = {}
        for path, node in walk(doc):
            by_path[path] = node
            if not isinstance(node, (ScalarNode, SequenceNode)) or not path:
                continue
            text = path_text(path)
            place = (str(i), *(str(p) for p in path))
            for pattern, dialect in compiled.scripts:
                if pattern.match(text) and (id(node), "script") not in seen:
                    seen.add((id(node), "script"))
                    above = tuple(n for k in (1, 2) if (n := by_path.get(path[:-k])) is not None)
                    scripts.append(Script(node, dialect(above, doc), place))
                    break
            if not isinstance(node, ScalarNode):
                continue
            for pattern, role in compiled.roles:
                m = pattern.match(text)
                if m is None:
                    continue
                name = m.groupdict().get("name")
                if name is None:  # a variable: the sibling `name:` of a list item; else the key itself
                    name_node = get(by_path.get(path[:-1]), "name") if role == "variable" else None
                    name = name_node.value if isinstance(name_node, ScalarNode) else _key(path[-1])
                if (id(node), role) in seen or _names_a_variable(by_path.get(path[:-1])):
                    break
                if role == "input" and _ENV_NAME.fullmatch(node.value):
                    break  # an orb's `env_var_name` parameter, a plugin's `*-env` option: where the secret is
                seen.add((id(node), role))
                name = name.replace("%2F", "/").replace("%25", "%")
                assignments.append(Assignment(name, node, place, place_label(path[:-1]), role))
                break
            else:
                if any(p.match(text) for p in compiled.lines) and (id(node), "lines") not in seen:
                    seen.add((id(node), "lines"))
                    for name, where in _line_assignments(node):
                        assignments.append(Assignment(name, node, (*place, name), place_label(path),
                                                      "variable", where))
    return CiFacts(system, tuple(scripts), tuple(assignments))
