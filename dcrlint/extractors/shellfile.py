"""Shell scripts: the whole file is one shell context."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..classify import script_dialect
from ..facts import (
    IMAGE_REFS,
    K8S_FOLDER_NAMESPACE,
    K8S_POD_SPECS,
    K8S_RESOURCES,
    SHELL_CONTEXTS,
    VALUES,
    Fact,
    ImageReference,
    ShellContext,
)
from ..filevalues import line_values
from ..lazyre import lazy_compile
from ..scanned import ScannedFile
from ..source import MappedText, MappedTextBuilder

if TYPE_CHECKING:
    from ..k8s.model import PodSpec, Resource


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    text = file.source.text
    if file.path.lower().endswith(_HCL_TEMPLATES) and ("$$" in text or "%%" in text):
        script = _hcl_unescaped(text)
    else:
        script = MappedText.verbatim(text, 0)
    return [ShellContext(script, script_dialect(file.path), ("script",))]


# A script Terraform or Packer renders (`templatefile`): `$${` and `%%{` are its escapes for the
# shell's own `${` and `%{`, and `$$(` is written, as other template engines take it, for `$(`.
# The script is read as rendered (each character mapped to the file): `PW=$$(cmd)` read as it is
# is no shell, and its parse error took the next line's command with it.
_HCL_TEMPLATES = (".tftpl", ".pkrtpl", ".tpl")
_HCL_ESCAPE = lazy_compile(r"\$\$(?=[{(])|%%(?=\{)")


def _hcl_unescaped(text: str) -> MappedText:
    out = MappedTextBuilder()
    at = 0
    for m in _HCL_ESCAPE.finditer(text):
        out.add(text[at : m.start()], at)
        out.add_decoded(text[m.start()], m.start(), m.end())  # (the escape, both characters)
        at = m.end()
    out.add(text[at:], at)
    return out.build(len(text))


def manifest_resources(file: ScannedFile) -> list[Resource]:
    """The resources of the manifests the script applies from here-documents (held-out 18a D6:
    read as a manifest file's are: pull secrets, committed Secrets, literal env secrets, at
    their places in the script; `k8s.clients.applied_manifests`): each body composed
    alone from the script's text with everything else blanked (line breaks kept), so that every
    node's line and column are its place in the script. A body that is no YAML holds none."""
    from ..k8s.clients import applied_manifests

    text = file.source.text
    found: list[Resource] = []
    for k, (start, end, operator) in enumerate(applied_manifests(text)):
        import yaml as pyyaml

        from ..k8s.model import collect_resources
        from ..yamlsrc import YamlError, compose_text

        body = text[start:end]
        if operator.startswith("<<-"):  # the shell strips each line's leading tabs (spaces: same columns)
            body = _LEADING_TABS.sub(lambda m: " " * len(m.group()), body)
        if "'" not in operator and '"' not in operator:
            body = _SUBSTITUTION.sub(_as_reference, body)  # (the shell runs them: no literal written here)
            body = _PARAMETER.sub(_as_named, body)  # (`"$2"`, `$@`: the script's arguments, as `$NAME` is)
        blanked = _BLANK.sub(" ", text[:start]) + body + _BLANK.sub(" ", text[end:])
        try:
            docs = compose_text(blanked)
        except (pyyaml.YAMLError, YamlError, RecursionError):
            continue
        for i, doc in enumerate(docs):
            collect_resources(doc, ("heredoc", str(k), str(i)), found)
    return found


_BLANK = lazy_compile(r"[^\n]")
_LEADING_TABS = lazy_compile(r"^\t+", re.M)
# What the shell replaces in a here-document it expands (an unquoted delimiter): a command
# substitution (one level of parentheses inside) or backquotes, a value made when the script runs
# (`token: $(openssl rand -hex 16)`: reviewer R104); written as a reference of the same length.
_SUBSTITUTION = lazy_compile(r"\$\((?:[^()\n]|\([^()\n]*\))*\)|`[^`\n]+`")


def _as_reference(m: re.Match[str]) -> str:
    return "${" + "_" * (len(m.group()) - 3) + "}"


# A positional or special parameter the shell expands there (`$2`, `"$@"`, `${1}`): what the
# script is given, a reference as `$NAME` is; written as one of the same length (`$_`, `${_}`).
_PARAMETER = lazy_compile(r"\$(?:[0-9@*#?$!-]|\{[0-9@*#?$!-]\})")


def _as_named(m: re.Match[str]) -> str:
    return "${_}" if m.group().startswith("${") else "$_"


# The manifest model of the applied manifests, imported only for a script that applies one (a
# script's scan loads no YAML otherwise).
def _pod_specs(file: ScannedFile) -> list[PodSpec]:
    if not file.get(K8S_RESOURCES):
        return []
    from ..k8s.model import build_pod_specs

    return build_pod_specs(file)


def _folder_namespace(file: ScannedFile) -> str | None:
    if not file.get(K8S_RESOURCES):
        return None
    from ..k8s.model import folder_namespace

    return folder_namespace(file)


def _image_refs(file: ScannedFile) -> list[ImageReference]:
    if not file.get(K8S_RESOURCES):
        return []
    from .kubernetes import image_refs

    return image_refs(file)


FACTS: dict[Fact[Any], Any] = {SHELL_CONTEXTS: shell_contexts, VALUES: line_values,
                               K8S_RESOURCES: manifest_resources, K8S_POD_SPECS: _pod_specs,
                               K8S_FOLDER_NAMESPACE: _folder_namespace, IMAGE_REFS: _image_refs}
# A shell parse keeps its problems in the script (Script.errors): nothing to notify
# (`inert.no_notes`). Not exported as NOTES yet (a kind needs NOTES to have its gates asked): DCR003's
# gate misses `con"fig".json` (tests/test_spellings.py).
