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
from functools import partial
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .classify import FileKind
from .containerargv import Argv, login_argv
from .facts import ActionInput, Assignment
from .records import lazy_dataclass
from .secretnames import names_a_user
from .values import CREDENTIAL_VARIABLE
from .valueshapes import written_name
from .yamlsrc import YamlError, get, is_text, mapping_items, node_span, scalar_text, walk

if TYPE_CHECKING:
    from .scanned import ScannedFile
    from .source import MappedText, SourceFile, Span

# The nodes above a script (nearest first, up to the document) and the document: the dialect
# they select ("": the node is not run as a script).
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


# Programs a Cloud Build step's `entrypoint` may name that run `args: [-c, SCRIPT]` as shell.
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh"})


def shell_c(shell: object, flag: object) -> bool:
    """A shell (`sh`, `/bin/bash`) and its `-c` option (`-c`, `-ec`): the next word is a script."""
    if not isinstance(shell, str) or not isinstance(flag, str):
        return False
    return shell.rsplit("/", 1)[-1] in _SHELLS and flag.startswith("-") and "c" in flag[1:] and flag[1:].isalpha()


def _cloud_build_args(above: tuple[Node, ...], root: Node) -> str:
    """The second of a step's `args` is a script when the first is a shell's `-c` (`-c`, `-ec`)
    and the step's `entrypoint` is a shell; else the args are another program's ("")."""
    args, step = (above[0], above[1]) if len(above) > 1 else (None, None)
    first = args.value[0] if isinstance(args, SequenceNode) and args.value else None
    entry = get(step, "entrypoint")
    if not isinstance(first, ScalarNode) or not isinstance(entry, ScalarNode):
        return ""
    return "sh" if shell_c(entry.value, first.value) else ""


def _cloud_build_shell_args(above: tuple[Node, ...], root: Node) -> str:
    """The third of a step's `args` is a script when the step names no `entrypoint` and its
    args begin with a shell and its `-c` (`args: [bash, -c, SCRIPT]`): the image runs them as
    its command, as `entrypoint: bash` with `args: [-c, SCRIPT]` would."""
    args, step = (above[0], above[1]) if len(above) > 1 else (None, None)
    if get(step, "entrypoint") is not None or not isinstance(args, SequenceNode) or len(args.value) < 3:
        return ""
    shell, flag = args.value[0], args.value[1]
    if not isinstance(shell, ScalarNode) or not isinstance(flag, ScalarNode):
        return ""
    return "sh" if shell_c(shell.value, flag.value) else ""


def _task_run_args(flag_at: int) -> Dialect:
    """A Concourse task's `run.args` item after the shell's `-c`: a script when `run.path` is a
    shell and the args before it are that `-c` (`path: sh, args: [-ec, SCRIPT]`) and options
    (`args: [-e, -u, -c, SCRIPT]`); else the args are another program's ("")."""
    def pick(above: tuple[Node, ...], root: Node) -> str:
        args, run = (above[0], above[1]) if len(above) > 1 else (None, None)
        path = get(run, "path")
        if not isinstance(args, SequenceNode) or not isinstance(path, ScalarNode) or len(args.value) <= flag_at:
            return ""
        before = args.value[: flag_at + 1]
        if not all(isinstance(n, ScalarNode) and n.value.startswith("-") for n in before):
            return ""
        return "sh" if shell_c(path.value, before[-1].value) else ""
    return pick


def _shell_entry_script(above: tuple[Node, ...], root: Node) -> str:
    """The first word of a step's `command` is a script when its `entrypoint` is a shell and its
    `-c` (`entrypoint: [sh, -c]`: Drone runs the entry point's words, then the command's)."""
    del root
    entry = get(above[1] if len(above) > 1 else None, "entrypoint")
    words = [n.value for n in entry.value if isinstance(n, ScalarNode)] if isinstance(entry, SequenceNode) else []
    if len(words) != 2:
        return ""
    return "sh" if shell_c(words[0], words[1]) else ""


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
    if "powershell" in name or "pwsh" in name:
        return "pwsh"
    return "cmd" if name.startswith("cmdline") and _azure_windows(above) else "sh"


def _azure_script(above: tuple[Node, ...], root: Node) -> str:
    """`script:` runs cmd.exe on a Windows agent, bash elsewhere."""
    return "cmd" if _azure_windows(above) else "sh"


def _azure_windows(above: tuple[Node, ...]) -> bool:
    """The nearest `pool:` above names a Windows image (`windows-latest`, `vs2017-win2016`)."""
    for node in above:
        pool = get(node, "pool")
        if pool is not None:
            image = get(pool, "vmImage")
            return isinstance(image, ScalarNode) and any(w in image.value.lower() for w in ("windows", "win20", "vs20"))
    return False


@lazy_dataclass(frozen=True)
class CiSystem:
    kind: FileKind
    title: str
    secret_store: str  # how the system's own docs say to keep a secret, for messages
    scripts: tuple[tuple[str, Dialect], ...]  # a scalar, or a list of scalars run one per line
    variables: tuple[str, ...] = ()  # NAME: value assignments (environment, variables, defaults)
    variable_lines: tuple[str, ...] = ()  # scalars of `NAME=value` words (`env: - A=1 B=2`)
    inputs: tuple[str, ...] = ()  # options of plugins, pipes, orbs, tasks, deploy providers
    registry_passwords: tuple[str, ...] = ()  # the password of an image's registry credentials
    # NAME: value settings of a service container the job starts for itself (a database for the
    # tests): read before `variables`, which may hold them too.
    services: tuple[str, ...] = ()
    # Inputs that take the name of credentials the system stores (a service connection): their
    # value is that name, never the secret, whatever the input is called.
    stored: tuple[str, ...] = ()
    # Template parameters named as such an input (`externalFeedCredentials`), which a template
    # passes on to it: their default is a service connection's name too.
    stored_parameters: str = ""
    # Where a parameter's type is declared (group `name`), and the type of one that holds the
    # name of an environment variable: pasting it pastes a name (`$<< parameters.x >>` is `$X`).
    parameter_types: str = ""
    variable_name_type: str = ""
    # Types whose values hold no text a secret could be in (a switch, a count, one of listed
    # words): pasting such a parameter pastes no secret, whatever it is called.
    plain_types: frozenset[str] = frozenset()
    runner: Runner | None = None  # runners that keep state between jobs (DCR014), if the file says
    # Steps that run their image's program with an argument list, no shell (containerargv.py):
    # the pattern of the list and, in its step, the keys of the image, of the entry point, and
    # of a script that, when written, runs instead.
    argv: tuple[tuple[str, str, str, str], ...] = ()
    # Where the definition declares a variable its scripts get a secret in: group `scope` is the
    # part of the path whose scripts get it (empty: the document's), group `name` the variable
    # (else the scalar's value is its name).
    secret_variables: tuple[str, ...] = ()
    # The system's escape for text its config processing would otherwise take as its own
    # (CircleCI's `\<<` for a literal `<<`): the script the shell gets has it without the escape.
    literal_escape: str = ""
    # The system's own variables, filled in before the shell runs (Concourse's `((name))`, from
    # a credential manager): the shell gets a value where the pattern is written.
    pasted: str = ""
    # A template of one of the definition's own variables, filled in before the shell runs
    # (Task's `{{.NAME}}`): the shell gets that variable's value, read as its expansion (group 1
    # the name), so what a command does with it is read (`echo "{{.API_TOKEN}}"` prints it).
    templated: str = ""


@lazy_dataclass(frozen=True)
class Runner:
    """Where a login stays on the runner: which jobs run on one that keeps its state (a
    self-hosted agent, a shell runner), what one job is, and which scripts always run."""

    # A test on each mapping above a script, nearest first, then the document: True or False
    # decides, None asks further up (nothing said: a fresh machine or container).
    keeps_state: Callable[[Node], bool | None]
    job: str  # pattern: the part of a script's path that names its job ("" for the document)
    # The script runs whatever happened before it: the nodes above it (nearest first) and its key.
    always: Callable[[tuple[Node, ...], str], bool]
    logout_where: str  # where the logout goes, for messages


def _words(node: Node | None) -> list[str]:
    if isinstance(node, ScalarNode):
        return [node.value]
    if isinstance(node, SequenceNode):
        return [n.value for n in node.value if isinstance(n, ScalarNode)]
    return []


def _azure_pool(m: Node) -> bool | None:
    """A named agent pool is self-hosted (except the hosted one, "Azure Pipelines"); a
    `vmImage` is a fresh Microsoft-hosted machine."""
    pool = get(m, "pool")
    if pool is None:
        return None
    if get(pool, "vmImage") is not None:
        return False
    name = pool if isinstance(pool, ScalarNode) else get(pool, "name")
    if not isinstance(name, ScalarNode) or not name.value or "$" in name.value:
        return None  # a template decides: unknown
    return str(name.value).strip().lower() != "azure pipelines"


def _drone_type(m: Node) -> bool | None:
    """`type: exec` and `ssh` pipelines run on the host; docker and kubernetes in containers."""
    if get(m, "kind") is None:
        return None
    kind = get(m, "type")
    return isinstance(kind, ScalarNode) and kind.value in ("exec", "ssh")


def _bitbucket_runs_on(m: Node) -> bool | None:
    """A self-hosted shell runner (Linux shell, macOS, Windows) keeps state; Docker runners do not."""
    labels = [w.lower() for w in _words(get(m, "runs-on"))]
    if not labels:
        return None
    return "self.hosted" in labels and any(w in ("linux.shell", "macos", "windows") for w in labels)


def _circleci_machine(m: Node) -> bool | None:
    """A machine job on a self-hosted runner (`resource_class: namespace/name`)."""
    rc = get(m, "resource_class")
    if not isinstance(rc, ScalarNode):
        return None
    return "/" in str(rc.value) and get(m, "machine") is not None


def _condition_always(above: tuple[Node, ...], key: str) -> bool:
    return any(isinstance(c := get(n, "condition"), ScalarNode) and "always()" in c.value for n in above)


def _drone_always(above: tuple[Node, ...], key: str) -> bool:
    return any("failure" in _words(get(get(n, "when"), "status")) for n in above)


def _after_script(above: tuple[Node, ...], key: str) -> bool:
    return key == "after-script"


def _when_always(above: tuple[Node, ...], key: str) -> bool:
    return any(isinstance(w := get(n, "when"), ScalarNode) and w.value == "always" for n in above)


_ANY = r"(?:^|.*/)"  # any place in the document
# A plugin's name that says it reads a secret store (`gcp-secret-manager`, `aws-sm`, `vault-secrets`).
_SECRET_STORE = r"(?i:secret|vault|aws-sm|ssm|parameter-store|1password|key-?vault)"
_NAME = r"(?P<name>[A-Za-z_][^/]*)"

SYSTEMS: dict[FileKind, CiSystem] = {s.kind: s for s in (
    CiSystem(
        FileKind.AZURE_PIPELINES, "Azure Pipelines",
        "a secret variable (pipeline setting or variable group) passed to the step through `env:`",
        scripts=(
            (_ANY + r"steps/\d+/script$", _azure_script),
            (_ANY + r"steps/\d+/bash$", _fixed("sh")),
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
        # A task's input named for what its credentials are for (`publishFeedCredentials`,
        # `externalFeedCredentials` of the NuGet and .NET tasks) takes service connections by
        # name: the task reads the secret from the connection.
        stored=(_ANY + r"steps/\d+/inputs/[A-Za-z]+Credentials?$",),
        stored_parameters=r"[A-Za-z]+Credentials?",
        runner=Runner(_azure_pool, r"^(.*/jobs/\d+)/", _condition_always, "a step with `condition: always()`"),
    ),
    CiSystem(
        FileKind.CIRCLECI, "CircleCI",
        "a project or context environment variable (`$NAME`)",
        # A `run` item of any list: job steps, pre-/post-steps, parameters of type steps.
        scripts=((_ANY + r"\d+/run$", _fixed("sh")),
                 (_ANY + r"\d+/run/command$", _by_shell_option("shell"))),
        services=(_ANY + r"docker/[1-9]\d*/environment/" + _NAME + "$",),  # the first image is the job's own
        variables=(
            _ANY + r"environment/" + _NAME + "$",
            _ANY + r"parameters/" + _NAME + "/default$",
        ),
        parameter_types=_ANY + r"parameters/" + _NAME + "/type$", variable_name_type="env_var_name",
        plain_types=frozenset(("boolean", "integer", "enum")),
        inputs=(
            _ANY + r"(steps|pre-steps|post-steps)/\d+/(?!run/)[^/]+/" + _NAME + "$",
            _ANY + r"workflows/[^/]+/jobs/\d+/[^/]+/" + _NAME + "$",
        ),
        registry_passwords=(_ANY + r"docker/\d+/auth/password$",
                            _ANY + r"docker/\d+/aws_auth/aws_secret_access_key$"),
        runner=Runner(_circleci_machine, r"^(/jobs/[^/]+)/", _when_always, "a `run` step with `when: always`"),
        # `<< x >>` is a parameter wherever it is written; `\<<` is a `<<` (a here-document's).
        literal_escape="\\<<",
    ),
    CiSystem(
        FileKind.BITBUCKET_PIPELINES, "Bitbucket Pipelines",
        "a secured repository, workspace or deployment variable (`$NAME`)",
        scripts=((_ANY + r"step/(script|after-script)$", _fixed("sh")),),
        services=(_ANY + r"services/[^/]+/variables/" + _NAME + "$",),
        variables=(_ANY + r"variables/\d+/default$",),
        inputs=(_ANY + r"(script|after-script)/\d+/variables/" + _NAME + "$",),
        # An image's registry credentials, also of a pipe's own image.
        registry_passwords=(_ANY + r"(image|(script|after-script)/\d+)/password$",
                            _ANY + r"(image|(script|after-script)/\d+)/aws/secret-key$"),
        runner=Runner(_bitbucket_runs_on, r"^(.*/step)/", _after_script, "the step's `after-script`"),
    ),
    CiSystem(
        FileKind.DRONE, "Drone",
        "a secret referenced with `from_secret:`",
        # Steps and services as a list, or as a map by name (Woodpecker; Drone 0.8's `pipeline:`).
        # A step kept on its own at the top level (a library of steps, merged into pipelines).
        scripts=((_ANY + r"(steps|services|pipeline)/[^/]+/commands$", _fixed("sh")),
                 (r"^/[^/]+/commands$", _fixed("sh")),
                 (_ANY + r"(steps|services|pipeline)/[^/]+/command/0$", _shell_entry_script)),
        services=(_ANY + r"services/[^/]+/environment/" + _NAME + "$",),
        variables=(_ANY + r"environment/" + _NAME + "$",),
        inputs=(_ANY + r"(steps|pipeline)/[^/]+/settings/" + _NAME + "$",),
        argv=((_ANY + r"(steps|services|pipeline)/[^/]+/command$", "image", "entrypoint", "commands"),),
        secret_variables=(r"^(?P<scope>/(?:steps|services|pipeline)/[^/]+)/environment/" + _NAME + "/from_secret$",),
        runner=Runner(_drone_type, r"^()", _drone_always, "a step with `when: {status: [success, failure]}`"),
    ),
    CiSystem(
        FileKind.BUILDKITE, "Buildkite",
        "a Buildkite secret or the agent's environment hook, read as `$NAME`",
        scripts=((_ANY + r"steps/\d+/(command|commands)$", _fixed("sh")),),
        variables=(_ANY + r"env/" + _NAME + "$",),
        variable_lines=(_ANY + r"plugins/(\d+/)?[^/]+/(environment|env)/\d+$",),
        inputs=(_ANY + r"plugins/\d+/[^/]+/" + _NAME + "$", _ANY + r"plugins/(?!\d+/)[^/]+/" + _NAME + "$"),
        # A secret store's plugin (Secret Manager, AWS Secrets Manager or SSM, Vault, 1Password)
        # maps each variable to the entry it fetches: the value names the entry, the variable
        # gets the secret.
        secret_variables=(r"^(?P<scope>.*/steps/\d+)/plugins/(?:\d+/)?[^/]*" + _SECRET_STORE
                          + r"[^/]*/(?:env|parameters|secrets)/" + _NAME + "$",),
    ),
    CiSystem(
        FileKind.TRAVIS, "Travis CI",
        "an encrypted value (`travis encrypt`, `secure:`) or a repository setting",
        scripts=((_ANY + r"(before_install|install|before_script|script|after_success|after_failure"
                  r"|after_script|before_deploy|after_deploy|before_cache)$", _fixed("sh")),),
        variable_lines=(_ANY + r"env(/(global|jobs|matrix))?(/\d+)?$",),
        # (the same variable written as a mapping's entry, `env: {NAME: value}`, `- NAME: value`)
        variables=(_ANY + r"env(/(global|jobs|matrix))?(/\d+)?/(?!secure$)" + _NAME + "$",),
        inputs=(_ANY + r"deploy/(\d+/)?" + _NAME + "$",),
    ),
    CiSystem(
        FileKind.CODEBUILD, "AWS CodeBuild",
        "`env.secrets-manager` or `env.parameter-store`",
        scripts=((r"^/phases/[^/]+/(commands|finally)$", _by_shell_option("shell")),),
        variables=(r"^/env/variables/" + _NAME + "$",),
        secret_variables=(r"^(?P<scope>)/env/secrets-manager/" + _NAME + "$",),
    ),
    CiSystem(
        FileKind.CLOUD_BUILD, "Google Cloud Build",
        "Secret Manager (`availableSecrets`, read in the step through `secretEnv`)",
        scripts=((r"^/steps/\d+/script$", _fixed("sh")),
                 (r"^/steps/\d+/args/1$", _cloud_build_args),
                 (r"^/steps/\d+/args/2$", _cloud_build_shell_args)),
        variables=(r"^/substitutions/" + _NAME + "$",),
        variable_lines=(r"^/(steps/\d+|options)/env/\d+$",),
        argv=((r"^/steps/\d+/args$", "name", "entrypoint", "script"),),
        secret_variables=(r"^(?P<scope>/steps/\d+)/secretEnv/\d+$", r"^(?P<scope>)/options/secretEnv/\d+$"),
    ),
    CiSystem(
        FileKind.CONCOURSE, "Concourse",
        "a credential manager's variable (`((name))`: Vault, CredHub, AWS SSM or Secrets Manager)",
        # A task's `run`: a program and its argument list, a script where the program is a shell
        # given `-c` (in a pipeline's `config:`, or a task config file's own `run:`).
        scripts=tuple((_ANY + rf"run/args/{k}$", _task_run_args(k - 1)) for k in range(1, 5)),
        # A task's `params` are its environment (the task config's and the step's, which win).
        variables=(_ANY + r"params/" + _NAME + "$",),
        # A resource's `source` (of a pipeline's resources and resource types, a task's
        # `image_resource`) is the configuration its type's scripts log in with: a registry
        # image's `username`/`password`, a bucket's keys, a repository's `private_key`.
        inputs=(_ANY + r"source/" + _NAME + "$",),
        pasted=CREDENTIAL_VARIABLE,
    ),
    CiSystem(
        FileKind.TASKFILE, "Task",
        "the environment `task` runs in (a git-ignored file its `dotenv:` loads), read as `$NAME`",
        # Each command in a shell of its own (Task's POSIX interpreter): a task's `cmds` (a string,
        # or `cmd:`, a `defer:`), a task given as a command or a list of them, its `status` and
        # `preconditions` tests, and a dynamic variable's `sh:` (its output is the value).
        scripts=((r"^/tasks/[^/]+(/cmds)?/\d+(/cmd|/defer)?$", _fixed("sh")),
                 (r"^/tasks/[^/]+$", _fixed("sh")),
                 (r"^/tasks/[^/]+/(status|preconditions)/\d+(/sh)?$", _fixed("sh")),
                 (r"^(/tasks/[^/]+)?/vars/[^/]+/sh$", _fixed("sh"))),
        variables=(r"^(/tasks/[^/]+)?/(env|vars)/" + _NAME + "$",),
        templated=r"\{\{-?[ \t]*\.([A-Za-z_]\w*)[ \t]*-?\}\}",
    ),
)}


def _key(node: str | int) -> str:
    return str(node).replace("%", "%25").replace("/", "%2F")


def path_text(path: tuple[str | int, ...]) -> str:
    """A key path as the table's patterns read it."""
    return "".join("/" + _key(p) for p in path if p != "<<")


def walk_texts(doc: Node) -> Iterator[tuple[tuple[str | int, ...], Node, str]]:
    """`walk(doc)` with each path's `path_text`, made from its parent's (a walk goes down)."""
    texts: dict[tuple[str | int, ...], str] = {(): ""}
    for path, node in walk(doc):
        if path:
            last = path[-1]
            texts[path] = texts[path[:-1]] + ("" if last == "<<" else "/" + _key(last))
        yield path, node, texts[path]


def place_label(path: tuple[str | int, ...]) -> str:
    """A key path as messages show it: `jobs.build.steps[2].run`."""
    out = ""
    for p in path:
        if p == "<<":
            continue
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


@lazy_dataclass(frozen=True)
class Script:
    node: Node  # a scalar, or a list of scalars
    dialect: str
    place: tuple[str, ...]
    keeps_state: bool = False  # runs on a runner that keeps logins between jobs
    job: tuple[str, ...] = ()  # the place of its job
    always: bool = False  # runs whatever happened before it in the job
    argv: Argv | None = None  # a login tool's argument list (node: the list), no shell


@lazy_dataclass(frozen=True)
class CiFacts:
    system: CiSystem
    scripts: tuple[Script, ...]
    assignments: tuple[Assignment, ...]  # variables and registry passwords
    inputs: tuple[ActionInput, ...]  # options of plugins, pipes, orbs, tasks, deploy providers
    # Parameters declared only with the system's variable-name type (CircleCI `env_var_name`).
    name_parameters: frozenset[str] = frozenset()
    # Parameters declared only with types that hold no secret (CircleCI `boolean`, `enum`).
    plain_parameters: frozenset[str] = frozenset()
    # The variables declared to hold a secret (`CiSystem.secret_variables`), each with the place
    # whose scripts get it.
    secret_variables: tuple[tuple[tuple[str, ...], str], ...] = ()
    # The names the jobs reach their service containers by: a mapping's keys, a list's items'
    # `name` and `alias` (Drone's and Woodpecker's `services: [{name: db, ...}]`), lower-cased.
    service_hosts: frozenset[str] = frozenset()

    def secrets_for(self, place: tuple[str, ...]) -> frozenset[str]:
        """The variables declared to hold a secret for the script at `place`."""
        return frozenset(name for scope, name in self.secret_variables if place[: len(scope)] == scope)


@lazy_dataclass(frozen=True)
class _Compiled:
    scripts: tuple[tuple[re.Pattern[str], Dialect], ...]
    argv: tuple[tuple[re.Pattern[str], str, str, str], ...]
    roles: tuple[tuple[re.Pattern[str], str], ...]
    lines: tuple[re.Pattern[str], ...]
    stored: tuple[re.Pattern[str], ...]
    parameter_types: re.Pattern[str] | None
    secret_variables: tuple[re.Pattern[str], ...] = ()


_COMPILED: dict[FileKind, _Compiled] = {}


def _compiled(system: CiSystem) -> _Compiled:
    c = _COMPILED.get(system.kind)
    if c is None:
        roles = [(re.compile(p), "registry-password") for p in system.registry_passwords]
        roles += [(re.compile(p), "input") for p in system.inputs]
        roles += [(re.compile(p), "service-variable") for p in system.services]
        roles += [(re.compile(p), "variable") for p in system.variables]
        c = _COMPILED[system.kind] = _Compiled(
            tuple((re.compile(p), d) for p, d in system.scripts),
            tuple((re.compile(p), i, e, s) for p, i, e, s in system.argv), tuple(roles),
            tuple(re.compile(p) for p in system.variable_lines), tuple(re.compile(p) for p in system.stored),
            re.compile(system.parameter_types) if system.parameter_types else None,
            tuple(re.compile(p) for p in system.secret_variables))
    return c


_WORD_ASSIGNMENT = re.compile(r"""(?P<name>[A-Za-z_]\w*)=(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)'|(?P<bare>\S*))""")


def _line_assignments(node: ScalarNode) -> Iterator[tuple[str, tuple[int, int], tuple[int, int]]]:
    """(name, range of the name, range of the value) of each `NAME=value` word of a scalar."""
    for m in _WORD_ASSIGNMENT.finditer(node.value):
        if m.start() and not node.value[m.start() - 1].isspace():
            continue
        group = "dq" if m.group("dq") is not None else "sq" if m.group("sq") is not None else "bare"
        yield m.group("name"), m.span("name"), (m.start(group), m.end(group))


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


def _script(system: CiSystem, node: Node, dialect: str, place: tuple[str, ...], path: tuple[str | int, ...],
            text: str, above: tuple[Node, ...], by_path: dict[tuple[str | int, ...], Node],
            argv: Argv | None = None) -> Script:
    runner = system.runner
    if runner is None:
        return Script(node, dialect, place, argv=argv)
    keeps = False
    for k in range(len(path) - 1, -1, -1):  # the nearest mapping that says
        said = runner.keeps_state(by_path[path[:k]]) if path[:k] in by_path else None
        if said is not None:
            keeps = said
            break
    m = re.match(runner.job, text)
    job = (place[0], m.group(1) if m else "")
    return Script(node, dialect, place, keeps, job, runner.always(above[:2], str(path[-1])), argv)  # the step decides


def _key_span(mapping: Node | None, value: Node, source: SourceFile) -> Span | None:
    """Where the key under which a mapping holds `value` is written."""
    if isinstance(mapping, MappingNode):
        for k, v in mapping_items(mapping):
            if v is value:
                return node_span(k, source)
    return None


def _word_at(node: ScalarNode, source: SourceFile, start: int, end: int) -> MappedText:
    return scalar_text(node, source).slice(start, end)


def _span_at(node: ScalarNode, source: SourceFile, start: int, end: int) -> Span:
    return scalar_text(node, source).span(start, end)


def _login_argv(compiled: _Compiled, text: str, args: SequenceNode, step: Node | None) -> Argv | None:
    """The login tool a step runs with the list `args` (at `text`), if it runs one."""
    for pattern, image, entry, script in compiled.argv:
        if pattern.match(text) and get(step, script) is None:
            return login_argv(get(step, image), get(step, entry), args)
    return None


def _extract(file: ScannedFile, system: CiSystem) -> CiFacts:
    compiled = _compiled(system)
    advice = f"use {system.secret_store}"
    scripts: list[Script] = []
    assignments: list[Assignment] = []
    inputs: list[ActionInput] = []
    seen: set[tuple[int, str]] = set()  # an anchored value used at several places counts once
    typed: dict[str, set[str]] = {}  # each parameter's declared types
    secret_variables: list[tuple[tuple[str, ...], str]] = []
    service_hosts: set[str] = set()
    source = file.source
    for i, doc in enumerate(file.yaml_documents):
        by_path: dict[tuple[str | int, ...], Node] = {}
        for path, node, text in walk_texts(doc):
            by_path[path] = node
            if not path or not isinstance(node, (ScalarNode, SequenceNode)):
                continue
            doc_index = str(i)  # the place is made for the few nodes that are something
            for pattern, dialect in compiled.scripts:
                if pattern.match(text) and (id(node), "script") not in seen:
                    above = tuple(n for k in range(1, len(path) + 1) if (n := by_path.get(path[:-k])) is not None)
                    chosen = dialect(above, doc)
                    if not chosen:
                        break  # (not run as shell: another program's arguments)
                    seen.add((id(node), "script"))
                    scripts.append(_script(system, node, chosen, (doc_index, *map(str, path)), path, text,
                                           above, by_path))
                    break
            if isinstance(node, SequenceNode):
                if (argv := _login_argv(compiled, text, node, by_path.get(path[:-1]))) is not None:
                    above = tuple(n for k in range(1, len(path) + 1) if (n := by_path.get(path[:-k])) is not None)
                    scripts.append(_script(system, node, "sh", (doc_index, *map(str, path)), path, text,
                                           above, by_path, argv))
                continue
            declared = False
            for pattern in compiled.secret_variables:
                if isinstance(node, ScalarNode) and (sv := pattern.match(text)) is not None:
                    declared = True
                    name = (sv.groupdict().get("name") or str(node.value)).replace("%2F", "/").replace("%25", "%")
                    # (a store keeps user names too: `from_secret: registry_username`, CodeBuild's
                    # `prod/reg:username`, the JSON key after the last `:`)
                    stored = re.split(r"[:/]", str(node.value))[-1]
                    if not (names_a_user(name) or names_a_user(stored)):
                        scope = (doc_index, *(part for part in sv.group("scope").split("/") if part))
                        secret_variables.append((scope, name))
            if declared:
                continue  # (the entry of a store a variable is declared to get: a reference, no literal)
            if compiled.parameter_types is not None and (t := compiled.parameter_types.match(text)) is not None:
                typed.setdefault(t.group("name"), set()).add(str(node.value))
            for pattern, role in compiled.roles:
                m = pattern.match(text)
                if m is None:
                    continue
                name = m.groupdict().get("name")
                parent = by_path.get(path[:-1])
                name_node = get(parent, "name") if name is None and role == "variable" else None
                name_at: Callable[[], Span | None]
                if isinstance(name_node, ScalarNode):  # the sibling `name:` of a list item
                    name, name_at = name_node.value, partial(node_span, name_node, source)
                else:  # else the key itself
                    name = _key(path[-1]) if name is None else name
                    name_at = partial(_key_span, parent, node, source)
                if (id(node), role) in seen or _names_a_variable(parent):
                    break
                if role == "input" and _ENV_NAME.fullmatch(node.value):
                    break  # an orb's `env_var_name` parameter, a plugin's `*-env` option: where the secret is
                stored = any(p.match(text) for p in compiled.stored) if role == "input" else (
                    role == "variable" and name_node is not None and bool(system.stored_parameters)
                    and re.fullmatch(system.stored_parameters, name) is not None)
                if stored and all(written_name(n) for n in node.value.split(",")):
                    break  # a service connection's name (a list of them: `A, B`), as people write one
                seen.add((id(node), role))
                name = name.replace("%2F", "/").replace("%25", "%")
                label = place_label(path[:-1])
                kind = file.classifier.classify  # on first use of the value's kind
                value_at = partial(scalar_text, node, source)
                place = (doc_index, *map(str, path))
                if role == "input":
                    inputs.append(ActionInput("plugin", label, name, node.value, kind, is_text(node), place, False,
                                              advice, value_at, name_at))
                else:
                    if role == "service-variable":
                        service_hosts.update(_service_hosts(path, by_path))
                    shown = f"registry password `{name}` in `{label}`" if role == "registry-password" \
                        else f"`{name}` in `{label}`"
                    assignments.append(Assignment(name, node.value, kind, is_text(node), place, role, shown, advice,
                                                  value_at, name_at))
                break
            else:
                if any(p.match(text) for p in compiled.lines) and (id(node), "lines") not in seen:
                    seen.add((id(node), "lines"))
                    label = place_label(path)
                    place = (doc_index, *map(str, path))
                    for name, (ns, ne), (vs, ve) in _line_assignments(node):
                        value = node.value[vs:ve]
                        assignments.append(Assignment(
                            name, value, file.classifier.classify, True, (*place, name), "variable",
                            f"`{name}` in `{label}`", advice, partial(_word_at, node, source, vs, ve),
                            partial(_span_at, node, source, ns, ne)))
    names = frozenset(n for n, types in typed.items() if types == {system.variable_name_type})
    plain = frozenset(n for n, types in typed.items() if types <= system.plain_types)
    return CiFacts(system, tuple(scripts), tuple(assignments), tuple(inputs), names, plain, tuple(secret_variables),
                   frozenset(service_hosts))


# A name a service container is reached by on the job's network.
_HOST_NAME = re.compile(r"[A-Za-z0-9][\w.-]*")


def _service_hosts(path: tuple[str | int, ...], by_path: dict[tuple[str | int, ...], Node]) -> set[str]:
    """The names the service whose setting is at `path` (below `services`) is reached by: its key
    in a mapping of services, or, in a list of them, the item's `name` and `alias` (its index is
    no host)."""
    at = next((k for k in range(len(path) - 1, -1, -1) if path[k] == "services"), None)
    if at is None or at + 1 >= len(path):
        return set()
    key = path[at + 1]
    if not isinstance(key, int):
        return {str(key).lower()}
    item = by_path.get(path[: at + 2])
    return {n.value.lower() for n in (get(item, "name"), get(item, "alias"))
            if isinstance(n, ScalarNode) and _HOST_NAME.fullmatch(n.value)}
