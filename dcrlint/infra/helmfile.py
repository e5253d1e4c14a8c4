"""Helmfile state files (`helmfile.yaml`, `helmfile.d/*.yaml`, `*.yaml.gotmpl`): the chart
values and `set` entries they give releases (also through release `templates` and
`environments`), the chart repositories they log in to, and the commands of their hooks.

A value written inline is given to the chart from the repository, as a values file's is; a
value read from elsewhere (`{{ requiredEnv "X" }}`, `{{ .Values.x }}`, a vals `ref+...` URL, a
values or `secrets:` file named by its path) is not written here. Go template actions are
masked by `yamlsrc.compose`, so templated state files are read too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..containerargv import login_argv, program_name, words
from ..facts import RegistryCredential, Setting, ShellContext
from ..yamlsrc import get, lazy_scalar_text, mapping_items, scalar_text
from .literals import scalar_pairs

if TYPE_CHECKING:
    from ..scanned import ScannedFile

ADVICE = ("read it when Helmfile runs instead (`{{ requiredEnv \"NAME\" }}`, a vals `ref+` reference, "
          "or a helm-secrets `secrets:` file)")
_SHELLS = frozenset(("sh", "bash", "ash", "dash", "zsh", "ksh"))


def _items(node: Node | None) -> list[Node]:
    return node.value if isinstance(node, SequenceNode) else []


def _releases(doc: Node) -> Iterator[tuple[str, MappingNode, tuple[str, ...]]]:
    """(what messages call it, the mapping, its place) of every release, release template and
    environment: what gives a chart values."""
    for i, release in enumerate(_items(get(doc, "releases"))):
        if isinstance(release, MappingNode):
            name = get(release, "name")
            label = f"release {name.value}" if isinstance(name, ScalarNode) and name.value else "a release"
            yield label, release, ("releases", str(i))
    for group, word in (("templates", "release template"), ("environments", "environment")):
        node = get(doc, group)
        for key, value in mapping_items(node) if isinstance(node, MappingNode) else ():
            if isinstance(key, ScalarNode) and isinstance(value, MappingNode):
                yield f"{word} {key.value}", value, (group, str(key.value))


def settings(file: ScannedFile) -> list[Setting]:
    """Inline `values:` mappings and `set:` entries with a `value`."""
    out = []
    for d, doc in enumerate(file.yaml_documents):
        for label, release, at in _releases(doc):
            where = f"Helmfile {label}"
            for j, item in enumerate(_items(get(release, "values"))):
                if isinstance(item, MappingNode):  # (a string is a values file's path)
                    for pair in scalar_pairs(item):
                        out.append(Setting(pair.name, ".".join(pair.path), scalar_text(pair.value, file.source),
                                           (str(d), *at, "values", str(j), *pair.path), f"{where} values", ADVICE))
            for j, item in enumerate(_items(get(release, "set"))):
                name, value = get(item, "name"), get(item, "value")
                if isinstance(name, ScalarNode) and isinstance(value, ScalarNode) and name.value:
                    out.append(Setting(str(name.value), str(name.value), scalar_text(value, file.source),
                                       (str(d), *at, "set", str(j), "value"), f"{where} set", ADVICE))
    return out


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    """Chart repositories' passwords (`repositories: [{name, url, username, password}]`; an OCI
    registry when `oci: true`)."""
    out = []
    for d, doc in enumerate(file.yaml_documents):
        for i, repo in enumerate(_items(get(doc, "repositories"))):
            pw = get(repo, "password")
            if not isinstance(pw, ScalarNode) or not pw.value:
                continue
            name, url, user = get(repo, "name"), get(repo, "url"), get(repo, "username")
            label = f"Helmfile repository {name.value}" if isinstance(name, ScalarNode) else "Helmfile repository"
            out.append(RegistryCredential(url.value if isinstance(url, ScalarNode) else None,
                                          user.value if isinstance(user, ScalarNode) else None,
                                          scalar_text(pw, file.source), (str(d), "repositories", str(i), "password"),
                                          label, "login"))
    return out


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    """Hooks' commands (`command:` with `args:`, run without a shell): a shell's `-c` script, or
    a registry login tool's command line."""
    out: list[ShellContext] = []
    for d, doc in enumerate(file.yaml_documents):
        hooks: list[tuple[Node, tuple[str, ...]]] = [(h, ("hooks", str(i)))
                                                      for i, h in enumerate(_items(get(doc, "hooks")))]
        for _label, release, at in _releases(doc):
            hooks += [(h, (*at, "hooks", str(i))) for i, h in enumerate(_items(get(release, "hooks")))]
        for hook, at in hooks:
            command, args = get(hook, "command"), get(hook, "args")
            argv = words(command) + words(args)
            if not argv:
                continue
            if program_name(argv[0].value) in _SHELLS:
                for i in range(1, len(argv) - 1):
                    flag = argv[i].value
                    if not flag.startswith("-"):
                        break  # a script file, not -c
                    if not flag.startswith("--") and "c" in flag[1:]:
                        out.append(ShellContext(lazy_scalar_text(argv[i + 1], file.source), "sh",
                                                (str(d), *at, "script")))
                        break
            elif (login := login_argv(None, command, args)) is not None:
                out.append(ShellContext(login.text(file.source), "sh", (str(d), *at, "command")))
    return out
