"""cloud-init user data kept as a file of its own (`user-data`, `cloud-init.yaml`, a Terraform
`templatefile` such as `cloud-init.tftpl`): a YAML document whose first line is `#cloud-config`.
Its `bootcmd`/`runcmd` commands are shell (read as in a Terraform `user_data` heredoc), and its
passwords settings: the default user's `password`, a user's `plain_text_passwd`, `chpasswd`'s
`users` entries and its `list` of `name:password` lines (a crypt hash or `R`/`RANDOM` is none)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..facts import Setting, ShellContext
from ..lazyre import lazy_compile
from ..source import MappedText, SourceFile
from ..yamlsrc import get, scalar_text
from .literals import scalar_pairs

if TYPE_CHECKING:
    from ..scanned import ScannedFile

ADVICE = ("keep passwords out of user data (a hash in `passwd`, an SSH key, or the password set at boot from a "
          "secret store)")
WHERE = "cloud-init user data"


# A template's directives (Terraform's and Packer's `%{ for k in keys ~}`, Jinja's `{% if %}`,
# `{# #}`): what renders the template reads, no YAML (user data is often a template, whatever
# its name; cloud-init itself reads neither form).
_DIRECTIVE = lazy_compile(r"%\{[^}\n]*\}|\{%.*?%\}|\{#.*?#\}")


def text(file: ScannedFile) -> str:
    """The user data as YAML: a template's directives blanked, offsets kept."""
    source = file.source.text
    if "%{" not in source and "{%" not in source and "{#" not in source:
        return source
    return _DIRECTIVE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)


def yaml_documents(file: ScannedFile) -> list[Any]:
    """The documents of `text`, notified when broken as any YAML file's are."""
    from .. import yamlsrc
    from ..extractors.yaml import yaml_documents
    from ..yamlsrc import TEMPLATE_UNREADABLE, YamlError

    masked = text(file)
    if masked == file.source.text:
        return yaml_documents(file)
    problems: list[YamlError] = []
    try:
        docs = yamlsrc.compose(SourceFile(file.source.path, masked), problems)
    except YamlError as error:
        problems.append(error)
        docs = []
    for e in problems:
        file.notify(e.message, e.line, "note" if e.message.startswith(TEMPLATE_UNREADABLE) else "warning")
    return docs


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    from .terraform import _cloud_config

    return _cloud_config(MappedText.verbatim(text(file), 0), ())


def settings(file: ScannedFile) -> list[Setting]:
    out = []
    for i, doc in enumerate(file.yaml_documents):
        if not isinstance(doc, MappingNode):
            continue
        for pair in scalar_pairs(doc):
            out.append(Setting(pair.name, ".".join(pair.path), scalar_text(pair.value, file.source),
                               (str(i), *pair.path), WHERE, ADVICE))
        out.extend(_chpasswd_list(file, get(doc, "chpasswd"), str(i)))
    return out


def _chpasswd_list(file: ScannedFile, chpasswd: Node | None, doc: str) -> list[Setting]:
    """`chpasswd: {list: ...}`: `name:password` lines of a block string, or items of a list."""
    entries = get(chpasswd, "list") if isinstance(chpasswd, MappingNode) else None
    if isinstance(entries, ScalarNode):
        items = [(scalar_text(entries, file.source), "list")]
    elif isinstance(entries, SequenceNode):
        items = [(scalar_text(e, file.source), f"list.{k}") for k, e in enumerate(entries.value)
                 if isinstance(e, ScalarNode)]
    else:
        return []
    out = []
    for text, key in items:
        at = 0
        for line in text.text.split("\n"):
            colon = line.find(":")
            user = line[:colon].strip()
            if colon > 0 and user and " " not in user:
                start = at + colon + 1
                end = at + len(line.rstrip())
                shown = f"chpasswd password of {user}"
                out.append(Setting("password", shown, text.slice(start, end), (doc, "chpasswd", key, user), WHERE,
                                   ADVICE))
            at += len(line) + 1
    return out
