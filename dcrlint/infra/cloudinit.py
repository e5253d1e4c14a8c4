"""cloud-init user data kept as a file of its own (`user-data`, `cloud-init.yaml`, a Terraform
`templatefile` such as `cloud-init.tftpl`): a YAML document whose first line is `#cloud-config`.
Its `bootcmd`/`runcmd` commands are shell (read as in a Terraform `user_data` heredoc), and its
passwords settings: the default user's `password`, a user's `plain_text_passwd`, `chpasswd`'s
`users` entries and its `list` of `name:password` lines (a crypt hash or `R`/`RANDOM` is none);
the registry logins of a k3s/RKE2 `registries.yaml` or containerd `config.toml` it writes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..facts import RegistryCredential, Setting, ShellContext
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
    from ..extractors.yaml import yaml_documents

    masked = text(file)
    return yaml_documents(file, None if masked == file.source.text else SourceFile(file.source.path, masked))


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
        out.extend(_written_env_files(file, get(doc, "write_files"), str(i)))
    return out


def _written_env_files(file: ScannedFile, entries: Node | None, doc: str) -> list[Setting]:
    """The settings of the env files `write_files` writes as text (`writtenfiles.settings`)."""
    from .writtenfiles import settings as written

    out = []
    for i, entry in enumerate(entries.value if isinstance(entries, SequenceNode) else ()):
        path, content, encoding = get(entry, "path"), get(entry, "content"), get(entry, "encoding")
        if isinstance(path, ScalarNode) and isinstance(content, ScalarNode) and content.tag.endswith(":str") \
                and not (isinstance(encoding, ScalarNode) and encoding.value.lower() not in ("", "text/plain")):
            out += written(str(path.value), scalar_text(content, file.source), (doc, "write_files", str(i)),
                           "cloud-init")
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


# Files cloud-init writes that give the node's container runtime its registry logins: k3s's and
# RKE2's `registries.yaml`, containerd's `config.toml` (`/etc/containerd/`, k3s's template of it).
_K3S_REGISTRIES = lazy_compile(r"/rancher/(?:k3s|rke2)/registries\.ya?ml$")
_CONTAINERD_CONFIG = lazy_compile(r"/containerd/config\.toml(?:\.tmpl)?$")


def registry_credentials(file: ScannedFile) -> list[RegistryCredential]:
    """The registry logins of the files `write_files` writes (plain `content`: not base64 or
    gzip `encoding`), read as those files are, at their places in the user data."""
    from . import containerdconfig, k3sregistries
    from .tomltext import TomlError, toml_strings

    out = []
    for d, doc in enumerate(file.yaml_documents):
        entries = get(doc, "write_files") if isinstance(doc, MappingNode) else None
        for i, entry in enumerate(entries.value if isinstance(entries, SequenceNode) else ()):
            path, content, encoding = get(entry, "path"), get(entry, "content"), get(entry, "encoding")
            if not isinstance(path, ScalarNode) or not isinstance(content, ScalarNode) \
                    or (isinstance(encoding, ScalarNode) and encoding.value not in ("", "text/plain")):
                continue
            place = (str(d), "write_files", str(i), "content")
            if _K3S_REGISTRIES.search(path.value):
                out += k3sregistries.written(scalar_text(content, file.source), place, WHERE)
            elif _CONTAINERD_CONFIG.search(path.value) and containerdconfig.may_hold(content.value):
                try:
                    strings = toml_strings(scalar_text(content, file.source))
                except TomlError:
                    continue  # (a template of it, or no TOML: containerd refuses it)
                out += containerdconfig.credentials(strings, f"{WHERE} {path.value}")
    return out
