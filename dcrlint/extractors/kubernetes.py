"""Shell in Kubernetes manifests: the script of a container's `sh -c` / `bash -c` command,
a registry login tool run directly as the container's command line (no shell; also `args`
alone given to an image named for the tool, see containerargv.py), a Tekton step's `script:`
(run by its shebang, else `sh`) and an Argo script template's `source:` (run by its `command:`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from yaml.nodes import Node, ScalarNode, SequenceNode

from ..containerargv import login_argv, program_name
from ..facts import (
    IMAGE_REFS,
    K8S_FOLDER_NAMESPACE,
    K8S_POD_SPECS,
    K8S_RESOURCES,
    REGISTRY_CREDENTIALS,
    SETTINGS,
    SHELL_CONTEXTS,
    VALUES,
    Fact,
    ImageReference,
    RegistryCredential,
    Setting,
    ShellContext,
)
from ..filevalues import yaml_values
from ..k8s.model import Container, Resource, build_pod_specs, build_resources, folder_namespace, pod_specs
from ..shell import POSIX_SHELLS
from ..source import MappedText
from ..yamlsrc import get, lazy_scalar_text, lazy_text, scalar_text
from . import inert, yaml

if TYPE_CHECKING:
    from ..filevalues import FileValue
    from ..scanned import ScannedFile
    from ..source import SourceFile

_SHELLS = POSIX_SHELLS


def _argv(node: Node | None) -> list[ScalarNode]:
    if not isinstance(node, SequenceNode):
        return []
    return [n for n in node.value if isinstance(n, ScalarNode)]


_SHEBANG = re.compile(r"#!\s*(\S+)(?:[ \t]+(\S+))?")


def _interpreter_dialect(program: str) -> str | None:
    """Dialect of a script run by `program` (a path or a name); None: not a shell."""
    name = program.rsplit("/", 1)[-1]
    if name in _SHELLS:
        return "sh"
    if name in ("pwsh", "powershell"):
        return "pwsh"
    return None


def _script_dialect(c: Container) -> tuple[ScalarNode | None, str | None]:
    """The script a container runs from its text (Tekton `script`, Argo `source`) and its shell."""
    script = get(c.node, "script") if c.group != "script" else get(c.node, "source")
    if not isinstance(script, ScalarNode):
        return None, None
    if c.group == "script":  # Argo: `command: [bash]` runs the source file
        command = _argv(get(c.node, "command"))
        return script, _interpreter_dialect(command[0].value) if command else None
    m = _SHEBANG.match(script.value)
    if m is None:
        return script, "sh"  # Tekton runs a script without a shebang with sh
    program = m.group(2) if m.group(1).endswith("/env") and m.group(2) else m.group(1)
    return script, _interpreter_dialect(program)


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    """Each script's map to the file is built when a check first reads it: most are only
    tested as text (no check's command filter holds on them) and never parsed."""
    return [ctx for spec in pod_specs(file) for c in spec.containers for ctx in container_contexts(c, file.source)]


def container_contexts(c: Container, source: SourceFile) -> list[ShellContext]:
    """The shell a container runs (its script, its `sh -c` command line, a login tool run as its
    command), mapped to `source` (the manifest's file, or a manifest's text written in another)."""
    out: list[ShellContext] = []
    script, dialect = _script_dialect(c)
    if script is not None and dialect is not None:
        key = "source" if c.group == "script" else "script"
        out.append(ShellContext(lazy_scalar_text(script, source), dialect, (*c.place, key)))
    command, args = _argv(get(c.node, "command")), _argv(get(c.node, "args"))
    argv = command + args
    if not argv:
        return out
    if program_name(argv[0].value) in _SHELLS:  # (also `args: [sh, -c, ...]` alone: run as the command)
        for i in range(1, len(argv) - 1):
            flag = argv[i].value
            if flag.startswith("-") and not flag.startswith("--") and "c" in flag[1:]:
                script = argv[i + 1]
                group = "command" if i + 1 < len(command) else "args"
                index = i + 1 if group == "command" else i + 1 - len(command)
                out.append(ShellContext(_expanded_by_kubernetes(script, source, c), "sh",
                                        (*c.place, group, str(index))))
                break
            if not flag.startswith("-"):
                break  # a script file, not -c
    elif (login := login_argv(get(c.node, "image"), get(c.node, "command"), get(c.node, "args"))) is not None:
        out.append(ShellContext(login.text(source), "sh", (*c.place, "command")))
    return out


def embedded_contexts(text: MappedText, place: tuple[str, ...]) -> list[ShellContext]:
    """The shell of a manifest written in another file's string (Terraform's `yamldecode(<<EOF)`),
    mapped through `text` to that file: each document a Kubernetes object (its pod spec's
    containers, as a manifest file's) or a bare pod spec (`containers:` at its top, as a
    `kubernetes_pod`'s spec is written). Text that is no YAML holds none."""
    import yaml as pyyaml
    from yaml.nodes import MappingNode

    from ..k8s.model import CONTAINER_GROUPS, collect_resources, pod_spec
    from ..source import SourceFile
    from ..yamlsrc import YamlError, compose_text

    try:
        docs = compose_text(text.text)
    except (pyyaml.YAMLError, YamlError, RecursionError):
        return []
    source = SourceFile("manifest", text.text)
    containers: list[Container] = []
    for i, doc in enumerate(docs):
        found: list[Resource] = []
        collect_resources(doc, (str(i),), found)
        for res in found:
            if (spec := pod_spec(res)) is not None:
                containers += spec.containers
        if not found and isinstance(doc, MappingNode):  # a pod spec itself
            for group in CONTAINER_GROUPS:
                seq = get(doc, group)
                if isinstance(seq, SequenceNode):
                    containers += [Container(group, j, c, (str(i), group, str(j)))
                                   for j, c in enumerate(seq.value) if isinstance(c, MappingNode)]
    return [ShellContext(_through(ctx.text, text), ctx.dialect, (*place, *ctx.place))
            for c in containers for ctx in container_contexts(c, source)]


def _through(inner: MappedText, outer: MappedText) -> MappedText:
    """`mapped_through`, built when first used (as the scripts' own maps are)."""
    from ..source import mapped_through

    return lazy_text(inner.text, lambda: mapped_through(inner, outer))


# Kubernetes expands `$(NAME)` in a container's command and args with the container's variables
# before the program runs (a name it does not define stays as written; `$$` is a `$`).
_K8S_REFERENCE = re.compile(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)")


def _expanded_by_kubernetes(script: ScalarNode, source: SourceFile, c: Container) -> MappedText:
    """A `sh -c` script of a container's command line as its shell gets it: each `$(NAME)` of
    a variable the container defines (any name when it takes an `envFrom`) written `${NAME}`,
    the value the shell is given (`echo $(REG_PASSWORD)` prints it), character for character."""
    text = script.value
    if "$(" not in text:
        return lazy_scalar_text(script, source)
    env = get(c.node, "env")
    names: set[str] = set()
    for entry in env.value if isinstance(env, SequenceNode) else ():
        name = get(entry, "name")
        if isinstance(name, ScalarNode):
            names.add(name.value)
    any_name = get(c.node, "envFrom") is not None

    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        return "${" + name + "}" if name is not None and (any_name or name in names) else m.group()

    given = _K8S_REFERENCE.sub(value, text)
    if given == text:
        return lazy_scalar_text(script, source)
    return lazy_text(given, lambda: _same_map(scalar_text(script, source), given))


def _same_map(mapped: MappedText, text: str) -> MappedText:
    """`text` (as long as the mapped text) at the mapped text's places."""
    return MappedText(text, mapped.starts, mapped.origins, mapped.end, mapped.stops)


def image_refs(file: ScannedFile) -> list[ImageReference]:
    """The `image:` of every container of every pod spec (also Tekton steps, Argo templates)."""
    return [ref for spec in pod_specs(file) for c in spec.containers
            if (ref := yaml.image_ref(file, get(c.node, "image"), (*c.place, "image"), c.name)) is not None]


def registry_credentials(file: ScannedFile) -> list[RegistryCredential]:
    """A kind cluster config's containerd patches (`infra.containerdconfig`)."""
    from ..infra.containerdconfig import kind_patches

    return kind_patches(file)


def values(file: ScannedFile) -> list[FileValue]:
    """Every scalar (`filevalues.yaml_values`), and a chart helper's body that is one JSON object
    whole (`infra.helmhelpers`)."""
    from ..infra.helmhelpers import values as helper_values

    return [*yaml_values(file), *helper_values(file)]


def settings(file: ScannedFile) -> list[Setting]:
    """A chart helper's one-word bodies, named by their templates (`infra.helmhelpers`)."""
    from ..infra.helmhelpers import settings as helper_settings

    return helper_settings(file)


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, VALUES: values, SETTINGS: settings, SHELL_CONTEXTS: shell_contexts,
                               K8S_RESOURCES: build_resources, REGISTRY_CREDENTIALS: registry_credentials,
                               K8S_POD_SPECS: build_pod_specs, K8S_FOLDER_NAMESPACE: folder_namespace,
                               IMAGE_REFS: image_refs}

# Their model is the YAML nodes, walked: the file's notes are its YAML's (inert.py).
NOTES = inert.yaml_notes
