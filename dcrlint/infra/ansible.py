"""Ansible playbooks, roles' tasks and handlers, and variable files (`vars/`, `defaults/`,
`group_vars/`, `host_vars/`).

Tasks are found by their module key wherever they sit (`tasks`, `handlers`, `block`,
`rescue`, `always`): `docker_login` / `podman_login` (short or collection names) give a
registry login whose `password` is a literal or not (a `{{ }}` expression, a `lookup()` or a
`!vault` value is not); `shell` / `command` / `raw` / `script` run shell (free form or `cmd:`;
`command`'s `argv:` list as the command line it stands for), read by the shell rules;
`kubernetes.core.k8s` `definition:` is an inline manifest, read by the Kubernetes rules;
`debug` prints its `msg` (templated) or its `var` to the play's output (`debug_prints`).
Every secret-named key with a literal value is a setting (vault-encrypted values are not literals)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..facts import RegistryCredential, Setting, ShellContext
from ..source import MappedText, MappedTextBuilder
from ..yamlsrc import get, iter_nodes, scalar_text
from .literals import scalar_pairs

if TYPE_CHECKING:
    from ..k8s.model import Resource
    from ..scanned import ScannedFile

_COLLECTIONS = ("ansible.builtin.", "ansible.legacy.", "community.docker.", "community.general.",
                "containers.podman.", "kubernetes.core.", "community.kubernetes.")
LOGIN_MODULES = frozenset({"docker_login", "podman_login"})
SHELL_MODULES = frozenset({"shell", "command", "raw", "script"})
K8S_MODULES = frozenset({"k8s"})
# a file written from `content:` to `dest:`: a unit or a script, read as it (`writtenfiles`)
COPY_MODULES = frozenset({"copy"})
DEBUG_MODULES = frozenset({"debug"})
_REGISTRY_ARGS = ("registry_url", "registry")
_ADVICE = "encrypt it with ansible-vault or read it with a lookup"


def module(key: str) -> str:
    """`community.docker.docker_login` -> `docker_login`."""
    for prefix in _COLLECTIONS:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def _tasks(file: ScannedFile) -> list[tuple[str, str, Node, MappingNode]]:
    """(module, key as written, arguments, task) for every task with a module we read."""
    out = []
    seen: set[int] = set()
    for doc in file.yaml_documents:
        for node in iter_nodes(doc, seen=seen):
            if not isinstance(node, MappingNode):
                continue
            for k, v in node.value:
                if isinstance(k, ScalarNode):
                    name = module(str(k.value))
                    if name in LOGIN_MODULES or name in SHELL_MODULES or name in K8S_MODULES \
                            or name in COPY_MODULES or name in DEBUG_MODULES:
                        out.append((name, str(k.value), v, node))
    return out


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    out = []
    for name, key, args, task in _tasks(file):
        if name not in LOGIN_MODULES or not isinstance(args, MappingNode):
            continue
        pw = get(args, "password")
        if not isinstance(pw, ScalarNode) or pw.tag == "!vault" or not pw.value:
            continue
        registry = next((r.value for a in _REGISTRY_ARGS if isinstance(r := get(args, a), ScalarNode)), None)
        user = get(args, "username")
        label = get(task, "name")
        where = f"Ansible task `{label.value}` ({key})" if isinstance(label, ScalarNode) else f"Ansible {key}"
        out.append(RegistryCredential(registry, user.value if isinstance(user, ScalarNode) else None,
                                      scalar_text(pw, file.source), ("task", key, "password"), where, "login"))
    return out


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    out = []
    for name, key, args, _task in _tasks(file):
        if name in COPY_MODULES and isinstance(args, MappingNode):
            out += _written(args, key, file)
        if name not in SHELL_MODULES:
            continue
        script = args if isinstance(args, ScalarNode) else get(args, "cmd")
        if isinstance(script, ScalarNode) and script.value:
            line = script.start_mark.line + 1
            out.append(ShellContext(scalar_text(script, file.source), "sh", ("task", key, str(line))))
        argv = get(args, "argv") if isinstance(args, MappingNode) else None
        if isinstance(argv, SequenceNode) and argv.value:
            line = argv.start_mark.line + 1
            out.append(ShellContext(_argv_line(argv, file), "sh", ("task", key, "argv", str(line))))
    return out


def _written(args: MappingNode, key: str, file: ScannedFile) -> list[ShellContext]:
    """The commands of the unit or script a `copy:` task writes from its `content:`."""
    from .writtenfiles import shell_contexts

    content, dest = get(args, "content"), get(args, "dest")
    if not (isinstance(content, ScalarNode) and content.tag.endswith(":str") and isinstance(dest, ScalarNode)):
        return []
    return shell_contexts(str(dest.value), scalar_text(content, file.source),
                          ("task", key, "content", str(content.start_mark.line + 1)))


# `no_log` given a value Ansible reads as false (anything else, a template too, may hide the output).
_LOGS = frozenset({"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "0", "n", "N"})


def debug_prints(file: ScannedFile) -> list[tuple[str, str, MappedText]]:
    """(module key, `msg` or `var`, its text) of each `debug` task whose output the play shows:
    not where the task, or a block or play around it, says `no_log` (anything but false), nor
    where its `verbosity` asks for `-v` (shown only to a verbose run). A free-form task's line
    (`debug: msg="..."`, `var=x`) is given whole as a `msg`."""
    tasks = [t for t in _tasks(file) if t[0] in DEBUG_MODULES]
    if not tasks:
        return []
    quiet: list[tuple[int, int]] = []  # the spans of mappings saying `no_log`
    seen: set[int] = set()
    for doc in file.yaml_documents:
        for node in iter_nodes(doc, seen=seen):
            if isinstance(node, MappingNode) and isinstance(v := get(node, "no_log"), ScalarNode) \
                    and str(v.value) not in _LOGS:
                quiet.append((node.start_mark.index, node.end_mark.index))
    out = []
    for _name, key, args, task in tasks:
        at = task.start_mark.index
        if any(start <= at < end for start, end in quiet):
            continue
        if isinstance(args, ScalarNode):
            if args.value:
                out.append((key, "msg", scalar_text(args, file.source)))
            continue
        if not isinstance(args, MappingNode):
            continue
        level = get(args, "verbosity")
        if isinstance(level, ScalarNode) and str(level.value) not in ("", "0"):
            continue
        msg, var = get(args, "msg"), get(args, "var")
        items = msg.value if isinstance(msg, SequenceNode) else [msg]
        out.extend((key, "msg", scalar_text(item, file.source)) for item in items
                   if isinstance(item, ScalarNode) and item.value)
        if isinstance(var, ScalarNode) and var.value:
            out.append((key, "var", scalar_text(var, file.source)))
    return out


_PLAIN_WORD = re.compile(r"[-\w./:=@%+,{}$]+")


def _argv_line(argv: SequenceNode, file: ScannedFile) -> MappedText:
    """The command line an `argv:` list stands for, each word mapped to its list item (a word
    with spaces or shell characters single-quoted, as one argument)."""
    b = MappedTextBuilder()
    end, first = 0, True
    for item in argv.value:
        if not isinstance(item, ScalarNode):
            continue
        mt = scalar_text(item, file.source)
        span = mt.span(0, len(mt.text))
        if not first:
            b.add_decoded(" ", end)
        first = False
        quote = not _PLAIN_WORD.fullmatch(mt.text) and "'" not in mt.text
        if quote:
            b.add_decoded("'", span.start)
        b.copy(mt, 0, len(mt.text))
        if quote:
            b.add_decoded("'", span.end)
        end = span.end
    return b.build(end)


def resources(file: ScannedFile) -> list[Resource]:
    """The inline manifests of `k8s` tasks (`definition:`, one mapping or a list of them)."""
    from ..k8s.model import collect_resources

    out: list[Resource] = []
    for name, key, args, _task in _tasks(file):
        if name not in K8S_MODULES:
            continue
        definition = get(args, "definition")
        items = definition.value if isinstance(definition, SequenceNode) else [definition]
        for i, item in enumerate(items):
            if isinstance(item, MappingNode):
                collect_resources(item, ("task", key, "definition", str(i)), out)
    return out


def settings(file: ScannedFile) -> list[Setting]:
    out = []
    for i, doc in enumerate(file.yaml_documents):
        for pair in scalar_pairs(doc, stop=frozenset({"definition"})):  # k8s manifests: the Kubernetes rules
            # (a `!vault` value is kept: ciphertext is no literal secret, but it says which keys
            # the mapping has, as an access key's secret key beside it does)
            out.append(Setting(pair.name, ".".join(pair.path), scalar_text(pair.value, file.source),
                               (str(i), *pair.path), "Ansible", _ADVICE))
    for name, key, args, _task in _tasks(file):
        content, dest = (get(args, "content"), get(args, "dest")) if isinstance(args, MappingNode) else (None, None)
        if name in COPY_MODULES and isinstance(content, ScalarNode) and content.tag.endswith(":str") \
                and isinstance(dest, ScalarNode):
            from .writtenfiles import settings as written

            out += written(str(dest.value), scalar_text(content, file.source),
                           ("task", key, "content", str(content.start_mark.line + 1)), f"Ansible {key}")
    return out
